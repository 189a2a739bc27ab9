/// A parsed JSON text that owns its bytes, for reading configuration and other
/// documents off the hot path (the event codec reads the tape directly).
///
/// ```swift
/// let policy = try JSONDocument(parsing: Array(#"{"minutes_due_days": 1}"#.utf8))
/// policy.root["minutes_due_days"]?.integer   // 1
/// ```
public struct JSONDocument: Sendable {
    public let bytes: [UInt8]
    let nodes: [JSONNode]

    /// Parses `bytes` strictly (see `JSONReader`).
    public init(parsing bytes: [UInt8], reader: JSONReader = JSONReader()) throws(JSONSyntaxError) {
        var nodes = [JSONNode]()
        try bytes.withTypedBytes { (buffer) throws(JSONSyntaxError) in try reader.parse(buffer, into: &nodes) }
        self.bytes = bytes
        self.nodes = nodes
    }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, index: 0) }

    func withView<T>(_ body: (JSONTapeView) -> T) -> T {
        bytes.withUnsafeBufferPointer { body(JSONTapeView(base: $0.baseAddress, count: $0.count, nodes: nodes)) }
    }
}

extension JSONNode: @unchecked Sendable {}

/// One value of a `JSONDocument`.
public struct JSONValue: Sendable {
    public enum Kind: Sendable { case object, array, string, number, bool, null }

    let document: JSONDocument
    let index: Int

    public var kind: Kind {
        switch document.nodes[index].kind {
        case .object: .object
        case .array: .array
        case .string: .string
        case .number: .number
        case .true, .false: .bool
        case .null: .null
        }
    }

    /// The 1-based byte column where the value starts.
    public var column: Int { Int(document.nodes[index].start) + 1 }

    /// The text of a string; nil for other kinds.
    public var string: String? {
        kind == .string ? document.withView { $0.string(index) } : nil
    }

    /// An integer number; nil for other kinds and for numbers with a fraction or exponent.
    public var integer: Int? {
        let node = document.nodes[index]
        guard node.kind == .number, node.flags == 1 else { return nil }
        return document.withView { $0.int64(Int(node.start), Int(node.end)) }.map { Int($0) }
    }

    /// Any number as a Double; nil for other kinds.
    public var double: Double? {
        let node = document.nodes[index]
        guard node.kind == .number else { return nil }
        return document.withView { $0.double(Int(node.start), Int(node.end)) }
    }

    /// A boolean; nil for other kinds.
    public var bool: Bool? {
        switch document.nodes[index].kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The elements of an array; empty for other kinds.
    public var elements: [JSONValue] {
        guard document.nodes[index].kind == .array else { return [] }
        var out = [JSONValue]()
        var k = index + 1
        for _ in 0..<document.nodes[index].count {
            out.append(JSONValue(document: document, index: k))
            k = document.withView { $0.next(after: k) }
        }
        return out
    }

    /// The members of an object in written order; empty for other kinds.
    public var members: [(key: String, value: JSONValue)] {
        guard document.nodes[index].kind == .object else { return [] }
        var out = [(key: String, value: JSONValue)]()
        var k = index + 1
        for _ in 0..<document.nodes[index].count {
            let key = document.withView { $0.string(k) }
            out.append((key, JSONValue(document: document, index: k + 1)))
            k = document.withView { $0.next(after: k + 1) }
        }
        return out
    }

    /// The member named `key` of an object; nil if absent or not an object.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps a typed error (the standard one rethrows `any Error`).
    func withTypedBytes<T, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
        try withUnsafeBytes { buffer in Result { () throws(E) -> T in try body(buffer) } }.get()
    }
}
