/// Which event types each stream has had: the `type:` index of the query layer.
///
/// Read from the record header, so a destroyed event still counts (its type is part
/// of the history that remains, like its digest).
public struct StreamTypes: Projection {
    public static let name = "types"

    /// Per stream, bit `i` set when an event of `EventType.allCases[i]` was applied.
    /// 64 bits: room for 64 event types. The snapshot stores each mask as a varint,
    /// so masks written when this was 32 bits wide read unchanged.
    public private(set) var masks: [String: UInt64] = [:]

    public init() {}

    /// Whether `stream` has had an event of `type`.
    public func has(_ stream: String, _ type: EventType) -> Bool { (masks[stream] ?? 0) & Self.bit(type) != 0 }

    static let bits: [EventType: UInt64] = Dictionary(
        uniqueKeysWithValues: EventType.allCases.enumerated().map { ($1, UInt64(1) << UInt64($0)) })

    static func bit(_ type: EventType) -> UInt64 { bits[type]! }

    public mutating func apply(_ stored: StoredEvent) {
        masks[stored.stream, default: 0] |= Self.bit(stored.type)
    }

    public func encode() -> [UInt8] {
        Self.encoded { w in w.sorted(masks) { $0.varint($1) } }
    }

    public init(decoding bytes: [UInt8]) throws(SnapshotError) {
        let copy = SnapshotBytes(copying: bytes)
        defer { withExtendedLifetime(copy) {} }
        try self.init(snapshot: copy.buffer, strings: nil)
    }

    /// Reads a snapshot in place, sharing the stream names through `strings`.
    init(snapshot bytes: UnsafeRawBufferPointer, strings: StringCache?) throws(SnapshotError) {
        self = try Self.decoded(bytes, strings: strings) { r in
            var types = StreamTypes()
            types.masks = try r.dictionary { try $0.varint() }
            return types
        }
    }
}
