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
        let fixed = RecordCodec.fixedHeader
        guard bytes.count >= fixed else {
            throw LogError(.corrupt, "a record header has at least \(fixed) bytes, this one \(bytes.count)")
        }
        let typeLength = Int(bytes[0])
        let streamLength = Int(bytes[1]) | Int(bytes[2]) << 8
        guard bytes.count == fixed + typeLength + streamLength else {
            throw LogError(
                .corrupt, "a record header with a \(typeLength)-byte type and a \(streamLength)-byte stream has \(fixed + typeLength + streamLength) bytes, this one \(bytes.count)")
        }
        func le(_ at: Int, _ n: Int) -> UInt64 { (0..<n).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        func be(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[at + $1]) } }
        payloadLength = Int(le(3, 4))
        version = le(7, 8)
        recordedAt = Int64(bitPattern: le(15, 8))
        id = EventID(high: be(23), low: be(31))
        digest = Hash256(bytes: bytes[39..<71])!
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
        out.reserveCapacity(RecordCodec.fixedHeader + type.count + stream.count)
        out.append(UInt8(truncatingIfNeeded: type.count))
        out.appendLE(UInt16(truncatingIfNeeded: stream.count))
        out.appendLE(UInt32(truncatingIfNeeded: payloadLength))
        out.appendLE(version)
        out.appendLE(recordedAt)
        out.appendBE(id.high)
        out.appendBE(id.low)
        digest.append(to: &out)
        out += type
        out += stream
        return out
    }

    /// The record's Merkle leaf hash, `SHA-256(0x00 ‖ header)`.
    public var leafHash: Hash256 { Merkle.leafHash(bytes) }

    /// Whether `nonce` and `payload` are the ones this header's digest and length commit to.
    public func matches(nonce: [UInt8], payload: [UInt8]) -> Bool {
        payload.count == payloadLength && Hash256.sha256(nonce + payload) == digest
    }
}
