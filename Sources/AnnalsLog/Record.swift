/// A record to append: an id, a type name and opaque payload bytes.
///
/// The log knows nothing of meetings; `type` is a short label (at most 255 bytes of
/// UTF-8) that readers use to decode the payload. The log adds the position, the
/// stream version, the time it was recorded and a salted digest of the payload.
public struct NewRecord: Sendable {
    /// The record's unique id; a retried append with the same ids is written once.
    public var id: EventID
    /// A short label for the payload's kind, such as `participant.signed_in`.
    public var type: String
    /// The payload bytes (at most ``LogLimits/maxPayloadBytes``).
    public var payload: [UInt8]
    /// For a record appended already destroyed (``destroyed(id:type:digest:)``): the
    /// digest it keeps. Nil for an ordinary record, whose digest the log computes.
    public var destroyedDigest: Hash256?

    public init(id: EventID = .random(), type: String, payload: [UInt8]) {
        self.id = id
        self.type = type
        self.payload = payload
    }

    /// A record appended already destroyed: its header only, with `digest` as its
    /// digest, no nonce and no payload (stored exactly like a record ``Log/shred(_:)``
    /// destroyed, with payload length 0).
    ///
    /// This is how a record whose content was destroyed in another log is carried
    /// over (an archive restored from an export): the content is gone for good, but
    /// the digest that registers and proofs refer to stays. The log cannot check the
    /// digest (the nonce and payload that made it are gone), so it stores what it is
    /// given.
    ///
    /// ```swift
    /// let tombstone = NewRecord.destroyed(id: id, type: "minutes.recorded", digest: exportedDigest)
    /// try log.appendBlocking([StreamAppend(stream: "meeting/BGS-2015-0007", records: [tombstone])])
    /// ```
    public static func destroyed(id: EventID, type: String, digest: Hash256) -> NewRecord {
        var record = NewRecord(id: id, type: type, payload: [])
        record.destroyedDigest = digest
        return record
    }

    /// Whether the record is appended already destroyed.
    public var isDestroyed: Bool { destroyedDigest != nil }
}

/// What an append expects of a stream's current state (optimistic concurrency).
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must exist (hold at least one record).
    case streamExists
    /// The stream's last record must have exactly this version (versions count from 0).
    case exactly(UInt64)

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .streamExists: "stream exists"
        case .exactly(let v): "version \(v)"
        }
    }
}

/// Records for one stream within an atomic batch.
public struct StreamAppend: Sendable {
    /// The stream's name, such as `meeting/BGS-2023-0042` (1 to 65,535 bytes of UTF-8).
    public var stream: String
    /// What the stream's state must be for the batch to be written.
    public var expected: ExpectedVersion
    /// The records, in order; they get consecutive versions.
    public var records: [NewRecord]

    public init(stream: String, expected: ExpectedVersion = .any, records: [NewRecord]) {
        self.stream = stream
        self.expected = expected
        self.records = records
    }
}

/// A stored record, as read back.
public struct Record: Sendable, Hashable {
    /// The record's place in the whole log: 0, 1, 2 … with no gaps.
    public var position: UInt64
    /// The stream it belongs to.
    public var stream: String
    /// Its version within the stream: 0, 1, 2 … with no gaps.
    public var version: UInt64
    /// The id given at append.
    public var id: EventID
    /// The type label given at append.
    public var type: String
    /// When the log recorded it, in microseconds since 1970-01-01T00:00:00Z.
    /// Never decreases along positions.
    public var recordedAt: Int64
    /// SHA-256(nonce ‖ payload): kept after the payload is destroyed, so proofs and the
    /// destruction register still hold.
    public var digest: Hash256
    /// The payload's length in bytes (kept after destruction).
    public var payloadLength: Int
    /// The payload; `nil` once destroyed (``isDestroyed``).
    public var payload: [UInt8]?
    /// The random 16-byte nonce salted into ``digest``; `nil` once destroyed.
    public var nonce: [UInt8]?

    /// Whether the payload and nonce were physically removed by ``Log/shred(_:)``.
    public var isDestroyed: Bool { payload == nil }

    /// A record as another store read it back (the PostgreSQL store builds records from
    /// its rows with this); `payload` and `nonce` are both given or both `nil`.
    public init(
        position: UInt64, stream: String, version: UInt64, id: EventID, type: String,
        recordedAt: Int64, digest: Hash256, payloadLength: Int, payload: [UInt8]?, nonce: [UInt8]?
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.id = id
        self.type = type
        self.recordedAt = recordedAt
        self.digest = digest
        self.payloadLength = payloadLength
        self.payload = payload
        self.nonce = nonce
    }
}

/// Size limits that keep a single record or batch from exhausting memory.
public enum LogLimits {
    /// The largest payload one record may carry: 16 MiB.
    public static let maxPayloadBytes = 16 << 20
    /// The largest stream name: 65,535 bytes of UTF-8.
    public static let maxStreamBytes = Int(UInt16.max)
    /// The largest type label: 255 bytes of UTF-8.
    public static let maxTypeBytes = Int(UInt8.max)
    /// The largest batch (all records with their headers): 256 MiB.
    public static let maxBatchBytes = 256 << 20
}
