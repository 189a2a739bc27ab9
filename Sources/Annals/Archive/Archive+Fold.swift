internal import Foundation

extension Archive {
    /// The projections rebuilt from the log alone, beside the live ones (which are not
    /// touched): as of now, or as of a log position or a business time. The same fold
    /// as the live projections, so the result equals them when both reflect the same
    /// prefix of the log; a caller can compare, or swap one for the other.
    public func rebuiltProjections(asOf: AsOf = .latest) throws -> ProjectionSet {
        var set = ProjectionSet(policy: rules.policy)
        // Content whose destruction is recorded is never shown again, as of any moment.
        let destroyed = try destroyedStreams()
        switch asOf {
        case .latest: try fold(from: 0) { $0.mask(destroyed: destroyed); set.apply($0) }
        case .position(let p): try fold(from: 0, to: p + 1) { $0.mask(destroyed: destroyed); set.apply($0) }
        case .time: try fold(from: 0) { $0.mask(destroyed: destroyed); set.replay(CollectionOfOne($0), asOf: asOf) }
        }
        return set
    }

    /// Calls `body` with every stored event from `from` to `end` (exclusive; default:
    /// the log as it is now), in log order, on this thread: the projections' replay loop.
    ///
    /// A long range is read by another thread in one sequential scan, and decoded a
    /// chunk at a time by that thread and by this one whenever it has nothing to
    /// fold: reading and decoding are half of a replay's work and need no order, the
    /// fold needs one. The events `body` sees, and their order, are exactly those of
    /// `replay(from:to:_:)`.
    ///
    /// `body` gets each event `inout`, lent in place: a fold reads it without
    /// copying it (a copy of an event retains every text it holds).
    func fold(from: UInt64, to end: UInt64? = nil, _ body: (inout StoredEvent) -> Void) throws {
        let stop = min(end ?? .max, store.endPosition)
        guard from < stop else { return }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard stop - from >= 2 * UInt64(RawChunk.records), cores > 1 else {
            let strings = stop - from > 4096 ? StringCache() : nil
            try store.scan(from: from, to: stop) { view in
                if view.isLogMaintenance { return true }  // the log's own records (a repair's)
                var stored = try StoredEvent(view, strings: strings)
                body(&stored)
                return true
            }
            return
        }
        // One thread reads the range in a single scan, copying the records into
        // chunks; chunks are decoded by whichever thread is free (the reader when it is
        // a window ahead, this thread when it waits, up to two more helpers) and folded
        // here in order.
        let store = self.store
        let pipeline = OrderedPipeline<RawChunk, [StoredEvent], StringCache>(
            window: 8, helpers: min(cores - 2, 2),
            produce: { emit in try RawChunk.read(store, from: from, to: stop, emit) },
            scratch: { StringCache() }
        ) { chunk, strings in try chunk.decode(strings: strings) }
        defer { pipeline.finish() }
        while var events = try pipeline.next() {
            // Lent in place, not copied out one by one.
            events.withUnsafeMutableBufferPointer { events in
                for i in events.indices { body(&events[i]) }
            }
            // Freed on another thread: releasing a chunk's events costs as much as
            // copying them, and this thread is the one everything waits for.
            pipeline.discard(events)
        }
    }
}

/// Records copied out of the log for a fold: consecutive positions from `first`.
private struct RawChunk: Sendable {
    static let records = 8192

    var first: UInt64
    var bytes: [UInt8] = []
    var ends: [Int] = []

    /// Scans the range once, handing over a chunk every ``records`` records.
    static func read(_ store: any EventStore, from: UInt64, to stop: UInt64, _ emit: (RawChunk) -> Bool) throws {
        var chunk = RawChunk(first: from)
        try store.scan(from: from, to: stop) { view in
            chunk.bytes.append(contentsOf: view.encoded)
            chunk.ends.append(chunk.bytes.count)
            guard chunk.ends.count == records else { return true }
            let next = chunk.first + UInt64(chunk.ends.count)
            guard emit(chunk) else { return false }
            chunk = RawChunk(first: next)
            chunk.bytes.reserveCapacity(1 << 21)
            chunk.ends.reserveCapacity(records)
            return true
        }
        if !chunk.ends.isEmpty { _ = emit(chunk) }
    }

    /// The chunk's events (the log's own records left out).
    func decode(strings: StringCache) throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        events.reserveCapacity(ends.count)
        try bytes.withUnsafeBytes { bytes in
            var start = 0
            for (i, end) in ends.enumerated() {
                let view = try RecordView(
                    position: first + UInt64(i), record: UnsafeRawBufferPointer(rebasing: bytes[start..<end]),
                    context: "a replay's copy of the log")
                if !view.isLogMaintenance { events.append(try StoredEvent(view, strings: strings)) }
                start = end
            }
        }
        return events
    }
}
