import Annals
import AnnalsLog
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/feed`: the log as it grows, for services that follow the archive.
///
/// With `Accept: text/event-stream`, server-sent events: one per stored event, `id:` its
/// position, resumable with `Last-Event-ID` (or `from`). Otherwise a long poll: the
/// events from `from` (default 0) as JSON Lines, at most `limit`, waiting up to `wait`
/// seconds (at most 30) for the first one; `Annals-Next-Position` says where to go on.
///
/// Events of records of 秘密 and above, or above the reader's clearance, come without
/// content (`"restricted": true`, like a destroyed event's line): following the feed
/// is not a read of each record, so it shows none.
struct FeedRoutes {
    let state: ServerState
    static let nextPosition = HTTPField.Name("Annals-Next-Position")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    func add(to router: Router<AnnalsRequestContext>) {
        router.get("/api/v1/feed") { request, context in try await feed(request, context) }
    }

    func feed(_ request: Request, _ context: AnnalsRequestContext) async throws -> Response {
        try context.require(AccountRole.followers)
        let reader = try context.reader()
        let parameters = try request.queryString()
        var from = UInt64(try integer(parameters.get("from"), "from", default: 0, range: 0...Int.max))
        if let last = request.headers[Self.lastEventID] {
            guard let position = UInt64(last) else { throw APIError.badRequest("Last-Event-ID \(last): expected a log position") }
            from = position + 1
        }
        if request.headers[.accept]?.contains("text/event-stream") == true {
            return sse(from: from, reader: reader)
        }
        let limit = try integer(parameters.get("limit"), "limit", default: 1000, range: 1...10_000)
        let wait = try integer(parameters.get("wait"), "wait", default: 0, range: 0...30)
        let deadline = ContinuousClock.now + .seconds(wait)
        while state.archive.log.endPosition <= from, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let end = min(state.archive.log.endPosition, from + UInt64(limit))
        var out: [UInt8] = []
        if from < end {
            let set = try state.archive.projections()
            try state.archive.replay(from: from, to: end) { stored in
                out += line(stored, set: set, reader: reader)
                return true
            }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/x-ndjson; charset=utf-8", Self.nextPosition: String(max(from, end)), .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: out)))
    }

    /// Server-sent events from `from` on, until the client goes away or the server stops.
    func sse(from: UInt64, reader: Reader) -> Response {
        let archive = state.archive
        let body = ResponseBody { writer in
            // A stream never ends by itself: it ends when the server shuts down, so that
            // the shutdown does not wait for the followers forever.
            let (events, continuation) = AsyncThrowingStream<StoredEvent, any Error>.makeStream()
            let follower = Task {
                do {
                    for try await stored in archive.subscribe(from: from, pollInterval: .milliseconds(100)) { continuation.yield(stored) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            defer { follower.cancel() }
            try await withGracefulShutdownHandler {
                for try await stored in events {
                    let set = try archive.projections()
                    var frame = Array("id: \(stored.position)\nevent: \(stored.type.rawValue)\ndata: ".utf8)
                    var data = line(stored, set: set, reader: reader)
                    if data.last == UInt8(ascii: "\n") { data.removeLast() }
                    frame += data
                    frame += Array("\n\n".utf8)
                    try await writer.write(ByteBuffer(bytes: frame))
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// One event's line: the export's shape, or without content when not shown.
    func line(_ stored: StoredEvent, set: ProjectionSet, reader: Reader) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        let recordedAt = ZonedTime(microseconds: stored.recordedAt, offsetMinutes: 0)
        if let event = stored.event, ReaderViews(state: state).feedShowsContent(of: stored.stream, in: set, reader: reader) {
            EventJSONCodec().encode(
                event, export: ExportMetadata(position: stored.position, version: stored.version, recordedAt: recordedAt, digest: stored.digest), into: &w)
        } else {
            w.beginObject()
            w.key("position"); w.integer(Int(stored.position))
            w.key("version"); w.integer(Int(stored.version))
            w.key("stream"); w.string(stored.stream)
            w.key("type"); w.string(stored.type.rawValue)
            w.key("digest"); w.string(stored.digest.hex)
            w.key(stored.isDestroyed ? "destroyed" : "restricted"); w.bool(true)
            w.endObject()
        }
        w.newline()
        return w.bytes
    }
}
