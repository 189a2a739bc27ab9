import Annals
import ArgumentParser
import Foundation

/// Opens the archive for reading (views never write; they replay what is there).
func openForReading(_ location: ArchiveLocation) throws -> Archive {
    var options = Annals.ArchiveOptions()
    options.readOnly = true
    return try Archive.open(at: location.path, options: options)
}

/// Today's date in China Standard Time (+08:00), the offices' calendar.
func today() -> CivilDate {
    CivilDate(daysSinceEpoch: Int((Timestamp.now() / 1_000_000 + 8 * 3600) / 86_400))
}

/// `--as-of TIME|@POSITION` (EVENTS.md's two clocks).
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "As of a business time (RFC 3339, or a date: the end of that day at +08:00), or @POSITION (the log up to that position).",
            valueName: "TIME|@POSITION"))
    var text: String?

    var asOf: AsOf {
        get throws {
            guard let text else { return .latest }
            guard let value = AsOf(text) else {
                throw CLIError("--as-of \(text): expected an RFC 3339 time such as 2023-03-06T18:00:00+08:00, a date such as 2023-03-06, or @POSITION such as @1200")
            }
            return value
        }
    }
}

/// Parses an option whose values are a fixed list, with an error naming them.
func choice<T: RawRepresentable & CaseIterable>(_ value: String?, option: String, as type: T.Type) throws -> T?
where T.RawValue == String {
    guard let value else { return nil }
    guard let parsed = T(rawValue: value) else {
        throw CLIError("\(option) \(value): expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return parsed
}

func printReport(_ format: OutputFormat, json: [UInt8], text: () -> String) {
    switch format {
    case .json: FileHandle.standardOutput.write(Data(json))
    case .text: Output.line(text())
    }
}

/// Runs a view for a person on the archive opened for reading. A read of 秘密 or
/// above is appended as `archive.accessed` before the answer is printed (the
/// library's views apply the clearance and record the read, taking the writer's turn
/// for it). Nothing is printed until the view has returned.
func viewing<T>(_ location: ArchiveLocation, _ view: (Archive) throws -> T) throws -> T {
    // A writer may destroy a record between the view's read and the record of that read;
    // the view then runs again on what is durable now, where the record is destroyed.
    var attempts = 1
    while true {
        let source = try openForReading(location)
        defer { try? source.close() }
        do {
            return try view(source)
        } catch let error as AccessNotRecorded where error.destroyedMeanwhile && attempts < 3 {
            attempts += 1
        }
    }
}

/// One meeting's minutes for a reader (the sign-in sheet is read from them too); a
/// destroyed meeting is named with its register entry, a missing one as missing.
func meeting(_ stream: String, in source: Archive, reader: Reader, purpose: String, asOf when: AsOf) throws -> Minutes {
    if let minutes = try source.minutes(of: stream, reader: reader, purpose: purpose, asOf: when, judgedOn: when.date(today: today())) {
        return minutes
    }
    // Its archive number only (shown even to a reader not cleared for it): not a read of the entry.
    if let entry = try source.projections().register[stream] {
        throw CLIError("\(stream) (\(entry.record?.archiveNumber ?? "no archive number")) was destroyed on \(entry.destroyedAt); its register entry remains: see `annals register`")
    }
    throw CLIError("no meeting \(stream)\(when == .latest ? "" : " as of \(when)")")
}

struct MinutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minutes", abstract: "The minutes (会议纪要) of one meeting, as of now or of a past moment.")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @OptionGroup var asOf: AsOfOption
    @Argument(help: "The meeting's stream, e.g. meeting/BGS-2023-0042.") var stream: String
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        let when = try asOf.asOf
        let reader = try reading.reader
        let (minutes, issue, policy) = try viewing(archive) { source in
            let minutes = try meeting(stream, in: source, reader: reader, purpose: reading.purpose ?? "minutes", asOf: when)
            return (minutes, try source.projections(asOf: when).minutesIssue(of: stream), source.rules.policy)
        }
        printReport(output.format, json: MinutesReport.json(minutes)) { MinutesDocument.text(minutes, issue: issue, policy: policy) }
    }
}

