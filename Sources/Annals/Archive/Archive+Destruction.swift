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

    /// After destructions are appended: the projections forget the content, the log
    /// shreds it from every segment, and the projections' checkpoint is rewritten so
    /// that no snapshot file keeps it either.
    func finishDestruction(shredding positions: [UInt64]) throws {
        guard !positions.isEmpty else { return }
        try catchUpProjections()
        try log.shred(positions)
        try saveProjections()
        states.withLock { $0.removeAll() }
    }
}
