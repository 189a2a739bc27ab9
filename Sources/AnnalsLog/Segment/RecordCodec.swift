/// The one encoding of a record, shared by write-ahead frames and sealed blocks
/// (docs/FORMAT.md, "Record"). All integers little-endian.
///
/// ```
/// u32  size           bytes that follow this field
/// u8   flags          bit 0: destroyed (nonce and payload absent)
/// ---- header: the bytes the Merkle leaf commits to, never changed by shredding ----
/// u8   typeLength
/// u16  streamLength
/// u32  payloadLength  the original payload's length, kept after destruction
/// u64  version
/// i64  recordedAt     µs since the Unix epoch, UTC
/// 16B  id
/// 32B  digest         SHA-256(nonce ‖ payload)
/// ...  type, stream   UTF-8
/// ---- body ----
/// 16B  nonce          absent when destroyed
/// ...  payload        absent when destroyed
/// ```
package enum RecordCodec {
    package static let fixedHeader = 1 + 2 + 4 + 8 + 8 + 16 + 32
    package static let nonceBytes = 16
    package static let flagDestroyed: UInt8 = 1

    /// The encoded size of a record (size field included).
    @inline(__always)
    package static func encodedSize(typeBytes: Int, streamBytes: Int, payloadBytes: Int, destroyed: Bool = false) -> Int {
        4 + 1 + fixedHeader + typeBytes + streamBytes + (destroyed ? 0 : nonceBytes + payloadBytes)
    }

    /// Appends one live record to `out`.
    @inline(__always)
    package static func append(
        to out: inout [UInt8], type: UnsafeRawBufferPointer, stream: UnsafeRawBufferPointer,
        version: UInt64, recordedAt: Int64, id: EventID, digest: Hash256,
        nonce: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer
    ) {
        let size = encodedSize(typeBytes: type.count, streamBytes: stream.count, payloadBytes: payload.count)
        out.appendLE(UInt32(size - 4))
        out.append(0)
        out.append(UInt8(type.count))
        out.appendLE(UInt16(stream.count))
        out.appendLE(UInt32(payload.count))
        out.appendLE(version)
        out.appendLE(recordedAt)
        out.appendBE(id.high)
        out.appendBE(id.low)
        digest.append(to: &out)
        out.append(contentsOf: type)
        out.append(contentsOf: stream)
        out.append(contentsOf: nonce)
        out.append(contentsOf: payload)
    }

    /// Appends a record born destroyed (``NewRecord/destroyed(id:type:digest:)``): the
    /// header of a live record with payload length 0, the flag set, no body.
    @inline(__always)
    package static func appendDestroyed(
        to out: inout [UInt8], type: UnsafeRawBufferPointer, stream: UnsafeRawBufferPointer,
        version: UInt64, recordedAt: Int64, id: EventID, digest: Hash256
    ) {
        let size = encodedSize(typeBytes: type.count, streamBytes: stream.count, payloadBytes: 0, destroyed: true)
        out.appendLE(UInt32(size - 4))
        out.append(flagDestroyed)
        out.append(UInt8(type.count))
        out.appendLE(UInt16(stream.count))
        out.appendLE(UInt32(0))
        out.appendLE(version)
        out.appendLE(recordedAt)
        out.appendBE(id.high)
        out.appendBE(id.low)
        digest.append(to: &out)
        out.append(contentsOf: type)
        out.append(contentsOf: stream)
    }

    /// Appends a record as stored after destruction: the same header, flag set, no body.
    package static func appendDestroyed(to out: inout [UInt8], _ view: RecordView) {
        let header = view.headerBytes
        out.appendLE(UInt32(1 + header.count))
        out.append(flagDestroyed)
        out.append(contentsOf: header)
    }
}

/// A record read in place from a buffer (a decompressed block or a write-ahead
/// frame), without copying. Valid only while the buffer is; ``Log`` hands these to a
/// closure and never lets them escape. Use ``materialize()`` to keep one.
public struct RecordView {
    /// The record's position in the log.
    public let position: UInt64
    @usableFromInline let base: UnsafeRawBufferPointer
    @usableFromInline let typeLength: Int
    @usableFromInline let streamLength: Int
    @usableFromInline let flags: UInt8

