// A small, strict JSON reader over UTF-8 bytes, written for the import path.
//
// It parses a document into a flat "tape" of nodes (like simdjson's): one node per
// value, containers followed by their children, strings and numbers kept as byte
// ranges into the input. Nothing is copied or allocated per value until a field is
// asked for, so reading a line of an import costs one pass and one array.
//
// Strict means RFC 8259 and nothing more: no trailing garbage, no comments, no
// duplicate keys in one object, valid UTF-8 only, no unpaired surrogate escapes,
// integers within Int64 and other numbers finite, and a nesting limit.

/// JSON text that is not valid (or exceeds a limit), with where it went wrong.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in plain words.
    public let message: String
    /// The 1-based byte column where the problem was found.
    public let column: Int

    public init(message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "column \(column): \(message)" }
}

/// One value on the tape.
struct JSONNode {
    enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }
    var kind: Kind
    /// Strings: 1 if the text has escapes. Numbers: 1 if an integer.
    var flags: UInt8
    /// Scalars: first byte (strings: after the quote). Containers: the opening bracket.
    var start: UInt32
    /// Scalars: end byte (exclusive). Containers: the index of the node after the subtree.
    var end: UInt32
    /// Containers: the number of members or elements.
    var count: UInt32
}

/// Parses JSON text into a tape of nodes.
public struct JSONReader: Sendable {
    /// The deepest nesting of objects and arrays accepted.
    public var maxDepth: Int
    /// The most values accepted in one document (bounds memory on hostile input).
    public var maxValues: Int

    public init(maxDepth: Int = 64, maxValues: Int = 1 << 24) {
        self.maxDepth = maxDepth
        self.maxValues = maxValues
    }

    /// Parses one complete JSON text (surrounding whitespace allowed) into `nodes`.
    func parse(_ bytes: UnsafeRawBufferPointer, into nodes: inout [JSONNode]) throws(JSONSyntaxError) {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONSyntaxError(message: "the text is larger than 4 GiB", column: 1)
        }
        nodes.removeAll(keepingCapacity: true)
        var parser = JSONParser(
            base: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count,
            nodes: nodes, maxDepth: maxDepth, maxValues: maxValues)
        nodes = []
        defer { nodes = parser.nodes }
        try parser.run()
    }
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
}

struct JSONParser {
    let base: UnsafePointer<UInt8>?
    let count: Int
    var i = 0
    var nodes: [JSONNode]
    let maxDepth: Int
    let maxValues: Int

    init(base: UnsafePointer<UInt8>?, count: Int, nodes: [JSONNode], maxDepth: Int, maxValues: Int) {
        self.base = base
        self.count = count
        self.nodes = nodes
        self.maxDepth = maxDepth
        self.maxValues = maxValues
    }

    @inline(__always) func at(_ k: Int) -> UInt8 { base.unsafelyUnwrapped[k] }

