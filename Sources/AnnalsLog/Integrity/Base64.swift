/// Standard base64 (RFC 4648 §4, with padding), as checkpoints, signed notes and note
/// keys use it.
///
/// Decoding is strict: only the canonical encoding of a byte string is accepted (no
/// whitespace, padding required, unused trailing bits zero), so that one value has one
/// text form and a signature line cannot be altered without being rejected.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// The base64 text of `bytes`.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i < input.count {
            let b0 = input[i]
            let b1 = i + 1 < input.count ? input[i + 1] : 0
            let b2 = i + 2 < input.count ? input[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < input.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < input.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of canonical base64 `text`; nil for anything else.
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            let last = i + 4 == input.count
            let equals = UInt8(ascii: "=")
            let padding = last ? (input[i + 2] == equals ? 1 : 0) + (input[i + 3] == equals ? 1 : 0) : 0
            // Padding only at the very end, and only as "x=" or "=="-suffixes.
            if padding == 1, input[i + 3] != equals { return nil }
            var group: UInt32 = 0
            for j in 0..<4 - padding {
                let v = values[Int(input[i + j])]
                guard v != 0xFF else { return nil }
                group = group << 6 | UInt32(v)
            }
            switch padding {
            case 0:
                out += [UInt8(group >> 16), UInt8(group >> 8 & 0xFF), UInt8(group & 0xFF)]
            case 1:
                guard group & 0x03 == 0 else { return nil }
                out += [UInt8(group >> 10), UInt8(group >> 2 & 0xFF)]
            default:
                guard group & 0x0F == 0 else { return nil }
                out.append(UInt8(group >> 4))
            }
            i += 4
        }
        return out
    }
}
