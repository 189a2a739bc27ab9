internal import Synchronization

/// Every meeting's fold (`MeetingState`), by stream: the one projection of what the
/// meetings' events say. Minutes, attendance, decision follow-up, the compliance
/// counts and the retention review are read from it.
///
/// It also keeps, per stream, where the record's content events sit in the log and
/// their digests (`ContentEvent`), until the record is destroyed or filed as
/// permanent: the engine shreds exactly those (`contentPositionsToShred(stream:)`),
/// and the register names their digests.
///
/// When `archive.destroyed` is applied the meeting's content is forgotten (only its
/// filing and custody facts stay), so a checkpoint written afterwards holds nothing
/// of what was destroyed, and it equals a rebuild from the shredded log.
///
/// Read from an archive's checkpoint, each meeting stays as checkpoint bytes until
/// it is first read or changed (`StoredMeetings`): opening costs the list of
/// streams, not every meeting's content.
public struct MeetingRecords: Projection {
    public static let name = "records"

    /// A content event still in the log: what will be shredded if the record is destroyed.
    public struct ContentEvent: Hashable, Sendable {
        public let position: UInt64
        public let digest: Hash256
    }

    struct Entry: Hashable, Sendable {
        var state: MeetingState
        var content: [ContentEvent] = []
        /// Whether content events are still listed: the record is neither destroyed
        /// nor permanent. Follows from `state`; only custody events change it.
        var listsContent = true

        init(state: MeetingState, content: [ContentEvent] = []) {
            self.state = state
            self.content = content
            listsContent = !(state.isDestroyed || state.retention == .permanent)
        }
    }

    /// Streams in the order their first event appears in the log.
    public private(set) var streams: [String] = []
    /// Each stream's fold, in the order of `streams`; a blank while it is still only
    /// in `stored` (read from a checkpoint, not yet decoded: see `isStored`).
    var entries: [Entry] = []
    /// Whether each stream's fold is still only in `stored`; empty when none is.
    var isStored: [Bool] = []
    /// Each stream's place in `streams`.
    var places: [String: Int] = [:]
    /// The meetings of the checkpoint this was read from, decoded on first use.
    var stored: StoredMeetings?
    /// Places of streams recently applied, by the identity of their `String`.
    private var recent = RecentPlaces()

    public init() {}

    /// The fold of `stream`, if any event of it was applied.
    public subscript(stream: String) -> MeetingState? {
        guard let place = places[stream] else { return nil }
        return entry(at: place).state
    }

    /// The version `stream`'s fold reflects (its event count), without decoding a
    /// meeting read from a checkpoint; nil if no event of it was applied.
    public func version(of stream: String) -> Int? {
        places[stream].map(version(at:))
    }

    /// Every meeting's fold, in log order of first appearance.
    public var states: some Collection<MeetingState> { streams.indices.lazy.map { self.entry(at: $0).state } }

    /// The positions of `stream`'s content events (scheduling, notices, leave,
    /// sign-ins, speeches, decisions and their progress, minutes, …) still in the log,
    /// ascending: what the engine shreds when the record is destroyed. Custody events
    /// (`MeetingState.custodyTypes`) are never listed.
    public func contentPositionsToShred(stream: String) -> [UInt64] {
        contentEvents(stream: stream).map(\.position)
    }

    /// The content events of `stream` still in the log, with their digests.
    public func contentEvents(stream: String) -> [ContentEvent] {
        guard let place = places[stream] else { return [] }
        return entry(at: place).content
    }

    /// Calls `body` with the fold of `stream` in place (no copy of the meeting, whose
    /// every text a copy would retain); nil if no event of it was applied.
    func withState<R>(of stream: String, _ body: (borrowing MeetingState) -> R) -> R? {
        guard let place = places[stream] else { return nil }
        if isStillStored(place) {
            let box = stored!.box(place)
            return body(box.entry.state)
        }
        return entries.withUnsafeBufferPointer { body($0[place].state) }
    }

    func entry(at place: Int) -> Entry {
        isStillStored(place) ? stored!.entry(place) : entries[place]
    }

    @inline(__always) func isStillStored(_ place: Int) -> Bool {
        place < isStored.count && isStored[place]
    }

    public mutating func apply(_ stored: StoredEvent) {
        let place = place(of: stored.stream)
        if isStillStored(place) {
            entries[place] = self.stored!.entry(place)
            isStored[place] = false
        }
        entries[place].apply(stored)
    }

