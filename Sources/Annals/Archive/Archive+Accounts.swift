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
