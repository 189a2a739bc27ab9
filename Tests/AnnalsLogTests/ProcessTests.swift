import Foundation
import Testing

@testable import AnnalsLog

/// The `annals` executable: `$ANNALS_BIN` if set (`make reliability` runs a release
/// build), else the one built beside the test runner.
func annalsExecutable() -> String {
    if let chosen = ProcessInfo.processInfo.environment["ANNALS_BIN"], !chosen.isEmpty { return chosen }
    return builtExecutable("annals")
}

/// An executable of this package built beside the test runner (`annals`, `AnnalsFuzz`).
func builtExecutable(_ name: String) -> String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/\(name)").path
}

/// A child `annals` process writing in a loop and printing `ack …` lines, which the
/// test reads while it runs and after killing it.
final class StressChild {
    let process = Process()
    let pipe = Pipe()

    /// `annals log stress-append`: batches of records straight into the log.
    convenience init(archive: String, segmentBytes: Int = 64 << 10) throws {
        try self.init(arguments: ["log", "stress-append", "--archive", archive, "--segment-bytes", String(segmentBytes)])
    }

    /// `annals ARGUMENTS`; its stderr goes to `errors` if given.
    init(arguments: [String], errors: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: annalsExecutable())
        process.arguments = arguments
        process.standardOutput = pipe
        if let errors, FileManager.default.createFile(atPath: errors, contents: nil) {
            process.standardError = FileHandle(forWritingAtPath: errors)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
    }

    private var received = Data()

    /// Blocks until the child has printed at least `count` acknowledgments (or exited).
    func waitForAcknowledgments(_ count: Int) {
        while received.split(separator: UInt8(ascii: "\n")).filter({ $0.starts(with: Array("ack ".utf8)) }).count < count {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { return }
            received.append(chunk)
        }
    }

    /// Kills the child with SIGKILL (unless it is already gone); true if the signal ended it.
    @discardableResult
    func kill() -> Bool {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// Every line the child printed before it died.
    func lines() -> [Substring] {
        received.append(pipe.fileHandleForReading.readDataToEndOfFile())
        return String(decoding: received, as: UTF8.self).split(separator: "\n")
    }

    /// Every `ack FIRST LAST BATCH` line the child printed before it died.
    func acknowledgments() -> [(first: UInt64, last: UInt64, batch: Int)] {
        lines().compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 4, parts[0] == "ack", let f = UInt64(parts[1]), let l = UInt64(parts[2]), let b = Int(parts[3])
            else { return nil }
            return (f, l, b)
        }
    }
}

@Suite(.serialized) struct ProcessTests {
    @Test func everyAcknowledgedBatchSurvivesSIGKILL() throws {
        let dir = TemporaryDirectory()
        let archive = dir.path
        var generator = SystemRandomNumberGenerator()
        var acknowledged = 0
        for round in 0..<50 {
            let child = try StressChild(archive: archive)
            // Kill at a random moment of the append loop, whatever the machine's load:
            // after a few acknowledgments, then a random while longer.
            child.waitForAcknowledgments(Int.random(in: 1...8, using: &generator))
            usleep(UInt32.random(in: 0...30_000, using: &generator))
            child.kill()
            let acks = child.acknowledgments()
            acknowledged += acks.count
            let log = try Log.open(archive + "/log")
            for ack in acks {
                #expect(log.endPosition > ack.last, "round \(round): acknowledged position \(ack.last) lost")
                let record = try #require(try log.record(at: ack.first))
                let text = String(decoding: record.payload ?? [], as: UTF8.self)
                #expect(text.contains("\"batch\":\(ack.batch),\"i\":0"), "round \(round): position \(ack.first) holds \(text)")
            }
            let report = try log.verify()
            #expect(report.ok, "round \(round): \(report.problems)")
            try log.close()
        }
        #expect(acknowledged >= 50, "the child acknowledged too few batches to test anything")
    }

    @Test func aSecondWriterProcessIsRefusedAndReadersReadWhileItAppends() throws {
        let dir = TemporaryDirectory()
        let child = try StressChild(archive: dir.path, segmentBytes: 32 << 10)
        defer { child.kill() }
        // Wait until the child holds the lock and has written something.
        var reader: Log?
        for _ in 0..<1000 {  // up to 10 s on a loaded machine; usually a few tens of ms
            usleep(10_000)
            var options = LogOptions()
            options.readOnly = true
            if let log = try? Log.open(dir.path + "/log", options: options), log.endPosition > 50 {
                reader = log
                break
            }
        }
        let log = try #require(reader)
        #expect(throws: LogError.self) { try Log.open(dir.path + "/log") }
        do {
            _ = try Log.open(dir.path + "/log")
        } catch let error as LogError {
            #expect(error.code == .locked)
            #expect(error.message.contains("process \(child.process.processIdentifier)"))
        }
        // Each reader opened while the writer goes on sees a dense, verifiable prefix.
        for _ in 0..<5 {
            var options = LogOptions()
            options.readOnly = true
            let snapshot = try Log.open(dir.path + "/log", options: options)
            let records = try snapshot.all()
            #expect(records.map(\.position) == Array(0..<UInt64(records.count)))
            #expect(records.allSatisfy { $0.payloadMatchesDigest })
            usleep(20_000)
        }
        #expect(try log.all().count >= 50)
    }
}

extension Record {
    var payloadMatchesDigest: Bool {
        guard let payload, let nonce else { return true }
        return Hash256.sha256(nonce + payload) == digest
    }
}
