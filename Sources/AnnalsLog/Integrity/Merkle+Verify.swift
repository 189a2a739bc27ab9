/// Proof verification, as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) give
/// it, step for step. These need nothing but the proof and the checkpoint values, so an
/// auditor can run them without the archive.
///
/// Every malformed proof is rejected rather than repaired: a missing or extra hash, an
/// index outside the tree, a shrinking log, or a consistency proof from the empty tree
/// (which proves nothing, since every log extends it).
extension Merkle {
    /// The number of hashes in an inclusion proof of leaf `index` in a tree of `treeSize`
    /// leaves (`0 <= index < treeSize`): the levels below the point where the paths to
    /// `index` and to the last leaf part, plus the left siblings above it.
    static func inclusionProofLength(index: UInt64, treeSize: UInt64) -> Int {
        precondition(index < treeSize, "index outside the tree")
        let inner = UInt64.bitWidth - (index ^ (treeSize - 1)).leadingZeroBitCount
        return inner + (inner == 64 ? 0 : (index >> inner).nonzeroBitCount)
    }

    /// The number of hashes in a consistency proof from `size1` to `size2` leaves
    /// (`0 < size1 < size2`).
    static func consistencyProofLength(from size1: UInt64, to size2: UInt64) -> Int {
        precondition(0 < size1 && size1 < size2, "sizes outside 0 < size1 < size2")
        let shift = size1.trailingZeroBitCount
        let seedIsFirstRoot = size1 == UInt64(1) << shift
        return inclusionProofLength(index: size1 - 1, treeSize: size2) - shift + (seedIsFirstRoot ? 0 : 1)
    }

    /// The root that an inclusion proof leads to (RFC 9162 §2.1.3.2, steps 1–5 without
    /// the final comparison). Throws when the proof cannot be a proof for these sizes.
    public static func rootFromInclusionProof(
        leafHash: Hash256, index: UInt64, treeSize: UInt64, proof: [Hash256]
    ) throws(MerkleError) -> Hash256 {
        guard index < treeSize else {
            throw MerkleError(.indexOutOfRange, "leaf index \(index) is not in a tree of \(treeSize) leaves")
        }
        let expected = inclusionProofLength(index: index, treeSize: treeSize)
        guard proof.count == expected else {
            throw MerkleError(
                .wrongProofLength,
                "an inclusion proof for leaf \(index) in a tree of \(treeSize) leaves has \(expected) hashes, this one has \(proof.count)"
            )
        }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { throw inclusionLengthError(index, treeSize, proof.count) }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw inclusionLengthError(index, treeSize, proof.count) }
        return r
    }

    /// Checks that the leaf with hash `leafHash` is at `index` in the tree of `treeSize`
    /// leaves whose root is `root` (RFC 9162 §2.1.3.2).
    ///
    /// - Throws: ``MerkleError`` with code `.indexOutOfRange`, `.wrongProofLength` or
    ///   `.rootMismatch`.
    public static func verifyInclusion(
        leafHash: Hash256, index: UInt64, treeSize: UInt64, proof: [Hash256], root: Hash256
    ) throws(MerkleError) {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof)
        guard computed == root else {
            throw MerkleError(
                .rootMismatch,
                "the proof for leaf \(index) leads to root \(computed), not to the expected \(root) of the tree of \(treeSize) leaves: the leaf is not in that tree, or the proof or leaf hash is wrong"
            )
        }
    }

    /// Checks that the tree of `size2` leaves with root `root2` extends the tree of
    /// `size1` leaves with root `root1`: nothing of the first was rewritten or dropped
    /// (RFC 9162 §2.1.4.2).
    ///
    /// Equal sizes need an empty proof and equal roots (different roots at one size are
    /// a fork). `size1` must be at least 1: a proof from the empty tree is meaningless.
    ///
    /// - Throws: ``MerkleError`` with code `.sizeOutOfRange`, `.emptyTree`,
    ///   `.wrongProofLength` or `.rootMismatch`.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: Hash256, root2: Hash256, proof: [Hash256]
    ) throws(MerkleError) {
        guard size1 <= size2 else {
            throw MerkleError(
                .sizeOutOfRange, "the later tree (\(size2) leaves) is smaller than the earlier (\(size1)): a log never shrinks")
        }
        guard size1 > 0 else {
            throw MerkleError(
                .emptyTree,
                "a consistency proof from the empty tree proves nothing (every log extends it); check the later checkpoint on its own"
            )
        }
        if size1 == size2 {
            guard proof.isEmpty else {
                throw MerkleError(
                    .wrongProofLength, "two trees of the same size \(size1) need an empty proof, this one has \(proof.count) hashes")
            }
            guard root1 == root2 else {
                throw MerkleError(
                    .rootMismatch, "two trees of the same size \(size1) have different roots \(root1) and \(root2): the log was rewritten")
            }
            return
        }
        let expected = consistencyProofLength(from: size1, to: size2)
        // Step 1 (an empty proof fails) is covered: `expected` is never 0 here.
        guard proof.count == expected else {
            throw MerkleError(
                .wrongProofLength,
                "a consistency proof from \(size1) to \(size2) leaves has \(expected) hashes, this one has \(proof.count)")
        }
        // Step 2: when the first tree is a complete subtree, its root starts the path.
        let path = size1.nonzeroBitCount == 1 ? [root1] + proof : proof
        // Steps 3–4.
        var fn = size1 - 1
        var sn = size2 - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // Steps 5–6.
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw consistencyLengthError(size1, size2, proof.count) }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        // Step 7.
        guard sn == 0 else { throw consistencyLengthError(size1, size2, proof.count) }
        guard fr == root1 else {
            throw MerkleError(
                .rootMismatch,
                "the proof does not lead to the earlier root \(root1) of \(size1) leaves (it gives \(fr)): the later log does not extend that checkpoint, or the proof is wrong"
            )
        }
        guard sr == root2 else {
            throw MerkleError(
                .rootMismatch,
                "the proof does not lead to the later root \(root2) of \(size2) leaves (it gives \(sr)): the later log does not extend the earlier one, or the proof is wrong"
            )
        }
    }

    private static func inclusionLengthError(_ index: UInt64, _ size: UInt64, _ count: Int) -> MerkleError {
        MerkleError(.wrongProofLength, "the proof's \(count) hashes do not fit leaf \(index) in a tree of \(size) leaves")
    }

    private static func consistencyLengthError(_ size1: UInt64, _ size2: UInt64, _ count: Int) -> MerkleError {
        MerkleError(.wrongProofLength, "the proof's \(count) hashes do not fit a consistency proof from \(size1) to \(size2) leaves")
    }
}
