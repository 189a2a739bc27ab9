import Foundation
import Synchronization
import Testing

/// Part 5 of the harness: the active write-ahead segment cut below what was
/// acknowledged, or deleted, and read commands run together beside a writer.
///
/// What must hold: no acknowledged event is ever dropped in silence (every read
/// command refuses, naming the damage, verify fails naming the file, and after
/// `annals log repair` the lost positions hold placeholders and are never reused);
/// and no read command fails because another reader, or a writer in another
/// process, is running.
@Suite(.serialized) struct LossAndReadersHarnessTests {
    static let sample = Reliability.repository.appendingPathComponent("Fixtures/samples/one-meeting.jsonl").path

    @Test func anActiveSegmentCutOrDeletedBelowItsAcknowledgedExtentIsNeverReadInSilence() throws {
        let dir = TemporaryDirectory()
        let (pristine, _) = try MalformedInputTests.sampleArchive(in: dir)
        let events = try CommandRun.annals(["export", "--archive", pristine]).lines.count
        var random = SplitMix64(seed: Reliability.seed ^ 0xAC4)
        let rounds = Reliability.rounds(short: 4, full: 60)
        var silent = 0
        var refusals = 0
        var repaired = 0
        for round in 0..<rounds {
            let archive = dir.path + "/round-\(round)"
            try copyFolder(pristine, to: archive)
            let log = archive + "/log"
            let wal = try #require(try FileManager.default.contentsOfDirectory(atPath: log).first { $0.hasSuffix(".wal") })
            let size = try #require(FileManager.default.contents(atPath: log + "/" + wal)).count
            let damage: String
            if round % 4 == 3 {
                try FileManager.default.removeItem(atPath: log + "/" + wal)
                damage = "deleted"
            } else {
                let cut = Int.random(in: 1...(size - 32), using: &random)
                try Data(try #require(FileManager.default.contents(atPath: log + "/" + wal)).prefix(size - cut))
                    .write(to: URL(fileURLWithPath: log + "/" + wal))
                damage = "cut by \(cut) bytes"
            }
            let before = TemporaryDirectory.snapshot(of: archive)
            for view in [["export"], ["catalogue"], ["query", "kind:科务会"], ["import", Self.sample]] {
                let run = try CommandRun.annals(view + ["--archive", archive])
                if run.succeeded {
                    silent += 1
                    Issue.record("\(damage): `\(view[0])` went on without the lost events: \(run.summary)")
                } else {
                    #expect(run.refusedCleanly && run.errors.contains(wal) && run.errors.contains("annals log repair"), "\(damage): \(run.summary)")
                    refusals += 1
                }
            }
            #expect(TemporaryDirectory.snapshot(of: archive).filter { !$0.key.hasSuffix("LOCK") } == before.filter { !$0.key.hasSuffix("LOCK") },
                    "\(damage): a command that refused changed the archive")
            let verify = try CommandRun.annals(["verify", "--archive", archive])
            #expect(!verify.succeeded && verify.text.contains(wal) && verify.text.contains("are lost"), "\(damage): \(verify.summary)")
            let repair = try CommandRun.annals(["log", "repair", "--archive", archive])
            #expect(repair.succeeded && repair.text.contains("recorded the loss"), "\(damage): \(repair.summary)")
            let after = try CommandRun.annals(["log", "verify", "--archive", archive])
            #expect(after.succeeded, "\(damage): after the repair: \(after.summary)")
            // The lost events are gone (placeholders hold their positions); the repaired
            // archive reads and takes the same file again, after the repair record.
            let export = try CommandRun.annals(["export", "--archive", archive])
            #expect(export.succeeded && export.lines.count < events, "\(damage): \(export.summary)")
            let again = try CommandRun.annals(["import", Self.sample, "--archive", archive])
            #expect(again.succeeded, "\(damage): \(again.summary)")
            if repair.succeeded && after.succeeded && again.succeeded { repaired += 1 }
        }
        Reliability.report(
            "active segment cut or deleted below its acknowledged extent",
            ["archives": rounds, "acknowledged appends lost or dropped silently": silent, "refusals naming the file": refusals,
             "repaired and written again": repaired])
    }

    @Test func readCommandsRunTogetherAndBesideAWriterWithoutFailingBecauseOfEachOther() throws {
        let dir = TemporaryDirectory()
        // An archive under the agency's policy (the one its generated history passes).
        let archive = dir.path + "/archive"
        #expect(try CommandRun.annals(["init", "--archive", archive, "--policy", AgencyFile.shared.policyPath]).succeeded)
        // The agency file, imported by a writer in another process while the readers run.
        let rounds = Reliability.rounds(short: 2, full: 20)
        let readers: [[String]] = [
            ["query", "kind:科务会"], ["query", "text:会议"], ["query", "sort:-date"], ["query", "text:会议", "--clearance", "公开"],
            ["catalogue"], ["export", "--clearance", "绝密", "--purpose", "harness"], ["decisions"], ["register"], ["stats"],
        ]
        let failures = Mutex<[String]>([])
        for round in 0..<rounds {
            let jobs: [[String]] = [["log", "stress-import", AgencyFile.shared.path, "--segment-bytes", "65536"]] + readers + readers
            DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
                let run = try? CommandRun.annals(jobs[i] + ["--archive", archive])
                guard let run, run.succeeded else {
                    failures.withLock { $0.append("round \(round): \(run?.summary ?? "did not start")") }
                    return
                }
            }
        }
        let failed = failures.withLock { $0 }
        #expect(failed.isEmpty, "\(failed)")
        Reliability.report(
            "readers beside readers and a writer",
            ["read commands": rounds * readers.count * 2, "writers": rounds, "failures caused by another reader or the writer": failed.count])
    }
}
