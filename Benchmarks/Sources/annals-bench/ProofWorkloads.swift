import AnnalsLog
import Foundation

/// The integrity figures (issue: "Auditor-facing proofs"): proof generation and
/// verification, a full `verify` of every byte, and what keeping the Merkle tree costs
/// the writer. Run on one log of 256-byte records with Chinese text.
enum ProofWorkloads {
    static func run(scale: Double) throws -> [LogWorkloads.Figure] {
        typealias Figure = LogWorkloads.Figure
        var figures: [Figure] = []
        let dir = LogWorkloads.temporary("proofs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let payloads = (0..<4096).map { LogWorkloads.payload($0) }
        let batches = max(10, Int(400 * scale))

        // Durable appends in batches of 1,000: the writer keeps the tree on its own thread.
        var options = LogOptions()
        options.segmentBytes = 32 << 20
        let log = try Log.open(dir, options: options)
        let appendTime = try LogWorkloads.seconds {
            for b in 0..<batches {
                let records = (0..<1000).map { NewRecord(type: "minutes.recorded", payload: payloads[(b * 1000 + $0) % payloads.count]) }
                _ = try log.appendBlocking([StreamAppend(stream: "meeting/BGS-\(b % 500)", records: records)])
            }
            _ = try log.merkleRoot()  // until the tree has caught up
        }
        let size = log.endPosition

        // The tree's share of that: re-hash every header and grow a fresh tree store
        // from the leaves, on one thread (an upper bound: the writer overlaps it).
        let leaves = try log.leafHashes(0..<size)
        let treeDir = dir + "/tree-only"
        // Reading the records is not the writer's cost (it has the frames in memory).
        let readTime = try LogWorkloads.seconds { try log.scan { _ in true } }
        let hashTime = try LogWorkloads.seconds { _ = try log.leafHashes(0..<size) } - readTime
        let treeTime = try hashTime + LogWorkloads.seconds {
            let store = try MerkleTreeStore(directory: treeDir) { _ in [] }
            var at = 0
            while at < leaves.count {
                let end = min(leaves.count, at + 1000)
                try store.append(Array(leaves[at..<end]))
                at = end
            }
            try store.sync()
            store.close()
        }
        figures.append(
            Figure(
                name: "Merkle upkeep / durable batched append time", value: treeTime / appendTime * 100, unit: "%",
                target: "≤ 15"))

        // Inclusion proofs at random positions against the whole log.
        var generator = SystemRandomNumberGenerator()
        let samples = max(200, Int(2000 * scale))
        let positions = (0..<samples).map { _ in UInt64.random(in: 0..<size, using: &generator) }
        var proofs: [[Hash256]] = []
        proofs.reserveCapacity(samples)
        let proveTime = try LogWorkloads.seconds {
            for position in positions { proofs.append(try log.inclusionProof(position: position, treeSize: size)) }
        }
        figures.append(Figure(name: "inclusion proof, generation (\(size) records)", value: proveTime / Double(samples) * 1e6, unit: "µs", target: "< 1,000"))
        let (_, root) = try log.merkleRoot()
        let rounds = 10
        let checkTime = try LogWorkloads.seconds {
            for _ in 0..<rounds {
                for (position, proof) in zip(positions, proofs) {
                    try Merkle.verifyInclusion(leafHash: leaves[Int(position)], index: position, treeSize: size, proof: proof, root: root)
                }
            }
        }
        figures.append(Figure(name: "inclusion proof, verification", value: checkTime / Double(samples * rounds) * 1e6, unit: "µs", target: "< 100"))
        try log.close()

        // A full verify of the closed log, as `annals verify` runs it.
        var report = VerifyReport()
        let verifyTime = try LogWorkloads.seconds { report = try Log.verify(directory: dir, against: (size, root)) }
        guard report.ok else { throw NSError(domain: "annals-bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(report.problems)"]) }
        figures.append(
            Figure(name: "full verify (every checksum, digest, leaf, node)", value: Double(report.bytes) / verifyTime / 1e6, unit: "MB/s raw", target: "≥ 300"))
        return figures
    }
}
