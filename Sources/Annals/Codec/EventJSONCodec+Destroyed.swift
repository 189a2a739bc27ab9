// Destroyed events in the interchange form: the tombstone line (docs/FORMAT.md,
// "Destroyed events in the interchange form").

/// An event whose content was destroyed (销毁): what its record's header still says.
///
/// When a record is destroyed, its content events are shredded: the log keeps each
/// one's header (id, stream, type, version) and the salted digest of the payload, and
/// nothing of what it said. Export writes such an event as a tombstone line, with
/// `"destroyed": true` where an event has `at`, `by` and `data`:
///
/// ```json
/// {"id":"6f1c2a40-…","stream":"meeting/KWH-2015-0003","type":"participant.signed_in","destroyed":true,"position":812,"version":7,"recorded_at":"2026-03-02T01:00:00.000000Z","digest":"9b2e…"}
/// ```
///
/// Import appends it as a record born destroyed that keeps this digest, so that the
/// destruction register's digests still name records of the log.
public struct DestroyedEvent: Hashable, Sendable {
    /// The event's id, as the log kept it.
    public var id: EventID
    /// Its stream (one meeting).
    public var stream: String
    /// Its type, kept when the content went.
    public var type: EventType
    /// SHA-256(nonce ‖ payload) as the archive that destroyed it recorded it. It
    /// cannot be recomputed: the nonce and the payload are gone.
    public var digest: Hash256
    /// Where the event sat in the exporting archive (export only; ignored on import).
    public var position: UInt64?
    /// Its version in its stream there (export only; ignored on import).
    public var version: UInt64?
    /// When that archive recorded it (export only; ignored on import).
    public var recordedAt: ZonedTime?

    public init(
        id: EventID, stream: String, type: EventType, digest: Hash256, position: UInt64? = nil, version: UInt64? = nil,
        recordedAt: ZonedTime? = nil
    ) {
        self.id = id
        self.stream = stream
        self.type = type
        self.digest = digest
        self.position = position
        self.version = version
        self.recordedAt = recordedAt
    }
}

/// One decoded line of an import: an event, or an event whose content was destroyed.
public enum DecodedLine: Hashable, Sendable {
    case event(DecodedEvent)
    case destroyed(DestroyedEvent)
}

extension EventJSONCodec {
    /// The rest of a line that has `destroyed` and no `at`: id and digest are required,
    /// the export keys optional, and no content key may appear.
    func decodeDestroyed(
        _ f: inout JSONFieldDecoder, destroyed: Bool, id: EventID?, stream: String, type: EventType
    ) throws -> DestroyedEvent {
        guard destroyed else {
            throw EventDecodingError(
                .invalidValue, path: "destroyed", "\"destroyed\" is true on the line of a destroyed event; an event's line has no \"destroyed\" but has \"at\"")
        }
        for key: StaticString in ["by", "data"] where f.find(key) != nil {
            throw EventDecodingError(
                .unknownField, path: key.description, "a destroyed event's line has no \"\(key)\": its content was destroyed (only its header and digest remain)")
        }
        guard let id else {
            throw EventDecodingError(.missingField, path: "id", "a destroyed event's line names the id its record kept")
        }
        guard let digest = try f.optionalDigest("digest") else {
            throw EventDecodingError(.missingField, path: "digest", "a destroyed event's line carries the digest its record kept")
        }
        let position = try f.optionalCount("position")
        let version = try f.optionalCount("version")
        let recordedAt = try f.optionalTime("recorded_at")
        try f.finish()
        return DestroyedEvent(id: id, stream: stream, type: type, digest: digest, position: position, version: version, recordedAt: recordedAt)
    }

    /// Encodes a destroyed event's tombstone line (without the newline).
    public func encode(_ destroyed: DestroyedEvent) -> String {
        var writer = JSONWriter()
        encode(destroyed, into: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends a destroyed event's tombstone line (without the newline) to `writer`:
    /// `id`, `stream`, `type`, `"destroyed": true`, then `position`, `version`,
    /// `recorded_at` when known, and `digest`.
    public func encode(_ destroyed: DestroyedEvent, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.plainString { $0.append(contentsOf: destroyed.id.description.utf8) }
        writer.string("stream", destroyed.stream)
        writer.string("type", destroyed.type.rawValue)
        writer.key("destroyed")
        writer.bool(true)
        if let position = destroyed.position { writer.key("position"); writer.integer(Int(position)) }
        if let version = destroyed.version { writer.key("version"); writer.integer(Int(version)) }
        if let recordedAt = destroyed.recordedAt { writer.time("recorded_at", recordedAt) }
        writer.optionalDigest("digest", destroyed.digest)
        writer.endObject()
    }
}
