/// A record's header: the bytes its Merkle leaf commits to (`SHA-256(0x00 ‖ header)`),
/// and their fields. The payload is committed through ``digest`` =
/// `SHA-256(nonce ‖ payload)`. Shredding keeps the header, so the leaf never changes.
///
/// An auditor holding a header and an inclusion proof can check that a record with
/// these fields is in the log of a checkpoint, without the archive; with the nonce and
/// payload too, that the payload is the one recorded (``matches(nonce:payload:)``).
///
/// Layout (docs/FORMAT.md, "Record"; integers little-endian):
///
/// ```text
/// u8 type length | u16 stream length | u32 payload length | u64 version |
/// i64 recordedAt (µs since the Unix epoch) | 16B id | 32B digest | type | stream
/// ```
public struct RecordHeader: Sendable, Hashable {
    /// The type label.
    public var type: String
    /// The stream.
    public var stream: String
    /// The payload's length in bytes.
    public var payloadLength: Int
    /// The version in its stream.
    public var version: UInt64
    /// When the log recorded it (µs since the Unix epoch).
    public var recordedAt: Int64
    /// The record's id.
    public var id: EventID
    /// The salted payload digest, `SHA-256(nonce ‖ payload)`.
    public var digest: Hash256

    /// The header of a stored record.
    public init(_ record: Record) {
        type = record.type
        stream = record.stream
        payloadLength = record.payloadLength
        version = record.version
        recordedAt = record.recordedAt
        id = record.id
        digest = record.digest
    }

    /// Parses header bytes (exactly one header, nothing after it).
    ///
    /// - Throws: ``LogError`` `.corrupt` when the bytes are not a header.
    public init(bytes: [UInt8]) throws(LogError) {
        let fixed = Self.fixedBytes
        guard bytes.count >= fixed else {
            throw LogError(.corrupt, "a record header has at least \(fixed) bytes, this one \(bytes.count)")
        }
        let (typeLength, streamLength) = bytes.withUnsafeBytes { (Field.typeLength($0), Field.streamLength($0)) }
        guard bytes.count == fixed + typeLength + streamLength else {
            throw LogError(
                .corrupt, "a record header with a \(typeLength)-byte type and a \(streamLength)-byte stream has \(fixed + typeLength + streamLength) bytes, this one \(bytes.count)")
        }
        (payloadLength, version, recordedAt, id, digest) = bytes.withUnsafeBytes {
            (Field.payloadLength($0), Field.version($0), Field.recordedAt($0), Field.id($0), Field.digest($0))
        }
        type = String(decoding: bytes[fixed..<fixed + typeLength], as: UTF8.self)
        stream = String(decoding: bytes[(fixed + typeLength)...], as: UTF8.self)
        guard self.bytes == bytes else {
            throw LogError(.corrupt, "the record header's type or stream is not valid UTF-8")
        }
    }

    /// The header bytes, as stored.
    public var bytes: [UInt8] {
        let type = Array(self.type.utf8)
        let stream = Array(self.stream.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Self.fixedBytes + type.count + stream.count)
        type.withUnsafeBytes { t in
            stream.withUnsafeBytes { s in
                Self.append(
                    to: &out, type: t, stream: s, payloadLength: payloadLength, version: version, recordedAt: recordedAt, id: id,
                    digest: digest)
            }
        }
        return out
    }

    // MARK: - The layout (the one place that knows it)

    /// The fixed part's length: everything before the type and stream.
    package static let fixedBytes = 1 + 2 + 4 + 8 + 8 + 16 + 32

    /// Appends a header's bytes to `out`: what the writer puts in every record (live or
    /// born destroyed) and what ``bytes`` gives an auditor.
    @inline(__always)
    package static func append(
        to out: inout [UInt8], type: UnsafeRawBufferPointer, stream: UnsafeRawBufferPointer, payloadLength: Int,
        version: UInt64, recordedAt: Int64, id: EventID, digest: Hash256
    ) {
        out.append(UInt8(truncatingIfNeeded: type.count))
        out.appendLE(UInt16(truncatingIfNeeded: stream.count))
        out.appendLE(UInt32(truncatingIfNeeded: payloadLength))
        out.appendLE(version)
        out.appendLE(recordedAt)
        out.appendBE(id.high)
        out.appendBE(id.low)
        digest.append(to: &out)
        out.append(contentsOf: type)
        out.append(contentsOf: stream)
    }

    /// Each fixed field read in place from header bytes (at least ``fixedBytes``): the
    /// readers of stored records (``RecordView``) and of an auditor's header share them.
    package enum Field {
        @inline(__always) package static func typeLength(_ h: UnsafeRawBufferPointer) -> Int { Int(h[0]) }
        @inline(__always) package static func streamLength(_ h: UnsafeRawBufferPointer) -> Int {
            Int(UInt16(littleEndian: h.loadUnaligned(fromByteOffset: 1, as: UInt16.self)))
        }
        @inline(__always) package static func payloadLength(_ h: UnsafeRawBufferPointer) -> Int { Int(loadLE32(h, 3)) }
        @inline(__always) package static func version(_ h: UnsafeRawBufferPointer) -> UInt64 { loadLE64(h, 7) }
        @inline(__always) package static func recordedAt(_ h: UnsafeRawBufferPointer) -> Int64 { Int64(bitPattern: loadLE64(h, 15)) }
        @inline(__always) package static func id(_ h: UnsafeRawBufferPointer) -> EventID {
            EventID(
                high: UInt64(bigEndian: h.loadUnaligned(fromByteOffset: 23, as: UInt64.self)),
                low: UInt64(bigEndian: h.loadUnaligned(fromByteOffset: 31, as: UInt64.self)))
        }
        @inline(__always) package static func digest(_ h: UnsafeRawBufferPointer) -> Hash256 { Hash256(loading: h, at: 39) }
    }

    /// The record's Merkle leaf hash, `SHA-256(0x00 ‖ header)`.
    public var leafHash: Hash256 { Merkle.leafHash(bytes) }

    /// Whether `nonce` and `payload` are the ones this header's digest and length commit to.
    public func matches(nonce: [UInt8], payload: [UInt8]) -> Bool {
        payload.count == payloadLength && Hash256.sha256(nonce + payload) == digest
    }
}
