// Stream names (DOMAIN.md; docs/EVENTS.md, "Stream names"): one grammar for every
// stream, so that a name can never be a path, hide characters or imitate another.

extension RuleID {
    /// A stream name is a known kind prefix and a plain ASCII name.
    public static let streamInvalidName = RuleID("stream.invalid_name")
    /// Meeting events belong to `meeting/` streams.
    public static let streamWrongKind = RuleID("stream.wrong_kind")
}

/// The grammar of stream names:
///
/// ```
/// stream = kind "/" name
/// kind   = "meeting" | "account" | "plan"
/// name   = 1*200 ( ALPHA / DIGIT / "-" ), beginning with ALPHA or DIGIT
/// ```
///
/// e.g. `meeting/BGS-2023-007`, `account/P0042`, `plan/BGS-2024`. Only ASCII letters,
/// digits and `-` follow the prefix: no second `/`, no dots (so never `../`), no
/// spaces, control or format characters (NUL, right-to-left overrides, zero-width
/// spaces), and no look-alikes of the separators or letters (full-width `／`, Cyrillic
/// `а`), since none of them is ASCII.
public enum StreamName {
    /// The kinds of stream, by prefix.
    public static let kinds = ["meeting", "account", "plan"]
    public static let maximumNameLength = 200

    /// Why `stream` breaks the grammar, in words; nil when it follows it.
    public static func problem(_ stream: String) -> String? {
        let utf8 = Array(stream.utf8)
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else {
            return "has no kind prefix; a stream name is a kind (\(kinds.map { $0 + "/" }.joined(separator: ", "))) and a name, like meeting/BGS-2023-007"
        }
        let kind = String(decoding: utf8[..<slash], as: UTF8.self)
        guard kinds.contains(kind) else {
            return "begins with an unknown kind \"\(printable(kind))/\"; the kinds are \(kinds.map { $0 + "/" }.joined(separator: ", "))"
        }
        let name = utf8[(slash + 1)...]
        guard !name.isEmpty else { return "has no name after \(kind)/" }
        guard name.count <= maximumNameLength else { return "has a name of \(name.count) bytes; at most \(maximumNameLength)" }
        for (offset, byte) in name.enumerated() {
            let isLetterOrDigit = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isLetterOrDigit || (byte == UInt8(ascii: "-") && offset > 0) { continue }
            let what =
                byte >= 0x80 ? "a non-ASCII character (look-alike, format or control characters are refused)"
                : byte < 0x20 || byte == 0x7F ? "a control character"
                : byte == UInt8(ascii: "-") ? "a leading \"-\""
                : "\"\(Character(Unicode.Scalar(byte)))\""
            return "has \(what) at byte \(kind.utf8.count + 1 + offset); after \(kind)/ only ASCII letters, digits and \"-\" are allowed"
        }
        return nil
    }

    /// `text` with control and non-ASCII characters shown as escapes, for messages.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.value >= 0x20, scalar.value != 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }
}

extension RuleCheck {
    /// The stream's name follows the grammar, and a meeting event's stream is a meeting's.
    func streamName() throws(RuleViolation) {
        if let problem = StreamName.problem(event.stream) {
            throw violation(.streamInvalidName, "stream", "The stream name \"\(StreamName.printable(event.stream))\" \(problem).")
        }
        guard event.stream.utf8.starts(with: "meeting/".utf8) else {
            throw violation(
                .streamWrongKind, "stream",
                "\(event.type) is a meeting's event; its stream must begin with meeting/, not \"\(StreamName.printable(event.stream))\".")
        }
    }
}
