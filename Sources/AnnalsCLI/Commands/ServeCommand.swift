import Annals
import AnnalsServer
import ArgumentParser
import Foundation

/// `annals serve`: the HTTP API and the search page over one archive (README, "Server").
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the archive over HTTP(S): the API, the search page, /metrics; accounts from `annals account`.",
        discussion: """
            Identity comes from sign-in (POST /api/v1/session) or an API token (`annals account token`), and \
            clearance from the account's grant in the log: no request can name a reader. Plain HTTP is served \
            on a loopback address only, unless --insecure; elsewhere give --tls-cert and --tls-key. \
            SIGTERM or SIGINT stops it gracefully: requests finish, the archive is closed and checkpointed.
            """)
    @OptionGroup var archive: ArchiveLocation
    @Option(help: "Where to listen, HOST:PORT.") var listen: String = "127.0.0.1:8080"
    @Option(help: "The TLS certificate chain (PEM).") var tlsCert: String?
    @Option(help: "The TLS private key (PEM).") var tlsKey: String?
    @Flag(help: "Serve plain HTTP on a non-loopback address (only behind a TLS proxy on this host).") var insecure = false

    func run() async throws {
        do {
            var options = AnnalsServerOptions()
            options.listen = try ListenAddress(parsing: listen)
            options.tlsCertificate = tlsCert
            options.tlsKey = tlsKey
            options.insecure = insecure
            try await AnnalsServer.run(archive: archive.path, options: options)
        } catch let error as ServerSetupError {
            throw CLIError(error.description)
        }
    }
}
