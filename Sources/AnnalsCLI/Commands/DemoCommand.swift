import Annals
import ArgumentParser
import Foundation

/// `annals demo [DIR]`: the tour a records office is shown first.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The tour: generate an agency's records, import them, and show what Annals keeps.",
        discussion: """
            Generates ten years of a municipal agency's meetings (as `annals generate` does), \
            imports them into a fresh archive in DIR (default ./demo-archive), then shows one \
            meeting's minutes, a page of the archive directory, the retention review, the \
            destruction register, overdue decisions, the office's counts and a full verification, \
            each with a line saying what it is.
            """)

    @Argument(help: "The folder for the demo archive (replaced if it holds a previous demo).") var directory = "demo-archive"
    @Option(help: "Years of meetings to generate.") var years = 10
    @Option(help: "The generator's seed.") var seed: UInt64 = 1

    func run() throws {
        let started = Date()
        let archivePath = directory + "/archive"
        if FileManager.default.fileExists(atPath: archivePath + "/archive.json") {
            try FileManager.default.removeItem(atPath: archivePath)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        section("1. Generating \(years) years of a municipal agency's meetings (annals generate)")
        let options = GeneratorOptions(years: years, seed: seed)
        let generator = AgencyGenerator(options)
        let codec = EventJSONCodec()
        var lines: [UInt8] = []
        lines.reserveCapacity(years * 50_000 * 330)
        var writer = JSONWriter(capacity: 1 << 16)
        var count = 0
        for event in generator {
            codec.encode(event, into: &writer)
            writer.newline()
            count += 1
            if writer.bytes.count > 1 << 16 {
                lines.append(contentsOf: writer.bytes)
                writer.bytes.removeAll(keepingCapacity: true)
            }
            if count % 50_000 == 0, Output.stderrIsTerminal { Output.status("\r  generated \(Output.count(count)) events") }
        }
        lines.append(contentsOf: writer.bytes)
        let file = directory + "/agency.jsonl"
        try Data(lines).write(to: URL(fileURLWithPath: file))
        if Output.stderrIsTerminal { Output.status("\r") }
        say("\(Output.count(count)) events, \(options.startYear)–\(options.lastYear), written to \(file) (\(Output.bytes(lines.count)))")

        section("2. Importing them into a new archive (annals init; annals import)")
        // The archive keeps the policy the agency's data was made under (policy.json):
        // who leads, who heads each department, where classified records are destroyed;
        // its present is the simulation's (its custody may run past today's date).
        let archive = try Archive.create(at: archivePath, fonds: options.fonds, options: generator.archiveOptions)
        var importOptions = ImportOptions()
        let importStarted = Date()
        if Output.stderrIsTerminal {
            importOptions.progress = { done, total in Output.status("\r  importing: \(Output.count(done)) / \(Output.count(total)) lines") }
        }
        let report = try archive.importLines(lines, options: importOptions)
        if Output.stderrIsTerminal { Output.status("\r") }
        let seconds = Date().timeIntervalSince(importStarted)
        say(String(format: "%@ events appended in %.1f s (%@ events/s), every one checked against the rules; %@ compliance flags (late notices, late arrivals, late minutes)",
                   Output.count(report.appended), seconds, Output.count(Int(Double(report.appended) / seconds)), Output.count(report.flagged)))
        let set = try archive.projections()
        // The tour reads as a 内部 clerk: what is above that shows as 受限.
        let reader = Reader(id: "demo", clearance: .internal)

        section("3. One meeting's minutes (会议纪要) — annals minutes STREAM")
        say("The 纪要 as the office issues it (GB/T 9704-2012): 期号, opening, items 一、二、三 with responsible units and deadlines, 出席/请假/列席/记录.")
        let stream = set.catalogue(year: options.startYear + years - 2).lazy.compactMap { row -> String? in
            guard let m = set.minutes(of: row.stream), reader.mayRead(m.state.classification), !m.sheet.late.isEmpty,
                m.state.meeting?.kind == "主任办公会"
            else { return nil }
            return row.stream
        }.first ?? set.catalogue().first(where: { reader.mayRead($0.classification) && !$0.destroyed })?.stream
        if let stream, let minutes = try archive.minutes(of: stream, reader: reader, purpose: "demo", judgedOn: today()) {
            Output.line(MinutesDocument.text(minutes, issue: set.minutesIssue(of: stream), policy: archive.rules.policy))
            say("Its sign-in sheet (签到表) — annals sign-in \(stream):")
            Output.line(SignInSheetReport.text(minutes))
        }

        section("4. A page of the archive directory (归档文件目录) — annals catalogue --year \(options.startYear + 1)")
        say("Per DA/T 22-2015: under class headings, 序号, 档号, 文号, 责任者, 题名, 日期, 页数, 密级, 备注; numbers gapless per group.")
        let page = Array(try archive.catalogue(reader: reader, year: options.startYear + 1).prefix(12))
        Output.line(CatalogueReport.text(page, format: set.numberFormat, policy: archive.rules.policy))

        let reviewYear = options.lastYear
        section("5. The retention review for \(reviewYear) (保管期限鉴定) — annals retention --year \(reviewYear)")
        say("Records whose term has run out by 1 January \(reviewYear), those on hold, those kept longer.")
        let review = try archive.retentionReview(year: reviewYear, reader: reader)
        let reviewText = RetentionReport.text(review, appraisals: set.appraisalReport(year: reviewYear), format: set.numberFormat).split(separator: "\n", omittingEmptySubsequences: false)
        Output.line(reviewText.prefix(18).joined(separator: "\n"))
        if reviewText.count > 18 { say("… \(review.due.count) due, \(review.held.count) held, \(review.extended.count) extended in all.") }

        section("6. The destruction register (销毁清册) — annals register")
        say("Per batch, to be signed: what each record was, why destroyed, who approved and witnessed; the digests as an annex.")
        // The register is read by the archivist, cleared for 秘密: a destroyed record's class
        // went with its content, so its title is shown only at that clearance.
        let register = try archive.register(reader: Reader(id: "archivist", clearance: .confidential))
        let registerText = RegisterDocument.text(set, register: register, policy: archive.rules.policy, fonds: archive.manifest.fonds)
        Output.line(registerText.split(separator: "\n", omittingEmptySubsequences: false).prefix(24).joined(separator: "\n"))
        if register.entries.count > 0 { say("… \(register.entries.count) records in all; their content is gone from every file of the archive.") }

        section("7. Decision follow-up (督办) — annals decisions, annals decisions --by-dept")
        say("Each decision's lead (牵头) and supporting (配合) units, the person answerable (责任人), progress, extensions (延期)")
        say("and closing (销号); a decision is judged against the deadline in force. Three extended and closed, three overdue:")
        let decisions = try archive.decisions(reader: reader, on: today())
        let overdue = decisions.filter { $0.status == .overdue }
        let board = decisions.filter { !$0.extensions.isEmpty && $0.closing != nil }.suffix(3) + overdue.suffix(3)
        Output.line(DecisionsReport.text(Array(board), on: today(), policy: archive.rules.policy, people: set.peopleDirectory()))
        say("\(overdue.count) overdue, \(decisions.filter { !$0.extensions.isEmpty }.count) extended, \(decisions.filter { $0.closing != nil }.count) closed of \(decisions.count) decisions.")
        Output.line(DecisionsReport.text(set.followUpByDepartment(on: today()), on: today(), policy: archive.rules.policy))

        section("8. Compliance flags — annals flags --year \(options.lastMeetingYear)")
        let flags = try archive.complianceFlags()
        say("\(Output.count(flags.count)) flags listed, the rule book's judgements replayed; import counted \(Output.count(report.flagged)) (the flags of content destroyed since went with it).")
        let ofYear = flags.filter { $0.year == options.lastMeetingYear }
        say("\(Output.count(ofYear.count)) in \(options.lastMeetingYear); the first of them:")
        Output.line(FlagsReport.text(Array(ofYear.prefix(8)), policy: archive.rules.policy))

        section("9. The counts offices keep — annals stats --by dept")
        let stats = StatsReport.text(try archive.compliance(reader: reader, on: today(), byPerson: false), by: .dept)
        Output.line(stats.split(separator: "\n", omittingEmptySubsequences: false).prefix(20).joined(separator: "\n"))

        let expression = #"kind:主任办公会 text:"临聘人员" year:\#(options.lastYear - 2)..\#(options.lastYear) sort:-date"#
        section("10. A Chinese text query — annals query '\(expression)' --clearance 内部")
        say("Words in the minutes, by character bigrams; facets by kind and year; only what a 内部 (internal) reader may see.")
        let found = try archive.query(try Query(parsing: expression, limit: 5), reader: reader)
        Output.line(QueryReport.text(found))
        let restricted = try archive.query(try Query(parsing: "class:秘密.. year:\(options.lastYear)", limit: 3), reader: reader)
        say("Records above the reader's clearance are listed by number only (受限); \(restricted.total) of \(options.lastYear) are 秘密 or above:")
        Output.line(QueryReport.text(restricted))

        section("11. The rules at work: one refusal of each kind (nothing is written)")
        say("Who may approve, when things may happen, what a filing and a destruction must respect (docs/RULES.md).")
        for line in try DemoRefusals(archive: archive, set: set).lines() { say(line) }

        section("12. Verification — annals log verify")
        say("Every checksum, every payload against its salted digest, every sealed segment against its Merkle root.")
        let root = try archive.log.merkleRoot()
        try archive.close()
        var readOnly = Annals.ArchiveOptions()
        readOnly.readOnly = true
        let check = try Archive.open(at: archivePath, options: readOnly)
        let verified = try check.log.verify()
        say(verified.ok
            ? "ok: \(Output.count(verified.records)) records in \(verified.segments) segments, every checksum and digest holds"
            : "PROBLEMS: \(verified.problems.map(\.description).joined(separator: "; "))")
        say("Merkle root of the whole log (size \(root.size)): \(root.root.hex)")
        try check.close()

        section("13. Accounts for the server — annals account add; annals serve")
        try grantDemoAccounts(archivePath)
        say("Two demo accounts, recorded as account.granted events (their passwords are in \(archivePath)/credentials.json as bcrypt hashes, never in the log):")
        say("  \(Self.archivist.id)  (\(Self.archivist.name))  reader, archivist, auditor; cleared for 机密   password: \(Self.archivist.password)")
        say("  \(Self.clerk.id)  (\(Self.clerk.name))  reader, clerk; cleared for 内部   password: \(Self.clerk.password)")
        say("Start the server and open the page:")
        say("  annals serve --archive \(archivePath) --listen 127.0.0.1:8080")
        say("  then http://127.0.0.1:8080/ and sign in as \(Self.archivist.id); or, for the API:")
        say("  curl -s -X POST http://127.0.0.1:8080/api/v1/session -H 'Content-Type: application/json' -d '{\"account\":\"\(Self.archivist.id)\",\"password\":\"\(Self.archivist.password)\"}'")
        say(String(format: "\nThe archive is in %@; try `annals catalogue --archive %@ --year %d` or `annals --help`. (%.0f s)",
                   archivePath, archivePath, options.startYear + 2, Date().timeIntervalSince(started)))
        if !verified.ok { throw ExitCode(1) }
    }

    static let archivist = (id: "demo.archivist", name: "演示档案员", password: "annals-demo-2026")
    static let clerk = (id: "demo.clerk", name: "演示秘书", password: "annals-clerk-2026")

    /// The demo's two accounts, granted in the log, with their passwords beside it.
    private func grantDemoAccounts(_ archivePath: String) throws {
        let archive = try Archive.open(at: archivePath)
        defer { try? archive.close() }
        let at = nowInAgencyZone()
        _ = try archive.appendBlocking([
            Event(stream: Archive.accountStream(Self.archivist.id), at: at, by: "demo",
                  AccountGranted(account: Self.archivist.id, name: Self.archivist.name, roles: ["reader", "archivist", "auditor"], clearance: .secret)),
            Event(stream: Archive.accountStream(Self.clerk.id), at: at, by: "demo",
                  AccountGranted(account: Self.clerk.id, name: Self.clerk.name, roles: ["reader", "clerk"], clearance: .internal)),
        ])
        try archive.credentials.setPassword(Self.archivist.password, for: Self.archivist.id)
        try archive.credentials.setPassword(Self.clerk.password, for: Self.clerk.id)
    }

    private func section(_ title: String) {
        Output.line("")
        Output.line("━━ " + title)
    }

    private func say(_ text: String) { Output.line("   " + text) }
}
