public import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import Annals

/// Each request's context: Hummingbird's core, the caller's address, and the account
/// that authentication found (never anything the request says about itself).
public struct AnnalsRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, for counting failed sign-ins per address.
    var remoteAddress: String
    /// The signed-in account's grant in force, read from the log.
    var account: AccountStanding?
    /// The session, when the request came with the page's cookie.
    var session: Session?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies above this get 413 (`request.body.collect(upTo:)`).
    public var maxUploadSize: Int { maximumBodyBytes }

    /// The reader for the archive's views: the account and its clearance from the log.
    func reader() throws -> Reader {
        guard let account else { throw APIError.unauthorized("sign in first, or send Authorization: Bearer TOKEN") }
        return Reader(id: account.account, clearance: account.clearance)
    }

    /// The signed-in account, if it holds one of `roles` (admin holds all).
    @discardableResult
    func require(_ roles: Set<AccountRole>) throws -> AccountStanding {
        guard let account else { throw APIError.unauthorized("sign in first, or send Authorization: Bearer TOKEN") }
        guard roles.contains(where: account.has) else {
            throw APIError(
                .forbidden, "forbidden",
                "account \(account.account) holds the roles \(account.roles.sorted().map(\.rawValue).joined(separator: ", ")); this needs one of \(roles.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        return account
    }
}

extension AccountRole {
    /// Who may search and read records (up to their clearance).
    static let readers: Set<AccountRole> = [.reader, .clerk, .archivist, .auditor]
    /// Who keeps the records: retention review, destruction register.
    static let keepers: Set<AccountRole> = [.archivist, .auditor]
    /// Who records meetings: appends.
    static let writers: Set<AccountRole> = [.clerk, .service]
    /// Who follows the log as it grows.
    static let followers: Set<AccountRole> = [.service, .auditor, .archivist]
    /// Who audits: checkpoints, proofs, tiles, bundles.
    static let auditors: Set<AccountRole> = [.auditor, .archivist]
}
