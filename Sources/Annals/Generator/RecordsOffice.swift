/// The agency's records office (档案室): it files each year's meetings in the first
/// quarter of the next year, lends and inspects records, places holds, and runs the
/// yearly retention review that ends, for expired `D10` records, in witnessed
/// destruction.
///
/// - **Filing (归档)**, 10 January-31 March: every meeting of the year whose minutes
///   were approved becomes `meeting.archived` under the fonds, category `WS`, the
///   meeting's year, the policy's retention for its kind (`Y`, `D30`, `D10`), the
///   organizer as organization code, with its documents and their digests.
/// - **Custody**: a handful of reads (查阅) a month, a yearly inspection in
///   November (档案安全检查), and now and then a hold (冻结) by an auditor, the
///   petitions bureau, a court or an inspection team, released months later.
/// - **Review (鉴定)**, March-May: records whose period has run out are appraised by
///   a panel of three (mostly destroy; some extended to `D30`, a few kept for another
///   year), destruction is approved in batches by two leaders (`XH-2026-01`; classified
///   records go in their own batch to the secrecy bureau's destruction centre), and
///   carried out before two supervising witnesses (监销人). A held record is never
///   appraised for destruction.
struct RecordsOffice {
    /// A filed record and what the office knows of it.
    struct Record {
        let entry: FilingEntry
        let archivedAt: ZonedTime
        var retention: RetentionClass
        /// Until when a hold keeps the record (`nil`: never held or released).
        var heldUntil: ZonedTime?
        /// Appraised for destruction: no more reads or holds are planned for it.
        var condemned = false
    }

    let fonds: String
    let policy: Policy
    private var waiting: [Int: [FilingEntry]] = [:]
    private(set) var records: [Record] = []

    init(fonds: String, policy: Policy) {
        self.fonds = fonds
        self.policy = policy
    }

    /// Notes a meeting to be filed with its year.
    mutating func expect(_ entry: FilingEntry) {
        waiting[entry.year, default: []].append(entry)
    }

    private static let forever = ZonedTime(microseconds: .max, offsetMinutes: Moment.offset)

    private func event(_ stream: String, _ payload: some EventPayload, _ at: ZonedTime, by: String, _ rng: inout SplitMix64) -> Event {
        Event(id: EventID.random(using: &rng), stream: stream, at: at, by: by, payload)
    }

    private func archivist(_ org: Organization) -> String {
        (org.rankAndFile("DAS").first ?? org.headOf("DAS")).id
    }

    // MARK: Filing

    /// Files the meetings of `year`, spread over the working days of the next
    /// year's first quarter, in the order the meetings were held.
    /// Where classified records are destroyed (the policy designates them).
    static let classifiedDestructionPlaces = ["市保密局涉密载体销毁中心", "本机关信息中心机房"]

