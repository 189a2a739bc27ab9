import Foundation
import Testing

@testable import Annals

/// Clearance on every view (issue 11, item 3): whatever a person reads (minutes,
/// sign-in sheet, catalogue, review, register, flags, decisions, counts, audit
/// bundles, export, query), over an archive that also holds a destroyed 秘密 record,
/// through the library or the command line, content above their clearance never
/// appears, and every read of 秘密 or above is recorded once.
@Suite(.serialized) struct ReaderViewTests {
    typealias Folder = AuditProofTests.Folder

    static let open = Sample.stream
    /// 秘密: its title, place, agenda, speech, decision and one observer hold 青鸾.
    static let confidential = "meeting/BGS-2023-021"
    /// 机密: the same with 玄武.
    static let secret = "meeting/BGS-2023-022"
    /// 秘密, destroyed: its title, agenda, decision and recorder hold 白泽
    /// (`DestroyedRecordRegisterTests.confidentialMeeting`).
    static let destroyed = DestroyedRecordRegisterTests.confidentialMeeting
    /// The words only the classified meetings hold (their content, by any route).
    static let words = ["青鸾", "玄武", "P0921", "P0931", "白泽"]

    /// A meeting held on 13 or 14 March 2023, filed as permanent, whose every content
    /// field carries `word`; `observer` (named after the word) signs in too, late
    /// (flagged `sign_in.late` in words that name him).
    static func meeting(_ stream: String, _ classification: Classification, word: String, observer: String, day: Int) -> [Event] {
        let date = CivilDate(year: 2023, month: 3, day: day)!
        func at(_ hour: Int, _ minute: Int, _ d: CivilDate? = nil) -> ZonedTime { ZonedTime(d ?? date, hour, minute) }
        var scheduled = Sample.scheduled(classification: classification, starts: at(9, 30), ends: at(11, 30))
        scheduled.title = "2023年\(word)工程专题会议"
        scheduled.location = "\(word)楼保密会议室"
        scheduled.agenda = [AgendaItem(item: "1", title: "\(word)工程经费预算", presenter: "CWK")]
        scheduled.participants.append(Participant(person: observer, name: "\(word)联络员", unit: "\(word)工程办", position: "联络员", role: .observer))
        let clerk = Sample.clerk
        return [
            Event(stream: stream, at: at(9, 0, CivilDate(year: 2023, month: 3, day: day - 7)!), by: clerk, scheduled),
            Event(stream: stream, at: at(9, 5, CivilDate(year: 2023, month: 3, day: day - 7)!), by: clerk, MeetingNotified(channels: ["OA"], recipients: nil)),
            Event(stream: stream, at: at(9, 20), by: clerk, ParticipantSignedIn(person: "P001", signedBy: "P001")),
            Event(stream: stream, at: at(9, 21), by: clerk, ParticipantSignedIn(person: "P004", signedBy: "P004")),
            Event(stream: stream, at: at(9, 40), by: clerk, ParticipantSignedIn(person: observer, signedBy: observer)),
            Event(stream: stream, at: at(9, 50), by: clerk, MinutesRecorded(item: "1", speaker: "P001", summary: "\(word)工程一期经费已落实", dissent: false)),
            Event(stream: stream, at: at(11, 20), by: clerk, MeetingResolved(decisions: [
                Resolution(decision: "D1", item: "1", text: "同意\(word)工程实施方案", responsible: ["CWK"], deadline: CivilDate(year: 2023, month: 4, day: 28)!),
            ])),
            Event(stream: stream, at: at(16, 0), by: clerk, MinutesDrafted(drafter: "P004")),
            Event(stream: stream, at: at(10, 0, date.adding(days: 1)), by: clerk, MinutesApproved(approvedBy: "P001")),
            Event(stream: stream, at: at(10, 0, CivilDate(year: 2024, month: 3, day: 15)!), by: clerk, MeetingArchived(
                fonds: "Z109", category: "WS", year: 2023, retention: .permanent, organization: "BGS",
                documents: [FiledDocument(title: "会议纪要", kind: .minutes)])),
        ]
    }

