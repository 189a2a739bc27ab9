import Annals
import AnnalsLog
import ArgumentParser
import Foundation

extension LogCommand {
    /// Imports a JSON Lines file chunk by chunk through the archive's import, saying
    /// before each chunk which lines it holds (`chunk FIRST LAST`) and after it is
    /// durable that it was acknowledged (`ack FIRST LAST POSITION`, lines 1-based,
    /// POSITION the last one written or `-` when every line was already there).
    ///
    /// The reliability harness (Tests/AnnalsLogTests/Reliability) kills this process
    /// with SIGKILL at random moments and checks that every acknowledged line is in
    /// the archive, intact, and that the chunk in flight is all there, not there at
    /// all, or cut only where the import writes on its own (at a destruction).
    struct StressImport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-import", abstract: "Import chunk by chunk for crash tests.", shouldDisplay: false)
        @OptionGroup var archive: ArchiveLocation
        @Argument var file: String
        @Option var fromLine = 1
        @Option var seed: UInt64 = 1
        @Option var minLines = 1
        @Option var maxLines = 60
        @Option var segmentBytes = 256 << 10
        /// Checkpoint the projections after every this many chunks (0: only on close),
        /// so that kills also land while the snapshot file is replaced.
        @Option var saveEvery = 0

        func run() throws {
            let input = try readInput(file, "file")
            let lines = input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            var options = ArchiveOptions()
            options.log.segmentBytes = segmentBytes
            options.log.checkpointBytes = 16 << 10
            let target = try Archive.open(at: archive.path, options: options)
            var random = SplitMix64(seed: seed)
            var first = fromLine
            var chunks = 0
            let last = lines.last?.isEmpty == true ? lines.count - 1 : lines.count
            while first <= last {
                let count = Int.random(in: minLines...max(minLines, maxLines), using: &random)
                let end = min(last, first + count - 1)
                Self.say("chunk \(first) \(end)")
                var bytes: [UInt8] = []
                for line in lines[(first - 1)..<end] {
                    bytes.append(contentsOf: line)
                    bytes.append(UInt8(ascii: "\n"))
                }
                let report = try target.importLines(bytes)
                Self.say("ack \(first) \(end) \(report.lastPosition.map(String.init) ?? "-")")
                chunks += 1
                if saveEvery > 0, chunks % saveEvery == 0 { try target.saveProjections() }
                first = end + 1
            }
            try target.close()
        }

        /// One unbuffered write per line: what the parent reads was said before the kill.
        static func say(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
