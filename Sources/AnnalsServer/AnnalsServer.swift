import Annals
public import Hummingbird
import HTTPTypes
import HummingbirdCore
import HummingbirdTLS
public import Logging
import Metrics
public import NIOCore
import NIOSSL
import Prometheus
import ServiceLifecycle

/// `annals serve`: one process serving one archive over HTTP(S).
public enum AnnalsServer {
    /// The router with every route and middleware, for `run` and for the tests.
    public static func router(_ state: ServerState) -> Router<AnnalsRequestContext> {
        let router = Router(context: AnnalsRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(tls: state.options.usesTLS))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: AuthenticationMiddleware(state: state))
        SessionRoutes(state: state).add(to: router)
        ReadRoutes(state: state).add(to: router)
        WriteRoutes(state: state).add(to: router)
        AccountRoutes(state: state).add(to: router)
        FeedRoutes(state: state).add(to: router)
        AuditRoutes(state: state).add(to: router)
        StaticFiles().add(to: router)
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: state.registry.emitToBuffer())))
        }
        router.get("/healthz") { _, _ in textResponse("ok\n", contentType: "text/plain; charset=utf-8") }
        return router
    }

    /// The HTTP/1.1 server: idle (and slow) connections closed after `idleTimeout`.
    static func server(_ options: AnnalsServerOptions) throws -> HTTPServerBuilder {
        let seconds = options.idleTimeout.components.seconds
        let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(seconds)))
        guard let certificate = options.tlsCertificate, let key = options.tlsKey else { return http }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            return try .tls(http, tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey)))
        } catch {
            throw ServerSetupError.tlsFiles("cannot read \(certificate) or \(key) as PEM: \(error)")
        }
    }

    /// The application over an open archive (the tests use it with `.router` or `.live`).
    public static func application(
        _ state: ServerState, logger: Logger = Logger(label: "annals.serve"), onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let options = state.options
        return Application(
            router: router(state), server: try server(options),
            configuration: .init(address: .hostname(options.listen.host, port: options.listen.port), serverName: "annals"),
            onServerRunning: onServerRunning, logger: logger)
    }

    /// Serves the archive in `path` until SIGTERM or SIGINT; then stops accepting,
    /// lets the requests in flight finish, and closes the archive (its projections
    /// checkpointed, the log synced, the writer lock released).
    public static func run(archive path: String, options: AnnalsServerOptions) async throws {
        let options = try options.validated()
        let logger = {
            var logger = Logger(label: "annals.serve")
            logger.logLevel = .info
            return logger
        }()
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let archive = try Archive.open(at: path)
        let state = ServerState(archive: archive, options: options, registry: registry)
        do {
            let app = try application(state, logger: logger) { _ in
                logger.info("annals serve: \(options.usesTLS ? "https" : "http")://\(options.listen) serving \(path)")
            }
            try await app.runService()  // SIGTERM and SIGINT: a graceful shutdown
        } catch {
            try? archive.close()
            throw error
        }
        try archive.close()
        logger.info("annals serve: stopped; the archive is closed and checkpointed")
    }
}
