import Foundation
import Testing

@testable import AnnalsLog

/// RFC 6962 §2.1 written out literally (MTH, PATH, PROOF/SUBPROOF by recursion on the
/// largest power of two below n), as the oracle the production code is checked against.
/// It shares nothing with `Merkle` but `nodeHash` and the empty root, which the known
/// constants pin down. Subtree hashes are memoized by range, so checking every size up
/// to a few thousand stays cheap.
final class ReferenceTree {
    let leaves: [Hash256]
    private var memo: [Int: Hash256] = [:]

    init(_ leaves: [Hash256]) { self.leaves = leaves }

    /// MTH(D[lo:hi]).
    func mth(_ lo: Int, _ hi: Int) -> Hash256 {
        let n = hi - lo
        if n == 0 { return Hash256.sha256([UInt8]()) }
        if n == 1 { return leaves[lo] }
        let key = lo &* 1_000_003 &+ hi
        if let hit = memo[key] { return hit }
        let k = Self.split(n)
        let value = Merkle.nodeHash(mth(lo, lo + k), mth(lo + k, hi))
        memo[key] = value
        return value
    }

    func root(size: Int) -> Hash256 { mth(0, size) }

    /// PATH(m, D[0:n]).
    func path(_ m: Int, size n: Int) -> [Hash256] { path(m, lo: 0, hi: n) }

    private func path(_ m: Int, lo: Int, hi: Int) -> [Hash256] {
        let n = hi - lo
        if n == 1 { return [] }
        let k = Self.split(n)
        if m < k { return path(m, lo: lo, hi: lo + k) + [mth(lo + k, hi)] }
        return path(m - k, lo: lo + k, hi: hi) + [mth(lo, lo + k)]
    }

    /// PROOF(m, D[0:n]).
    func proof(_ m: Int, size n: Int) -> [Hash256] { subproof(m, lo: 0, hi: n, complete: true) }

    private func subproof(_ m: Int, lo: Int, hi: Int, complete b: Bool) -> [Hash256] {
        let n = hi - lo
        if m == n { return b ? [] : [mth(lo, hi)] }
        let k = Self.split(n)
        if m <= k { return subproof(m, lo: lo, hi: lo + k, complete: b) + [mth(lo + k, hi)] }
        return subproof(m - k, lo: lo + k, hi: hi, complete: false) + [mth(lo, lo + k)]
    }

    /// The largest power of two smaller than n (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// A deterministic generator, so a failing random case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestLeaves {
    /// Leaf hashes of `count` random 40-byte leaves (standing in for record headers).
    static func random(_ count: Int, seed: UInt64) -> [Hash256] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Merkle.leafHash((0..<40).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
    }

    /// The same hash with one bit flipped.
    static func flip(_ hash: Hash256, bit: Int) -> Hash256 {
        var bytes = hash.bytes
        bytes[bit / 8 % 32] ^= UInt8(1 << (bit % 8))
        return Hash256(bytes: bytes)!
    }
}

@Suite struct MerkleReferenceTests {
    @Test func hashingMatchesTheKnownConstants() {
        #expect(Merkle.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Merkle.leafHash([]).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(Merkle.leafHash(Array("L123456".utf8)).hex == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
        #expect(Merkle.root(of: [Hash256]()) == Merkle.emptyRoot)
    }

    @Test func nodeHashIsSha256OfOneAndBothChildren() {
        let left = Merkle.leafHash(Array("left".utf8))
        let right = Merkle.leafHash(Array("right".utf8))
        #expect(Merkle.nodeHash(left, right) == Hash256.sha256([1] + left.bytes + right.bytes))
        #expect(Merkle.nodeHash(left, right) != Merkle.nodeHash(right, left))
    }

    @Test func rootOfLeavesMatchesTheReferenceForEverySizeUpTo600() {
        let leaves = TestLeaves.random(600, seed: 1)
        let reference = ReferenceTree(leaves)
        for size in 0...600 {
            #expect(Merkle.root(of: leaves[0..<size]) == reference.root(size: size), "size \(size)")
        }
    }

