import Hummingbird
import HummingbirdCore

/// A request's query string, decoded as HTML forms and `URLSearchParams` encode it
/// (application/x-www-form-urlencoded): `+` is a space, then `%XX` escapes are bytes
/// of UTF-8. So `?q=text:预算+kind:主任办公会` is two terms, as a browser's form sends
/// them (Hummingbird's `queryParameters` keeps the `+`, which made it one term).
/// A literal `+` is sent as `%2B`.
struct QueryString: Sendable {
    private var pairs: [(name: String, value: String)] = []

    init(_ query: String?) throws {
        guard let query, !query.isEmpty else { return }
        for part in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let name = try Self.decode(part[..<(equals ?? part.endIndex)], what: "a parameter's name")
            let value = try equals.map { try Self.decode(part[part.index(after: $0)...], what: "parameter \(name)") } ?? ""
            pairs.append((name, value))
        }
    }

    /// The first value of parameter `name`, if it was sent.
    func get(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// `+` as a space, `%XX` as the byte XX; the bytes must be UTF-8.
    static func decode(_ encoded: Substring.UTF8View, what: String) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var i = encoded.startIndex
        while i < encoded.endIndex {
            let byte = encoded[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let first = encoded.index(after: i)
                guard first < encoded.endIndex, case let second = encoded.index(after: first), second < encoded.endIndex,
                    let high = hexValue(encoded[first]), let low = hexValue(encoded[second])
                else {
                    throw APIError.badRequest("the query string's \(what) has a % not followed by two hex digits (send a literal % as %25)")
                }
                bytes.append(high << 4 | low)
                i = second
            } else {
                bytes.append(byte)
            }
            i = encoded.index(after: i)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("the query string's \(what) is not UTF-8 once its %-escapes are decoded")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Request {
    /// The query string's parameters, form-decoded (`QueryString`); 400 when malformed.
    func queryString() throws -> QueryString { try QueryString(uri.query) }
}