    /// The place of `stream`, added at the end if it is new.
    private mutating func place(of stream: String) -> Int {
        if let place = recent.place(of: stream), streams[place] == stream { return place }
        let place: Int
        if let found = places[stream] {
            place = found
        } else {
            place = streams.count
            places[stream] = place
            streams.append(stream)
            entries.append(Entry(state: MeetingState(stream: stream)))
        }
        recent.remember(stream, at: place)
        return place
    }

    public static func == (a: MeetingRecords, b: MeetingRecords) -> Bool {
        guard a.streams == b.streams else { return false }
        for place in a.streams.indices where a.entry(at: place) != b.entry(at: place) { return false }
        return true
    }

    // MARK: - Snapshot

    /// Snapshot layout (format 2): the stream table, then each meeting's bytes in the
    /// same order, so that a reader can find any meeting without decoding the others:
    ///
    /// ```
    /// records = count:varint  (stream:string  version:varint  length:varint) × count  meeting × count
    /// meeting = MeetingState (Snapshot/MeetingState+Snapshot)  content:(position:varint digest:32) array
    /// ```
    public func encode() -> [UInt8] {
        var meetings = BinaryWriter()
        var lengths: [Int] = []
        lengths.reserveCapacity(streams.count)
        for place in streams.indices {
            let start = meetings.bytes.count
            if isStillStored(place) {
                meetings.bytes.append(contentsOf: stored!.bytes(place))
            } else {
                entries[place].encode(into: &meetings)
            }
            lengths.append(meetings.bytes.count - start)
        }
        var bytes = Self.encoded { w in
            w.count(streams.count)
            for place in streams.indices {
                w.text(streams[place])
                w.count(version(at: place))
                w.count(lengths[place])
            }
        }
        bytes.append(contentsOf: meetings.bytes)
        return bytes
    }

    private func version(at place: Int) -> Int {
        isStillStored(place) ? stored!.versions[place] : entries[place].state.version
    }

    /// Reads a snapshot written by `encode()`, decoding every meeting now (and so
    /// refusing any damage now).
    public init(decoding bytes: [UInt8]) throws(SnapshotError) {
        let owner = SnapshotBytes(copying: bytes)
        var records = try MeetingRecords(snapshot: owner, owner.buffer)
        let strings = StringCache()
        for place in records.streams.indices {
            records.entries[place] = try records.stored!.decode(place, strings: strings)
        }
        records.stored = nil
        records.isStored = []
        self = records
    }

    /// Reads a snapshot's stream table; each meeting is decoded when first used.
    /// `section` lies in `owner`, which must stay unchanged (the caller checked its
    /// checksum) and is kept as long as a meeting is not decoded.
    init(snapshot owner: SnapshotBytes, _ section: UnsafeRawBufferPointer) throws(SnapshotError) {
        var base = 0
        if let start = owner.buffer.baseAddress, let sectionStart = section.baseAddress { base = start.distance(to: sectionStart) }
        self = try Self.decoded(section) { r in
            var records = MeetingRecords()
            let n = try r.elementCount()
            records.streams.reserveCapacity(n)
            records.places.reserveCapacity(n)
            var versions: [Int] = []
            var ranges: [Range<Int>] = []
            versions.reserveCapacity(n)
            ranges.reserveCapacity(n)
            var total = 0
            for place in 0..<n {
                let stream = try r.text()
                // A damaged or forged varint past Int's range is refused, never trapped on.
                guard let version = Int(exactly: try r.varint()) else {
                    throw SnapshotError(projection: Self.name, message: "stream \(stream) has a version past any log's length")
                }
                versions.append(version)
                let length = try r.length()
                ranges.append(total..<total + length)
                total += length
                guard records.places.updateValue(place, forKey: stream) == nil else {
                    throw SnapshotError(projection: Self.name, message: "stream \(stream) appears twice")
                }
                records.streams.append(stream)
            }
            guard total == r.count - r.offset else {
                throw SnapshotError(projection: Self.name, message: "the meetings take \(r.count - r.offset) bytes, not \(total)")
            }
            let start = base + r.offset
            r.offset = r.count
            records.entries = records.streams.map { Entry(state: MeetingState(stream: $0)) }
            records.isStored = Array(repeating: true, count: n)
            records.stored = StoredMeetings(
                owner: owner, ranges: ranges.map { start + $0.lowerBound..<start + $0.upperBound }, streams: records.streams,
                versions: versions)
            return records
        }
    }
}

/// A small direct-mapped table from a stream name's `String` instance to its place:
/// a replay shares one instance per name (`StringCache`), so most events find their
/// meeting here without hashing the name. A hit is only a hint, checked with `==`.
struct RecentPlaces: Sendable {
    private static let bits = 10
    private var slots: [(UInt64, UInt64, Int)] = []

