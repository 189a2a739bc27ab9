import Annals
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /api/v1/events`: 201, 200 on a retry, 409, 422, 400 and 413.
@Suite struct WriteTests {
    /// A new meeting's `meeting.scheduled`, as the OA system would send it.
    static func newMeetingLine(stream: String, id: String = "0f8e7d6c-5b4a-4987-8654-3210fedcba98", version: Int? = nil) -> String {
        #"{"id":"\#(id)","stream":"\#(stream)","type":"meeting.scheduled","at":"2026-11-20T15:00:00+08:00","by":"clerk.liu",\#(version.map { "\"version\":\($0)," } ?? "")"data":{"title":"2026年第45次主任办公会","kind":"主任办公会","organizer":"BGS","chair":"P001","recorder":"P004","location":"三楼第一会议室","starts_at":"2026-11-30T09:30:00+08:00","ends_at":"2026-11-30T11:30:00+08:00","classification":"内部","planned":true,"agenda":[{"item":"1","title":"年终工作总结安排"}],"participants":[{"person":"P001","name":"王芳","unit":"办公室","position":"主任","role":"member"},{"person":"P004","name":"刘洋","unit":"秘书科","position":"科员","role":"member"}]}}"#
    }

    func post(_ client: any TestClientProtocol, _ body: String, token: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/events", method: .post, headers: [.authorization: "Bearer " + token], body: ByteBuffer(string: body))
    }

    @Test func anAppendIs201ARetryIs200AndAPartialRetryIs409() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let line = Self.newMeetingLine(stream: "meeting/BGS-2026-0045")
            let created = try await post(client, "[" + line + "]", token: fixture.serviceToken)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let result = try object(created)
            #expect(result["duplicate"] as? Bool == false)
            #expect((result["positions"] as? [Int])?.count == 2)
            #expect(fixture.archive.log.lastVersion(of: "meeting/BGS-2026-0045") == 0)
            // The same batch again (a network retry) appends nothing.
            let retry = try await post(client, line + "\n", token: fixture.serviceToken)
            #expect(retry.status == .ok)
            #expect(try object(retry)["duplicate"] as? Bool == true)
            #expect(fixture.archive.log.lastVersion(of: "meeting/BGS-2026-0045") == 0)
            let notified = #"{"id":"1f8e7d6c-5b4a-4987-8654-3210fedcba98","stream":"meeting/BGS-2026-0045","type":"meeting.notified","at":"2026-11-21T09:00:00+08:00","by":"clerk.liu","data":{"channels":["OA"]}}"#
            let partial = try await post(client, line + "\n" + notified, token: fixture.serviceToken)
            #expect(partial.status == .conflict)
            #expect(try object(partial)["error"] as? String == "idempotency_conflict")
        }
    }

    @Test func aWrongExpectedVersionIs409WithTheCurrentVersion() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            // The kept meeting is at version 9: an event claiming version 3 is stale.
            let stale = #"{"stream":"\#(ServerFixture.kept)","type":"archive.inspected","at":"2026-01-09T09:00:00+08:00","by":"P011","version":3,"data":{"inspector":"P011","result":"纸质件完好"}}"#
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let conflict = try await post(client, stale, token: clerk)
            #expect(conflict.status == .conflict)
            let body = try object(conflict)
            #expect(body["current_version"] as? Int == 9)
            #expect(body["stream"] as? String == ServerFixture.kept)
            let current = stale.replacingOccurrences(of: #""version":3"#, with: #""version":10"#)
            #expect(try await post(client, current, token: clerk).status == .created)
            #expect(try await post(client, Self.newMeetingLine(stream: "meeting/BGS-2026-0046", version: 0), token: clerk).status == .created)
            let notNew = Self.newMeetingLine(stream: ServerFixture.kept, id: "2f8e7d6c-5b4a-4987-8654-3210fedcba98", version: 0)
            #expect(try await post(client, notNew, token: clerk).status == .conflict)
        }
    }

    @Test func aRuleViolationIs422NamingRuleStreamAndFieldAndWritesNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let end = fixture.archive.log.endPosition
            let proxy = #"{"stream":"\#(ServerFixture.kept)","type":"participant.signed_in","at":"2023-03-06T09:28:00+08:00","by":"clerk.liu","data":{"person":"P002","signed_by":"P004"}}"#
            let response = try await post(client, proxy, token: fixture.serviceToken)
            #expect(response.status == .unprocessableContent)
            let body = try object(response)
            #expect(body["error"] as? String == "rule_violation")
            #expect((body["rule"] as? String)?.isEmpty == false)
            #expect(body["stream"] as? String == ServerFixture.kept)
            #expect(body["field"] is String)
            #expect(body["message"] is String)
            #expect(fixture.archive.log.endPosition == end)
        }
    }

    @Test func aMalformedEventIs400NamingTheLineAndField() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let good = Self.newMeetingLine(stream: "meeting/BGS-2026-0047")
            let bad = good.replacingOccurrences(of: #""classification":"内部""#, with: #""classification":"非常机密""#)
                .replacingOccurrences(of: "0f8e7d6c", with: "3f8e7d6c")
            let response = try await post(client, "[" + good + ",\n" + bad + "]", token: fixture.serviceToken)
            #expect(response.status == .badRequest)
            let body = try object(response)
            #expect(body["line"] as? Int == 2)
            #expect(body["field"] as? String == "data.classification")
            #expect(fixture.archive.log.lastVersion(of: "meeting/BGS-2026-0047") == nil)
            #expect(try await post(client, "[{\"stream\":", token: fixture.serviceToken).status == .badRequest)
            #expect(try await post(client, "", token: fixture.serviceToken).status == .badRequest)
        }
    }

    @Test func readsAndAccountsCannotBeWrittenThroughTheAPI() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let forged = #"{"stream":"\#(ServerFixture.secret)","type":"archive.accessed","at":"2026-12-01T10:00:00+08:00","by":"wang.fang","data":{"reader":"wang.fang","purpose":"审计"}}"#
            let read = try await post(client, forged, token: fixture.serviceToken)
            #expect(read.status == .forbidden)
            let promote = #"{"stream":"account/oa.system","type":"account.granted","at":"2026-12-01T10:00:00+08:00","by":"oa.system","data":{"account":"oa.system","name":"OA系统","roles":["admin"],"clearance":"绝密"}}"#
            let grant = try await post(client, promote, token: fixture.serviceToken)
            #expect(grant.status == .forbidden)
            let roles = try fixture.archive.accountHistory("oa.system")?.standing()?.roles
            #expect(roles == [.service])
        }
    }
}
