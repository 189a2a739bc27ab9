import Annals
@testable import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The embedded files, the OpenAPI document, the headers on every response, and the
/// settings refused before anything listens.
@Suite struct StaticAndOptionsTests {
    static let serverSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/AnnalsServer")

    @Test func theEmbeddedFilesAreThoseOfThePageFolderAndTheOpenAPIDocument() throws {
        var onDisk: [String: Data] = [:]
        let page = Self.serverSources.appendingPathComponent("Page")
        let enumerator = FileManager.default.enumerator(atPath: page.path)
        while let name = enumerator?.nextObject() as? String {
            var directory: ObjCBool = false
            if FileManager.default.fileExists(atPath: page.path + "/" + name, isDirectory: &directory), !directory.boolValue,
                !name.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            {
                onDisk[name] = FileManager.default.contents(atPath: page.path + "/" + name)
            }
        }
        let embedded = EmbeddedFiles.page.mapValues { Data(base64Encoded: $0) }
        #expect(Set(embedded.keys) == Set(onDisk.keys), "run Scripts/embed-page.py (make build does)")
        for (name, data) in onDisk { #expect(embedded[name] == data, "\(name) changed: run Scripts/embed-page.py") }
        let openAPI = try Data(contentsOf: Self.serverSources.appendingPathComponent("openapi.json"))
        #expect(Data(base64Encoded: EmbeddedFiles.openAPI) == openAPI, "openapi.json changed: run Scripts/embed-page.py")
    }

    @Test func theOpenAPIDocumentIsServedAndDescribesEveryRoute() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.get("/openapi.json", token: nil)
            #expect(response.status == .ok)
            let document = try object(response)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = Set((document["paths"] as? [String: Any] ?? [:]).keys)
            for path in [
                "/api/v1/session", "/api/v1/search", "/api/v1/minutes", "/api/v1/signin-sheet", "/api/v1/events", "/api/v1/catalogue",
                "/api/v1/retention", "/api/v1/register", "/api/v1/decisions", "/api/v1/stats", "/api/v1/accounts", "/api/v1/feed",
                "/api/v1/checkpoint", "/api/v1/proof/inclusion", "/api/v1/proof/consistency", "/api/v1/bundle", "/tile/{level}/{index}", "/metrics",
            ] {
                #expect(paths.contains(path), "\(path) is not in openapi.json")
            }
        }
    }

    @Test func everyResponseCarriesAStrictContentSecurityPolicy() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for (path, token) in [("/robots.txt", nil), ("/api/v1/search?q=a", nil), ("/api/v1/catalogue", fixture.auditorToken as String?), ("/nowhere", nil)] {
                let response = try await client.get(path, token: token)
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
            }
            let metrics = try await client.get("/metrics", token: nil)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(String(buffer: metrics.body).contains("# TYPE annals_signin_failures_total counter"))
        }
    }

    @Test func plainHTTPIsRefusedWhereOthersCanListenUnlessInsecure() throws {
        var options = AnnalsServerOptions()
        options.listen = try ListenAddress(parsing: "0.0.0.0:8080")
        #expect(throws: ServerSetupError.plainHTTPOnNetwork("0.0.0.0:8080")) { try options.validated() }
        options.insecure = true
        #expect(throws: Never.self) { try options.validated() }
        options.insecure = false
        options.tlsCertificate = "/etc/annals/cert.pem"
        #expect(throws: ServerSetupError.tlsNeedsBoth) { try options.validated() }
        options.tlsKey = "/etc/annals/key.pem"
        #expect(throws: Never.self) { try options.validated() }
        options = AnnalsServerOptions()
        #expect(throws: Never.self) { try options.validated() }
    }
}
