/// One meeting as the yearly plan (年度会议计划) has it, before anything happens.
struct PlannedMeeting {
    /// An invited person and the capacity they attend in (member, or 列席 observer).
    typealias Invitee = (member: Organization.Member, role: ParticipantRole)

    var kind: String
    /// The title without the year and number; see `MeetingCalendar.title`.
    var name: String
    var organizer: String
    var startsAt: ZonedTime
    var endsAt: ZonedTime
    var location: String
    var chair: Organization.Member
    var recorder: Organization.Member
    var invited: [Invitee]
    var agenda: [AgendaItem]
    var classification: Classification
    /// False for an ad hoc meeting (临时会议), which `approvedBy` approved.
    var planned = true
    var approvedBy: String?
    /// Filled in when the year's plan is numbered.
    var stream = ""
    var title = ""
    /// Generation order, the tie-break when two meetings start together.
    var sequence = 0

    var date: CivilDate { startsAt.localDate }
}

/// The cadences of the agency's meetings, from the seed regulations (管理办会议制度):
///
/// | kind | when | who |
/// |---|---|---|
/// | 周例会 | every Monday 09:30-10:30 | all staff; chaired by the leader on duty that month (当月值班领导) |
/// | 科务会 | every section, Monday 10:45 (after the weekly meeting) and Friday 09:00 | the section; its head chairs |
/// | 主任办公会 | every two weeks, Wednesday 15:00-17:30 | the leadership; presenting heads attend (列席) |
/// | 党组会议 | monthly, the second Tuesday 09:00 | the party group (党组成员) |
/// | 系统工作会议 | twice a year: the last week of June, and the year's last full week | leaders and the county offices' directors |
/// | 总结表彰大会 | once a year, about a week before the Spring Festival | everyone; the city's deputy secretary-general chairs |
/// | 工作部署会 | after the Spring Festival and in May | leaders and heads |
/// | 业务研讨会, 座谈会, 经验交流会 | now and then, on Tuesday or Thursday afternoons | the organizing section and invited heads |
/// | 专题会议 / 临时主任办公会 | about ten a year, at a day or two's notice | approved by the director (`approved_by`) |
///
/// A meeting never falls on a weekend or holiday: a fixed day that is a holiday is
/// moved to the next working day of the same week, or skipped.
struct MeetingCalendar {
    let year: Int
    let org: Organization
    let policy: Policy

    /// The year's meetings in the order they start, numbered and titled.
    func plan(_ rng: inout SplitMix64) -> [PlannedMeeting] {
        var meetings: [PlannedMeeting] = []
        weekly(&meetings)
        sections(&meetings, &rng)
        directorsOffice(&meetings, &rng)
        partyGroup(&meetings, &rng)
        systemAndCommendation(&meetings, &rng)
        occasional(&meetings, &rng)
        adHoc(&meetings, &rng)
        for i in meetings.indices { meetings[i].sequence = i }
        meetings.sort { ($0.startsAt.microseconds, $0.sequence) < ($1.startsAt.microseconds, $1.sequence) }
        number(&meetings)
        return meetings
    }

    // MARK: Days

    private var days: [CivilDate] {
        let first = CivilDate(year: year, month: 1, day: 1)!
        let last = CivilDate(year: year, month: 12, day: 31)!
        return (first.daysSinceEpoch...last.daysSinceEpoch).map { CivilDate(daysSinceEpoch: $0) }
    }

    /// `date` if a working day, else the next working day of the same week (nil if none).
    private func sameWeek(_ date: CivilDate) -> CivilDate? {
        var day = date
        while day.weekday <= 5 {
            if policy.isWorkingDay(day) { return day }
            day = day.adding(days: 1)
        }
        return nil
    }

    /// `date` if a working day, else the nearest working day before it.
    private func onOrBefore(_ date: CivilDate) -> CivilDate {
        var day = date
        while !policy.isWorkingDay(day) { day = day.adding(days: -1) }
        return day
    }

    private func at(_ date: CivilDate, _ hour: Int, _ minute: Int, for minutes: Int) -> (ZonedTime, ZonedTime) {
        let start = ZonedTime(date, hour, minute)
        return (start, ZonedTime(microseconds: start.microseconds + Int64(minutes) * 60_000_000, offsetMinutes: 480))
    }

    // MARK: The cadences

    private func weekly(_ out: inout [PlannedMeeting]) {
        let everyone = org.everyone.map { (member: $0, role: ParticipantRole.member) }
        let recorder = org.rankAndFile("BGS").first ?? org.headOf("BGS")
        for day in days where day.weekday == 1 && policy.isWorkingDay(day) {
            let (start, end) = at(day, 9, 30, for: 60)
            let items = [MinutesText.weeklyItems[0], MinutesText.weeklyItems[1 + day.daysSinceEpoch / 7 % 3]]
            out.append(PlannedMeeting(
                kind: "周例会", name: "周例会", organizer: "BGS", startsAt: start, endsAt: end, location: "五楼大会议室",
                chair: org.leaders[(day.month - 1) % org.leaders.count], recorder: recorder, invited: everyone,
                agenda: agenda(items), classification: .internal))
        }
    }

