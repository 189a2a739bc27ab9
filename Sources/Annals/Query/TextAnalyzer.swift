/// How text is cut into searchable tokens: the one definition the full-text index,
/// the query parser and phrase matching share.
///
/// - Chinese (CJK ideographs) is indexed by character: every character is a token,
///   and two characters next to each other form a bigram term (`临聘人员` gives the
///   bigrams 临聘, 聘人, 人员 and the single characters 临, 聘, 人, 员). A query for a
///   phrase looks up its bigrams (or its one character) and then checks that the
///   characters stand next to each other.
/// - Latin letters and digits form words (`Budget2023`, `D30`, `P0042`), lower-cased;
///   full-width forms (`２０２３`, `ＢＧＳ`) are read as their ASCII equivalents.
/// - Anything else separates tokens. Punctuation (`，`, `、`, `。`, `-`…) also breaks
///   adjacency, so `临聘，人员` does not contain the phrase `临聘人员`; white space
///   alone does not (Chinese text is often spaced for layout).
///
/// ```swift
/// TextAnalyzer.tokens("2023年度预算")
/// // [word "2023" @0, 年 @1, 度 @2, 预 @3, 算 @4]
/// ```
public enum TextAnalyzer {
    /// A token: a CJK character or a Latin word, with its position in the text
    /// (consecutive tokens have consecutive positions unless punctuation stood between).
    public struct Token: Hashable, Sendable {
        /// A CJK character's scalar value, or a word's id in the text (see `word`).
        public var kind: Kind
        public var position: Int
        /// The token's extent in the original string's unicode scalars.
        public var scalarRange: Range<Int>

        public enum Kind: Hashable, Sendable {
            case character(UInt32)
            case word(String)
        }
    }

    /// The tokens of `text`, in order.
    public static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(text.utf8.count / 3 + 1)
        var position = 0
        var gap = false
        var word: [UInt8] = []
        var wordStart = 0
        var index = 0
        func flushWord() {
            guard !word.isEmpty else { return }
            out.append(Token(kind: .word(String(decoding: word, as: UTF8.self)), position: position, scalarRange: wordStart..<index))
            position += 1
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let v = normalized(scalar.value)
            if let ascii = asciiAlphanumeric(v) {
                if word.isEmpty {
                    if gap, !out.isEmpty { position += 1 }
                    gap = false
                    wordStart = index
                }
                word.append(ascii)
            } else if isIdeograph(v) {
                flushWord()
                if gap, !out.isEmpty { position += 1 }
                gap = false
                out.append(Token(kind: .character(v), position: position, scalarRange: index..<(index + 1)))
                position += 1
            } else {
                flushWord()
                if !isSpace(v) { gap = true }
            }
            index += 1
        }
        flushWord()
        return out
    }

    /// Full-width ASCII (U+FF01–U+FF5E) as ASCII, the ideographic space as a space.
    @inline(__always) static func normalized(_ v: UInt32) -> UInt32 {
        if v >= 0xFF01 && v <= 0xFF5E { return v - 0xFEE0 }
        if v == 0x3000 { return 0x20 }
        return v
    }

    /// A lower-cased ASCII letter or digit, or nil.
    @inline(__always) static func asciiAlphanumeric(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x30...0x39, 0x61...0x7A: UInt8(v)
        case 0x41...0x5A: UInt8(v + 0x20)
        default: nil
        }
    }

    /// CJK unified ideographs (the basic block, extension A, compatibility, and the supplementary planes).
    @inline(__always) public static func isIdeograph(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x3134F) || v == 0x3007  // 〇, as in 二〇二三
    }

    @inline(__always) static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0
    }

    /// The index terms of a token sequence: each word, each character, and each pair of
    /// adjacent characters.
    static func terms(_ tokens: [Token], into terms: inout [Term]) {
        var previous: (UInt32, Int)?
        for token in tokens {
            switch token.kind {
            case .word(let w):
                terms.append(.word(w))
                previous = nil
            case .character(let c):
                terms.append(.character(c))
                if let (p, at) = previous, at + 1 == token.position { terms.append(.bigram(p, c)) }
                previous = (c, token.position)
            }
        }
    }

    /// Whether `phrase` (tokens of a query) occurs in `tokens` as consecutive tokens; the
    /// first match's scalar range in the text if so.
    static func find(_ phrase: [Token], in tokens: [Token]) -> Range<Int>? {
        guard let first = phrase.first, tokens.count >= phrase.count else { return nil }
        var i = 0
        outer: while i + phrase.count <= tokens.count {
            defer { i += 1 }
            guard tokens[i].kind == first.kind else { continue }
            for k in 1..<phrase.count {
                let t = tokens[i + k], q = phrase[k]
                guard t.kind == q.kind, t.position - tokens[i].position == q.position - first.position else { continue outer }
            }
            return tokens[i].scalarRange.lowerBound..<tokens[i + phrase.count - 1].scalarRange.upperBound
        }
        return nil
    }
}

/// A full-text index term.
enum Term: Hashable, Sendable, Comparable {
    case character(UInt32)
    case bigram(UInt32, UInt32)
    case word(String)

    /// The term as text (its bytes in the index file's term dictionary).
    var text: String {
        switch self {
        case .character(let c): String(Character(Unicode.Scalar(c)!))
        case .bigram(let a, let b): String(Character(Unicode.Scalar(a)!)) + String(Character(Unicode.Scalar(b)!))
        case .word(let w): w
        }
    }

    /// Reads a term written as `text`: one or two ideographs, or a word.
    init?(text: String) {
        let scalars = Array(text.unicodeScalars)
        if scalars.count == 1, TextAnalyzer.isIdeograph(scalars[0].value) {
            self = .character(scalars[0].value)
        } else if scalars.count == 2, TextAnalyzer.isIdeograph(scalars[0].value), TextAnalyzer.isIdeograph(scalars[1].value) {
            self = .bigram(scalars[0].value, scalars[1].value)
        } else if !scalars.isEmpty, scalars.allSatisfy({ TextAnalyzer.asciiAlphanumeric($0.value) == UInt8(truncatingIfNeeded: $0.value) }) {
            self = .word(text)
        } else {
            return nil
        }
    }

    static func < (a: Term, b: Term) -> Bool { Array(a.text.utf8).lexicographicallyPrecedes(Array(b.text.utf8)) }
}
