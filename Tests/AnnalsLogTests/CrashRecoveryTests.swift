import Foundation
import Synchronization
import Testing

@testable import AnnalsLog

/// Crashes simulated with real files: a log is written and fsynced, its files are
/// copied as a crash would leave them (no close, no final checkpoint), then the
/// copy is damaged and reopened.
@Suite struct CrashRecoveryTests {
    /// Builds a log whose active segment holds several batches and returns its files
    /// as of a crash, the write-ahead file's name, the frame offsets of the batches and
    /// every record written.
    static func crashedImage() async throws -> (files: [String: Data], wal: String, frames: [FrameLocation], records: [Record]) {
        let dir = TemporaryDirectory("crash-source")
        let log = try Log.open(dir.path)
        let sizes = [3, 1, 5, 2, 1, 4]
        for (b, size) in sizes.enumerated() {
            _ = try await log.append([
                StreamAppend(stream: "meeting/BGS-2024-\(b % 2)", records: (0..<size).map {
                    NewRecord(type: "participant.signed_in", payload: Array(SamplePayloads.json(b * 10 + $0).prefix(40)))
                })
            ])
        }
        let records = try log.all()
        let frames = log.writerState!.withLock { ws in ws.active.state.withLock { $0.frames } }
        let files = dir.snapshot()
        let wal = files.keys.first { $0.hasSuffix(".wal") }!
        try log.close()
        return (files, wal, frames, records)
    }

    /// Restores the image as a crash while the batches from `unacknowledged` on were
    /// being written leaves it: the durable mark says the batches before them, no more
    /// (a cut below what was acknowledged is damage, AcknowledgedLossTests).
    static func restore(
        _ files: [String: Data], into dir: TemporaryDirectory, replacing name: String, with bytes: Data, unacknowledged: FrameLocation
    ) {
        for (file, data) in files where file != "LOCK" {
            var contents = file == name ? bytes : data
            if file == DurableMark.fileName {
                contents = Data(DurableMark.encode(segment: 0, end: unacknowledged.firstPosition, offset: unacknowledged.offset))
            }
            #expect(FileManager.default.createFile(atPath: dir.path + "/" + file, contents: contents))
        }
    }

    @Test func cutAtEveryByteOfTheLastTwoBatchesRecoversExactlyTheCompleteBatches() async throws {
        let (files, wal, frames, records) = try await Self.crashedImage()
        let image = files[wal]!
        let secondLast = frames[frames.count - 2]
        for cut in Int(secondLast.offset)...image.count {
            let dir = TemporaryDirectory("cut")
            Self.restore(files, into: dir, replacing: wal, with: image.prefix(cut), unacknowledged: secondLast)
            let complete = frames.filter { Int($0.offset) + Int($0.length) + 8 <= cut }
            let expected = complete.last.map { $0.firstPosition + UInt64($0.count) } ?? 0
            let log = try Log.open(dir.path)
            #expect(log.endPosition == expected, "cut at \(cut)")
            #expect(log.recovery.truncatedBytes == Int64(cut) - Int64(complete.last.map { Int($0.offset) + Int($0.length) + 8 } ?? 32))
            let back = try log.all()
            #expect(back == Array(records.prefix(Int(expected))), "cut at \(cut)")
            let next = try await log.append([StreamAppend(stream: "meeting/after", records: [NewRecord(type: "t", payload: [1, 2, 3])])])
            #expect(next.positions.lowerBound == expected)
            try log.close()
        }
    }

    @Test func flippedByteInTheLastTwoBatchesCutsFromThatBatchAndNeverServesIt() async throws {
        let (files, wal, frames, records) = try await Self.crashedImage()
        let image = files[wal]!
        let secondLast = frames[frames.count - 2]
        for at in Int(secondLast.offset)..<image.count {
            for bit in [0, 5] {
                var damaged = image
                damaged[at] ^= UInt8(1 << bit)
                let dir = TemporaryDirectory("flip")
                Self.restore(files, into: dir, replacing: wal, with: damaged, unacknowledged: secondLast)
                let hit = frames.last { Int($0.offset) <= at }!
                let log = try Log.open(dir.path)
                #expect(log.endPosition == hit.firstPosition, "flip at \(at) bit \(bit)")
                #expect(try log.all() == Array(records.prefix(Int(hit.firstPosition))))
                _ = try await log.append([StreamAppend(stream: "meeting/after", records: [NewRecord(type: "t", payload: [9])])])
                try log.close()
            }
        }
    }

    @Test func aCrashBetweenRenamingASealedSegmentAndDeletingItsWALKeepsOneCopy() async throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        _ = try await log.append([StreamAppend(stream: "s", records: (0..<100).map { NewRecord(type: "t", payload: SamplePayloads.json($0)) })])
        let walName = dir.files().first { $0.hasSuffix(".wal") }!
        let walBytes = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + walName))
        try log.seal()
        try log.close()
        // Put the sealed segment's write-ahead file back, as if the crash came just
        // after the rename, and add a half-written temporary file.
        #expect(FileManager.default.createFile(atPath: dir.path + "/" + walName, contents: walBytes))
        #expect(FileManager.default.createFile(atPath: dir.path + "/00000000000000000000.seg.tmp", contents: Data([1, 2, 3])))
        let reopened = try Log.open(dir.path)
        #expect(reopened.endPosition == 100)
        #expect(try reopened.all().count == 100)
        #expect(!dir.files().contains(walName))
        #expect(!dir.files().contains { $0.hasSuffix(".tmp") })
        try reopened.close()
    }
}
