import Foundation
import Synchronization
import Testing

@testable import AnnalsLog

/// The log as the tree store sees it: leaf hashes by position, which can lose its tail
/// (recovery) or have a record altered (tampering).
final class FakeLog: Sendable {
    struct BeyondTheLog: Error {}
    private let leaves: Mutex<[Hash256]>

    init(_ leaves: [Hash256]) { self.leaves = Mutex(leaves) }

    var provider: MerkleTreeStore.LeafHashProvider {
        { [self] range in
            try leaves.withLock { leaves in
                guard range.upperBound <= UInt64(leaves.count) else { throw BeyondTheLog() }
                return Array(leaves[Int(range.lowerBound)..<Int(range.upperBound)])
            }
        }
    }

    func truncate(to size: Int) { leaves.withLock { $0.removeSubrange(size...) } }
    func append(_ more: [Hash256]) { leaves.withLock { $0 += more } }
    func replace(at index: Int, with leaf: Hash256) { leaves.withLock { $0[index] = leaf } }
}

func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = NSTemporaryDirectory() + "annals-merkle-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Builds a store in `directory` over `leaves`, appended in uneven batches.
func buildStore(_ directory: String, _ log: FakeLog, _ leaves: [Hash256]) throws -> MerkleTreeStore {
    let store = try MerkleTreeStore(directory: directory, leafHashes: log.provider)
    var at = 0
    while at < leaves.count {
        let n = min(leaves.count - at, 1 + at % 37)
        try store.append(Array(leaves[at..<at + n]))
        at += n
    }
    return store
}

