#if canImport(Glibc)
internal import Glibc
#endif

/// One compressed block of a sealed segment, as listed in its footer.
package struct BlockEntry: Sendable, Equatable {
    package var frameOffset: UInt64
    package var frameLength: UInt32
    package var rawLength: UInt32
    package var firstPosition: UInt64
    package var recordCount: UInt32
    /// CRC-32C of the frame's bytes as stored.
    package var crc: UInt32
    package var firstRecordedAt: Int64
    package var lastRecordedAt: Int64

    static let encodedBytes = 48
}

/// A sealed segment: an immutable run of LZ4 frames, one per ~64 KiB block of
/// records, between a header and a footer carried in LZ4 skippable frames, so that
/// `lz4 -t` and `lz4 -d` accept the whole file (docs/FORMAT.md, "Sealed segment").
///
/// ```
/// skippable frame 0x184D2A50: header  "ANNALSEG" | u32 version 1 | u32 block count |
///                                      u64 first position | u64 record count |
///                                      i64 first recordedAt | i64 last recordedAt |
///                                      u32 CRC-32C of the 48 bytes before | u32 0
/// LZ4 data frames, one per block (LZ4Frame)
/// skippable frame 0x184D2A5E: footer  u32 block count | block entries (48 bytes each) |
///                                      u64 raw record bytes | u64 destroyed records |
///                                      32B Merkle root of the segment's leaves |
///                                      tail: u64 footer length | u32 CRC-32C(footer before tail) |
///                                            u32 version 1 | "ANNALEND"
/// ```
package final class SealedSegment: Sendable {
    package static let headerMagic = Array("ANNALSEG".utf8)
    package static let tailMagic = SealedFooter.tailMagic
    static let headerContentBytes = 56
    static let tailBytes = SealedFooter.tailBytes

    package let path: String
    package let firstPosition: UInt64
    package let recordCount: UInt64
    package let blocks: [BlockEntry]
    package let firstRecordedAt: Int64
    package let lastRecordedAt: Int64
    package let rawBytes: UInt64
    package let destroyedCount: UInt64
    package let merkleRoot: Hash256
    package let fileBytes: Int64
    let fd: Int32
    let io: FileIO

    package var endPosition: UInt64 { firstPosition + recordCount }

    package static func fileName(_ first: UInt64) -> String { SegmentName.format(first) + ".seg" }

    private init(
        path: String, fd: Int32, io: FileIO, firstPosition: UInt64, recordCount: UInt64, blocks: [BlockEntry],
        firstRecordedAt: Int64, lastRecordedAt: Int64, rawBytes: UInt64, destroyedCount: UInt64,
        merkleRoot: Hash256, fileBytes: Int64
    ) {
        self.path = path
        self.fd = fd
        self.io = io
        self.firstPosition = firstPosition
        self.recordCount = recordCount
        self.blocks = blocks
        self.firstRecordedAt = firstRecordedAt
        self.lastRecordedAt = lastRecordedAt
        self.rawBytes = rawBytes
        self.destroyedCount = destroyedCount
        self.merkleRoot = merkleRoot
        self.fileBytes = fileBytes
    }

    deinit { io.close(fd) }

    /// Opens a sealed segment, checking its header and footer (not its blocks: those
    /// are checked as they are read, or all at once by `verify`).
    package static func open(path: String, io: FileIO) throws -> SealedSegment {
        let fd = try io.open(path, O_RDONLY)
        do {
            let size = try io.size(fd, path: path)
            func corrupt(_ what: String) -> LogError { LogError(.corrupt, "\(path): \(what)", path: path) }
            let headerFrame = 8 + headerContentBytes
            guard size >= Int64(headerFrame + 8 + 4 + tailBytes) else { throw corrupt("too short to be a sealed segment (\(size) bytes)") }
            var header = [UInt8](repeating: 0, count: headerFrame)
            _ = try header.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: 0, path: path) }
            var tail = [UInt8](repeating: 0, count: tailBytes)
            _ = try tail.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: size - Int64(tailBytes), path: path) }
            let parsedTail = tail.withUnsafeBytes { SealedFooter.Tail($0) }
            guard parsedTail.hasEndMarker else { throw corrupt("the footer's end marker is missing (a torn or foreign file)") }
            guard parsedTail.version == SealedFooter.version else { throw corrupt("the footer is of an unknown format version") }
            let footerLength = Int(truncatingIfNeeded: parsedTail.footerLength)
            let footerCRC = parsedTail.crc
            let footerStart = size - Int64(tailBytes + footerLength)
            guard footerLength >= SealedFooter.minimumBytes, footerLength < size, footerStart >= Int64(headerFrame + 8) else { throw corrupt("the footer length \(footerLength) is impossible") }
            var footer = [UInt8](repeating: 0, count: footerLength)
            _ = try footer.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: footerStart, path: path) }
            var frameHeader = [UInt8](repeating: 0, count: 8)
            _ = try frameHeader.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: footerStart - 8, path: path) }
            guard frameHeader.withUnsafeBytes({ SealedFooter.frameHeaderMatches($0, footerLength: UInt64(footerLength)) })
            else { throw corrupt("the footer's skippable frame header is damaged") }
            guard CRC32C.checksum(footer) == footerCRC else { throw corrupt("the footer fails its CRC-32C") }
            let parsed = try header.withUnsafeBytes { h -> (UInt64, UInt64, UInt32, Int64, Int64) in
                guard loadLE32(h, 0) == LZ4Frame.skippableMagicBase, loadLE32(h, 4) == UInt32(headerContentBytes),
                    Array(h[8..<16]) == headerMagic, loadLE32(h, 16) == 1,
                    CRC32C.checksum(UnsafeRawBufferPointer(rebasing: h[8..<56])) == loadLE32(h, 56)
                else { throw corrupt("the segment header is damaged or of an unknown version") }
                return (loadLE64(h, 24), loadLE64(h, 32), loadLE32(h, 20), Int64(bitPattern: loadLE64(h, 40)), Int64(bitPattern: loadLE64(h, 48)))
            }
            let (first, count, blockCount, minTime, maxTime) = parsed
            let decoded = try footer.withUnsafeBytes {
                try SealedFooter.decode(
                    $0, blockCount: blockCount, firstPosition: first, recordCount: count, footerStart: footerStart,
                    context: "\(path) footer", corrupt: corrupt)
            }
            let (blocks, rawBytes, destroyed, root) = (decoded.blocks, decoded.rawBytes, decoded.destroyed, decoded.merkleRoot)
            return SealedSegment(
                path: path, fd: fd, io: io, firstPosition: first, recordCount: count, blocks: blocks,
                firstRecordedAt: minTime, lastRecordedAt: maxTime, rawBytes: rawBytes, destroyedCount: destroyed,
                merkleRoot: root, fileBytes: size)
        } catch {
            io.close(fd)
            throw error
        }
    }

    // MARK: - Reading

    /// Reads block `index`'s frame, checks its CRC-32C, decompresses it into `out` and
    /// checks the LZ4 frame's own XXH32 content checksum: a block whose bytes were
    /// altered and its footer's CRC recomputed still fails, and no read serves it.
    package func readBlock(_ index: Int, into out: inout [UInt8], frame: inout [UInt8], checkContent: Bool = true) throws {
        let entry = blocks[index]
        let length = Int(entry.frameLength)
        if frame.count < length { frame = [UInt8](repeating: 0, count: length) }
        let n = try frame.withUnsafeMutableBytes {
            try io.pread(fd, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<length]), at: Int64(entry.frameOffset), path: path)
        }
        let place = "\(path), block \(index) (positions \(entry.firstPosition)…\(entry.firstPosition + UInt64(entry.recordCount) - 1))"
        guard n == length else { throw LogError(.corrupt, "\(place): cut short", path: path) }
        try frame.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<length])
            guard CRC32C.checksum(bytes) == entry.crc else { throw LogError(.corrupt, "\(place): fails its CRC-32C", path: path) }
            try LZ4Frame.decodeFrame(bytes, into: &out, checkContent: checkContent, context: place)
        }
        guard out.count == Int(entry.rawLength) else {
            throw LogError(.corrupt, "\(place): holds \(out.count) bytes, the footer says \(entry.rawLength)", path: path)
        }
    }

    /// Calls `body` for each record of a decoded block, in order.
    package static func forEachRecord(
        inBlock raw: [UInt8], entry: BlockEntry, context: @autoclosure () -> String, _ body: (RecordView) throws -> Bool
    ) throws -> Bool {
        try raw.withUnsafeBytes { bytes in
            var offset = 0
            for i in 0..<Int(entry.recordCount) {
                guard offset + 4 <= bytes.count else { throw LogError(.corrupt, "\(context()): block ends inside record \(i)") }
                let size = Int(loadLE32(bytes, offset)) + 4
                guard offset + size <= bytes.count else { throw LogError(.corrupt, "\(context()): record \(i) runs past the block") }
                let view = try RecordView(
                    position: entry.firstPosition + UInt64(i), record: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size]),
                    context: context())
                if try !body(view) { return false }
                offset += size
            }
            guard offset == bytes.count else { throw LogError(.corrupt, "\(context()): bytes after the last record of a block") }
            return true
        }
    }

    /// The index of the block holding `position`.
    package func blockIndex(containing position: UInt64) -> Int? {
        var low = 0
        var high = blocks.count
        while low < high {
            let mid = (low + high) / 2
            if blocks[mid].firstPosition + UInt64(blocks[mid].recordCount) <= position { low = mid + 1 } else { high = mid }
        }
        return low < blocks.count ? low : nil
    }

    /// Calls `body` for each record from `from` to `end` (exclusive) in this segment.
    package func forEach(from: UInt64, to end: UInt64, _ body: (RecordView) throws -> Bool) throws -> Bool {
        guard var index = blockIndex(containing: from) else { return true }
        var raw = [UInt8]()
        var frame = [UInt8]()
        while index < blocks.count, blocks[index].firstPosition < end {
            try readBlock(index, into: &raw, frame: &frame)
            let entry = blocks[index]
            let keepGoing = try Self.forEachRecord(inBlock: raw, entry: entry, context: "\(path), block \(index)") { view in
                if view.position < from { return true }
                if view.position >= end { return false }
                return try body(view)
            }
            if !keepGoing { return false }
            index += 1
        }
        return true
    }
}

