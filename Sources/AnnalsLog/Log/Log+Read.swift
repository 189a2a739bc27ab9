internal import Synchronization

/// Decompressed sealed blocks kept for point reads (a stream's records are spread
/// over many blocks). Sequential scans bypass it.
final class BlockCache: Sendable {
    private struct Key: Hashable {
        var segment: UInt64
        var block: Int
    }
    private struct State {
        var blocks: [Key: [UInt8]] = [:]
        var order: [Key] = []
    }
    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func block(_ segment: SealedSegment, _ index: Int) throws -> [UInt8] {
        let key = Key(segment: segment.firstPosition, block: index)
        if let hit = state.withLock({ $0.blocks[key] }) { return hit }
        var raw = [UInt8]()
        var frame = [UInt8]()
        try segment.readBlock(index, into: &raw, frame: &frame)
        state.withLock { s in
            if s.blocks.updateValue(raw, forKey: key) == nil { s.order.append(key) }
            if s.order.count > capacity { s.blocks[s.order.removeFirst()] = nil }
        }
        return raw
    }

    func invalidate(segment: UInt64) {
        state.withLock { s in
            s.order.removeAll { $0.segment == segment }
            s.blocks = s.blocks.filter { $0.key.segment != segment }
        }
    }
}

/// The direction of a stream read.
public enum ReadDirection: Sendable {
    case forward, backward
}

extension Log {
    /// Calls `body` with each record from position `from` up to `end` (exclusive;
    /// default: the end of the log as it is now), in order, without copying; `body`
    /// returns false to stop. The views are valid only inside `body`.
    ///
    /// Readers see a consistent prefix: records appended during the scan are not
    /// included, and no record is ever half-written.
    public func scan(from: UInt64 = 0, to end: UInt64? = nil, _ body: (RecordView) throws -> Bool) throws {
        let (segments, visible) = try snapshot()
        let stop = min(end ?? visible, visible)
        guard from < stop else { return }
        for segment in segments where segment.endPosition > from && segment.firstPosition < stop {
            if try !segment.forEach(from: from, to: stop, body) { return }
        }
    }

    /// Copies of the records at positions `from..<from+limit` (fewer at the end).
    public func read(from: UInt64, limit: Int) throws -> [Record] {
        var out: [Record] = []
        out.reserveCapacity(min(limit, 4096))
        guard limit > 0 else { return out }
        try scan(from: from, to: from &+ UInt64(limit)) { view in
            out.append(view.materialize())
            return true
        }
        return out
    }

    /// The record at `position`, or nil if the log is shorter.
    public func record(at position: UInt64) throws -> Record? {
        var found: Record?
        try visit(position) { found = $0.materialize() }
        return found
    }

    /// A stream's records from `version`, forward or backward, at most `limit`.
    public func readStream(
        _ stream: String, from version: UInt64? = nil, direction: ReadDirection = .forward, limit: Int = .max
    ) throws -> [Record] {
        guard let entry = shared.withLock({ $0.index.entry(stream) }), !entry.positions.isEmpty else { return [] }
        var positions: ArraySlice<UInt64>
        switch direction {
        case .forward:
            let start = Int(min(version ?? 0, UInt64(entry.positions.count)))
            positions = entry.positions[start...]
            positions = positions.prefix(limit)
        case .backward:
            let last = Int(min(version ?? UInt64(entry.positions.count - 1), UInt64(entry.positions.count - 1)))
            positions = entry.positions[...last]
            positions = positions.suffix(limit)
        }
        var out: [Record] = []
        out.reserveCapacity(positions.count)
        for position in positions {
            try visit(position) { out.append($0.materialize()) }
        }
        return direction == .forward ? out : out.reversed()
    }

