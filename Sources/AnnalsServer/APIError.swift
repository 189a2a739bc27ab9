import Hummingbird
import HTTPTypes
import HummingbirdCore
import Annals
import NIOCore

/// An error answered as JSON: `{"error": CODE, "message": TEXT, …}` with its status.
/// Every refusal says what was wrong in words, as the CLI's errors do.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    /// Further members (a rule's stream and field, a query's column, a current version).
    var extra: [(String, ExtraValue)] = []
    var headers: HTTPFields = [:]

    enum ExtraValue {
        case string(String)
        case integer(Int)
        case null
    }

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, extra: [(String, ExtraValue)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
    }

    static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, "unauthorized", message)
        error.headers[.wwwAuthenticate] = #"Bearer realm="annals""#
        return error
    }

    static func badRequest(_ message: String, parameter: String? = nil) -> APIError {
        APIError(.badRequest, "bad_request", message, extra: parameter.map { [("parameter", .string($0))] } ?? [])
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("error"); w.string(code)
        w.key("message"); w.string(message)
        for (key, value) in extra {
            w.key(key)
            switch value {
            case .string(let text): w.string(text)
            case .integer(let number): w.integer(number)
            case .null: w.null()
            }
        }
        w.endObject()
        w.newline()
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: w.bytes)))
    }
}

/// A JSON response from a report's bytes (the same bytes the CLI prints).
func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}

func textResponse(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}

/// A small JSON object built with the project's one writer.
func jsonObject(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
    var w = JSONWriter(capacity: 256)
    w.beginObject()
    body(&w)
    w.endObject()
    w.newline()
    return w.bytes
}