    private func sections(_ out: inout [PlannedMeeting], _ rng: inout SplitMix64) {
        for (d, department) in org.departments.enumerated() {
            let members = org.staff[d]
            let invited = members.map { (member: $0, role: ParticipantRole.member) }
            let recorder = org.rankAndFile(department.code).first ?? members[members.count - 1]
            let rooms = ["三楼第二会议室", "四楼小会议室", "二楼洽谈室", "\(department.name)办公区"]
            let room = rooms[d % rooms.count]
            let own = MinutesText.sectionItems(department.code)
            for day in days where (day.weekday == 1 || day.weekday == 5) && policy.isWorkingDay(day) {
                let (start, end) = day.weekday == 1 ? at(day, 10, 45, for: 60) : at(day, 9, 0, for: 60)
                var titles = [rng.pick(MinutesText.sectionItems)]
                titles.append(rng.pick(own))
                if rng.chance(0.3) { titles.append(rng.pick(MinutesText.sectionItems.filter { $0 != titles[0] })) }
                out.append(PlannedMeeting(
                    kind: "科务会", name: "\(department.name)科务会", organizer: department.code, startsAt: start, endsAt: end,
                    location: room, chair: members[0], recorder: recorder, invited: invited,
                    agenda: titles.enumerated().map { AgendaItem(item: String($0 + 1), title: $1, presenter: department.code) },
                    // The discipline section's meetings on reports and cases are often 秘密.
                    classification: department.code == "JCK" && rng.chance(0.2) ? .confidential : .internal))
            }
        }
    }

    private func directorsOffice(_ out: inout [PlannedMeeting], _ rng: inout SplitMix64) {
        var day = CivilDate(year: year, month: 1, day: 5)!
        while day.weekday != 3 { day = day.adding(days: 1) }
        while day.year == year {
            if let held = sameWeek(day) {
                let (start, end) = at(held, 15, 0, for: 150)
                let items = rng.sample(MinutesText.officeItems, rng.int(2...6))
                out.append(leadershipMeeting(
                    kind: "主任办公会", name: "主任办公会", start: start, end: end, location: "三楼第一会议室", items: items,
                    classification: classification([(88, .internal), (9, .confidential), (3, .secret)], &rng)))
            }
            day = day.adding(days: 14)
        }
    }

    private func partyGroup(_ out: inout [PlannedMeeting], _ rng: inout SplitMix64) {
        for month in 1...12 {
            var day = CivilDate(year: year, month: month, day: 8)!
            while day.weekday != 2 { day = day.adding(days: 1) }
            while !policy.isWorkingDay(day) { day = day.adding(days: 1) }
            let (start, end) = at(day, 9, 0, for: 120)
            let items = rng.sample(MinutesText.partyItems, rng.int(2...4))
            out.append(leadershipMeeting(
                kind: "党组会议", name: "党组会议", start: start, end: end, location: "三楼党组会议室", items: items,
                classification: classification([(70, .internal), (25, .confidential), (5, .secret)], &rng)))
        }
    }

    private func systemAndCommendation(_ out: inout [PlannedMeeting], _ rng: inout SplitMix64) {
        let heads = org.departments.map { (member: org.headOf($0.code), role: ParticipantRole.observer) }
        let leaders = org.leaders.map { (member: $0, role: ParticipantRole.member) }
        let counties = org.counties.map { (member: $0, role: ParticipantRole.member) }
        var june = CivilDate(year: year, month: 6, day: 30)!
        while june.weekday != 4 { june = june.adding(days: -1) }
        var december = CivilDate(year: year, month: 12, day: 28)!
        while december.weekday != 4 { december = december.adding(days: -1) }
        for (date, items, name) in [
            (june, MinutesText.systemItemsMidYear, "上半年全市行政服务系统工作会议"),
            (december, MinutesText.systemItemsYearEnd, "全市行政服务系统年终工作会议"),
        ] {
            let (start, end) = at(onOrBefore(date), 9, 0, for: 150)
            out.append(PlannedMeeting(
                kind: "系统工作会议", name: name, organizer: "ZWK", startsAt: start, endsAt: end, location: "市行政服务中心六楼报告厅",
                chair: org.head, recorder: org.rankAndFile("BGS").first ?? org.headOf("BGS"), invited: leaders + counties + heads,
                agenda: agenda(items), classification: .open))
        }
        // 总结表彰大会: on a Tuesday or Thursday about a week before the Spring Festival.
        var day = (ChineseHolidays.springFestival(year) ?? CivilDate(year: year, month: 2, day: 1)!).adding(days: -8)
        while !(policy.isWorkingDay(day) && (day.weekday == 2 || day.weekday == 4)) { day = day.adding(days: -1) }
        let (start, end) = at(day, 15, 0, for: 120)
        let everyone = org.everyone.map { (member: $0, role: ParticipantRole.member) }
        out.append(PlannedMeeting(
            kind: "总结表彰大会", name: "\(year - 1)年度全市行政服务工作总结表彰大会", organizer: "BGS", startsAt: start, endsAt: end,
            location: "市政府第一会议厅", chair: org.cityLeader, recorder: org.rankAndFile("BGS").first ?? org.headOf("BGS"),
            invited: [(member: org.cityLeader, role: .member)] + everyone + counties,
            agenda: agenda(MinutesText.commendationItems, year: year - 1), classification: .open))
    }

