import Foundation
import Testing

@testable import Annals

/// A scenario of `Fixtures/scenarios/<name>/`: its events admitted through the rule
/// book as the engine would (rejected lines are reported, not stored), stored with
/// positions 0, 1, 2 … and fake `recorded_at` and digests, and its expected output.
struct Scenario {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scenarios")

    static let policy = Policy(fonds: "Z109")

    let name: String
    /// The stored events, in log order.
    var events: [StoredEvent] = []
    /// Lines (1-based) the rule book refused, with the rule.
    var rejected: [(line: Int, rule: String)] = []
    /// Positions shredded when records were destroyed.
    var shredded: [UInt64] = []

    /// A digest that shows its position (`00…0a` for 10), so expected output can be checked by eye.
    static func digest(_ position: UInt64) -> Hash256 {
        Hash256(bytes: [UInt8](repeating: 0, count: 24) + withUnsafeBytes(of: position.bigEndian, Array.init))!
    }

    init(_ name: String) throws {
        self.name = name
        let text = try String(contentsOf: Self.root.appendingPathComponent("\(name)/events.jsonl"), encoding: .utf8)
        let codec = EventJSONCodec()
        let book = RuleBook(policy: Self.policy)
        var states: [String: MeetingState] = [:]
        var projections = ProjectionSet(policy: Self.policy)
        for (n, line) in text.split(separator: "\n").enumerated() {
            var event = try codec.decode(line: String(line)).event
            let state = states[event.stream] ?? MeetingState(stream: event.stream)
            do {
                event = try book.admit(event, to: state).event
            } catch {
                rejected.append((n + 1, error.rule.name))
                continue
            }
            var toShred: [UInt64] = []
            if case .archiveDestroyed(var destroyed) = event.data {
                // What the engine does on append: the register facts, then the shredding.
                destroyed.register = projections.registerSnapshot(for: event.stream, destroyedAt: event.at)
                event.data = .archiveDestroyed(destroyed)
                toShred = projections.contentPositionsToShred(stream: event.stream)
            }
            let position = UInt64(events.count)
            let stored = StoredEvent(
                position: position, version: UInt64(state.version), stream: event.stream, type: event.type,
                recordedAt: 1_700_000_000_000_000 + Int64(position) * 1_000_000, digest: Self.digest(position), event: event)
            events.append(stored)
            states[event.stream] = state.applying(event)
            projections.apply(stored)
            shredded += toShred
        }
    }

    /// The log after the engine shredded the destroyed records' content events.
    var shreddedLog: [StoredEvent] {
        events.map { stored in
            var copy = stored
            if shredded.contains(stored.position) { copy.event = nil }
            return copy
        }
    }

    func replay(asOf: AsOf = .latest) -> ProjectionSet {
        ProjectionSet.replay(events, asOf: asOf, policy: Self.policy)
    }

    // MARK: Expected output

    var expectedURL: URL { Self.root.appendingPathComponent("\(name)/expected.json") }

    /// The expected JSON of one report (a member of expected.json).
    func expected(_ key: String) throws -> Any {
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as! [String: Any]
        return try #require(document[key], "expected.json has no \(key)")
    }

    /// Whether `bytes` (one JSON document) equals the expected value of `key`.
    func matches(_ key: String, _ bytes: [UInt8]) throws -> Bool {
        let actual = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        return try JSONSerialization.data(withJSONObject: actual, options: options)
            == JSONSerialization.data(withJSONObject: try expected(key), options: options)
    }
}
