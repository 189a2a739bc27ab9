/// One batch frame of a write-ahead segment (docs/FORMAT.md, "Write-ahead segment"):
/// the one place its bytes are built and parsed. The writer builds frames with
/// ``begin(_:first:count:)`` and ``end(_:from:)``; recovery, reads and the Merkle
/// thread read them back through ``header(_:)``, ``checksum(_:)``, ``batch(_:)`` and
/// ``walkRecords(inBody:count:_:)``.
///
/// ```text
/// frame: u32 body length | u32 CRC-32C(length field ‖ body) | body
/// body:  u64 first position | u32 record count | records (RecordCodec)
/// ```
package enum WALFrame {
    /// The frame header: body length and CRC-32C.
    package static let headerBytes = 8
    /// The body's batch header: first position and record count.
    package static let batchHeaderBytes = 12

    /// Whether `length` can be a frame body's length: at least the batch header, at
    /// most the largest batch the log accepts.
    package static func isPlausible(bodyLength length: Int) -> Bool {
        length >= batchHeaderBytes && length <= LogLimits.maxBatchBytes + batchHeaderBytes
    }

    // MARK: - Building (the writer thread)

    /// Starts a frame of `count` records from position `first` at the end of `out`,
    /// its length and CRC-32C left zero until ``end(_:from:)``. Returns where it starts.
    @inline(__always)
    package static func begin(_ out: inout [UInt8], first: UInt64, count: UInt32) -> Int {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: headerBytes))
        out.appendLE(first)
        out.appendLE(count)
        return start
    }

    /// Finishes the frame begun at `start` (its records appended since): stores the
    /// body's length and the CRC-32C. Returns the whole frame's length in bytes.
    @inline(__always)
    package static func end(_ out: inout [UInt8], from start: Int) -> Int {
        let bodyLength = out.count - start - headerBytes
        out.storeLE(UInt32(bodyLength), at: start)
        let crc = out.withUnsafeBytes { raw in
            checksum(UnsafeRawBufferPointer(rebasing: raw[start..<start + headerBytes + bodyLength]))
        }
        out.storeLE(crc, at: start + 4)
        return headerBytes + bodyLength
    }

    // MARK: - Parsing

    /// The frame header at the start of `raw` (at least ``headerBytes``): the body's
    /// length and the stored CRC-32C.
    @inline(__always)
    package static func header(_ raw: UnsafeRawBufferPointer) -> (bodyLength: Int, crc: UInt32) {
        (Int(loadLE32(raw, 0)), loadLE32(raw, 4))
    }

    /// The CRC-32C a whole frame (header and body) should store: over the length
    /// field and the body, not the CRC field itself.
    @inline(__always)
    package static func checksum(_ frame: UnsafeRawBufferPointer) -> UInt32 {
        checksum(lengthField: UnsafeRawBufferPointer(rebasing: frame[0..<4]),
                 body: UnsafeRawBufferPointer(rebasing: frame[headerBytes...]))
    }

    /// The CRC-32C over a frame's length field and its body, read apart.
    @inline(__always)
    package static func checksum(lengthField: UnsafeRawBufferPointer, body: UnsafeRawBufferPointer) -> UInt32 {
        CRC32C.checksum(body, continuing: CRC32C.checksum(lengthField))
    }

    /// The batch header at the start of a body: first position and record count.
    @inline(__always)
    package static func batch(_ body: UnsafeRawBufferPointer) -> (first: UInt64, count: UInt32) {
        (loadLE64(body, 0), loadLE32(body, 8))
    }

    /// How a walk over a body's records ended.
    package enum Walk: Equatable {
        /// Every record was visited and they fill the body exactly.
        case complete
        /// The visitor stopped early.
        case stopped
        /// Record `index`'s size field lies past the body.
        case short(record: Int)
        /// Record `index` runs past the body.
        case pastEnd(record: Int)
        /// Bytes follow the last record.
        case trailingBytes
    }

    /// Calls `visit` with the index and byte range (size field included, relative to
    /// `body`) of each of a body's `count` records, in order, while their size fields
    /// fit the body; `visit` returns false to stop.
    @inline(__always)
    package static func walkRecords(
        inBody body: UnsafeRawBufferPointer, count: Int, _ visit: (Int, Range<Int>) throws -> Bool
    ) rethrows -> Walk {
        var offset = batchHeaderBytes
        for i in 0..<count {
            guard offset + 4 <= body.count else { return .short(record: i) }
            let size = Int(loadLE32(body, offset)) + 4
            guard offset + size <= body.count else { return .pastEnd(record: i) }
            if try !visit(i, offset..<offset + size) { return .stopped }
            offset += size
        }
        return offset == body.count ? .complete : .trailingBytes
    }

    /// Calls `body` with each record of frames as the writer built them (checked by
    /// construction: their CRCs are not recomputed; a record that does not parse is
    /// skipped).
    package static func forEachRecord(inFrames bytes: [UInt8], _ body: (RecordView) -> Void) {
        bytes.withUnsafeBytes { raw in
            var at = 0
            while at + headerBytes + batchHeaderBytes <= raw.count {
                let length = header(UnsafeRawBufferPointer(rebasing: raw[at...])).bodyLength
                let frameBody = UnsafeRawBufferPointer(rebasing: raw[(at + headerBytes)..<(at + headerBytes + length)])
                let (first, count) = batch(frameBody)
                _ = walkRecords(inBody: frameBody, count: Int(count)) { i, range in
                    if let view = try? RecordView(
                        position: first + UInt64(i), record: UnsafeRawBufferPointer(rebasing: frameBody[range]), context: "frames")
                    {
                        body(view)
                    }
                    return true
                }
                at += headerBytes + length
            }
        }
    }
}