    @Test func pureProofsMatchTheReferenceAndVerify() throws {
        let leaves = TestLeaves.random(100, seed: 2)
        let reference = ReferenceTree(leaves)
        let subtree: Merkle.SubtreeHash = { level, index in
            Merkle.root(of: leaves[Int(index << level)..<Int((index + 1) << level)])
        }
        for size in 1...100 {
            let root = try Merkle.root(size: UInt64(size), subtree: subtree)
            #expect(root == reference.root(size: size))
            for index in 0..<size {
                let proof = try Merkle.inclusionProof(index: UInt64(index), treeSize: UInt64(size), subtree: subtree)
                #expect(proof == reference.path(index, size: size), "inclusion \(index) of \(size)")
                #expect(proof.count == Merkle.inclusionProofLength(index: UInt64(index), treeSize: UInt64(size)))
                try Merkle.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), treeSize: UInt64(size), proof: proof, root: root)
            }
            for size1 in 1...size {
                let proof = try Merkle.consistencyProof(from: UInt64(size1), to: UInt64(size), subtree: subtree)
                #expect(proof == reference.proof(size1, size: size), "consistency \(size1) to \(size)")
                try Merkle.verifyConsistency(
                    size1: UInt64(size1), size2: UInt64(size), root1: reference.root(size: size1), root2: root,
                    proof: proof)
            }
        }
    }

    @Test func everyFlippedBitInAnInclusionProofIsRejected() throws {
        let leaves = TestLeaves.random(77, seed: 3)
        let reference = ReferenceTree(leaves)
        let root = reference.root(size: 77)
        let proof = reference.path(45, size: 77)
        for i in proof.indices {
            for bit in stride(from: 0, to: 256, by: 37) {
                var bad = proof
                bad[i] = TestLeaves.flip(bad[i], bit: bit)
                #expect(throws: MerkleError.self) {
                    try Merkle.verifyInclusion(leafHash: leaves[45], index: 45, treeSize: 77, proof: bad, root: root)
                }
            }
        }
        #expect(throws: MerkleError.self) {
            try Merkle.verifyInclusion(
                leafHash: TestLeaves.flip(leaves[45], bit: 0), index: 45, treeSize: 77, proof: proof, root: root)
        }
    }

    @Test func everyFlippedBitInAConsistencyProofIsRejected() throws {
        let leaves = TestLeaves.random(90, seed: 4)
        let reference = ReferenceTree(leaves)
        for size1 in [1, 7, 32, 33, 89] {
            let proof = reference.proof(size1, size: 90)
            for i in proof.indices {
                var bad = proof
                bad[i] = TestLeaves.flip(bad[i], bit: 100 + i)
                let error = #expect(throws: MerkleError.self) {
                    try Merkle.verifyConsistency(
                        size1: UInt64(size1), size2: 90, root1: reference.root(size: size1),
                        root2: reference.root(size: 90), proof: bad)
                }
                #expect(error?.code == .rootMismatch)
            }
        }
    }

    @Test func malformedProofsAreRejectedWithTheirReason() {
        let leaves = TestLeaves.random(10, seed: 5)
        let reference = ReferenceTree(leaves)
        let root = reference.root(size: 10)
        let proof = reference.path(3, size: 10)
        let outside = #expect(throws: MerkleError.self) {
            try Merkle.verifyInclusion(leafHash: leaves[3], index: 10, treeSize: 10, proof: proof, root: root)
        }
        #expect(outside?.code == .indexOutOfRange)
        let extra = #expect(throws: MerkleError.self) {
            try Merkle.verifyInclusion(leafHash: leaves[3], index: 3, treeSize: 10, proof: proof + [root], root: root)
        }
        #expect(extra?.code == .wrongProofLength)
        let shrinking = #expect(throws: MerkleError.self) {
            try Merkle.verifyConsistency(size1: 5, size2: 4, root1: root, root2: root, proof: [])
        }
        #expect(shrinking?.code == .sizeOutOfRange)
        let fromEmpty = #expect(throws: MerkleError.self) {
            try Merkle.verifyConsistency(size1: 0, size2: 10, root1: Merkle.emptyRoot, root2: root, proof: [])
        }
        #expect(fromEmpty?.code == .emptyTree)
        let fork = #expect(throws: MerkleError.self) {
            try Merkle.verifyConsistency(size1: 10, size2: 10, root1: root, root2: reference.root(size: 9), proof: [])
        }
        #expect(fork?.code == .rootMismatch)
        #expect(fork?.message.contains("rewritten") == true)
    }
}
