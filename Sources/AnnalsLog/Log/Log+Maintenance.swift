internal import Synchronization

enum MaintenanceJob: Sendable {
    /// Seal a write-ahead segment that is no longer active.
    case seal(WriteAheadSegment, Completion<Void>?)
    /// Deliver once every job queued before it is done.
    case barrier(Completion<Void>)
}

extension Log {
    /// Seals the active segment now: rewrites it as a compressed sealed segment and
    /// starts a new active one. If it fails (a full disk, an I/O error) the log's
    /// files are exactly as they were before the call.
    public func seal() throws {
        let done = Completion<Void>()
        try submitControl(.seal(done))
        try done.wait()
    }

    /// Physically removes the payloads and nonces of the records at `positions`,
    /// keeping their headers and digests (so Merkle leaves and every proof built on
    /// them stay valid). Affected segments are rewritten atomically: after a crash a
    /// segment is wholly old or wholly new. Records still in the active segment are
    /// sealed first. Returns how many records were newly destroyed.
    ///
    /// Reading a shredded record gives its header with ``Record/isDestroyed`` true.
    @discardableResult
    public func shred(_ positions: some Sequence<UInt64>) throws -> Int {
        let done = Completion<Int>()
        try submitControl(.shred(Set(positions), done))
        return try done.wait()
    }

    func runMaintenance() {
        guard let maintenance else { return }
        while let jobs = maintenance.takeAll() {
            for job in jobs {
                switch job {
                case .seal(let wal, let done):
                    do {
                        try sealSegment(wal)
                        shared.withLock { $0.maintenanceError = nil }
                        done?.deliver(.success(()))
                    } catch {
                        let logError = error as? LogError ?? LogError(.io, "\(error)")
                        shared.withLock { $0.maintenanceError = logError }
                        done?.deliver(.failure(error))
                    }
                case .barrier(let done):
                    done.deliver(.success(()))
                }
            }
        }
    }

    /// Rewrites a write-ahead segment as a sealed one, replaces it for readers and
    /// deletes it. The rename of the sealed file is the commit point; on failure
    /// before it nothing changes, after it recovery deletes the write-ahead file.
    @discardableResult
    func sealSegment(_ wal: WriteAheadSegment) throws -> SealedSegment {
        let first = wal.firstPosition
        let end = wal.state.withLock { $0.endPosition }
        var builder = SealedSegmentBuilder(firstPosition: first, blockBytes: options.blockBytes)
        var index = SegmentIndexBuilder(firstPosition: first)
        _ = try wal.forEach(from: first, to: end) { view in
            builder.add(view)
            index.add(view)
            return true
        }
        let bytes = builder.finish(merkleRoot: { Merkle.root(of: $0) })
        let path = directory + "/" + SealedSegment.fileName(first)
        let indexPath = directory + "/" + SegmentIndexFile.fileName(first)
        let segment: SealedSegment
        do {
            try io.writeFileAtomically(path, bytes, directory: directory)
            try io.writeFileAtomically(indexPath, index.file(sealed: true, walOffset: 0, frames: []).encode(), directory: directory)
            segment = try SealedSegment.open(path: path, io: io)
        } catch {
            // Undo: the sealed file must not outlive a failed seal, or recovery would
            // prefer it to the write-ahead file that goes on receiving appends. If it
            // cannot be removed, the log stops taking writes until it is reopened
            // (recovery then uses the sealed file, which is complete).
            do {
                if io.exists(path) {
                    try io.unlink(path)
                    try io.fsyncDirectory(directory)
                }
            } catch {
                throw LogError(.failed, "sealing \(path) failed and the partial result could not be removed: \(error)", path: path)
            }
            throw error
        }
        // The commit point is past: readers switch to the sealed segment. Deleting the
        // write-ahead file is tidying; if it fails, recovery deletes it on the next open.
        shared.withLock { state in
            if let i = state.segments.firstIndex(where: { $0.firstPosition == first }) { state.segments[i] = .sealed(segment) }
        }
        try? io.unlink(wal.path)
        try? io.fsyncDirectory(directory)
        return segment
    }

    /// The explicit seal, on the writer thread: roll, seal the old segment, and undo
    /// the roll if sealing fails (the new, still empty segment is removed).
    func sealActiveNow(_ ws: inout WriterState) throws -> Bool {
        let savedIndex = ws.activeIndex
        guard let old = try roll(&ws) else { return false }
        do {
            try sealSegment(old)
            return true
        } catch let error as LogError where error.code == .failed {
            shared.withLock { if $0.failure == nil { $0.failure = error } }
            throw error
        } catch {
            let fresh = ws.active
            shared.withLock { state in
                state.segments.removeAll { if case .wal(let w) = $0 { return w === fresh } else { return false } }
            }
            try? io.unlink(fresh.path)
            try? io.fsyncDirectory(directory)
            ws.active = old
            ws.activeIndex = savedIndex
            throw error
        }
    }

    /// Shreds on the writer thread: appends wait, so no segment changes underneath.
    func shredNow(_ positions: Set<UInt64>) throws -> Int {
        guard !positions.isEmpty else { return 0 }
        let end = shared.withLock { $0.endPosition }
        if let beyond = positions.first(where: { $0 >= end }) {
            throw LogError(.notFound, "position \(beyond) is not in the log (it holds \(end) records)")
        }
        // Everything queued for background sealing is sealed first.
        let drained = Completion<Void>()
        if maintenance?.push(.barrier(drained)) == true { try drained.wait() }
        if let active = writerState?.withLock({ $0.active.firstPosition }), positions.contains(where: { $0 >= active }) {
            _ = try writerState!.withLock { ws in try sealActiveNow(&ws) }
        }
        let segments = shared.withLock { $0.segments }
        var destroyed = 0
        for case .sealed(let segment) in segments {
            let targets = positions.filter { $0 >= segment.firstPosition && $0 < segment.endPosition }
            guard !targets.isEmpty else { continue }
            destroyed += try rewrite(segment, destroying: targets)
        }
        return destroyed
    }

    /// Rewrites a sealed segment with some records' bodies removed.
    private func rewrite(_ segment: SealedSegment, destroying targets: Set<UInt64>) throws -> Int {
        var builder = SealedSegmentBuilder(firstPosition: segment.firstPosition, blockBytes: options.blockBytes)
        var raw = [UInt8]()
        var frame = [UInt8]()
        var destroyed = 0
        for i in segment.blocks.indices {
            try segment.readBlock(i, into: &raw, frame: &frame)
            _ = try SealedSegment.forEachRecord(inBlock: raw, entry: segment.blocks[i], context: segment.path) { view in
                let destroy = targets.contains(view.position)
                if destroy && !view.isDestroyed { destroyed += 1 }
                builder.add(view, destroy: destroy)
                return true
            }
        }
        // Leaves do not change when bodies are removed, so neither does the root;
        // recomputing it here checks that claim on every shred.
        let bytes = builder.finish(merkleRoot: { Merkle.root(of: $0) })
        guard SealedFooter.merkleRoot(inFile: bytes) == segment.merkleRoot else {
            throw LogError(.corrupt, "\(segment.path): its leaves do not match its Merkle root; run verify before shredding")
        }
        try io.writeFileAtomically(segment.path, bytes, directory: directory)
        let reopened = try SealedSegment.open(path: segment.path, io: io)
        shared.withLock { state in
            if let i = state.segments.firstIndex(where: { $0.firstPosition == segment.firstPosition }) {
                state.segments[i] = .sealed(reopened)
            }
        }
        blockCache.invalidate(segment: segment.firstPosition)
        return destroyed
    }
}
