import Foundation
import Testing

/// Part 2 of the harness: random byte flips and truncations of every kind of file in
/// an archive (sealed and active segments, their index files, `merkle.nodes`, `LOCK`,
/// `archive.json`, the projections' checkpoint), each followed by what a user does:
/// verify (against the checkpoint an auditor kept), read everything, open as the
/// writer, verify and read again.
///
/// What must hold: no command dies of a signal or hangs; each either answers or exits
/// with `error: …`; and every damage is either reported (by verify, or by a command
/// refusing to open or read) or provably harmless: everything reads back exactly as
/// from the undamaged archive (a rebuildable file was rebuilt, or the bytes did not
/// matter). A damage that verify passes and that changes what is read is the failure
/// this part exists to find.
@Suite(.serialized) struct DamageHarnessTests {
    /// The undamaged archive and what it answers.
    struct Pristine: @unchecked Sendable {
        let path: String
        let checkpoint: String
        let answers: [String: Data]
    }

    /// The views compared with the undamaged archive's (read-only commands, but for
    /// the export's recorded reads, below).
    static let views: [String: [String]] = [
        "export": exportAll, "catalogue": ["catalogue", "--format", "json"], "register": ["register", "--format", "json"],
        "decisions": ["decisions", "--format", "json"],
    ]

    /// The export of every record the undamaged archive held: it needs the highest
    /// clearance, and records its reads of 秘密 and above (appends after the range,
    /// so that every export of the archive, before or after such reads, is the same).
    static var exportAll: [String] {
        let size = String(decoding: try! Data(contentsOf: URL(fileURLWithPath: pristinePath + ".checkpoint")), as: UTF8.self)
            .split(separator: "\n")[1]
        return ["export", "--clearance", "绝密", "--reader", "reliability", "--to", String(Int(size)! - 1)]
    }

    static let pristinePath = NSTemporaryDirectory() + "annals-pristine-\(UUID().uuidString.prefix(8))"

    static let pristine: Pristine = {
        let path = pristinePath
        let created = try! CommandRun.annals(["init", "--archive", path, "--policy", AgencyFile.shared.policyPath])
        let imported = try! CommandRun.annals(["log", "stress-import", AgencyFile.shared.path, "--archive", path, "--segment-bytes", "16384"])
        // One meeting more, so that the active segment is never the empty one a roll
        // just made (an empty active segment has no index file to damage).
        let sample = Reliability.repository.appendingPathComponent("Fixtures/samples/one-meeting.jsonl").path
        let more = try! CommandRun.annals(["import", sample, "--archive", path])
        precondition(created.succeeded && imported.succeeded && more.succeeded, imported.summary + more.summary)
        let checkpoint = path + ".checkpoint"
        _ = FileManager.default.createFile(atPath: checkpoint, contents: try! CommandRun.annals(["checkpoint", "--archive", path]).output)
        var answers: [String: Data] = [:]
        // The export records reads: it runs on a copy, so that the archive the damaged
        // copies are made from is the one the checkpoint was made of.
        let copy = path + "-export"
        try! copyFolder(path, to: copy)
        for (name, view) in views { answers[name] = try! CommandRun.annals(view + ["--archive", name == "export" ? copy : path]).output }
        try? FileManager.default.removeItem(atPath: copy)
        return Pristine(path: path, checkpoint: checkpoint, answers: answers)
    }()

    /// The kinds of file, each with the files of that kind in the pristine archive.
    static func kinds() -> [(kind: String, files: [String])] {
        let files = TemporaryDirectory.snapshot(of: pristine.path).keys.sorted()
        let wal = files.filter { $0.hasSuffix(".wal") }
        let activeIndex = wal.map { $0.replacingOccurrences(of: ".wal", with: ".idx") }.filter(files.contains)
        return [
            ("sealed segment", files.filter { $0.hasSuffix(".seg") }),
            ("active segment", wal),
            ("sealed segment index", files.filter { $0.hasSuffix(".idx") && !activeIndex.contains($0) }),
            ("active segment index", activeIndex),
            ("merkle.nodes", ["log/merkle.nodes"]),
            ("LOCK", ["log/LOCK"]),
            ("archive.json", ["archive.json"]),
            ("projections checkpoint", ["projections/state.snap"]),
        ]
    }

