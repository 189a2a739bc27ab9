import Annals
import AnnalsLog
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// Account administration while serving, for `admin` accounts:
///
/// - `POST /api/v1/accounts` `{"account", "name", "roles", "clearance", "password"?}`
///   grants an account or changes its grant (201 new, 200 changed);
/// - `POST /api/v1/accounts/{id}/revoke` `{"reason"?}` revokes it (200);
/// - `POST /api/v1/accounts/{id}/token` `{"days"?}` issues an API token, shown once (201).
///
/// Each goes through the running archive with the library's own account functions
/// (`Archive.grantAccount`, `revokeAccount`, `issueAccountToken`, as `annals account`
/// does with the server stopped): the change is an event in the log, recorded as by the
/// signed-in admin; passwords and tokens go to the credentials file (rewritten
/// atomically), never into the log or the server's log. A revoked account's tokens
/// and sessions are refused from the very next request: authentication reads the
/// account's stream, which the revocation has just changed.
struct AccountRoutes {
    let state: ServerState

    func add(to router: Router<AnnalsRequestContext>) {
        router.post("/api/v1/accounts") { request, context in try await grant(request, context) }
        router.post("/api/v1/accounts/:id/revoke") { request, context in try await revoke(request, context) }
        router.post("/api/v1/accounts/:id/token") { request, context in try await token(request, context) }
    }

    func grant(_ request: Request, _ context: AnnalsRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let body = try await object(request, context)
        guard let id = body.root["account"]?.string, isValidAccountID(id) else {
            throw APIError.badRequest("account: expected an id of 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit, e.g. wang.fang", parameter: "account")
        }
        guard let name = body.root["name"]?.string, !name.isEmpty else { throw APIError.badRequest("name: the person's name is required, e.g. 王芳", parameter: "name") }
        guard let roles = body.root["roles"]?.elements.compactMap(\.string), !roles.isEmpty, roles.count == body.root["roles"]?.elements.count else {
            throw APIError.badRequest("roles: expected an array of role names (reader, clerk, archivist, auditor, service, admin)", parameter: "roles")
        }
        guard let clearanceName = body.root["clearance"]?.string, let clearance = Classification(name: clearanceName) else {
            throw APIError.badRequest("clearance: expected 公开, 内部, 秘密, 机密 or 绝密", parameter: "clearance")
        }
        let password = body.root["password"]?.string
        if body.root["password"] != nil, password == nil { throw APIError.badRequest("password: expected a string", parameter: "password") }
        if let password {
            do { try state.credentials.validate(password: password, for: id) } catch let error as ArchiveError {
                throw APIError.badRequest(error.message, parameter: "password")
            }
        }
        let existed = try state.archive.accountHistory(id)?.standing() != nil
        let granted = AccountGranted(account: id, name: name, roles: roles, clearance: clearance)
        let store = state.credentials
        let archive = state.archive
        let at = agencyNow()
        do {
            // bcrypt (a quarter of a second) and the fsync: off the event loops.
            _ = try await Task.detached { try archive.grantAccount(granted, password: password, by: admin.account, at: at, credentials: store) }.value
        } catch let violation as RuleViolation {
            throw ruleViolation(violation)
        }
        let standing = try state.standing(of: id)
        return jsonResponse(
            jsonObject { w in
                w.key("account"); w.string(id)
                w.key("name"); w.string(name)
                w.key("roles")
                w.beginArray()
                for role in (standing?.roles.map(\.rawValue) ?? roles).sorted() { w.string(role) }
                w.endArray()
                w.key("clearance"); w.string(clearance.name)
                w.key("granted_at"); w.string(at.description)
                w.key("granted_by"); w.string(admin.account)
                w.key("password_set"); w.bool(password != nil)
            }, status: existed ? .ok : .created, headers: [.cacheControl: "no-store"])
    }