    @inline(__always) private static func key(_ stream: String) -> (UInt64, UInt64, Int) {
        let raw = unsafeBitCast(stream, to: (UInt64, UInt64).self)
        let slot = Int(truncatingIfNeeded: ((raw.0 ^ raw.1) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
        return (raw.0, raw.1, slot)
    }

    @inline(__always) func place(of stream: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        let (a, b, slot) = Self.key(stream)
        let entry = slots[slot]
        return entry.0 == a && entry.1 == b ? entry.2 : nil
    }

    mutating func remember(_ stream: String, at place: Int) {
        if slots.isEmpty { slots = Array(repeating: (0, 0, 0), count: 1 << Self.bits) }
        let (a, b, slot) = Self.key(stream)
        slots[slot] = (a, b, place)
    }
}

extension MeetingRecords.Entry {
    mutating func apply(_ stored: StoredEvent) {
        // Not `if let`: unwrapping the optional event copies it (every text it holds
        // retained and released again); this lends it as it lies.
        if stored.isDestroyed {
            state.applyDestroyed()
        } else {
            state.apply(lent: stored.stored)
        }
        if MeetingState.isContent(stored.type) {
            // A permanent record is never destroyed: no need to remember what to shred.
            if listsContent {
                content.append(MeetingRecords.ContentEvent(position: stored.position, digest: stored.digest))
            }
        } else {
            // Only custody events file, appraise or destroy a record.
            listsContent = !(state.isDestroyed || state.retention == .permanent)
            if !listsContent { content = [] }
        }
    }

    func encode(into w: inout BinaryWriter) {
        state.encode(into: &w)
        w.array(content) { w, c in
            w.varint(c.position)
            w.digest(c.digest)
        }
    }

    init(from r: inout BinaryReader) throws {
        let state = try MeetingState(from: &r)
        let content = try r.array { MeetingRecords.ContentEvent(position: try $0.varint(), digest: try $0.digest()) }
        self.init(state: state, content: content)
    }
}

/// The meetings of a checkpoint, kept as its bytes and each decoded the first time it
/// is read: opening an archive then costs its list of streams, not every meeting.
///
/// Shared by every copy of the `MeetingRecords` read from that checkpoint; a decoded
/// meeting is kept (meetings are immutable here: a change copies the meeting out
/// into the `MeetingRecords` that applies it).
final class StoredMeetings: Sendable {
    let owner: SnapshotBytes
    let ranges: [Range<Int>]
    let streams: [String]
    let versions: [Int]
    private let decoded = Mutex<Decoded>(Decoded())

    private struct Decoded: ~Copyable {
        var entries: [Int: Box] = [:]
        let strings = StringCache()
    }

    init(owner: SnapshotBytes, ranges: [Range<Int>], streams: [String], versions: [Int]) {
        self.owner = owner
        self.ranges = ranges
        self.streams = streams
        self.versions = versions
    }

    /// The checkpoint bytes of the meeting at `place`.
    func bytes(_ place: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: owner.buffer[ranges[place]])
    }

    /// The meeting at `place`, decoded on first use.
    ///
    /// The checkpoint's checksum was checked before it was read, and its writer
    /// encoded this very meeting, so a meeting that does not decode is a fault of this
    /// program, not of the data: it stops, rather than answer with a wrong state.
    func entry(_ place: Int) -> MeetingRecords.Entry {
        box(place).entry
    }

    /// A decoded meeting, boxed so that it is lent out without a copy.
    final class Box: Sendable {
        let entry: MeetingRecords.Entry
        init(_ entry: MeetingRecords.Entry) { self.entry = entry }
    }

    /// The meeting at `place` in its box, decoded on first use.
    func box(_ place: Int) -> Box {
        decoded.withLock { decoded in
            if let box = decoded.entries[place] { return box }
            let box: Box
            do {
                box = Box(try decode(place, strings: decoded.strings))
            } catch {
                preconditionFailure("\(error)")
            }
            decoded.entries[place] = box
            return box
        }
    }

    /// Decodes the meeting at `place`.
    func decode(_ place: Int, strings: StringCache?) throws(SnapshotError) -> MeetingRecords.Entry {
        do {
            var r = BinaryReader(bytes(place), strings: strings)
            let entry = try MeetingRecords.Entry(from: &r)
            guard r.isAtEnd else { throw SnapshotError(projection: MeetingRecords.name, message: "bytes left over after \(streams[place])") }
            guard entry.state.stream == streams[place], entry.state.version == versions[place] else {
                throw SnapshotError(projection: MeetingRecords.name, message: "the meeting stored for \(streams[place]) is another's")
            }
            return entry
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(projection: MeetingRecords.name, message: "\(streams[place]): \(error)")
        }
    }
}
