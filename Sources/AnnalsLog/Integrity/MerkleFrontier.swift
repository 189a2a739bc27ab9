/// The RFC 6962 root of a growing list of leaves in O(log n) memory: the right edge of
/// the tree (one complete subtree per set bit of the leaf count), as the log's
/// `verify` uses it to recompute the whole log's root in one streaming pass.
///
/// ```swift
/// var frontier = MerkleFrontier()
/// for leaf in leaves { frontier.append(leaf) }
/// frontier.root == Merkle.root(of: leaves)      // true
/// ```
///
/// Each append costs one node hash on average. ``append(_:completed:)`` also reports
/// every complete subtree as it is finished, in the order ``MerkleTreeStore`` writes
/// its nodes (post-order), which lets `verify` audit the node file in the same pass.
public struct MerkleFrontier: Sendable, Hashable {
    /// The roots of the complete subtrees, largest (leftmost) first; subtree `i` has
    /// `2^level` leaves for the `i`-th highest set bit of ``count``.
    private var stack: [Hash256] = []
    /// The number of leaves appended.
    public private(set) var count: UInt64 = 0

    public init() {}

    /// Appends one leaf hash.
    @inlinable
    public mutating func append(_ leaf: Hash256) {
        append(leaf) { _, _, _ in }
    }

    /// Appends one leaf hash; `completed(level, index, hash)` is called for each
    /// subtree of `2^level` leaves (level ≥ 1) that this leaf completes, lowest first:
    /// the one covering leaves `index << level ..< (index + 1) << level`.
    public mutating func append(_ leaf: Hash256, completed: (_ level: Int, _ index: UInt64, _ hash: Hash256) -> Void) {
        var node = leaf
        var level = 0
        var c = count
        while c & 1 == 1 {
            node = Merkle.nodeHash(stack.removeLast(), node)
            level += 1
            c >>= 1
            completed(level, count >> UInt64(level), node)
        }
        stack.append(node)
        count += 1
    }

    /// The root of the tree of all leaves appended so far (``Merkle/emptyRoot`` for none).
    public var root: Hash256 {
        guard var result = stack.last else { return Merkle.emptyRoot }
        for left in stack.dropLast().reversed() { result = Merkle.nodeHash(left, result) }
        return result
    }
}
