/// The stored payload of an event: compact, versioned binary, read on every replay.
///
/// The log record's header keeps the id, stream and type name; the payload keeps
/// the rest:
///
/// ```
/// payload  = format:u8 (1)  schema:varint  at:time  by:string  data
/// time     = micros:zigzag-varint (since 1970-01-01T00:00:00Z)  offset:zigzag-varint (minutes)
/// string   = length:varint  UTF-8 bytes
/// data     = the type's fields in declaration order (see docs/FORMAT.md)
/// ```
///
/// Payloads written at an older schema version are upcast on read through
/// `UpcasterChain.standard`; stored bytes are never rewritten (they are hashed).
public enum BinaryEventCodec {
    /// The payload format this program writes (the first byte).
    public static let format: UInt8 = 1

    /// The payload of `event` (its `at`, `by` and data).
    public static func encode(_ event: Event) -> [UInt8] {
        var bytes = [UInt8]()
        encode(at: event.at, by: event.by, data: event.data, into: &bytes)
        return bytes
    }

    /// Appends the payload of an event to `bytes`.
    public static func encode(at: ZonedTime, by: String, data: EventData, into bytes: inout [UInt8]) {
        var writer = BinaryWriter(bytes: bytes)
        bytes = []
        writer.bytes.append(format)
        writer.varint(UInt64(data.type.schemaVersion))
        writer.zonedTime(at)
        writer.text(by)
        data.encode(fields: &writer)
        bytes = writer.bytes
    }

    /// The business time, recorder and data stored in `payload` for an event of `type`.
    public static func decode(
        type: EventType, payload: UnsafeRawBufferPointer
    ) throws(EventDecodingError) -> (at: ZonedTime, by: String, data: EventData) {
        try decode(type: type, payload: payload, strings: nil)
    }

    /// `decode(type:payload:)`, sharing repeated texts through `strings`.
    static func decode(
        type: EventType, payload: UnsafeRawBufferPointer, strings: StringCache?
    ) throws(EventDecodingError) -> (at: ZonedTime, by: String, data: EventData) {
        var reader = BinaryReader(payload, strings: strings)
        let format = try reader.byte()
        guard format == Self.format else {
            throw EventDecodingError(.unsupportedVersion, "stored payload format \(format) is not known to this program (it reads format \(Self.format))")
        }
        let version = try reader.varint()
        let at = try reader.zonedTime()
        let by = try reader.text()
        let current = type.schemaVersion
        if version == UInt64(current) {
            return (at, by, try decodeData(type, &reader))
        }
        guard version < UInt64(current), version > 0 else {
            throw EventDecodingError(
                .unsupportedVersion,
                "\(type) schema version \(version) is newer than this program's (\(current)); upgrade Annals to read it")
        }
        let upcast = try UpcasterChain.standard.upcast(type, from: Int(version), data: reader.remaining)
        return try upcast.withTypedBytes { (buffer) throws(EventDecodingError) in
            var upcastReader = BinaryReader(buffer, strings: strings)
            return (at, by, try decodeData(type, &upcastReader))
        }
    }

    /// The whole event, given the header fields the log stores beside the payload.
    public static func decodeEvent(
        id: EventID, stream: String, type: EventType, payload: UnsafeRawBufferPointer
    ) throws(EventDecodingError) -> Event {
        let (at, by, data) = try decode(type: type, payload: payload)
        return Event(id: id, stream: stream, at: at, by: by, data: data)
    }

    static func decodeData(_ type: EventType, _ reader: inout BinaryReader) throws(EventDecodingError) -> EventData {
        let data: EventData
        do {
            data = try EventData.decode(type, fields: &reader)
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw EventDecodingError(.invalidValue, "\(error)")
        }
        guard reader.isAtEnd else {
            throw EventDecodingError(.truncated, "\(reader.count - reader.offset) bytes left over after the \(type) payload")
        }
        return data
    }
}

/// Decodes stored payloads one after another, as a replay does: the person ids,
/// names, clerks and other short texts that recur from event to event are made once
/// and shared (`StringCache`), which is most of the cost of decoding them.
///
/// ```swift
/// let decoder = BinaryEventDecoder()
/// try log.scan { view in
///     let (at, by, data) = try decoder.decode(type: type, payload: view.payloadBytes)
///     …
/// }
/// ```
///
/// The results are exactly those of `BinaryEventCodec.decode(type:payload:)`. A
/// decoder is for one thread at a time (it is not `Sendable`).
public struct BinaryEventDecoder {
    let strings = StringCache()

    public init() {}

    /// The business time, recorder and data stored in `payload` for an event of `type`.
    public func decode(
        type: EventType, payload: UnsafeRawBufferPointer
    ) throws(EventDecodingError) -> (at: ZonedTime, by: String, data: EventData) {
        try BinaryEventCodec.decode(type: type, payload: payload, strings: strings)
    }

    /// The string of `utf8` (a stream name, say), shared with the decoder's other texts.
    public func text(_ utf8: UnsafeRawBufferPointer) -> String {
        guard let base = utf8.baseAddress else { return "" }
        return strings.string(base.assumingMemoryBound(to: UInt8.self), utf8.count)
    }
}

@available(*, unavailable)
extension BinaryEventDecoder: Sendable {}
