import ArgumentParser

/// `annals`: the command line for archivists, auditors and operators.
/// The commands, their options and their JSON output are a contract (CLI.md).
@main
struct AnnalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annals",
        abstract: "An event-sourced records and archive engine for meeting records.",
        version: "0.1.0",
        subcommands: [InitCommand.self, ImportCommand.self, ExportCommand.self, LogCommand.self, CheckpointCommand.self, VerifyCommand.self, ProveCommand.self, KeyCommand.self]
    )
}
