import Foundation
import Testing

@testable import Annals

/// A child `annals` process importing and writing the projection checkpoint in a
/// loop (`annals log stress-checkpoint`), killed with SIGKILL again and again, often
/// while `projections/state.snap` is being written. Whatever it leaves, opening the
/// archive gives projections equal, byte for byte, to a fresh rebuild from the log.
@Suite(.serialized) struct CheckpointCrashTests {
    typealias Folder = ImportExportTests.Folder

    /// The `annals` executable built beside the test runner.
    static func annals() -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("annals").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return ImportExportTests.root.appendingPathComponent(".build/debug/annals").path
    }

    /// A child checkpointing in a loop; reads its `saved P` lines.
    final class Child {
        let process = Process()
        let pipe = Pipe()
        private var received = Data()

        init(archive: String, events: String, chunk: Int) throws {
            process.executableURL = URL(fileURLWithPath: CheckpointCrashTests.annals())
            process.arguments = ["log", "stress-checkpoint", "--archive", archive, "--events", events, "--chunk", String(chunk)]
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Blocks until the child has saved `count` checkpoints (or exited).
        func waitForCheckpoints(_ count: Int) {
            while received.split(separator: UInt8(ascii: "\n")).count < count {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                received.append(chunk)
            }
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func killingTheProcessDuringCheckpointWritesNeverLeavesProjectionsThatDisagreeWithARebuild() throws {
        let folder = Folder()
        let generated = GeneratorOptions(years: 1, seed: 7, startYear: 2015, custodyYears: 11, eventsPerYear: 10_000)
        try Archive.create(at: folder.path, options: .generated(generated)).close()
        // A year of meetings and eleven of custody, ending in destructions (each of
        // which rewrites the checkpoint too).
        let events = folder.path + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: events) }
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in AgencyGenerator(generated) {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        #expect(FileManager.default.createFile(atPath: events, contents: Data(writer.bytes)))
        let snapshot = folder.path + "/" + Archive.projectionsFile
        var generator = SystemRandomNumberGenerator()
        var tornWrites = 0
        // Ten rounds, then more (up to forty) until a kill lands during a checkpoint
        // write: on a fast machine the window is short.
        var round = 0
        while round < 10 || (tornWrites == 0 && round < 40) {
            defer { round += 1 }
            let child = try Child(archive: folder.path, events: events, chunk: 2_000)
            child.waitForCheckpoints(1)
            if round % 2 == 0 && round < 10 {
                // A random moment of the loop: importing, encoding, writing or renaming.
                child.waitForCheckpoints(Int.random(in: 2...3, using: &generator))
                usleep(UInt32.random(in: 0...60_000, using: &generator))
            } else {
                // The moment a checkpoint is being written: its temporary file exists.
                var polls = 0
                while !FileManager.default.fileExists(atPath: snapshot + ".tmp"), polls < 20_000 {
                    usleep(500)
                    polls += 1
                }
            }
            child.kill()
            if FileManager.default.fileExists(atPath: snapshot + ".tmp") { tornWrites += 1 }
            // What an open gives (read-only: the folder exactly as the crash left it),
            // against a fresh rebuild from the log.
            var options = ArchiveOptions()
            options.readOnly = true
            let reopened = try Archive.open(at: folder.path, options: options)
            var stored: [StoredEvent] = []
            try reopened.replay { stored.append($0); return true }
            let rebuilt = ProjectionSet.replay(stored, policy: reopened.rules.policy)
            #expect(try reopened.projections().encode() == rebuilt.encode(), "round \(round), \(stored.count) events")
            try reopened.close()
        }
        #expect(tornWrites > 0, "no kill landed while a checkpoint was being written")
        // A writer's open finishes whatever a kill interrupted, and still agrees.
        let archive = try Archive.open(at: folder.path)
        #expect(archive.log.endPosition > 3_000, "the children imported too little to test anything")
        var stored: [StoredEvent] = []
        try archive.replay { stored.append($0); return true }
        #expect(try archive.projections().encode() == ProjectionSet.replay(stored, policy: archive.rules.policy).encode())
        try archive.close()
    }
}
