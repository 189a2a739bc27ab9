import Foundation
import Testing

@testable import Annals

@Suite struct EventJSONCodecTests {
    let codec = EventJSONCodec()

    func error(_ line: String, codec: EventJSONCodec = EventJSONCodec()) -> EventDecodingError? {
        do {
            _ = try codec.decode(line: line)
            return nil
        } catch {
            return error
        }
    }

    static let signIn = #"{"id":"7f1c0c5e-3b7a-4c55-9a51-2f0f5d1c8e21","stream":"meeting/BGS-2023-007","type":"participant.signed_in","at":"2023-03-06T09:27:00+08:00","by":"clerk.liu","data":{"person":"P002","signed_by":"P002"}}"#

    /// The sign-in line with `data` replaced.
    func signIn(data: String) -> String {
        Self.signIn.replacingOccurrences(of: #"{"person":"P002","signed_by":"P002"}"#, with: data)
    }

    @Test func everyTypeRoundTripsToTheIdenticalLine() throws {
        for event in Sample.everyType {
            let line = codec.encode(event)
            let decoded = try codec.decode(line: line)
            #expect(decoded.event == event, "\(event.type)")
            #expect(codec.encode(decoded.event) == line, "\(event.type)")
        }
        #expect(Set(Sample.everyType.map(\.type)) == Set(EventType.allCases))
    }

    @Test func envelopeKeysComeInTheContractOrderWithExportKeysLast() throws {
        let export = ExportMetadata(position: 42, version: 6, recordedAt: ZonedTime(rfc3339: "2023-03-06T01:27:00.125Z"), digest: Sample.digest)
        let line = codec.encode(try codec.decode(line: Self.signIn).event, export: export)
        #expect(line == Self.signIn.dropLast() + #","position":42,"version":6,"recorded_at":"2023-03-06T01:27:00.125Z","digest":"\#(Sample.digest.hex)"}"#)
        let again = try codec.decode(line: line)
        #expect(again.export == export)
        #expect(codec.encode(again.event, export: again.export) == line)
    }

    @Test func aMissingIdIsGenerated() throws {
        let decoded = try codec.decode(line: Self.signIn.replacingOccurrences(of: #""id":"7f1c0c5e-3b7a-4c55-9a51-2f0f5d1c8e21","#, with: ""))
        #expect(!decoded.idWasGiven)
        #expect(decoded.event.type == .participantSignedIn)
    }

    @Test func theInputOffsetIsKeptForExport() throws {
        let line = Self.signIn.replacingOccurrences(of: "+08:00", with: "-05:30")
        let decoded = try codec.decode(line: line)
        #expect(decoded.event.at.offsetMinutes == -330)
        #expect(codec.encode(decoded.event) == line)
    }

    @Test func englishClassificationAliasesAreAccepted() throws {
        let line = codec.encode(Sample.everyType[0]).replacingOccurrences(of: #""classification":"内部""#, with: #""classification":"top_secret""#)
        guard case .meetingScheduled(let data) = try codec.decode(line: line).event.data else {
            Issue.record("not a meeting.scheduled")
            return
        }
        #expect(data.classification == .topSecret)
    }

    @Test func malformedLineNamesTheColumn() {
        let e = error(#"{"id":"7f1c0c5e-3b7a-4c55-9a51-2f0f5d1c8e21","stream":"meeting/BGS-2023-007" "type":"x"}"#)
        #expect(e?.code == .syntax)
        #expect(e?.column == 78)
    }

    @Test func unknownTypeIsRejected() {
        let e = error(Self.signIn.replacingOccurrences(of: "participant.signed_in", with: "participant.waved"))
        #expect(e?.code == .unknownType)
        #expect(e?.path == "type")
        #expect(e?.description == #"type: unknown event type "participant.waved""#)
    }

    @Test func unknownFieldIsRejectedWithItsPath() {
        let e = error(signIn(data: #"{"person":"P002","signed_by":"P002","seat":"A3"}"#))
        #expect(e?.code == .unknownField)
        #expect(e?.path == "data.seat")
        let nested = error(codec.encode(Sample.everyType[0]).replacingOccurrences(of: #""role":"observer""#, with: #""role":"observer","phone":"138""#))
        #expect(nested?.path == "data.participants[4].phone")
        let envelope = error(Self.signIn.replacingOccurrences(of: #""by":"#, with: #""note":"x","by":"#))
        #expect(envelope?.path == "note")
    }

    @Test func wrongFieldTypeIsRejectedWithItsPath() {
        let e = error(signIn(data: #"{"person":2,"signed_by":"P002"}"#))
        #expect(e?.code == .wrongType)
        #expect(e?.description == "data.person: expected a string, found a number")
        let role = error(codec.encode(Sample.everyType[0]).replacingOccurrences(of: #""role":"observer""#, with: #""role":"chairman""#))
        #expect(role?.code == .invalidValue)
        #expect(role?.path == "data.participants[4].role")
        let null = error(signIn(data: #"{"person":null,"signed_by":"P002"}"#))
        #expect(null?.description == "data.person: expected a string, found null")
    }

    @Test func missingFieldIsRejectedWithItsPath() {
        let e = error(signIn(data: #"{"person":"P002"}"#))
        #expect(e?.code == .missingField)
        #expect(e?.path == "data.signed_by")
    }

    @Test func invalidTimeZoneIsRejected() {
        let e = error(Self.signIn.replacingOccurrences(of: "+08:00", with: "+25:00"))
        #expect(e?.code == .invalidValue)
        #expect(e?.path == "at")
        #expect(e?.message.contains("time zone") == true)
        let missing = error(Self.signIn.replacingOccurrences(of: "+08:00", with: ""))
        #expect(missing?.message.contains("offset is missing") == true)
    }

    @Test func invalidTimeAndDateAreRejected() {
        #expect(error(Self.signIn.replacingOccurrences(of: "09:27:00", with: "24:27:00"))?.path == "at")
        #expect(error(Self.signIn.replacingOccurrences(of: "2023-03-06", with: "2023-02-29"))?.message.contains("no such date") == true)
        let line = codec.encode(Sample.everyType[10]).replacingOccurrences(of: "2023-03-31", with: "2023-04-31")
        #expect(error(line)?.path == "data.decisions[0].deadline")
    }

    @Test func aTenMebibyteFieldIsRejectedWithItsPathWithoutCrashing() {
        let huge = String(repeating: "长", count: 10 * 1024 * 1024 / 3)
        let e = error(signIn(data: #"{"person":"\#(huge)","signed_by":"P002"}"#))
        #expect(e?.code == .fieldTooLong)
        #expect(e?.path == "data.person")
        #expect(e?.message.contains("64 KiB") == true)
    }

    @Test func aLineOverTheLimitIsRejected() {
        let small = EventJSONCodec(limits: .init(maxLineBytes: 100))
        #expect(error(Self.signIn, codec: small)?.code == .lineTooLong)
        let field = EventJSONCodec(limits: .init(maxFieldBytes: 3))
        #expect(error(Self.signIn, codec: field)?.path == "stream")
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(signIn(data: #"{"person":"P0"#).utf8)
        bytes.append(0xC3)
        bytes.append(contentsOf: Array(#"","signed_by":"P002"}}"#.utf8))
        #expect(throws: EventDecodingError.self) { try codec.decode(line: bytes) }
        do {
            _ = try codec.decode(line: bytes)
        } catch {
            #expect(error.code == .syntax)
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test func anInvalidIdIsRejected() {
        #expect(error(Self.signIn.replacingOccurrences(of: "7f1c0c5e-3b7a", with: "7f1c0c5e-3b7"))?.path == "id")
    }
    // MARK: Destroyed events (tombstone lines)

    static let tombstone = #"{"id":"7f1c0c5e-3b7a-4c55-9a51-2f0f5d1c8e21","stream":"meeting/BGS-2023-007","type":"participant.signed_in","destroyed":true,"position":42,"version":6,"recorded_at":"2023-03-06T01:27:00.125Z","digest":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}"#

    func decodeLine(_ line: String) throws -> DecodedLine {
        try Array(line.utf8).withUnsafeBytes { try codec.decodeLine($0) }
    }

    func lineError(_ line: String) -> EventDecodingError? {
        do {
            _ = try decodeLine(line)
            return nil
        } catch {
            return error as? EventDecodingError
        }
    }

    @Test func aTombstoneLineRoundTripsToTheIdenticalLine() throws {
        guard case .destroyed(let destroyed) = try decodeLine(Self.tombstone) else {
            Issue.record("a tombstone line decoded as an event")
            return
        }
        #expect(destroyed.type == .participantSignedIn && destroyed.digest == Sample.digest)
        #expect(destroyed.position == 42 && destroyed.version == 6)
        #expect(codec.encode(destroyed) == Self.tombstone)
        // An ordinary line still decodes as an event.
        guard case .event(let decoded) = try decodeLine(Self.signIn) else {
            Issue.record("an event line decoded as a tombstone")
            return
        }
        #expect(codec.encode(decoded.event) == Self.signIn)
        // The event decoder refuses a tombstone: it has no content.
        #expect(error(Self.tombstone)?.path == "destroyed")
    }

    @Test func aTombstoneWithContentOrWithoutItsIdOrDigestIsRejected() {
        let t = Self.tombstone
        #expect(lineError(t.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":false"#))?.path == "destroyed")
        #expect(lineError(t.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":true,"by":"clerk.liu""#))?.path == "by")
        #expect(lineError(t.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":true,"data":{}"#))?.path == "data")
        #expect(lineError(t.replacingOccurrences(of: #""id":"7f1c0c5e-3b7a-4c55-9a51-2f0f5d1c8e21","#, with: ""))?.code == .missingField)
        #expect(lineError(t.replacingOccurrences(of: #","digest":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08""#, with: ""))?.path == "digest")
        #expect(lineError(t.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":true,"seat":"A3""#))?.code == .unknownField)
        // An event with `destroyed` is an event with an unknown field.
        #expect(lineError(Self.signIn.replacingOccurrences(of: #""by":"clerk.liu""#, with: #""by":"clerk.liu","destroyed":true"#))?.code == .unknownField)
    }
}