    func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, column: (offset ?? i) + 1)
    }

    mutating func run() throws(JSONSyntaxError) {
        skipWhitespace()
        guard i < count else { throw fail("the line is empty; expected a JSON object") }
        try value(depth: 0)
        skipWhitespace()
        guard i == count else { throw fail("unexpected text after the end of the JSON value") }
    }

    @inline(__always) mutating func skipWhitespace() {
        while i < count {
            let c = at(i)
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) {
        guard i < count else { throw fail("unexpected end of the text; a value was expected") }
        guard nodes.count < maxValues else { throw fail("more than \(maxValues) values") }
        switch at(i) {
        case UInt8(ascii: "{"): try container(depth: depth, object: true)
        case UInt8(ascii: "["): try container(depth: depth, object: false)
        case .quote: try string()
        case UInt8(ascii: "t"): try literal("true", .true)
        case UInt8(ascii: "f"): try literal("false", .false)
        case UInt8(ascii: "n"): try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character; a value (object, array, string, number, true, false or null) was expected")
        }
    }

    mutating func container(depth: Int, object: Bool) throws(JSONSyntaxError) {
        guard depth < maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
        let index = nodes.count
        nodes.append(JSONNode(kind: object ? .object : .array, flags: 0, start: UInt32(i), end: 0, count: 0))
        let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        i += 1
        skipWhitespace()
        var members: UInt32 = 0
        var seen: Set<String>? = nil
        if i < count, at(i) == close {
            i += 1
        } else {
            while true {
                skipWhitespace()
                if object {
                    guard i < count, at(i) == .quote else { throw fail("expected a field name in double quotes") }
                    let keyIndex = nodes.count
                    let keyStart = i
                    try string()
                    try checkDuplicate(keyIndex, in: index, members: members, seen: &seen, at: keyStart)
                    skipWhitespace()
                    guard i < count, at(i) == UInt8(ascii: ":") else { throw fail("expected ':' after the field name") }
                    i += 1
                    skipWhitespace()
                }
                try value(depth: depth + 1)
                members += 1
                skipWhitespace()
                guard i < count else {
                    throw fail("unexpected end of the text inside an \(object ? "object" : "array")")
                }
                if at(i) == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if at(i) == close {
                    i += 1
                    break
                }
                throw fail(object ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array")
            }
        }
        nodes[index].end = UInt32(nodes.count)
        nodes[index].count = members
    }

    /// Rejects a key already present in the object: linear for small objects (the
    /// common case), a set of decoded keys beyond 16 so hostile input stays linear.
    mutating func checkDuplicate(
        _ keyIndex: Int, in object: Int, members: UInt32, seen: inout Set<String>?, at offset: Int
    ) throws(JSONSyntaxError) {
        let view = JSONTapeView(base: base, count: count, nodes: nodes)
        if members >= 16 {
            if seen == nil {
                var set = Set<String>()
                var k = object + 1
                for _ in 0..<members {
                    set.insert(view.string(k))
                    k = view.next(after: k + 1)
                }
                seen = set
            }
            let key = view.string(keyIndex)
            guard seen!.insert(key).inserted else { throw fail("duplicate field \"\(key)\"", at: offset) }
            return
        }
        var k = object + 1
        for _ in 0..<members {
            if view.keysEqual(k, keyIndex) {
                throw fail("duplicate field \"\(view.string(keyIndex))\"", at: offset)
            }
            k = view.next(after: k + 1)
        }
    }

    mutating func literal(_ word: StaticString, _ kind: JSONNode.Kind) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= count else { throw fail("unexpected end of the text; expected \(word)") }
        for k in 0..<n where at(i + k) != word.utf8Start[k] {
            throw fail("unexpected character; expected \(word)")
        }
        nodes.append(JSONNode(kind: kind, flags: 0, start: UInt32(i), end: UInt32(i + n), count: 0))
        i += n
    }

    @inline(__always) func isDigit(_ k: Int) -> Bool { k < count && at(k) &- UInt8(ascii: "0") < 10 }

    mutating func number() throws(JSONSyntaxError) {
        let start = i
        if at(i) == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw fail("expected a digit") }
        if at(i) == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw fail("a number may not have a leading zero") }
        } else {
            while isDigit(i) { i += 1 }
        }
        var integer = true
        if i < count, at(i) == UInt8(ascii: ".") {
            integer = false
            i += 1
            guard isDigit(i) else { throw fail("expected a digit after the decimal point") }
            while isDigit(i) { i += 1 }
        }
        if i < count, at(i) | 0x20 == UInt8(ascii: "e") {
            integer = false
            i += 1
            if i < count, at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw fail("expected a digit in the exponent") }
            while isDigit(i) { i += 1 }
        }
        let view = JSONTapeView(base: base, count: count, nodes: [])
        if integer {
            guard view.int64(start, i) != nil else {
                throw fail("number out of range (integers must fit in 64 bits)", at: start)
            }
        } else {
            guard let d = view.double(start, i), d.isFinite else { throw fail("number out of range", at: start) }
        }
        nodes.append(JSONNode(kind: .number, flags: integer ? 1 : 0, start: UInt32(start), end: UInt32(i), count: 0))
    }

    mutating func string() throws(JSONSyntaxError) {
        let open = i
        i += 1
        let start = i
        var escapes = false
        while true {
            guard i < count else { throw fail("unterminated string", at: open) }
            let c = at(i)
            if c == .quote { break }
            if c < 0x80 {
                if c == .backslash {
                    escapes = true
                    try escape()
                } else if c < 0x20 {
                    throw fail("control character in a string (escape it, e.g. \\n)")
                } else {
                    i += 1
                }
                continue
            }
            try utf8Sequence(c)
        }
        nodes.append(JSONNode(kind: .string, flags: escapes ? 1 : 0, start: UInt32(start), end: UInt32(i), count: 0))
        i += 1
    }

    mutating func escape() throws(JSONSyntaxError) {
        guard i + 1 < count else { throw fail("unterminated escape") }
        switch at(i + 1) {
        case .quote, .backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "t"):
            i += 2
        case UInt8(ascii: "u"):
            let unit = try hex4(i + 2)
            if (0xDC00...0xDFFF).contains(unit) { throw fail("unpaired surrogate escape \\u\(String(unit, radix: 16))") }
            if (0xD800...0xDBFF).contains(unit) {
                guard i + 7 < count, at(i + 6) == .backslash, at(i + 7) == UInt8(ascii: "u"),
                    (0xDC00...0xDFFF).contains(try hex4(i + 8))
                else { throw fail("unpaired surrogate escape \\u\(String(unit, radix: 16))") }
                i += 12
            } else {
                i += 6
            }
        default:
            throw fail("invalid escape (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hex digits)")
        }
    }

    func hex4(_ k: Int) throws(JSONSyntaxError) -> UInt32 {
        guard k + 4 <= count else { throw fail("\\u needs four hex digits", at: k) }
        var value: UInt32 = 0
        for j in k..<(k + 4) {
            guard let n = JSONTapeView.hexValue(at(j)) else { throw fail("\\u needs four hex digits", at: j) }
            value = value << 4 | UInt32(n)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF).
    mutating func utf8Sequence(_ c: UInt8) throws(JSONSyntaxError) {
        var need = 2
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: need = 1
        case 0xE0: low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: break
        case 0xED: high = 0x9F
        case 0xF0: need = 3; low = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F
        default: throw fail("invalid UTF-8 byte 0x\(String(c, radix: 16, uppercase: true))")
        }
        guard i + need < count else { throw fail("invalid UTF-8 (truncated sequence)") }
        let c1 = at(i + 1)
        guard c1 >= low, c1 <= high else { throw fail("invalid UTF-8 sequence") }
        var k = 2
        while k <= need {
            guard at(i + k) & 0xC0 == 0x80 else { throw fail("invalid UTF-8 sequence") }
            k += 1
        }
        i += need + 1
    }
}

