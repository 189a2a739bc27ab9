import Annals
import Prometheus
import AnnalsLog
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `POST /api/v1/events`: services and the secretariat append events.
///
/// The body is a JSON array of events or JSON Lines, in the interchange form (EVENTS.md).
/// An event may carry `"version": N`, the version it must get in its stream: the first
/// such event of a stream makes the append conditional on the stream being at N - 1
/// (no stream at all for 0). Answers: 201 appended; 200 an idempotent retry (every id
/// already stored); 409 a version conflict (`current_version`) or a partial retry;
/// 422 a rule violation (`rule`, `stream`, `field`, `message`); 400 a malformed event
/// (`line`, `field`); 413 a body over the limit.
struct WriteRoutes {
    let state: ServerState

    func add(to router: Router<AnnalsRequestContext>) {
        router.post("/api/v1/events") { request, context in try await append(request, context) }
    }

    func append(_ request: Request, _ context: AnnalsRequestContext) async throws -> Response {
        let account = try context.require(AccountRole.writers)
        let body = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        let decoded = try Self.decode(body)
        guard !decoded.isEmpty else { throw APIError.badRequest("the body holds no events") }
        for (index, item) in decoded.enumerated() {
            let event = item.event
            // Reads are recorded by the server itself, as the account that read.
            if event.type == .archiveAccessed {
                throw APIError(.forbidden, "forbidden", "event \(index + 1): archive.accessed is recorded by the server for the account that reads, not sent")
            }
            if (event.type == .accountGranted || event.type == .accountRevoked || event.stream.hasPrefix(accountStreamPrefix)), !account.roles.contains(.admin) {
                throw APIError(.forbidden, "forbidden", "event \(index + 1): accounts are granted and revoked by admins")
            }
        }
        // Expected versions: the first event of each stream that states one.
        var checked = Set<String>()
        for item in decoded {
            let stream = item.event.stream
            guard !checked.contains(stream) else { continue }
            checked.insert(stream)
            guard let version = item.export?.version else { continue }
            let current = state.archive.log.lastVersion(of: stream)
            let expected: UInt64? = version == 0 ? nil : version - 1
            if current != expected {
                throw APIError(
                    .conflict, "wrong_expected_version",
                    "\(stream) is at version \(current.map(String.init) ?? "none (no stream)"); the event was to have version \(version)",
                    extra: [("stream", .string(stream)), ("current_version", current.map { .integer(Int($0)) } ?? .null)])
            }
        }
        let result: ArchiveAppendResult
        do {
            result = try await state.archive.append(decoded.map(\.event))
        } catch let violation as RuleViolation {
            throw ruleViolation(violation)
        } catch let error as LogError where error.code == .idempotencyConflict || error.code == .wrongExpectedVersion {
            throw APIError(.conflict, error.code == .idempotencyConflict ? "idempotency_conflict" : "wrong_expected_version", error.message)
        }
        if !result.duplicate { state.eventsAppended.increment(by: Int64(decoded.count)) }
        let bytes = jsonObject { w in
            w.key("positions")
            w.beginArray()
            w.integer(Int(result.positions.lowerBound))
            w.integer(Int(result.positions.upperBound))
            w.endArray()
            w.key("duplicate"); w.bool(result.duplicate)
            w.key("flags")
            w.beginArray()
            for flag in result.flags {
                w.beginObject()
                w.key("rule"); w.string(flag.rule.name)
                w.key("stream"); w.string(flag.stream)
                w.key("field"); w.string(flag.field)
                w.key("message"); w.string(flag.message)
                w.endObject()
            }
            w.endArray()
        }
        return jsonResponse(bytes, status: result.duplicate ? .ok : .created)
    }

    /// The events of a JSON array or of JSON Lines, each decoded by the interchange codec.
    static func decode(_ body: [UInt8]) throws -> [DecodedEvent] {
        let codec = EventJSONCodec()
        var lines: [[UInt8]] = []
        let first = body.first { ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains($0) }
        if first == UInt8(ascii: "[") {
            guard let elements = arrayElements(body) else {
                throw APIError.badRequest("the body is not a well-formed JSON array of events (brackets, quotes or commas out of place)")
            }
            lines = elements
        } else {
            lines = body.split(separator: UInt8(ascii: "\n")).map(Array.init).filter { line in
                !line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }
            }
        }
        var out: [DecodedEvent] = []
        for (index, line) in lines.enumerated() {
            do {
                out.append(try codec.decode(line: line))
            } catch {
                throw APIError(
                    .badRequest, "malformed_event", "event \(index + 1): \(error.message)",
                    extra: [("line", .integer(index + 1)), ("field", error.path.isEmpty ? .null : .string(error.path))])
            }
        }
        return out
    }

    /// The bytes of each element of a top-level JSON array, split at the commas outside
    /// strings and nested values (each element is then decoded strictly by the codec);
    /// nil when the brackets or quotes do not balance.
    static func arrayElements(_ body: [UInt8]) -> [[UInt8]]? {
        var elements: [[UInt8]] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: Int?
        var closed = false
        for (i, byte) in body.enumerated() {
            if closed {
                guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") else { return nil }
                continue
            }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { start = i + 1 }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth < 0 { return nil }
                if depth == 0 {
                    guard byte == UInt8(ascii: "]"), let from = start else { return nil }
                    let element = Array(body[from..<i])
                    if !element.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { elements.append(element) }
                    closed = true
                }
            case UInt8(ascii: ","):
                if depth == 1, let from = start {
                    elements.append(Array(body[from..<i]))
                    start = i + 1
                }
            default: break
            }
        }
        return closed && !inString ? elements : nil
    }
}
