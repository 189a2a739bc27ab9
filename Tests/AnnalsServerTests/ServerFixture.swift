import Annals
import AnnalsLog
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// An archive as an office would have it, served: the 7th 主任办公会 of 2023 (内部,
/// about 预算执行) and a 机密 专题会议 the same day (about 星火计划), and four accounts:
///
/// - `liu.yang` 刘洋, reader and clerk, cleared for 内部 (password);
/// - `wang.fang` 王芳, reader and archivist, cleared for 机密 (password);
/// - `zhao.min` 赵敏, auditor, cleared for 内部 (API token);
/// - `oa.system`, the OA system: service, 内部 (API token).
final class ServerFixture: Sendable {
    static let kept = "meeting/BGS-2023-007"
    static let secret = "meeting/BGS-2023-008"
    static let clerkPassword = "秘书科2026冬"
    static let directorPassword = "办公室主任2026"

    let path = NSTemporaryDirectory() + "annals-server-\(UUID().uuidString.prefix(8))"
    let archive: Archive
    let state: ServerState
    let auditorToken: String
    let serviceToken: String
    /// The server's clock; tests move it forward to expire sessions and tokens.
    let clock: TestClock

    init(configure: (inout AnnalsServerOptions) -> Void = { _ in }) throws {
        // This office keeps its 主任办公会 minutes ten years (its own retention table), so
        // that the review of 2034 has them due.
        var policy = Policy.standard
        policy.retentionByKind["主任办公会"] = .tenYears
        var archiveOptions = ArchiveOptions()
        archiveOptions.policy = policy
        archive = try Archive.create(at: path, options: archiveOptions)
        _ = try archive.appendBlocking(Self.meeting(Self.kept, classification: .internal, title: "2023年第7次主任办公会", speech: "一季度预算执行率为23.5%，略低于序时进度。"))
        _ = try archive.appendBlocking(Self.meeting(Self.secret, classification: .secret, title: "2023年度预算专题会议（星火计划）", speech: "星火计划由综合科牵头，年底前完成。"))
        let at = ZonedTime(CivilDate(year: 2026, month: 11, day: 2)!, 9, 0)
        func grant(_ id: String, _ name: String, _ roles: [String], _ clearance: Classification) -> Event {
            Event(stream: Archive.accountStream(id), at: at, by: "admin.zhou", AccountGranted(account: id, name: name, roles: roles, clearance: clearance))
        }
        _ = try archive.appendBlocking([
            grant("liu.yang", "刘洋", ["reader", "clerk"], .internal),
            grant("wang.fang", "王芳", ["reader", "archivist"], .secret),
            grant("zhao.min", "赵敏", ["auditor"], .internal),
            grant("oa.system", "OA系统", ["service"], .internal),
        ])
        let store = CredentialStore(archive: path)
        try store.setPassword(Self.clerkPassword, for: "liu.yang")
        try store.setPassword(Self.directorPassword, for: "wang.fang")
        auditorToken = try store.issueToken(for: "zhao.min", days: 30)
        serviceToken = try store.issueToken(for: "oa.system", days: 30)
        var options = AnnalsServerOptions()
        options.failedSignInDelay = .milliseconds(5)
        options.idleTimeout = .seconds(1)
        options.listen = ListenAddress(host: "127.0.0.1", port: 0)
        configure(&options)
        let clock = TestClock()
        self.clock = clock
        let now: @Sendable () -> Int64 = { clock.now.withLock { $0 } }
        state = ServerState(archive: archive, options: options, now: now)
    }

    deinit {
        try? archive.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    func advance(seconds: Int64) { clock.now.withLock { $0 += seconds * 1_000_000 } }

    /// A meeting that passes every rule: scheduled, notified, held, minuted, approved, filed.
    static func meeting(_ stream: String, classification: Classification, title: String, speech: String) -> [Event] {
        let day = CivilDate(year: 2023, month: 3, day: 6)!
        func t(_ d: CivilDate, _ h: Int, _ m: Int) -> ZonedTime { ZonedTime(d, h, m) }
        let people = [
            Participant(person: "P001", name: "王芳", unit: "办公室", position: "主任"),
            Participant(person: "P002", name: "李强", unit: "办公室", position: "副主任"),
            Participant(person: "P004", name: "刘洋", unit: "秘书科", position: "科员"),
        ]
        let scheduled = MeetingScheduled(
            title: title, kind: "主任办公会", organizer: "BGS", chair: "P001", recorder: "P004", location: "三楼第一会议室",
            startsAt: t(day, 9, 30), endsAt: t(day, 11, 30), classification: classification, planned: true,
            agenda: [AgendaItem(item: "1", title: "预算执行情况", presenter: "CWK")], participants: people)
        let steps: [(ZonedTime, any EventPayload)] = [
            (t(CivilDate(year: 2023, month: 2, day: 27)!, 15, 0), scheduled),
            (t(CivilDate(year: 2023, month: 3, day: 1)!, 9, 0), MeetingNotified(channels: ["OA"])),
            (t(day, 9, 20), ParticipantSignedIn(person: "P001", signedBy: "P001")),
            (t(day, 9, 22), ParticipantSignedIn(person: "P002", signedBy: "P002")),
            (t(day, 9, 25), ParticipantSignedIn(person: "P004", signedBy: "P004")),
            (t(day, 10, 0), MinutesRecorded(item: "1", speaker: "P001", summary: speech, dissent: false)),
            (t(day, 11, 0), MeetingResolved(decisions: [
                Resolution(decision: "D1", item: "1", text: "各科室于3月底前报送支出进度计划", responsible: ["CWK"], deadline: CivilDate(year: 2023, month: 3, day: 31)!),
            ])),
            (t(day, 15, 0), MinutesDrafted(drafter: "P004")),
            (t(CivilDate(year: 2023, month: 3, day: 7)!, 9, 0), MinutesApproved(approvedBy: "P001")),
            (t(CivilDate(year: 2024, month: 3, day: 15)!, 10, 0), MeetingArchived(year: 2023, retention: .tenYears, documents: [FiledDocument(title: "会议纪要", kind: .minutes)])),
        ]
        return steps.map { Event(stream: stream, at: $0.0, by: "clerk.liu", data: $0.1.eventData) }
    }

    /// Runs `test` against the application through Hummingbird's router test client.
    func test<Value: Sendable>(_ setup: TestingSetup = .router, _ test: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = try AnnalsServer.application(state)
        return try await app.test(setup, test)
    }

    /// The `archive.accessed` records of a stream.
    func accesses(_ stream: String) throws -> [ArchiveAccessed] {
        try archive.events(in: stream).compactMap { stored in
            guard case .archiveAccessed(let access)? = stored.event?.data else { return nil }
            return access
        }
    }
}

/// The server's clock in a test: now, until a test moves it.
final class TestClock: Sendable {
    let now = Mutex(Timestamp.now())
}

extension TestClientProtocol {
    /// Signs in and returns the session token.
    func signIn(_ account: String, _ password: String) async throws -> String {
        try await execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: json(["account": account, "password": password])) { response in
            #expect(response.status == .created, "signing in \(account): \(String(buffer: response.body))")
            return try #require(try object(response)["token"] as? String)
        }
    }

    /// GET with a bearer token.
    func get(_ uri: String, token: String?, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer " + token }
        return try await execute(uri: uri, method: .get, headers: headers)
    }
}

func json(_ value: Any) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: value))
}

func object(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any], "not a JSON object: \(String(buffer: response.body))")
}

func array(_ response: TestResponse) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]], "not a JSON array: \(String(buffer: response.body))")
}

/// A percent-encoded query value.
func encoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