struct SignInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-in", abstract: "The sign-in sheet (签到表) of one meeting: 姓名、单位、职务、签到时间, late, left early, on leave, absent.")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @OptionGroup var asOf: AsOfOption
    @Argument(help: "The meeting's stream, e.g. meeting/BGS-2023-0042.") var stream: String
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        let when = try asOf.asOf
        let reader = try reading.reader
        let minutes = try viewing(archive) { source in
            try meeting(stream, in: source, reader: reader, purpose: reading.purpose ?? "sign-in sheet", asOf: when)
        }
        printReport(output.format, json: SignInSheetReport.json(minutes)) { SignInSheetReport.text(minutes) }
    }
}

struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue", abstract: "The archive directory (归档文件目录), in archive-number order.")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "Only this archive year (归档年度).") var year: Int?
    @Option(help: "Only this fonds (全宗号).") var fonds: String?
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        let reader = try reading.reader
        let (rows, format, policy) = try viewing(archive) { source in
            (try source.catalogue(reader: reader, year: year, fonds: fonds, purpose: reading.purpose), try source.projections().numberFormat,
             source.rules.policy)
        }
        printReport(output.format, json: CatalogueReport.json(rows, format: format, policy: policy)) {
            CatalogueReport.text(rows, format: format, policy: policy)
        }
    }
}

struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "The yearly retention review as of 1 January of YEAR (due, held, extended, with what became of each), and the year's appraisal report (鉴定报告).")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "The review's year.") var year: Int
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        guard (1000...9999).contains(year) else { throw CLIError("--year \(year): expected a year such as 2026") }
        let reader = try reading.reader
        let (review, appraisals, format) = try viewing(archive) { source in
            let set = try source.projections()
            return (try source.retentionReview(year: year, reader: reader), set.appraisalReport(year: year), set.numberFormat)
        }
        printReport(output.format, json: RetentionReport.json(review, appraisals: appraisals, format: format)) {
            RetentionReport.text(review, appraisals: appraisals, format: format)
        }
    }
}

struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register", abstract: "The destruction register (销毁清册): every destroyed record, permanently.")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        let reader = try reading.reader
        let (register, document) = try viewing(archive) { source in
            let register = try source.register(reader: reader, purpose: reading.purpose)
            return (register, RegisterDocument.text(try source.projections(), register: register, policy: source.rules.policy, fonds: source.manifest.fonds))
        }
        printReport(output.format, json: RegisterReport.json(register)) { document }
    }
}

