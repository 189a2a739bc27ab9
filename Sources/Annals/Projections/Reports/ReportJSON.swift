// Members as the read commands write them (CLI.md): snake_case keys in a fixed
// order, `null` for a known key without a value, so every row has the same shape.

extension JSONWriter {
    mutating func field(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value { string(value) } else { null() }
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        integer(value)
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bool(value)
    }

    mutating func field(_ key: StaticString, time value: ZonedTime?) {
        self.key(key)
        if let value { plainString { value.append(to: &$0) } } else { null() }
    }

    mutating func field(_ key: StaticString, date value: CivilDate?) {
        self.key(key)
        if let value { plainString { $0.append(contentsOf: value.description.utf8) } } else { null() }
    }

    mutating func field(_ key: StaticString, strings value: [String]) {
        self.key(key)
        beginArray()
        for element in value { string(element) }
        endArray()
    }

    mutating func list<T>(_ key: StaticString, _ values: [T], _ element: (inout JSONWriter, T) -> Void) {
        self.key(key)
        beginArray()
        for value in values {
            beginObject()
            element(&self, value)
            endObject()
        }
        endArray()
    }

    /// A whole document: one JSON value and a newline.
    static func document(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        body(&w)
        w.newline()
        return w.bytes
    }
}
