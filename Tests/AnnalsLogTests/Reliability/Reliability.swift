import Foundation
import Testing

/// The reliability harness: the `annals` command line driven as a user's scripts
/// would drive it, against crashes, damaged files and hostile input. A short form
/// runs in `make test`; `make reliability` runs the full one (ANNALS_RELIABILITY=full,
/// with a release build in ANNALS_BIN) and prints the figures each part reports.
enum Reliability {
    static let environment = ProcessInfo.processInfo.environment

    static let isFull = environment["ANNALS_RELIABILITY"] == "full"

    /// How many rounds a part runs: a few in `make test`, hundreds in `make reliability`
    /// (ANNALS_RELIABILITY_ROUNDS=N sets it, to chase a problem).
    static func rounds(short: Int, full: Int) -> Int {
        environment["ANNALS_RELIABILITY_ROUNDS"].flatMap { Int($0) } ?? (isFull ? full : short)
    }

    /// The run's seed, printed with the figures: ANNALS_RELIABILITY_SEED=N replays a run.
    static let seed: UInt64 = environment["ANNALS_RELIABILITY_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Prints a part's figures and appends them to `$ANNALS_RELIABILITY_FIGURES`, the
    /// file `make reliability` prints at the end.
    static func report(_ part: String, _ figures: KeyValuePairs<String, Int>, note: String = "") {
        let parts = figures.map { "\($0.key) \($0.value)" } + (note.isEmpty ? [] : [note])
        let line = "reliability: \(part): " + parts.joined(separator: "; ") + " (seed \(seed))"
        print(line)
        guard let path = environment["ANNALS_RELIABILITY_FIGURES"], !path.isEmpty else { return }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
        }
    }
}

/// One run of the `annals` command line to its end, its output kept in files (an
/// export can be larger than a pipe holds). A signal death or a hang is a crash:
/// whatever the input, the program must answer with a result or an `error:` line.
struct CommandRun {
    let arguments: [String]
    let status: Int32
    /// The signal that ended the process, if one did.
    let signal: Int32?
    let timedOut: Bool
    let output: Data
    let errors: String

    var crashed: Bool { signal != nil || timedOut }
    var succeeded: Bool { !crashed && status == 0 }
    /// Exited non-zero with an `error: …` line, the contract of CLI.md.
    var refusedCleanly: Bool { !crashed && status != 0 && errors.hasPrefix("error: ") }
    var text: String { String(decoding: output, as: UTF8.self) }

    /// The output's lines.
    var lines: [Substring] { text.split(separator: "\n") }

    /// The output as a JSON object (`--format json`).
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: output) as? [String: Any] }

    var summary: String {
        let how = timedOut ? "hung" : signal.map { "died of signal \($0)" } ?? "exited \(status)"
        return "annals \(arguments.joined(separator: " ")) \(how): \(errors.prefix(600))"
    }

    static func annals(_ arguments: [String], timeout: TimeInterval = 300) throws -> CommandRun {
        try run(annalsExecutable(), arguments, timeout: timeout)
    }

    /// Another program (the fuzz driver).
    static func program(_ path: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 900) throws
        -> CommandRun
    {
        try run(path, arguments, environment: environment, timeout: timeout)
    }

    /// `annals` with arguments written for bash (`"$(cat FILE)"` passes a file's bytes
    /// as one argument, invalid UTF-8 included); a status over 128 is bash's report of
    /// a signal.
    static func annals(shell arguments: String, timeout: TimeInterval = 300) throws -> CommandRun {
        let run = try run("/bin/bash", ["-c", "\"$0\" " + arguments, annalsExecutable()], timeout: timeout)
        guard run.signal == nil, run.status > 128 else { return run }
        return CommandRun(
            arguments: run.arguments, status: run.status, signal: run.status - 128, timedOut: run.timedOut, output: run.output,
            errors: run.errors)
    }

    private static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval) throws
        -> CommandRun
    {
        let folder = NSTemporaryDirectory() + "annals-run-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        _ = FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = FileHandle(forWritingAtPath: folder + "/out")
        process.standardError = FileHandle(forWritingAtPath: folder + "/err")
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(2_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let signal = !timedOut && process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return CommandRun(
            arguments: arguments, status: process.terminationStatus, signal: signal, timedOut: timedOut,
            output: FileManager.default.contents(atPath: folder + "/out") ?? Data(),
            errors: String(decoding: FileManager.default.contents(atPath: folder + "/err") ?? Data(), as: UTF8.self))
    }
}

/// Events as JSON objects, compared without the keys only an export adds.
enum EventLines {
    static let exportOnly = ["position", "version", "recorded_at", "digest"]

    /// The event of a line without the export-only keys and without the register
    /// facts the archive fills into an `archive.destroyed` (`data.register`).
    static func object(_ line: some DataProtocol) -> NSDictionary? {
        guard var object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        if var data = object["data"] as? [String: Any], object["type"] as? String == "archive.destroyed" {
            data["register"] = nil
            object["data"] = data
        }
        return NSDictionary(dictionary: object.filter { !exportOnly.contains($0.key) })
    }

    /// The lines of a JSON Lines file.
    static func split(_ data: Data) -> [Data] {
        data.split(separator: UInt8(ascii: "\n")).map { Data($0) }
    }
}

/// A copy of a folder, made with `cp -a` (the harness copies whole archives often).
func copyFolder(_ source: String, to destination: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/cp")
    process.arguments = ["-a", source, destination]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
}
