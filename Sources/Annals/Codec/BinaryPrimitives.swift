// The primitives of the stored payload format (docs/FORMAT.md, "Event payload"):
// LEB128 varints (little-endian groups of 7 bits), zigzag for signed values,
// length-prefixed UTF-8, one-byte codes, presence bytes for optional values.
// The field order is each type's declaration order (`FieldCodable`).

/// Appends the stored form of values to a byte array.
struct BinaryWriter: FieldEncoder {
    var bytes: [UInt8]

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    @inline(__always) mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always) mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func zonedTime(_ value: ZonedTime) {
        signed(value.microseconds)
        signed(Int64(value.offsetMinutes))
    }

    @inline(__always) mutating func presence(_ present: Bool) { bytes.append(present ? 1 : 0) }

    mutating func string(_ key: StaticString, _ value: String) { text(value) }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        presence(value != nil)
        if let value { text(value) }
    }

    mutating func bool(_ key: StaticString, _ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func optionalBool(_ key: StaticString, _ value: Bool?) {
        presence(value != nil)
        if let value { bytes.append(value ? 1 : 0) }
    }

    mutating func optionalInteger(_ key: StaticString, _ value: Int?) {
        presence(value != nil)
        if let value { signed(Int64(value)) }
    }

    mutating func time(_ key: StaticString, _ value: ZonedTime) { zonedTime(value) }

    mutating func optionalDate(_ key: StaticString, _ value: CivilDate?) {
        presence(value != nil)
        if let value { signed(Int64(value.daysSinceEpoch)) }
    }

    mutating func optionalDigest(_ key: StaticString, _ value: Hash256?) {
        presence(value != nil)
        if let value { value.append(to: &bytes) }
    }

    mutating func digests(_ key: StaticString, _ value: [Hash256]) {
        varint(UInt64(value.count))
        for element in value { element.append(to: &bytes) }
    }

    mutating func strings(_ key: StaticString, _ value: [String]) {
        varint(UInt64(value.count))
        for element in value { text(element) }
    }

    mutating func optionalStrings(_ key: StaticString, _ value: [String]?) {
        presence(value != nil)
        if let value { strings(key, value) }
    }

    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ value: T) { bytes.append(value.wireCode) }

    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ value: T?) {
        presence(value != nil)
        if let value { bytes.append(value.wireCode) }
    }

    mutating func objects<T: FieldCodable>(_ key: StaticString, _ value: [T]) {
        varint(UInt64(value.count))
        for element in value { element.encode(fields: &self) }
    }

    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ value: T?) {
        presence(value != nil)
        if let value { value.encode(fields: &self) }
    }

    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ value: [T]?) {
        presence(value != nil)
        if let value { objects(key, value) }
    }
}

/// Reads the stored form from a buffer, bounds-checked, without copying.
///
/// Strings are made straight from the buffer (`String(decoding:as:)`), so decoding
/// a typical event allocates only for texts over 15 bytes and for arrays; with a
/// `StringCache`, a text read before is shared instead of made again.
struct BinaryReader: FieldDecoder {
    let base: UnsafePointer<UInt8>?
    let count: Int
    var offset: Int
    /// Shares repeated short texts between the values read (a replay's), if given.
    let strings: StringCache?

