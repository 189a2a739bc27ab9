import Foundation
import Testing

@testable import Annals

/// The shipped JSON Schema is checked by an independent validator (Python's
/// `jsonschema`, installed by `make test`) against this program's own export.
@Suite struct SchemaTests {
    static let schema = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema/events.schema.json")

    /// Validates each line of `lines`; returns the indexes of lines that fail.
    func invalidLines(_ lines: [String]) throws -> [Int] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("annals-schema-\(UUID().uuidString).jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            for n, line in enumerate(open(sys.argv[2], encoding="utf-8")):
                errors = list(validator.iter_errors(json.loads(line)))
                if errors:
                    print(n, errors[0].message.replace("\\n", " "))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.schema.path, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 with jsonschema must be installed (make deps)")
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").compactMap { Int($0.split(separator: " ").first ?? "") }
    }

    func exported() -> [String] {
        let codec = EventJSONCodec()
        return Sample.everyType.enumerated().map { (n, event) in
            codec.encode(event, export: ExportMetadata(
                position: UInt64(1000 + n), version: UInt64(n),
                recordedAt: ZonedTime(microseconds: event.at.microseconds + 5_000_000, offsetMinutes: 0), digest: Sample.digest))
        }
    }

    @Test func exportedEventsOfEveryTypeValidate() throws {
        let lines = exported()
        #expect(try invalidLines(lines) == [])
        #expect(try invalidLines(Sample.everyType.map { EventJSONCodec().encode($0) }) == [])
    }

    /// An event whose content was destroyed, as export writes it (a tombstone line).
    static func tombstone(_ type: EventType = .participantSignedIn) -> String {
        EventJSONCodec().encode(DestroyedEvent(
            id: Sample.everyType[6].id, stream: Sample.stream, type: type, digest: Sample.digest, position: 1006, version: 6,
            recordedAt: ZonedTime(microseconds: Sample.everyType[6].at.microseconds + 5_000_000, offsetMinutes: 0)))
    }

    @Test func exportedTombstonesValidate() throws {
        let types = EventType.allCases.filter(MeetingState.isContent)
        #expect(try invalidLines(types.map { Self.tombstone($0) }) == [])
    }

    @Test func tombstonesOfCustodyEventsOrWithContentFailTheSchema() throws {
        let line = Self.tombstone()
        let bad = [
            Self.tombstone(.meetingArchived),
            line.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":false"#),
            line.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":true,"by":"clerk.liu""#),
            line.replacingOccurrences(of: #""destroyed":true"#, with: #""destroyed":true,"data":{}"#),
            line.replacingOccurrences(of: #","digest":"\#(Sample.digest.hex)""#, with: ""),
            line.replacingOccurrences(of: #""id":"\#(Sample.everyType[6].id)","#, with: ""),
        ]
        #expect(bad.allSatisfy { $0 != line })
        #expect(try invalidLines(bad) == Array(0..<bad.count))
    }

    @Test func invalidLinesFailTheSchema() throws {
        let signIn = exported()[6]
        let bad = [
            signIn.replacingOccurrences(of: #""signed_by":"P002""#, with: #""signed_by":"P002","seat":"A3""#),
            signIn.replacingOccurrences(of: "participant.signed_in", with: "participant.waved"),
            signIn.replacingOccurrences(of: #""person":"P002""#, with: #""person":2"#),
            signIn.replacingOccurrences(of: "+08:00", with: ""),
            exported()[0].replacingOccurrences(of: #""role":"observer""#, with: #""role":"chairman""#),
            exported()[0].replacingOccurrences(of: #""planned":true"#, with: #""planned":false"#),
        ]
        #expect(try invalidLines(bad) == Array(0..<bad.count))
    }
}
