import Foundation
import Testing

@testable import AnnalsLog

/// The RFC 6962 proof vectors of transparency-dev/merkle (`Fixtures/rfc6962`, see its
/// README): `happy-path.json` files and the one other `wantErr: false` case verify,
/// every tampered variant is rejected.
///
/// Mapping the upstream's byte strings onto the typed API:
/// - a leaf hash or proof component that is not 32 bytes cannot be a `Hash256`; such a
///   vector is rejected when decoded, as the upstream rejects a leaf hash of the wrong
///   size (and such a component could never hash to the root);
/// - a root that is not 32 bytes is one of the upstream's placeholders ("don't care 1",
///   "WrongRoot", ""), which it only ever compares for equality; it becomes a stand-in
///   hash of the placeholder that keeps equal placeholders equal and different ones
///   different, and matches no real root.
@Suite struct MerkleVectorTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/rfc6962")

    static func files(_ kind: String) -> [String] {
        let base = root.appendingPathComponent(kind)
        let enumerator = FileManager.default.enumerator(atPath: base.path)
        let all = (enumerator?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".json") }.sorted().map { "\(kind)/\($0)" }
    }

    static let inclusionFiles = files("inclusion")
    static let consistencyFiles = files("consistency")

    struct InclusionVector: Decodable {
        var leafIdx: UInt64
        var treeSize: UInt64
        var root: String
        var leafHash: String
        var proof: [String]?
        var wantErr: Bool
    }

    struct ConsistencyVector: Decodable {
        var size1: UInt64
        var size2: UInt64
        var root1: String
        var root2: String
        var proof: [String]?
        var wantErr: Bool
    }

    static func load<V: Decodable>(_ file: String, as: V.Type) throws -> V {
        try JSONDecoder().decode(V.self, from: Data(contentsOf: root.appendingPathComponent(file)))
    }

    static func bytes(_ base64: String) throws -> [UInt8] {
        try #require(Data(base64Encoded: base64).map { Array($0) }, "bad base64 in vector: \(base64)")
    }

    /// A hash value, or nil when the bytes are not 32 long (rejected at decoding).
    static func hash(_ base64: String) throws -> Hash256? {
        Hash256(bytes: try bytes(base64))
    }

    /// A root: the hash, or the stand-in for a placeholder.
    static func rootValue(_ base64: String) throws -> Hash256 {
        let raw = try bytes(base64)
        return Hash256(bytes: raw) ?? Hash256.sha256(Array("placeholder:".utf8) + raw)
    }

    @Test func fixturesArePresent() {
        #expect(Self.inclusionFiles.count >= 80)
        #expect(Self.consistencyFiles.count >= 90)
        #expect(Self.inclusionFiles.filter { $0.hasSuffix("/happy-path.json") }.count == 5)
        #expect(Self.consistencyFiles.filter { $0.hasSuffix("/happy-path.json") }.count == 5)
    }

    @Test(arguments: inclusionFiles)
    func inclusionVector(_ file: String) throws {
        let v = try Self.load(file, as: InclusionVector.self)
        if file.hasSuffix("/happy-path.json") { #expect(!v.wantErr) }
        let leaf = try Self.hash(v.leafHash)
        let proof = try (v.proof ?? []).map { try Self.hash($0) }
        let components = proof.compactMap { $0 }
        guard let leaf, components.count == proof.count else {
            #expect(v.wantErr, "\(file): a value that is not a 32-byte hash should only occur in tampered vectors")
            return
        }
        let root = try Self.rootValue(v.root)
        do {
            try Merkle.verifyInclusion(
                leafHash: leaf, index: v.leafIdx, treeSize: v.treeSize, proof: components, root: root)
            #expect(!v.wantErr, "\(file) must be rejected, but it verified")
        } catch {
            #expect(v.wantErr, "\(file) must verify, but: \(error)")
        }
    }

    @Test(arguments: consistencyFiles)
    func consistencyVector(_ file: String) throws {
        let v = try Self.load(file, as: ConsistencyVector.self)
        if file.hasSuffix("/happy-path.json") { #expect(!v.wantErr) }
        let proof = try (v.proof ?? []).map { try Self.hash($0) }
        let components = proof.compactMap { $0 }
        guard components.count == proof.count else {
            #expect(v.wantErr, "\(file): a value that is not a 32-byte hash should only occur in tampered vectors")
            return
        }
        let root1 = try Self.rootValue(v.root1)
        let root2 = try Self.rootValue(v.root2)
        do {
            try Merkle.verifyConsistency(size1: v.size1, size2: v.size2, root1: root1, root2: root2, proof: components)
            #expect(!v.wantErr, "\(file) must be rejected, but it verified")
        } catch {
            #expect(v.wantErr, "\(file) must verify, but: \(error)")
        }
    }

    @Test func happyPathProofsAreWhatTheGeneratorProduces() throws {
        // The vectors' trees are over the upstream's 8 test leaves; a proof generated by
        // `Merkle` from the same leaf hashes must equal the vector's proof.
        let leafData: [[UInt8]] = [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
            [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57], Array(0x60...0x6F),
        ]
        let leaves = leafData.map { Merkle.leafHash($0) }
        let subtree: Merkle.SubtreeHash = { level, index in
            Merkle.root(of: leaves[Int(index << level)..<Int((index + 1) << level)])
        }
        for n in 0...4 {
            let v = try Self.load("inclusion/\(n)/happy-path.json", as: InclusionVector.self)
            let generated = try Merkle.inclusionProof(index: v.leafIdx, treeSize: v.treeSize, subtree: subtree)
            #expect(generated.map { Data($0.bytes).base64EncodedString() } == (v.proof ?? []), "inclusion \(n)")
            #expect(try Merkle.root(size: v.treeSize, subtree: subtree) == Self.rootValue(v.root))
        }
        for n in 0...4 {
            let v = try Self.load("consistency/\(n)/happy-path.json", as: ConsistencyVector.self)
            let generated = try Merkle.consistencyProof(from: v.size1, to: v.size2, subtree: subtree)
            #expect(generated.map { Data($0.bytes).base64EncodedString() } == (v.proof ?? []), "consistency \(n)")
        }
    }
}
