import Foundation
import Testing

@testable import Annals

/// Index results equal a brute-force scan over the projections, for hundreds of
/// random queries on a generated multi-year archive with destructions, while the
/// archive grows, and after a reopen from the index file.
@Suite(.serialized) struct QueryPropertyTests {
    typealias Folder = ImportExportTests.Folder

    /// 2013–2014 of an agency's meetings and eleven years of custody: filing,
    /// appraisals, holds and the destruction of the expired D10 records.
    static let options = GeneratorOptions(years: 2, seed: 17, startYear: 2013, custodyYears: 11, eventsPerYear: 2_000)

    static let lines: [[UInt8]] = {
        let codec = EventJSONCodec()
        return AgencyGenerator(options).map { event in
            var w = JSONWriter(capacity: 1024)
            codec.encode(event, into: &w)
            w.newline()
            return w.bytes
        }
    }()

    static let judgedOn = CivilDate(year: 2016, month: 3, day: 31)!

    /// Each stream's event types, read from the log.
    func types(_ archive: Archive) throws -> [String: Set<EventType>] {
        var types: [String: Set<EventType>] = [:]
        try archive.replay(from: 0) { stored in
            types[stored.stream, default: []].insert(stored.type)
            return true
        }
        return types
    }

    /// Runs `count` random queries and compares each with the oracle.
    func compare(_ archive: Archive, count: Int, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var random = SplitMix64(seed: seed)
        let readers = Classification.allCases.map { Reader(id: "P9\($0.rawValue)", clearance: $0) }
        let set = try archive.projections(), types = try types(archive)
        let texts = QueryOracle.canonicalTexts(set)
        let oracles = readers.map { QueryOracle(set: set, types: types, reader: $0, today: Self.judgedOn, texts: texts) }
        let pools = Pools(set, types)
        var nonEmpty = 0
        for n in 0..<count {
            let r = Int(random.next() % UInt64(readers.count))
            let expression = pools.expression(&random, depth: 0)
            let query = Query(expression, sort: .date, limit: Int.max)
            let found = try archive.evaluate(query, reader: readers[r], judgedOn: Self.judgedOn)
            let expected = oracles[r].matches(expression)
            if !expected.isEmpty { nonEmpty += 1 }
            #expect(found.total == expected.count, "query \(n): \(expression) for \(readers[r].clearance)", sourceLocation: sourceLocation)
            #expect(found.hits.map(\.stream).sorted() == expected, "query \(n): \(expression) for \(readers[r].clearance)", sourceLocation: sourceLocation)
            if found.total != expected.count { break }
        }
        // The random queries must mostly find something, or the comparison says little.
        #expect(nonEmpty > count / 3, "only \(nonEmpty) of \(count) queries matched anything", sourceLocation: sourceLocation)
    }

    @Test func indexAnswersEqualABruteForceScanAsTheArchiveGrowsAndAfterReopening() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(Self.options))
        let third = Self.lines.count / 3
        // First part, then the index is built on the first query.
        _ = try archive.importLines(Array(Self.lines[..<third].joined()))
        try compare(archive, count: 100, seed: 1)
        // The rest (filing, custody, destructions): caught up incrementally, with stale documents.
        _ = try archive.importLines(Array(Self.lines[third...].joined()))
        #expect(try !archive.projections().register.entries.isEmpty)
        try compare(archive, count: 200, seed: 2)
        try archive.close()
        // Reopened: the index comes from its file.
        let reopened = try Archive.open(at: folder.path)
        #expect(try reopened.loadQueryIndex() != nil)
        try compare(reopened, count: 100, seed: 3)
        try reopened.close()
    }

    @Test func anIncrementallyMaintainedIndexEqualsOneBuiltFromScratchByteForByte() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(Self.options))
        let step = Self.lines.count / 4 + 1
        for start in stride(from: 0, to: Self.lines.count, by: step) {
            _ = try archive.importLines(Array(Self.lines[start..<min(start + step, Self.lines.count)].joined()))
            _ = try archive.evaluate(Query(.all), reader: Reader(id: "P0001", clearance: .topSecret))
        }
        try archive.saveProjections()
        let saved = try #require(try archive.loadQueryIndex())
        var scratch = QueryIndex()
        let set = try archive.projections()
        scratch.catchUp(with: set)
        #expect(saved.encode() == scratch.encode())
        #expect(saved.docs.count == set.records.streams.count)
        try archive.close()
    }
}

