import Annals
import Prometheus
import AnnalsLog
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `POST /api/v1/session` (sign in), `GET /api/v1/session` (who am I, and the CSRF
/// token), `DELETE /api/v1/session` (sign out).
struct SessionRoutes {
    let state: ServerState

    func add(to router: Router<AnnalsRequestContext>) {
        router.post("/api/v1/session") { request, context in try await signIn(request, context) }
        router.get("/api/v1/session") { _, context in try whoAmI(context) }
        router.delete("/api/v1/session") { request, context in try signOut(request, context) }
    }

    func signIn(_ request: Request, _ context: AnnalsRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let document: JSONDocument
        do { document = try JSONDocument(parsing: Array(buffer: body)) } catch {
            throw APIError.badRequest("the body must be a JSON object {\"account\", \"password\"}: \(error)")
        }
        guard let account = document.root["account"]?.string, let password = document.root["password"]?.string else {
            throw APIError.badRequest("the body must be a JSON object {\"account\", \"password\"} with two strings")
        }
        let keys = SignInThrottle.keys(account: account, address: context.remoteAddress)
        if let wait = state.throttle.admit(keys, now: state.now()) {
            state.signInLockouts.increment()
            var error = APIError(
                .tooManyRequests, "locked_out",
                "too many failed sign-ins for this account or from this address; try again in \(wait) s")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        // bcrypt takes a quarter of a second of one core: off the event loops.
        let standing: AccountStanding?
        let matches: Bool
        do {
            standing = try state.standing(of: account)
            matches = try await Task.detached { try state.credentials.verifyPassword(password, for: account) }.value
        } catch {
            state.throttle.abandoned(keys)
            throw error
        }
        guard matches, let standing else {
            state.throttle.failed(keys, now: state.now())
            state.signInFailures.increment()
            try await Task.sleep(for: state.options.failedSignInDelay)
            throw APIError.unauthorized("wrong account or password")
        }
        state.throttle.succeeded(keys, account: account)
        state.signIns.increment()
        let (token, session) = state.sessions.open(for: account, lifetime: state.options.sessionLifetime, now: state.now())
        var response = jsonResponse(sessionJSON(standing, session, token: token), status: .created)
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.cookieName, value: token, maxAge: Int(state.options.sessionLifetime.components.seconds),
                path: "/", secure: state.options.usesTLS, httpOnly: true, sameSite: .strict))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func whoAmI(_ context: AnnalsRequestContext) throws -> Response {
        guard let account = context.account else { throw APIError.unauthorized("not signed in") }
        var response = jsonResponse(sessionJSON(account, context.session, token: nil))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func signOut(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        guard context.account != nil else { throw APIError.unauthorized("not signed in") }
        if let cookie = request.cookies[AuthenticationMiddleware.cookieName] { state.sessions.close(token: cookie.value) }
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            state.sessions.close(token: String(authorization.dropFirst("Bearer ".count)))
        }
        var response = Response(status: .noContent)
        response.setCookie(Cookie(name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: state.options.usesTLS, httpOnly: true, sameSite: .strict))
        return response
    }

    /// `{"token"?, "expires_at", "csrf_token", "account", "name", "roles", "clearance"}`.
    func sessionJSON(_ account: AccountStanding, _ session: Session?, token: String?) -> [UInt8] {
        jsonObject { w in
            if let token { w.key("token"); w.string(token) }
            w.key("expires_at")
            if let session { w.string(Timestamp.rfc3339(session.expiresAt)) } else { w.null() }
            w.key("csrf_token")
            if let session { w.string(session.csrfToken) } else { w.null() }
            w.key("account"); w.string(account.account)
            w.key("name"); w.string(account.name)
            w.key("roles")
            w.beginArray()
            for role in account.roles.sorted() { w.string(role.rawValue) }
            w.endArray()
            w.key("clearance"); w.string(account.clearance.name)
        }
    }
}
