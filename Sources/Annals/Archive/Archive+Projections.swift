internal import Foundation
internal import Synchronization

extension Archive {
    static let projectionsFile = "projections/state.snap"
    /// "Z": the snapshot is stored as one LZ4 frame. (An `ANNALPRJ` file, the
    /// uncompressed form of earlier versions, is not read: the log is replayed and
    /// the checkpoint written anew.)
    static let checkpointMagic = Array("ANNALPRZ".utf8)

    /// Loads the projections' checkpoint and replays only the log after it; without a
    /// usable checkpoint (missing, damaged, from another log, ahead of a log whose tail
    /// was cut) replays everything. Never trusts a checkpoint it cannot check.
    ///
    /// The file (docs/FORMAT.md, "Projection checkpoint"): `"ANNALPRZ"`, u8 has-position,
    /// u64 position, 32-byte digest of the record at that position, the snapshot
    /// bytes as one LZ4 frame, and a CRC-32C of everything before it. The digest ties
    /// the checkpoint to this log: a checkpoint copied from another archive, or one the
    /// log no longer reaches, does not match.
    func loadProjections(readOnly: Bool) throws {
        var set = ProjectionSet(policy: rules.policy)
        // Mapped, not read: the compressed bytes are checked and decompressed from the
        // page cache without a copy; the meetings are decoded when first used.
        if let file = try? MappedFile.map(path + "/" + Self.projectionsFile, populate: true),
            let decoded = try? checkpointed(file)
        {
            set = decoded
            checkpointed.withLock { $0 = decoded.position }
        }
        let from = set.position.map { $0 + 1 } ?? 0
        try fold(from: from) { set.apply($0) }
        projections.withLock { $0 = set }
    }

    /// Decodes and checks a checkpoint file; nil if it cannot be trusted for this log.
    /// The snapshot is decompressed here; its meetings are decoded on first use.
    func checkpointed(_ file: MappedFile) throws -> ProjectionSet? {
        guard let (position, body) = try checkpointBody(file.bytes, magic: Self.checkpointMagic) else { return nil }
        let owner = try SnapshotBytes(decompressing: UnsafeRawBufferPointer(rebasing: file.bytes[body]))
        let set = try ProjectionSet(snapshot: owner, owner.buffer, policy: rules.policy)
        guard set.position == position else { return nil }
        return set
    }

    /// Writes the projections' checkpoint atomically (the old file is replaced whole),
    /// then the query index's, which is derived from them.
    public func saveProjections() throws {
        try catchUpProjections()
        let (snapshot, position) = projections.withLock { ($0.encode(), $0.position) }
        // Compressed: the meetings' texts and structures repeat, and the file is
        // written after every destruction and read at every open.
        var body: [UInt8] = []
        var scratch: [UInt8] = []
        body.reserveCapacity(snapshot.count / 2)
        snapshot.withUnsafeBytes { LZ4Frame.appendFrame($0, to: &body, scratch: &scratch) }
        try writeCheckpoint(Self.projectionsFile, magic: Self.checkpointMagic, position: position, body: body)
        checkpointed.withLock { $0 = position }
        try saveQueryIndex()
    }

    /// Writes the checkpoints unless the files already hold the projections as they
    /// are (read at open or written since, and nothing appended after): closing an
    /// archive that was only read then writes nothing.
    func saveProjectionsIfChanged() throws {
        try catchUpProjections()
        let position = projections.withLock { $0.position }
        if let saved = checkpointed.withLock({ $0 }), saved == position {
            try saveQueryIndex()
            return
        }
        try saveProjections()
    }

    /// A checkpoint file tied to this log: `magic`, u8 has-position, u64 position
    /// (little-endian), the 32-byte digest of the record at that position (zero when
    /// none), `body`, and a CRC-32C of everything before it; written atomically.
    func writeCheckpoint(_ file: String, magic: [UInt8], position: UInt64?, body: [UInt8]) throws {
        var bytes = magic
        bytes.reserveCapacity(magic.count + 45 + body.count)
        bytes.append(position == nil ? 0 : 1)
        bytes.appendLE(position ?? 0)
        let digest = try position.flatMap { try store.record(at: $0)?.digest } ?? .zero
        digest.append(to: &bytes)
        bytes.append(contentsOf: body)
        bytes.appendLE(CRC32C.checksum(bytes))
        let directory = path + "/" + file.split(separator: "/").dropLast().joined(separator: "/")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try options.log.io.writeFileAtomically(path + "/" + file, bytes, directory: directory)
    }

    /// The position and the body's byte range of a checkpoint written by
    /// `writeCheckpoint`, or nil if it is damaged, of another kind, or not a prefix of
    /// this log (another archive's file, or one the log no longer reaches after its
    /// tail was cut).
    func checkpointBody(_ bytes: UnsafeRawBufferPointer, magic: [UInt8]) throws -> (position: UInt64?, body: Range<Int>)? {
        let header = magic.count + 1 + 8 + 32
        guard bytes.count >= header + 4, magic.indices.allSatisfy({ bytes[$0] == magic[$0] }) else { return nil }
        let crc = bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self).littleEndian
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])) == crc else { return nil }
        let hasPosition = bytes[magic.count] == 1
        let position = bytes.loadUnaligned(fromByteOffset: magic.count + 1, as: UInt64.self).littleEndian
        guard let digest = Hash256(bytes: bytes[(header - 32)..<header]) else { return nil }
        if hasPosition {
            guard position < store.endPosition, let record = try store.record(at: position), record.digest == digest else { return nil }
        }
        return (hasPosition ? position : nil, header..<(bytes.count - 4))
    }

    /// Folds every event appended since the projections last looked.
    func catchUpProjections() throws {
        try projections.withLock { set in
            let from = set.position.map { $0 + 1 } ?? 0
            guard from < store.endPosition else { return }
            try fold(from: from) { set.apply($0) }
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
            return try rebuiltProjections(asOf: asOf)
        }
    }

    /// One meeting's minutes (会议纪要) as of now, a position or a time. Only that
    /// meeting's events are replayed, so it costs the meeting's size, not the log's;
    /// the archive number is the one the meeting had by then. Unfiltered: people read
    /// ``minutes(of:reader:purpose:asOf:judgedOn:)``.
    package func minutes(of stream: String, asOf: AsOf = .latest, judgedOn date: CivilDate? = nil) throws -> Minutes? {
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
