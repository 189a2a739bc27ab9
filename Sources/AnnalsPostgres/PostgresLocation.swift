internal import AnnalsLog
internal import Foundation

/// Where an archive on PostgreSQL lives, read from the `--archive` URL:
///
///     postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=S]
///     postgresql://annals@localhost/annals?host=/tmp/annals-pg.1234
///
/// As with libpq, a `host` query parameter that starts with `/` names the directory
/// of a unix socket (the socket file is `DIR/.s.PGSQL.PORT`), and wins over the URL's
/// host. The schema defaults to `annals`; several archives can share one database in
/// different schemas.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// The role to connect as.
    public var user: String
    /// Its password, when the server asks for one (never printed).
    public var password: String?
    /// A TCP host, when not connecting through a unix socket.
    public var host: String?
    /// The port (also the number in the socket file's name).
    public var port: Int
    /// The unix socket file, when connecting through one.
    public var socketPath: String?
    /// The database.
    public var database: String
    /// The schema holding the archive's tables.
    public var schema: String

    /// Whether `text` names a PostgreSQL archive rather than a folder.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` or `postgresql://` URL; the error names what is wrong.
    public init(url text: String) throws {
        guard Self.isPostgresURL(text), let url = URLComponents(string: text) else {
            throw LogError(.invalidArgument, "\(text): not a PostgreSQL URL (expected postgres://USER@HOST[:PORT]/DATABASE[?schema=S])")
        }
        guard let user = url.user, !user.isEmpty else {
            throw LogError(.invalidArgument, "\(text): the URL names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw LogError(.invalidArgument, "\(text): the URL names no database (postgres://USER@HOST/DATABASE)")
        }
        var schema = "annals"
        var socketDirectory: String?
        for item in url.queryItems ?? [] {
            switch item.name {
            case "schema": schema = item.value ?? ""
            case "host": socketDirectory = item.value
            case "port": break
            default:
                throw LogError(.invalidArgument, "\(text): unknown parameter \"\(item.name)\" (known: schema, host, port)")
            }
        }
        guard Self.isIdentifier(schema) else {
            throw LogError(.invalidArgument, "\(text): schema \"\(schema)\" must be 1 to 63 lower-case ASCII letters, digits or _, starting with a letter")
        }
        let portText = url.queryItems?.first { $0.name == "port" }?.value
        let port = url.port ?? portText.flatMap { Int($0) } ?? 5432
        self.user = user
        self.password = url.password
        self.port = port
        self.database = database
        self.schema = schema
        if let socketDirectory, socketDirectory.hasPrefix("/") {
            self.socketPath = socketDirectory.hasSuffix(".s.PGSQL.\(port)")
                ? socketDirectory : socketDirectory + "/.s.PGSQL.\(port)"
            self.host = nil
        } else {
            self.host = socketDirectory ?? url.host ?? "localhost"
            self.socketPath = nil
        }
    }

    /// The URL without the password.
    public var description: String {
        let place = socketPath.map { "localhost/\(database)?host=\($0)" } ?? "\(host ?? "localhost"):\(port)/\(database)"
        return "postgres://\(user)@\(place)" + (schema == "annals" ? "" : (socketPath == nil ? "?" : "&") + "schema=\(schema)")
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), name.utf8.count <= 63 else {
            return false
        }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
    }
}
