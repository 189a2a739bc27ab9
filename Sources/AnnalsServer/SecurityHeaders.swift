import Hummingbird
import HTTPTypes
import HummingbirdCore

/// Headers on every response: a strict Content-Security-Policy (scripts, styles and
/// everything else from the server's own files only; no inline script, no framing),
/// no MIME sniffing, no referrer, and HSTS when serving TLS.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AnnalsRequestContext
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!

    let tls: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        response.headers[Self.frameOptions] = "DENY"
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
