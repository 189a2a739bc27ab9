// One description of each event's fields serves both codecs: a type lists its fields
// once, in order, through `FieldDecoder`/`FieldEncoder`; the JSON codec reads them by
// key (in any order, strictly) and writes them in that order, the binary codec reads
// and writes them positionally. Adding a field means touching one place per type.
//
// Optional fields: absent in JSON (never `null`), a presence byte in binary.

/// Reads the fields of one object (an event's `data`, a participant, …).
protocol FieldDecoder {
    mutating func string(_ key: StaticString) throws -> String
    mutating func optionalString(_ key: StaticString) throws -> String?
    mutating func bool(_ key: StaticString) throws -> Bool
    mutating func optionalBool(_ key: StaticString) throws -> Bool?
    mutating func optionalInteger(_ key: StaticString) throws -> Int?
    mutating func time(_ key: StaticString) throws -> ZonedTime
    mutating func optionalDate(_ key: StaticString) throws -> CivilDate?
    mutating func optionalDigest(_ key: StaticString) throws -> Hash256?
    mutating func digests(_ key: StaticString) throws -> [Hash256]
    mutating func strings(_ key: StaticString) throws -> [String]
    mutating func optionalStrings(_ key: StaticString) throws -> [String]?
    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T
    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ type: T.Type) throws -> T?
    mutating func objects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T]
    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> T?
    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ type: T.Type) throws -> [T]?
}

/// Writes the fields of one object, in the order of the calls.
protocol FieldEncoder {
    mutating func string(_ key: StaticString, _ value: String)
    mutating func optionalString(_ key: StaticString, _ value: String?)
    mutating func bool(_ key: StaticString, _ value: Bool)
    mutating func optionalBool(_ key: StaticString, _ value: Bool?)
    mutating func optionalInteger(_ key: StaticString, _ value: Int?)
    mutating func time(_ key: StaticString, _ value: ZonedTime)
    mutating func optionalDate(_ key: StaticString, _ value: CivilDate?)
    mutating func optionalDigest(_ key: StaticString, _ value: Hash256?)
    mutating func digests(_ key: StaticString, _ value: [Hash256])
    mutating func strings(_ key: StaticString, _ value: [String])
    mutating func optionalStrings(_ key: StaticString, _ value: [String]?)
    mutating func symbol<T: WireSymbol>(_ key: StaticString, _ value: T)
    mutating func optionalSymbol<T: WireSymbol>(_ key: StaticString, _ value: T?)
    mutating func objects<T: FieldCodable>(_ key: StaticString, _ value: [T])
    mutating func optionalObject<T: FieldCodable>(_ key: StaticString, _ value: T?)
    mutating func optionalObjects<T: FieldCodable>(_ key: StaticString, _ value: [T]?)
}

/// A value made of named fields (an event's data or a nested shape).
protocol FieldCodable {
    init(fields: inout some FieldDecoder) throws
    func encode(fields: inout some FieldEncoder)
    /// Whether whole lists of these recur from event to event (a meeting's
    /// participants, its agenda), so that a replay looks a stored list up by its
    /// bytes before decoding it (`StringCache.list`). False by default: a list that
    /// never recurs (filed documents, resolutions) would only pay for the lookup.
    static var listsRecur: Bool { get }
}

extension FieldCodable {
    static var listsRecur: Bool { false }
}

/// A closed set of names (a role, a status, a class): a text name in JSON and a
/// one-byte code in binary. Codes are part of the stored format and never reused.
protocol WireSymbol {
    var wireName: String { get }
    init?(wireName: String)
    var wireCode: UInt8 { get }
    init?(wireCode: UInt8)
    /// The accepted names, for error messages ("member" or "observer").
    static var expectedNames: String { get }
}

extension WireSymbol where Self: CaseIterable {
    init?(wireName: String) {
        guard let found = Self.allCases.first(where: { $0.wireName == wireName }) else { return nil }
        self = found
    }
    static var expectedNames: String {
        Self.allCases.map { "\"\($0.wireName)\"" }.joined(separator: ", ")
    }
}

extension WireSymbol where Self: RawRepresentable, Self.RawValue == UInt8 {
    var wireCode: UInt8 { rawValue }
    init?(wireCode: UInt8) { self.init(rawValue: wireCode) }
}

extension Classification: WireSymbol {
    var wireName: String { name }
    init?(wireName: String) { self.init(name: wireName) }
    static var expectedNames: String { "公开, 内部, 秘密, 机密, 绝密 (or public, internal, confidential, secret, top_secret)" }
}

extension RetentionClass: WireSymbol {
    var wireName: String { code }
    init?(wireName: String) { self.init(code: wireName) }
    static var expectedNames: String { "\"Y\", \"D30\", \"D10\"" }
}
