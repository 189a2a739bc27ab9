import Annals
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Requests from someone trying: each case fails if its defence is removed.
@Suite struct HostileTests {
    @Test func aForgedReaderOrClearanceInTheRequestIsIgnored() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let forged: HTTPFields = [
                HTTPField.Name("X-Annals-Reader")!: "wang.fang", HTTPField.Name("X-Annals-Clearance")!: "机密",
                HTTPField.Name("X-Reader")!: "wang.fang", HTTPField.Name("Clearance")!: "绝密",
            ]
            let parameters = "&reader=wang.fang&clearance=\(encoded("机密"))&as_reader=wang.fang&account=wang.fang"
            let search = try await client.get("/api/v1/search?q=\(encoded("text:星火计划"))" + parameters, token: clerk, headers: forged)
            #expect(search.status == .ok)
            #expect(try object(search)["total"] as? Int == 0)
            #expect(!String(buffer: search.body).contains("星火"))
            let listed = try await client.get("/api/v1/search?q=\(encoded("class:机密"))" + parameters, token: clerk, headers: forged)
            let hit = try #require((try object(listed)["hits"] as? [[String: Any]])?.first)
            #expect(hit["restricted"] as? Bool == true && hit["title"] is NSNull)
            let minutes = try await client.get("/api/v1/minutes?stream=\(encoded(ServerFixture.secret))" + parameters, token: clerk, headers: forged)
            #expect(minutes.status == .forbidden)
            #expect(!String(buffer: minutes.body).contains("星火"))
            let catalogue = try await client.get("/api/v1/catalogue?year=2023" + parameters, token: clerk, headers: forged)
            #expect(!String(buffer: catalogue.body).contains("星火"))
            // Nothing was read in 王芳's name.
            #expect(try fixture.accesses(ServerFixture.secret).isEmpty)
        }
    }

    @Test func pathTraversalOnStaticFilesReachesNoFile() async throws {
        let fixture = try ServerFixture()
        // A file beside the page that must never be served, and the archive's own.
        try "秘密".write(toFile: fixture.path + "/secret.txt", atomically: true, encoding: .utf8)
        try await fixture.test { client in
            let robots = try await client.get("/robots.txt", token: nil)
            #expect(robots.status == .ok && String(buffer: robots.body).contains("Disallow: /"))
            for path in [
                "/assets/../../Package.swift", "/assets/..%2f..%2fPackage.swift", "/assets/%2e%2e/%2e%2e/etc/passwd", "/../credentials.json",
                "/assets/....//....//etc/passwd", "/assets/..\\..\\credentials.json", "/%2e%2e/Package.swift", "/assets/./../robots.txt",
                "/credentials.json", "/archive.json", "/secret.txt", "/assets/%00robots.txt", "/Page/robots.txt",
            ] {
                let response = try await client.get(path, token: nil)
                #expect(response.status == .notFound, "\(path) gave \(response.status)")
                let body = String(buffer: response.body)
                #expect(!body.contains("root:") && !body.contains("PackageDescription") && !body.contains("$2b$") && !body.contains("秘密") && !body.contains("fonds"), "\(path)")
            }
        }
    }

    @Test func aBodyOverTheLimitIs413AndWritesNothing() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let end = fixture.archive.log.endPosition
            // 1.5 MiB: over the server's 1 MiB limit (Hummingbird's own default is 2 MiB).
            let line = WriteTests.newMeetingLine(stream: "meeting/BGS-2026-0050")
            let padding = String(repeating: " ", count: 3 << 19)
            let response = try await client.execute(
                uri: "/api/v1/events", method: .post, headers: [.authorization: "Bearer " + fixture.serviceToken], body: ByteBuffer(string: line + padding))
            #expect(response.status == .contentTooLarge)
            #expect(fixture.archive.log.endPosition == end)
            let signIn = try await client.execute(uri: "/api/v1/session", method: .post, body: ByteBuffer(string: String(repeating: "{", count: 3 << 19)))
            #expect(signIn.status == .contentTooLarge)
        }
    }

    @Test func aClientThatStopsSendingIsDisconnected() async throws {
        let fixture = try ServerFixture()  // idle timeout: 1 s
        try await fixture.test(.live) { client in
            let port = try #require(client.port)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #expect(fd >= 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            // Half a valid request head (the query percent-encoded, as a client sends
            // it: raw UTF-8 in a request line is refused at once with 400), then
            // silence (a slowloris): only the idle timeout can end it.
            let partial = "GET /api/v1/search?q=%E9%A2%84%E7%AE%97 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            _ = partial.withCString { send(fd, $0, strlen($0), 0) }
            // Wait at most 6 s for the server to close the connection.
            var timeout = timeval(tv_sec: 6, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let started = ContinuousClock.now
            var buffer = [UInt8](repeating: 0, count: 256)
            let received = recv(fd, &buffer, buffer.count, 0)
            let waited = ContinuousClock.now - started
            #expect(received == 0, "the server should have closed the connection (recv gave \(received), errno \(errno))")
            #expect(waited < .seconds(4))
        }
    }
}
