/// A record's unique id: 16 bytes, written as a UUID (`8-4-4-4-12` hex digits).
///
/// The id makes appends idempotent: a retried batch whose ids are already in the
/// stream is acknowledged without writing it again.
public struct EventID: Hashable, Sendable, CustomStringConvertible {
    /// The 16 bytes as two big-endian words.
    public let high: UInt64
    public let low: UInt64

    /// Builds an id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A random (version 4) UUID, from the kernel's CSPRNG (buffered).
    public static func random() -> EventID {
        var generator = SecureRandomGenerator()
        return random(using: &generator)
    }

    /// A version 4 UUID drawn from `generator` (deterministic for a seeded generator).
    public static func random(using generator: inout some RandomNumberGenerator) -> EventID {
        let h = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let l = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return EventID(high: h, low: l)
    }

    /// Parses a UUID (`8-4-4-4-12`, either case) or 32 bare hex digits; nil otherwise.
    public init?(_ text: some StringProtocol) {
        var value: [UInt64] = [0, 0]
        var digits = 0
        for (i, c) in text.utf8.enumerated() {
            if c == UInt8(ascii: "-") {
                guard [8, 13, 18, 23].contains(i) else { return nil }
                continue
            }
            let n: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): n = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): n = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): n = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            guard digits < 32 else { return nil }
            value[digits / 16] = value[digits / 16] << 4 | UInt64(n)
            digits += 1
        }
        let length = text.utf8.count
        guard digits == 32, length == 32 || length == 36 else { return nil }
        if length == 36 {
            let u = Array(text.utf8)
            guard u[8] == UInt8(ascii: "-"), u[13] == UInt8(ascii: "-"), u[18] == UInt8(ascii: "-"),
                u[23] == UInt8(ascii: "-")
            else { return nil }
        }
        self.init(high: value[0], low: value[1])
    }

    /// The canonical lower-case UUID form.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            let word = i < 16 ? high : low
            let shift = UInt64(60 - (i % 16) * 4)
            out.append(digits[Int((word >> shift) & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