    mutating func file(_ year: Int, _ org: Organization, _ rng: inout SplitMix64, into out: inout [Event]) {
        let entries = waiting.removeValue(forKey: year) ?? []
        guard !entries.isEmpty else { return }
        var days: [CivilDate] = []
        var day = CivilDate(year: year + 1, month: 1, day: 10)!
        while day <= CivilDate(year: year + 1, month: 3, day: 31)! {
            if policy.isWorkingDay(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        let by = archivist(org)
        var at = ZonedTime(days[0], 9, 0)
        for (i, entry) in entries.enumerated() {
            let slot = ZonedTime(days[i * days.count / entries.count], 9, 0)
            at = max(Moment.after(max(at, slot), seconds: rng.int(30...600)), Moment.after(entry.readyAt, minutes: 60))
            // The table's class, or 30 years, given explicitly, for kinds it does not name.
            let retention = policy.inForce(on: at.localDate).retention(for: entry.kind) ?? .thirtyYears
            let archived = MeetingArchived(
                fonds: fonds, category: "WS", year: entry.year, retention: retention, organization: entry.organizer,
                documents: documents(entry))
            out.append(event(entry.stream, archived, at, by: by, &rng))
            records.append(Record(entry: entry, archivedAt: at, retention: retention))
        }
    }

    /// What is filed for a meeting (DA/T 22: 通知, 议程, 签到表, 材料, 纪要, 决议, 录音),
    /// each with the SHA-256 of its content.
    private func documents(_ e: FilingEntry) -> [FiledDocument] {
        var documents: [(String, DocumentKind)] = [
            ("关于召开\(e.title)的通知", .notice), ("\(e.title)议程", .agenda), ("\(e.title)签到表", .signInSheet),
        ]
        if ["主任办公会", "党组会议", "系统工作会议", "工作部署会", "业务研讨会"].contains(e.kind) {
            documents.append(("\(e.title)会议材料", .materials))
        }
        documents.append(("\(e.title)纪要", .minutes))
        if e.hasDecisions { documents.append(("\(e.title)决议事项", .decisions)) }
        if ["党组会议", "系统工作会议", "总结表彰大会"].contains(e.kind) { documents.append(("\(e.title)录音", .recording)) }
        return documents.map { title, kind in
            FiledDocument(title: title, kind: kind, digest: Hash256.sha256(Array("\(e.stream)\n\(kind.wireName)\n\(title)".utf8)))
        }
    }

    // MARK: Custody

    /// A month of custody: reads, the November inspection, holds.
    mutating func keep(_ year: Int, _ month: Int, _ org: Organization, _ rng: inout SplitMix64, into out: inout [Event]) {
        let first = CivilDate(year: year, month: month, day: 1)!
        let monthStart = ZonedTime(first, 0, 0)
        let available = records.indices.filter { !records[$0].condemned && records[$0].archivedAt < monthStart }
        guard !available.isEmpty else { return }
        func someDay() -> ZonedTime {
            Moment.officeHours(Moment.workingDay(onOrAfter: first.adding(days: rng.below(25)), policy), &rng)
        }
        let staff = org.everyone
        for _ in 0..<rng.int(4...10) {
            let record = records[rng.pick(available)]
            let reader = rng.pick(staff)
            out.append(event(record.entry.stream, ArchiveAccessed(reader: reader.id, purpose: rng.pick(MinutesText.accessPurposes)), someDay(), by: archivist(org), &rng))
        }
        if month == 11 {
            let inspector = org.headOf("DAS").id
            for i in rng.sample(available, 20) {
                out.append(event(records[i].entry.stream, ArchiveInspected(inspector: inspector, result: rng.pick(MinutesText.inspectionResults)), someDay(), by: inspector, &rng))
            }
            holdOneFallingDue(year, org, &rng, into: &out)
        }
        if rng.chance(0.2) {
            let free = available.filter { records[$0].heldUntil == nil }
            guard !free.isEmpty else { return }
            let i = rng.pick(free)
            let (reason, authority, release) = rng.pick(MinutesText.holds)
            let placed = someDay()
            let released = Moment.officeHours(Moment.workingDay(onOrAfter: placed.localDate.adding(days: rng.int(30...240)), policy), &rng)
            out.append(event(records[i].entry.stream, HoldPlaced(reason: reason, authority: authority), placed, by: archivist(org), &rng))
            out.append(event(records[i].entry.stream, HoldReleased(reason: release, authority: authority), released, by: archivist(org), &rng))
            records[i].heldUntil = released
        }
    }

    /// A court hold on one record that next year's review will find due, never
    /// released in the data: the review lists it as held, and it is not destroyed.
    private mutating func holdOneFallingDue(_ year: Int, _ org: Organization, _ rng: inout SplitMix64, into out: inout [Event]) {
        let nextReview = CivilDate(year: year + 1, month: 1, day: 1)!
        let due = records.indices.filter { i in
            records[i].retention == .tenYears && records[i].heldUntil == nil && !records[i].condemned
                && policy.expiryDate(archiveYear: records[i].entry.year, retention: .tenYears)! == nextReview
        }
        guard !due.isEmpty, !records.contains(where: { $0.heldUntil == Self.forever }) || rng.chance(0.3) else { return }
        let i = rng.pick(due)
        let at = Moment.officeHours(Moment.workingDay(onOrAfter: CivilDate(year: year, month: 11, day: 20)!, policy), &rng)
        out.append(event(records[i].entry.stream, HoldPlaced(reason: "涉及行政诉讼案件，需保留证据", authority: "市中级人民法院"), at, by: archivist(org), &rng))
        records[i].heldUntil = Self.forever
    }

    // MARK: The yearly review

    /// The retention review of `year`: appraisal in March, approval in April,
    /// destruction in May.
    mutating func review(_ year: Int, _ org: Organization, _ rng: inout SplitMix64, into out: inout [Event]) {
        let reviewStart = ZonedTime(CivilDate(year: year, month: 3, day: 1)!, 0, 0)
        let today = CivilDate(year: year, month: 3, day: 1)!
        let due = records.indices.filter { i in
            let r = records[i]
            guard !r.condemned, let expiry = policy.expiryDate(archiveYear: r.entry.year, retention: r.retention) else { return false }
            return expiry <= today && (r.heldUntil.map { $0 < reviewStart } ?? true)
        }
        guard !due.isEmpty else { return }
        let panel = [org.headOf("DAS").id, org.headOf("BGS").id, org.headOf("JCK").id]
        let approvers = [org.head.id, org.leaderInCharge(of: "DAS").id]
        // Witnesses (监销人) independent of the appraisers and the approvers: the
        // inspection section's deputy and an archivist.
        let witnesses = [org.standIn(for: "JCK").id, org.rankAndFile("DAS").first?.id ?? org.standIn(for: "DAS").id]
        let appraisedOn = Moment.workingDay(onOrAfter: CivilDate(year: year, month: 3, day: 15)!, policy)
        let approvedOn = Moment.workingDay(onOrAfter: CivilDate(year: year, month: 4, day: 15)!, policy)
        let destroyedOn = Moment.workingDay(onOrAfter: CivilDate(year: year, month: 5, day: 20)!, policy)
        var appraisedAt = ZonedTime(appraisedOn, 9, 0)
        var approvedAt = ZonedTime(approvedOn, 10, 0)
        var destroyedAt = ZonedTime(destroyedOn, 9, 30)
        let by = archivist(org)
        for i in due {
            let r = records[i]
            let stream = r.entry.stream
            appraisedAt = Moment.after(appraisedAt, seconds: rng.int(20...90))
            let roll = rng.below(100)
            if roll >= 95 {
                out.append(event(stream, RetentionAppraised(outcome: .keep, appraisers: panel), appraisedAt, by: by, &rng))
                continue
            }
            if roll >= 85 {
                out.append(event(stream, RetentionAppraised(outcome: .extend, retention: .thirtyYears, appraisers: panel), appraisedAt, by: by, &rng))
                records[i].retention = .thirtyYears
                continue
            }
            out.append(event(stream, RetentionAppraised(outcome: .destroy, appraisers: panel), appraisedAt, by: by, &rng))
            records[i].condemned = true
            let classified = r.entry.classification >= .confidential
            let batch = "XH-\(year)-\(classified ? "02" : "01")"
            approvedAt = Moment.after(approvedAt, seconds: rng.int(5...30))
            destroyedAt = Moment.after(destroyedAt, seconds: rng.int(20...120))
            out.append(event(stream, DestructionApproved(batch: batch, approvers: approvers), approvedAt, by: by, &rng))
            let (method, place) =
                classified
                ? ("焚毁", Self.classifiedDestructionPlaces[0])
                : r.entry.organizer == "XXZX" ? ("电子数据删除", "本机关信息中心机房") : ("粉碎", "本机关档案室销毁工作间")
            out.append(event(stream, ArchiveDestroyed(batch: batch, witnesses: witnesses, method: method, place: place), destroyedAt, by: by, &rng))
        }
    }
}
