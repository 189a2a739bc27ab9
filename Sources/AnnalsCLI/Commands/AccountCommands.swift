import Annals
import ArgumentParser
import Foundation

/// `annals account`: who may sign in to `annals serve`, with which roles and clearance.
///
/// Grants and revocations are events in the log (`account/ID`), so auditors can tell who
/// held which clearance on any date. Passwords and tokens go to the credentials file
/// beside the log, never into it.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Accounts for `annals serve`: grant, revoke, issue API tokens, list.",
        subcommands: [AccountAddCommand.self, AccountRevokeCommand.self, AccountTokenCommand.self, AccountListCommand.self])
}

/// `--by`: who records the change (the operator), for the event's `by`.
struct ActorOption: ParsableArguments {
    @Option(name: .customLong("by"), help: "Who makes this change (recorded); default: the operating-system user.")
    var actor: String?

    var id: String { actor ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName() }
}

/// Now, in the agency's zone: the business time of an account change.
func nowInAgencyZone() -> ZonedTime { ZonedTime(microseconds: Timestamp.now(), offsetMinutes: 480) }

struct AccountAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Grants an account (or changes its grant): name, roles and clearance.")
    @OptionGroup var archive: ArchiveLocation
    @Argument(help: "The account id: a-z 0-9 . _ -, e.g. wang.fang.") var id: String
    @Option(help: "The person's name, e.g. 王芳.") var name: String
    @Option(help: "Comma-separated roles: reader, clerk, archivist, auditor, service, admin.") var roles: String
    @Option(help: "The highest classification the account may read: 公开, 内部, 秘密, 机密 or 绝密 (or the English aliases).")
    var clearance: String
    @Flag(help: "Read the account's password from the first line of standard input (at least 8 characters).")
    var passwordStdin = false
    @OptionGroup var actor: ActorOption

    func run() throws {
        guard let level = Classification(name: clearance) else {
            throw CLIError("--clearance \(clearance): expected 公开, 内部, 秘密, 机密 or 绝密 (or public, internal, confidential, secret, top_secret)")
        }
        let roleList = roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Read the password before writing anything, so a bad one leaves no grant behind.
        var password: String?
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CLIError("--password-stdin: no password on standard input")
            }
            password = line
        }
        let target = try Archive.open(at: archive.path)
        defer { try? target.close() }
        try target.grantAccount(
            AccountGranted(account: id, name: name, roles: roleList, clearance: level), password: password, by: actor.id, at: nowInAgencyZone())
        Output.line("granted \(id) (\(name)): roles \(roleList.joined(separator: ", ")), clearance \(level.name)\(password == nil ? "" : "; password set")")
    }
}

struct AccountRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revokes an account: it can no longer sign in, and its tokens stop working.")
    @OptionGroup var archive: ArchiveLocation
    @Argument(help: "The account id.") var id: String
    @Option(help: "Why (recorded).") var reason: String = "revoked by the operator"
    @OptionGroup var actor: ActorOption

    func run() throws {
        let target = try Archive.open(at: archive.path)
        defer { try? target.close() }
        try target.revokeAccount(id, reason: reason, by: actor.id, at: nowInAgencyZone())
        Output.line("revoked \(id); its password and tokens are deleted")
    }
}

struct AccountTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issues a new API token for an account and prints it once (only its SHA-256 is kept).")
    @OptionGroup var archive: ArchiveLocation
    @Argument(help: "The account id.") var id: String
    @Option(help: "Days until the token expires.") var days: Int = Annals.CredentialStore.defaultTokenDays

    func run() throws {
        guard (1...3660).contains(days) else { throw CLIError("--days \(days): expected 1 to 3660") }
        var options = Annals.ArchiveOptions()
        options.readOnly = true
        let source = try Archive.open(at: archive.path, options: options)
        defer { try? source.close() }
        guard try source.accountHistory(id) != nil else { throw CLIError("no account \(id); grant it first with `annals account add`") }
        Output.line(try source.issueAccountToken(id, days: days))
    }
}

struct AccountListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The accounts and their grants in force, or as held on a date (--on 2026-03-01).")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "Who held which grant at the end of this date (YYYY-MM-DD, +08:00).") var on: String?

    func run() throws {
        var options = Annals.ArchiveOptions()
        options.readOnly = true
        let source = try Archive.open(at: archive.path, options: options)
        defer { try? source.close() }
        let registry = try source.accounts()
        let secrets = try source.credentials.load()
        var date: CivilDate?
        if let on {
            guard let parsed = CivilDate(on) else { throw CLIError("--on \(on): expected a date such as 2026-03-01") }
            date = parsed
        }
        let rows = AccountReport.rows(registry, on: date, secrets: secrets)
        printReport(output.format, json: AccountReport.json(rows)) { AccountReport.text(rows) }
    }
}
