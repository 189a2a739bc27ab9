import Annals
import AnnalsLog
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// For auditors: the checkpoint (C2SP signed-note text), inclusion and consistency
/// proofs (the JSON `annals prove` writes), a meeting's audit bundle, and the tree as
/// C2SP tlog-tiles, so standard transparency-log tooling can check the archive.
struct AuditRoutes {
    let state: ServerState
    var log: Log { state.archive.log }

    func add(to router: Router<AnnalsRequestContext>) {
        router.get("/api/v1/checkpoint") { _, context in
            try context.require(AccountRole.auditors)
            return textResponse(try state.archive.checkpoint().text, contentType: "text/plain; charset=utf-8")
        }
        router.get("/api/v1/proof/inclusion") { request, context in try inclusion(request, context) }
        router.get("/api/v1/proof/consistency") { request, context in try consistency(request, context) }
        router.get("/api/v1/bundle") { request, context in
            try context.require(AccountRole.auditors)
            let stream = try required(request, "stream")
            let bundle = try ReaderViews(state: state).bundle(of: stream, reader: try context.reader())
            return textResponse(bundle.json, contentType: "application/json; charset=utf-8")
        }
        router.get("/tile/:level/**") { request, context in try tile(request, context) }
    }

    func inclusion(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.auditors)
        let parameters = try request.queryString()
        let size = UInt64(try integer(parameters.get("size"), "size", default: Int(log.endPosition), range: 1...Int.max))
        let position = UInt64(try integer(parameters.get("position"), "position", default: nil, range: 0...Int.max))
        guard size <= log.endPosition else { throw APIError.badRequest("size \(size) is beyond the log (\(log.endPosition) records)", parameter: "size") }
        guard position < size else { throw APIError.badRequest("position \(position) is not in a tree of \(size) records", parameter: "position") }
        let proof = ProofFile.inclusion(
            InclusionProof(
                index: position, treeSize: size, leafHash: try log.leafHashes(position..<position + 1)[0],
                proof: try log.inclusionProof(position: position, treeSize: size)))
        return textResponse(proof.json, contentType: "application/json; charset=utf-8")
    }

    func consistency(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.auditors)
        let parameters = try request.queryString()
        let from = UInt64(try integer(parameters.get("from"), "from", default: nil, range: 1...Int.max))
        let to = UInt64(try integer(parameters.get("to"), "to", default: Int(log.endPosition), range: 1...Int.max))
        guard from <= to, to <= log.endPosition else {
            throw APIError.badRequest("need 1 <= from <= to <= \(log.endPosition) (the log's size)", parameter: "from")
        }
        let proof = ProofFile.consistency(ConsistencyProof(size1: from, size2: to, proof: try log.consistencyProof(from: from, to: to)))
        return textResponse(proof.json, contentType: "application/json; charset=utf-8")
    }

    /// `/tile/<L>/<N>[.p/<W>]` (C2SP tlog-tiles): the hashes of tile N at tile level L,
    /// each the root of a subtree of 256^L leaves, 32 bytes each, concatenated. A full
    /// tile has 256; a partial one (`.p/W`) the W at the right edge of the tree.
    func tile(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.auditors)
        guard let levelText = context.parameters.get("level"), let level = Int(levelText), (0...2).contains(level) else {
            throw APIError.notFound("tile levels 0 to 2 are served (an archive of up to 16,777,216 records per level-2 hash)")
        }
        let rest = context.parameters.getCatchAll().map(String.init)
        guard let (index, width) = Self.parseTileIndex(rest) else {
            throw APIError.notFound("not a tile path: /tile/\(level)/\(rest.joined(separator: "/")) (C2SP tlog-tiles: N in groups of three digits, x-prefixed but the last, optional .p/W)")
        }
        let span = UInt64(1) << UInt64(8 * level)  // leaves per hash at this level
        let size = log.endPosition
        let complete = size / span  // whole subtrees of this level
        let available = complete > index * 256 ? min(256, complete - index * 256) : 0
        let count = width ?? 256
        guard count <= available else {
            throw APIError.notFound("tile \(level)/\(index)\(width.map { ".p/\($0)" } ?? "") is not in a tree of \(size) records")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(count) * 32)
        for i in 0..<count {
            let first = (index * 256 + i) * span
            let hash = level == 0 ? try log.leafHashes(first..<first + 1)[0] : Merkle.root(of: try log.leafHashes(first..<first + span))
            bytes += hash.bytes
        }
        // A full tile never changes; a partial one is replaced as the tree grows.
        let cache = width == nil ? "public, max-age=31536000, immutable" : "no-cache"
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: cache],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// N from `x001/x234/067` (or `067`), and W from a trailing `.p/W`.
    static func parseTileIndex(_ parts: [String]) -> (index: UInt64, width: UInt64?)? {
        var parts = parts
        var width: UInt64?
        if parts.count >= 2, let last = parts.last, let w = UInt64(last), (1...255).contains(w), parts[parts.count - 2].hasSuffix(".p") {
            width = w
            parts.removeLast()
            parts[parts.count - 1].removeLast(2)
        }
        guard !parts.isEmpty else { return nil }
        var index: UInt64 = 0
        for (i, part) in parts.enumerated() {
            let isLast = i == parts.count - 1
            let digits = isLast ? Substring(part) : part.hasPrefix("x") ? part.dropFirst() : ""
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt64(digits) else { return nil }
            index = index * 1000 + value
        }
        return (index, width)
    }
}
