import Annals
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Sign-in: sessions, cookies, API tokens, 401 and 403, the slowed and counted failures.
@Suite struct SessionTests {
    @Test func signingInGivesATokenAndAStrictHttpOnlyCookie() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let body = json(["account": "liu.yang", "password": ServerFixture.clerkPassword])
            let (token, cookie) = try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: body) { response in
                #expect(response.status == .created)
                let session = try object(response)
                #expect(session["account"] as? String == "liu.yang")
                #expect(session["clearance"] as? String == "内部")
                #expect(session["roles"] as? [String] == ["reader", "clerk"])
                #expect((session["expires_at"] as? String)?.hasSuffix("Z") == true)
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
                return (try #require(session["token"] as? String), cookie)
            }
            #expect(cookie.hasPrefix("annals_session=" + token))
            // The cookie signs the page in, and GET /session gives its CSRF token.
            try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: "annals_session=" + token]) { response in
                #expect(response.status == .ok)
                let session = try object(response)
                #expect(session["name"] as? String == "刘洋")
                #expect((session["csrf_token"] as? String)?.count == 64)
            }
            // The token also works as a bearer token; signing out ends it.
            #expect(try await client.get("/api/v1/search?q=预算", token: token).status == .ok)
            try await client.execute(uri: "/api/v1/session", method: .delete, headers: [.authorization: "Bearer " + token]) { response in
                #expect(response.status == .noContent)
            }
            #expect(try await client.get("/api/v1/search?q=预算", token: token).status == .unauthorized)
        }
    }

    @Test func noOrUnknownCredentialsGet401AndAMissingRoleGets403() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let none = try await client.get("/api/v1/search?q=预算", token: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == #"Bearer realm="annals""#)
            #expect(try object(none)["error"] as? String == "unauthorized")
            #expect(try await client.get("/api/v1/search?q=预算", token: "annals_" + String(repeating: "0", count: 64)).status == .unauthorized)
            try await client.execute(uri: "/api/v1/search?q=预算", method: .get, headers: [.authorization: "Basic bGl1LnlhbmE6eA=="]) { response in
                #expect(response.status == .unauthorized)
            }
            // The OA system may append and follow the feed, not search; the auditor may not append.
            let forbidden = try await client.get("/api/v1/search?q=预算", token: fixture.serviceToken)
            #expect(forbidden.status == .forbidden)
            #expect((try object(forbidden)["message"] as? String)?.contains("service") == true)
            try await client.execute(uri: "/api/v1/events", method: .post, headers: [.authorization: "Bearer " + fixture.auditorToken], body: ByteBuffer(string: "[]")) { response in
                #expect(response.status == .forbidden)
            }
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            #expect(try await client.get("/api/v1/checkpoint", token: clerk).status == .forbidden)
        }
    }

    @Test func failedSignInsAreCountedAndLockTheAccountOutWithoutCheckingThePassword() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for _ in 0..<5 {
                try await client.execute(
                    uri: "/api/v1/session", method: .post, body: json(["account": "wang.fang", "password": "猜一猜密码123"])
                ) { response in
                    let body = try object(response)
                    #expect(response.status == .unauthorized)
                    #expect(body["message"] as? String == "wrong account or password")
                }
            }
            // Locked out: even the right password is refused now, with when to retry.
            try await client.execute(uri: "/api/v1/session", method: .post, body: json(["account": "wang.fang", "password": ServerFixture.directorPassword])) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 800)
            }
            // The same address is locked out for the other accounts too.
            try await client.execute(uri: "/api/v1/session", method: .post, body: json(["account": "liu.yang", "password": ServerFixture.clerkPassword])) { response in
                #expect(response.status == .tooManyRequests)
            }
            let metrics = String(buffer: try await client.get("/metrics", token: nil).body)
            #expect(metrics.contains("annals_signin_failures_total 5"))
            #expect(metrics.contains("annals_signin_lockouts_total 2"))
            // After the window, the right password works again.
            fixture.advance(seconds: 15 * 60)
            _ = try await client.signIn("wang.fang", ServerFixture.directorPassword)
        }
    }

    @Test func aFloodOfGuessesSentAllAtOnceGetsNoMorePasswordChecksThanTheThreshold() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            // Thirty guesses in flight together, before any bcrypt check has answered.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for guess in 0..<30 {
                    group.addTask {
                        try await client.execute(
                            uri: "/api/v1/session", method: .post, body: json(["account": "wang.fang", "password": "猜一猜密码\(guess)"])
                        ) { $0.status }
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(!statuses.contains(.created))
            let checked = statuses.filter { $0 == .unauthorized }.count
            #expect(checked <= 5, "\(checked) passwords were checked; the threshold is 5")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 30 - checked)
            let metrics = String(buffer: try await client.get("/metrics", token: nil).body)
            #expect(metrics.contains("annals_signin_failures_total \(checked)"))
        }
    }

    @Test func anExpiredSessionOrTokenAndARevokedAccountAreRefused() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let session = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            #expect(try await client.get("/api/v1/catalogue", token: session).status == .ok)
            #expect(try await client.get("/api/v1/checkpoint", token: fixture.auditorToken).status == .ok)
            // Eight hours later the session has ended; thirty days later the token has.
            fixture.advance(seconds: 8 * 3600)
            #expect(try await client.get("/api/v1/catalogue", token: session).status == .unauthorized)
            fixture.advance(seconds: 30 * 86_400)
            #expect(try await client.get("/api/v1/checkpoint", token: fixture.auditorToken).status == .unauthorized)
        }
        let revoked = try ServerFixture()
        try await revoked.test { client in
            let session = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            #expect(try await client.get("/api/v1/catalogue", token: session).status == .ok)
            #expect(try await client.get("/api/v1/feed", token: revoked.serviceToken).status == .ok)
            let at = ZonedTime(CivilDate(year: 2026, month: 12, day: 1)!, 17, 0)
            _ = try revoked.archive.appendBlocking([
                Event(stream: "account/liu.yang", at: at, by: "admin.zhou", AccountRevoked(account: "liu.yang", reason: "调离秘书科")),
                Event(stream: "account/oa.system", at: at, by: "admin.zhou", AccountRevoked(account: "oa.system", reason: "OA系统停用")),
            ])
            // The session and the token still exist, but the log says the grants are gone.
            let refused = try await client.get("/api/v1/catalogue", token: session)
            #expect(refused.status == .unauthorized)
            #expect((try object(refused)["message"] as? String)?.contains("revoked") == true)
            #expect(try await client.get("/api/v1/feed", token: revoked.serviceToken).status == .unauthorized)
            try await client.execute(uri: "/api/v1/session", method: .post, body: json(["account": "liu.yang", "password": ServerFixture.clerkPassword])) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func aStateChangingRequestByCookieNeedsTheCSRFToken() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let token = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let cookie = "annals_session=" + token
            let csrf = try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: cookie]) { response in
                try #require(try object(response)["csrf_token"] as? String)
            }
            let event = WriteTests.newMeetingLine(stream: "meeting/BGS-2026-0101")
            // A form on another site could make the browser send the cookie, but not the header.
            try await client.execute(uri: "/api/v1/events", method: .post, headers: [.cookie: cookie], body: ByteBuffer(string: event)) { response in
                let body = try object(response)
                #expect(response.status == .forbidden)
                #expect(body["error"] as? String == "csrf")
            }
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: [.cookie: cookie, HTTPField.Name("X-Annals-CSRF")!: String(repeating: "a", count: 64)],
                body: ByteBuffer(string: event)
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(fixture.archive.log.lastVersion(of: "meeting/BGS-2026-0101") == nil)
            try await client.execute(
                uri: "/api/v1/events", method: .post, headers: [.cookie: cookie, HTTPField.Name("X-Annals-CSRF")!: csrf], body: ByteBuffer(string: event)
            ) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
            }
        }
    }
}
