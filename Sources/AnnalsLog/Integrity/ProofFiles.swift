internal import Foundation

/// An inclusion proof: the record with leaf hash `leafHash` is number `index` in the
/// log of `treeSize` records.
public struct InclusionProof: Sendable, Hashable {
    /// The record's position (leaf index), from 0.
    public let index: UInt64
    /// The size of the tree (checkpoint) it is proved against.
    public let treeSize: UInt64
    /// The record's leaf hash.
    public let leafHash: Hash256
    /// The audit path, from the leaf up.
    public let proof: [Hash256]

    /// A proof, as ``MerkleTreeStore/inclusionProof(index:treeSize:)`` made it.
    public init(index: UInt64, treeSize: UInt64, leafHash: Hash256, proof: [Hash256]) {
        self.index = index
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.proof = proof
    }

    /// Checks the proof against the root of the tree of ``treeSize`` records.
    public func verify(root: Hash256) throws(MerkleError) {
        try Merkle.verifyInclusion(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof, root: root)
    }
}

/// A consistency proof: the log of `size2` records extends the log of `size1`.
public struct ConsistencyProof: Sendable, Hashable {
    /// The earlier size.
    public let size1: UInt64
    /// The later size.
    public let size2: UInt64
    /// The proof hashes.
    public let proof: [Hash256]

    /// A proof, as ``MerkleTreeStore/consistencyProof(from:to:)`` made it.
    public init(size1: UInt64, size2: UInt64, proof: [Hash256]) {
        self.size1 = size1
        self.size2 = size2
        self.proof = proof
    }

    /// Checks the proof against the roots of the two trees.
    public func verify(root1: Hash256, root2: Hash256) throws(MerkleError) {
        try Merkle.verifyConsistency(size1: size1, size2: size2, root1: root1, root2: root2, proof: proof)
    }
}

/// A proof as a small JSON file that an auditor can check without the archive
/// (`annals prove` writes one). Hashes are lower-case hex:
///
/// ```json
/// {"type":"inclusion","index":41,"tree_size":1000,"leaf_hash":"9f…","proof":["a1…","03…"]}
/// {"type":"consistency","size1":1000,"size2":1500,"proof":["5c…","e0…"]}
/// ```
public enum ProofFile: Sendable, Hashable {
    /// `{"type":"inclusion", ...}`: a record is in the log of a checkpoint.
    case inclusion(InclusionProof)
    /// `{"type":"consistency", ...}`: a later log extends an earlier one.
    case consistency(ConsistencyProof)

    /// Parses a proof file.
    ///
    /// - Throws: ``MerkleError/Code/malformedProofFile``, saying what is wrong.
    public init(json: String) throws(MerkleError) {
        let raw: RawProofFile
        do {
            raw = try JSONDecoder().decode(RawProofFile.self, from: Data(json.utf8))
        } catch {
            throw MerkleError(.malformedProofFile, "not a proof file (JSON with the documented fields): \(error)")
        }
        let proof = try raw.proof.enumerated().map { (i, hex) throws(MerkleError) in try Self.hash(hex, "proof[\(i)]") }
        switch raw.type {
        case "inclusion":
            guard let index = raw.index, let treeSize = raw.tree_size, let leafHex = raw.leaf_hash else {
                throw MerkleError(.malformedProofFile, "an inclusion proof file needs index, tree_size and leaf_hash")
            }
            let leafHash = try Self.hash(leafHex, "leaf_hash")
            self = .inclusion(InclusionProof(index: index, treeSize: treeSize, leafHash: leafHash, proof: proof))
        case "consistency":
            guard let size1 = raw.size1, let size2 = raw.size2 else {
                throw MerkleError(.malformedProofFile, "a consistency proof file needs size1 and size2")
            }
            self = .consistency(ConsistencyProof(size1: size1, size2: size2, proof: proof))
        default:
            throw MerkleError(
                .malformedProofFile, "unknown proof type \"\(raw.type)\"; expected \"inclusion\" or \"consistency\"")
        }
    }

    /// The proof file text: one line of JSON and a newline.
    public var json: String {
        func list(_ hashes: [Hash256]) -> String { "[" + hashes.map { "\"\($0.hex)\"" }.joined(separator: ",") + "]" }
        switch self {
        case .inclusion(let p):
            return
                "{\"type\":\"inclusion\",\"index\":\(p.index),\"tree_size\":\(p.treeSize),\"leaf_hash\":\"\(p.leafHash.hex)\",\"proof\":\(list(p.proof))}\n"
        case .consistency(let p):
            return "{\"type\":\"consistency\",\"size1\":\(p.size1),\"size2\":\(p.size2),\"proof\":\(list(p.proof))}\n"
        }
    }