    /// Seminars, symposia, exchanges and work-deployment meetings.
    private func occasional(_ out: inout [PlannedMeeting], _ rng: inout SplitMix64) {
        let groups: [(kind: String, items: [MinutesText.Item], count: ClosedRange<Int>)] = [
            ("业务研讨会", MinutesText.seminars, 4...6), ("座谈会", MinutesText.symposia, 3...4), ("经验交流会", MinutesText.exchanges, 1...2),
        ]
        for group in groups {
            for (name, organizer) in rng.sample(group.items, rng.int(group.count)) {
                let day = workingDay(weekdays: [2, 4], &rng)
                let (start, end) = at(day, 14, 30, for: 150)
                let chair = org.leaderInCharge(of: organizer)
                var invited = [(member: chair, role: ParticipantRole.member)]
                let own = org.members(organizer)
                invited += (group.kind == "座谈会" ? Array(own.prefix(5)) : own).map { (member: $0, role: ParticipantRole.member) }
                for code in rng.sample(org.departments.map(\.code).filter { $0 != organizer }, 3) {
                    invited.append((member: org.headOf(code), role: .observer))
                }
                let items = MinutesText.discussionItems.prefix(group.kind == "座谈会" ? 2 : 3).map {
                    MinutesText.Item(MinutesText.fill($0, year: year, title: name), organizer)
                }
                out.append(PlannedMeeting(
                    kind: group.kind, name: name, organizer: organizer, startsAt: start, endsAt: end, location: "二楼多功能厅",
                    chair: chair, recorder: own.last!, invited: invited, agenda: agenda(items),
                    classification: rng.chance(0.6) ? .open : .internal))
            }
        }
        let deployments = [("全市行政服务工作部署会", 3), ("安全生产和防汛工作部署会", 5)]
        for (name, month) in deployments {
            var day = CivilDate(year: year, month: month, day: 8)!
            while !(policy.isWorkingDay(day) && day.weekday == 4) { day = day.adding(days: 1) }
            let (start, end) = at(day, 9, 0, for: 120)
            var invited = org.leaders.map { (member: $0, role: ParticipantRole.member) }
            for department in org.departments {
                invited += org.members(department.code).prefix(2).map { (member: $0, role: ParticipantRole.member) }
            }
            out.append(PlannedMeeting(
                kind: "工作部署会", name: "\(year)年\(name)", organizer: "ZHK", startsAt: start, endsAt: end, location: "五楼大会议室",
                chair: org.head, recorder: org.rankAndFile("ZHK").first ?? org.headOf("ZHK"), invited: invited,
                agenda: agenda([("传达上级有关工作部署", "BGS"), ("部署\(name.dropLast(3))任务", "ZHK"), ("签订责任书", "ZHK")]),
                classification: .open))
        }
    }

