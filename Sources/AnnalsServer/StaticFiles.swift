import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import AnnalsLog

/// The page's files, embedded in the binary (Generated/EmbeddedFiles.swift, from
/// Sources/AnnalsServer/Page/): `index.html` at `/`, `assets/…` at `/assets/…`, any
/// other top-level file at `/NAME`. Nothing is read from disk, so no request path can
/// reach a file outside the page: a path is a key in a table, and `..`, `.`, empty
/// segments, backslashes and encoded separators are refused before the lookup.
struct StaticFiles: Sendable {
    struct File: Sendable {
        let bytes: [UInt8]
        let contentType: String
        let etag: String
    }

    let files: [String: File]
    let openAPI: [UInt8]

    init() {
        var files: [String: File] = [:]
        for (path, base64) in EmbeddedFiles.page {
            let bytes = [UInt8](Data(base64Encoded: base64) ?? Data())
            files[path] = File(bytes: bytes, contentType: Self.contentType(path), etag: "\"" + Hash256.sha256(bytes).hex.prefix(32) + "\"")
        }
        self.files = files
        openAPI = [UInt8](Data(base64Encoded: EmbeddedFiles.openAPI) ?? Data())
    }

    func add(to router: Router<AnnalsRequestContext>) {
        router.get("/") { request, _ in try serve("index.html", request) }
        router.get("/assets/**") { request, context in
            try serve(try Self.safePath(["assets"] + context.parameters.getCatchAll().map(String.init)), request)
        }
        router.get("/:file") { request, context in try serve(try Self.safePath([context.parameters.require("file")]), request) }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }

    /// The path of segments, or 404 for any segment that could climb out or hide a separator.
    static func safePath(_ segments: [String]) throws -> String {
        for segment in segments {
            guard !segment.isEmpty, segment != ".", segment != "..", !segment.contains("\\"), !segment.contains("/"), !segment.contains("%"),
                !segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else { throw APIError.notFound("no such file") }
        }
        return segments.joined(separator: "/")
    }

    func serve(_ path: String, _ request: Request) throws -> Response {
        guard let file = files[path] else { throw APIError.notFound("no such file: /\(path)") }
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: [.eTag: file.etag])
        }
        return Response(
            status: .ok,
            headers: [.contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json": "application/json; charset=utf-8"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
