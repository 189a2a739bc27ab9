import Annals
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /api/v1/events` keeps ids unique in the archive (the library's planner): an
/// event whose id the archive holds under another stream is a 409
/// `idempotency_conflict` naming both streams, and nothing is written.
@Suite struct ArchiveWideIDWriteTests {
    @Test func anIDHeldByAnotherStreamIs409NamingBothStreamsAndWritesNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let writes = WriteTests()
            let first = WriteTests.newMeetingLine(stream: "meeting/BGS-2026-0045")
            let created = try await writes.post(client, first + "\n", token: fixture.serviceToken)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let end = fixture.archive.log.endPosition
            // Another meeting, scheduled under the first one's id.
            let second = WriteTests.newMeetingLine(stream: "meeting/BGS-2026-0046")
            let refused = try await writes.post(client, second + "\n", token: fixture.serviceToken)
            #expect(refused.status == .conflict)
            let body = try object(refused)
            #expect(body["error"] as? String == "idempotency_conflict")
            let message = body["message"] as? String ?? ""
            #expect(message.contains("meeting/BGS-2026-0045") && message.contains("meeting/BGS-2026-0046"), "\(body)")
            #expect(fixture.archive.log.endPosition == end)
            #expect(fixture.archive.log.lastVersion(of: "meeting/BGS-2026-0046") == nil)
        }
    }
}
