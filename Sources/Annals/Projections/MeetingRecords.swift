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
    }

    /// Streams in the order their first event appears in the log.
    public private(set) var streams: [String] = []
    var entries: [String: Entry] = [:]

    public init() {}

    /// The fold of `stream`, if any event of it was applied.
    public subscript(stream: String) -> MeetingState? { entries[stream]?.state }

    /// Every meeting's fold, in log order of first appearance.
    public var states: some Collection<MeetingState> { streams.lazy.map { entries[$0]!.state } }

    /// The positions of `stream`'s content events (scheduling, notices, leave,
    /// sign-ins, speeches, decisions and their progress, minutes, …) still in the log,
    /// ascending: what the engine shreds when the record is destroyed. Custody events
    /// (`MeetingState.custodyTypes`) are never listed.
    public func contentPositionsToShred(stream: String) -> [UInt64] {
        entries[stream]?.content.map(\.position) ?? []
    }

    /// The content events of `stream` still in the log, with their digests.
    public func contentEvents(stream: String) -> [ContentEvent] { entries[stream]?.content ?? [] }

    public mutating func apply(_ stored: StoredEvent) {
        let index: Dictionary<String, Entry>.Index
        if let found = entries.index(forKey: stored.stream) {
            index = found
        } else {
            entries[stored.stream] = Entry(state: MeetingState(stream: stored.stream))
            streams.append(stored.stream)
            index = entries.index(forKey: stored.stream)!
        }
        entries.values[index].apply(stored)
    }

    public func encode() -> [UInt8] {
        Self.encoded { w in
            w.count(streams.count)
            for stream in streams {
                let entry = entries[stream]!
                entry.state.encode(into: &w)
                w.array(entry.content) { w, c in
                    w.varint(c.position)
                    w.digest(c.digest)
                }
            }
        }
    }

    public init(decoding bytes: [UInt8]) throws(SnapshotError) {
        self = try Self.decoded(bytes) { r in
            var records = MeetingRecords()
            let n = try r.elementCount()
            for _ in 0..<n {
                let state = try MeetingState(from: &r)
                let content = try r.array { ContentEvent(position: try $0.varint(), digest: try $0.digest()) }
                guard records.entries.updateValue(Entry(state: state, content: content), forKey: state.stream) == nil else {
                    throw SnapshotError(projection: Self.name, message: "stream \(state.stream) appears twice")
                }
                records.streams.append(state.stream)
            }
            return records
        }
    }
}

extension MeetingRecords.Entry {
    mutating func apply(_ stored: StoredEvent) {
        if let event = stored.event {
            state.apply(event)
        } else {
            state.applyDestroyed()
        }
        if MeetingState.isContent(stored.type) {
            // A permanent record is never destroyed: no need to remember what to shred.
            if state.retention != .permanent, !state.isDestroyed {
                content.append(MeetingRecords.ContentEvent(position: stored.position, digest: stored.digest))
            }
        } else if state.isDestroyed || state.retention == .permanent {
            content = []
        }
    }
}