    /// Ad hoc meetings (临时会议), approved by the director.
    private func adHoc(_ out: inout [PlannedMeeting], _ rng: inout SplitMix64) {
        let topics = MinutesText.urgentTopics.filter { ($0.2...$0.3).contains(year) }
        for _ in 0..<rng.int(8...12) {
            let day = workingDay(weekdays: [2, 4], &rng)
            let (start, end) = at(day, 16, 0, for: 90)
            let (topic, presenter, _, _) = rng.pick(topics)
            if rng.chance(0.3) {
                var meeting = leadershipMeeting(
                    kind: "主任办公会", name: "主任办公会", start: start, end: end, location: "三楼第一会议室",
                    items: [("研究\(topic)有关事项", presenter), ("明确责任分工和时间要求", "BGS")], classification: .internal)
                meeting.planned = false
                meeting.approvedBy = org.head.id
                out.append(meeting)
                continue
            }
            let chair = org.leaderInCharge(of: presenter)
            var invited = [(member: chair, role: ParticipantRole.member)]
            var seen: Set<String> = [chair.id]
            for code in [presenter, "BGS"] + rng.sample(org.departments.map(\.code), 2) where seen.insert(org.headOf(code).id).inserted {
                invited.append((member: org.headOf(code), role: .member))
            }
            let recorder = org.rankAndFile("BGS").first ?? org.headOf("BGS")
            if seen.insert(recorder.id).inserted { invited.append((member: recorder, role: .observer)) }
            out.append(PlannedMeeting(
                kind: "专题会议", name: "关于\(topic)的专题会议", organizer: presenter, startsAt: start, endsAt: end,
                location: "三楼第二会议室", chair: chair, recorder: recorder, invited: invited,
                agenda: agenda([("研究\(topic)工作安排", presenter), ("明确责任分工和时间要求", "BGS")]),
                classification: rng.chance(0.9) ? .internal : .confidential, planned: false, approvedBy: org.head.id))
        }
    }

    // MARK: Building blocks

    /// A meeting of the leadership (主任办公会, 党组会议): leaders as members; the office
    /// head, the presenting heads and the recorder attend without a vote (列席).
    private func leadershipMeeting(
        kind: String, name: String, start: ZonedTime, end: ZonedTime, location: String, items: [MinutesText.Item],
        classification: Classification
    ) -> PlannedMeeting {
        var invited = org.leaders.map { (member: $0, role: ParticipantRole.member) }
        var seen = Set(org.leaders.map(\.id))
        let recorder = org.rankAndFile("BGS").first ?? org.headOf("BGS")
        for person in [org.headOf("BGS")] + items.map({ org.headOf($0.presenter) }) + [recorder]
        where seen.insert(person.id).inserted {
            invited.append((member: person, role: .observer))
        }
        return PlannedMeeting(
            kind: kind, name: name, organizer: "BGS", startsAt: start, endsAt: end, location: location, chair: org.head,
            recorder: recorder, invited: invited, agenda: agenda(items), classification: classification)
    }

    private func agenda(_ items: [MinutesText.Item], year: Int? = nil) -> [AgendaItem] {
        items.enumerated().map { i, item in
            AgendaItem(item: String(i + 1), title: MinutesText.fill(item.title, year: year ?? self.year), presenter: item.presenter)
        }
    }

    private func classification(_ weights: [(Int, Classification)], _ rng: inout SplitMix64) -> Classification {
        var roll = rng.below(weights.reduce(0) { $0 + $1.0 })
        for (weight, level) in weights {
            if roll < weight { return level }
            roll -= weight
        }
        return weights[0].1
    }

    /// A random working day of the year on one of `weekdays`, after the first week.
    private func workingDay(weekdays: [Int], _ rng: inout SplitMix64) -> CivilDate {
        while true {
            let day = CivilDate(year: year, month: 1, day: 10)!.adding(days: rng.below(340))
            if weekdays.contains(day.weekday), policy.isWorkingDay(day) { return day }
        }
    }

    /// Stream names (`meeting/BGS-2023-007`, numbered per organizer) and titles
    /// (`2023年第12次主任办公会`, numbered per kind and organizer), in start order.
    private func number(_ meetings: inout [PlannedMeeting]) {
        var streams: [String: Int] = [:]
        var ordinals: [String: Int] = [:]
        for i in meetings.indices {
            // The chair and the recorder are always among the invited (the rule book
            // requires it): the recorder attends without a vote (列席) if not a member.
            if !meetings[i].invited.contains(where: { $0.member.id == meetings[i].chair.id }) {
                meetings[i].invited.insert((member: meetings[i].chair, role: .member), at: 0)
            }
            if !meetings[i].invited.contains(where: { $0.member.id == meetings[i].recorder.id }) {
                meetings[i].invited.append((member: meetings[i].recorder, role: .observer))
            }
            let m = meetings[i]
            let n = streams[m.organizer, default: 0] + 1
            streams[m.organizer] = n
            let digits = String(n)
            meetings[i].stream = "meeting/\(m.organizer)-\(year)-\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits)"
            switch m.kind {
            case "周例会", "科务会", "主任办公会", "党组会议":
                let key = m.kind + m.organizer
                let ordinal = ordinals[key, default: 0] + 1
                ordinals[key] = ordinal
                meetings[i].title =
                    m.kind == "科务会" ? "\(m.name.dropLast(3))\(year)年第\(ordinal)次科务会" : "\(year)年第\(ordinal)次\(m.name)"
            default:
                meetings[i].title = m.name.hasPrefix(String(year)) || m.name.hasPrefix(String(year - 1)) ? m.name : "\(year)年\(m.name)"
            }
        }
    }
}
