import ArgumentParser
import Foundation

/// `--archive PATH`, taken by every command (CLI.md): default `$ANNALS_ARCHIVE`,
/// else `./annals-archive`.
struct ArchiveLocation: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive folder (default: $ANNALS_ARCHIVE, else ./annals-archive).", valueName: "PATH"))
    var archive: String?

    var path: String {
        if let archive { return archive }
        if let env = ProcessInfo.processInfo.environment["ANNALS_ARCHIVE"], !env.isEmpty { return env }
        return "annals-archive"
    }

    /// The storage engine's folder inside the archive.
    var logPath: String { path + "/log" }
}

/// How a read command prints: `text` for people, `json` for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "text (aligned tables, for people) or json (one document, for programs).")
    var format: OutputFormat = .text
}

/// A failure the CLI reports as `error: …` on stderr with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The bytes of a file named on the command line: a regular file, or a pipe (`<(…)`)
/// or a device such as `/dev/null`, for which `FileManager.contents(atPath:)` gives nil.
func readInput(_ path: String, _ what: String) throws -> Data {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        let reason = String(cString: strerror(errno))
        throw CLIError("cannot read the \(what) \(path): \(reason)")
    }
    defer { try? handle.close() }
    do {
        return try handle.readToEnd() ?? Data()
    } catch {
        throw CLIError("cannot read the \(what) \(path): \(error.localizedDescription)")
    }
}