    init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0, strings: StringCache? = nil) {
        self.base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        self.count = buffer.count
        self.offset = offset
        self.strings = strings
    }

    var isAtEnd: Bool { offset == count }

    /// The bytes not yet read.
    var remaining: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + offset }, count: count - offset)
    }

    func truncated() -> EventDecodingError {
        EventDecodingError(.truncated, "the stored payload ends early (at byte \(offset) of \(count))")
    }

    @inline(__always) mutating func byte() throws(EventDecodingError) -> UInt8 {
        guard offset < count, let base else { throw truncated() }
        let b = base[offset]
        offset += 1
        return b
    }

    @inline(__always) mutating func varint() throws(EventDecodingError) -> UInt64 {
        guard let base else { throw truncated() }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            let b = base[offset]
            offset += 1
            guard shift < 64 else { break }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        throw shift >= 64
            ? EventDecodingError(.truncated, "a varint in the stored payload is longer than 10 bytes")
            : truncated()
    }

    @inline(__always) mutating func signed() throws(EventDecodingError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    @inline(__always) mutating func length() throws(EventDecodingError) -> Int {
        let n = try varint()
        guard n <= UInt64(count - offset) else { throw truncated() }
        return Int(n)
    }

    @inline(__always) mutating func text() throws(EventDecodingError) -> String {
        let n = try length()
        guard let base else { return "" }
        let start = base + offset
        offset += n
        if let strings { return strings.string(start, n) }
        return String(decoding: UnsafeBufferPointer(start: start, count: n), as: UTF8.self)
    }

    mutating func zonedTime() throws(EventDecodingError) -> ZonedTime {
        let micros = try signed()
        let offsetMinutes = try signed()
        // Compared without abs(): a damaged varint can hold Int64.min, whose abs traps.
        guard offsetMinutes > -1440, offsetMinutes < 1440 else {
            throw EventDecodingError(.invalidValue, "a stored time has an offset of \(offsetMinutes) minutes")
        }
        return ZonedTime(microseconds: micros, offsetMinutes: Int(offsetMinutes))
    }

    @inline(__always) mutating func present() throws(EventDecodingError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw EventDecodingError(.invalidValue, "a stored presence byte is \(b), not 0 or 1")
        }
    }

    /// Skips over one stored string (for upcasters that copy fields through).
    mutating func skipText() throws(EventDecodingError) { offset += try length() }

    mutating func string(_ key: StaticString) throws -> String { try text() }

    mutating func optionalString(_ key: StaticString) throws -> String? { try present() ? try text() : nil }

    mutating func bool(_ key: StaticString) throws -> Bool { try strictBool(key) }

    mutating func optionalBool(_ key: StaticString) throws -> Bool? { try present() ? try strictBool(key) : nil }

    /// A stored bool is 0 or 1; anything else is damage, not `true`.
    private mutating func strictBool(_ key: StaticString) throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw EventDecodingError(.invalidValue, path: "\(key)", "a stored bool is \(b), not 0 or 1")
        }
    }

    mutating func optionalInteger(_ key: StaticString) throws -> Int? { try present() ? Int(try signed()) : nil }

    mutating func time(_ key: StaticString) throws -> ZonedTime { try zonedTime() }

    mutating func optionalDate(_ key: StaticString) throws -> CivilDate? {
        guard try present() else { return nil }
        let days = try signed()
        guard days > -4_000_000, days < 4_000_000 else { throw EventDecodingError(.invalidValue, "a stored date is out of range") }
        return CivilDate(daysSinceEpoch: Int(days))
    }

    mutating func optionalDigest(_ key: StaticString) throws -> Hash256? {
        guard try present() else { return nil }
        guard offset + 32 <= count, let base else { throw truncated() }
        let hash = Hash256(loading: UnsafeRawBufferPointer(start: base, count: count), at: offset)
        offset += 32
        return hash
    }

    mutating func digests(_ key: StaticString) throws -> [Hash256] {
        let n = try varint()
        guard n <= UInt64(count - offset) / 32, let base else {
            if n == 0 { return [] }
            throw truncated()
        }
        var out = [Hash256]()
        out.reserveCapacity(Int(n))
        for _ in 0..<Int(n) {
            out.append(Hash256(loading: UnsafeRawBufferPointer(start: base, count: count), at: offset))
            offset += 32
        }
        return out
    }

    mutating func strings(_ key: StaticString) throws -> [String] {
        guard let strings, let base else { return try decodeStrings() }
        // Recipient lists recur: found by their bytes, shared when they do.
        let start = offset
        var skipper = SkippingReader(self)
        // Damage is reported by the decode itself, in its words.
        guard (try? skipper.skipStrings()) != nil else { return try decodeStrings() }
        if let list: [String] = strings.list(base + start, skipper.offset - start) {
            offset = skipper.offset
            return list
        }
        let list = try decodeStrings()
        strings.remember(list, base + start, offset - start)
        return list
    }

    private mutating func decodeStrings() throws -> [String] {
        let n = try length()
        var out = [String]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try text()) }
        return out
    }

    mutating func optionalStrings(_ key: StaticString) throws -> [String]? { try present() ? try strings(key) : nil }

    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T {
        let code = try byte()
        guard let value = T(wireCode: code) else {
            throw EventDecodingError(.invalidValue, path: key.description, "unknown stored code \(code)")
        }
        return value
    }

    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T? {
        try present() ? try symbol(key, type) : nil
    }

    mutating func objects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T] {
        guard T.listsRecur, let strings, let base else { return try decodeObjects(T.self) }
        // A meeting's participants and agenda recur from meeting to meeting: the
        // list's bytes are found first (walked, not decoded), then looked up.
        let start = offset
        var skipper = SkippingReader(self)
        guard (try? skipper.skipObjects(T.self)) != nil else { return try decodeObjects(T.self) }
        if let list: [T] = strings.list(base + start, skipper.offset - start) {
            offset = skipper.offset
            return list
        }
        let list = try decodeObjects(T.self)
        strings.remember(list, base + start, offset - start)
        return list
    }

    private mutating func decodeObjects<T: FieldCodable>(_ type: T.Type) throws -> [T] {
        let n = try length()
        var out = [T]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try T(fields: &self)) }
        return out
    }

    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> T? {
        try present() ? try T(fields: &self) : nil
    }

    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T]? {
        try present() ? try decodeObjects(T.self) : nil
    }
}

