/// Why an event could not be read, from an import line or from stored bytes.
///
/// `path` names the offending field the way the JSON spells it
/// (`data.participants[2].role`), empty when the problem is the whole line.
/// Codes are stable (they can be matched on); messages are for people.
public struct EventDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable category of decoding failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }

        /// Not valid JSON (see `column`).
        public static let syntax = Code("syntax")
        /// `type` names no known event type.
        public static let unknownType = Code("unknown_type")
        /// A field the type does not have.
        public static let unknownField = Code("unknown_field")
        public static let missingField = Code("missing_field")
        /// A field of the wrong JSON type (a number where a string belongs).
        public static let wrongType = Code("wrong_type")
        /// The right JSON type but not an allowed value (a bad time, an unknown role).
        public static let invalidValue = Code("invalid_value")
        /// A text field longer than the field limit.
        public static let fieldTooLong = Code("field_too_long")
        /// A line longer than the line limit.
        public static let lineTooLong = Code("line_too_long")
        /// Stored bytes end early or have bytes left over.
        public static let truncated = Code("truncated")
        /// Stored bytes of an unknown format or a schema version newer than this program.
        public static let unsupportedVersion = Code("unsupported_version")

        public var description: String { name }
    }

    public var code: Code
    /// The field path, e.g. `data.participants[2].role`; empty for the whole line.
    public var path: String
    public var message: String
    /// The 1-based byte column in the line, for syntax errors.
    public var column: Int?

    public init(_ code: Code, path: String = "", _ message: String, column: Int? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.column = column
    }

    public var description: String {
        if let column { return "column \(column): \(message)" }
        return path.isEmpty ? message : "\(path): \(message)"
    }

    /// The same error one level further out (`role` in `participants[2]`).
    func inside(_ component: String) -> EventDecodingError {
        var copy = self
        copy.path = path.isEmpty ? component : path.first == "[" ? component + path : component + "." + path
        return copy
    }
}

/// "64 KiB", "10.0 MiB": sizes for messages.
func byteSize(_ count: Int) -> String {
    if count < 1024 { return "\(count) bytes" }
    if count < 1 << 20 {
        return count % 1024 == 0 ? "\(count / 1024) KiB" : "\(count * 10 / 1024 / 10).\(count * 10 / 1024 % 10) KiB"
    }
    let tenths = count * 10 / (1 << 20)
    return "\(tenths / 10).\(tenths % 10) MiB"
}
