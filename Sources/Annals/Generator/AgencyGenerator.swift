/// What to generate: how many years, from which year, and from which seed.
///
/// ## Why the default history starts in 2015
/// A `D10` record is kept ten years counted from 1 January after its archive year
/// (`Policy.standard`), so the 2015 section meetings (科务会) expire at the end of
/// 2025 and are due for appraisal in 2026. No record can expire within ten years of
/// its own meetings, so the generated history is the agency's meetings for `years`
/// years followed by `custodyYears` in which only the records office works (the
/// agency was merged in an institutional reform, 机构改革, and its closed fonds kept):
/// filing the last year's meetings, reads, holds, and the retention reviews. The
/// defaults, meetings 2015-2024 and custody 2025-2026, end in the current year and
/// contain a full destruction: appraisal, approval by two leaders, destruction
/// before two witnesses.
///
/// The defaults are constants, never the clock, so that a seed names one dataset.
public struct GeneratorOptions: Hashable, Sendable {
    /// Years of meetings.
    public var years: Int
    /// The seed of every choice; the same seed gives byte-identical output.
    public var seed: UInt64
    /// The first year of meetings.
    public var startYear: Int
    /// Years after the last year of meetings in which only the records office works.
    public var custodyYears: Int
    /// The fonds code (全宗号) the records are filed under.
    public var fonds: String
    /// About how many events a year of meetings produces. Scales the staff (most
    /// events are sign-ins and receipts); the fixed cadence of ~1,100 meetings a
    /// year keeps it from going much below 20,000.
    public var eventsPerYear: Int

    public static let defaultStartYear = 2015

    public init(
        years: Int = 10, seed: UInt64 = 1, startYear: Int = GeneratorOptions.defaultStartYear, custodyYears: Int = 2,
        fonds: String = "Z109", eventsPerYear: Int = 50_000
    ) {
        self.years = years
        self.seed = seed
        self.startYear = startYear
        self.custodyYears = custodyYears
        self.fonds = fonds
        self.eventsPerYear = eventsPerYear
    }

    /// The last year of meetings.
    public var lastMeetingYear: Int { startYear + years - 1 }
    /// The last year with events: the records office's last.
    public var lastYear: Int { lastMeetingYear + custodyYears }
}

/// Realistic events for a municipal agency (某市行政服务中心管理办公室): its meetings
/// from notice to follow-up, the records office's filing, custody, retention
/// reviews and destructions, in the order they would be appended.
///
/// ```swift
/// let codec = EventJSONCodec()
/// for event in AgencyGenerator(GeneratorOptions(years: 2, seed: 7)) {
///     print(codec.encode(event))
/// }
/// ```
///
/// The agency has a leadership of five, eleven sections and about 160 staff, and
/// meets as the seed regulations prescribe: 周例会 every Monday at 09:30 (all staff),
/// 科务会 in every section on Monday (10:45) and Friday (09:00) mornings, 主任办公会
/// every two weeks (Wednesday 15:00), 党组会议 on the second Tuesday of the month,
/// 系统工作会议 in the last week of June and of the year, 总结表彰大会 about a week
/// before the Spring Festival, and now and then 工作部署会, 业务研讨会, 座谈会,
/// 经验交流会 and ad hoc 专题会议 approved by the director. No meeting falls on a
/// weekend or a public holiday (`ChineseHolidays`). About 1,100 meetings a year
/// make about 50,000 events.
///
/// Events come in time order (`at`, Beijing time +08:00), the meetings of the
/// whole agency interleaved, and are made as they are needed: memory holds only
/// the weeks ahead, not the years. Every event passes the rule book
/// (`RuleBook(policy: .standard)`); the data includes the irregularities auditors
/// look for (late notices, late arrivals, absences without leave, leaving early,
/// late minutes, overdue decisions). Each year's meetings are filed (归档) in the
/// next year's first quarter; expired `D10` records are appraised (鉴定), approved
/// for destruction by two leaders and destroyed before two witnesses (监销人).
public struct AgencyGenerator: Sequence, Sendable {
    public let options: GeneratorOptions

    public init(_ options: GeneratorOptions = GeneratorOptions()) {
        self.options = options
    }

    /// The policy the data was made under, and which it passes: `Policy.standard` with
    /// the fonds, the Chinese public holidays of the generated years, the places
    /// designated for destroying classified records, and, version by version (one a
    /// year, in force from 1 January), who held authority that year: the leadership
    /// (who approve ad hoc meetings and retention exceptions), the director (who may
    /// approve any minutes besides their chair) and each department's head.
    public var policy: Policy {
        Self.policy(options, Organization.history(options))
    }

    /// Options for an archive that takes this data: the generator's policy (kept as
    /// the archive's `policy.json`) and, as the present the rules judge by, the
    /// morning after the last generated year: the simulation's own present, since
    /// its custody years may run past today's date.
    public var archiveOptions: ArchiveOptions {
        var archive = ArchiveOptions()
        archive.policy = policy
        let present = ZonedTime(CivilDate(year: options.lastYear + 1, month: 1, day: 1)!, 9, 0).microseconds
        archive.clock = { present }
        return archive
    }