struct DecisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Decision follow-up (督办): open, done, done late, overdue; lead (牵头) and supporting (配合) units, progress notes; due soon; per department.")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @OptionGroup var asOf: AsOfOption
    @Option(help: "overdue, open or done.") var status: String?
    @Option(help: "Only decisions this department is responsible for.") var dept: String?
    @OptionGroup var reading: ReaderOptions
    @Option(help: ArgumentHelp("Only decisions not done that fall due within N days (soonest first).", valueName: "N"))
    var dueWithin: Int?
    @Flag(help: "Per department: done on time, done late, overdue, pending, extended.") var byDept = false

    func run() throws {
        let filter = try choice(status, option: "--status", as: DecisionFilter.self)
        let when = try asOf.asOf
        let reader = try reading.reader
        let date = when.date(today: today())
        if let dueWithin, dueWithin < 0 { throw CLIError("--due-within \(dueWithin): expected a number of days, 0 or more") }
        let (rows, departments, policy, people) = try viewing(archive) { source in
            let set = try source.projections(asOf: when)
            // The reader's view decides which decisions may be shown at all.
            let shown = try source.decisions(reader: reader, on: date, filter: filter, department: dept, asOf: when, purpose: reading.purpose)
            var rows = shown
            if let dueWithin {
                let allowed = Set(shown.map { [$0.stream, $0.decision] })
                rows = set.decisions(dueWithin: dueWithin, of: date, department: dept).filter { allowed.contains([$0.stream, $0.decision]) }
            }
            return (rows, byDept ? set.followUpByDepartment(on: date) : nil, source.rules.policy, set.peopleDirectory())
        }
        if let departments {
            printReport(output.format, json: DecisionsReport.json(departments, policy: policy)) {
                DecisionsReport.text(departments, on: date, policy: policy)
            }
            return
        }
        printReport(output.format, json: DecisionsReport.json(rows)) { DecisionsReport.text(rows, on: date, policy: policy, people: people) }
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "The counts offices keep: meetings per department and month, attendance, late notices and minutes, decisions.")
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "dept, kind, month or person; or year, for the 精简会议 figures.") var by: String?
    @Option(help: ArgumentHelp("The 精简会议 figures (meetings, average size and length per department and year) from this date.", valueName: "YYYY-MM-DD"))
    var from: String?
    @Option(help: ArgumentHelp("… through this date.", valueName: "YYYY-MM-DD")) var to: String?
    @OptionGroup var reading: ReaderOptions

    func run() throws {
        if from != nil || to != nil || by == "year" {
            func date(_ text: String?, _ option: String) throws -> CivilDate? {
                guard let text else { return nil }
                guard let date = CivilDate(text) else { throw CLIError("\(option) \(text): expected a date such as 2024-01-01") }
                return date
            }
            let source = try openForReading(archive)
            defer { try? source.close() }
            let economy = try source.projections().meetingEconomy(from: date(from, "--from"), to: date(to, "--to"))
            printReport(output.format, json: MeetingEconomyReport.json(economy, policy: source.rules.policy)) {
                MeetingEconomyReport.text(economy, policy: source.rules.policy)
            }
            return
        }
        let breakdown = try choice(by, option: "--by", as: StatsBreakdown.self)
        let reader = try reading.reader
        // Attendance per person is read only when it is printed (json without --by prints every breakdown).
        let byPerson = breakdown == .person || (breakdown == nil && output.format == .json)
        let counts = try viewing(archive) { try $0.compliance(reader: reader, on: today(), byPerson: byPerson, purpose: reading.purpose) }
        printReport(output.format, json: StatsReport.json(counts, by: breakdown)) { StatsReport.text(counts, by: breakdown ?? .dept) }
    }
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Searches the archive with the query language (see the README), for a reader with a clearance.",
        discussion: """
            Examples:
              annals query 'kind:主任办公会 year:2022..2023 text:"临聘人员"'
              annals query 'person:王芳 absent:P0042 OR late:P0042 sort:-date'
              annals query 'retention:D30 archived:yes -destroyed:yes sort:number' --clearance 内部
            Reads of 秘密 and above are recorded as archive.accessed by the reader.
            """)
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Argument(help: "The query, e.g. 'kind:主任办公会 dept:BGS year:2022 text:预算'.") var expression: String
    @OptionGroup var reading: ReaderOptions
    @Option(help: "How many hits to show.") var limit: Int = 20
    @Option(help: "How many hits to skip (paging).") var offset: Int = 0

    func run() throws {
        guard limit >= 0, offset >= 0 else { throw CLIError("--limit and --offset must not be negative") }
        let query = try Query(parsing: expression, limit: limit, offset: offset)
        let reader = try reading.reader
        // A reader: other queries and a writer may run beside it; a read of 秘密 or
        // above is recorded by taking the writer's turn.
        let target = try openForReading(archive)
        defer { try? target.close() }
        let result = try target.query(query, reader: reader, purpose: reading.purpose ?? "query: \(expression)")
        printReport(output.format, json: QueryReport.json(result)) { QueryReport.text(result, offset: offset) }
    }
}

/// Who reads, with what clearance, and why (recorded in `archive.accessed` for 秘密 and above).
///
/// Declared by the operator: the command line trusts them (whoever can read the
/// archive folder can read everything in it). The server takes them from sign-in.
struct ReaderOptions: ParsableArguments {
    @Option(help: "The reader's clearance, declared by the operator: 公开, 内部, 秘密, 机密 or 绝密 (or public, internal, confidential, secret, top_secret).")
    var clearance: String = "内部"
    @Option(name: .customLong("reader"), help: "Who is reading (recorded in archive.accessed); default: the operating-system user.")
    var readerID: String?
    @Option(help: "Why (recorded in archive.accessed).") var purpose: String?

    var reader: Reader {
        get throws {
            guard let level = Classification(name: clearance) else {
                throw CLIError("--clearance \(clearance): expected 公开, 内部, 秘密, 机密 or 绝密 (or public, internal, confidential, secret, top_secret)")
            }
            return Reader(id: readerID ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName(), clearance: level)
        }
    }
}
