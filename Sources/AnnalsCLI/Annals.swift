import Annals
import ArgumentParser
import Foundation

/// `annals`: the command line for archivists, auditors and operators.
/// The commands, their options and their JSON output are a contract (CLI.md).
@main
struct AnnalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annals",
        abstract: "An event-sourced records and archive engine for meeting records.",
        discussion: """
            Every command takes --archive PATH (default: $ANNALS_ARCHIVE, else ./annals-archive). \
            Read commands take --format text|json. Errors go to stderr as `error: …` with a non-zero exit.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ImportCommand.self, ExportCommand.self, GenerateCommand.self,
            MinutesCommand.self, SignInCommand.self, CatalogueCommand.self, RetentionCommand.self, RegisterCommand.self,
            DecisionsCommand.self, StatsCommand.self, FlagsCommand.self, CheckpointCommand.self, VerifyCommand.self, ProveCommand.self,
            QueryCommand.self, KeyCommand.self, DemoCommand.self, LogCommand.self, AccountCommand.self, ServeCommand.self,
        ]
    )

    /// Runs a command; errors a user can hit are printed as `error: …` (CLI.md), not
    /// with the argument parser's own prefix.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            switch error {
            case is CLIError, is LogError, is ArchiveError, is ImportRejection, is RuleViolation, is EventDecodingError,
                is PolicyError, is SnapshotError, is CheckpointError, is MerkleError, is QuerySyntaxError, is CocoaError:
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                Foundation.exit(1)
            default:
                // The parser's own errors (an unknown option, a missing argument, a
                // failed validation) keep its exit code and usage lines but begin with
                // `error:` like every other; help, version and exit codes pass through.
                let code = exitCode(for: error)
                var message = fullMessage(for: error)
                guard code != .success, !(error is ExitCode), message.hasPrefix("Error: ") else { exit(withError: error) }
                message = "error: " + message.dropFirst("Error: ".count)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(code.rawValue)
            }
        }
    }
}
