internal import Foundation
internal import Synchronization

extension Archive {
    static let projectionsFile = "projections/state.snap"
    static let checkpointMagic = Array("ANNALPRJ".utf8)

    /// Loads the projections' checkpoint and replays only the log after it; without a
    /// usable checkpoint (missing, damaged, from another log, ahead of a log whose tail
    /// was cut) replays everything. Never trusts a checkpoint it cannot check.
    ///
    /// The file (docs/FORMAT.md, "Projection checkpoint"): `"ANNALPRJ"`, u8 has-position,
    /// u64 position, 32-byte digest of the record at that position, the snapshot
    /// bytes, and a CRC-32C of everything before it. The digest ties the checkpoint to
    /// this log: a checkpoint copied from another archive, or one the log no longer
    /// reaches, does not match.
    func loadProjections(readOnly: Bool) throws {
        var set = ProjectionSet(policy: rules.policy)
        if let bytes = FileManager.default.contents(atPath: path + "/" + Self.projectionsFile),
            let decoded = try? checkpointed(Array(bytes))
        {
            set = decoded
        }
        let from = set.position.map { $0 + 1 } ?? 0
        try replay(from: from) { stored in
            set.apply(stored)
            return true
        }
        projections.withLock { $0 = set }
    }

    /// Decodes and checks a checkpoint file; nil if it cannot be trusted for this log.
    func checkpointed(_ bytes: [UInt8]) throws -> ProjectionSet? {
        guard let (position, body) = try checkpointBody(bytes, magic: Self.checkpointMagic) else { return nil }
        let set = try ProjectionSet(decoding: Array(body), policy: rules.policy)
        guard set.position == position else { return nil }
        return set
    }

    /// Writes the projections' checkpoint atomically (the old file is replaced whole),
    /// then the query index's, which is derived from them.
    public func saveProjections() throws {
        try catchUpProjections()
        let (snapshot, position) = projections.withLock { ($0.encode(), $0.position) }
        try writeCheckpoint(Self.projectionsFile, magic: Self.checkpointMagic, position: position, body: snapshot)
        try saveQueryIndex()
    }

    /// A checkpoint file tied to this log: `magic`, u8 has-position, u64 position
    /// (little-endian), the 32-byte digest of the record at that position (zero when
    /// none), `body`, and a CRC-32C of everything before it; written atomically.
    func writeCheckpoint(_ file: String, magic: [UInt8], position: UInt64?, body: [UInt8]) throws {
        var bytes = magic
        bytes.reserveCapacity(magic.count + 45 + body.count)
        bytes.append(position == nil ? 0 : 1)
        bytes.appendLE(position ?? 0)
        let digest = try position.flatMap { try log.record(at: $0)?.digest } ?? .zero
        digest.append(to: &bytes)
        bytes.append(contentsOf: body)
        bytes.appendLE(CRC32C.checksum(bytes))
        let directory = path + "/" + file.split(separator: "/").dropLast().joined(separator: "/")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileIO.system.writeFileAtomically(path + "/" + file, bytes, directory: directory)
    }

    /// The position and body of a checkpoint written by `writeCheckpoint`, or nil if it
    /// is damaged, of another kind, or not a prefix of this log (another archive's
    /// file, or one the log no longer reaches after its tail was cut).
    func checkpointBody(_ bytes: [UInt8], magic: [UInt8]) throws -> (position: UInt64?, body: ArraySlice<UInt8>)? {
        let header = magic.count + 1 + 8 + 32
        guard bytes.count >= header + 4, Array(bytes[0..<magic.count]) == magic else { return nil }
        let crc = bytes[(bytes.count - 4)...].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard CRC32C.checksum(bytes[..<(bytes.count - 4)]) == crc else { return nil }
        let hasPosition = bytes[magic.count] == 1
        let position = bytes[(magic.count + 1)...].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard let digest = Hash256(bytes: bytes[(header - 32)..<header]) else { return nil }
        if hasPosition {
            guard position < log.endPosition, let record = try log.record(at: position), record.digest == digest else { return nil }
        }
        return (hasPosition ? position : nil, bytes[header..<(bytes.count - 4)])
    }

    /// Folds every event appended since the projections last looked.
    func catchUpProjections() throws {
        try projections.withLock { set in
            let from = set.position.map { $0 + 1 } ?? 0
            guard from < log.endPosition else { return }
            try replay(from: from) { stored in
                set.apply(stored)
                return true
            }
        }
    }

    /// The projections as of now, or as of a log position or business time.
    ///
    /// As of a moment in the past the log is replayed from the start up to it (the
    /// same fold, so the answer is the one the live projections gave then).
    public func projections(asOf: AsOf = .latest) throws -> ProjectionSet {
        try catchUpProjections()
        switch asOf {
        case .latest: return projections.withLock { $0 }
        default:
            var set = ProjectionSet(policy: rules.policy)
            var events: [StoredEvent] = []
            let end: UInt64? = if case .position(let p) = asOf { p + 1 } else { nil }
            try replay(from: 0, to: end) { events.append($0); return true }
            set.replay(events, asOf: asOf)
            return set
        }
    }

    /// One meeting's minutes (会议纪要) as of now, a position or a time. Only that
    /// meeting's events are replayed, so it costs the meeting's size, not the log's;
    /// the archive number is the one the meeting had by then.
    public func minutes(of stream: String, asOf: AsOf = .latest, judgedOn date: CivilDate? = nil) throws -> Minutes? {
        try catchUpProjections()
        let live = projections.withLock { $0 }
        if case .latest = asOf { return live.minutes(of: stream, judgedOn: date) }
        let events = try self.events(in: stream)
        let set = ProjectionSet.replay(events, asOf: asOf, policy: rules.policy)
        guard let minutes = set.minutes(of: stream, judgedOn: date) else { return nil }
        let filed = events.first { stored in
            guard stored.type == .meetingArchived else { return false }
            switch asOf {
            case .latest: return true
            case .position(let p): return stored.position <= p
            case .time(let t): return stored.event.map { $0.at <= t } ?? false
            }
        }
        return Minutes(
            state: minutes.state, meeting: minutes.meeting, sheet: minutes.sheet,
            archiveNumber: filed == nil ? nil : live.numbering[stream]?.formatted(live.numberFormat),
            decisions: minutes.decisions, judgedOn: minutes.judgedOn)
    }
}
