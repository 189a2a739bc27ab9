// Composite values in snapshots, on top of the event payload primitives
// (`BinaryWriter`/`BinaryReader`: varints, zigzag, length-prefixed UTF-8, presence
// bytes). Collections are a count then the elements; dictionaries and sets are
// written sorted by key so that equal states give equal bytes.

extension BinaryWriter {
    mutating func count(_ n: Int) { varint(UInt64(n)) }

    mutating func array<T>(_ values: [T], _ element: (inout BinaryWriter, T) -> Void) {
        count(values.count)
        for value in values { element(&self, value) }
    }

    mutating func optional<T>(_ value: T?, _ body: (inout BinaryWriter, T) -> Void) {
        presence(value != nil)
        if let value { body(&self, value) }
    }

    mutating func sorted<V>(_ dictionary: [String: V], _ value: (inout BinaryWriter, V) -> Void) {
        count(dictionary.count)
        for key in dictionary.keys.sorted() {
            text(key)
            value(&self, dictionary[key]!)
        }
    }

    mutating func sorted(_ set: Set<String>) {
        count(set.count)
        for element in set.sorted() { text(element) }
    }

    mutating func texts(_ values: [String]) { array(values) { $0.text($1) } }

    mutating func date(_ value: CivilDate) { signed(Int64(value.daysSinceEpoch)) }

    mutating func digest(_ value: Hash256) { value.append(to: &bytes) }
}

extension BinaryReader {
    mutating func elementCount() throws -> Int {
        let n = try varint()
        // Every element takes at least one byte: a larger count is corrupt.
        guard n <= UInt64(count - offset) else { throw truncated() }
        return Int(n)
    }

    /// A version or an item number: a varint that an `Int` must hold (more is damage,
    /// and converting it would trap).
    mutating func natural() throws -> Int {
        let n = try varint()
        guard n <= UInt64(Int.max) else { throw EventDecodingError(.invalidValue, "a stored number is out of range") }
        return Int(n)
    }

    mutating func array<T>(_ element: (inout BinaryReader) throws -> T) throws -> [T] {
        let n = try elementCount()
        var out = [T]()
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try element(&self)) }
        return out
    }

    mutating func optional<T>(_ body: (inout BinaryReader) throws -> T) throws -> T? {
        try present() ? try body(&self) : nil
    }

    mutating func dictionary<V>(_ value: (inout BinaryReader) throws -> V) throws -> [String: V] {
        let n = try elementCount()
        var out = [String: V](minimumCapacity: n)
        for _ in 0..<n {
            let key = try text()
            out[key] = try value(&self)
        }
        return out
    }

    mutating func set() throws -> Set<String> {
        let n = try elementCount()
        var out = Set<String>(minimumCapacity: n)
        for _ in 0..<n { out.insert(try text()) }
        return out
    }

    mutating func texts() throws -> [String] { try array { try $0.text() } }

    mutating func date() throws -> CivilDate {
        let days = try signed()
        guard days > -4_000_000, days < 4_000_000 else { throw EventDecodingError(.invalidValue, "a stored date is out of range") }
        return CivilDate(daysSinceEpoch: Int(days))
    }

    mutating func digest() throws -> Hash256 {
        guard offset + 32 <= count, let base else { throw truncated() }
        let hash = Hash256(loading: UnsafeRawBufferPointer(start: base, count: count), at: offset)
        offset += 32
        return hash
    }

    mutating func int() throws -> Int { Int(try signed()) }
}
