import Annals
import Foundation

/// The query layer's figures (issue 5) on a generated archive of at least ten years
/// and a million events: archive-number lookup, a text query with facets, the cost
/// of building the index beside a full replay, and the index's size.
enum QueryWorkloads {
    static func run(scale: Double, progress: (String) -> Void) throws -> [LogWorkloads.Figure] {
        let dir = NSTemporaryDirectory() + "annals-bench-query-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Twenty years (2005–2024) of the default agency: ~1,000,000 events at scale 1.
        let years = max(1, Int((20 * scale).rounded()))
        progress("query: generating \(years) years of meetings")
        let codec = EventJSONCodec()
        var lines: [UInt8] = []
        lines.reserveCapacity(300 << 20)
        var count = 0
        let generator = AgencyGenerator(GeneratorOptions(years: years, seed: 1, startYear: 2025 - years))
        for event in generator {
            lines += Array(codec.encode(event).utf8)
            lines.append(UInt8(ascii: "\n"))
            count += 1
        }
        progress("query: importing \(count) events")
        let archive = try Archive.create(at: dir, options: generator.archiveOptions)
        _ = try archive.importLines(lines)
        lines = []
        try archive.close()
        let reopened = try Archive.open(at: dir)
        defer { try? reopened.close() }

        // Full replay into the projections, then the index built from them, from scratch.
        progress("query: full replay, then the index build")
        let end = reopened.log.endPosition
        var start = Date()
        let set = try reopened.projections(asOf: .position(end - 1))
        let replay = Date().timeIntervalSince(start)
        start = Date()
        let stats = try reopened.rebuildQueryIndex()
        let build = Date().timeIntervalSince(start)
        let logBytes = directorySize(dir + "/log")

        // Archive-number lookups: every filed record, shuffled, by a 内部 reader.
        let numbers = set.numbering.order.compactMap { set.numbering[$0]?.formatted() }.shuffled()
        let reader = Reader(id: "bench", clearance: .internal)
        for number in numbers.prefix(200) { _ = try reopened.record(numbered: number, reader: reader) }
        var lookups: [Double] = []
        for round in 0..<5 {
            for number in numbers {
                let t = DispatchTime.now().uptimeNanoseconds
                guard try reopened.record(numbered: number, reader: reader) != nil else { fatalError("lookup of \(number) found nothing") }
                lookups.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
            }
            _ = round
        }

        // Two-bigram phrases (three characters) from the archive's own agenda, with two facets.
        let kinds = ["科务会", "主任办公会", "周例会", "党组会议"]
        var phrases: [String] = []
        for state in set.records.states where phrases.count < 200 {
            guard let item = state.agenda.first?.title else { continue }
            let scalars = Array(item.unicodeScalars)
            guard scalars.count >= 6 else { continue }
            let s = String(String.UnicodeScalarView(scalars[2..<5]))
            if s.unicodeScalars.allSatisfy({ $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { phrases.append(s) }
        }
        var texts: [Double] = []
        var hits = 0
        for (n, phrase) in phrases.enumerated() {
            let year = 2025 - years + n % years
            let query = try Query(parsing: "text:\(phrase) kind:\(kinds[n % kinds.count]) year:\(year)..\(year + 2)")
            for _ in 0..<5 {
                let t = DispatchTime.now().uptimeNanoseconds
                hits += try reopened.query(query, reader: reader).total
                texts.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1000)
            }
        }
        progress("query: \(lookups.count) lookups, \(texts.count) text queries (\(hits) hits)")
        return [
            .init(name: "query: events in the archive", value: Double(count), unit: "events", target: ">= 1,000,000"),
            .init(name: "query: archive-number lookup p50", value: percentile(lookups, 0.5), unit: "µs", target: "-"),
            .init(name: "query: archive-number lookup p99", value: percentile(lookups, 0.99), unit: "µs", target: "< 50 µs"),
            .init(name: "query: 2-bigram text + 2 facets p50", value: percentile(texts, 0.5) / 1000, unit: "ms", target: "-"),
            .init(name: "query: 2-bigram text + 2 facets p99", value: percentile(texts, 0.99) / 1000, unit: "ms", target: "< 5 ms"),
            .init(name: "query: full replay", value: replay * 1000, unit: "ms", target: "-"),
            .init(name: "query: index build from the projections", value: build * 1000, unit: "ms", target: "-"),
            .init(name: "query: index build / full replay", value: build / replay * 100, unit: "%", target: "<= 50%"),
            .init(name: "query: index documents", value: Double(stats.documents), unit: "meetings", target: "-"),
            .init(name: "query: index size / sealed log", value: Double(stats.bytes) / Double(logBytes) * 100, unit: "%", target: "<= 60%"),
        ]
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    static func directorySize(_ path: String) -> Int {
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.size] as? Int) ?? 0
        }
        return total
    }
}
