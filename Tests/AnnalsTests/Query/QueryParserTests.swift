import Testing

@testable import Annals

@Suite struct QueryParserTests {
    func parse(_ text: String) throws -> Query { try Query(parsing: text) }

    func error(_ text: String) -> QuerySyntaxError? {
        do {
            _ = try Query(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func termsSideBySideAreAnded() throws {
        let q = try parse(#"kind:主任办公会 dept:BGS year:2022..2023 person:P042 text:"临聘人员" retention:D30 status:overdue archived:yes"#)
        let d2022 = CivilDate(year: 2022, month: 1, day: 1)!, d2023 = CivilDate(year: 2023, month: 12, day: 31)!
        #expect(q.expression == .and([
            .kind("主任办公会"), .department("BGS"), .term(.date(DateRange(from: d2022, through: d2023))), .person("P042"),
            .text("临聘人员"), .term(.retention(.thirtyYears)), .term(.decisionStatus(.overdue)), .term(.state(.archived, true)),
        ]))
        #expect(q.sort == .relevance)
    }

    @Test func orBindsLooserThanAndAndMinusNegates() throws {
        let q = try parse("kind:周例会 absent:P001 OR late:P001 -text:预算")
        #expect(q.expression == .or([
            .and([.kind("周例会"), .person("P001", as: .absent)]),
            .and([.person("P001", as: .late), .not(.text("预算"))]),
        ]))
        let grouped = try parse("kind:周例会 (absent:P001 OR late:P001) NOT held:yes AND 预算")
        #expect(grouped.expression == .and([
            .kind("周例会"), .or([.person("P001", as: .absent), .person("P001", as: .late)]),
            .not(.term(.state(.held, true))), .text("预算"),
        ]))
    }

    @Test func rangesAreOpenAtEitherEnd() throws {
        let march = try parse("date:2023-03").expression
        #expect(march == .term(.date(DateRange(from: CivilDate(year: 2023, month: 3, day: 1), through: CivilDate(year: 2023, month: 3, day: 31)))))
        let since = try parse("deadline:2023-06-30..").expression
        #expect(since == .term(.deadline(DateRange(from: CivilDate(year: 2023, month: 6, day: 30), through: nil))))
        let until = try parse("expires:..2030").expression
        #expect(until == .term(.expiry(DateRange(from: nil, through: CivilDate(year: 2030, month: 12, day: 31)))))
        #expect(try parse("class:秘密..").expression == .term(.classification(.confidential ... .topSecret)))
        #expect(try parse("class:internal").expression == .term(.classification(.internal ... .internal)))
    }

    @Test func everyFieldParses() throws {
        #expect(try parse("title:预算").expression == .text("预算", in: .title))
        #expect(try parse("agenda:预算 ").expression == .text("预算", in: .agenda))
        #expect(try parse("decision:落实").expression == .text("落实", in: .decision))
        #expect(try parse("speech:汇报").expression == .text("汇报", in: .speech))
        #expect(try parse("organizer:BGS").expression == .department("BGS", as: .organizer))
        #expect(try parse("responsible:CWK").expression == .department("CWK", as: .responsible))
        for role in PersonRole.allCases where role != .any {
            #expect(try parse("\(role.rawValue):王芳").expression == .person("王芳", as: role))
        }
        #expect(try parse("number:Z109-WS·2023-Y-BGS-0001").expression == .term(.archiveNumber("Z109-WS·2023-Y-BGS-0001", prefix: false)))
        #expect(try parse("number:Z109-WS·2023*").expression == .term(.archiveNumber("Z109-WS·2023", prefix: true)))
        #expect(try parse("stream:meeting/BGS-2023-007").expression == .term(.stream("meeting/BGS-2023-007")))
        #expect(try parse("retention:永久").expression == .term(.retention(.permanent)))
        #expect(try parse("destroyed:no").expression == .term(.state(.destroyed, false)))
        #expect(try parse("cancelled:yes").expression == .term(.state(.cancelled, true)))
        #expect(try parse("type:hold.placed").expression == .term(.eventType(.holdPlaced)))
        #expect(try parse("status:done_late").expression == .term(.decisionStatus(.doneLate)))
        #expect(try parse("2023年度预算").expression == .text("2023年度预算"))
        #expect(try parse(#""budget \"plan\"""#).expression == .text(#"budget "plan""#))
    }

    @Test func sortIsAnOptionNotACondition() throws {
        for order in QuerySort.allCases {
            let q = try parse("kind:周例会 sort:\(order.rawValue)")
            #expect(q.sort == order && q.expression == .kind("周例会"))
        }
        #expect(try parse("sort:number").expression == .all)
    }

    @Test func syntaxErrorsPointAtTheirPlace() {
        let cases: [(String, Int, String)] = [
            ("", 0, "empty"),
            ("kind:周例会 foo:bar", 9, "unknown field \"foo\""),
            (#"text:"临聘人员"#, 5, "unterminated quote"),
            ("(kind:周例会 OR late:P1", 0, "unbalanced '('"),
            ("kind:周例会)", 8, "unbalanced ')'"),
            ("kind:周例会 OR", 9, "OR needs a term after it"),
            ("OR kind:周例会", 0, "OR needs a term before it"),
            ("year:二〇二三", 5, "a year or range"),
            ("year:..", 5, "a year or range"),
            ("date:2023-13-01", 5, "a date or range"),
            ("class:绝密绝密", 6, "a classification"),
            ("retention:D20", 10, "a retention class"),
            ("status:late", 7, "a follow-up status"),
            ("archived:maybe", 9, "yes or no"),
            ("type:meeting.held", 5, "not an event type"),
            ("sort:title", 5, "sort by"),
            ("kind:周例会 sort:date sort:number", 19, "given twice"),
            ("kind: 周例会", 0, "needs a value"),
            ("- text:预算", 0, "nothing to exclude"),
            ("text:，。", 5, "nothing to search for") ,
            ("()", 1, "empty group"),
            ("kind:周例会 AND AND late:P1", 9, "AND needs a term on each side"),
            (String(repeating: "(", count: 10_000) + "预算", 64, "nest more than 64 deep"),
            (String(repeating: "-", count: 200) + "预算", 64, "nest more than 64 deep"),
        ]
        for (text, position, message) in cases {
            let e = error(text)
            #expect(e?.position == position, "\(text): \(e?.description ?? "no error")")
            #expect(e?.message.contains(message) == true, "\(text): \(e?.message ?? "no error")")
        }
    }

    @Test func theErrorShowsACaretUnderWideCharacters() {
        let e = error("kind:周例会 foo:bar")!
        let lines = e.description.split(separator: "\n")
        #expect(lines[0].hasPrefix("query syntax error at column 10: unknown field \"foo\""))
        #expect(lines[1] == "  kind:周例会 foo:bar")
        // k-i-n-d-: and a space are one column each, 周例会 two each: the caret sits under f.
        #expect(lines[2] == "  " + String(repeating: " ", count: 12) + "^")
    }
}
