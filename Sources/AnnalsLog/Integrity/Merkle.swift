/// The Merkle tree of the log, as RFC 6962 §2.1 defines it (and RFC 9162 §2.1 keeps):
/// hashing, roots, and the generation of inclusion and consistency proofs.
///
/// Everything here is pure arithmetic over hashes, with no I/O. Where a proof needs the
/// hash of part of the tree, the caller supplies it through a ``SubtreeHash`` closure,
/// which must answer for *complete* subtrees only: `subtree(level, index)` is the root of
/// the `2^level` leaves starting at `index << level`. ``MerkleTreeStore`` answers from
/// its node file; a test or an auditor holding all leaf hashes can answer by hashing.
///
/// ```swift
/// let leaves = records.map { Merkle.leafHash($0.leafBytes) }
/// let root = Merkle.root(of: leaves)
/// let proof = try Merkle.inclusionProof(index: 5, treeSize: UInt64(leaves.count)) { level, index in
///     Merkle.root(of: leaves[Int(index << level)..<Int((index + 1) << level)])
/// }
/// try Merkle.verifyInclusion(leafHash: leaves[5], index: 5, treeSize: UInt64(leaves.count),
///                            proof: proof, root: root)
/// ```
///
/// The tree over `n` leaves is the RFC's: split at the largest power of two below `n`,
/// left part complete. Seen level by level, it is the complete binary tree over
/// `2^⌈log2 n⌉` slots in which a node whose right child would be empty *is* its left
/// child (promotion, no hashing). Every node of it therefore covers an aligned range
/// `[k·2^h, min((k+1)·2^h, n))`, and a node on the right edge that is not complete is
/// the fold of the complete subtrees that make up its range (the binary digits of its
/// width, largest first).
///
/// Verification lives in `Merkle+Verify.swift`.
public enum Merkle {
    /// Answers the hash of the complete subtree of `2^level` leaves starting at leaf
    /// `index << level`. Only ever asked about subtrees inside the tree being proved.
    public typealias SubtreeHash = (_ level: Int, _ index: UInt64) throws -> Hash256

    /// The largest tree size the proof generators accept (a guard against overflow in
    /// index arithmetic; no log comes near it).
    public static let maximumTreeSize: UInt64 = 1 << 62

    // MARK: Hashing

    /// The root of the empty tree: SHA-256 of no bytes,
    /// `e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`.
    public static let emptyRoot: Hash256 = Hash256.sha256([UInt8]())

    /// The leaf hash of a record's leaf bytes: `SHA-256(0x00 || bytes)`.
    ///
    /// The 0x00 prefix (0x01 for interior nodes) keeps a leaf from ever being passed off
    /// as an interior node (RFC 6962 §2.1, second-preimage resistance).
    public static func leafHash(_ bytes: UnsafeRawBufferPointer) -> Hash256 {
        withUnsafeBytes(of: UInt8(0)) { prefix in Hash256.sha256(prefix, bytes) }
    }

    /// The leaf hash of `bytes`: `SHA-256(0x00 || bytes)`.
    public static func leafHash(_ bytes: [UInt8]) -> Hash256 {
        bytes.withUnsafeBytes { leafHash($0) }
    }

