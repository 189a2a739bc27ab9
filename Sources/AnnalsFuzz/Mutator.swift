import Annals

/// Seeded mutations of corpus inputs, for the fuzzer without libFuzzer: bit flips,
/// byte changes, inserted and deleted runs, repeated and spliced pieces, boundary
/// values and (for JSON) tokens. No coverage guides it; the same seed gives the same
/// inputs, so a failure is replayed with its seed and run number.
struct Mutator {
    var random: SplitMix64
    let tokens: [[UInt8]]

    init(seed: UInt64, tokens: [[UInt8]]) {
        random = SplitMix64(seed: seed)
        self.tokens = tokens
    }

    static let jsonTokens: [[UInt8]] = (
        ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "null", "true", "-0", "1e999", "9223372036854775808",
         "\"stream\"", "\"type\"", "\"at\"", "\"by\"", "\"data\"", "\"id\"", "+08:00", "Z", "T23:59:59", "2023-02-29", "\u{FEFF}", "会议",
         "\n", "\r", " "] + EventType.allCases.map { "\"\($0.rawValue)\"" }
    ).map { Array($0.utf8) }

    static let boundaries: [[UInt8]] = [[0], [0xFF], [0x7F], [0x80], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]]

    /// A mutant of a random corpus entry: one to four mutations.
    mutating func mutate(_ corpus: [[UInt8]]) -> [UInt8] {
        var bytes = corpus[Int.random(in: 0..<corpus.count, using: &random)]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            mutateOnce(&bytes, corpus)
        }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8], _ corpus: [[UInt8]]) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !bytes.isEmpty:
            bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1 where !bytes.isEmpty:
            bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 2 where !bytes.isEmpty:
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
        case 3:
            bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
        case 4 where !bytes.isEmpty:
            let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &random))
        case 5:
            let other = corpus[Int.random(in: 0..<corpus.count, using: &random)]
            let from = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &random)
            bytes = Array(bytes[..<at]) + other[from...]
        case 6 where !tokens.isEmpty:
            bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: at)
        default:
            let value = Self.boundaries[Int.random(in: 0..<Self.boundaries.count, using: &random)]
            bytes.replaceSubrange(at..<min(bytes.count, at + value.count), with: value)
        }
    }
}
