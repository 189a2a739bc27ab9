import Foundation
import Testing

@testable import AnnalsLog

@Suite struct ShredTests {
    /// Every file of the log as bytes, sealed segments decompressed with the stock
    /// `lz4` tool (so the search does not trust this program's own reader).
    static func searchableBytes(_ dir: TemporaryDirectory) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in dir.files() {
            let path = dir.path + "/" + name
            out[name] = FileManager.default.contents(atPath: path)
            if name.hasSuffix(".seg") {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["lz4", "-d", "-c", "-q", path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let decompressed = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "lz4 -d \(name)")
                out[name + " (decompressed)"] = decompressed
            }
        }
        return out
    }

    static func contains(_ files: [String: Data], _ needle: String) -> Bool {
        let bytes = Data(needle.utf8)
        return files.values.contains { $0.range(of: bytes) != nil }
    }

    static func secret(_ i: Int) -> String { "机密-王芳-身份证号-\(110_101_199_003_070_000 + i)" }

    static func build(_ dir: TemporaryDirectory, io: FileIO = .system) async throws -> Log {
        var options = LogOptions()
        options.sealInBackground = false
        options.segmentBytes = 16 << 10
        options.io = io
        let log = try Log.open(dir.path, options: options)
        for i in 0..<120 {
            _ = try await log.append([
                StreamAppend(stream: "meeting/JMS-2014-\(i % 4)", records: [
                    NewRecord(type: "minutes.recorded", payload: Array("{\"summary\":\"\(secret(i))\",\"n\":\(i)}".utf8))
                ])
            ])
        }
        return log
    }

    @Test func shredRemovesPayloadsFromEveryFileAndKeepsHeadersAndDigests() async throws {
        let dir = TemporaryDirectory()
        let log = try await Self.build(dir)
        let targets: [UInt64] = [3, 40, 41, 118, 119]  // sealed segments and the active one
        let before = try targets.map { try #require(try log.record(at: $0)) }
        #expect(Self.contains(try Self.searchableBytes(dir), Self.secret(40)))
        #expect(try log.shred(targets) == targets.count)
        let files = try Self.searchableBytes(dir)
        for position in targets {
            #expect(!Self.contains(files, Self.secret(Int(position))), "payload of \(position) is still on disk")
        }
        #expect(Self.contains(files, Self.secret(42)), "an untouched record's payload should remain")
        for (position, old) in zip(targets, before) {
            let now = try #require(try log.record(at: position))
            #expect(now.isDestroyed)
            #expect(now.payload == nil && now.nonce == nil)
            #expect(now.digest == old.digest && now.id == old.id && now.stream == old.stream && now.version == old.version)
            #expect(now.payloadLength == old.payloadLength)
        }
        #expect(try log.verify().ok)
        for name in dir.files() where name.hasSuffix(".seg") { #expect(try lz4Accepts(dir.path + "/" + name)) }
        // Shredding again destroys nothing new; the state survives a reopen.
        #expect(try log.shred([3]) == 0)
        try log.close()
        let reopened = try Log.open(dir.path)
        #expect(try reopened.record(at: 40)?.isDestroyed == true)
        #expect(try reopened.record(at: 42)?.isDestroyed == false)
        try reopened.close()
    }

    @Test func aCrashMidwayThroughShreddingLeavesTheOldSegmentWhole() async throws {
        let dir = TemporaryDirectory()
        let io = FileIO(faults: FaultPlan())
        let log = try await Self.build(dir, io: io)
        try log.seal()
        _ = try log.merkleRoot()
        let before = dir.snapshot()
        // The rewritten segment is fully written, then the "crash": the rename never
        // happens and the temporary file is left behind.
        io.setFaults(FaultPlan([
            FaultPlan.Rule(.rename, pathContains: ".seg", effect: .fail(EIO)),
            FaultPlan.Rule(.unlink, pathContains: ".seg.tmp", effect: .fail(EIO)),
        ]))
        #expect(throws: LogError.self) { try log.shred([5]) }
        #expect(dir.files().contains { $0.hasSuffix(".seg.tmp") })
        try log.close()
        let reopened = try Log.open(dir.path)
        #expect(dir.snapshot().filter { $0.key != "LOCK" } == before.filter { $0.key != "LOCK" })
        #expect(try reopened.record(at: 5)?.isDestroyed == false)
        #expect(try reopened.verify().ok)
        // And the shred, retried, completes.
        #expect(try reopened.shred([5]) == 1)
        #expect(try reopened.record(at: 5)?.isDestroyed == true)
        try reopened.close()
    }
    /// A record whose content was destroyed elsewhere is appended as its header alone,
    /// carrying the digest it was given: stored like a shredded record (payload length
    /// 0), it reads as destroyed, its leaf is the hash of that header, and it survives
    /// sealing, verify and a reopen.
    @Test func aRecordAppendedDestroyedKeepsItsGivenDigestAndVerifies() throws {
        let dir = TemporaryDirectory()
        var options = LogOptions()
        options.sealInBackground = false
        let log = try Log.open(dir.path, options: options)
        let digest = Hash256.sha256(Array("a nonce and a payload that no longer exist".utf8))
        let id = EventID.random()
        let result = try log.appendBlocking([
            StreamAppend(stream: "meeting/KWH-2015-0003", expected: .noStream, records: [
                NewRecord.destroyed(id: id, type: "meeting.scheduled", digest: digest),
                NewRecord(type: "meeting.archived", payload: Array(Self.secret(1).utf8)),
            ])
        ])
        #expect(result.positions == 0...1)
        func check(_ log: Log) throws {
            let record = try #require(try log.record(at: 0))
            #expect(record.isDestroyed && record.payload == nil && record.nonce == nil)
            #expect(record.digest == digest && record.id == id && record.version == 0 && record.payloadLength == 0)
            #expect(try log.record(at: 1)?.payload == Array(Self.secret(1).utf8))
            #expect(try log.position(of: id, in: "meeting/KWH-2015-0003") == 0)
            let report = try log.verify()
            #expect(report.ok, "\(report.problems)")
        }
        try check(log)
        let root = try log.merkleRoot().root
        try log.seal()
        try check(log)
        #expect(try log.merkleRoot().root == root)
        // Appending it again is an idempotent retry; shredding it destroys nothing new.
        #expect(try log.appendBlocking([
            StreamAppend(stream: "meeting/KWH-2015-0003", records: [NewRecord.destroyed(id: id, type: "meeting.scheduled", digest: digest)])
        ]).duplicate)
        #expect(try log.shred([0]) == 0)
        try log.close()
        let reopened = try Log.open(dir.path)
        try check(reopened)
        #expect(try reopened.merkleRoot().root == root)
        try reopened.close()
    }

    @Test func aRecordAppendedDestroyedCarriesNoPayload() throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        var record = NewRecord.destroyed(id: .random(), type: "minutes.recorded", digest: .zero)
        record.payload = Array(Self.secret(2).utf8)
        #expect(throws: LogError.self) { try log.appendBlocking([StreamAppend(stream: "meeting/x", records: [record])]) }
        #expect(log.endPosition == 0)
        try log.close()
    }
}
