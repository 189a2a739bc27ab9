import AnnalsLog
import ArgumentParser
import Foundation

/// `annals log …`: the storage engine's operator commands.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Operator commands for the storage engine: inspect segments, verify every checksum, repair a loss.",
        subcommands: [Inspect.self, Verify.self, Repair.self, StressAppend.self, StressCheckpoint.self, StressImport.self]
    )

    static func openReadOnly(_ archive: ArchiveLocation) throws -> Log {
        var options = LogOptions()
        options.readOnly = true
        do {
            return try Log.open(archive.logPath, options: options)
        } catch let error as LogError where error.code == .notFound {
            throw CLIError("no archive at \(archive.path) (run `annals init` first, or pass --archive PATH)")
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per segment: positions, records, raw and compressed bytes, sealed or active, time range.")
        @OptionGroup var archive: ArchiveLocation
        @OptionGroup var output: FormatOptions

        func run() throws {
            let log = try LogCommand.openReadOnly(archive)
            let segments = try log.inspect()
            switch output.format {
            case .json:
                try Output.json(segments.map { s -> [String: Any] in
                    var row: [String: Any] = [
                        "file": s.file, "state": s.sealed ? "sealed" : "active", "first_position": s.firstPosition,
                        "last_position": s.records > 0 ? s.endPosition - 1 : NSNull(), "records": s.records,
                        "raw_bytes": s.rawBytes, "file_bytes": s.fileBytes, "blocks": s.blocks, "destroyed": s.destroyed,
                    ]
                    row["recorded_from"] = s.recordedAt.map { Timestamp.rfc3339($0.lowerBound) } ?? NSNull()
                    row["recorded_to"] = s.recordedAt.map { Timestamp.rfc3339($0.upperBound) } ?? NSNull()
                    return row
                })
            case .text:
                var table = Table(
                    ["segment", "state", "first", "last", "records", "raw", "on disk", "ratio", "recorded from", "recorded to"],
                    rightAligned: [2, 3, 4, 5, 6, 7])
                for s in segments {
                    let ratio = s.rawBytes > 0 && s.sealed ? String(format: "%.0f%%", Double(s.fileBytes) * 100 / Double(s.rawBytes)) : "-"
                    table.add([
                        s.file, s.sealed ? "sealed" : "active", String(s.firstPosition),
                        s.records > 0 ? String(s.endPosition - 1) : "-", Output.count(s.records), Output.bytes(s.rawBytes),
                        Output.bytes(s.fileBytes), ratio, s.recordedAt.map { Output.time($0.lowerBound) } ?? "-",
                        s.recordedAt.map { Output.time($0.upperBound) } ?? "-",
                    ])
                }
                Output.line(table.render())
                let total = segments.reduce(UInt64(0)) { $0 + $1.records }
                Output.line("\(segments.count) segments, \(Output.count(total)) records")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every checksum, digest and Merkle node; exit 1 naming the segment, block and position of any problem (as `annals verify`).")
        @OptionGroup var archive: ArchiveLocation
        @OptionGroup var output: FormatOptions

        func run() throws {
            try ArchiveVerification.run(archive, format: output.format)
        }
    }

    /// `annals log repair`: the one way to open a log again after acknowledged records
    /// were lost (a write-ahead file cut or deleted). It records the loss in the log.
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record acknowledged records that the files lost (a cut or deleted write-ahead file) in the log, so that it opens again; lost positions are never reused.")
        @OptionGroup var archive: ArchiveLocation
        @OptionGroup var output: FormatOptions

        func run() throws {
            guard FileManager.default.fileExists(atPath: archive.logPath) else {
                throw CLIError("no archive at \(archive.path) (run `annals init` first, or pass --archive PATH)")
            }
            let report = try Log.repair(archive.logPath)
            switch output.format {
            case .json:
                var document: [String: Any] = ["repaired": report.loss != nil]
                if let loss = report.loss {
                    document["file"] = loss.file
                    document["lost_from"] = loss.positions.lowerBound
                    document["lost_through"] = loss.positions.upperBound - 1
                    document["acknowledged_by"] = loss.acknowledgedBy
                    document["file_missing"] = loss.fileMissing
                    document["repair_position"] = report.repairPosition ?? NSNull()
                }
                try Output.json(document)
            case .text:
                guard let loss = report.loss else {
                    Output.line("nothing to repair: every acknowledged record is in the log")
                    return
                }
                Output.line("recorded the loss: \(loss)")
                Output.line(
                    "positions \(loss.positions.lowerBound)…\(loss.positions.upperBound - 1) hold placeholders (stream \(Log.lostStream)); the repair record is at position \(report.repairPosition.map(String.init) ?? "-") (stream \(Log.repairStream))")
            }
        }
    }

    /// Appends batches in a loop, printing `ack FIRST LAST` after each durable append.
    /// The crash tests kill this process with SIGKILL at random moments and check
    /// that every acknowledged batch survived.
    struct StressAppend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-append", abstract: "Append in a loop for crash tests.", shouldDisplay: false)
        @OptionGroup var archive: ArchiveLocation
        @Option var batches: Int = 1_000_000
        @Option var records: Int = 10
        @Option var segmentBytes: Int = 256 << 10

        func run() throws {
            var options = LogOptions()
            options.segmentBytes = segmentBytes
            options.checkpointBytes = 64 << 10
            let log = try Log.open(archive.logPath, options: options)
            for b in 0..<batches {
                let stream = "meeting/stress-\(b % 17)"
                let records = (0..<max(1, (b % records) + 1)).map { i in
                    NewRecord(type: "minutes.recorded", payload: Array("{\"batch\":\(b),\"i\":\(i),\"text\":\"会议纪要第\(b)批\"}".utf8))
                }
                let result = try log.appendBlocking([StreamAppend(stream: stream, records: records)])
                // One unbuffered write per acknowledgment: what the parent reads was acknowledged.
                FileHandle.standardOutput.write(Data("ack \(result.positions.lowerBound) \(result.positions.upperBound) \(b)\n".utf8))
            }
            try log.close()
        }
    }
}