    /// The hash of an interior node: `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: Hash256, _ right: Hash256) -> Hash256 {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 1
            left.store(into: buffer, at: 1)
            right.store(into: buffer, at: 33)
            return Hash256.sha256(UnsafeRawBufferPointer(buffer))
        }
    }

    // MARK: Roots

    /// The root of the tree over `leaves` (leaf hashes, in log order); ``emptyRoot`` for
    /// none. Costs `count - 1` node hashes.
    public static func root(of leaves: some Collection<Hash256>) -> Hash256 {
        var level = Array(leaves)
        guard !level.isEmpty else { return emptyRoot }
        // Level by level; an unpaired last node is promoted unchanged, which gives the
        // same root as the RFC's recursive split (see the type's documentation).
        while level.count > 1 {
            var next = [Hash256]()
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(nodeHash(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    /// The root of the tree of the first `size` leaves, from the hashes of the complete
    /// subtrees that make it up (one per binary digit of `size`, so at most 64 calls).
    public static func root(size: UInt64, subtree: SubtreeHash) throws -> Hash256 {
        guard size > 0 else { return emptyRoot }
        guard size <= maximumTreeSize else { throw tooLarge(size) }
        return try rangeHash(from: 0, to: size, subtree: subtree)
    }

    /// The hash of the tree node covering leaves `start..<end`, where that range is a
    /// node of an RFC 6962 tree: `start` is a multiple of the smallest power of two that
    /// is at least `end - start`.
    ///
    /// The range splits into complete subtrees, one per binary digit of its width,
    /// largest first; the node is their fold from the right.
    static func rangeHash(from start: UInt64, to end: UInt64, subtree: SubtreeHash) throws -> Hash256 {
        precondition(end > start, "empty range")
        let width = end - start
        var remaining = width
        var result: Hash256? = nil
        // Lowest digit first: that is the rightmost subtree, the innermost of the fold.
        while remaining != 0 {
            let level = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            // The subtree for this digit starts after all the larger digits' subtrees.
            let higher = level == 63 ? 0 : (width >> (level + 1)) << (level + 1)
            let part = try subtree(level, (start + higher) >> level)
            result = result.map { nodeHash(part, $0) } ?? part
        }
        return result!
    }

    // MARK: Proofs

    /// The inclusion proof (RFC 9162 §2.1.3.1, the audit path) of the leaf at `index` in
    /// the tree of the first `treeSize` leaves: sibling hashes from the leaf up.
    ///
    /// Asks `subtree` for at most about `2·log2(treeSize)` complete subtrees.
    public static func inclusionProof(
        index: UInt64, treeSize: UInt64, subtree: SubtreeHash
    ) throws -> [Hash256] {
        guard index < treeSize else {
            throw MerkleError(.indexOutOfRange, "leaf index \(index) is not in a tree of \(treeSize) leaves")
        }
        guard treeSize <= maximumTreeSize else { throw tooLarge(treeSize) }
        return try siblings(level: 0, index: index, treeSize: treeSize, subtree: subtree)
    }

    /// The consistency proof (RFC 9162 §2.1.4.1) that the tree of the first `size2`
    /// leaves extends the tree of the first `size1`.
    ///
    /// Empty when the sizes are equal. `size1` must be at least 1: every tree extends
    /// the empty tree, so there is nothing to prove (and verifiers reject such proofs).
    public static func consistencyProof(
        from size1: UInt64, to size2: UInt64, subtree: SubtreeHash
    ) throws -> [Hash256] {
        guard size1 <= size2 else {
            throw MerkleError(
                .sizeOutOfRange, "cannot prove that a tree of \(size2) leaves extends a larger one of \(size1)")
        }
        guard size1 > 0 else {
            throw MerkleError(.emptyTree, "a consistency proof from the empty tree proves nothing; every log extends it")
        }
        guard size2 <= maximumTreeSize else { throw tooLarge(size2) }
        if size1 == size2 { return [] }
        // The last leaf of the first tree sits in a complete subtree of 2^level leaves
        // that ends at size1. The proof is that subtree's hash (left out when it is the
        // whole first tree, whose root the verifier has) and its path in the second tree.
        let level = size1.trailingZeroBitCount
        let index = (size1 - 1) >> level
        var proof: [Hash256] = []
        if index != 0 { proof.append(try subtree(level, index)) }
        proof += try siblings(level: level, index: index, treeSize: size2, subtree: subtree)
        return proof
    }

    /// The hashes beside the path from node (`level`, `index`) to the root of the tree
    /// of `treeSize` leaves, bottom up. A sibling entirely past the end does not exist
    /// (the node is promoted); one that reaches past the end is a right-edge node.
    private static func siblings(
        level startLevel: Int, index: UInt64, treeSize: UInt64, subtree: SubtreeHash
    ) throws -> [Hash256] {
        var proof: [Hash256] = []
        var level = startLevel
        var node = index
        while level < 63, UInt64(1) << level < treeSize {
            let sibling = node ^ 1
            let start = sibling << level
            if start < treeSize {
                if treeSize - start >= UInt64(1) << level {
                    proof.append(try subtree(level, sibling))
                } else {
                    proof.append(try rangeHash(from: start, to: treeSize, subtree: subtree))
                }
            }
            node >>= 1
            level += 1
        }
        return proof
    }

    private static func tooLarge(_ size: UInt64) -> MerkleError {
        MerkleError(.sizeOutOfRange, "tree size \(size) is beyond the supported maximum \(maximumTreeSize)")
    }
}
