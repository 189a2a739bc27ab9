internal import Foundation
internal import Synchronization

extension Archive {
    /// Fills an `archive.destroyed` event's register facts (销毁清册: archive number,
    /// title, year, retention, kept years, documents, and the digests of the content
    /// being destroyed) from the projections as they stand, and returns the positions
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
        if destroyed.register == nil { destroyed.register = snapshot }
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
        try FileIO.system.writeFileAtomically(
            path + "/" + Self.pendingDestructionFile, Array(streams.joined(separator: "\n").utf8), directory: path + "/projections")
    }

    /// After destructions are appended: the projections forget the content, the log
    /// shreds it from every segment, and the checkpoint files are rewritten so that
    /// none keeps it either; then the intent record is removed.
    func finishDestruction(shredding positions: [UInt64]) throws {
        guard !positions.isEmpty else { return }
        try catchUpProjections()
        try log.shred(positions)
        try rewriteCheckpoints()
        states.withLock { $0.removeAll() }
        try? FileManager.default.removeItem(atPath: path + "/" + Self.pendingDestructionFile)
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
        for stream in String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init) {
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
            try? FileManager.default.removeItem(atPath: path + "/" + Self.pendingDestructionFile)
        } else {
            try finishDestruction(shredding: positions)
        }
    }
}
