import Annals

/// What the fuzzer feeds bytes to. Each target checks more than "does not crash":
/// what it decodes must survive its own round trip, as the archive relies on.
enum FuzzTarget: String, CaseIterable {
    /// A stored payload, as replay reads it: the first byte picks the event type, the
    /// rest is `BinaryEventCodec` payload. A payload that decodes must encode back to
    /// one that decodes to the same event, fold into the projections, and, when its
    /// JSON form (export) imports at all, import as the same event.
    case binary
    /// An import file, as `Archive.importLines` checks it: each line decoded
    /// (`EventJSONCodec`), judged by the rule book against its meeting as it stands,
    /// folded in; every accepted event must survive the JSON and binary round trips, and
    /// the projections fed with them must survive their checkpoint's round trip.
    case json
    /// A projections checkpoint (`ProjectionSet(decoding:)`), as an archive opens it.
    case snapshot

    /// Runs the target on one input; a broken round trip is returned as a message
    /// (the drivers turn it into a crash, so that the input is kept).
    func run(_ input: UnsafeRawBufferPointer) -> String? {
        switch self {
        case .binary: Self.binaryPayload(input)
        case .json: Self.importLines(input)
        case .snapshot: Self.checkpoint(input)
        }
    }

    static let types = EventType.allCases
    static let codec = EventJSONCodec()

    static func binaryPayload(_ input: UnsafeRawBufferPointer) -> String? {
        guard let selector = input.first else { return nil }
        let type = types[Int(selector) % types.count]
        let payload = UnsafeRawBufferPointer(rebasing: input[1...])
        guard let decoded = try? BinaryEventCodec.decode(type: type, payload: payload) else { return nil }
        let event = Event(id: EventID(high: 1, low: 2), stream: "meeting/FUZ-2024-001", at: decoded.at, by: decoded.by, data: decoded.data)
        let again = BinaryEventCodec.encode(event)
        guard let back = try? again.withUnsafeBytes({ try BinaryEventCodec.decodeEvent(id: event.id, stream: event.stream, type: type, payload: $0) }),
            back == event
        else { return "binary round trip changed a \(type) event: \(event)" }
        var projections = ProjectionSet()
        projections.apply(StoredEvent(position: 0, version: 0, stream: event.stream, type: type, recordedAt: 0, digest: .zero, event: event))
        _ = projections.encode()
        if let imported = try? codec.decode(line: codec.encode(event)).event, imported != event {
            return "export then import changed a \(type) event: \(event) became \(imported)"
        }
        return nil
    }

    static func importLines(_ input: UnsafeRawBufferPointer) -> String? {
        let rules = RuleBook()
        var states: [String: MeetingState] = [:]
        var projections = ProjectionSet()
        var position: UInt64 = 0
        var start = 0
        while start < input.count {
            var end = start
            while end < input.count, input[end] != UInt8(ascii: "\n") { end += 1 }
            let line = UnsafeRawBufferPointer(rebasing: input[start..<end])
            start = end + 1
            guard let event = try? codec.decode(line: line).event else { continue }
            let line2 = codec.encode(event)
            guard let again = try? codec.decode(line: line2).event, again == event else {
                return "JSON round trip changed \(line2)"
            }
            var state = states[event.stream] ?? MeetingState(stream: event.stream)
            guard let admission = try? rules.admit(event, to: state) else { continue }
            state.apply(admission.event)
            states[event.stream] = state
            let payload = BinaryEventCodec.encode(admission.event)
            let type = admission.event.type
            guard let stored = try? payload.withUnsafeBytes({ try BinaryEventCodec.decodeEvent(id: event.id, stream: event.stream, type: type, payload: $0) }),
                stored == admission.event
            else { return "binary round trip changed an accepted event: \(admission.event)" }
            projections.apply(StoredEvent(position: position, version: 0, stream: event.stream, type: type, recordedAt: 0, digest: .zero, event: stored))
            position += 1
        }
        guard let restored = try? ProjectionSet(decoding: projections.encode()), restored == projections else {
            return "the projections' checkpoint did not read back equal after \(position) events"
        }
        return nil
    }

    static func checkpoint(_ input: UnsafeRawBufferPointer) -> String? {
        guard let decoded = try? ProjectionSet(decoding: Array(input)) else { return nil }
        guard let again = try? ProjectionSet(decoding: decoded.encode()), again == decoded else {
            return "a checkpoint that decodes did not survive its own round trip"
        }
        return nil
    }
}
