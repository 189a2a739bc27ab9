// Who held which roles and clearance when: the fold of the `account/ID` streams.
//
// Pure, like every projection: it reads only the events given. It is folded on demand
// (accounts are few) rather than kept in the checkpoint with the meetings' projections.

/// One account's grant in force: what it may do and read.
public struct AccountStanding: Sendable, Hashable {
    public var account: String
    public var name: String
    public var roles: Set<AccountRole>
    public var clearance: Classification
    /// When the grant in force was made, and by whom.
    public var grantedAt: ZonedTime
    public var grantedBy: String

    /// Whether the account may act in `role` (an admin may act in every role).
    public func has(_ role: AccountRole) -> Bool { roles.contains(role) || roles.contains(.admin) }
}

/// One change to an account, as recorded.
public enum AccountChange: Sendable, Hashable {
    case granted(AccountStanding)
    case revoked(at: ZonedTime, by: String, reason: String)

    public var at: ZonedTime {
        switch self {
        case .granted(let standing): standing.grantedAt
        case .revoked(let at, _, _): at
        }
    }
}

/// Everything recorded of one account, oldest first.
public struct AccountHistory: Sendable, Hashable {
    public var account: String
    public var changes: [AccountChange] = []

    public init(account: String) { self.account = account }

    public mutating func apply(_ event: Event) {
        switch event.data {
        case .accountGranted(let e):
            changes.append(
                .granted(
                    AccountStanding(
                        account: e.account, name: e.name, roles: Set(e.roles.compactMap(AccountRole.init(rawValue:))),
                        clearance: e.clearance, grantedAt: event.at, grantedBy: event.by)))
        case .accountRevoked(let e):
            changes.append(.revoked(at: event.at, by: event.by, reason: e.reason))
        default:
            break
        }
    }

    /// The grant in force at `time` (business time; default: now, i.e. the last change),
    /// nil if the account was not granted then or had been revoked.
    public func standing(at time: ZonedTime? = nil) -> AccountStanding? {
        var current: AccountStanding?
        for change in changes {
            if let time, change.at.microseconds > time.microseconds { break }
            switch change {
            case .granted(let standing): current = standing
            case .revoked: current = nil
            }
        }
        return current
    }

    /// When the account was revoked, if its last change is a revocation.
    public var revoked: (at: ZonedTime, by: String, reason: String)? {
        if case .revoked(let at, let by, let reason) = changes.last { return (at, by, reason) }
        return nil
    }
}

/// All accounts, by id.
public struct AccountRegistry: Sendable, Hashable {
    public private(set) var accounts: [String: AccountHistory] = [:]

    public init() {}

    public mutating func apply(_ event: Event) {
        guard event.type == .accountGranted || event.type == .accountRevoked else { return }
        let id = String(event.stream.dropFirst(accountStreamPrefix.count))
        accounts[id, default: AccountHistory(account: id)].apply(event)
    }

    /// Who held a grant at the end of `date` in the agency's zone (UTC+8), by id.
    public func holders(on date: CivilDate) -> [AccountStanding] {
        let end = ZonedTime(microseconds: ZonedTime(date.adding(days: 1), 0, 0, offsetMinutes: 480).microseconds - 1, offsetMinutes: 480)
        return accounts.keys.sorted().compactMap { accounts[$0]!.standing(at: end) }
    }
}
