/// The interchange form (EVENTS.md): one event per JSON line.
///
/// Decoding is strict: unknown types and fields, wrong JSON types, invalid times,
/// dates and zones are errors naming the field (`data.participants[2].role`), and
/// text is bounded (`Limits`) so a hostile line cannot exhaust memory. Encoding
/// writes a fixed key order, so decode → encode gives the same line back for any
/// line this codec wrote:
///
/// ```swift
/// let codec = EventJSONCodec()
/// let decoded = try codec.decode(line: #"{"id":"…","stream":"meeting/BGS-2023-001",…}"#)
/// codec.encode(decoded.event)   // the same line
/// ```
public struct EventJSONCodec: Sendable {
    /// Bounds on what one line may hold.
    public struct Limits: Sendable {
        /// The longest line accepted, in bytes (default 1 MiB).
        public var maxLineBytes: Int
        /// The longest text field accepted, in UTF-8 bytes (default 64 KiB).
        public var maxFieldBytes: Int
        /// The deepest nesting accepted (events need 4).
        public var maxDepth: Int

        public init(maxLineBytes: Int = 1 << 20, maxFieldBytes: Int = 64 << 10, maxDepth: Int = 16) {
            self.maxLineBytes = maxLineBytes
            self.maxFieldBytes = maxFieldBytes
            self.maxDepth = maxDepth
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    // MARK: Decoding

    /// Decodes one line (a trailing newline is allowed). The line of a destroyed event
    /// (`"destroyed": true`, no content) is an error here; ``decodeLine(_:)`` reads both.
    public func decode(line: UnsafeRawBufferPointer) throws(EventDecodingError) -> DecodedEvent {
        switch try decodeLine(line) {
        case .event(let decoded): return decoded
        case .destroyed:
            throw EventDecodingError(
                .invalidValue, path: "destroyed", "this is the line of a destroyed event: it has no content to decode as an event")
        }
    }

    /// Decodes one line of an import: an event, or the line of an event whose content
    /// was destroyed (docs/FORMAT.md, "Destroyed events in the interchange form").
    public func decodeLine(_ line: UnsafeRawBufferPointer) throws(EventDecodingError) -> DecodedLine {
        guard line.count <= limits.maxLineBytes else {
            // Name the oversized field if there is one: the tape keeps strings as byte
            // ranges, so this costs one pass and no copy of the text; the value cap
            // bounds the tape.
            do {
                _ = try decode(line, reader: JSONReader(maxDepth: limits.maxDepth, maxValues: 1 << 16))
            } catch where error.code == .fieldTooLong {
                throw error
            } catch {}
            throw EventDecodingError(
                .lineTooLong,
                "the line is \(byteSize(line.count)), over the \(byteSize(limits.maxLineBytes)) limit for one event")
        }
        return try decode(line, reader: JSONReader(maxDepth: limits.maxDepth, maxValues: limits.maxLineBytes))
    }

    /// Decodes one line given as bytes.
    public func decode(line: [UInt8]) throws(EventDecodingError) -> DecodedEvent {
        try line.withTypedBytes { (buffer) throws(EventDecodingError) in try decode(line: buffer) }
    }

    /// Decodes one line given as text.
    public func decode(line: String) throws(EventDecodingError) -> DecodedEvent {
        try decode(line: Array(line.utf8))
    }

    private func decode(_ line: UnsafeRawBufferPointer, reader: JSONReader) throws(EventDecodingError) -> DecodedLine {
        var nodes = [JSONNode]()
        nodes.reserveCapacity(64)
        do {
            try reader.parse(line, into: &nodes)
        } catch {
            throw EventDecodingError(.syntax, error.message, column: error.column)
        }
        let view = JSONTapeView(base: line.baseAddress?.assumingMemoryBound(to: UInt8.self), count: line.count, nodes: nodes)
        guard nodes[0].kind == .object else {
            throw EventDecodingError(.wrongType, "expected a JSON object for the event, found \(view.describe(0))")
        }
        do {
            return try decodeEnvelope(view)
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw EventDecodingError(.invalidValue, "\(error)")
        }
    }

    private func decodeEnvelope(_ view: JSONTapeView) throws -> DecodedLine {
        var f = try JSONFieldDecoder(view: view, object: 0, maxFieldBytes: limits.maxFieldBytes)
        let givenID = try f.optionalID("id")
        let stream = try f.string("stream")
        guard !stream.isEmpty else { throw EventDecodingError(.invalidValue, path: "stream", "the stream may not be empty") }
        guard stream.utf8.count <= LogLimits.maxStreamBytes else {
            throw EventDecodingError(
                .fieldTooLong, path: "stream",
                "the stream name is \(stream.utf8.count) bytes, over the limit of \(LogLimits.maxStreamBytes) bytes for a stream name")
        }
        let typeName = try f.string("type")
        guard let type = EventType(name: typeName) else {
            throw EventDecodingError(.unknownType, path: "type", "unknown event type \"\(typeName)\"")
        }
        // Only a line without `at` can be a destroyed event's: events pay nothing for them.
        guard let at = try f.optionalTime("at") else {
            guard let destroyed = try f.optionalBool("destroyed") else { try f.missing("at") }
            return .destroyed(try decodeDestroyed(&f, destroyed: destroyed, id: givenID, stream: stream, type: type))
        }
        let by = try f.string("by")
        guard !by.isEmpty else { throw EventDecodingError(.invalidValue, path: "by", "who recorded the event may not be empty") }
        let dataIndex = try f.objectNode("data")
        var export = ExportMetadata()
        export.position = try f.optionalCount("position")
        export.version = try f.optionalCount("version")
        export.recordedAt = try f.optionalTime("recorded_at")
        export.digest = try f.optionalDigest("digest")
        try f.finish()
        var d = try JSONFieldDecoder(view: view, object: dataIndex, maxFieldBytes: limits.maxFieldBytes)
        let data: EventData
        do {
            data = try EventData.decode(type, fields: &d)
            try d.finish()
        } catch let error as EventDecodingError {
            throw error.inside("data")
        }
        return .event(DecodedEvent(
            event: Event(id: givenID ?? .random(), stream: stream, at: at, by: by, data: data), idWasGiven: givenID != nil,
            export: export == ExportMetadata() ? nil : export))
    }

    // MARK: Encoding

    /// Encodes `event` as one line (without the newline); `export` adds the
    /// export-only keys after `data`.
    public func encode(_ event: Event, export: ExportMetadata? = nil) -> String {
        var writer = JSONWriter()
        encode(event, export: export, into: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends `event` as one line (without the newline) to `writer`.
    public func encode(_ event: Event, export: ExportMetadata? = nil, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.plainString { $0.append(contentsOf: event.id.description.utf8) }
        writer.string("stream", event.stream)
        writer.string("type", event.type.rawValue)
        writer.time("at", event.at)
        writer.string("by", event.by)
        writer.key("data")
        writer.beginObject()
        event.data.encode(fields: &writer)
        writer.endObject()
        if let export {
            if let position = export.position { writer.key("position"); writer.integer(Int(position)) }
            if let version = export.version { writer.key("version"); writer.integer(Int(version)) }
            if let recordedAt = export.recordedAt { writer.time("recorded_at", recordedAt) }
            writer.optionalDigest("digest", export.digest)
        }
        writer.endObject()
    }
}

/// A decoded import line.
public struct DecodedEvent: Hashable, Sendable {
    public var event: Event
    /// False when the line had no `id` and one was generated.
    public var idWasGiven: Bool
    /// The export-only keys, when the line came from an export.
    public var export: ExportMetadata?
}

/// The keys only an export writes (EVENTS.md): where the event sits in the log.
public struct ExportMetadata: Hashable, Sendable {
    /// Global position in the log.
    public var position: UInt64?
    /// Version within its stream (0 for the first event).
    public var version: UInt64?
    /// When it was appended (system time).
    public var recordedAt: ZonedTime?
    /// The salted payload digest.
    public var digest: Hash256?

    public init(position: UInt64? = nil, version: UInt64? = nil, recordedAt: ZonedTime? = nil, digest: Hash256? = nil) {
        self.position = position
        self.version = version
        self.recordedAt = recordedAt
        self.digest = digest
    }
}

// MARK: - JSON field decoding

extension JSONTapeView {
    /// "a string", "a number", … for messages about wrong types.
    func describe(_ index: Int) -> String {
        switch nodes[index].kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .true: "true"
        case .false: "false"
        case .null: "null"
        }
    }
}

/// Reads the members of one JSON object by key, strictly: every member must be
/// asked for (`finish` reports the first one that was not, as an unknown field).
struct JSONFieldDecoder: FieldDecoder {
    let view: JSONTapeView
    let object: Int
    let memberCount: Int
    let maxFieldBytes: Int
    private var matched: UInt64 = 0
    // Where to look first: members usually come in the order they are asked for.
    private var cursor: Int
    private var cursorOrdinal = 0

    init(view: JSONTapeView, object: Int, maxFieldBytes: Int) throws(EventDecodingError) {
        self.view = view
        self.object = object
        self.memberCount = Int(view.nodes[object].count)
        self.maxFieldBytes = maxFieldBytes
        self.cursor = object + 1
        guard memberCount <= 64 else {
            throw EventDecodingError(.unknownField, "has \(memberCount) fields; no event shape has more than 13")
        }
    }

    /// The value node of `key`, or nil if absent.
    mutating func find(_ key: StaticString) -> Int? {
        var k = cursor
        var ordinal = cursorOrdinal
        for _ in 0..<memberCount {
            if ordinal == memberCount {
                k = object + 1
                ordinal = 0
            }
            if view.keyEquals(k, key) {
                matched |= 1 << UInt64(ordinal)
                cursor = view.next(after: k + 1)
                cursorOrdinal = ordinal + 1
                return k + 1
            }
            k = view.next(after: k + 1)
            ordinal += 1
        }
        return nil
    }

    func finish() throws(EventDecodingError) {
        guard matched != (memberCount == 64 ? UInt64.max : (1 << UInt64(memberCount)) - 1) else { return }
        var k = object + 1
        for ordinal in 0..<memberCount {
            if matched & (1 << UInt64(ordinal)) == 0 {
                let name = view.string(k)
                throw EventDecodingError(.unknownField, path: name, "unknown field \"\(name)\"")
            }
            k = view.next(after: k + 1)
        }
    }

    func missing(_ key: StaticString) throws(EventDecodingError) -> Never {
        throw EventDecodingError(.missingField, path: key.description, "missing required field \"\(key)\"")
    }

    func expect(_ kind: JSONNode.Kind, _ index: Int, _ path: @autoclosure () -> String, _ what: String) throws(EventDecodingError) {
        guard view.nodes[index].kind == kind else {
            throw EventDecodingError(.wrongType, path: path(), "expected \(what), found \(view.describe(index))")
        }
    }

    /// The text of the string node at `index`, within the field limit.
    func text(_ index: Int, _ path: @autoclosure () -> String) throws(EventDecodingError) -> String {
        try expect(.string, index, path(), "a string")
        let raw = view.raw(index).count
        if raw > maxFieldBytes {
            let length = view.decodedLength(index)
            if length > maxFieldBytes {
                throw EventDecodingError(
                    .fieldTooLong, path: path(),
                    "the text is \(byteSize(length)), over the \(byteSize(maxFieldBytes)) limit for a field")
            }
        }
        return view.string(index)
    }

    /// Runs `parse` over the UTF-8 of a string node (times, dates, digests).
    func parsed<T>(
        _ index: Int, _ path: @autoclosure () -> String, _ what: String,
        _ parse: (UnsafeBufferPointer<UInt8>) throws(TimeFormatError) -> T
    ) throws(EventDecodingError) -> T {
        try expect(.string, index, path(), what)
        do {
            if view.nodes[index].flags == 0 { return try parse(view.raw(index)) }
            let bytes = Array(view.string(index).utf8)
            let result = bytes.withUnsafeBufferPointer { b in
                Result { () throws(TimeFormatError) -> T in try parse(b) }
            }
            return try result.get()
        } catch {
            let shown = view.raw(index).count <= 64 ? " (found \"\(view.string(index))\")" : ""
            throw EventDecodingError(.invalidValue, path: path(), error.reason + shown)
        }
    }

    mutating func string(_ key: StaticString) throws -> String {
        guard let v = find(key) else { try missing(key) }
        return try text(v, key.description)
    }

    mutating func optionalString(_ key: StaticString) throws -> String? {
        guard let v = find(key) else { return nil }
        return try text(v, key.description)
    }

    mutating func bool(_ key: StaticString) throws -> Bool {
        guard let value = try optionalBool(key) else { try missing(key) }
        return value
    }

    mutating func optionalBool(_ key: StaticString) throws -> Bool? {
        guard let v = find(key) else { return nil }
        switch view.nodes[v].kind {
        case .true: return true
        case .false: return false
        default: throw EventDecodingError(.wrongType, path: key.description, "expected true or false, found \(view.describe(v))")
        }
    }

    mutating func optionalInteger(_ key: StaticString) throws -> Int? {
        guard let v = find(key) else { return nil }
        let node = view.nodes[v]
        guard node.kind == .number, node.flags == 1, let value = view.int64(Int(node.start), Int(node.end)) else {
            throw EventDecodingError(.wrongType, path: key.description, "expected an integer, found \(view.describe(v))")
        }
        return Int(value)
    }

    /// A non-negative integer (positions and versions).
    mutating func optionalCount(_ key: StaticString) throws -> UInt64? {
        guard let value = try optionalInteger(key) else { return nil }
        guard value >= 0 else {
            throw EventDecodingError(.invalidValue, path: key.description, "expected a number of zero or more, found \(value)")
        }
        return UInt64(value)
    }

    mutating func time(_ key: StaticString) throws -> ZonedTime {
        guard let value = try optionalTime(key) else { try missing(key) }
        return value
    }

    mutating func optionalTime(_ key: StaticString) throws -> ZonedTime? {
        guard let v = find(key) else { return nil }
        return try parsed(v, key.description, "an RFC 3339 time string", ZonedTime.parse)
    }

    /// An event id: a UUID (`8-4-4-4-12` hex digits) or 32 bare hex digits.
    mutating func optionalID(_ key: StaticString) throws -> EventID? {
        guard let v = find(key) else { return nil }
        return try parsed(v, key.description, "a UUID string") { (b) throws(TimeFormatError) in
            var words: (UInt64, UInt64) = (0, 0)
            var digits = 0
            for (i, c) in b.enumerated() {
                if c == UInt8(ascii: "-"), b.count == 36, i == 8 || i == 13 || i == 18 || i == 23 { continue }
                guard let n = JSONTapeView.hexValue(c), digits < 32 else { digits = -1; break }
                if digits < 16 { words.0 = words.0 << 4 | UInt64(n) } else { words.1 = words.1 << 4 | UInt64(n) }
                digits += 1
            }
            guard digits == 32, b.count == 32 || b.count == 36 else {
                throw TimeFormatError("expected a UUID like 7f1c0c5e-3b7a-4c55-9a51-2f0f5d1c8e21")
            }
            return EventID(high: words.0, low: words.1)
        }
    }

    mutating func optionalDate(_ key: StaticString) throws -> CivilDate? {
        guard let v = find(key) else { return nil }
        return try parsed(v, key.description, "a date string (YYYY-MM-DD)", CivilDate.parse)
    }

    mutating func optionalDigest(_ key: StaticString) throws -> Hash256? {
        guard let v = find(key) else { return nil }
        return try parsed(v, key.description, "a SHA-256 digest (64 hex digits)") { (b) throws(TimeFormatError) in
            guard let hash = Hash256(hex: String(decoding: b, as: UTF8.self)) else { throw TimeFormatError("expected a SHA-256 digest of 64 hex digits") }
            return hash
        }
    }

    mutating func strings(_ key: StaticString) throws -> [String] {
        guard let value = try optionalStrings(key) else { try missing(key) }
        return value
    }

    mutating func digests(_ key: StaticString) throws -> [Hash256] {
        guard let v = find(key) else { try missing(key) }
        try expect(.array, v, key.description, "an array of SHA-256 digests")
        var out = [Hash256]()
        out.reserveCapacity(Int(view.nodes[v].count))
        var k = v + 1
        for i in 0..<Int(view.nodes[v].count) {
            out.append(try parsed(k, "\(key)[\(i)]", "a SHA-256 digest (64 hex digits)") { (b) throws(TimeFormatError) in
                guard let hash = Hash256(hex: String(decoding: b, as: UTF8.self)) else { throw TimeFormatError("expected a SHA-256 digest of 64 hex digits") }
                return hash
            })
            k = view.next(after: k)
        }
        return out
    }

    mutating func optionalStrings(_ key: StaticString) throws -> [String]? {
        guard let v = find(key) else { return nil }
        try expect(.array, v, key.description, "an array of strings")
        var out = [String]()
        out.reserveCapacity(Int(view.nodes[v].count))
        var k = v + 1
        for i in 0..<Int(view.nodes[v].count) {
            out.append(try text(k, "\(key)[\(i)]"))
            k = view.next(after: k)
        }
        return out
    }

    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T {
        guard let value = try optionalSymbol(key, type) else { try missing(key) }
        return value
    }

    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T? {
        guard let v = find(key) else { return nil }
        let name = try text(v, key.description)
        guard let value = T(wireName: name) else {
            throw EventDecodingError(.invalidValue, path: key.description, "expected one of \(T.expectedNames), found \"\(name)\"")
        }
        return value
    }

    mutating func objects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T] {
        guard let v = find(key) else { try missing(key) }
        try expect(.array, v, key.description, "an array of objects")
        var out = [T]()
        out.reserveCapacity(Int(view.nodes[v].count))
        var k = v + 1
        for i in 0..<Int(view.nodes[v].count) {
            out.append(try object(at: k, path: "\(key)[\(i)]", type))
            k = view.next(after: k)
        }
        return out
    }

    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> T? {
        guard let v = find(key) else { return nil }
        return try object(at: v, path: key.description, type)
    }

    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T]? {
        guard find(key) != nil else { return nil }
        return try objects(key, type)
    }

