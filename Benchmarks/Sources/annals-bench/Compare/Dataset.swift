import Annals
import Foundation

/// The events every system is given: the agency generator's history (the same
/// seed, so the same bytes), written once as JSON Lines (EVENTS.md) to a file the
/// workloads' child processes read.
enum Dataset {
    /// The generator's options for a scale: scale 1 is its default, ten years of
    /// meetings and two of custody (about 500,000 events, with the destructions of
    /// the 2015 records); a smaller scale keeps the custody years and fewer years of
    /// meetings.
    static func options(scale: Double) -> GeneratorOptions {
        GeneratorOptions(years: max(1, Int((10 * scale).rounded())), seed: 1)
    }

    /// Writes the events to `path`; returns how many.
    static func generate(to path: String, options: GeneratorOptions, progress: (String) -> Void) throws -> Int {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let file = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? file.close() }
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        var count = 0
        for event in AgencyGenerator(options) {
            codec.encode(event, into: &writer)
            writer.newline()
            count += 1
            if writer.bytes.count >= 1 << 20 {
                try file.write(contentsOf: writer.bytes)
                writer.bytes.removeAll(keepingCapacity: true)
            }
            if count % 100_000 == 0 { progress("generated \(count) events") }
        }
        try file.write(contentsOf: writer.bytes)
        return count
    }

    /// The file's bytes.
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        return [UInt8](data)
    }

    /// The lines' events (with the ids the lines give), at most `limit`.
    static func events(_ input: [UInt8], limit: Int = .max) throws -> [Event] {
        let codec = EventJSONCodec()
        var events: [Event] = []
        try forEachLine(input) { line in
            guard events.count < limit else { return false }
            events.append(try codec.decode(line: line).event)
            return true
        }
        return events
    }

    /// Calls `body` with each non-empty line (without its newline); `body` returns
    /// false to stop.
    static func forEachLine(_ input: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Bool) rethrows {
        try input.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if end > start {
                    guard try body(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else { return }
                }
                start = end + 1
            }
        }
    }

    /// The text a person searches for in an event: meeting titles, agenda items,
    /// recorded speeches and decision texts (the query issue's full-text fields).
    static func searchableText(_ event: Event) -> String? {
        switch event.data {
        case .meetingScheduled(let e): ([e.title] + e.agenda.map(\.title)).joined(separator: "\n")
        case .agendaItemAdded(let e): e.title
        case .minutesRecorded(let e): e.summary
        case .meetingResolved(let e): e.decisions.map(\.text).joined(separator: "\n")
        default: nil
        }
    }

    /// The policy every system's projections are folded under: the standard one with
    /// the archive's fonds, as `Archive.open` sets it.
    static var policy: Policy {
        var policy = Policy.standard
        policy.fonds = "Z109"
        return policy
    }
}
