import Foundation
import Testing

/// Part 3 of the harness: the malformed-input corpus (Fixtures/malformed, made by its
/// generate.py). Every file is imported into an archive holding the sample meeting;
/// each must be refused with `error: line N: CODE: …` naming the line and the rule or
/// codec code that `expected.tsv` gives, exit 1, and leave every file of the archive
/// byte for byte as it was. The hostile query strings in query/ go to `annals query`
/// once it exists: answered or refused, never a crash, the archive unchanged.
@Suite struct MalformedInputTests {
    static let corpus = Reliability.repository.appendingPathComponent("Fixtures/malformed").path

    /// `expected.tsv`: file, line, code.
    static func expectations() throws -> [(file: String, line: Int, code: String)] {
        let text = try String(contentsOfFile: corpus + "/expected.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { row in
            let parts = row.split(separator: "\t").map(String.init)
            return (parts[0], Int(parts[1])!, parts[2])
        }
    }

    /// An archive holding the sample meeting, kept aside to restore from.
    static func sampleArchive(in dir: TemporaryDirectory) throws -> (archive: String, pristine: String) {
        let pristine = dir.path + "/pristine"
        let sample = Reliability.repository.appendingPathComponent("Fixtures/samples/one-meeting.jsonl").path
        #expect(try CommandRun.annals(["init", "--archive", pristine]).succeeded)
        #expect(try CommandRun.annals(["import", sample, "--archive", pristine]).succeeded)
        let archive = dir.path + "/archive"
        try copyFolder(pristine, to: archive)
        return (archive, pristine)
    }

    @Test func everyMalformedFileIsRefusedByLineAndChangesNothing() throws {
        let expected = try Self.expectations()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { $0.hasSuffix(".jsonl") }
        #expect(Set(files) == Set(expected.map(\.file)), "expected.tsv and the files differ: run Fixtures/malformed/generate.py")
        #expect(expected.count >= 200)
        let dir = TemporaryDirectory()
        let (archive, pristine) = try Self.sampleArchive(in: dir)
        let before = TemporaryDirectory.snapshot(of: archive)
        var rejected = 0
        var rules = Set<String>()
        for (file, line, code) in expected {
            let run = try CommandRun.annals(["import", Self.corpus + "/" + file, "--archive", archive])
            let named = run.refusedCleanly && run.errors.hasPrefix("error: line \(line): \(code): ")
            #expect(named, "\(file): expected `error: line \(line): \(code): …`; \(run.summary)")
            if TemporaryDirectory.snapshot(of: archive) != before {
                Issue.record("\(file) changed the archive")
                try FileManager.default.removeItem(atPath: archive)
                try copyFolder(pristine, to: archive)
            } else if named {
                rejected += 1
                if file.hasPrefix("rule-") { rules.insert(code) }
            }
        }
        Reliability.report(
            "malformed inputs", ["bad inputs rejected": rejected, "of": expected.count, "rules broken": rules.count],
            note: "each named by line and code, the archive byte for byte unchanged")
    }

    @Test func hostileQueriesAreAnsweredOrRefusedAndChangeNothing() throws {
        // (Without the command, the parser answers `query --help` with the general help.)
        let help = try CommandRun.annals(["query", "--help"])
        guard help.succeeded, help.text.contains("USAGE: annals query") else {
            Reliability.report("hostile queries", [:], note: "skipped (no query command)")
            return
        }
        let dir = TemporaryDirectory()
        let (archive, _) = try Self.sampleArchive(in: dir)
        // A first query makes the index file (docs/FORMAT.md, "Query index"); from then
        // on no query may change a byte, however hostile.
        let first = try CommandRun.annals(["query", "kind:科务会", "--archive", archive, "--format", "json"])
        #expect(first.succeeded, "\(first.summary)")
        #expect(FileManager.default.fileExists(atPath: archive + "/indexes/query.idx"))
        let before = TemporaryDirectory.snapshot(of: archive)
        let queries = try FileManager.default.contentsOfDirectory(atPath: Self.corpus + "/query").filter { $0.hasSuffix(".txt") }.sorted()
        var answered = 0
        var refused = 0
        for name in queries {
            // Through the shell, so that the file's bytes (invalid UTF-8 included) are
            // the argument as they are.
            let run = try CommandRun.annals(shell: "query \"$(cat '\(Self.corpus)/query/\(name)')\" --archive '\(archive)' --format json")
            #expect(run.succeeded || run.refusedCleanly, "query \(name): \(run.summary)")
            if run.succeeded { answered += 1 }
            if run.refusedCleanly { refused += 1 }
            #expect(TemporaryDirectory.snapshot(of: archive) == before, "query \(name) changed the archive")
        }
        Reliability.report("hostile queries", ["queries": queries.count, "answered": answered, "refused": refused])
    }
}
