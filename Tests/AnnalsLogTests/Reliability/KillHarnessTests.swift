import Foundation
import Testing

/// Part 1 of the harness: a writer importing an agency's history is killed with
/// SIGKILL at random moments (while opening, deciding, writing, syncing, shredding a
/// destroyed record or replacing the projections' checkpoint); after each kill the
/// archive is reopened, verified against the checkpoint taken after the previous
/// round, and read back whole.
///
/// What must hold: every line the writer acknowledged is in the archive with the
/// content it had in the file, at the position of its line; the chunk in flight is
/// all there, not there, or cut only where the import itself writes separately (at an
/// `archive.destroyed`); a destruction that made it into the log is finished (its
/// record's content shredded) by the reopen; the projections after the crash are
/// those a replay from scratch gives.
@Suite(.serialized) struct KillHarnessTests {
    /// The writers: most rounds the chunked importer (`annals log stress-import`), which
    /// acknowledges chunk after chunk; every fourth a plain `annals import` of the next
    /// lines, acknowledged by its successful exit.
    @Test func acknowledgedImportsSurviveSIGKILLAndNoBatchIsHalfVisible() throws {
        let agency = AgencyFile.shared
        let work = TemporaryDirectory()
        var random = SplitMix64(seed: Reliability.seed)
        let rounds = Reliability.rounds(short: 20, full: 300)
        var round = KillRound(agency: agency, work: work.path)
        var figures = (
            kills: 0, acknowledgedLines: 0, acknowledgedChunks: 0, lost: 0, cutAtDestruction: 0, epochs: 0, unopenable: 0,
            destroyedServed: 0, readerChecks: 0)
        try round.startEpoch()
        for number in 0..<rounds {
            if round.acknowledged == agency.lines.count {
                figures.epochs += 1
                try round.startEpoch()
            }
            let before = round.acknowledged
            let outcome = try number % 4 == 3 ? round.killPlainImport(&random) : round.killChunkedImport(&random)
            figures.kills += outcome.killed ? 1 : 0
            figures.acknowledgedChunks += outcome.acknowledgedChunks
            // Before any writer reopens it (and finishes an interrupted shred), a reader
            // must already serve every recorded destruction's content as destroyed.
            if let served = try round.destroyedContentServedToAReader() {
                figures.destroyedServed += served
                figures.readerChecks += 1
            }
            guard let result = try round.check(after: outcome, projections: number % 3 == 0 || number == rounds - 1) else {
                // The archive no longer opens (an issue is recorded): the rounds after
                // this one start a new history rather than repeat the failure.
                figures.unopenable += 1
                try round.startEpoch()
                continue
            }
            figures.lost += result.lost
            figures.cutAtDestruction += result.cutAtDestruction ? 1 : 0
            figures.acknowledgedLines += round.acknowledged - before
        }
        #expect(figures.lost == 0, "acknowledged lines were lost")
        #expect(figures.destroyedServed == 0, "a reader was served the content of a destroyed record")
        #expect(figures.unopenable == 0, "archives did not open after a kill")
        #expect(figures.kills >= rounds / 2, "too few writers were killed while running (\(figures.kills) of \(rounds))")
        Reliability.report(
            "kill harness",
            [
                "kills survived": figures.kills, "acknowledged lines": figures.acknowledgedLines,
                "acknowledged chunks": figures.acknowledgedChunks, "acknowledged appends lost": figures.lost,
                "chunks cut at a destruction": figures.cutAtDestruction, "histories completed": figures.epochs,
                "archives that did not reopen": figures.unopenable,
                "reader exports right after a kill": figures.readerChecks,
                "destroyed contents served after archive.destroyed was durable": figures.destroyedServed,
            ])
    }
}

/// What one round's writer did before it died.
struct KillOutcome {
    /// Whether SIGKILL ended it (rather than its own exit).
    var killed: Bool
    /// The last line it acknowledged (1-based), or the previous rounds' if none.
    var acknowledgedThrough: Int
    var acknowledgedChunks: Int
    /// The lines it was importing when it died, unacknowledged.
    var inFlight: ClosedRange<Int>?
}

/// The state carried from round to round: the archive, what was acknowledged, what
/// was seen, and the checkpoint the next round's log must extend.
struct KillRound {
    let agency: AgencyFile
    let work: String
    var archive = ""
    var epoch = 0
    var acknowledged = 0
    var visible = 0
    var checkpoint: String?

    init(agency: AgencyFile, work: String) {
        self.agency = agency
        self.work = work
    }

    var errors: String { work + "/child-errors.txt" }

    mutating func startEpoch() throws {
        if !archive.isEmpty { try? FileManager.default.removeItem(atPath: archive) }
        epoch += 1
        archive = work + "/archive-\(epoch)"
        let created = try CommandRun.annals(["init", "--archive", archive, "--policy", agency.policyPath])
        #expect(created.succeeded, "\(created.summary)")
        acknowledged = 0
        visible = 0
        checkpoint = nil
    }

