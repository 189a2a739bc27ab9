internal import Foundation
internal import HummingbirdBcrypt
internal import Synchronization

// The accounts' secrets, beside the log and never in it: `credentials.json` in the
// archive folder (format in docs/FORMAT.md). The log is permanent and handed to
// auditors; a password hash or a token digest there could never be withdrawn.
//
// Passwords are kept as bcrypt hashes (a salted, deliberately slow hash: cost 12,
// about a quarter of a second per guess on this machine). API tokens are 32 random
// bytes shown once; only their SHA-256 is kept, which is enough for a secret with
// 256 bits of entropy (no dictionary to guess from, so no slow hash is needed).

/// An API token's record: its digest and when it stops working.
public struct TokenRecord: Sendable, Hashable {
    /// SHA-256 of the token's text, in hex.
    public var sha256: String
    public var createdAt: Int64
    /// Microseconds since the epoch; the token is refused from then on.
    public var expiresAt: Int64
}

/// One account's secrets.
public struct AccountSecrets: Sendable, Hashable {
    /// The bcrypt hash (`$2b$12$…`), nil when the account signs in with tokens only.
    public var passwordHash: String?
    public var tokens: [TokenRecord] = []
}

/// Reads and rewrites `credentials.json`. Every change rewrites the whole file
/// atomically (temporary file, fsync, rename), with mode 0600.
public final class CredentialStore: Sendable {
    public static let fileName = "credentials.json"
    /// bcrypt's work factor for new passwords.
    public static let cost: UInt8 = 12
    /// A new token's lifetime unless another is asked for.
    public static let defaultTokenDays = 90

    public let path: String
    let directory: String
    /// The file as last read, with its modification time: re-read when another process
    /// (`annals account token` beside a running server) rewrote it.
    private let cache = Mutex<(stamp: Int64, secrets: [String: AccountSecrets])?>(nil)
    /// Held through each read-modify-write: two changes at once (the server's admin
    /// requests) must not both start from the same file and lose one.
    private let writing = Mutex(())

    /// The store of the archive in folder `archive`.
    public init(archive: String) {
        directory = archive
        path = archive + "/" + Self.fileName
    }

    /// Every account's secrets (none when the file does not exist yet).
    public func load() throws -> [String: AccountSecrets] {
        let stamp = Self.modificationStamp(path)
        if let cached = cache.withLock({ $0 }), cached.stamp == stamp { return cached.secrets }
        guard stamp != 0 else { return [:] }
        let bytes = try FileIO.system.readFile(path)
        let secrets = try Self.decode(bytes, path: path)
        cache.withLock { $0 = (stamp, secrets) }
        return secrets
    }

    /// Sets (or replaces) an account's password.
    public func setPassword(_ password: String, for account: String) throws {
        try validate(password: password, for: account)
        let hash = Bcrypt.hash(password, cost: Self.cost)
        try update { $0[account, default: AccountSecrets()].passwordHash = hash }
    }

    /// Refuses a password that is too short, or too long for bcrypt.
    public func validate(password: String, for account: String) throws {
        guard password.utf8.count >= 8 else {
            throw ArchiveError("the password of \(account) must have at least 8 characters")
        }
        // bcrypt reads at most 72 bytes; a longer password would silently lose its end.
        guard password.utf8.count <= 72 else {
            throw ArchiveError("the password of \(account) must have at most 72 bytes (bcrypt's limit)")
        }
    }

