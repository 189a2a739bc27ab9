import Annals
import ArgumentParser
import Foundation

/// `annals init`: an empty archive.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty archive (refuses an existing non-empty folder).",
        discussion: """
            The fonds code (全宗号) is the one archive numbers are issued under: a letter and three digits. \
            --policy FILE gives the office's rules (policy.json: lead times, the retention table, who may \
            approve what); the archive keeps it, and every event is judged by it.
            """)
    @OptionGroup var archive: ArchiveLocation
    @Option(help: "The fonds code (全宗号), e.g. Z109.") var fonds = "Z109"
    @Option(help: ArgumentHelp(
        "How the fonds writes archive numbers: dat22 (DA/T 22-2015, Z109-WS·2023-Y-BGS-0001) or dat13 (DA/T 13-2022, Z109-WS·2023·Y·BGS-0001); kept in policy.json.",
        valueName: "dat22|dat13"))
    var numberFormat = "dat22"
    @Option(help: ArgumentHelp("The office's policy file (see docs/RULES.md).", valueName: "FILE")) var policy: String?

    func run() throws {
        guard let format = ArchiveNumberFormat(option: numberFormat) else {
            throw CLIError("--number-format \(numberFormat): expected dat22 or dat13")
        }
        var options = Annals.ArchiveOptions()
        var chosen = Policy.standard
        if let policy {
            guard let bytes = FileManager.default.contents(atPath: policy) else {
                throw ValidationError("cannot read the policy file \(policy)")
            }
            do {
                chosen = try Policy(json: Array(bytes))
            } catch {
                throw ValidationError("\(policy): \(error)")
            }
        }
        // The number form is the fonds' for good: it lives in the archive's policy file,
        // which every later open reads.
        if policy != nil || format != .daT22 {
            chosen.numberFormat = format
            options.policy = chosen
        }
        let created = try Archive.create(at: archive.path, fonds: fonds, options: options)
        try created.close()
        Output.line("created an empty archive for fonds \(fonds) at \(archive.path) (archive numbers per \(format.rawValue))")
    }
}

/// `annals import FILE|-`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append events from JSON Lines (EVENTS.md), all or nothing.",
        discussion: """
            Every line is decoded and checked against the office's rules before anything is written. \
            The first bad line is reported as `error: line N: RULE: message` and nothing of the file is written, \
            unless --skip-invalid is given: then the valid events are written and each rejected line is reported. \
            Lines whose event is already in the archive (same id, stream and content) are skipped, so a repeated \
            import appends nothing; a line whose id another event of the archive holds, in any stream, is refused \
            (idempotency_conflict).
            """)
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Argument(help: "The JSON Lines file, or - for standard input.") var file: String
    @Flag(help: "Write the valid events and report each rejected line.") var skipInvalid = false

    func run() throws {
        let input: Data
        if file == "-" {
            input = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            input = try readInput(file, "file")
        }
        var opening = Annals.ArchiveOptions()
        if let io = try FaultInjection.io() { opening.log.io = io }
        let target = try Archive.open(at: archive.path, options: opening)
        defer { try? target.close() }
        var options = ImportOptions(skipInvalid: skipInvalid)
        let started = Date()
        if Output.stderrIsTerminal {
            options.progress = { lines, total in
                Output.status("\rimporting: \(Output.count(lines)) / \(Output.count(total)) lines")
            }
        }
        let report: ImportReport
        do {
            report = try target.importLines(Array(input), options: options)
        } catch let rejection as ImportRejection {
            if Output.stderrIsTerminal { Output.status("\n") }
            throw CLIError("\(rejection); nothing of \(file == "-" ? "the input" : file) was written")
        }
        if Output.stderrIsTerminal {
            Output.status(String(format: "\rimported %@ events in %.1f s\n", Output.count(report.appended), Date().timeIntervalSince(started)))
        }
        switch output.format {
        case .json:
            try Output.json([
                "appended": report.appended, "destroyed": report.destroyed, "already_present": report.alreadyPresent,
                "rejected": report.rejected.map { ["line": $0.line, "rule": $0.rule, "message": $0.message] as [String: Any] },
                "flagged": report.flagged, "last_position": report.lastPosition.map { $0 as Any } ?? NSNull(),
            ] as [String: Any])
        case .text:
            for rejection in report.rejected { Output.status("rejected: \(rejection)\n") }
            var line = "appended \(Output.count(report.appended)) events"
            if let last = report.lastPosition { line += " (last position \(last))" }
            if report.destroyed > 0 { line += "; \(Output.count(report.destroyed)) of them destroyed at the source (header and digest only)" }
            if report.alreadyPresent > 0 { line += "; \(Output.count(report.alreadyPresent)) were already in the archive" }
            if !report.rejected.isEmpty { line += "; \(report.rejected.count) lines rejected" }
            if report.flagged > 0 { line += "; \(Output.count(report.flagged)) compliance flags raised" }
            Output.line(line)
        }
    }
}

/// `annals export`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write events as JSON Lines with position, version, recorded_at and digest.",
        discussion: """
            `export` then `import` into a new archive gives the same events. An event whose content was destroyed \
            is written as a tombstone line: its id, stream, type and digest with "destroyed": true, and no content; \
            their count is reported on stderr.

            The export holds content, so it needs a clearance for all of it: a record above --clearance \
            refuses the export before anything is written (a destroyed record's register counts as 秘密), and \
            each record of 秘密 or above exported is recorded as archive.accessed first.
            """)
    @OptionGroup var archive: ArchiveLocation
    @Option(help: "Only this stream (one meeting).") var stream: String?
    @Option(help: "The first position to export.") var from: UInt64 = 0
    @Option(help: "The last position to export (inclusive).") var to: UInt64?
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        let reader = try reading.reader
        let out = FileHandle.standardOutput
        // Nothing is written before every record in the range is cleared and its read recorded.
        let (_, destroyed) = try viewing(archive) { source in
            try source.exportLines(reader: reader, stream: stream, from: from, to: to, purpose: reading.purpose) { bytes in
                out.write(Data(bytes))
            }
        }
        if destroyed > 0 { Output.status("note: \(destroyed) destroyed events exported as tombstones (header and digest, no content)\n") }
    }
}
