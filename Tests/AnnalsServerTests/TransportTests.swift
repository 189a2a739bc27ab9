import Annals
import AnnalsServer
import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing

/// The server as a client meets it over a real socket: HTTPS from the certificate and
/// key given (`--tls-cert`, `--tls-key`), and the server-sent events feed resumed from
/// `Last-Event-ID`.
@Suite struct TransportTests {
    /// A self-signed certificate for localhost and 127.0.0.1, made by the `openssl` CLI
    /// in `directory`; returns the paths of the certificate and the key (PEM).
    static func selfSignedCertificate(in directory: String) throws -> (certificate: String, key: String) {
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl req failed (is the openssl CLI installed? `make deps` installs it)")
        return (certificate, key)
    }

    @Test func withACertificateAndKeyTheServerSpeaksOnlyTLS() async throws {
        let directory = NSTemporaryDirectory() + "annals-tls-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (certificate, key) = try Self.selfSignedCertificate(in: directory)
        let fixture = try ServerFixture { options in
            options.tlsCertificate = certificate
            options.tlsKey = key
        }
        try await fixture.test(.ahc(.https)) { client in
            let health = try await client.get("/healthz", token: nil)
            #expect(health.status == .ok)
            #expect(health.headers[.strictTransportSecurity] == "max-age=31536000")
            // Signed in over HTTPS, the session cookie is Secure.
            try await client.execute(
                uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
                body: json(["account": "liu.yang", "password": ServerFixture.clerkPassword])
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
            // Plain HTTP on the same port gets no answer.
            let port = try #require(client.port)
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(5))
            }
        }
        // Files that are not PEM are refused when the server is set up, with their names.
        let broken = try ServerFixture { options in
            options.tlsCertificate = directory + "/missing.pem"
            options.tlsKey = key
        }
        #expect(throws: ServerSetupError.self) { _ = try AnnalsServer.application(broken.state) }
    }

    @Test func theEventStreamResumesAfterLastEventIDAndFollowsNewEvents() async throws {
        let fixture = try ServerFixture()
        try await fixture.test(.ahc(.http)) { client in
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/feed")
            request.headers.add(name: "Authorization", value: "Bearer " + fixture.serviceToken)
            request.headers.add(name: "Accept", value: "text/event-stream")
            // The follower saw position 20 before it lost the connection.
            request.headers.add(name: "Last-Event-ID", value: "20")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
            var received = ""
            var appended = false
            for try await buffer in response.body {
                received += String(buffer: buffer)
                let ids = received.split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
                if ids.count == 3, !appended {
                    // Caught up (21, 22, 23): a new event is appended, and follows.
                    appended = true
                    _ = try await fixture.archive.append([
                        Event(
                            stream: ServerFixture.kept, at: ZonedTime(CivilDate(year: 2026, month: 1, day: 9)!, 9, 0), by: "P011",
                            ArchiveInspected(inspector: "P011", result: "纸质件完好"))
                    ])
                }
                if ids.count >= 4 {
                    #expect(ids == ["21", "22", "23", "24"], "resumed after 20, then the new event")
                    break
                }
            }
            #expect(received.contains("event: archive.inspected"))
            #expect(received.contains("纸质件完好"))
            // A Last-Event-ID that is no position is refused.
            let bad = try await client.get("/api/v1/feed", token: fixture.serviceToken, headers: [.accept: "text/event-stream", HTTPField.Name("Last-Event-ID")!: "abc"])
            #expect(bad.status == .badRequest)
        }
    }
}
