// Accounts (issue 11, item 4): an account's stream holds its grants and revocations
// only, and a meeting's stream never holds one.

extension RuleID {
    /// Account events go on `account/ID` streams, and those streams hold nothing else.
    public static let accountStream = RuleID("account.stream")
    /// An account id is 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.
    public static let accountID = RuleID("account.id")
    /// A grant names the person and at least one known role.
    public static let accountRoles = RuleID("account.roles")
    public static let accountName = RuleID("account.name")
    /// Only an account that was granted can be revoked.
    public static let accountNotGranted = RuleID("account.not_granted")
}

/// The stream name prefix of accounts.
public let accountStreamPrefix = "account/"

extension RuleCheck {
    /// Whether this event is judged by the account rules: an account event. Any other
    /// event on an account stream is refused by the stream-name rules (`stream.wrong_kind`).
    var isAccountEvent: Bool {
        event.type == .accountGranted || event.type == .accountRevoked
    }

    mutating func account() throws(RuleViolation) {
        guard event.stream.hasPrefix(accountStreamPrefix) else {
            throw violation(.accountStream, "stream", "\(event.type) belongs on the account's own stream account/ID, not on \(event.stream).")
        }
        let id = String(event.stream.dropFirst(accountStreamPrefix.count))
        guard isValidAccountID(id) else {
            throw violation(
                .accountID, "stream",
                "Account id \(id.debugDescription) must be 1 to 64 of the characters a-z 0-9 . _ - and start with a letter or digit.")
        }
        switch event.data {
        case .accountGranted(let e):
            guard e.account == id else {
                throw violation(.accountStream, "data.account", "The grant names account \(e.account) but is on the stream of \(id).")
            }
            guard !e.name.allSatisfy(\.isWhitespace) else {
                throw violation(.accountName, "data.name", "A grant names the person the account belongs to.")
            }
            guard !e.roles.isEmpty else {
                throw violation(.accountRoles, "data.roles", "A grant gives at least one role: \(Self.roleNames).")
            }
            for role in e.roles where AccountRole(rawValue: role) == nil {
                throw violation(.accountRoles, "data.roles", "Unknown role \(role.debugDescription); the roles are \(Self.roleNames).")
            }
        case .accountRevoked(let e):
            guard e.account == id else {
                throw violation(.accountStream, "data.account", "The revocation names account \(e.account) but is on the stream of \(id).")
            }
            guard state.version > 0 else {
                throw violation(.accountNotGranted, "stream", "Account \(id) was never granted; there is nothing to revoke.")
            }
        default:
            throw violation(.accountStream, "type", "\(event.stream) is an account's stream; it holds account.granted and account.revoked only, not \(event.type).")
        }
    }

    static var roleNames: String { AccountRole.allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Whether `id` may name an account: 1 to 64 of `a-z 0-9 . _ -`, starting with a
/// letter or digit (it becomes part of a stream name and of `archive.accessed` records).
public func isValidAccountID(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard (1...64).contains(bytes.count) else { return false }
    func allowed(_ b: UInt8, first: Bool) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || (!first && (b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")))
    }
    return bytes.enumerated().allSatisfy { allowed($1, first: $0 == 0) }
}
