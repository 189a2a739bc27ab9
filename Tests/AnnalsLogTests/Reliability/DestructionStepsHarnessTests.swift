import Foundation
import Testing

/// Part 6 of the harness: a destruction stopped at each of its steps. `annals import`
/// of one `archive.destroyed` (meeting/KJK-2012-001 of the office scenario, whose
/// content lies in a sealed segment) makes, through the one I/O seam, a numbered
/// sequence of calls: opening the log, the intent record, the append of the
/// destruction and its durable mark, the rewrite of each segment holding the content,
/// the projections' checkpoint, the intent's removal, the closing index checkpoint.
/// At call N (`ANNALS_FAULT=EFFECT:any:N`) the real process is killed with SIGKILL,
/// or the call fails with ENOSPC or EIO.
///
/// What must hold after each: before any writer reopens the archive, no reader's view
/// (export, minutes, query) serves the destroyed content once `archive.destroyed` is
/// in the log; the error printed is true (never "nothing was written" once the
/// destruction is recorded, never "is recorded" when it is not); a success is a
/// destruction in the log; the next writable open (repairing if it demands it)
/// finishes the shred: the intent record is gone, no uncompressed file holds the
/// content, verify passes and every event of the archive before is there.
@Suite(.serialized) struct DestructionStepsHarnessTests {
    static let scenario = Reliability.repository.appendingPathComponent("Fixtures/scenarios/office-2012-2024/events.jsonl").path
    static let destroyed = "meeting/KJK-2012-001"
    /// Texts only the destroyed meeting held (an agenda item, a decision).
    static let content = ["2012年科技项目申报安排", "3月15日前完成项目申报材料汇总"]

    /// The archive before the destruction: the scenario up to it (its one line that
    /// breaks a rule left out), imported in chunks with small segments, so that the
    /// destroyed meeting's content is in sealed segments the shred must rewrite.
    static func pristine(in dir: TemporaryDirectory) throws -> (archive: String, destruction: String, ids: Set<String>) {
        let lines = try #require(FileManager.default.contents(atPath: scenario)).split(separator: UInt8(ascii: "\n")).map { Data($0) }
        let at = try #require(lines.firstIndex { String(decoding: $0, as: UTF8.self).contains("\"type\":\"archive.destroyed\"") })
        let before = Data(lines[..<at].joined(separator: [10]) + [10])
        _ = FileManager.default.createFile(atPath: dir.path + "/before.jsonl", contents: before)
        let probe = dir.path + "/probe"
        #expect(try CommandRun.annals(["init", "--archive", probe]).succeeded)
        let judged = try CommandRun.annals(["import", dir.path + "/before.jsonl", "--skip-invalid", "--archive", probe, "--format", "json"])
        let refused = Set(((judged.json?["rejected"] as? [[String: Any]]) ?? []).compactMap { $0["line"] as? Int })
        let valid = lines[..<at].enumerated().filter { !refused.contains($0.offset + 1) }.map(\.element)
        _ = FileManager.default.createFile(atPath: dir.path + "/valid.jsonl", contents: Data(valid.joined(separator: [10]) + [10]))
        _ = FileManager.default.createFile(atPath: dir.path + "/destroy.jsonl", contents: lines[at] + Data([10]))
        let archive = dir.path + "/pristine"
        #expect(try CommandRun.annals(["init", "--archive", archive]).succeeded)
        let imported = try CommandRun.annals(["log", "stress-import", dir.path + "/valid.jsonl", "--segment-bytes", "2048", "--archive", archive])
        #expect(imported.succeeded, "\(imported.summary)")
        let ids = Set(try CommandRun.annals(["export", "--archive", archive] + Self.cleared).lines.compactMap(Self.id))
        #expect(ids.count == valid.count)
        return (archive, dir.path + "/destroy.jsonl", ids)
    }