/// Values drawn from the archive itself, so that random queries hit.
struct Pools {
    var kinds: [String] = [], departments: [String] = [], people: [String] = [], phrases: [String] = []
    var numbers: [String] = [], streams: [String] = []

    init(_ set: ProjectionSet, _ types: [String: Set<EventType>]) {
        var kinds = Set<String>(), departments = Set<String>(), people = Set<String>()
        for state in set.records.states {
            streams.append(state.stream)
            guard let meeting = state.meeting else { continue }
            kinds.insert(meeting.kind)
            departments.insert(meeting.organizer)
            for d in state.decisions { departments.formUnion(d.responsible) }
            for (id, p) in state.invited {
                people.insert(id)
                people.insert(p.name)
            }
            for text in [meeting.title] + state.agenda.map(\.title) + state.decisions.map(\.text) + state.speeches.map(\.summary) {
                let scalars = Array(text.unicodeScalars)
                guard scalars.count > 6, phrases.count < 4000 else { continue }
                for _ in 0..<2 {
                    let start = (scalars.count * 7919 + phrases.count * 104_729) % (scalars.count - 1)
                    let length = 1 + phrases.count % 6
                    phrases.append(String(String.UnicodeScalarView(scalars[start..<min(scalars.count, start + length)])))
                }
            }
        }
        numbers = set.numbering.order.compactMap { set.numbering[$0]?.formatted(set.numberFormat) } + ["Z109-WS·2013-D10-BGS-0001"]
        self.kinds = kinds.sorted()
        self.departments = departments.sorted()
        self.people = people.sorted()
        phrases += ["2014年度", "2013年", "预算", "临聘人员", "会", "研究", "落实", "经费预算", "nonexistent", "科"]
    }

    func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int(random.next() % UInt64(values.count))] }

    func date(_ random: inout SplitMix64) -> CivilDate {
        CivilDate(year: 2013 + Int(random.next() % 14), month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28))!
    }

    func range(_ random: inout SplitMix64) -> DateRange {
        let a = date(&random), b = date(&random)
        switch random.next() % 4 {
        case 0: return DateRange(from: min(a, b), through: max(a, b))
        case 1: return DateRange(from: a, through: nil)
        case 2: return DateRange(from: nil, through: a)
        default: return DateRange(years: a.year...a.year)
        }
    }

    func term(_ random: inout SplitMix64) -> QueryTerm {
        switch random.next() % 17 {
        case 0, 1, 2: return .text(pick(phrases, &random), pick(TextField.allCases, &random))
        case 3: return .kind(pick(kinds, &random))
        case 4: return .department(pick(departments, &random), pick(DepartmentRole.allCases, &random))
        case 5, 6: return .person(pick(people, &random), pick(PersonRole.allCases, &random))
        case 7: return .date(range(&random))
        case 8:
            let number = pick(numbers, &random)
            return random.next() % 2 == 0 ? .archiveNumber(number, prefix: false) : .archiveNumber(String(number.prefix(14)), prefix: true)
        case 9: return .stream(pick(streams, &random))
        case 10:
            let a = pick(Classification.allCases, &random), b = pick(Classification.allCases, &random)
            return .classification(min(a, b)...max(a, b))
        case 11: return .retention(pick(RetentionClass.allCases, &random))
        case 12: return .expiry(range(&random))
        case 13: return .decisionStatus(pick(FollowUpStatus.allCases, &random))
        case 14: return .deadline(range(&random))
        case 15: return .state(pick(RecordState.allCases, &random), random.next() % 3 != 0)
        default: return .eventType(pick(EventType.allCases, &random))
        }
    }

    func expression(_ random: inout SplitMix64, depth: Int) -> QueryExpression {
        let roll = random.next() % 10
        if depth >= 2 || roll < 4 { return .term(term(&random)) }
        let n = 2 + Int(random.next() % 2)
        let parts = (0..<n).map { _ in expression(&random, depth: depth + 1) }
        switch roll {
        case 4, 5, 6: return .and(parts)
        case 7, 8: return .or(parts)
        default: return .not(parts[0])
        }
    }
}
