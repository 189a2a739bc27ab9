import Foundation
import Testing

@testable import Annals

/// The archive's import and export: the JSON Lines contract of EVENTS.md.
@Suite struct ImportExportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sample = try! Data(contentsOf: root.appendingPathComponent("Fixtures/samples/one-meeting.jsonl"))

    final class Folder {
        let path = NSTemporaryDirectory() + "annals-import-\(UUID().uuidString.prefix(8))"
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func files(_ path: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue, !name.hasSuffix("LOCK") {
                out[name] = FileManager.default.contents(atPath: path + "/" + name)
            }
        }
        return out
    }

    static func export(_ archive: Archive) throws -> [String] {
        var bytes: [UInt8] = []
        try archive.exportLines { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// An exported line without the keys that differ between archives.
    static func comparable(_ line: String) -> String {
        var object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        object["recorded_at"] = nil
        object["digest"] = nil
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func exportThenImportIntoANewArchiveGivesTheSameLines() throws {
        let a = Folder(), b = Folder()
        let first = try Archive.create(at: a.path)
        _ = try first.importLines(Array(Self.sample))
        let exported = try Self.export(first)
        #expect(exported.count == 12)
        let second = try Archive.create(at: b.path)
        let report = try second.importLines(Array(exported.joined(separator: "\n").utf8))
        #expect(report.appended == 12)
        let again = try Self.export(second)
        #expect(again.map(Self.comparable) == exported.map(Self.comparable))
        try first.close()
        try second.close()
    }

    @Test func importingTheSameFileTwiceAppendsNothingTheSecondTime() throws {
        let a = Folder()
        let archive = try Archive.create(at: a.path)
        let first = try archive.importLines(Array(Self.sample))
        #expect(first.appended == 12 && first.alreadyPresent == 0)
        let before = Self.files(a.path)
        let second = try archive.importLines(Array(Self.sample))
        #expect(second.appended == 0)
        #expect(second.alreadyPresent == 12)
        #expect(archive.log.endPosition == 12)
        #expect(Self.files(a.path) == before)
        try archive.close()
    }

    /// Each bad input, put at line 3 of the sample: the error names line 3 and the
    /// archive is byte for byte as it was.
    @Test(arguments: [
        ("{\"stream\":\"meeting/x\",", "syntax"),
        (#"{"stream":"meeting/BGS-2023-0042","type":"meeting.postponed","at":"2023-03-02T09:00:00+08:00","by":"c","data":{}}"#, "unknown_type"),
        (#"{"stream":"meeting/BGS-2023-0042","type":"notice.acknowledged","at":"2023-03-02T09:00:00+08:00","by":"c","data":{"person":"P001","mood":"good"}}"#, "unknown_field"),
        (#"{"stream":"meeting/BGS-2023-0042","type":"notice.acknowledged","at":"2023-03-02T09:00:00+08:00","by":"c","data":{"person":42}}"#, "wrong_type"),
        (#"{"stream":"meeting/BGS-2023-0042","type":"notice.acknowledged","at":"2023-03-02T09:00:00+25:00","by":"c","data":{"person":"P001"}}"#, "invalid_value"),
        (#"{"stream":"meeting/BGS-2023-0042","type":"participant.signed_in","at":"2023-03-06T09:20:00+08:00","by":"c","data":{"person":"P002","signed_by":"P010"}}"#, "sign_in.proxy"),
    ])
    func badLineIsReportedWithItsLineNumberAndWritesNothing(line: String, code: String) throws {
        try check(Array(line.utf8), code: code)
    }

    @Test func tenMebibyteFieldIsRefusedWithoutExhaustingMemory() throws {
        let huge = String(repeating: "很", count: 10 << 20 / 3)
        let line = #"{"stream":"meeting/BGS-2023-0042","type":"notice.acknowledged","at":"2023-03-02T09:00:00+08:00","by":"c","data":{"person":""# + huge + #""}}"#
        try check(Array(line.utf8), code: "field_too_long")
    }

    @Test func invalidUTF8IsRefused() throws {
        var line = Array(#"{"stream":"meeting/BGS-2023-0042","type":"notice.acknowledged","at":"2023-03-02T09:00:00+08:00","by":"c","data":{"person":"P0"#.utf8)
        line += [0xC3, 0x28]
        line += Array(#""}}"#.utf8)
        try check(line, code: "syntax")
    }

    func check(_ bad: [UInt8], code: String) throws {
        let a = Folder()
        let archive = try Archive.create(at: a.path)
        _ = try archive.importLines(Array(Self.sample.prefix(while: { $0 != UInt8(ascii: "\n") })) + [10])
        let before = Self.files(a.path)
        var lines = Self.sample.split(separator: UInt8(ascii: "\n")).map(Array.init)
        lines.insert(bad, at: 2)
        let input = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        do {
            _ = try archive.importLines(input)
            Issue.record("the import succeeded")
        } catch let rejection as ImportRejection {
            #expect(rejection.line == 3, "\(rejection)")
            #expect(rejection.rule == code, "\(rejection)")
            #expect(!rejection.message.isEmpty)
        }
        #expect(Self.files(a.path) == before)
        #expect(archive.log.endPosition == 1)
        // With --skip-invalid the other lines go in and the bad one is reported.
        let report = try archive.importLines(input, options: ImportOptions(skipInvalid: true))
        #expect(report.rejected.map(\.line) == [3])
        #expect(report.appended == 11 && report.alreadyPresent == 1)
        try archive.close()
    }

    @Test func appendRefusesABrokenRuleAndWritesNothing() async throws {
        let a = Folder()
        let archive = try Archive.create(at: a.path)
        _ = try archive.importLines(Array(Self.sample))
        let codec = EventJSONCodec()
        let proxy = try codec.decode(line: #"{"stream":"meeting/BGS-2023-0042","type":"participant.left_early","at":"2023-03-06T10:20:00+08:00","by":"c","data":{"person":"P020","reason":"另有公务"}}"#).event
        do {
            _ = try await archive.append([proxy])
            Issue.record("an early leave by someone who never signed in was accepted")
        } catch let violation as RuleViolation {
            #expect(violation.rule.name == "left_early.not_signed_in")
            #expect(violation.stream == "meeting/BGS-2023-0042")
        }
        #expect(archive.log.endPosition == 12)
        let fine = try codec.decode(line: #"{"stream":"meeting/BGS-2023-0042","type":"participant.left_early","at":"2023-03-06T10:20:00+08:00","by":"c","data":{"person":"P002","reason":"另有公务"}}"#).event
        let result = try await archive.append([fine])
        #expect(result.positions == 12...12)
        let retry = try await archive.append([fine])
        #expect(retry.duplicate)
        try archive.close()
    }

    @Test func subscribersSeeNewEventsInOrder() async throws {
        let a = Folder()
        let archive = try Archive.create(at: a.path)
        let stream = archive.subscribe(from: 0)
        _ = try archive.importLines(Array(Self.sample))
        var seen: [UInt64] = []
        for try await event in stream {
            seen.append(event.position)
            if seen.count == 12 { break }
        }
        #expect(seen == Array(0..<12))
        try archive.close()
    }
}
