internal import Crypto

/// A SHA-256 value: a record's salted payload digest, a Merkle leaf or node, a root.
///
/// Stored inline (no heap allocation) so that millions of them cost 32 bytes each.
public struct Hash256: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 32 bytes, as four big-endian-ordered words (byte 0 is the top byte of `w0`).
    @usableFromInline var w0, w1, w2, w3: UInt64

    /// The all-zero value (never the hash of anything in practice).
    public static let zero = Hash256(w0: 0, w1: 0, w2: 0, w3: 0)

    @usableFromInline init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Builds a value from exactly 32 bytes; nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (i, b) in bytes.enumerated() { words[i / 8] = words[i / 8] << 8 | UInt64(b) }
        self.init(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }

    /// Reads 32 bytes at `offset` of `buffer`.
    @inlinable
    package init(loading buffer: UnsafeRawBufferPointer, at offset: Int) {
        func word(_ i: Int) -> UInt64 {
            UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset + i * 8, as: UInt64.self))
        }
        self.init(w0: word(0), w1: word(1), w2: word(2), w3: word(3))
    }

    /// Parses 64 hexadecimal digits (either case); nil otherwise.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = Self.nibble(utf8[2 * i]), let lo = Self.nibble(utf8[2 * i + 1]) else { return nil }
            bytes[i] = hi << 4 | lo
        }
        self.init(bytes: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The 32 bytes in order.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { store(into: $0, at: 0) }
        return out
    }

    /// Writes the 32 bytes at `offset` of `buffer`.
    @inlinable
    package func store(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        buffer.storeBytes(of: w0.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer.storeBytes(of: w1.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
        buffer.storeBytes(of: w2.bigEndian, toByteOffset: offset + 16, as: UInt64.self)
        buffer.storeBytes(of: w3.bigEndian, toByteOffset: offset + 24, as: UInt64.self)
    }

    /// Appends the 32 bytes to `array`.
    package func append(to array: inout [UInt8]) {
        withUnsafeBytes(of: (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)) { array.append(contentsOf: $0) }
    }

    /// Lower-case hexadecimal, 64 digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (a: Hash256, b: Hash256) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> Hash256 {
        let digest = SHA256.hash(data: bytes)
        return digest.withUnsafeBytes { Hash256(loading: $0, at: 0) }
    }

    /// SHA-256 of an array of bytes.
    public static func sha256(_ bytes: [UInt8]) -> Hash256 {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// SHA-256 of several pieces, concatenated (no copy).
    public static func sha256(_ pieces: UnsafeRawBufferPointer...) -> Hash256 {
        var hasher = SHA256()
        for piece in pieces { hasher.update(bufferPointer: piece) }
        return hasher.finalize().withUnsafeBytes { Hash256(loading: $0, at: 0) }
    }
}