    /// The node index of a required object member (the envelope's `data`).
    mutating func objectNode(_ key: StaticString) throws -> Int {
        guard let v = find(key) else { try missing(key) }
        try expect(.object, v, key.description, "an object")
        return v
    }

    private func object<T: FieldCodable>(at index: Int, path: String, _ type: T.Type) throws -> T {
        try expect(.object, index, path, "an object")
        do {
            var child = try JSONFieldDecoder(view: view, object: index, maxFieldBytes: maxFieldBytes)
            let value = try T(fields: &child)
            try child.finish()
            return value
        } catch let error as EventDecodingError {
            throw error.inside(path)
        }
    }
}

// MARK: - JSON field encoding

extension JSONWriter: FieldEncoder {
    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        if let value { string(key, value) }
    }

    mutating func bool(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    mutating func optionalBool(_ key: StaticString, _ value: Bool?) {
        if let value { bool(key, value) }
    }

    mutating func optionalInteger(_ key: StaticString, _ value: Int?) {
        if let value {
            self.key(key)
            integer(value)
        }
    }

    mutating func time(_ key: StaticString, _ value: ZonedTime) {
        self.key(key)
        plainString { value.append(to: &$0) }
    }

    mutating func optionalDate(_ key: StaticString, _ value: CivilDate?) {
        if let value {
            self.key(key)
            plainString { $0.append(contentsOf: value.description.utf8) }
        }
    }

    mutating func optionalDigest(_ key: StaticString, _ value: Hash256?) {
        if let value {
            self.key(key)
            plainString { $0.append(contentsOf: value.hex.utf8) }
        }
    }

    mutating func strings(_ key: StaticString, _ value: [String]) {
        self.key(key)
        beginArray()
        for element in value { string(element) }
        endArray()
    }

    mutating func optionalStrings(_ key: StaticString, _ value: [String]?) {
        if let value { strings(key, value) }
    }

    mutating func digests(_ key: StaticString, _ value: [Hash256]) {
        self.key(key)
        beginArray()
        for element in value { plainString { $0.append(contentsOf: element.hex.utf8) } }
        endArray()
    }

    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ value: T) {
        string(key, value.wireName)
    }

    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ value: T?) {
        if let value { symbol(key, value) }
    }

    mutating func objects<T: FieldCodable>(_ key: StaticString, _ value: [T]) {
        self.key(key)
        beginArray()
        for element in value {
            beginObject()
            element.encode(fields: &self)
            endObject()
        }
        endArray()
    }

    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ value: T?) {
        if let value {
            self.key(key)
            beginObject()
            value.encode(fields: &self)
            endObject()
        }
    }

    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ value: [T]?) {
        if let value { objects(key, value) }
    }
}