    static func policy(_ options: GeneratorOptions, _ history: [Organization]) -> Policy {
        // The official calendar (with 调休) that every policy carries, and the generator's
        // own table of the years around its history; a policy file written from this
        // reads back the same.
        var policy = Policy.standard
        policy.fonds = options.fonds
        policy.holidays.formUnion(ChineseHolidays.dates(in: (options.startYear - 1)...(options.lastYear + 1)))
        policy.classifiedDestructionPlaces = Set(RecordsOffice.classifiedDestructionPlaces)
        func authority(_ org: Organization, _ p: inout Policy) {
            p.leaders = Set(org.leaders.map(\.id))
            p.minutesApprovers = [org.head.id]
            p.departmentHeads = Dictionary(uniqueKeysWithValues: org.departments.map { ($0.code, org.headOf($0.code).id) })
        }
        for (i, org) in history.enumerated() {
            if i == 0 {
                authority(org, &policy)
            } else {
                policy.revise(effective: CivilDate(year: options.startYear + i, month: 1, day: 1)!) { authority(org, &$0) }
            }
        }
        return policy
    }

    public func makeIterator() -> Iterator {
        let history = Organization.history(options)
        return Iterator(options: options, policy: Self.policy(options, history), history: history)
    }

    /// Produces the events one by one, running the simulation just far enough.
    public struct Iterator: IteratorProtocol {
        private enum Work {
            case planYear(Int)
            indirect case meeting(PlannedMeeting)
            case file(Int)
            case custody(year: Int, month: Int)
            case review(Int)
        }

        private let options: GeneratorOptions
        private let policy: Policy
        private var rng: SplitMix64
        private var timeline = Timeline<Work>()
        private var organizations: [Int: Organization] = [:]
        private var office: RecordsOffice
        private var made: [Event] = []
        /// Nothing is generated at or after this moment (1 January after the last year).
        private let end: ZonedTime
        private let beginning: ZonedTime
        /// 08:30 on the first working day: when the history begins to be recorded.
        private let firstWorkingMorning: ZonedTime

        init(options: GeneratorOptions, policy: Policy, history: [Organization]) {
            self.options = options
            self.policy = policy
            for (i, org) in history.enumerated() { organizations[options.startYear + i] = org }
            rng = SplitMix64(seed: options.seed)
            office = RecordsOffice(fonds: options.fonds, policy: policy)
            beginning = ZonedTime(CivilDate(year: options.startYear, month: 1, day: 1)!, 0, 0)
            end = ZonedTime(CivilDate(year: options.lastYear + 1, month: 1, day: 1)!, 0, 0)
            firstWorkingMorning = ZonedTime(Moment.workingDay(onOrAfter: beginning.localDate, policy), 8, 30)
            guard options.years > 0 else { return }
            timeline.add(.planYear(options.startYear), at: beginning)
            for year in options.startYear...options.lastMeetingYear {
                timeline.add(.file(year), at: ZonedTime(CivilDate(year: year + 1, month: 1, day: 8)!, 0, 0))
            }
            if options.lastYear > options.startYear {
                timeline.add(.custody(year: options.startYear + 1, month: 1), at: ZonedTime(CivilDate(year: options.startYear + 1, month: 1, day: 1)!, 0, 0))
                for year in (options.startYear + 1)...options.lastYear {
                    // Just before March's custody, so that what the review condemns is no longer lent.
                    timeline.add(.review(year), at: Moment.after(ZonedTime(CivilDate(year: year, month: 3, day: 1)!, 0, 0), seconds: -1))
                }
            }
        }

        public mutating func next() -> Event? {
            while let entry = timeline.next() {
                switch entry {
                case .event(let event):
                    if event.at < end { return event }
                case .task(let work):
                    run(work)
                    timeline.add(made)
                    made = []
                }
            }
            return nil
        }

        private mutating func run(_ work: Work) {
            switch work {
            case .planYear(let year):
                plan(year)
            case .meeting(let meeting):
                let org = organizations[meeting.date.year]!
                let proceedings = MeetingProceedings(policy: policy, org: org, notBefore: firstWorkingMorning)
                if let entry = proceedings.run(meeting, &rng, into: &made) { office.expect(entry) }
            case .file(let year):
                office.file(year, organization(for: year + 1), &rng, into: &made)
            case .custody(let year, let month):
                office.keep(year, month, organization(for: year), &rng, into: &made)
                let next = month == 12 ? (year + 1, 1) : (year, month + 1)
                if next.0 <= options.lastYear {
                    timeline.add(.custody(year: next.0, month: next.1), at: ZonedTime(CivilDate(year: next.0, month: next.1, day: 1)!, 0, 0))
                }
            case .review(let year):
                office.review(year, organization(for: year), &rng, into: &made)
            }
        }

        /// Plans the meetings of `year` (a month ahead, so early-January meetings
        /// can be noticed in December) and the planning of the year after.
        private mutating func plan(_ year: Int) {
            let org = organizations[year]!
            for meeting in MeetingCalendar(year: year, org: org, policy: policy).plan(&rng) {
                let habits = MeetingHabits.of(meeting.kind)
                let earliest = Moment.workingDay(meeting.planned ? habits.planLead.upperBound : 1, before: meeting.date, policy)
                timeline.add(.meeting(meeting), at: Swift.max(ZonedTime(earliest, 0, 0), beginning))
            }
            if year < options.lastMeetingYear {
                timeline.add(.planYear(year + 1), at: ZonedTime(CivilDate(year: year, month: 12, day: 1)!, 0, 0))
            }
        }

        /// The organization as it stood in `year` (the last one planned, after the meetings end).
        private func organization(for year: Int) -> Organization {
            organizations[Swift.min(year, options.lastMeetingYear)] ?? organizations[organizations.keys.max()!]!
        }
    }
}