    /// Makes a new API token for `account`, valid for `days`; returns its text, the
    /// only time it is ever shown.
    public func issueToken(for account: String, days: Int = CredentialStore.defaultTokenDays, now: Int64 = Timestamp.now()) throws -> String {
        var random = SystemRandomNumberGenerator()
        var text = "annals_"
        for _ in 0..<32 {
            let byte = UInt8.random(in: 0...255, using: &random)
            text += String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        let record = TokenRecord(sha256: Self.digest(text), createdAt: now, expiresAt: now + Int64(days) * 86_400_000_000)
        try update { $0[account, default: AccountSecrets()].tokens.append(record) }
        return text
    }

    /// Forgets every secret of `account` (on revocation).
    public func remove(_ account: String) throws {
        try update { $0[account] = nil }
    }

    /// Whether `password` is `account`'s. Takes bcrypt's time whether or not the
    /// account has a password, so the answer's timing does not tell which accounts exist.
    public func verifyPassword(_ password: String, for account: String) throws -> Bool {
        let hash = try load()[account]?.passwordHash
        let matches = Bcrypt.verify(password, hash: hash ?? Self.decoyHash)
        return hash != nil && matches
    }

    /// The account a token belongs to, if it is known and not expired at `now`.
    public func account(forToken token: String, now: Int64 = Timestamp.now()) throws -> String? {
        let digest = Self.digest(token)
        for (account, secrets) in try load() {
            if secrets.tokens.contains(where: { $0.sha256 == digest && $0.expiresAt > now }) { return account }
        }
        return nil
    }

    /// SHA-256 of a token's text, in hex.
    public static func digest(_ token: String) -> String { Hash256.sha256(Array(token.utf8)).hex }

    /// A hash of a password nobody has, verified against when an account has none.
    private static let decoyHash = Bcrypt.hash("annals decoy: no account has this password", cost: cost)

    private func update(_ change: (inout [String: AccountSecrets]) -> Void) throws {
        try writing.withLock { _ in
            var secrets = try load()
            change(&secrets)
            try FileIO.system.writeFileAtomically(path, Self.encode(secrets), directory: directory, mode: 0o600)
            cache.withLock { $0 = nil }
        }
    }

    private static func modificationStamp(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) ^ Int64(info.st_size) << 40
    }

    static func encode(_ secrets: [String: AccountSecrets]) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("format"); w.integer(1)
        w.key("accounts")
        w.beginObject()
        for account in secrets.keys.sorted() {
            let entry = secrets[account]!
            w.key(account)
            w.beginObject()
            w.key("password")
            if let hash = entry.passwordHash { w.string(hash) } else { w.null() }
            w.key("tokens")
            w.beginArray()
            for token in entry.tokens {
                w.beginObject()
                w.key("sha256"); w.string(token.sha256)
                w.key("created_at"); w.string(Timestamp.rfc3339(token.createdAt))
                w.key("expires_at"); w.string(Timestamp.rfc3339(token.expiresAt))
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endObject()
        w.endObject()
        w.newline()
        return w.bytes
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> [String: AccountSecrets] {
        func bad(_ what: String) -> ArchiveError { ArchiveError("\(path): \(what); the file is rewritten by `annals account`, not by hand") }
        let document: JSONDocument
        do { document = try JSONDocument(parsing: bytes) } catch { throw bad("not JSON (\(error))") }
        guard document.root["format"]?.integer == 1 else { throw bad("format must be 1") }
        guard let accounts = document.root["accounts"], accounts.kind == .object else { throw bad("no accounts object") }
        var out: [String: AccountSecrets] = [:]
        for (account, value) in accounts.members {
            var secrets = AccountSecrets()
            if let password = value["password"], password.kind == .string { secrets.passwordHash = password.string }
            for token in value["tokens"]?.elements ?? [] {
                guard let digest = token["sha256"]?.string, digest.utf8.count == 64,
                    let created = token["created_at"]?.string.flatMap({ ZonedTime(rfc3339: $0) }),
                    let expires = token["expires_at"]?.string.flatMap({ ZonedTime(rfc3339: $0) })
                else { throw bad("a token of \(account) lacks sha256, created_at or expires_at") }
                secrets.tokens.append(TokenRecord(sha256: digest, createdAt: created.microseconds, expiresAt: expires.microseconds))
            }
            out[account] = secrets
        }
        return out
    }
}