/// Walks over stored values without making them: the byte length of a list, so that
/// a recurring list can be looked up by its bytes (`StringCache.list`). Texts read as
/// empty strings and times as zero; the values it builds are thrown away. It checks
/// what `BinaryReader` checks, so a list it measures decodes the same way.
struct SkippingReader: FieldDecoder {
    let base: UnsafePointer<UInt8>?
    let count: Int
    var offset: Int

    init(_ reader: BinaryReader) {
        base = reader.base
        count = reader.count
        offset = reader.offset
    }

    private var reader: BinaryReader {
        BinaryReader(UnsafeRawBufferPointer(start: base.map(UnsafeRawPointer.init), count: count), offset: offset)
    }

    private mutating func step<T>(_ read: (inout BinaryReader) throws -> T) throws -> T {
        var r = reader
        let value = try read(&r)
        offset = r.offset
        return value
    }

    /// Skips a stored string: its varint length, then that many bytes.
    @inline(__always) mutating func skipText() throws {
        guard let base else { throw EventDecodingError(.truncated, "the stored payload ends early") }
        var length: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < count, shift < 64 else { throw EventDecodingError(.truncated, "the stored payload ends early") }
            let byte = base[offset]
            offset += 1
            length |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard length <= UInt64(count - offset) else { throw EventDecodingError(.truncated, "the stored payload ends early") }
        offset += Int(length)
    }

    mutating func skipStrings() throws {
        let n = try step { try $0.length() }
        for _ in 0..<n { try skipText() }
    }

    mutating func skipObjects<T: FieldCodable>(_ type: T.Type) throws {
        let n = try step { try $0.length() }
        for _ in 0..<n { _ = try T(fields: &self) }
    }

    mutating func string(_ key: StaticString) throws -> String {
        try skipText()
        return ""
    }

    mutating func optionalString(_ key: StaticString) throws -> String? {
        guard try step({ try $0.present() }) else { return nil }
        try skipText()
        return ""
    }

    mutating func bool(_ key: StaticString) throws -> Bool { try step { try $0.bool(key) } }
    mutating func optionalBool(_ key: StaticString) throws -> Bool? { try step { try $0.optionalBool(key) } }
    mutating func optionalInteger(_ key: StaticString) throws -> Int? { try step { try $0.optionalInteger(key) } }
    mutating func time(_ key: StaticString) throws -> ZonedTime { try step { try $0.time(key) } }
    mutating func optionalDate(_ key: StaticString) throws -> CivilDate? { try step { try $0.optionalDate(key) } }
    mutating func optionalDigest(_ key: StaticString) throws -> Hash256? { try step { try $0.optionalDigest(key) } }
    mutating func digests(_ key: StaticString) throws -> [Hash256] { try step { try $0.digests(key) } }

    mutating func strings(_ key: StaticString) throws -> [String] {
        try skipStrings()
        return []
    }

    mutating func optionalStrings(_ key: StaticString) throws -> [String]? {
        guard try step({ try $0.present() }) else { return nil }
        try skipStrings()
        return []
    }

    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T {
        guard let base, offset < count, let value = T(wireCode: base[offset]) else { return try step { try $0.symbol(key, type) } }
        offset += 1
        return value
    }

    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T? {
        try step { try $0.optionalSymbol(key, type) }
    }

    mutating func objects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T] {
        try skipObjects(T.self)
        return []
    }

    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> T? {
        guard try step({ try $0.present() }) else { return nil }
        return try T(fields: &self)
    }

    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T]? {
        guard try step({ try $0.present() }) else { return nil }
        try skipObjects(T.self)
        return []
    }
}