    /// The 内部 sample meeting, filed, beside a 秘密 and a 机密 meeting, and a 秘密
    /// meeting of 2012 destroyed in 2023 (its register keeps its class and flags).
    static func archive(_ folder: Folder) throws -> Archive {
        var options = ArchiveOptions()
        var policy = Policy.standard
        policy.classifiedDestructionPlaces = ["市保密局涉密载体销毁中心"]
        options.policy = policy
        let archive = try Archive.create(at: folder.file("archive"), options: options)
        _ = try archive.importLines(DestroyedRecordRegisterTests.bytes(DestroyedRecordRegisterTests.confidentialLines))
        _ = try archive.appendBlocking(Array(Sample.everyType.prefix(16)))
        _ = try archive.appendBlocking(meeting(confidential, .confidential, word: "青鸾", observer: "P0921", day: 13))
        _ = try archive.appendBlocking(meeting(secret, .secret, word: "玄武", observer: "P0931", day: 14))
        return archive
    }

    /// The `archive.accessed` records of each classified meeting by `reader`.
    static func accesses(_ archive: Archive, by reader: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for stream in [confidential, secret, destroyed] {
            counts[stream] = try archive.events(in: stream).filter { stored in
                guard case .archiveAccessed(let a)? = stored.event?.data else { return false }
                return a.reader == reader
            }.count
        }
        return counts
    }

    static func leaks(_ text: String) -> [String] { words.filter { text.contains($0) } }

