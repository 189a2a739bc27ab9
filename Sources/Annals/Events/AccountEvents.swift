// Accounts (issue 11, item 4): who may sign in to `annals serve`, with which roles and
// clearance, as facts in the log. Auditors read from them who held which clearance on
// any date. Secrets (password hashes, token digests) never enter the log: they live in
// the credentials file beside it (`Accounts/CredentialStore.swift`).

/// `account.granted`: an account is given (or given anew) a name, roles and a clearance.
/// Each grant replaces the previous one whole; the stream `account/ID` keeps them all.
public struct AccountGranted: EventPayload {
    public static let eventType = EventType.accountGranted
    public static let schemaVersion = 1
    public var eventData: EventData { .accountGranted(self) }

    /// The account's id, the same as in its stream name (`account/ID`).
    public var account: String
    /// The person's name, as it appears on the office's documents.
    public var name: String
    /// The roles' wire names (`AccountRole`), e.g. `["reader", "clerk"]`.
    public var roles: [String]
    /// The highest classification the account may read.
    public var clearance: Classification

    public init(account: String, name: String, roles: [String], clearance: Classification) {
        self.account = account
        self.name = name
        self.roles = roles
        self.clearance = clearance
    }

    init(fields f: inout some FieldDecoder) throws {
        account = try f.string("account")
        name = try f.string("name")
        roles = try f.strings("roles")
        clearance = try f.symbol("clearance", Classification.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("account", account)
        f.string("name", name)
        f.strings("roles", roles)
        f.symbol("clearance", clearance)
    }
}

/// `account.revoked`: the account may no longer sign in or use its tokens.
public struct AccountRevoked: EventPayload {
    public static let eventType = EventType.accountRevoked
    public static let schemaVersion = 1
    public var eventData: EventData { .accountRevoked(self) }

    public var account: String
    public var reason: String

    public init(account: String, reason: String) {
        self.account = account
        self.reason = reason
    }

    init(fields f: inout some FieldDecoder) throws {
        account = try f.string("account")
        reason = try f.string("reason")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("account", account)
        f.string("reason", reason)
    }
}

/// What an account may do on the server. A role grants actions; the clearance, not the
/// role, decides which records' content it may read.
public enum AccountRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Searches and reads records up to the account's clearance.
    case reader
    /// The secretariat (办公室): records meetings, i.e. appends events.
    case clerk
    /// Files, appraises and keeps the records; reads the register and retention review.
    case archivist
    /// Fetches checkpoints, proofs, tiles and audit bundles.
    case auditor
    /// Another system (an OA system): appends events and follows the feed.
    case service
    /// Everything the other roles may do.
    case admin

    public static func < (a: AccountRole, b: AccountRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
