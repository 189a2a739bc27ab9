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
    package static let fixedHeader = RecordHeader.fixedBytes
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
        RecordHeader.append(
            to: &out, type: type, stream: stream, payloadLength: payload.count, version: version, recordedAt: recordedAt,
            id: id, digest: digest)
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
        RecordHeader.append(
            to: &out, type: type, stream: stream, payloadLength: 0, version: version, recordedAt: recordedAt, id: id,
            digest: digest)
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
        let header = UnsafeRawBufferPointer(rebasing: buffer[5...])
        self.typeLength = RecordHeader.Field.typeLength(header)
        self.streamLength = RecordHeader.Field.streamLength(header)
        let payloadLength = RecordHeader.Field.payloadLength(header)
        let destroyed = flags & RecordCodec.flagDestroyed != 0
        let expected = RecordCodec.encodedSize(
            typeBytes: typeLength, streamBytes: streamLength, payloadBytes: payloadLength, destroyed: destroyed)
        guard expected == buffer.count, flags & ~RecordCodec.flagDestroyed == 0 else {
            throw LogError(.corrupt, "\(context()): record at position \(position) has inconsistent lengths or flags")
        }
    }

    @usableFromInline var headerEnd: Int { 5 + RecordCodec.fixedHeader + typeLength + streamLength }

    /// The header's bytes in place, from the type length on.
    @usableFromInline var header: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base[5...]) }
    /// The stream version.
    public var version: UInt64 { RecordHeader.Field.version(header) }
    /// When it was recorded (µs since the Unix epoch).
    public var recordedAt: Int64 { RecordHeader.Field.recordedAt(header) }
    /// The record's id.
    public var id: EventID { RecordHeader.Field.id(header) }
    /// The salted payload digest.
    public var digest: Hash256 { RecordHeader.Field.digest(header) }
    /// The payload's length (kept after destruction).
    public var payloadLength: Int { RecordHeader.Field.payloadLength(header) }
    /// Whether the payload was destroyed.
    public var isDestroyed: Bool { flags & RecordCodec.flagDestroyed != 0 }
    /// The type label's UTF-8 bytes.
    public var typeBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[5 + RecordHeader.fixedBytes..<5 + RecordHeader.fixedBytes + typeLength])
    }
    /// The stream name's UTF-8 bytes.
    public var streamBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[5 + RecordHeader.fixedBytes + typeLength..<headerEnd])
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
