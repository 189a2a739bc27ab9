import Foundation
import Testing

@testable import AnnalsLog

/// LZ4 frames decoded into a buffer block by block on all cores (the projections'
/// checkpoint), against the sequential decoder and the stock `lz4` tool's format.
@Suite struct LZ4FrameTests {
    /// Repetitive but not uniform: compressible, and every block different.
    static func content(_ count: Int) -> [UInt8] {
        var generator = SplitMix64(seed: 7)
        let words = ["会议纪要", "档案室", "2024年度", "销毁清册", "P0042", "科务会"].map { Array($0.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count { out += words[Int(generator.next() % UInt64(words.count))] }
        return Array(out.prefix(count))
    }

    static func frame(_ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var scratch: [UInt8] = []
        content.withUnsafeBytes { LZ4Frame.appendFrame($0, to: &out, scratch: &scratch) }
        return out
    }

    static func decodedInParallel(_ frame: [UInt8]) throws -> [UInt8] {
        try frame.withUnsafeBytes { f in
            let size = try LZ4Frame.contentSize(of: f, context: "test")
            var out = [UInt8](repeating: 0, count: size)
            try out.withUnsafeMutableBytes { try LZ4Frame.decodeFrame(f, into: $0, context: "test") }
            return out
        }
    }

    @Test(arguments: [0, 1, 1000, LZ4Frame.maxBlock - 1, LZ4Frame.maxBlock, LZ4Frame.maxBlock + 1, 3 * LZ4Frame.maxBlock + 12345])
    func everySizeDecodesToItsContent(_ count: Int) throws {
        let content = Self.content(count)
        let frame = Self.frame(content)
        #expect(try Self.decodedInParallel(frame) == content)
        var sequential: [UInt8] = []
        try frame.withUnsafeBytes { try LZ4Frame.decodeFrame($0, into: &sequential, checkContent: true, context: "test") }
        #expect(sequential == content)
    }

    @Test func incompressibleBlocksStoredRawDecodeToo() throws {
        var generator = SplitMix64(seed: 9)
        let content = (0..<(LZ4Frame.maxBlock + 5000)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        #expect(try Self.decodedInParallel(Self.frame(content)) == content)
    }

    @Test func aDamagedFrameIsRefusedNotMisread() throws {
        let content = Self.content(2 * LZ4Frame.maxBlock + 777)
        let good = Self.frame(content)
        var generator = SplitMix64(seed: 11)
        var refusedOrEqual = 0
        for _ in 0..<200 {
            var bad = good
            let at = Int(generator.next() % UInt64(bad.count - 4))  // not the content checksum, which is not read
            bad[at] ^= UInt8(1 + generator.next() % 255)
            do {
                let decoded = try Self.decodedInParallel(bad)
                // A flip inside a literal run can still decode, to other bytes of the
                // right length: the file's CRC-32C is what catches those.
                #expect(decoded.count == content.count)
                refusedOrEqual += decoded == content ? 1 : 0
            } catch let error as LogError {
                #expect(error.code == .corrupt)
                refusedOrEqual += 1
            }
        }
        #expect(refusedOrEqual > 0)
        // Cut short, or claiming a content size it cannot hold: refused.
        #expect(throws: LogError.self) { try Self.decodedInParallel(Array(good.prefix(good.count - 9))) }
        var claim = good
        withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { claim.replaceSubrange(6..<14, with: $0) }
        #expect(throws: LogError.self) { try Self.decodedInParallel(claim) }
    }
}
