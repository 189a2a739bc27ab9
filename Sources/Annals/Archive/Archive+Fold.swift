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
        let stop = min(end ?? .max, log.endPosition)
        guard from < stop else { return }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard stop - from >= 2 * UInt64(FoldPipeline.chunkRecords), cores > 1 else {
            let strings = stop - from > 4096 ? StringCache() : nil
            try log.scan(from: from, to: stop) { view in
                if view.isLogMaintenance { return true }  // the log's own records (a repair's)
                var stored = try StoredEvent(view, strings: strings)
                body(&stored)
                return true
            }
            return
        }
        let pipeline = FoldPipeline()
        let finished = DispatchGroup()
        finished.enter()
        let log = self.log
        startThread(name: "annals-replay-read") {
            pipeline.read(log, from: from, to: stop)
            finished.leave()
        }
        for _ in 0..<min(cores - 2, 2) {
            finished.enter()
            startThread(name: "annals-replay-decode") {
                pipeline.decodeUntilDone()
                finished.leave()
            }
        }
        defer {
            pipeline.finish()
            finished.wait()
        }
        var k = 0
        while let chunk = try pipeline.take(k) {
            // Lent in place, not copied out one by one.
            chunk.events.withUnsafeMutableBufferPointer { events in
                for i in events.indices { body(&events[i]) }
            }
            // Freed by the reader: releasing a chunk's events costs as much as
            // copying them, and this thread is the one everything waits for.
            pipeline.discard(chunk)
            k += 1
        }
    }
}

/// The chunks of a fold. One thread reads the range in a single scan, copying the
/// records into chunks; chunks are decoded in order of reading by whichever thread
/// is free (the reader when it is a window ahead, the folding thread when it waits,
/// any extra helpers) and folded in order by the thread that asked. At most `window` chunks
/// are read ahead of the fold, which bounds the memory.
private final class FoldPipeline: @unchecked Sendable {
    static let chunkRecords = 8192
    static let window = 8

    /// Records copied out of the log: consecutive positions from `first`.
    struct RawChunk {
        var first: UInt64
        var bytes: [UInt8] = []
        var ends: [Int] = []
    }

    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var raw: [Int: RawChunk] = [:]
    private var decoded: [Int: Result<DecodedChunk, any Error>] = [:]
    /// Chunks read so far; chunks claimed for decoding so far (in reading order).
    private var read = 0
    private var claimed = 0
    /// The chunk the fold waits for (all before it are folded).
    private var folding = 0
    private var readerDone = false
    private var readerError: (any Error)?
    private var stopped = false
    private var garbage: [DecodedChunk] = []

    /// The reader thread: scans once, publishing chunks and decoding between them.
    func read(_ log: Log, from: UInt64, to stop: UInt64) {
        let strings = StringCache()
        var chunk = RawChunk(first: from)
        do {
            try log.scan(from: from, to: stop) { view in
                chunk.bytes.append(contentsOf: view.encoded)
                chunk.ends.append(chunk.bytes.count)
                guard chunk.ends.count == Self.chunkRecords else { return true }
                let next = chunk.first + UInt64(chunk.ends.count)
                guard publish(chunk, strings: strings) else { return false }
                chunk = RawChunk(first: next)
                chunk.bytes.reserveCapacity(1 << 21)
                chunk.ends.reserveCapacity(Self.chunkRecords)
                emptyGarbage()
                return true
            }
            if !chunk.ends.isEmpty { _ = publish(chunk, strings: strings) }
        } catch {
            lock.locked { readerError = error }
        }
        lock.locked {
            readerDone = true
            lock.broadcast()
        }
        while decodeOne(strings) {}
        emptyGarbage()
    }

    /// Takes a folded chunk, to free its events on a helper thread.
    func discard(_ chunk: DecodedChunk) {
        lock.locked { garbage.append(chunk) }
    }

