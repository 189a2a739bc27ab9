internal import Foundation
internal import Synchronization

extension Archive {
    /// Fills an `archive.destroyed` event's register facts (销毁清册: archive number,
    /// title, year, retention, kept years, documents, classification, the compliance
    /// flags, and the digests of the content being destroyed) from the projections as they stand, and returns the positions
    /// of the meeting's content events, which are shredded once it is appended.
    ///
    /// The register must be carried by the event itself: once the content is shredded,
    /// a replay from scratch can no longer read the title or the digests' events.
    func preparingDestruction(_ event: Event) throws -> (event: Event, shred: [UInt64]) {
        guard case .archiveDestroyed(var destroyed) = event.data else { return (event, []) }
        try catchUpProjections()
        let (snapshot, positions) = projections.withLock {
            ($0.registerSnapshot(for: event.stream, destroyedAt: event.at), $0.contentPositionsToShred(stream: event.stream))
        }
        if destroyed.register == nil, var snapshot {
            snapshot.flags = try registerFlags(of: event.stream)
            destroyed.register = snapshot
        }
        var filled = event
        filled.data = .archiveDestroyed(destroyed)
        return (filled, positions)
    }

    static let pendingDestructionFile = "projections/pending-destruction"

    /// Before destructions are appended: an intent record naming their streams, so
    /// that a crash between the append and the shred is finished on the next open.
    func recordIntent(toDestroy streams: [String]) throws {
        guard !streams.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: path + "/projections", withIntermediateDirectories: true)
        // Through the log's I/O seam, as every write of a destruction (faults are injected there).
        try options.log.io.writeFileAtomically(
            path + "/" + Self.pendingDestructionFile, Array(streams.joined(separator: "\n").utf8), directory: path + "/projections")
    }

    /// After destructions are appended: the projections forget the content, the log
    /// shreds it from every segment, and the checkpoint files are rewritten so that
    /// none keeps it either; then the intent record is removed.
    ///
    /// Once `archive.destroyed` is in the log the destruction has happened: every read
    /// serves the content as destroyed (``destroyedStreams()``) whether or not the
    /// shred is done. A failure here therefore says what is done and what is pending
    /// (the next writable open finishes it, from the intent record), never that
    /// nothing was written.
    func finishDestruction(shredding positions: [UInt64], streams: [String]) throws {
        guard !positions.isEmpty else { return }
        do {
            try catchUpProjections()
            try log.shred(positions)
        } catch {
            states.withLock { $0.removeAll() }
            throw ArchiveError(
                "\(path): the destruction of \(streams.joined(separator: ", ")) is recorded (archive.destroyed is in the log) and takes effect at once: its content is served as destroyed from now on. Pending: removing that content (\(positions.count) events) from the log's files failed (\(error)); the next writable open of the archive finishes it")
        }
        do {
            try rewriteCheckpoints()
        } catch {
            states.withLock { $0.removeAll() }
            throw ArchiveError(
                "\(path): the destruction of \(streams.joined(separator: ", ")) is recorded and its content removed from the log's files. Pending: rewriting the projections' checkpoint and the query index without it failed (\(error)); the next writable open of the archive rewrites them")
        }
        states.withLock { $0.removeAll() }
        try? options.log.io.unlink(path + "/" + Self.pendingDestructionFile)
    }

    /// The streams whose `archive.destroyed` is in the log as this archive sees it.
    /// Their content events are served as destroyed from that moment on, by every
    /// read (``events(in:)``, ``replay(from:to:_:)``, exports, as-of views), even
    /// while the shred that removes them from the files is pending (a crash or a full
    /// disk between the two).
    func destroyedStreams() throws -> Set<String> {
        try catchUpProjections()
        return projections.withLock { set in Set(set.register.entries.map(\.stream)) }
    }

    /// Rewrites the checkpoint files that exist, from the projections as they are (a
    /// file that does not exist holds nothing to remove: the projections' is written
    /// at close, the query index's once a query made it).
    private func rewriteCheckpoints() throws {
        if FileManager.default.fileExists(atPath: path + "/" + Self.projectionsFile) {
            try saveProjections()
        } else {
            try saveQueryIndex()
        }
    }

    /// Finishes a destruction a crash interrupted: for each stream named in the intent
    /// record whose `archive.destroyed` is in the log, shreds whatever content events
    /// are still whole. (If the destruction itself never made it into the log, there is
    /// nothing to finish: the record was not destroyed.)
    func finishInterruptedDestruction() throws {
        guard let bytes = FileManager.default.contents(atPath: path + "/" + Self.pendingDestructionFile) else { return }
        var positions: [UInt64] = []
        let streams = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        for stream in streams {
            let stored = try log.readStream(stream)
            guard stored.contains(where: { $0.type == EventType.archiveDestroyed.rawValue }) else { continue }
            for record in stored where !record.isDestroyed {
                if let type = EventType(name: record.type), MeetingState.isContent(type) { positions.append(record.position) }
            }
        }
        if positions.isEmpty {
            // The shred was done, but the crash may have come before the checkpoint and
            // index files were rewritten: rewrite them, so no file keeps the content.
            if !log.isReadOnly { try rewriteCheckpoints() }
            try? options.log.io.unlink(path + "/" + Self.pendingDestructionFile)
        } else {
            try finishDestruction(shredding: positions, streams: streams)
        }
    }
}

extension StoredEvent {
    /// Serves a content event of a stream in `destroyed` as destroyed (its header
    /// stays, its content goes), as the shred will leave it.
    @inline(__always) mutating func mask(destroyed streams: Set<String>) {
        if !streams.isEmpty, !isDestroyed, MeetingState.isContent(type), streams.contains(stream) { event = nil }
    }
}
