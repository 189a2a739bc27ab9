/// How `annals serve` runs: where, with what TLS, and its limits.
public struct AnnalsServerOptions: Sendable {
    public var listen = ListenAddress(host: "127.0.0.1", port: 8080)
    /// PEM files of the certificate chain and the private key; both or neither.
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// Serve plain HTTP on a non-loopback address (behind a TLS proxy on this host).
    public var insecure = false
    /// How long a sign-in session lasts.
    public var sessionLifetime: Duration = .seconds(8 * 3600)
    /// A connection that sends nothing for this long (in the middle of a request's
    /// head or body, or between requests) is closed: slow clients cannot hold workers.
    public var idleTimeout: Duration = .seconds(30)
    /// Every failed sign-in is answered after this long (the configured slowdown).
    public var failedSignInDelay: Duration = .milliseconds(500)
    /// After this many failed sign-ins within `lockoutWindow`, for one account or from
    /// one address, sign-ins for it are refused (429) without checking the password
    /// until the window has passed: guessing costs the server no bcrypt work.
    public var lockoutThreshold = 5
    public var lockoutWindow: Duration = .seconds(15 * 60)

    public init() {}

    public var usesTLS: Bool { tlsCertificate != nil }

    /// Refuses settings that would expose accounts: plain HTTP where others can listen.
    public func validated() throws(ServerSetupError) -> AnnalsServerOptions {
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw .tlsNeedsBoth }
        if !usesTLS, !listen.isLoopback, !insecure { throw .plainHTTPOnNetwork(listen.description) }
        return self
    }
}

/// The largest request body accepted (a batch of events); larger ones get 413.
let maximumBodyBytes = 1 << 20