    private func emptyGarbage() {
        var trash: [DecodedChunk] = []
        lock.locked { swap(&trash, &garbage) }
        trash.removeAll()
    }

    /// An extra helper's loop: decode chunks until all are.
    func decodeUntilDone() {
        let strings = StringCache()
        while true {
            let more: Bool = lock.locked {
                lock.wait { stopped || claimed < read || readerDone }
                return !stopped && (claimed < read || !readerDone)
            }
            guard more else { return }
            _ = decodeOne(strings)
        }
    }

    /// Hands a chunk over; while the fold is `window` chunks behind, decodes waiting
    /// chunks instead (reading is the lighter work: the reader keeps ahead, and
    /// whichever thread is free decodes). False once the fold stopped.
    private func publish(_ chunk: RawChunk, strings: StringCache) -> Bool {
        while true {
            enum Step { case published, stopped, decode }
            let step: Step = lock.locked {
                lock.wait { stopped || read < folding + Self.window || claimed < read }
                if stopped { return .stopped }
                if read < folding + Self.window {
                    raw[read] = chunk
                    read += 1
                    lock.broadcast()
                    return .published
                }
                return .decode
            }
            switch step {
            case .published: return true
            case .stopped: return false
            case .decode: _ = decodeOne(strings)
            }
        }
    }

    /// Decodes the oldest chunk nobody claimed; false if there was none.
    private func decodeOne(_ strings: StringCache) -> Bool {
        let next: (Int, RawChunk)? = lock.locked {
            guard !stopped, claimed < read, let chunk = raw.removeValue(forKey: claimed) else { return nil }
            claimed += 1
            return (claimed - 1, chunk)
        }
        guard let (k, chunk) = next else { return false }
        let result = Result { try Self.decode(chunk, strings: strings) }
        lock.locked {
            decoded[k] = result
            lock.broadcast()
        }
        return true
    }

    /// The events of chunk `k` (taken in order), or nil after the last; decodes
    /// waiting chunks here rather than wait idle.
    func take(_ k: Int) throws -> DecodedChunk? {
        var strings: StringCache?
        while true {
            enum Step {
                case ready(Result<DecodedChunk, any Error>)
                case decode
                case end((any Error)?)
            }
            let step: Step = lock.locked {
                folding = k
                lock.broadcast()
                lock.wait { decoded[k] != nil || claimed < read || (readerDone && k >= read) }
                if let result = decoded.removeValue(forKey: k) { return .ready(result) }
                if claimed < read { return .decode }
                return .end(readerError)
            }
            switch step {
            case .ready(let result): return try result.get()
            case .end(let error):
                if let error { throw error }
                return nil
            case .decode:
                if strings == nil { strings = StringCache() }
                _ = decodeOne(strings!)
            }
        }
    }

    /// Stops the other threads after the chunk each is on.
    func finish() {
        lock.locked {
            stopped = true
            lock.broadcast()
        }
    }

    private static func decode(_ chunk: RawChunk, strings: StringCache) throws -> DecodedChunk {
        var events: [StoredEvent] = []
        events.reserveCapacity(chunk.ends.count)
        try chunk.bytes.withUnsafeBytes { bytes in
            var start = 0
            for (i, end) in chunk.ends.enumerated() {
                let view = try RecordView(
                    position: chunk.first + UInt64(i), record: UnsafeRawBufferPointer(rebasing: bytes[start..<end]),
                    context: "a replay's copy of the log")
                if !view.isLogMaintenance { events.append(try StoredEvent(view, strings: strings)) }
                start = end
            }
        }
        return DecodedChunk(events)
    }
}

/// A chunk's decoded events, in a box: the fold lends them out in place, which
/// needs the array to be uniquely held (a copy would copy every event).
private final class DecodedChunk: @unchecked Sendable {
    var events: [StoredEvent]

    init(_ events: [StoredEvent]) {
        self.events = events
    }
}
