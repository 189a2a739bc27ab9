public import Annals
import AnnalsLog
public import Prometheus
import Synchronization

/// What every request shares: the archive, the accounts' secrets, the sessions, the
/// sign-in throttle and the metrics.
public final class ServerState: Sendable {
    public let archive: Archive
    public let options: AnnalsServerOptions
    let credentials: CredentialStore
    let sessions = SessionStore()
    let throttle: SignInThrottle
    /// The metrics served at `/metrics`.
    public let registry: PrometheusCollectorRegistry
    let signInFailures: Prometheus.Counter
    let signInLockouts: Prometheus.Counter
    let signIns: Prometheus.Counter
    let accessesRecorded: Prometheus.Counter
    let eventsAppended: Prometheus.Counter
    /// The clock (µs since the epoch); the tests move it to expire sessions and tokens.
    let now: @Sendable () -> Int64
    /// Each account's grant in force, with the stream version it was read at.
    private let standings = Mutex<[String: (version: UInt64?, standing: AccountStanding?)]>([:])

    public init(
        archive: Archive, options: AnnalsServerOptions = AnnalsServerOptions(), registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        now: @escaping @Sendable () -> Int64 = { Timestamp.now() }
    ) {
        self.archive = archive
        self.options = options
        self.credentials = CredentialStore(archive: archive.path)
        self.throttle = SignInThrottle(threshold: options.lockoutThreshold, window: options.lockoutWindow)
        self.registry = registry
        self.now = now
        signInFailures = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "annals", metricName: "signin_failures", unitName: "total", helpText: "Sign-ins refused for a wrong account or password."))
        signInLockouts = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "annals", metricName: "signin_lockouts", unitName: "total", helpText: "Sign-ins refused unchecked because the account or address is locked out."))
        signIns = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "annals", metricName: "signins", unitName: "total", helpText: "Successful sign-ins."))
        accessesRecorded = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "annals", metricName: "accesses_recorded", unitName: "total", helpText: "archive.accessed events appended for reads through the server."))
        eventsAppended = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "annals", metricName: "events_appended", unitName: "total", helpText: "Events appended through POST /api/v1/events."))
    }

    /// The grant in force of account `id`, read from its stream in the log (cached
    /// until the stream changes): revocations take effect on the next request.
    func standing(of id: String) throws -> AccountStanding? {
        guard isValidAccountID(id) else { return nil }
        let stream = Archive.accountStream(id)
        let version = archive.log.lastVersion(of: stream)
        if let cached = standings.withLock({ $0[id] }), cached.version == version { return cached.standing }
        let standing = try archive.accountHistory(id)?.standing()
        standings.withLock { $0[id] = (version, standing) }
        return standing
    }
}