    /// Records whose `recordedAt` lies in `from...to` (µs since the Unix epoch), in
    /// position order. Uses the segments' time ranges and block index, so only the
    /// blocks that can hold such records are read.
    public func read(recordedFrom from: Int64, to: Int64, limit: Int = .max) throws -> [Record] {
        let start = try firstPosition(recordedAtOrAfter: from)
        var out: [Record] = []
        try scan(from: start) { view in
            if view.recordedAt > to || out.count >= limit { return false }
            if view.recordedAt >= from { out.append(view.materialize()) }
            return true
        }
        return out
    }

    /// The first position whose `recordedAt` is at or after `time` (the end if none).
    public func firstPosition(recordedAtOrAfter time: Int64) throws -> UInt64 {
        let (segments, visible) = try snapshot()
        for segment in segments {
            switch segment {
            case .sealed(let s):
                guard s.lastRecordedAt >= time else { continue }
                let block = s.blocks.firstIndex { $0.lastRecordedAt >= time } ?? 0
                return s.blocks[block].firstPosition
            case .wal(let w):
                let frames = w.state.withLock { $0.frames }
                if let frame = frames.first(where: { $0.recordedAt >= time }) { return frame.firstPosition }
            }
        }
        return visible
    }

    /// The position of the record with `id` in `stream`, or nil if there is none.
    public func position(of id: EventID, in stream: String) throws -> UInt64? {
        guard let entry = shared.withLock({ $0.index.entry(stream) }) else { return nil }
        for version in entry.versions(ofTag: id.tag) {
            let position = entry.positions[version]
            if try readHeader(position)?.id == id { return position }
        }
        return nil
    }

    /// The position and stream of the record with `id`, in whichever stream it is, or
    /// nil if the log has none: for a caller that keeps ids unique across streams (an
    /// archive). The first lookup builds the index's id map (see ``StreamIndex``).
    package func location(of id: EventID) throws -> (position: UInt64, stream: String)? {
        let candidates = shared.withLock { $0.index.positions(ofTag: id.tag) }
        for position in candidates {
            if let header = try readHeader(position), header.id == id { return (position, header.stream) }
        }
        return nil
    }

    /// Reads one record in place (through the block cache for sealed segments).
    func visit(_ position: UInt64, _ body: (RecordView) throws -> Void) throws {
        let (segments, visible) = try snapshot()
        guard position < visible,
            let segment = segments.last(where: { $0.firstPosition <= position })
        else { return }
        switch segment {
        case .sealed(let s):
            guard let index = s.blockIndex(containing: position) else { return }
            let raw = try blockCache.block(s, index)
            _ = try SealedSegment.forEachRecord(inBlock: raw, entry: s.blocks[index], context: s.path) { view in
                guard view.position == position else { return true }
                try body(view)
                return false
            }
        case .wal(let w):
            _ = try w.forEach(from: position, to: position + 1) { view in
                try body(view)
                return false
            }
        }
    }

    /// The stored id of the record at `position` (for confirming idempotent retries).
    func readHeader(_ position: UInt64) throws -> (id: EventID, stream: String)? {
        var out: (EventID, String)?
        try visit(position) { out = ($0.id, $0.stream) }
        return out
    }

    /// For a reader: runs `body` while no writer holds the log, and only if no writer
    /// has made anything durable since this log was opened (so what this reader sees
    /// is the log as it is). Returns whether `body` ran. A reader uses it to share a
    /// file derived from what it read (the query index made by a first query) without
    /// ever putting a stale one in the place of a writer's: a writer that comes
    /// meanwhile waits for it (a few seconds at most) instead of failing.
    public func whileNoWriter(_ body: () throws -> Void) throws -> Bool {
        guard isReadOnly else { return false }
        return try LockFile.whileFree(directory: directory) {
            let now = DurableMark.read(directory: directory, io: io)
            guard now?.segment == openedMark?.segment, now?.end == openedMark?.end, now?.offset == openedMark?.offset else {
                return false
            }
            try body()
            return true
        }
    }

    func snapshot() throws -> ([SegmentRef], UInt64) {
        try shared.withLock { s in
            if s.closed { throw LogError(.closed, "the log at \(directory) is closed") }
            return (s.segments, s.endPosition)
        }
    }
}