/// Read access to a parsed tape over the bytes it was parsed from.
struct JSONTapeView {
    let base: UnsafePointer<UInt8>?
    let count: Int
    let nodes: [JSONNode]

    @inline(__always) func next(after index: Int) -> Int {
        let node = nodes[index]
        return node.kind == .object || node.kind == .array ? Int(node.end) : index + 1
    }

    /// The raw (still escaped) bytes of a string or number node.
    @inline(__always) func raw(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let node = nodes[index]
        guard let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + Int(node.start), count: Int(node.end - node.start))
    }

    func keysEqual(_ a: Int, _ b: Int) -> Bool {
        if nodes[a].flags == 0, nodes[b].flags == 0 {
            let x = raw(a)
            let y = raw(b)
            return x.count == y.count && (x.count == 0 || memcmpEqual(x, y))
        }
        return string(a) == string(b)
    }

    func keyEquals(_ index: Int, _ key: StaticString) -> Bool {
        guard nodes[index].flags == 0 else { return string(index) == key.description }
        let x = raw(index)
        guard x.count == key.utf8CodeUnitCount else { return false }
        return x.count == 0 || memcmpEqual(x, UnsafeBufferPointer(start: key.utf8Start, count: x.count))
    }

    @inline(__always) func memcmpEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while k < x.count {
            if x[k] != y[k] { return false }
            k += 1
        }
        return true
    }

    /// The decoded text of a string node.
    func string(_ index: Int) -> String {
        let bytes = raw(index)
        if nodes[index].flags == 0 { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var k = 0
        while k < bytes.count {
            let c = bytes[k]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                k += 1
                continue
            }
            let e = bytes[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(bytes, k)
                k += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4(bytes, k + 2) - 0xDC00)
                    k += 6
                }
                // The parser has validated the escape, so the scalar is valid.
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The decoded UTF-8 length of a string node, without building it.
    func decodedLength(_ index: Int) -> Int {
        nodes[index].flags == 0 ? raw(index).count : string(index).utf8.count
    }

    func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ k: Int) -> UInt32 {
        var value: UInt32 = 0
        for j in k..<(k + 4) { value = value << 4 | UInt32(JSONTapeView.hexValue(bytes[j]) ?? 0) }
        return value
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    func int64(_ start: Int, _ end: Int) -> Int64? {
        guard let base else { return nil }
        var k = start
        let negative = base[k] == UInt8(ascii: "-")
        if negative { k += 1 }
        var value: Int64 = 0
        while k < end {
            let digit = Int64(base[k] - UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = s
            k += 1
        }
        return value
    }

    func double(_ start: Int, _ end: Int) -> Double? {
        guard let base else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self))
    }
}
