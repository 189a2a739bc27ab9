/// The footer of a sealed segment (docs/FORMAT.md, "Sealed segment"): the one place
/// its bytes are built (``appendFrame(to:)``, by ``SealedSegmentBuilder``) and parsed
/// (``Tail``, ``frameHeaderMatches(_:footerLength:)`` and
/// ``decode(_:blockCount:firstPosition:recordCount:footerStart:corrupt:)``, by
/// ``SealedSegment/open(path:io:)``, `verify`'s layout check and the shred's root check).
///
/// ```text
/// skippable frame 0x184D2A5E: u32 block count | block entries (48 bytes each) |
///                             u64 raw record bytes | u64 destroyed records |
///                             32B Merkle root of the segment's leaves |
///                             tail: u64 footer length | u32 CRC-32C(footer before tail) |
///                                   u32 version 1 | "ANNALEND"
/// ```
package struct SealedFooter: Sendable, Equatable {
    package var blocks: [BlockEntry]
    /// The records' bytes before compression.
    package var rawBytes: UInt64
    /// How many records are stored destroyed.
    package var destroyed: UInt64
    /// The Merkle root of the segment's own leaves.
    package var merkleRoot: Hash256

    package static let tailMagic = Array("ANNALEND".utf8)
    package static let tailBytes = 24
    package static let version: UInt32 = 1
    /// The skippable frame's nibble (magic 0x184D2A5E).
    package static let frameNibble: UInt32 = 0xE
    /// The footer's length before the tail when it lists no block.
    package static let minimumBytes = 4 + 16 + 32

    package init(blocks: [BlockEntry], rawBytes: UInt64, destroyed: UInt64, merkleRoot: Hash256) {
        self.blocks = blocks
        self.rawBytes = rawBytes
        self.destroyed = destroyed
        self.merkleRoot = merkleRoot
    }

    // MARK: - Building

    /// Appends the footer's skippable frame (frame header, footer, tail) to `out`.
    package func appendFrame(to out: inout [UInt8]) {
        var footer: [UInt8] = []
        footer.reserveCapacity(Self.minimumBytes + blocks.count * BlockEntry.encodedBytes + Self.tailBytes)
        footer.appendLE(UInt32(blocks.count))
        for b in blocks {
            footer.appendLE(b.frameOffset)
            footer.appendLE(b.frameLength)
            footer.appendLE(b.rawLength)
            footer.appendLE(b.firstPosition)
            footer.appendLE(b.recordCount)
            footer.appendLE(b.crc)
            footer.appendLE(b.firstRecordedAt)
            footer.appendLE(b.lastRecordedAt)
        }
        footer.appendLE(rawBytes)
        footer.appendLE(destroyed)
        merkleRoot.append(to: &footer)
        let footerLength = footer.count
        let crc = CRC32C.checksum(footer)
        footer.appendLE(UInt64(footerLength))
        footer.appendLE(crc)
        footer.appendLE(Self.version)
        footer.append(contentsOf: Self.tailMagic)
        LZ4Frame.appendSkippable(nibble: Self.frameNibble, content: footer, to: &out)
    }

    // MARK: - Parsing

    /// The last ``SealedFooter/tailBytes`` of a sealed file.
    package struct Tail {
        /// The footer's length before the tail.
        package var footerLength: UInt64
        /// The CRC-32C of the footer before the tail.
        package var crc: UInt32
        package var version: UInt32
        /// Whether the end marker `"ANNALEND"` is there.
        package var hasEndMarker: Bool

        /// Parses the tail from `raw` (exactly ``SealedFooter/tailBytes``).
        package init(_ raw: UnsafeRawBufferPointer) {
            footerLength = loadLE64(raw, 0)
            crc = loadLE32(raw, 8)
            version = loadLE32(raw, 12)
            hasEndMarker = Array(raw[16..<24]) == SealedFooter.tailMagic
        }
    }

    /// Whether the 8 bytes before the footer are its skippable frame's header, for a
    /// footer of `footerLength` bytes before the tail.
    package static func frameHeaderMatches(_ raw: UnsafeRawBufferPointer, footerLength: UInt64) -> Bool {
        loadLE32(raw, 0) == LZ4Frame.skippableMagicBase + frameNibble
            && UInt64(loadLE32(raw, 4)) == footerLength + UInt64(tailBytes)
    }

    /// Decodes a footer (its bytes before the tail, CRC already checked) and checks it
    /// against the segment header's counts: the blocks follow each other in position,
    /// none is empty, and none lies past `footerStart`.
    package static func decode(
        _ footer: UnsafeRawBufferPointer, blockCount: UInt32, firstPosition first: UInt64, recordCount count: UInt64,
        footerStart: Int64, context: String, corrupt: (String) -> LogError
    ) throws -> SealedFooter {
        var r = ByteReader(footer, context: context)
        let n = try r.u32()
        guard n == blockCount, footer.count == 4 + Int(n) * BlockEntry.encodedBytes + 16 + 32 else {
            throw corrupt("the footer lists \(n) blocks, the header \(blockCount)")
        }
        var blocks: [BlockEntry] = []
        blocks.reserveCapacity(Int(n))
        var expected = first
        for i in 0..<Int(n) {
            let entry = BlockEntry(
                frameOffset: try r.u64(), frameLength: try r.u32(), rawLength: try r.u32(), firstPosition: try r.u64(),
                recordCount: try r.u32(), crc: try r.u32(), firstRecordedAt: try r.i64(), lastRecordedAt: try r.i64())
            guard entry.firstPosition == expected, entry.recordCount > 0,
                entry.frameOffset + UInt64(entry.frameLength) <= UInt64(footerStart)
            else { throw corrupt("block \(i) in the footer is out of place") }
            expected += UInt64(entry.recordCount)
            blocks.append(entry)
        }
        guard expected == first + count else { throw corrupt("the blocks hold \(expected - first) records, the header says \(count)") }
        return SealedFooter(blocks: blocks, rawBytes: try r.u64(), destroyed: try r.u64(), merkleRoot: try r.hash())
    }

    /// The Merkle root in the footer of a whole sealed file's bytes, as the builder
    /// made them (the root is the footer's last field before the tail).
    package static func merkleRoot(inFile bytes: [UInt8]) -> Hash256 {
        bytes.withUnsafeBytes { raw in
            let tailAt = raw.count - tailBytes
            return Hash256(loading: raw, at: tailAt - 32)
        }
    }
}
