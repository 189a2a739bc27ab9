import Annals
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Account administration while serving: admins grant, revoke and issue tokens through
/// the running archive, and a revocation holds from the very next request.
@Suite struct AccountAdminTests {
    /// The office's administrator 周明 (`admin.zhou`), granted and given an API token
    /// before the server starts, as `annals account add` and `token` would.
    static func withAdmin(_ fixture: ServerFixture) throws -> String {
        try fixture.archive.grantAccount(
            AccountGranted(account: "admin.zhou", name: "周明", roles: ["admin"], clearance: .internal), by: "root",
            at: ZonedTime(CivilDate(year: 2026, month: 11, day: 2)!, 8, 30))
        return try fixture.archive.issueAccountToken("admin.zhou", days: 30)
    }

    func post(_ client: any TestClientProtocol, _ uri: String, _ body: Any?, token: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.authorization] = "Bearer " + token
        headers[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: .post, headers: headers, body: body.map(json) ?? ByteBuffer())
    }

    @Test func aRevokedAccountsTokenAndSessionAreRefusedOnTheVeryNextRequest() async throws {
        let fixture = try ServerFixture()
        let admin = try Self.withAdmin(fixture)
        try await fixture.test { client in
            let session = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            #expect(try await client.get("/api/v1/search?q=预算", token: session).status == .ok)
            #expect(try await client.get("/api/v1/feed", token: fixture.serviceToken).status == .ok)
            for (id, reason) in [("liu.yang", "调离秘书科"), ("oa.system", "OA系统停用")] {
                let revoked = try await post(client, "/api/v1/accounts/\(id)/revoke", ["reason": reason], token: admin)
                #expect(revoked.status == .ok, "\(String(buffer: revoked.body))")
                #expect(try object(revoked)["revoked_by"] as? String == "admin.zhou")
            }
            // The next requests, with no restart and no wait.
            #expect(try await client.get("/api/v1/search?q=预算", token: session).status == .unauthorized)
            #expect(try await client.get("/api/v1/feed", token: fixture.serviceToken).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: "annals_session=" + session]).status == .unauthorized)
            // Nor can the password sign in again.
            let again = try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: json(["account": "liu.yang", "password": ServerFixture.clerkPassword]))
            #expect(again.status == .unauthorized)
            // Revoking twice is a conflict, an unknown account 404.
            #expect(try await post(client, "/api/v1/accounts/liu.yang/revoke", nil, token: admin).status == .conflict)
            #expect(try await post(client, "/api/v1/accounts/nobody.here/revoke", nil, token: admin).status == .notFound)
        }
        // Recorded in the log as the admin's act, with the secrets gone from the file.
        let history = try #require(try fixture.archive.accountHistory("liu.yang"))
        #expect(history.revoked?.by == "admin.zhou")
        #expect(history.revoked?.reason == "调离秘书科")
        let secrets = try CredentialStore(archive: fixture.path).load()
        #expect(secrets["liu.yang"] == nil)
        #expect(secrets["oa.system"] == nil)
    }

    @Test func anAdminGrantsWithAPasswordThatNeverReachesTheLogAndIssuesATokenShownOnce() async throws {
        let fixture = try ServerFixture()
        let admin = try Self.withAdmin(fixture)
        let password = "档案室2026新密码"
        try await fixture.test { client in
            let grant: [String: Any] = ["account": "sun.li", "name": "孙丽", "roles": ["reader", "archivist"], "clearance": "秘密", "password": password]
            let created = try await post(client, "/api/v1/accounts", grant, token: admin)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            #expect(created.headers[.cacheControl] == "no-store")
            let body = try object(created)
            #expect(body["granted_by"] as? String == "admin.zhou")
            #expect(body["roles"] as? [String] == ["archivist", "reader"])
            #expect(body["password_set"] as? Bool == true)
            #expect(!String(buffer: created.body).contains(password))
            // The new account signs in at once, with its clearance from the grant.
            let session = try await client.signIn("sun.li", password)
            let me = try object(try await client.get("/api/v1/session", token: session))
            #expect(me["clearance"] as? String == "秘密")
            // Changing the grant is 200; a bad role is the rule's 422, and nothing is written.
            var lowered = grant
            lowered["clearance"] = "内部"
            lowered["password"] = nil
            #expect(try await post(client, "/api/v1/accounts", lowered, token: admin).status == .ok)
            #expect(try object(try await client.get("/api/v1/session", token: session))["clearance"] as? String == "内部")
            let end = fixture.archive.log.endPosition
            var unknownRole = grant
            unknownRole["account"] = "qian.wei"
            unknownRole["roles"] = ["director"]
            let violation = try await post(client, "/api/v1/accounts", unknownRole, token: admin)
            #expect(violation.status == .unprocessableContent)
            #expect(try object(violation)["field"] as? String == "data.roles")
            var shortPassword = grant
            shortPassword["account"] = "qian.wei"
            shortPassword["password"] = "1234"
            #expect(try await post(client, "/api/v1/accounts", shortPassword, token: admin).status == .badRequest)
            #expect(fixture.archive.log.endPosition == end)
            // A token, shown once; it works as a bearer token.
            let issued = try await post(client, "/api/v1/accounts/sun.li/token", ["days": 7], token: admin)
            #expect(issued.status == .created)
            let token = try #require(try object(issued)["token"] as? String)
            #expect(try await client.get("/api/v1/search?q=预算", token: token).status == .ok)
            #expect(try await post(client, "/api/v1/accounts/sun.li/token", ["days": 0], token: admin).status == .badRequest)
            #expect(try await post(client, "/api/v1/accounts/nobody.here/token", nil, token: admin).status == .notFound)
        }
        // The password is in no file of the archive but as a bcrypt hash in credentials.json.
        let needle = Data(password.utf8)
        for file in try FileManager.default.subpathsOfDirectory(atPath: fixture.path) {
            guard let data = FileManager.default.contents(atPath: fixture.path + "/" + file) else { continue }
            #expect(data.range(of: needle) == nil, "\(file) holds the password")
        }
        let hash = try #require(try CredentialStore(archive: fixture.path).load()["sun.li"]?.passwordHash)
        #expect(hash.hasPrefix("$2"))
    }

    @Test func onlyAdminsAdministerAndAForgedReaderOrClearanceParameterIsIgnored() async throws {
        let fixture = try ServerFixture()
        let admin = try Self.withAdmin(fixture)
        try await fixture.test { client in
            let grant: [String: Any] = ["account": "qian.wei", "name": "钱伟", "roles": ["reader"], "clearance": "绝密"]
            // The archivist (机密) and the OA system: 403, however the request names itself.
            let archivist = try await client.signIn("wang.fang", ServerFixture.directorPassword)
            for token in [archivist, fixture.serviceToken] {
                let forged = try await post(
                    client, "/api/v1/accounts?reader=admin.zhou&clearance=绝密&role=admin", grant, token: token,
                    headers: [HTTPField.Name("X-Annals-Reader")!: "admin.zhou", HTTPField.Name("X-Annals-Clearance")!: "绝密"])
                #expect(forged.status == .forbidden)
                #expect(try await post(client, "/api/v1/accounts/liu.yang/revoke?reader=admin.zhou", nil, token: token).status == .forbidden)
                #expect(try await post(client, "/api/v1/accounts/liu.yang/token?clearance=绝密", nil, token: token).status == .forbidden)
            }
            #expect(try fixture.archive.accountHistory("qian.wei") == nil)
            #expect(try fixture.archive.accountHistory("liu.yang")?.standing() != nil)
            // Without credentials, 401.
            #expect(try await client.execute(uri: "/api/v1/accounts", method: .post, body: json(grant)).status == .unauthorized)
            // The admin's own grant is recorded as by the admin, whatever the body says.
            var claimed = grant
            claimed["by"] = "wang.fang"
            #expect(try await post(client, "/api/v1/accounts?by=wang.fang", claimed, token: admin).status == .created)
            let recorded = try fixture.archive.events(in: Archive.accountStream("qian.wei")).compactMap(\.event)
            #expect(recorded.map(\.by) == ["admin.zhou"])
            // And an admin does not revoke their own account here.
            #expect(try await post(client, "/api/v1/accounts/admin.zhou/revoke", nil, token: admin).status == .conflict)
        }
    }
}