    /// Parses the record at the start of `buffer`, which must hold exactly it
    /// (size field included). Throws on any inconsistency.
    package init(position: UInt64, record buffer: UnsafeRawBufferPointer, context: @autoclosure () -> String) throws {
        let minimum = 5 + RecordCodec.fixedHeader
        guard buffer.count >= minimum else {
            throw LogError(.corrupt, "\(context()): record at position \(position) is \(buffer.count) bytes, under the minimum \(minimum)")
        }
        self.position = position
        self.base = buffer
        self.flags = buffer[4]
        self.typeLength = Int(buffer[5])
        self.streamLength = Int(UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        let payloadLength = Int(loadLE32(buffer, 8))
        let destroyed = flags & RecordCodec.flagDestroyed != 0
        let expected = RecordCodec.encodedSize(
            typeBytes: typeLength, streamBytes: streamLength, payloadBytes: payloadLength, destroyed: destroyed)
        guard expected == buffer.count, flags & ~RecordCodec.flagDestroyed == 0 else {
            throw LogError(.corrupt, "\(context()): record at position \(position) has inconsistent lengths or flags")
        }
    }

    @usableFromInline var headerEnd: Int { 5 + RecordCodec.fixedHeader + typeLength + streamLength }

    /// The stream version.
    public var version: UInt64 { loadLE64(base, 12) }
    /// When it was recorded (µs since the Unix epoch).
    public var recordedAt: Int64 { Int64(bitPattern: loadLE64(base, 20)) }
    /// The record's id.
    public var id: EventID {
        EventID(
            high: UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 28, as: UInt64.self)),
            low: UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 36, as: UInt64.self)))
    }
    /// The salted payload digest.
    public var digest: Hash256 { Hash256(loading: base, at: 44) }
    /// The payload's length (kept after destruction).
    public var payloadLength: Int { Int(loadLE32(base, 8)) }
    /// Whether the payload was destroyed.
    public var isDestroyed: Bool { flags & RecordCodec.flagDestroyed != 0 }
    /// The type label's UTF-8 bytes.
    public var typeBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[76..<76 + typeLength])
    }
    /// The stream name's UTF-8 bytes.
    public var streamBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[76 + typeLength..<headerEnd])
    }
    /// The type label.
    public var type: String { String(decoding: typeBytes, as: UTF8.self) }
    /// The stream name.
    public var stream: String { String(decoding: streamBytes, as: UTF8.self) }
    /// The payload bytes in place; empty when destroyed.
    public var payloadBytes: UnsafeRawBufferPointer {
        isDestroyed ? UnsafeRawBufferPointer(rebasing: base[0..<0])
            : UnsafeRawBufferPointer(rebasing: base[(headerEnd + RecordCodec.nonceBytes)...])
    }
    /// The nonce in place; empty when destroyed.
    public var nonceBytes: UnsafeRawBufferPointer {
        isDestroyed ? UnsafeRawBufferPointer(rebasing: base[0..<0])
            : UnsafeRawBufferPointer(rebasing: base[headerEnd..<headerEnd + RecordCodec.nonceBytes])
    }
    /// The header bytes the Merkle leaf commits to (docs/FORMAT.md).
    package var headerBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[5..<headerEnd])
    }
    /// The whole encoded record, size field included.
    package var encoded: UnsafeRawBufferPointer { base }

    /// The Merkle leaf hash of this record: SHA-256(0x00 ‖ header).
    public var leafHash: Hash256 {
        withUnsafeBytes(of: UInt8(0)) { zero in Hash256.sha256(zero, headerBytes) }
    }

    /// Whether SHA-256(nonce ‖ payload) equals the stored digest (true when destroyed:
    /// there is nothing left to check).
    public var payloadMatchesDigest: Bool {
        isDestroyed || Hash256.sha256(nonceBytes, payloadBytes) == digest
    }

    /// A copy that owns its bytes.
    public func materialize() -> Record {
        Record(
            position: position, stream: stream, version: version, id: id, type: type,
            recordedAt: recordedAt, digest: digest, payloadLength: payloadLength,
            payload: isDestroyed ? nil : Array(payloadBytes),
            nonce: isDestroyed ? nil : Array(nonceBytes))
    }
}