    /// The chunked importer, killed after a random number of acknowledgments (none:
    /// while it opens the archive or imports its first chunk) and a random while more.
    func killChunkedImport(_ random: inout SplitMix64) throws -> KillOutcome {
        let child = try StressChild(
            arguments: [
                "log", "stress-import", agency.path, "--archive", archive, "--from-line", String(acknowledged + 1),
                "--seed", String(random.next() % 1_000_000), "--segment-bytes", "16384", "--save-every", "3",
            ], errors: errors)
        let wanted = Int.random(in: 0...5, using: &random)
        if wanted == 0 {
            usleep(UInt32.random(in: 0...300_000, using: &random))
        } else {
            child.waitForAcknowledgments(wanted)
            usleep(UInt32.random(in: 0...40_000, using: &random))
        }
        var outcome = KillOutcome(killed: child.kill(), acknowledgedThrough: acknowledged, acknowledgedChunks: 0)
        for line in child.lines() {
            let parts = line.split(separator: " ")
            guard parts.count >= 3, let first = Int(parts[1]), let last = Int(parts[2]) else { continue }
            if parts[0] == "chunk" { outcome.inFlight = first...last }
            if parts[0] == "ack" {
                outcome.acknowledgedThrough = last
                outcome.acknowledgedChunks += 1
                outcome.inFlight = nil
            }
        }
        if !outcome.killed {
            #expect(child.process.terminationStatus == 0, "the importer failed: \(String(decoding: FileManager.default.contents(atPath: errors) ?? Data(), as: UTF8.self))")
        }
        return outcome
    }

    /// `annals import` of the next 1 to 80 lines, killed at a random moment of its life
    /// (within 60 ms: a release build imports 80 lines in about 100).
    func killPlainImport(_ random: inout SplitMix64) throws -> KillOutcome {
        let lines = (acknowledged + 1)...min(agency.lines.count, acknowledged + Int.random(in: 1...80, using: &random))
        let chunk = work + "/chunk.jsonl"
        _ = FileManager.default.createFile(atPath: chunk, contents: Data(agency.lines[(lines.lowerBound - 1)..<lines.upperBound].joined(separator: [10]) + [10]))
        let child = try StressChild(arguments: ["import", chunk, "--archive", archive], errors: errors)
        usleep(UInt32.random(in: 0...60_000, using: &random))
        let killed = child.kill()
        if !killed {
            #expect(child.process.terminationStatus == 0, "the import failed: \(String(decoding: FileManager.default.contents(atPath: errors) ?? Data(), as: UTF8.self))")
            let done = child.process.terminationStatus == 0
            return KillOutcome(killed: false, acknowledgedThrough: done ? lines.upperBound : acknowledged, acknowledgedChunks: done ? 1 : 0, inFlight: done ? nil : lines)
        }
        return KillOutcome(killed: true, acknowledgedThrough: acknowledged, acknowledgedChunks: 0, inFlight: lines)
    }

    /// The event types that are a record's content (`MeetingState.isContent`): every
    /// type but the custody events, which a destruction keeps.
    static let custodyTypes: Set<String> = [
        "meeting.archived", "archive.accessed", "archive.inspected", "hold.placed", "hold.released", "retention.appraised",
        "destruction.approved", "archive.destroyed",
    ]