    static func id(_ line: Substring) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
    }

    /// An export of everything (the archive holds 秘密 records), recording its reads.
    static let cleared = ["--clearance", "绝密", "--reader", "reliability", "--purpose", "harness"]

    /// Whether a reader sees the destruction: `minutes` of a destroyed record says so
    /// (and serves its register entry only).
    static func recordsTheDestruction(_ archive: String) throws -> (Bool, CommandRun) {
        let minutes = try CommandRun.annals(["minutes", destroyed, "--archive", archive, "--format", "json"])
        return (minutes.errors.contains("was destroyed on"), minutes)
    }

    static func servesContent(_ text: String) -> Bool { content.contains { text.contains($0) } }

    @Test func aDestructionStoppedAtAnyStepNeverServesTheDestroyedContentAndIsFinishedByTheNextWriter() throws {
        let dir = TemporaryDirectory()
        let (pristine, destruction, ids) = try Self.pristine(in: dir)
        // Every call in the full form, for each effect; a spread of them in `make test`.
        let sample = [11, 12, 16, 17, 18, 20, 22, 24, 26, 28, 30]
        var figures = (
            rounds: 0, kills: 0, faults: 0, recorded: 0, served: 0, lost: 0, untruthful: 0, unopenable: 0, repairs: 0, unverified: 0,
            unshredded: 0)
        var steps = 0
        for effect in ["kill", "enospc", "eio"] {
            var call = 0
            while true {
                defer { call += 1 }
                if !Reliability.isFull {
                    guard let next = sample.first(where: { $0 >= call }) else { break }
                    call = next
                    // Alternate the two faults over the sample in the short form.
                    if effect != "kill", (sample.firstIndex(of: call)! % 2 == 0) != (effect == "enospc") { continue }
                }
                let archive = dir.path + "/round"
                try? FileManager.default.removeItem(atPath: archive)
                try copyFolder(pristine, to: archive)
                let run = try CommandRun.program(
                    annalsExecutable(), ["import", destruction, "--archive", archive], environment: ["ANNALS_FAULT": "\(effect):any:\(call)"],
                    timeout: 120)
                if run.succeeded && effect == "kill" {
                    steps = call  // the destruction ran to its end: every call has been stopped at once
                    break
                }
                if Reliability.isFull, effect != "kill", call >= steps { break }  // past the last call
                figures.rounds += 1
                if effect == "kill" { figures.kills += 1 } else { figures.faults += 1 }
                let label = "\(effect) at call \(call) (\(run.errors.split(separator: "\n").first ?? "no error"))"

                // Readers first, before any writer reopens the archive.
                let (recorded, minutes) = try Self.recordsTheDestruction(archive)
                if recorded {
                    figures.recorded += 1
                    // The record is 内部: a reader at the default clearance may read it whole.
                    let export = try CommandRun.annals(["export", "--stream", Self.destroyed, "--archive", archive])
                    let query = try CommandRun.annals(["query", "text:科技项目申报", "--archive", archive, "--format", "json"])
                    for (view, output) in [("export", export.text), ("minutes", minutes.text), ("query", query.text)] where Self.servesContent(output) {
                        figures.served += 1
                        Issue.record("\(label): `\(view)` serves the content of the destroyed record")
                    }
                }
                // The error says what happened.
                if run.succeeded && !recorded {
                    figures.untruthful += 1
                    Issue.record("\(label): the import succeeded but no reader sees the destruction")
                }
                if !run.succeeded && !run.crashed {
                    let saysNothing = run.errors.contains("nothing was written") || run.errors.contains("nothing of")
                    let saysRecorded = run.errors.contains("is recorded")
                    if (recorded && saysNothing) || (!recorded && saysRecorded) {
                        figures.untruthful += 1
                        Issue.record("\(label): the error is untrue (destruction \(recorded ? "" : "not ")in the log): \(run.errors)")
                    }
                }

                // The next writer finishes the shred.
                var reopened = try CommandRun.annals(["import", "/dev/null", "--archive", archive])
                if !reopened.succeeded && reopened.errors.contains("annals log repair") {
                    figures.repairs += 1
                    _ = try CommandRun.annals(["log", "repair", "--archive", archive])
                    reopened = try CommandRun.annals(["import", "/dev/null", "--archive", archive])
                }
                guard reopened.succeeded else {
                    figures.unopenable += 1
                    Issue.record("\(label): the archive does not open as the writer: \(reopened.summary)")
                    continue
                }
                let verify = try CommandRun.annals(["verify", "--archive", archive])
                if !verify.succeeded {
                    figures.unverified += 1
                    Issue.record("\(label): verify after the next writer: \(verify.summary) \(verify.text.prefix(600))")
                }
                let after = try CommandRun.annals(["export", "--archive", archive] + Self.cleared)
                let present = Set(after.lines.compactMap(Self.id))
                let missing = ids.subtracting(present).count
                figures.lost += missing
                #expect(missing == 0, "\(label): \(missing) events of the archive are gone")
                if try Self.recordsTheDestruction(archive).0 {
                    let pending = FileManager.default.fileExists(atPath: archive + "/projections/pending-destruction")
                    let holders = TemporaryDirectory.snapshot(of: archive).filter { !$0.key.hasSuffix(".seg") && Self.servesContent(String(decoding: $0.value, as: UTF8.self)) }
                    if pending || !holders.isEmpty || Self.servesContent(after.text) {
                        figures.unshredded += 1
                        Issue.record("\(label): the next writer did not finish the shred (intent left: \(pending), held by \(holders.keys.sorted()))")
                    }
                } else if run.succeeded {
                    Issue.record("\(label): an acknowledged destruction is gone after the reopen")
                }
            }
        }
        #expect(figures.served == 0 && figures.untruthful == 0 && figures.unopenable == 0 && figures.unverified == 0)
        #expect(!Reliability.isFull || steps > 20, "the destruction made only \(steps) calls")
        Reliability.report(
            "destruction stopped at each step",
            [
                "rounds": figures.rounds, "SIGKILLs": figures.kills, "ENOSPC or EIO": figures.faults,
                "calls of the destruction's import": steps, "rounds with archive.destroyed durable": figures.recorded,
                "destroyed contents served": figures.served, "acknowledged appends lost": figures.lost,
                "untrue errors": figures.untruthful, "archives that did not reopen": figures.unopenable,
                "repairs demanded": figures.repairs, "verify failures after the next writer": figures.unverified,
                "shreds left unfinished by the next writer": figures.unshredded,
            ])
    }
}
