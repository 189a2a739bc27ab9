import Annals
import Foundation

/// Where fuzzing starts: the inputs the archive really sees. A generated agency's
/// meetings (each meeting's whole history, as an import would bring it), their stored
/// payloads, the projections' checkpoints they fold into, and the JSON Lines files
/// under a fixtures folder (the samples and the malformed-input corpus).
enum Seeds {
    /// Inputs over this size are left out (libFuzzer mutates small inputs best).
    static let maxBytes = 64 << 10

    static func make(for target: FuzzTarget, fixtures: String?) -> [[UInt8]] {
        let meetings = generatedMeetings()
        switch target {
        case .json:
            let codec = EventJSONCodec()
            let generated = meetings.map { events in Array(events.map { codec.encode($0) }.joined(separator: "\n").utf8) }
            return (generated + fixtureFiles(fixtures)).filter { $0.count <= maxBytes }
        case .binary:
            var byType: [EventType: Event] = [:]
            for event in meetings.joined() where byType[event.type] == nil { byType[event.type] = event }
            return byType.values.map { event in
                [UInt8(FuzzTarget.types.firstIndex(of: event.type)!)] + BinaryEventCodec.encode(event)
            }.sorted { $0.lexicographicallyPrecedes($1) }
        case .snapshot:
            var projections = ProjectionSet()
            var out: [[UInt8]] = [projections.encode()]
            var position: UInt64 = 0
            for events in meetings.prefix(6) {
                for event in events {
                    projections.apply(
                        StoredEvent(position: position, version: 0, stream: event.stream, type: event.type, recordedAt: 0, digest: .zero, event: event))
                    position += 1
                }
                out.append(projections.encode())
            }
            return out.filter { $0.count <= maxBytes }
        }
    }

    /// A year of a small agency's meetings (and the custody of a few), grouped by meeting.
    static func generatedMeetings() -> [[Event]] {
        var options = GeneratorOptions()
        options.years = 1
        options.custodyYears = 11
        options.eventsPerYear = 10_000
        var order: [String] = []
        var byStream: [String: [Event]] = [:]
        for event in AgencyGenerator(options) {
            if byStream[event.stream] == nil { order.append(event.stream) }
            byStream[event.stream, default: []].append(event)
        }
        // Meetings of every kind and fate: one in twenty-five.
        return stride(from: 0, to: order.count, by: 25).map { byStream[order[$0]]! }
    }

    /// Every `.jsonl` file under `folder`.
    static func fixtureFiles(_ folder: String?) -> [[UInt8]] {
        guard let folder, let names = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [[UInt8]] = []
        while let name = names.nextObject() as? String {
            guard name.hasSuffix(".jsonl"), let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            out.append(Array(data))
        }
        return out
    }
}
