import Foundation
import Testing

@testable import AnnalsLog

/// The store across restarts and accidents: reopening, torn writes, a log that lost its
/// tail, damaged files, and leaves that no longer match.
@Suite struct MerkleTreeStoreRecoveryTests {
    @Test func reopenedStoreGivesTheSameRootsAndProofs() throws {
        let leaves = TestLeaves.random(1000, seed: 20)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            let first = try buildStore(dir, log, leaves)
            let sizes: [UInt64] = [1, 15, 16, 17, 500, 992, 1000]
            let roots = try sizes.map { try first.root(atSize: $0) }
            let proofs = try sizes.map { try first.inclusionProof(index: $0 / 2, treeSize: $0) }
            let consistency = try first.consistencyProof(from: 17, to: 1000)
            try first.sync()
            first.close()
            #expect(throws: MerkleError.self) { try first.root(atSize: 5) }

            let second = try MerkleTreeStore(directory: dir, leafHashes: log.provider)
            #expect(second.size == 992, "the file covers whole chunks of 16 only")
            try second.reconcile(withLogSize: 1000)
            #expect(second.size == 1000)
            #expect(try sizes.map { try second.root(atSize: $0) } == roots)
            #expect(try sizes.map { try second.inclusionProof(index: $0 / 2, treeSize: $0) } == proofs)
            #expect(try second.consistencyProof(from: 17, to: 1000) == consistency)
        }
    }

    @Test(arguments: [
        16 + 118 * 36 + 17,  // mid-entry, in the last group
        16 + 100 * 36 + 35,  // mid-entry, one byte short
        16 + 61 * 36,  // whole entries that end inside a group of parents
        16 + 1 * 36 + 1,
        16 + 7,  // nothing but part of the first entry
        9,  // a torn header: the file is started afresh
    ])
    func tornTailReopensToTheLastWholeEntry(cut: Int) throws {
        let leaves = TestLeaves.random(1000, seed: 21)  // 62 chunks: 119 entries
        let reference = ReferenceTree(leaves)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            let store = try buildStore(dir, log, leaves)
            let path = store.path
            store.close()
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.count == 16 + 119 * 36)
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))

            let reopened = try MerkleTreeStore(directory: dir, leafHashes: log.provider)
            let wholeEntries = cut >= 16 ? UInt64((cut - 16) / 36) : 0
            let chunks = TreeState.chunks(coveredBy: wholeEntries)
            #expect(reopened.size == chunks * 16)
            #expect(reopened.fileSize == 16 + TreeState.entryCount(chunks: chunks) * 36, "cut back to whole groups")
            #expect(reopened.root() == reference.root(size: Int(reopened.size)))
            try reopened.reconcile(withLogSize: 1000)
            #expect(reopened.root() == reference.root(size: 1000))
            #expect(try reopened.inclusionProof(index: 3, treeSize: 1000) == reference.path(3, size: 1000))
        }
    }

    @Test func zeroFilledTailFromACrashIsDropped() throws {
        let leaves = TestLeaves.random(1000, seed: 22)
        let reference = ReferenceTree(leaves)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            let store = try buildStore(dir, log, leaves)
            let path = store.path
            store.close()
            // A file system may keep a grown length but not the data written into it.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(count: 36 * 5 + 7))
            try handle.close()
            let reopened = try MerkleTreeStore(directory: dir, leafHashes: log.provider)
            #expect(reopened.size == 992)
            try reopened.reconcile(withLogSize: 1000)
            #expect(reopened.root() == reference.root(size: 1000))
        }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 700, 992, 999, 1000])
    func truncateThenReappendGivesTheSameRootsAsAFreshBuild(cut: Int) throws {
        let original = TestLeaves.random(1000, seed: 30)
        let replacement = TestLeaves.random(600, seed: 31)
        let final = Array(original[..<cut]) + replacement
        let reference = ReferenceTree(final)
        try withTemporaryDirectory { dir in
            let log = FakeLog(original)
            let store = try buildStore(dir + "/a", log, original)
            log.truncate(to: cut)
            try store.truncate(toSize: UInt64(cut))
            #expect(store.size == UInt64(cut))
            #expect(store.root() == ReferenceTree(original).root(size: cut))
            log.append(replacement)
            try store.append(replacement)

            let fresh = try buildStore(dir + "/b", FakeLog(final), final)
            #expect(store.root() == fresh.root())
            #expect(store.root() == reference.root(size: final.count))
            for size in [1, cut / 2 + 1, cut + 1, final.count] {
                #expect(try store.root(atSize: UInt64(size)) == reference.root(size: size), "root at \(size)")
                #expect(
                    try store.inclusionProof(index: UInt64(size - 1), treeSize: UInt64(size))
                        == reference.path(size - 1, size: size))
            }
            #expect(try store.consistencyProof(from: UInt64(cut + 1), to: UInt64(final.count))
                == reference.proof(cut + 1, size: final.count))
            store.close()
            let reopened = try MerkleTreeStore(directory: dir + "/a", leafHashes: log.provider)
            try reopened.reconcile(withLogSize: UInt64(final.count))
            #expect(reopened.root() == reference.root(size: final.count))
        }
    }

    @Test func storeAheadOfTheLogIsCutBackByReconcile() throws {
        let leaves = TestLeaves.random(1000, seed: 40)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            try buildStore(dir, log, leaves).close()
            log.truncate(to: 650)  // recovery dropped the log's unsynced tail
            let store = try MerkleTreeStore(directory: dir, leafHashes: log.provider)
            #expect(store.size == 992)
            try store.reconcile(withLogSize: 650)
            #expect(store.size == 650)
            #expect(store.root() == ReferenceTree(leaves).root(size: 650))
        }
    }

    @Test func corruptedNodeIsReportedAsAnError() throws {
        let leaves = TestLeaves.random(2000, seed: 50)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            let path = try buildStore(dir, log, leaves).path
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[16 + 5] ^= 0x40  // entry 0: the hash of leaves 0..<16
            try bytes.write(to: URL(fileURLWithPath: path))

            let store = try MerkleTreeStore(directory: dir, leafHashes: log.provider)
            #expect(store.size == 2000 / 16 * 16, "damage before the tail is not taken for a torn write")
            // Leaf 20's proof needs the hash of chunk 0 as its level-4 sibling.
            let proofError = #expect(throws: MerkleError.self) { try store.inclusionProof(index: 20, treeSize: 2000) }
            #expect(proofError?.code == .corruptNode)
            #expect(proofError?.message.contains("entry 0") == true)
            #expect(proofError?.message.contains(path) == true)
            let rootError = #expect(throws: MerkleError.self) { try store.root(atSize: 16) }
            #expect(rootError?.code == .corruptNode)
            let auditError = #expect(throws: MerkleError.self) { try store.audit() }
            #expect(auditError?.code == .corruptNode)
            // Proofs that do not touch the damaged node still work.
            let reference = ReferenceTree(leaves)
            #expect(try store.inclusionProof(index: 1000, treeSize: 1984) == reference.path(1000, size: 1984))
        }
    }

    @Test func damagedHeaderIsReportedAsAnError() throws {
        try withTemporaryDirectory { dir in
            let leaves = TestLeaves.random(100, seed: 51)
            let path = try buildStore(dir, FakeLog(leaves), leaves).path
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[2] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: MerkleError.self) {
                try MerkleTreeStore(directory: dir, leafHashes: FakeLog(leaves).provider)
            }
            #expect(error?.code == .corruptFile)
        }
    }

    @Test func damagedLastEntryIsDroppedAndRebuiltFromTheLog() throws {
        let leaves = TestLeaves.random(1000, seed: 52)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            let path = try buildStore(dir, log, leaves).path
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[bytes.count - 3] ^= 0x01  // the checksum of the last entry
            try bytes.write(to: URL(fileURLWithPath: path))
            let store = try MerkleTreeStore(directory: dir, leafHashes: log.provider)
            #expect(store.size < 992)
            try store.reconcile(withLogSize: 1000)
            #expect(store.root() == ReferenceTree(leaves).root(size: 1000))
            try store.audit()
        }
    }

    @Test func leavesThatDisagreeWithTheTreeAreReported() throws {
        let leaves = TestLeaves.random(500, seed: 60)
        try withTemporaryDirectory { dir in
            let log = FakeLog(leaves)
            let store = try buildStore(dir, log, leaves)
            try store.audit()
            log.replace(at: 37, with: Merkle.leafHash(Array("a rewritten record".utf8)))
            let proofError = #expect(throws: MerkleError.self) { try store.inclusionProof(index: 40, treeSize: 500) }
            #expect(proofError?.code == .leafMismatch)
            #expect(proofError?.message.contains("32..<48") == true)
            let auditError = #expect(throws: MerkleError.self) { try store.audit() }
            #expect(auditError?.code == .leafMismatch)
        }
    }

    @Test func requestsOutsideTheTreeAreRejected() throws {
        let leaves = TestLeaves.random(100, seed: 70)
        try withTemporaryDirectory { dir in
            let store = try buildStore(dir, FakeLog(leaves), leaves)
            func code(_ body: () throws -> Void) -> MerkleError.Code? {
                (#expect(throws: MerkleError.self) { try body() })?.code
            }
            #expect(code { _ = try store.root(atSize: 101) } == .sizeOutOfRange)
            #expect(code { _ = try store.inclusionProof(index: 50, treeSize: 50) } == .indexOutOfRange)
            #expect(code { _ = try store.inclusionProof(index: 5, treeSize: 101) } == .sizeOutOfRange)
            #expect(code { _ = try store.consistencyProof(from: 0, to: 100) } == .emptyTree)
            #expect(code { _ = try store.consistencyProof(from: 60, to: 50) } == .sizeOutOfRange)
            #expect(code { try store.truncate(toSize: 101) } == .sizeOutOfRange)
            #expect(try store.root(atSize: 0) == Merkle.emptyRoot)
            #expect(try store.consistencyProof(from: 100, to: 100).isEmpty)
        }
    }

    @Test func providerReturningTheWrongCountIsReported() throws {
        let leaves = TestLeaves.random(100, seed: 71)
        try withTemporaryDirectory { dir in
            try buildStore(dir, FakeLog(leaves), leaves).close()
            let store = try MerkleTreeStore(directory: dir) { range in  // always one leaf, whatever was asked
                [leaves[Int(range.lowerBound)]]
            }
            let error = #expect(throws: MerkleError.self) { try store.reconcile(withLogSize: 100) }
            #expect(error?.code == .leafProviderMismatch)
        }
    }
}
