// The accounts recorded in an archive (issue 11, item 4) and their secrets' store.

extension Archive {
    /// The stream of account `id`.
    public static func accountStream(_ id: String) -> String { accountStreamPrefix + id }

    /// Everything recorded of account `id`; nil if it was never granted.
    public func accountHistory(_ id: String) throws -> AccountHistory? {
        let events = try events(in: Self.accountStream(id))
        guard !events.isEmpty else { return nil }
        var history = AccountHistory(account: id)
        for stored in events { if let event = stored.event { history.apply(event) } }
        return history
    }

    /// Every account and its history (from the streams the projections know).
    public func accounts() throws -> AccountRegistry {
        let streams = try projections().types.masks.keys.filter { $0.hasPrefix(accountStreamPrefix) }.sorted()
        var registry = AccountRegistry()
        for stream in streams {
            for stored in try events(in: stream) { if let event = stored.event { registry.apply(event) } }
        }
        return registry
    }

    /// The store of the accounts' passwords and tokens, beside the log.
    public var credentials: CredentialStore { CredentialStore(archive: path) }
}

// Account administration: one implementation for `annals account` (the CLI, server
// stopped) and for the admin API of `annals serve` (through the running archive).
// The change is an event in the log; the secrets go to the credentials file beside it
// (atomically rewritten), never into the log.
extension Archive {
    /// Grants account `grant.account` (or changes its grant), recorded as by `actor` at
    /// `time`. A password, when given, is checked before anything is written and set
    /// (as a bcrypt hash) once the grant is in the log. Returns the append's result.
    @discardableResult
    public func grantAccount(
        _ grant: AccountGranted, password: String? = nil, by actor: String, at time: ZonedTime, credentials store: CredentialStore? = nil
    ) throws -> ArchiveAppendResult {
        let store = store ?? credentials
        if let password { try store.validate(password: password, for: grant.account) }
        let result = try appendBlocking([Event(stream: Self.accountStream(grant.account), at: time, by: actor, grant)])
        if let password { try store.setPassword(password, for: grant.account) }
        return result
    }

    /// Revokes account `id`: the revocation goes into the log, then its password and
    /// tokens are deleted. Whoever reads the account's stream from then on (the server,
    /// on the next request) finds no grant in force.
    public func revokeAccount(_ id: String, reason: String, by actor: String, at time: ZonedTime, credentials store: CredentialStore? = nil) throws {
        _ = try appendBlocking([Event(stream: Self.accountStream(id), at: time, by: actor, AccountRevoked(account: id, reason: reason))])
        try (store ?? credentials).remove(id)
    }

    /// A new API token for account `id`, valid for `days` (shown once; only its digest
    /// is kept). Refused for an account never granted or revoked.
    public func issueAccountToken(_ id: String, days: Int, now: Int64 = Timestamp.now(), credentials store: CredentialStore? = nil) throws -> String {
        guard let history = try accountHistory(id) else { throw ArchiveError("no account \(id); grant it first") }
        guard history.standing() != nil else { throw ArchiveError("account \(id) is revoked; grant it again first") }
        return try (store ?? credentials).issueToken(for: id, days: days, now: now)
    }
}
