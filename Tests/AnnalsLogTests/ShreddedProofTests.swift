import Foundation
import Testing

@testable import AnnalsLog

/// Destruction removes payloads, never leaves: every checkpoint and proof made before
/// a shred still verifies after it, and new ones agree with old ones.
@Suite struct ShreddedProofTests {
    @Test func proofsAndCheckpointsFromBeforeAndAfterAShredStillVerify() throws {
        let dir = TemporaryDirectory()
        var options = LogOptions()
        options.sealInBackground = false
        options.segmentBytes = 8 << 10
        let log = try Log.open(dir.path, options: options)
        func append(_ range: Range<Int>) throws {
            for i in range {
                _ = try log.appendBlocking([
                    StreamAppend(stream: "meeting/JMS-2014-\(i % 3)", records: [
                        NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(i))
                    ])
                ])
            }
        }
        try append(0..<150)
        let before = try log.merkleRoot()
        let targets: [UInt64] = [7, 60, 149]  // sealed segments and the active one
        let leavesBefore = try targets.map { try log.leafHashes($0..<$0 + 1)[0] }
        let proofsBefore = try targets.map { try log.inclusionProof(position: $0, treeSize: before.size) }

        #expect(try log.shred(targets) == targets.count)
        #expect(try targets.allSatisfy { try log.record(at: $0)?.isDestroyed == true })
        try append(150..<230)
        let after = try log.merkleRoot()

        for (i, position) in targets.enumerated() {
            let leaf = try log.leafHashes(position..<position + 1)[0]
            #expect(leaf == leavesBefore[i], "the shredded record's leaf is unchanged")
            // The old proof against the old checkpoint, and a new proof against both.
            try Merkle.verifyInclusion(leafHash: leaf, index: position, treeSize: before.size, proof: proofsBefore[i], root: before.root)
            #expect(try log.inclusionProof(position: position, treeSize: before.size) == proofsBefore[i])
            let proof = try log.inclusionProof(position: position, treeSize: after.size)
            try Merkle.verifyInclusion(leafHash: leaf, index: position, treeSize: after.size, proof: proof, root: after.root)
        }
        #expect(try log.merkleRoot(size: before.size).root == before.root)
        let consistency = try log.consistencyProof(from: before.size, to: after.size)
        try Merkle.verifyConsistency(size1: before.size, size2: after.size, root1: before.root, root2: after.root, proof: consistency)

        let report = try log.verify(against: before)
        #expect(report.ok, "\(report.problems)")
        #expect(report.checkpoint?.consistent == true && report.root == after.root)
        try log.close()
        let offline = try Log.verify(directory: dir.path, against: before)
        #expect(offline.ok && offline.root == after.root)
    }

    @Test func aCheckpointOfAnotherHistoryDoesNotVerify() throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        for i in 0..<40 {
            _ = try log.appendBlocking([
                StreamAppend(stream: "meeting/XZ-2020-1", records: [NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(i))])
            ])
        }
        let (size, root) = try log.merkleRoot(size: 30)
        var forged = root.bytes
        forged[0] ^= 1
        let report = try log.verify(against: (size, Hash256(bytes: forged)!))
        #expect(!report.ok && report.checkpoint?.consistent == false)
        #expect(report.problems.map(\.file) == ["checkpoint"])
        #expect(try log.verify(against: (size, root)).ok)
        try log.close()
    }

    @Test func theStreamingFrontierGivesTheRFC6962RootAtEverySize() {
        var frontier = MerkleFrontier()
        var leaves: [Hash256] = []
        for i in 0..<300 {
            #expect(frontier.root == Merkle.root(of: leaves))
            let leaf = Merkle.leafHash(Array("记录\(i)".utf8))
            leaves.append(leaf)
            frontier.append(leaf)
        }
        #expect(frontier.count == 300)
    }
}
