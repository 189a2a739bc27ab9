import Testing

@testable import Annals

@Suite struct JSONReaderTests {
    func parse(_ text: String, maxDepth: Int = 64) throws(JSONSyntaxError) -> JSONDocument {
        try JSONDocument(parsing: Array(text.utf8), reader: JSONReader(maxDepth: maxDepth))
    }

    func failure(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONDocument(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    func failure(_ text: String) -> JSONSyntaxError? { failure(Array(text.utf8)) }

    @Test func readsNestedValuesWithChineseAndEscapes() throws {
        let doc = try parse(#" {"会议":"主任办公会","n":-42,"x":1.5e2,"ok":true,"none":null,"a":[1,{"b":"\u4e2d\n\ud83d\ude00"}]} "#)
        #expect(doc.root["会议"]?.string == "主任办公会")
        #expect(doc.root["n"]?.integer == -42)
        #expect(doc.root["x"]?.double == 150)
        #expect(doc.root["ok"]?.bool == true)
        #expect(doc.root["none"]?.kind == .null)
        #expect(doc.root["a"]?.elements[1]["b"]?.string == "中\n😀")
    }

    @Test func trailingGarbageIsRejectedWithItsColumn() {
        let error = failure(#"{"a":1} x"#)
        #expect(error?.column == 9)
        #expect(error?.message.contains("after the end") == true)
    }

    @Test func duplicateKeysAreRejected() {
        #expect(failure(#"{"person":"P001","person":"P002"}"#)?.message == #"duplicate field "person""#)
        #expect(failure(#"{"a":1,"\u0061":2}"#) != nil)
        let many = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(failure("{\(many),\"k7\":0}")?.message == #"duplicate field "k7""#)
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(#"{"name":"王"#.utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array(#""}"#.utf8))
        #expect(failure(bytes)?.message.contains("UTF-8") == true)
        // An overlong encoding of "/" and a UTF-8-encoded surrogate.
        #expect(failure([0x22, 0xC0, 0xAF, 0x22]) != nil)
        #expect(failure([0x22, 0xED, 0xA0, 0x80, 0x22]) != nil)
    }

    @Test func unpairedSurrogatesAreRejected() {
        #expect(failure(#"["\ud83d"]"#)?.message.contains("unpaired surrogate") == true)
        #expect(failure(#"["\ude00x"]"#)?.message.contains("unpaired surrogate") == true)
    }

    @Test func numbersOutOfRangeAreRejected() {
        #expect(failure("[9223372036854775808]")?.message.contains("out of range") == true)
        #expect(failure("[1e400]")?.message.contains("out of range") == true)
        #expect((try? parse("[-9223372036854775808]"))?.root.elements.first?.integer == Int.min)
        #expect(failure("[01]") != nil)
        #expect(failure("[1.]") != nil)
    }

    @Test func nestingBeyondTheLimitIsRejected() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(failure(deep)?.message.contains("nesting") == true)
        #expect((try? parse(String(repeating: "[", count: 10) + String(repeating: "]", count: 10))) != nil)
    }

    @Test func controlCharactersAndBadEscapesAreRejected() {
        #expect(failure("[\"a\u{01}\"]") != nil)
        #expect(failure(#"["\x"]"#) != nil)
        #expect(failure(#"{"a" 1}"#) != nil)
        #expect(failure(#"{"a":1,}"#) != nil)
        #expect(failure("") != nil)
    }

    @Test func writerEscapesOnlyWhatJSONRequires() {
        var w = JSONWriter()
        w.beginObject()
        w.key("summary")
        w.string("他说：\"同意\"\n\\ 完")
        w.key("n")
        w.integer(-1234)
        w.key("list")
        w.beginArray()
        w.bool(true)
        w.null()
        w.endArray()
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"summary":"他说：\"同意\"\n\\ 完","n":-1234,"list":[true,null]}"#)
    }
}

@Suite struct TimeTextTests {
    @Test func everyPrefixOfATimeIsRejectedWithoutCrashing() {
        let text = "2023-03-06T09:27:00.125+08:00"
        for n in 0..<text.count {
            #expect(ZonedTime(rfc3339: text.prefix(n)) == nil, "\(text.prefix(n))")
        }
        #expect(ZonedTime(rfc3339: text)?.description == text)
    }

    @Test func fractionsAndZuluAreWrittenCanonically() {
        #expect(ZonedTime(rfc3339: "2023-03-06t01:27:00.5z")?.description == "2023-03-06T01:27:00.500Z")
        #expect(ZonedTime(rfc3339: "1969-12-31T23:59:59.000001-01:00")?.description == "1969-12-31T23:59:59.000001-01:00")
        #expect(ZonedTime(rfc3339: "2023-03-06T09:27:00.1234567+08:00") == nil)
    }

    @Test func localDateFollowsTheWrittenOffset() {
        let time = ZonedTime(rfc3339: "2023-03-06T23:30:00-05:00")!
        #expect(time.localDate == CivilDate(year: 2023, month: 3, day: 6))
        #expect(time.converted(toOffsetMinutes: 480).localDate == CivilDate(year: 2023, month: 3, day: 7))
    }

    @Test func datesKnowLeapYearsAndWeekdays() {
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2023-02-29") == nil)
        #expect(CivilDate("2023-03-06")?.weekday == 1)
        #expect(CivilDate("2023-03-05")?.weekday == 7)
        #expect(CivilDate(daysSinceEpoch: CivilDate("1900-03-01")!.daysSinceEpoch).description == "1900-03-01")
    }
}
