import Foundation
import Testing

@testable import AnnalsLog

/// An auditor's view: a proof file and signed checkpoints, checked with no archive open.
@Suite struct MerkleProofFileTests {
    static let origin = "archives.bgs.example.gov.cn/annals"

    /// A log of 1500 records, its tree, and the archive's signing key.
    struct Archive {
        let leaves = TestLeaves.random(1500, seed: 100)
        let signer: NoteSigner
        let verifier: NoteVerifier

        init() throws {
            let (signerKey, verifierKey) = try NoteSigner.generate(name: MerkleProofFileTests.origin)
            signer = try NoteSigner(key: signerKey)
            verifier = try NoteVerifier(key: verifierKey)
        }

        func withStore<T>(_ body: (MerkleTreeStore) throws -> T) throws -> T {
            try withTemporaryDirectory { dir in
                let store = try MerkleTreeStore(directory: dir, leafHashes: FakeLog(leaves).provider)
                try store.append(leaves)
                return try body(store)
            }
        }

        func checkpoint(_ store: MerkleTreeStore, size: UInt64) throws -> String {
            let checkpoint = try Checkpoint(origin: MerkleProofFileTests.origin, size: size, root: store.root(atSize: size))
            return try checkpoint.signed(by: [signer]).text
        }
    }

    @Test func inclusionProofFileRoundTrips() throws {
        let proof = ProofFile.inclusion(
            InclusionProof(
                index: 41, treeSize: 1000, leafHash: Merkle.leafHash([1, 2, 3]),
                proof: [Merkle.emptyRoot, Merkle.leafHash([])]))
        let json = proof.json
        #expect(json.hasPrefix("{\"type\":\"inclusion\",\"index\":41,\"tree_size\":1000,\"leaf_hash\":\""))
        #expect(json.hasSuffix("\"]}\n"))
        #expect(json.contains("\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\""))
        #expect(try ProofFile(json: json) == proof)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?.keys.sorted() == ["index", "leaf_hash", "proof", "tree_size", "type"])
    }

    @Test func consistencyProofFileRoundTrips() throws {
        let proof = ProofFile.consistency(ConsistencyProof(size1: 1000, size2: 1500, proof: [Merkle.emptyRoot]))
        #expect(proof.json == "{\"type\":\"consistency\",\"size1\":1000,\"size2\":1500,\"proof\":[\"\(Merkle.emptyRoot.hex)\"]}\n")
        #expect(try ProofFile(json: proof.json) == proof)
    }

    @Test(arguments: [
        "",
        "[]",
        "{\"type\":\"inclusion\",\"index\":1,\"tree_size\":2,\"proof\":[]}",  // no leaf_hash
        "{\"type\":\"inclusion\",\"index\":-1,\"tree_size\":2,\"leaf_hash\":\"\(String(repeating: "0", count: 64))\",\"proof\":[]}",
        "{\"type\":\"inclusion\",\"index\":1,\"tree_size\":2,\"leaf_hash\":\"abc\",\"proof\":[]}",
        "{\"type\":\"consistency\",\"size1\":1,\"proof\":[]}",  // no size2
        "{\"type\":\"consistency\",\"size1\":1,\"size2\":2,\"proof\":[\"zz\"]}",
        "{\"type\":\"audit\",\"size1\":1,\"size2\":2,\"proof\":[]}",
    ])
    func malformedProofFileIsRejected(json: String) {
        let error = #expect(throws: MerkleError.self) { try ProofFile(json: json) }
        #expect(error?.code == .malformedProofFile)
    }

    @Test func inclusionProofFileVerifiesAgainstASignedCheckpoint() throws {
        let archive = try Archive()
        try archive.withStore { store in
            let checkpoint = try archive.checkpoint(store, size: 1200)
            let proof = ProofFile.inclusion(
                InclusionProof(
                    index: 777, treeSize: 1200, leafHash: archive.leaves[777],
                    proof: try store.inclusionProof(index: 777, treeSize: 1200)))
            let result = try ProofFile.verify(
                proofFile: proof.json, checkpoint: checkpoint, trustedKeys: [archive.verifier])
            #expect(result.checkpoint.size == 1200)
            #expect(result.signatures.map(\.name) == [Self.origin])

            // Another record's hash, or a checkpoint of another size, does not pass.
            let wrongLeaf = ProofFile.inclusion(
                InclusionProof(
                    index: 777, treeSize: 1200, leafHash: archive.leaves[778],
                    proof: try store.inclusionProof(index: 777, treeSize: 1200)))
            let mismatch = #expect(throws: MerkleError.self) {
                try ProofFile.verify(proofFile: wrongLeaf.json, checkpoint: checkpoint, trustedKeys: [archive.verifier])
            }
            #expect(mismatch?.code == .rootMismatch)
            let otherSize = try archive.checkpoint(store, size: 1300)
            let sizeError = #expect(throws: MerkleError.self) {
                try ProofFile.verify(proofFile: proof.json, checkpoint: otherSize, trustedKeys: [archive.verifier])
            }
            #expect(sizeError?.code == .sizeOutOfRange)

            // Without the archive's key the checkpoint is not trusted.
            let (_, strangerKey) = try NoteSigner.generate(name: "someone.else.example")
            #expect(throws: CheckpointError.self) {
                try ProofFile.verify(
                    proofFile: proof.json, checkpoint: checkpoint, trustedKeys: [try NoteVerifier(key: strangerKey)])
            }
        }
    }

    @Test func consistencyProofFileVerifiesAgainstTwoSignedCheckpoints() throws {
        let archive = try Archive()
        try archive.withStore { store in
            let earlier = try archive.checkpoint(store, size: 1000)
            let later = try archive.checkpoint(store, size: 1500)
            let proof = ProofFile.consistency(
                ConsistencyProof(size1: 1000, size2: 1500, proof: try store.consistencyProof(from: 1000, to: 1500)))
            let result = try ProofFile.verify(
                proofFile: proof.json, checkpoint: later, trustedKeys: [archive.verifier], earlierCheckpoint: earlier)
            #expect(result.earlierCheckpoint?.size == 1000)
            #expect(result.signatures.count == 2)

            let missing = #expect(throws: MerkleError.self) {
                try ProofFile.verify(proofFile: proof.json, checkpoint: later, trustedKeys: [archive.verifier])
            }
            #expect(missing?.message.contains("earlier") == true)

            // A rewritten history: the earlier checkpoint of a log whose record 10 changed.
            var rewritten = archive.leaves
            rewritten[10] = Merkle.leafHash(Array("rewritten".utf8))
            let fork = try Checkpoint(origin: Self.origin, size: 1000, root: Merkle.root(of: rewritten[..<1000]))
            let forkText = try fork.signed(by: [archive.signer]).text
            let error = #expect(throws: MerkleError.self) {
                try ProofFile.verify(
                    proofFile: proof.json, checkpoint: later, trustedKeys: [archive.verifier], earlierCheckpoint: forkText)
            }
            #expect(error?.code == .rootMismatch)
        }
    }
}
