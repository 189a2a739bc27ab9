import Foundation
import Synchronization
import Testing

@testable import AnnalsLog

/// A plain read never serves damaged bytes: a sealed block or a write-ahead frame
/// whose bytes were altered fails every read path (point read, scan, stream read,
/// range read) with a corruption error naming the file and the place, never altered
/// content. These damage the files as a disk or a forger would, then read.
@Suite struct DamagedReadTests {
    static let stream = "meeting/BGS-2024-0007"

    /// A closed log of 300 records in one sealed segment of small blocks. With
    /// `incompressible` payloads every LZ4 block is stored as is, so that a changed
    /// byte is changed content that still decodes.
    static func sealedLog(in dir: TemporaryDirectory, incompressible: Bool) async throws -> (segment: SealedSegment, records: [Record]) {
        var options = LogOptions()
        options.blockBytes = 4 << 10
        options.sealInBackground = false
        let log = try Log.open(dir.path, options: options)
        var generator = SystemRandomNumberGenerator()
        for b in 0..<30 {
            _ = try await log.append([
                StreamAppend(stream: stream, records: (0..<10).map { i in
                    let payload = incompressible
                        ? (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) } : SamplePayloads.json(b * 10 + i, size: 300)
                    return NewRecord(type: "minutes.recorded", payload: payload)
                })
            ])
        }
        try log.seal()
        let records = try log.all()
        try log.close()
        let name = dir.files().first { $0.hasSuffix(".seg") }!
        return (try SealedSegment.open(path: dir.path + "/" + name, io: .system), records)
    }

    static func readOnly(_ dir: TemporaryDirectory) throws -> Log {
        var options = LogOptions()
        options.readOnly = true
        return try Log.open(dir.path, options: options)
    }

    static func patch(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Every read path at `position` throws a corruption error whose message holds
    /// every one of `naming`.
    static func expectEveryReadFails(_ log: Log, at position: UInt64, naming: [String]) {
        let reads: [(String, () throws -> Void)] = [
            ("record(at:)", { _ = try log.record(at: position) }),
            ("scan", { try log.scan(from: 0) { _ in true } }),
            ("read(from:limit:)", { _ = try log.read(from: position, limit: 1) }),
            ("readStream", { _ = try log.readStream(stream) }),
            ("readStream backward", { _ = try log.readStream(stream, direction: .backward) }),
        ]
        for (name, read) in reads {
            do {
                try read()
                Issue.record("\(name) served a damaged record")
            } catch let error as LogError {
                #expect(error.code == .corrupt, "\(name): \(error)")
                for text in naming { #expect(error.message.contains(text), "\(name): \(error.message) lacks \(text)") }
            } catch {
                Issue.record("\(name): unexpected \(error)")
            }
        }
    }

    @Test func aFlippedByteInASealedBlockFailsEveryReadByItsCRC() async throws {
        let dir = TemporaryDirectory()
        let (segment, _) = try await Self.sealedLog(in: dir, incompressible: false)
        #expect(segment.blocks.count > 4)
        let block = segment.blocks[2]
        try Self.patch(segment.path) { $0[Int(block.frameOffset) + Int(block.frameLength) / 2] ^= 0x20 }
        let log = try Self.readOnly(dir)
        let name = (segment.path as NSString).lastPathComponent
        Self.expectEveryReadFails(log, at: block.firstPosition + 1, naming: [name, "block 2", "CRC-32C"])
        // The blocks before it still read.
        #expect(try log.record(at: 0) != nil)
    }

    @Test func aSealedBlockAlteredWithItsCRCRecomputedFailsByTheLZ4ContentChecksum() async throws {
        let dir = TemporaryDirectory()
        let (segment, records) = try await Self.sealedLog(in: dir, incompressible: true)
        let index = 3
        let block = segment.blocks[index]
        let frameStart = Int(block.frameOffset)
        let frameEnd = frameStart + Int(block.frameLength)
        try Self.patch(segment.path) { bytes in
            // A byte of the block's last record's payload (before the end mark and the
            // content checksum), stored uncompressed: the frame still decodes.
            bytes[frameEnd - 8 - 40] ^= 0x01
            // The forger recomputes the footer entry's CRC and the footer's own CRC.
            let size = bytes.count
            let footerLength = bytes.withUnsafeBytes { Int(loadLE64($0, size - 24)) }
            let footerStart = size - 24 - footerLength
            let crc = CRC32C.checksum(bytes[frameStart..<frameEnd])
            bytes.storeLE(crc, at: footerStart + 4 + 48 * index + 28)
            bytes.storeLE(CRC32C.checksum(bytes[footerStart..<footerStart + footerLength]), at: size - 24 + 8)
        }
        let log = try Self.readOnly(dir)
        let last = block.firstPosition + UInt64(block.recordCount) - 1
        Self.expectEveryReadFails(log, at: last, naming: [(segment.path as NSString).lastPathComponent, "block \(index)", "content checksum"])
        #expect(try log.record(at: 0) == records[0])
    }

    @Test func aFlippedByteInAWriteAheadFrameBelowTheCheckpointFailsEveryRead() async throws {
        let dir = TemporaryDirectory()
        let log = try Log.open(dir.path)
        for b in 0..<4 {
            _ = try await log.append([
                StreamAppend(stream: Self.stream, records: (0..<5).map {
                    NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(b * 5 + $0))
                })
            ])
        }
        let frames = log.writerState!.withLock { ws in ws.active.state.withLock { $0.frames } }
        try log.close()  // writes the checkpoint: the next open does not re-read these frames
        let wal = dir.files().first { $0.hasSuffix(".wal") }!
        let frame = frames[1]
        try Self.patch(dir.path + "/" + wal) { $0[Int(frame.offset) + Int(frame.length)] ^= 0x04 }
        let reader = try Self.readOnly(dir)
        Self.expectEveryReadFails(reader, at: frame.firstPosition, naming: [wal, "offset \(frame.offset)", "CRC-32C"])
        // The writer opens too (the frame is below its checkpoint) and refuses the read alike.
        let writer = try Log.open(dir.path)
        Self.expectEveryReadFails(writer, at: frame.firstPosition, naming: [wal, "CRC-32C"])
        try writer.close()
    }
}