/// Builds a sealed segment file in memory, block by block, from records: sealing a
/// write-ahead segment, or rewriting a sealed one to shred some records (every block
/// is re-encoded; LZ4 output is deterministic, so untouched blocks come out the same).
/// The one place that writes the sealed format.
package struct SealedSegmentBuilder {
    package let firstPosition: UInt64
    let blockBytes: Int
    private var body: [UInt8] = []
    private var blocks: [BlockEntry] = []
    private var pending: [UInt8] = []
    private var pendingFirst: UInt64
    private var pendingCount: UInt32 = 0
    private var pendingFirstTime: Int64 = 0
    private var pendingLastTime: Int64 = 0
    private var scratch: [UInt8] = []
    private(set) var recordCount: UInt64 = 0
    private var rawBytes: UInt64 = 0
    private var destroyed: UInt64 = 0
    private(set) var leaves: [Hash256] = []

    package init(firstPosition: UInt64, blockBytes: Int) {
        self.firstPosition = firstPosition
        self.blockBytes = blockBytes
        self.pendingFirst = firstPosition
        body.reserveCapacity(1 << 20)
        // Room for the header frame, written last once the counts are known.
        body.append(contentsOf: repeatElement(0, count: 8 + SealedSegment.headerContentBytes))
    }

    /// Adds one record (as stored, or as `destroyed` to drop its nonce and payload).
    package mutating func add(_ view: RecordView, destroy: Bool = false) {
        precondition(view.position == firstPosition + recordCount, "records must be added in position order")
        if pendingCount == 0 {
            pendingFirst = view.position
            pendingFirstTime = view.recordedAt
        }
        if destroy || view.isDestroyed {
            RecordCodec.appendDestroyed(to: &pending, view)
            destroyed += 1
        } else {
            pending.append(contentsOf: view.encoded)
        }
        leaves.append(view.leafHash)
        pendingLastTime = view.recordedAt
        pendingCount += 1
        recordCount += 1
        if pending.count >= blockBytes { flush() }
    }

    private mutating func flush() {
        guard pendingCount > 0 else { return }
        let offset = body.count
        pending.withUnsafeBytes { LZ4Frame.appendFrame($0, to: &body, scratch: &scratch) }
        let frameLength = body.count - offset
        let crc = body.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + frameLength])) }
        blocks.append(
            BlockEntry(
                frameOffset: UInt64(offset), frameLength: UInt32(frameLength), rawLength: UInt32(pending.count),
                firstPosition: pendingFirst, recordCount: pendingCount, crc: crc,
                firstRecordedAt: pendingFirstTime, lastRecordedAt: pendingLastTime))
        rawBytes += UInt64(pending.count)
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
    }

    /// The finished file's bytes. `merkleRoot` is the root of the segment's own leaves.
    package mutating func finish(merkleRoot: (_ leaves: [Hash256]) -> Hash256) -> [UInt8] {
        flush()
        var header = SealedSegment.headerMagic
        header.appendLE(UInt32(1))
        header.appendLE(UInt32(blocks.count))
        header.appendLE(firstPosition)
        header.appendLE(recordCount)
        header.appendLE(blocks.first?.firstRecordedAt ?? 0)
        header.appendLE(blocks.last?.lastRecordedAt ?? 0)
        header.appendLE(CRC32C.checksum(header))
        header.appendLE(UInt32(0))
        var headerFrame: [UInt8] = []
        LZ4Frame.appendSkippable(nibble: 0, content: header, to: &headerFrame)
        body.replaceSubrange(0..<headerFrame.count, with: headerFrame)

        SealedFooter(blocks: blocks, rawBytes: rawBytes, destroyed: destroyed, merkleRoot: merkleRoot(leaves)).appendFrame(to: &body)
        return body
    }
}
