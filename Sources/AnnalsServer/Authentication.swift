import Annals
import Hummingbird
import HTTPTypes
import HummingbirdCore

/// Finds who is calling, from `Authorization: Bearer TOKEN` (an API token from
/// `annals account token`, or a session token) or from the page's session cookie, and
/// puts the account's grant in force into the context. Nothing else in a request can
/// name a reader or a clearance.
///
/// A request with credentials that do not hold (unknown, expired, revoked) gets 401
/// here; a request without any passes on, and the routes that need an account refuse
/// it. A state-changing request authenticated by the cookie must carry the session's
/// CSRF token in `X-Annals-CSRF` (403 otherwise).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AnnalsRequestContext
    static let cookieName = "annals_session"
    static let csrfHeader = HTTPField.Name("X-Annals-CSRF")!

    let state: ServerState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let now = state.now()
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "), case let token = String(authorization.dropFirst("Bearer ".count)), !token.isEmpty else {
                throw APIError.unauthorized("Authorization must be `Bearer TOKEN`")
            }
            let id: String
            if let session = state.sessions.session(for: token, now: now) {
                id = session.account
            } else if let owner = try state.credentials.account(forToken: token, now: now) {
                id = owner
            } else {
                throw APIError.unauthorized("the token is unknown or has expired")
            }
            context.account = try grant(of: id)
        } else if let cookie = request.cookies[Self.cookieName] {
            guard let session = state.sessions.session(for: cookie.value, now: now) else {
                throw APIError.unauthorized("the session has ended; sign in again")
            }
            if ![.get, .head, .options].contains(request.method) {
                guard let sent = request.headers[Self.csrfHeader], constantTimeEqual(sent, session.csrfToken) else {
                    throw APIError(
                        .forbidden, "csrf",
                        "a state-changing request signed in by cookie must carry X-Annals-CSRF with the token from GET /api/v1/session")
                }
            }
            context.account = try grant(of: session.account)
            context.session = session
        }
        return try await next(request, context)
    }

    private func grant(of id: String) throws -> AccountStanding {
        guard let standing = try state.standing(of: id) else {
            state.sessions.closeAll(of: id)
            throw APIError.unauthorized("account \(id) is revoked or has no grant")
        }
        return standing
    }
}

/// Compares two secrets in time independent of where they differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in x.indices { difference |= x[i] ^ y[i] }
    return difference == 0
}