    @Test func everyFlipOrTruncationIsReportedOrHarmlessAndNothingCrashes() throws {
        let kinds = Self.kinds()
        #expect(kinds.allSatisfy { !$0.files.isEmpty }, "the pristine archive lacks a kind of file: \(kinds)")
        #expect(kinds[0].files.count >= 3, "the attacks need several sealed segments")
        var random = SplitMix64(seed: Reliability.seed ^ 0x5A5A)
        let trials = Reliability.rounds(short: kinds.count * 2, full: 320)
        var tally = DamageTally()
        for trial in 0..<trials {
            let (kind, files) = kinds[trial % kinds.count]
            let dir = TemporaryDirectory("damage")
            try? FileManager.default.removeItem(atPath: dir.path)
            try copyFolder(Self.pristine.path, to: dir.path)
            let file = files[Int.random(in: 0..<files.count, using: &random)]
            let damage = try Damage.apply(to: dir.path + "/" + file, truncate: trial / kinds.count % 2 == 1, &random)
            var verdict = try Self.judge(dir.path, what: "\(kind) \(file): \(damage)")
            // What the manifest says is read back by no command: compare it directly.
            if verdict.verdict == .harmless, file == "archive.json", EventLines.object(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + file)))
                != EventLines.object(try Data(contentsOf: URL(fileURLWithPath: Self.pristine.path + "/" + file)))
            {
                Issue.record("archive.json: \(damage): undetected: the archive opened with a manifest that says something else")
                verdict.verdict = .undetected
            }
            tally.count(verdict, kind: kind)
        }
        #expect(tally.undetected == 0 && tally.crashes == 0)
        Reliability.report(
            "flips and truncations",
            [
                "damaged archives": trials, "detected": tally.detected, "harmless (read back equal)": tally.harmless,
                "undetected": tally.undetected, "crashes": tally.crashes, "damaged content served without an error": tally.servedDamaged,
            ], note: tally.byKind())
    }

    enum Verdict: Equatable {
        case detected
        case harmless
        case undetected
        case crashed
    }

    /// Runs the user's commands on a damaged archive and says what became of the damage.
    static func judge(_ archive: String, what: String) throws -> (verdict: Verdict, servedDamaged: Bool) {
        var runs: [CommandRun] = []
        func run(_ arguments: [String]) throws -> CommandRun {
            let done = try CommandRun.annals(arguments + ["--archive", archive], timeout: 120)
            runs.append(done)
            return done
        }
        let verify = try run(["verify", "--format", "json", "--checkpoint", pristine.checkpoint])
        let reported = verify.json?["ok"] as? Bool == false
        var answers: [String: CommandRun] = [:]
        for (name, view) in views { answers[name] = try run(view) }
        let writer = try run(["import", "/dev/null"])
        let reverify = try run(["verify", "--format", "json", "--checkpoint", pristine.checkpoint])
        let reread = try run(exportAll)

        if let crash = runs.first(where: { $0.crashed }) {
            Issue.record("\(what): \(crash.summary)")
            return (.crashed, false)
        }
        for unclear in runs where !unclear.succeeded && !unclear.refusedCleanly && unclear.arguments.first != "verify" {
            Issue.record("\(what): not a clean refusal: \(unclear.summary)")
        }
        // Content served as if it were sound, though it differs from what was written.
        // A read of a log cut short is not this: it is what is there (and the views
        // built from it differ as they should).
        let exported = answers["export"]!
        let cutShort = exported.succeeded && exported.output != pristine.answers["export"]
            && pristine.answers["export"]!.starts(with: exported.output)
        let served = !cutShort && answers.contains { name, answer in answer.succeeded && answer.output != pristine.answers[name] }
        if served { print("reliability: \(what): damaged content served without an error") }
        let refused = runs.contains { $0.refusedCleanly }
        if reported || refused { return (.detected, served) }
        // Nothing said anything: every answer must be the undamaged archive's.
        let same = answers.allSatisfy { name, answer in answer.output == pristine.answers[name] }
            && reread.output == pristine.answers["export"] && reverify.json?["ok"] as? Bool == true
        if !same {
            let differing = answers.filter { $0.value.output != pristine.answers[$0.key] }.map(\.key).sorted()
            Issue.record("\(what): undetected: verify passed but \(differing.isEmpty ? "the reopened archive" : differing.joined(separator: ", ")) differs from the undamaged archive")
            return (.undetected, served)
        }
        _ = writer
        return (.harmless, false)
    }
}

/// One random damage to one file.
enum Damage {
    /// Flips 1 to 4 random bytes (or, in an empty file, writes some), or truncates the
    /// file to a random shorter length; returns what it did.
    static func apply(to path: String, truncate: Bool, _ random: inout SplitMix64) throws -> String {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let description: String
        if bytes.isEmpty {
            bytes = Data((0..<Int.random(in: 1...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            description = "filled an empty file with \(bytes.count) random bytes"
        } else if truncate {
            let length = Int.random(in: 0..<bytes.count, using: &random)
            bytes = bytes.prefix(length)
            description = "truncated to \(length) bytes"
        } else {
            var places: [String] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                bytes[at] ^= UInt8.random(in: 1...255, using: &random)
                places.append(String(at))
            }
            description = "flipped bytes at \(places.joined(separator: ", ")) of \(bytes.count)"
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        return description
    }
}

/// The counts the damage part reports.
struct DamageTally {
    var detected = 0
    var harmless = 0
    var undetected = 0
    var crashes = 0
    var servedDamaged = 0
    var kinds: [String: (detected: Int, harmless: Int)] = [:]

    mutating func count(_ result: (verdict: DamageHarnessTests.Verdict, servedDamaged: Bool), kind: String) {
        switch result.verdict {
        case .detected: detected += 1
        case .harmless: harmless += 1
        case .undetected: undetected += 1
        case .crashed: crashes += 1
        }
        if result.servedDamaged { servedDamaged += 1 }
        var entry = kinds[kind] ?? (0, 0)
        if result.verdict == .detected { entry.detected += 1 }
        if result.verdict == .harmless { entry.harmless += 1 }
        kinds[kind] = entry
    }

    /// "sealed segment 40/0, …": detected/harmless per kind of file.
    func byKind() -> String {
        "detected/harmless by file: " + kinds.keys.sorted().map { "\($0) \(kinds[$0]!.detected)/\(kinds[$0]!.harmless)" }.joined(separator: ", ")
    }
}