    /// Every view, through the library, as the reader sees it (rendered as the reports
    /// render it), and what each call recorded.
    static func libraryViews(_ archive: Archive, _ reader: Reader) throws -> [(view: String, output: String, recorded: [String: Int])] {
        var out: [(String, String, [String: Int])] = []
        func view(_ name: String, _ body: () throws -> String) throws {
            let before = try accesses(archive, by: reader.id)
            let output: String
            do { output = try body() } catch { output = "error: \(error)" }
            let after = try accesses(archive, by: reader.id)
            out.append((name, output, after.merging(before) { $0 - $1 }))
        }
        let day = CivilDate(year: 2023, month: 4, day: 3)!
        for stream in [open, confidential, secret, destroyed] {
            try view("minutes \(stream)") {
                guard let minutes = try archive.minutes(of: stream, reader: reader, judgedOn: day) else { return "none" }
                return MinutesReport.text(minutes) + String(decoding: MinutesReport.json(minutes), as: UTF8.self)
            }
            try view("audit bundle \(stream)") { try archive.auditBundle(stream: stream, reader: reader).json }
            try view("sign-in sheet \(stream)") {
                guard let minutes = try archive.minutes(of: stream, reader: reader, judgedOn: day) else { return "none" }
                return SignInSheetReport.text(minutes) + String(decoding: SignInSheetReport.json(minutes), as: UTF8.self)
            }
        }
        try view("flags") {
            let flags = try archive.complianceFlags(reader: reader)
            return FlagsReport.text(flags) + String(decoding: FlagsReport.json(flags), as: UTF8.self)
        }
        try view("catalogue") {
            let rows = try archive.catalogue(reader: reader)
            return CatalogueReport.text(rows) + String(decoding: CatalogueReport.json(rows), as: UTF8.self)
        }
        try view("retention") {
            let review = try archive.retentionReview(year: 2200, reader: reader)
            return RetentionReport.text(review) + String(decoding: RetentionReport.json(review), as: UTF8.self)
        }
        try view("register") {
            let register = try archive.register(reader: reader)
            return RegisterReport.text(register) + String(decoding: RegisterReport.json(register), as: UTF8.self)
        }
        try view("decisions") {
            let rows = try archive.decisions(reader: reader, on: day)
            return DecisionsReport.text(rows, on: day) + String(decoding: DecisionsReport.json(rows), as: UTF8.self)
        }
        try view("stats by person") {
            let counts = try archive.compliance(reader: reader, on: day)
            return StatsReport.text(counts, by: .person) + String(decoding: StatsReport.json(counts), as: UTF8.self)
        }
        try view("export") {
            var bytes: [UInt8] = []
            try archive.exportLines(reader: reader) { bytes += $0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        for (name, text) in [("query 青鸾", "text:青鸾"), ("query 玄武 --limit 0", "text:玄武"), ("query class", "class:秘密.. sort:number")] {
            try view(name) {
                let result = try archive.query(Query(parsing: text, limit: name.hasSuffix("--limit 0") ? 0 : 20), reader: reader)
                return QueryReport.text(result) + String(decoding: QueryReport.json(result), as: UTF8.self)
            }
        }
        return out
    }

    /// The same through `annals`, each command with `--reader` and `--clearance`.
    static func commandLineViews(_ folder: Folder, _ reader: String, _ clearance: String) throws -> [(view: String, output: String, recorded: [String: Int], status: Int32)] {
        var out: [(String, String, [String: Int], Int32)] = []
        func count() throws -> [String: Int] {
            let archive = try Archive.open(at: folder.file("archive"))
            defer { try? archive.close() }
            return try accesses(archive, by: reader)
        }
        func command(_ arguments: [String], writes file: String? = nil) throws {
            let before = try count()
            try? FileManager.default.removeItem(atPath: folder.file("out.json"))
            let run = try AuditProofTests.run(folder, arguments + ["--reader", reader, "--clearance", clearance])
            let after = try count()
            out.append((arguments.joined(separator: " "), run.out + run.err + (file.map(folder.read) ?? ""), after.merging(before) { $0 - $1 }, run.status))
        }
        for stream in [open, confidential, secret, destroyed] {
            try command(["minutes", stream])
            try command(["sign-in", stream, "--format", "json"])
            try command(["minutes", stream, "--format", "json", "--as-of", "2023-04-03"])
            try command(["prove", "--stream", stream, "--out", "out.json"], writes: "out.json")
        }
        for format in ["text", "json"] {
            try command(["catalogue", "--format", format])
            try command(["retention", "--year", "2200", "--format", format])
            try command(["register", "--format", format])
            try command(["flags", "--format", format])
            try command(["decisions", "--as-of", "2023-04-03", "--format", format])
            try command(["stats", "--by", "person", "--format", format])
            try command(["query", "text:青鸾", "--format", format])
            try command(["query", "text:玄武", "--limit", "0", "--format", format])
        }
        try command(["export"])
        try command(["export", "--stream", open])
        return out
    }

    @Test func anInternalReaderSeesNoByteOfClassifiedContentInAnyViewAndAClearedReadIsRecordedOnce() throws {
        let folder = Folder()
        try Self.archive(folder).close()

        // The command line, first as a 内部 reader, then as one cleared for 机密.
        let internalRuns = try Self.commandLineViews(folder, "P0200", "内部")
        // Refused: the classified minutes, sign-in sheets and bundles (the destroyed
        // record's minutes and sheet are gone, its bundle holds a 秘密 register), and
        // the whole export. Every other view answers.
        let refused = [Self.confidential, Self.secret, Self.destroyed].flatMap { ["minutes \($0)", "sign-in \($0)", "prove --stream \($0)"] }
        for run in internalRuns {
            #expect(Self.leaks(run.output).isEmpty, "`annals \(run.view)` showed \(Self.leaks(run.output)): \(run.output)")
            #expect(run.recorded.values.allSatisfy { $0 == 0 })
            let refusal = run.view == "export" || refused.contains { run.view.hasPrefix($0 + " ") || run.view == $0 }
            #expect((run.status != 0) == refusal, "`annals \(run.view)` exited \(run.status): \(run.output)")
        }
        // The 内部 views still answer: the catalogue lists the classified records (the
        // destroyed one too) as 受限, and the flags of all three without their words.
        let catalogue = try #require(internalRuns.first { $0.view == "catalogue --format json" }?.output)
        #expect(catalogue.components(separatedBy: #""restricted":true"#).count - 1 == 3)
        let flags = try #require(internalRuns.first { $0.view == "flags --format json" }?.output)
        #expect(flags.components(separatedBy: #""restricted":true"#).count - 1 == 3, "\(flags)")
        #expect(internalRuns.first { $0.view == "minutes \(Self.confidential)" }?.output.contains("查阅权限不足") == true)

        let clearedRuns = try Self.commandLineViews(folder, "P0500", "机密")
        let allRead = Self.reads(1, 1, 1)
        let bothRead = Self.reads(1, 1, 0)
        let expected: [String: [String: Int]] = [
            "minutes \(Self.confidential)": Self.reads(1, 0, 0),
            "sign-in \(Self.confidential) --format json": Self.reads(1, 0, 0),
            "minutes \(Self.secret) --format json --as-of 2023-04-03": Self.reads(0, 1, 0),
            "prove --stream \(Self.secret) --out out.json": Self.reads(0, 1, 0),
            // The destroyed record's bundle holds its register entry: a 秘密 read.
            "prove --stream \(Self.destroyed) --out out.json": Self.reads(0, 0, 1),
            "minutes \(Self.destroyed)": Self.reads(0, 0, 0),
            "catalogue --format text": allRead, "catalogue --format json": allRead,
            "decisions --as-of 2023-04-03 --format json": bothRead, "stats --by person --format text": bothRead,
            "query text:青鸾 --format json": Self.reads(1, 0, 0),
            // The total alone says the 机密 meeting holds the phrase: a read.
            "query text:玄武 --limit 0 --format text": Self.reads(0, 1, 0),
            "export": allRead,
            "register --format json": Self.reads(0, 0, 1),
            "flags --format json": allRead, "flags --format text": allRead,
            "retention --year 2200 --format json": Self.reads(0, 0, 0),
        ]
        for run in clearedRuns {
            // The destroyed record's minutes and sign-in sheet are gone: the command says so.
            let gone = [Self.destroyed].flatMap { ["minutes \($0)", "sign-in \($0)"] }.contains { run.view.hasPrefix($0) }
            #expect((run.status == 0) != gone, "`annals \(run.view)` exited \(run.status): \(run.output)")
            #expect(run.recorded.values.allSatisfy { $0 <= 1 }, "`annals \(run.view)` recorded a read twice: \(run.recorded)")
            if let want = expected[run.view] { #expect(run.recorded == want, "`annals \(run.view)` recorded \(run.recorded)") }
        }
        #expect(Set(expected.keys).isSubset(of: clearedRuns.map(\.view)))
        #expect(clearedRuns.first { $0.view == "export" }.map { Self.leaks($0.output) == Self.words } == true, "the cleared export holds everything")

        // The library, the same way.
        let archive = try Archive.open(at: folder.file("archive"))
        defer { try? archive.close() }
        for view in try Self.libraryViews(archive, Reader(id: "P0201", clearance: .internal)) {
            #expect(Self.leaks(view.output).isEmpty, "\(view.view) showed \(Self.leaks(view.output)): \(view.output)")
            #expect(view.recorded.values.allSatisfy { $0 == 0 })
        }
        let cleared = try Self.libraryViews(archive, Reader(id: "P0501", clearance: .secret))
        #expect(cleared.allSatisfy { !$0.output.hasPrefix("error:") }, "\(cleared.filter { $0.output.hasPrefix("error:") })")
        let recorded = Dictionary(uniqueKeysWithValues: cleared.map { ($0.view, $0.recorded) })
        #expect(recorded["minutes \(Self.secret)"] == Self.reads(0, 1, 0))
        #expect(recorded["sign-in sheet \(Self.confidential)"] == Self.reads(1, 0, 0))
        #expect(recorded["audit bundle \(Self.confidential)"] == Self.reads(1, 0, 0))
        #expect(recorded["audit bundle \(Self.destroyed)"] == Self.reads(0, 0, 1))
        for view in ["decisions", "stats by person"] { #expect(recorded[view] == bothRead, "\(view)") }
        for view in ["catalogue", "export", "flags"] { #expect(recorded[view] == allRead, "\(view)") }
        #expect(recorded["query 玄武 --limit 0"] == Self.reads(0, 1, 0))
        #expect(recorded["register"] == Self.reads(0, 0, 1))
        #expect(cleared.first { $0.view == "catalogue" }.map { Self.leaks($0.output) } == ["青鸾", "玄武", "白泽"])
    }

    /// Reads recorded of the 秘密, the 机密 and the destroyed 秘密 meeting.
    static func reads(_ confidential: Int, _ secret: Int, _ destroyed: Int) -> [String: Int] {
        [Self.confidential: confidential, Self.secret: secret, Self.destroyed: destroyed]
    }

    @Test func aReaderClearedFor秘密SeesThe秘密MeetingAndThe机密OneOnlyAs受限() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        defer { try? archive.close() }
        let reader = Reader(id: "P0300", clearance: .confidential)
        let rows = try archive.catalogue(reader: reader)
        let byStream = Dictionary(uniqueKeysWithValues: rows.map { ($0.stream, $0) })
        #expect(byStream[Self.confidential]?.title == "2023年青鸾工程专题会议" && byStream[Self.confidential]?.restricted == false)
        let hidden = try #require(byStream[Self.secret])
        #expect(hidden.restricted && hidden.title == Reader.restrictedMarker)
        #expect(hidden.kind == "主任办公会" && hidden.year == 2023 && hidden.classification == .secret)
        #expect(try Self.accesses(archive, by: "P0300") == Self.reads(1, 0, 1))
        // Decisions of the 机密 meeting are left out; the 秘密 one's are listed.
        let decisions = try archive.decisions(reader: reader, on: CivilDate(year: 2023, month: 5, day: 1)!)
        #expect(decisions.map(\.stream).contains(Self.confidential) && !decisions.map(\.stream).contains(Self.secret))
        #expect(decisions.first { $0.stream == Self.confidential }?.status == .overdue)
    }

    @Test func anExportAboveTheReadersClearanceIsRefusedBeforeAnythingIsWritten() throws {
        let folder = Folder()
        let archive = try Self.archive(folder)
        defer { try? archive.close() }
        var written = 0
        do {
            try archive.exportLines(reader: Reader(id: "P0300", clearance: .confidential)) { written += $0.count }
            Issue.record("an export holding a 机密 meeting was written for a 秘密 reader")
        } catch let error as ArchiveError {
            #expect(error.description.contains(Self.secret) && error.description.contains("机密"), "\(error)")
        }
        #expect(written == 0)
        #expect(try Self.accesses(archive, by: "P0300") == Self.reads(0, 0, 0), "a refused export records nothing")
        // A range without it is exported, and the 秘密 meeting's read recorded.
        var lines = 0
        try archive.exportLines(reader: Reader(id: "P0300", clearance: .confidential), stream: Self.confidential) { lines += $0.count }
        #expect(lines > 0)
        #expect(try Self.accesses(archive, by: "P0300") == Self.reads(1, 0, 0))
    }

    @Test func theRegisterShowsADestroyedRecordsTitleOnlyToReadersClearedForTheClassItKept() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.file("archive"))
        defer { try? archive.close() }
        _ = try archive.importLines(Array(DestructionAndCheckpointTests.scenario), options: ImportOptions(skipInvalid: true))
        let cleared = try archive.register(reader: Reader(id: "P0500", clearance: .internal))
        let entry = try #require(cleared.entries.first)
        #expect(entry.record?.classification == .internal)
        #expect(!entry.restricted && entry.record?.title != Reader.restrictedMarker)
        let title = try #require(entry.record?.title)
        let shown = try archive.register(reader: Reader(id: "P0200", clearance: .open))
        let hidden = try #require(shown.entries.first)
        #expect(hidden.restricted && hidden.record?.title == Reader.restrictedMarker)
        #expect(hidden.record?.archiveNumber == entry.record?.archiveNumber && hidden.record?.year == entry.record?.year)
        #expect(!RegisterReport.text(shown).contains(title) && !String(decoding: RegisterReport.json(shown), as: UTF8.self).contains(title))
        // The catalogue and the query say the same.
        #expect(try archive.catalogue(reader: Reader(id: "P0200", clearance: .open)).first { $0.destroyed }?.title == Reader.restrictedMarker)
    }
}
