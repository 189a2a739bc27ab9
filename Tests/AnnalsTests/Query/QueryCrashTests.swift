import Foundation
import Testing

@testable import Annals

/// The `annals` executable built beside the test runner (as in AnnalsLogTests).
func annalsBinary() -> String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("annals").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/annals").path
}

/// A real `annals query` process killed with SIGKILL while it builds and writes the
/// index; the archive reopened afterwards answers exactly as a fresh index does.
@Suite(.serialized) struct QueryCrashTests {
    typealias Folder = ImportExportTests.Folder

    static let queries = [
        "text:会议", "kind:科务会 year:2015", "invited:P0026 (absent:P0026 OR late:P0026 OR present:P0026)", "text:\"工作任务\" -dept:BGS", "kind:周例会 OR kind:主任办公会 sort:-date",
    ]

    /// The answers of a freshly built index over the archive's projections.
    func fresh(_ archive: Archive, _ queries: [Query], _ reader: Reader) throws -> [[String]] {
        let set = try archive.projections()
        var index = QueryIndex()
        index.catchUp(with: set)
        return queries.map { query in
            var evaluator = QueryEvaluator(index: index, set: set, reader: reader, today: CivilDate(year: 2016, month: 1, day: 1)!)
            let matches = evaluator.evaluate(query.expression, within: evaluator.all)
            return evaluator.result(matches, query, phrases: query.expression.positivePhrases).hits.map(\.stream)
        }
    }

    func copy(_ from: String, to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    @Test func killingTheProcessWhileTheIndexIsWrittenNeverGivesWrongAnswers() throws {
        let options = GeneratorOptions(years: 1, seed: 23, startYear: 2015, custodyYears: 0, eventsPerYear: 3_000)
        let lines = Array(AgencyGenerator(options))
        let codec = EventJSONCodec()
        func jsonl(_ events: ArraySlice<Event>) -> [UInt8] {
            var w = JSONWriter(capacity: 1 << 20)
            for e in events {
                codec.encode(e, into: &w)
                w.newline()
            }
            return w.bytes
        }
        // An archive whose index file lags: saved after the first half, then the second half appended.
        let base = Folder()
        let archive = try Archive.create(at: base.path, options: .generated(options))
        _ = try archive.importLines(jsonl(lines[..<(lines.count / 2)]))
        // A first query makes the index; from then on it is kept in its file.
        _ = try archive.evaluate(Query(parsing: "text:会议"), reader: Reader(id: "P0001", clearance: .internal))
        try archive.saveProjections()
        _ = try archive.importLines(jsonl(lines[(lines.count / 2)...]))
        // Keep the lagging index file: close() would bring it up to date.
        let lagging = try #require(FileManager.default.contents(atPath: base.path + "/" + Archive.queryIndexFile))
        try archive.close()
        try lagging.write(to: URL(fileURLWithPath: base.path + "/" + Archive.queryIndexFile))

        // How long an uninterrupted run takes, to spread the kills over it.
        let work = Folder()
        try copy(base.path, to: work.path)
        let started = Date()
        let full = try run(work.path, killAfter: nil)
        #expect(full == 0)
        let duration = Date().timeIntervalSince(started)

        var generator = SplitMix64(seed: 99)
        var killed = 0
        let reader = Reader(id: "P0001", clearance: .internal)
        let queries = try Self.queries.map { try Query(parsing: $0, limit: 1000) }
        // Rounds until four were killed midway (a run that finished first is checked
        // all the same): how many finish first depends on the machine's speed.
        var round = 0
        while killed < 4 && round < 24 {
            defer { round += 1 }
            try copy(base.path, to: work.path)
            let delay = duration * Double(generator.next() % 800) / 1000
            if try run(work.path, killAfter: delay) == nil { killed += 1 }
            let reopened = try Archive.open(at: work.path)
            let expected = try fresh(reopened, queries, reader)
            for (n, query) in queries.enumerated() {
                let answer = try reopened.evaluate(query, reader: reader, judgedOn: CivilDate(year: 2016, month: 1, day: 1)!).hits.map(\.stream)
                #expect(answer == expected[n], "round \(round), killed after \(delay) s: \(Self.queries[n])")
                #expect(!answer.isEmpty, "\(Self.queries[n]) should find something")
            }
            try reopened.close()
        }
        #expect(killed >= 4, "only \(killed) of \(round) runs were killed before they finished")
    }

    /// Runs `annals query` on the archive; SIGKILLs it after `killAfter` seconds.
    /// Returns the exit status, or nil if it was killed.
    func run(_ path: String, killAfter: Double?) throws -> Int32? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: annalsBinary())
        process.arguments = ["query", "--archive", path, "--clearance", "内部", "--reader", "P0001", "text:会议"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let killAfter {
            Thread.sleep(forTimeInterval: killAfter)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
