import Annals
import ArgumentParser
import Foundation

extension LogCommand {
    /// Imports a JSON Lines file a chunk at a time and writes the projection
    /// checkpoint after each chunk, printing `saved POSITION` once each checkpoint is
    /// in place. The crash tests kill this process with SIGKILL, often while it is
    /// writing `projections/state.snap`, and check that the projections an open then
    /// gives always equal a fresh rebuild from the log.
    ///
    /// It resumes where the archive's log ends (the file's lines map one to one to
    /// positions), and once the file is used up it keeps rewriting the checkpoint.
    struct StressCheckpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-checkpoint", abstract: "Import and checkpoint the projections in a loop, for crash tests.",
            shouldDisplay: false)
        @OptionGroup var archive: ArchiveLocation
        @Option(help: "The JSON Lines to import.") var events: String
        @Option(help: "Lines imported between checkpoints.") var chunk: Int = 100
        @Option(help: "Checkpoints to write before exiting.") var checkpoints: Int = 1_000_000

        func run() throws {
            guard let bytes = FileManager.default.contents(atPath: events) else { throw CLIError("cannot read \(events)") }
            let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            let target = try Archive.open(at: archive.path)
            var next = Int(target.log.endPosition)
            for _ in 0..<checkpoints {
                if next < lines.count {
                    let end = min(lines.count, next + max(1, chunk))
                    _ = try target.importLines(Array(lines[next..<end].joined(separator: [UInt8(ascii: "\n")])))
                    next = end
                }
                try target.saveProjections()
                // One unbuffered write per checkpoint: what the parent reads was saved.
                FileHandle.standardOutput.write(Data("saved \(target.log.endPosition)\n".utf8))
            }
            try target.close()
        }
    }
}