    /// A read-only export right after the kill: the content lines it serves of streams
    /// whose `archive.destroyed` it also serves (nil when the export did not run, e.g.
    /// an archive killed before it had a log).
    func destroyedContentServedToAReader() throws -> Int? {
        let export = try CommandRun.annals(["export", "--archive", archive])
        guard export.succeeded else { return nil }
        var destroyed: Set<String> = []
        var content: [(stream: String, live: Bool)] = []
        for line in export.lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let stream = object["stream"] as? String, let type = object["type"] as? String
            else { continue }
            if type == "archive.destroyed" { destroyed.insert(stream) }
            if !Self.custodyTypes.contains(type) { content.append((stream, object["destroyed"] as? Bool != true)) }
        }
        return content.filter { $0.live && destroyed.contains($0.stream) }.count
    }

    /// Reopens the archive as a writer (recovery), verifies it against the previous
    /// checkpoint and reads every event back; records an issue for anything wrong.
    /// Nil when the archive does not open.
    mutating func check(after outcome: KillOutcome, projections: Bool) throws -> (lost: Int, cutAtDestruction: Bool)? {
        let reopened = try CommandRun.annals(["import", "/dev/null", "--archive", archive])
        guard reopened.succeeded else {
            Issue.record("reopening after the kill: \(reopened.summary)")
            return nil
        }
        let verify = try CommandRun.annals(["verify", "--archive", archive, "--format", "json"] + (checkpoint.map { ["--checkpoint", $0] } ?? []))
        let report = verify.json ?? [:]
        #expect(!verify.crashed && report["ok"] as? Bool == true, "verify after the kill: \(verify.summary) \(verify.text.prefix(800))")
        let records = report["records"] as? Int ?? 0

        // Every event exported sits at its line's position with its line's content.
        // All of it: an export holds every record's content, so it needs the highest
        // clearance, and records its reads of 秘密 and above. From a copy, so that those
        // records do not take the positions the next import's lines are checked at.
        let exportedCopy = work + "/exported"
        try? FileManager.default.removeItem(atPath: exportedCopy)
        try copyFolder(archive, to: exportedCopy)
        defer { try? FileManager.default.removeItem(atPath: exportedCopy) }
        let export = try CommandRun.annals(["export", "--archive", exportedCopy, "--clearance", "绝密", "--reader", "reliability"])
        #expect(export.succeeded, "\(export.summary)")
        var exported = Set<Int>()
        var mismatches = 0
        for line in EventLines.split(export.output) {
            let fields = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
            // A destroyed event is exported as a tombstone line (no content): it counts as shredded.
            if fields?["destroyed"] as? Bool == true { continue }
            guard let event = EventLines.object(line), let position = fields?["position"] as? Int,
                position < agency.lines.count
            else {
                Issue.record("an exported line is not an event of the file: \(String(decoding: line.prefix(300), as: UTF8.self))")
                continue
            }
            exported.insert(position)
            if event != EventLines.object(agency.lines[position]) {
                mismatches += 1
                if mismatches <= 3 { Issue.record("position \(position) holds \(String(decoding: line.prefix(300), as: UTF8.self))") }
            }
        }
        // Missing positions are destroyed content, and only that.
        let destroyedStreams = Set((0..<min(records, agency.lines.count)).filter { agency.types[$0] == "archive.destroyed" }.map { agency.streams[$0] })
        var lost = max(0, outcome.acknowledgedThrough - records)
        for position in 0..<min(records, agency.lines.count) {
            let shredded = destroyedStreams.contains(agency.streams[position]) && !AgencyFile.custodyTypes.contains(agency.types[position])
            if shredded {
                #expect(!exported.contains(position), "position \(position) of destroyed \(agency.streams[position]) was not shredded")
            } else if !exported.contains(position) {
                Issue.record("position \(position) (\(agency.types[position]) of \(agency.streams[position])) is missing")
                if position < outcome.acknowledgedThrough { lost += 1 }
            }
        }
        #expect(lost == 0, "\(lost) acknowledged lines lost (acknowledged through line \(outcome.acknowledgedThrough), \(records) records)")

        // Whole chunks only, or a chunk cut where a destruction is written on its own.
        var allowed: Set<Int> = [visible, outcome.acknowledgedThrough]
        var cutAtDestruction = false
        if let inFlight = outcome.inFlight {
            allowed.insert(inFlight.upperBound)
            let cut = records
            if inFlight.contains(cut), cut < agency.lines.count, !allowed.contains(cut),
                agency.types[cut - 1] == "archive.destroyed" || agency.types[cut] == "archive.destroyed"
            {
                allowed.insert(cut)
                cutAtDestruction = true
            }
        }
        #expect(allowed.contains(records), "\(records) records: a batch is half visible (acknowledged through line \(outcome.acknowledgedThrough), in flight \(outcome.inFlight.map { "\($0)" } ?? "none"), \(visible) before)")

        if projections { try checkProjectionsMatchAReplayFromScratch() }

        let taken = try CommandRun.annals(["checkpoint", "--archive", archive])
        #expect(taken.succeeded, "\(taken.summary)")
        let file = work + "/checkpoint-\(epoch).txt"
        _ = FileManager.default.createFile(atPath: file, contents: taken.output)
        checkpoint = file
        acknowledged = max(acknowledged, outcome.acknowledgedThrough)
        visible = records
        return (lost, cutAtDestruction)
    }

    /// The projections as the reopened archive has them (its checkpoint plus the tail)
    /// equal those of a copy whose checkpoint was removed, so that it replays everything.
    func checkProjectionsMatchAReplayFromScratch() throws {
        let copy = work + "/replayed"
        try? FileManager.default.removeItem(atPath: copy)
        try copyFolder(archive, to: copy)
        try FileManager.default.removeItem(atPath: copy + "/projections/state.snap")
        for view in [["catalogue"], ["register"], ["decisions"], ["stats", "--by", "kind"]] {
            let kept = try CommandRun.annals(view + ["--archive", archive, "--format", "json"])
            let replayed = try CommandRun.annals(view + ["--archive", copy, "--format", "json"])
            #expect(kept.succeeded && replayed.succeeded, "\(kept.summary) / \(replayed.summary)")
            #expect(kept.output == replayed.output, "`annals \(view[0])` after the crash differs from a replay from scratch")
        }
    }
}
