import Annals
import AnnalsLog
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Checkpoints, proofs, bundles, tiles and the feed.
@Suite struct AuditTests {
    @Test func anInclusionProofFromTheServerVerifiesAgainstItsCheckpoint() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let token = fixture.auditorToken
            let checkpointText = String(buffer: try await client.get("/api/v1/checkpoint", token: token).body)
            let checkpoint = try SignedCheckpoint(parsing: checkpointText).checkpoint
            #expect(checkpoint.size == fixture.archive.log.endPosition)
            let proofText = String(buffer: try await client.get("/api/v1/proof/inclusion?position=3&size=\(checkpoint.size)", token: token).body)
            guard case .inclusion(let proof) = try ProofFile(json: proofText) else { Issue.record("not an inclusion proof"); return }
            try proof.verify(root: checkpoint.root)
            #expect(proof.leafHash == (try fixture.archive.log.leafHashes(3..<4))[0])
            let consistencyText = String(buffer: try await client.get("/api/v1/proof/consistency?from=5&to=\(checkpoint.size)", token: token).body)
            guard case .consistency(let consistency) = try ProofFile(json: consistencyText) else { Issue.record("not a consistency proof"); return }
            try consistency.verify(root1: try fixture.archive.log.merkleRoot(size: 5).root, root2: checkpoint.root)
            #expect(try await client.get("/api/v1/proof/inclusion?position=\(checkpoint.size)", token: token).status == .badRequest)
            #expect(try await client.get("/api/v1/proof/consistency?from=0", token: token).status == .badRequest)
        }
    }

    @Test func tilesAreTheTreesHashesInC2SPLayout() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let size = Int(fixture.archive.log.endPosition)
            let tile = try await client.get("/tile/0/000.p/\(size)", token: fixture.auditorToken)
            #expect(tile.status == .ok)
            let leaves = try fixture.archive.log.leafHashes(0..<UInt64(size))
            #expect(Array(tile.body.readableBytesView) == leaves.flatMap(\.bytes))
            // A full tile does not exist yet, nor a wider partial one, nor a level 1 hash.
            #expect(try await client.get("/tile/0/000", token: fixture.auditorToken).status == .notFound)
            #expect(try await client.get("/tile/0/000.p/\(size + 1)", token: fixture.auditorToken).status == .notFound)
            #expect(try await client.get("/tile/1/000.p/1", token: fixture.auditorToken).status == .notFound)
            #expect(try await client.get("/tile/0/x1/000", token: fixture.auditorToken).status == .notFound)
            #expect(try await client.get("/tile/0/000.p/\(size)", token: nil).status == .unauthorized)
        }
    }

    @Test func aBundleIsAnAuditorsForRecordsWithinClearance() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let bundle = try await client.get("/api/v1/bundle?stream=\(encoded(ServerFixture.kept))", token: fixture.auditorToken)
            #expect(bundle.status == .ok)
            let parsed = try AuditBundle(json: String(buffer: bundle.body))
            #expect(parsed.entries.count == 10)
            try parsed.verify(trustedKeys: [], requireTrustedSignature: false)
            #expect(try await client.get("/api/v1/bundle?stream=\(encoded(ServerFixture.secret))", token: fixture.auditorToken).status == .forbidden)
        }
    }

    @Test func theFeedGivesEveryEventInOrderWithoutClassifiedContent() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.get("/api/v1/feed?from=0&limit=25", token: fixture.serviceToken)
            #expect(response.status == .ok)
            let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
            #expect(lines.count == 24)
            #expect(response.headers[HTTPField.Name("Annals-Next-Position")!] == "24")
            #expect(lines.filter { $0.contains(ServerFixture.secret) }.allSatisfy { $0.contains(#""restricted":true"#) })
            #expect(!lines.joined().contains("星火"))
            #expect(lines.joined().contains("预算执行率"))
            // Resuming after the last one seen, with nothing new: an empty page at once.
            let resumed = try await client.get("/api/v1/feed", token: fixture.serviceToken, headers: [HTTPField.Name("Last-Event-ID")!: "23"])
            #expect(resumed.body.readableBytes == 0)
            #expect(resumed.headers[HTTPField.Name("Annals-Next-Position")!] == "24")
        }
    }
}