    /// What a successful
    /// ``verify(proofFile:checkpoint:trustedKeys:earlierCheckpoint:requireTrustedSignature:)``
    /// established.
    public struct Verification: Sendable, Hashable {
        /// The proof that verified.
        public let proof: ProofFile
        /// The checkpoint it verified against (the later one, for consistency).
        public let checkpoint: Checkpoint
        /// The earlier checkpoint, for a consistency proof.
        public let earlierCheckpoint: Checkpoint?
        /// The trusted signatures found on the checkpoint(s).
        public let signatures: [NoteSignature]
    }

    /// Checks a proof file against checkpoint texts, with no archive at hand: the
    /// checkpoint signatures against `trustedKeys`, then the proof against the roots.
    ///
    /// - Parameters:
    ///   - proofFile: the JSON text of the proof.
    ///   - checkpoint: the signed checkpoint the proof is for (its size must be the
    ///     inclusion proof's `tree_size`, or the consistency proof's `size2`).
    ///   - trustedKeys: verifier keys of the institutions whose signature counts.
    ///   - earlierCheckpoint: for a consistency proof, the earlier signed checkpoint (of
    ///     size `size1`).
    ///   - requireTrustedSignature: whether each checkpoint needs a trusted signature.
    /// - Throws: ``MerkleError`` (malformed or failing proof, sizes that do not match)
    ///   or ``CheckpointError`` (malformed or untrusted checkpoint).
    @discardableResult
    public static func verify(
        proofFile: String, checkpoint: String, trustedKeys: [NoteVerifier], earlierCheckpoint: String? = nil,
        requireTrustedSignature: Bool = true
    ) throws -> Verification {
        let proof = try ProofFile(json: proofFile)
        let later = try SignedCheckpoint(parsing: checkpoint)
        var signatures = try later.verify(trustedKeys: trustedKeys, requireTrustedSignature: requireTrustedSignature)
        switch proof {
        case .inclusion(let p):
            try requireSize(p.treeSize, later.checkpoint, "the inclusion proof's tree_size")
            try p.verify(root: later.checkpoint.root)
            return Verification(
                proof: proof, checkpoint: later.checkpoint, earlierCheckpoint: nil, signatures: signatures)
        case .consistency(let p):
            guard let earlierCheckpoint else {
                throw MerkleError(
                    .malformedProofFile, "a consistency proof is checked against two checkpoints; give the earlier one too")
            }
            let earlier = try SignedCheckpoint(parsing: earlierCheckpoint)
            signatures += try earlier.verify(trustedKeys: trustedKeys, requireTrustedSignature: requireTrustedSignature)
            guard earlier.checkpoint.origin == later.checkpoint.origin else {
                throw CheckpointError(
                    .originMismatch,
                    "the checkpoints are from different logs: \"\(earlier.checkpoint.origin)\" and \"\(later.checkpoint.origin)\"")
            }
            try requireSize(p.size1, earlier.checkpoint, "the consistency proof's size1")
            try requireSize(p.size2, later.checkpoint, "the consistency proof's size2")
            try p.verify(root1: earlier.checkpoint.root, root2: later.checkpoint.root)
            return Verification(
                proof: proof, checkpoint: later.checkpoint, earlierCheckpoint: earlier.checkpoint, signatures: signatures)
        }
    }

    private static func requireSize(_ size: UInt64, _ checkpoint: Checkpoint, _ what: String) throws(MerkleError) {
        guard size == checkpoint.size else {
            throw MerkleError(
                .sizeOutOfRange,
                "\(what) is \(size), but the checkpoint is of \(checkpoint.size) records: get a proof for that checkpoint")
        }
    }

    private static func hash(_ hex: String, _ field: String) throws(MerkleError) -> Hash256 {
        guard let hash = Hash256(hex: hex) else {
            throw MerkleError(.malformedProofFile, "\(field) must be 64 hex digits, not \"\(hex)\"")
        }
        return hash
    }
}

/// The JSON shape of both kinds of proof file (snake_case keys as written).
private struct RawProofFile: Decodable {
    var type: String
    var index: UInt64?
    var tree_size: UInt64?
    var leaf_hash: String?
    var size1: UInt64?
    var size2: UInt64?
    var proof: [String]
}