@Suite struct MerkleTreeStoreTests {
    @Test func rootsAndProofsMatchTheReferenceForEverySizeUpTo2000() throws {
        let leaves = TestLeaves.random(2000, seed: 10)
        let reference = ReferenceTree(leaves)
        try withTemporaryDirectory { dir in
            let store = try MerkleTreeStore(directory: dir, leafHashes: FakeLog(leaves).provider)
            var rng = SplitMix64(seed: 11)
            var appended = 0
            while appended < leaves.count {
                let n = min(leaves.count - appended, Int.random(in: 1...40, using: &rng))
                try store.append(Array(leaves[appended..<appended + n]))
                appended += n
                #expect(store.size == UInt64(appended))
                #expect(store.root() == reference.root(size: appended), "current root at \(appended)")
            }
            for size in 1...leaves.count {
                let treeSize = UInt64(size)
                let root = try store.root(atSize: treeSize)
                #expect(root == reference.root(size: size), "root at \(size)")
                for index in Set([0, size - 1, Int.random(in: 0..<size, using: &rng)]) {
                    let proof = try store.inclusionProof(index: UInt64(index), treeSize: treeSize)
                    #expect(proof == reference.path(index, size: size), "inclusion \(index) of \(size)")
                    try Merkle.verifyInclusion(
                        leafHash: leaves[index], index: UInt64(index), treeSize: treeSize, proof: proof, root: root)
                }
                let size1 = Int.random(in: 1...size, using: &rng)
                let proof = try store.consistencyProof(from: UInt64(size1), to: treeSize)
                #expect(proof == reference.proof(size1, size: size), "consistency \(size1) to \(size)")
                try Merkle.verifyConsistency(
                    size1: UInt64(size1), size2: treeSize, root1: reference.root(size: size1), root2: root, proof: proof)
                if !proof.isEmpty {
                    var bad = proof
                    bad[size % bad.count] = TestLeaves.flip(bad[size % bad.count], bit: size)
                    #expect(throws: MerkleError.self) {
                        try Merkle.verifyConsistency(
                            size1: UInt64(size1), size2: treeSize, root1: reference.root(size: size1), root2: root,
                            proof: bad)
                    }
                }
            }
        }
    }

    @Test(arguments: [65_536, 100_000, 100_003])
    func largeTreeMatchesTheReference(size: Int) throws {
        let leaves = TestLeaves.random(size, seed: UInt64(size))
        let reference = ReferenceTree(leaves)
        try withTemporaryDirectory { dir in
            let store = try MerkleTreeStore(directory: dir, leafHashes: FakeLog(leaves).provider)
            try store.append(leaves)
            let root = reference.root(size: size)
            #expect(store.root() == root)
            #expect(try store.root(atSize: UInt64(size - 5)) == reference.root(size: size - 5))
            var rng = SplitMix64(seed: 12)
            for index in [0, 16, size / 2, size - 17, size - 1, Int.random(in: 0..<size, using: &rng)] {
                let proof = try store.inclusionProof(index: UInt64(index), treeSize: UInt64(size))
                #expect(proof == reference.path(index, size: size), "inclusion \(index)")
                try Merkle.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), treeSize: UInt64(size), proof: proof, root: root)
                #expect(throws: MerkleError.self) {
                    try Merkle.verifyInclusion(
                        leafHash: leaves[index], index: UInt64(index), treeSize: UInt64(size),
                        proof: proof.reversed(), root: root)
                }
            }
            for size1 in [1, 999, 65_535, size - 1] {
                let proof = try store.consistencyProof(from: UInt64(size1), to: UInt64(size))
                #expect(proof == reference.proof(size1, size: size), "consistency \(size1)")
                try Merkle.verifyConsistency(
                    size1: UInt64(size1), size2: UInt64(size), root1: reference.root(size: size1), root2: root,
                    proof: proof)
            }
        }
    }

    /// Proofs in a tree past a million leaves, read from the node file (their speed is
    /// measured by annals-bench, not here: a timed unit test fails on a busy machine).
    @Test func inclusionProofsInAMillionLeafTreeAreShortAndVerify() throws {
        // Cheap synthetic leaf hashes: building a million-leaf tree stays quick.
        @Sendable func leaf(_ i: UInt64) -> Hash256 {
            Hash256(w0: i, w1: i &* 0x9E37_79B9_7F4A_7C15, w2: ~i, w3: i ^ 0xDEAD_BEEF)
        }
        let size: UInt64 = (1 << 20) + 12_345
        try withTemporaryDirectory { dir in
            let store = try MerkleTreeStore(directory: dir) { range in range.map(leaf) }
            var at: UInt64 = 0
            while at < size {
                let end = min(size, at + 65_536)
                try store.append((at..<end).map(leaf))
                at = end
            }
            let root = store.root()
            var rng = SplitMix64(seed: 13)
            let indices = (0..<500).map { _ in UInt64.random(in: 0..<size, using: &rng) }
            var proofs: [[Hash256]] = []
            for index in indices { proofs.append(try store.inclusionProof(index: index, treeSize: size)) }
            // At most ⌈log2(size)⌉ = 21 hashes each.
            #expect(proofs.allSatisfy { $0.count <= 21 })
            for (index, proof) in zip(indices, proofs).prefix(50) {
                try Merkle.verifyInclusion(leafHash: leaf(index), index: index, treeSize: size, proof: proof, root: root)
            }
        }
    }

    @Test func nodeFileCostsAboutFourAndAHalfBytesPerRecord() throws {
        let leaves = TestLeaves.random(1 << 16, seed: 14)
        try withTemporaryDirectory { dir in
            let store = try MerkleTreeStore(directory: dir, leafHashes: FakeLog(leaves).provider)
            try store.append(leaves)
            let onDisk = try FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int
            #expect(onDisk.map(UInt64.init) == store.fileSize)
            // 4096 chunks: 8191 nodes of 36 bytes, plus the 16-byte header.
            #expect(store.fileSize == 16 + 8191 * 36)
            #expect(Double(store.fileSize) / Double(store.size) < 4.6)
        }
    }

    @Test func proofsCanBeTakenWhileAnotherThreadAppends() async throws {
        let leaves = TestLeaves.random(4000, seed: 80)
        let reference = ReferenceTree(Array(leaves[..<1000]))
        let roots = (1...1000).map { reference.root(size: $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            let dir = NSTemporaryDirectory() + "annals-merkle-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let store = try MerkleTreeStore(directory: dir, leafHashes: FakeLog(leaves).provider)
            try store.append(Array(leaves[..<1000]))
            group.addTask {
                for start in stride(from: 1000, to: 4000, by: 10) { try store.append(Array(leaves[start..<start + 10])) }
            }
            for reader in 0..<2 {
                group.addTask {
                    for i in 0..<300 {
                        let size = UInt64(1 + (i * 7 + reader) % 1000)
                        let index = UInt64(i) % size
                        let proof = try store.inclusionProof(index: index, treeSize: size)
                        try Merkle.verifyInclusion(
                            leafHash: leaves[Int(index)], index: index, treeSize: size, proof: proof,
                            root: roots[Int(size) - 1])
                    }
                }
            }
            try await group.waitForAll()
            #expect(store.size == 4000)
            #expect(store.root() == Merkle.root(of: leaves))
        }
    }
}