    func revoke(_ request: Request, _ context: AnnalsRequestContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let id = try accountParameter(context)
        let body = try await object(request, context, optional: true)
        let reason = body.root["reason"]?.string ?? "revoked by \(admin.account) through annals serve"
        guard id != admin.account else {
            throw APIError(.conflict, "own_account", "an admin does not revoke their own account here (the server would lose its last way in); another admin, or `annals account revoke`, does")
        }
        guard let history = try state.archive.accountHistory(id) else { throw APIError.notFound("no account \(id)") }
        guard history.standing() != nil else { throw APIError(.conflict, "already_revoked", "account \(id) is already revoked") }
        let store = state.credentials
        let archive = state.archive
        let at = agencyNow()
        try await Task.detached { try archive.revokeAccount(id, reason: reason, by: admin.account, at: at, credentials: store) }.value
        // The sessions end now; authentication would refuse them anyway (no grant in force).
        state.sessions.closeAll(of: id)
        return jsonResponse(
            jsonObject { w in
                w.key("account"); w.string(id)
                w.key("revoked_at"); w.string(at.description)
                w.key("revoked_by"); w.string(admin.account)
                w.key("reason"); w.string(reason)
            })
    }

    func token(_ request: Request, _ context: AnnalsRequestContext) async throws -> Response {
        try requireAdmin(context)
        let id = try accountParameter(context)
        let body = try await object(request, context, optional: true)
        var days = CredentialStore.defaultTokenDays
        if let given = body.root["days"] {
            guard let number = given.integer, (1...3660).contains(number) else {
                throw APIError.badRequest("days: expected a whole number from 1 to 3660", parameter: "days")
            }
            days = number
        }
        guard try state.archive.accountHistory(id) != nil else { throw APIError.notFound("no account \(id)") }
        let now = state.now()
        let text: String
        do { text = try state.archive.issueAccountToken(id, days: days, now: now, credentials: state.credentials) } catch let error as ArchiveError {
            throw APIError(.conflict, "revoked", error.message)
        }
        return jsonResponse(
            jsonObject { w in
                w.key("account"); w.string(id)
                w.key("token"); w.string(text)
                w.key("expires_at"); w.string(Timestamp.rfc3339(now + Int64(days) * 86_400_000_000))
            }, status: .created, headers: [.cacheControl: "no-store"])
    }

    @discardableResult
    private func requireAdmin(_ context: AnnalsRequestContext) throws -> AccountStanding {
        // `require` lets an admin act in every role; here only the admin role itself will do.
        let account = try context.require([.admin])
        guard account.roles.contains(.admin) else {
            throw APIError(.forbidden, "forbidden", "account \(account.account) is not an admin; accounts are granted and revoked by admins")
        }
        return account
    }

    private func accountParameter(_ context: AnnalsRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), isValidAccountID(id) else {
            throw APIError.badRequest("the account id in the path must be 1 to 64 of a-z 0-9 . _ -", parameter: "id")
        }
        return id
    }

    /// The body as a JSON object; an empty body is `{}` where the body is optional.
    private func object(_ request: Request, _ context: AnnalsRequestContext, optional: Bool = false) async throws -> JSONDocument {
        let bytes = Array(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        if optional, bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return try JSONDocument(parsing: Array("{}".utf8)) }
        let document: JSONDocument
        do { document = try JSONDocument(parsing: bytes) } catch { throw APIError.badRequest("the body must be a JSON object: \(error)") }
        guard document.root.kind == .object else { throw APIError.badRequest("the body must be a JSON object") }
        return document
    }

    private func agencyNow() -> ZonedTime { ZonedTime(microseconds: state.now(), offsetMinutes: 480) }
}

/// A rule violation as 422 `{rule, stream, field, message}` (as `POST /api/v1/events`).
func ruleViolation(_ violation: RuleViolation) -> APIError {
    APIError(
        .unprocessableContent, "rule_violation", violation.message,
        extra: [("rule", .string(violation.rule.name)), ("stream", .string(violation.stream)), ("field", .string(violation.field))])
}
