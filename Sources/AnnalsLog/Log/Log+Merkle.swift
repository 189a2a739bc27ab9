internal import Synchronization

enum MerkleJob: Sendable {
    /// Encoded write-ahead frames just written: their records' leaves go into the tree.
    case frames([UInt8])
    /// Make the node file durable.
    case sync
    /// Deliver once everything queued before is in the tree.
    case barrier(Completion<Void>)
}

/// Lets the tree store read leaves from the log that owns it (set once, right after
/// the log is built, before any use).
final class LeafSource: @unchecked Sendable {
    weak var log: Log?

    func leafHashes(_ range: Range<UInt64>) throws -> [Hash256] {
        guard let log else { throw LogError(.closed, "the log is closed") }
        return try log.leafHashes(range)
    }
}

extension Log {
    /// The Merkle leaf hashes of records `range`: SHA-256(0x00 ‖ header) of each,
    /// recomputed from the stored headers (docs/FORMAT.md, "Record").
    public func leafHashes(_ range: Range<UInt64>) throws -> [Hash256] {
        var out: [Hash256] = []
        out.reserveCapacity(range.count)
        try scan(from: range.lowerBound, to: range.upperBound) { view in
            out.append(view.leafHash)
            return true
        }
        guard out.count == range.count else {
            throw LogError(.notFound, "leaves \(range) requested but the log holds \(endPosition) records")
        }
        return out
    }

    /// The RFC 6962 root of the first `size` records (default: all of them), waiting
    /// until the tree has caught up with the log.
    public func merkleRoot(size: UInt64? = nil) throws -> (size: UInt64, root: Hash256) {
        let tree = try caughtUpTree()
        let n = size ?? endPosition
        guard n <= tree.size else { throw LogError(.invalidArgument, "the log holds \(tree.size) records, not \(n)") }
        return (n, try tree.root(atSize: n))
    }

    /// The audit path proving that the record at `position` is in the tree of the
    /// first `treeSize` records.
    public func inclusionProof(position: UInt64, treeSize: UInt64) throws -> [Hash256] {
        try caughtUpTree().inclusionProof(index: position, treeSize: treeSize)
    }

    /// The proof that the tree of the first `to` records extends that of the first `from`.
    public func consistencyProof(from: UInt64, to: UInt64) throws -> [Hash256] {
        try caughtUpTree().consistencyProof(from: from, to: to)
    }

    func caughtUpTree() throws -> MerkleTreeStore {
        guard let merkle, let merkleQueue else {
            throw LogError(.readOnly, "proofs are made by the log's writer; this log was opened read-only")
        }
        let done = Completion<Void>()
        guard merkleQueue.push(.barrier(done)) else { throw LogError(.closed, "the log at \(directory) is closed") }
        try done.wait()
        if let error = shared.withLock({ $0.maintenanceError }), error.message.hasPrefix("merkle") { throw error }
        return merkle
    }

    func runMerkle() {
        guard let merkle, let merkleQueue else { return }
        while let jobs = merkleQueue.takeAll() {
            var leaves: [Hash256] = []
            var waiting: [Completion<Void>] = []
            var sync = false
            for job in jobs {
                switch job {
                case .frames(let bytes): WALFrame.forEachRecord(inFrames: bytes) { leaves.append($0.leafHash) }
                case .sync: sync = true
                case .barrier(let done): waiting.append(done)
                }
            }
            do {
                if !leaves.isEmpty { try merkle.append(leaves) }
                if sync { try merkle.sync() }
                for done in waiting { done.deliver(.success(())) }
            } catch {
                // The tree is derived from the log: catch it up from the log's headers.
                let recovered = Result { try merkle.reconcile(withLogSize: endPosition) }
                if case .failure(let again) = recovered {
                    shared.withLock { $0.maintenanceError = LogError(.io, "merkle tree: \(again)") }
                }
                for done in waiting { done.deliver(recovered) }
            }
        }
    }
}
