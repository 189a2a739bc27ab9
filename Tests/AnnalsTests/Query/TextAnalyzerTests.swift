import Testing

@testable import Annals

@Suite struct TextAnalyzerTests {
    func kinds(_ text: String) -> [String] {
        TextAnalyzer.tokens(text).map { t in
            switch t.kind {
            case .word(let w): "\(w)@\(t.position)"
            case .character(let c): "\(Character(Unicode.Scalar(c)!))@\(t.position)"
            }
        }
    }

    @Test func chineseIsCutIntoCharactersAndLatinIntoLowerCaseWords() {
        #expect(kinds("2023年度预算") == ["2023@0", "年@1", "度@2", "预@3", "算@4"])
        #expect(kinds("Budget D30 ＢＧＳ２０２３") == ["budget@0", "d30@1", "bgs2023@2"])
    }

    @Test func punctuationBreaksAdjacencyButSpaceDoesNot() {
        #expect(kinds("临聘，人员") == ["临@0", "聘@1", "人@3", "员@4"])
        #expect(kinds("临聘 人员") == ["临@0", "聘@1", "人@2", "员@3"])
        #expect(kinds("“预算”") == ["预@0", "算@1"])
    }

    @Test func bigramsOnlyJoinAdjacentCharacters() {
        var terms: [Term] = []
        TextAnalyzer.terms(TextAnalyzer.tokens("临聘、人员"), into: &terms)
        #expect(terms.contains(.bigram(0x4E34, 0x8058)))  // 临聘
        #expect(!terms.contains(.bigram(0x8058, 0x4EBA)))  // 聘人 across the 、
        #expect(terms.filter { if case .character = $0 { true } else { false } }.count == 4)
    }

    @Test func phrasesMatchAcrossBigramBoundariesOnlyWhenContiguous() {
        let text = TextAnalyzer.tokens("研究2023年度临聘人员经费预算")
        #expect(TextAnalyzer.find(TextAnalyzer.tokens("聘人员经"), in: text) != nil)
        #expect(TextAnalyzer.find(TextAnalyzer.tokens("2023年度"), in: text) == 2..<8)
        #expect(TextAnalyzer.find(TextAnalyzer.tokens("人员预算"), in: text) == nil)
        #expect(TextAnalyzer.find(TextAnalyzer.tokens("202"), in: text) == nil)  // words match whole
    }

    @Test func termsReadBackFromTheirText() {
        for term: Term in [.character(0x9884), .bigram(0x9884, 0x7B97), .word("d30")] {
            #expect(Term(text: term.text) == term)
        }
        #expect(Term(text: "D30") == nil)
        #expect(Term(text: "预算x") == nil)
    }

    @Test func phraseBytesAreFoundAtEveryOffsetAndOnlyWhereTheyAre() {
        func occurs(_ needle: String, _ text: String) -> Bool {
            var text = text
            return text.withUTF8 { QueryEvaluator.occurs(Array(needle.utf8)[...], in: $0) }
        }
        #expect(occurs("会议", "会议纪要"))
        #expect(occurs("纪要", "会议纪要"))
        #expect(occurs("议纪", "会议纪要"))
        #expect(!occurs("纪要会", "会议纪要"))
        #expect(!occurs("会议纪要啊", "会议纪要"))
        #expect(occurs("aab", "aaab"))
        #expect(!occurs("ab", "aaaa"))
        #expect(!occurs("x", ""))
        #expect(occurs("", "abc"))
        // Against the plain definition, at every offset of a longer text.
        let text = "关于2024年度档案移交和销毁工作的会议纪要，会议决定：档案室负责。"
        let bytes = Array(text.utf8)
        for start in 0..<bytes.count {
            for length in 1...min(7, bytes.count - start) {
                let needle = Array(bytes[start..<(start + length)])
                var copy = text
                #expect(copy.withUTF8 { QueryEvaluator.occurs(needle[...], in: $0) })
            }
        }
    }
}
