/// The yearly retention review (保管期限到期鉴定) as of 1 January of a year
/// (CLI.md `annals retention --year Y`).
///
/// The review is reproducible: the review of year Y lists what was due on 1 January
/// Y, whatever happened after (an appraisal, a hold, a destruction), so last year's
/// review reads the same after this year's destructions. What happened after is
/// shown beside each entry, as its outcome: the appraisal once made, the
/// destruction, and a 备注 for an extension (the record keeps its number).
public struct RetentionReview: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public let archiveNumber: ArchiveNumber
        public let stream: String
        /// The class in force on the review's date.
        public let retention: RetentionClass
        /// The first day the record is expired under that class; nil for permanent.
        public let expiredAt: CivilDate?
        /// 题名: the meeting's title (from the register once destroyed).
        public var title: String
        /// The appraisal (鉴定) made on or after the review's date, the latest one.
        public let outcome: Outcome?
        /// 备注: an extension, a hold's reason.
        public var note: String
        /// 密级.
        public var classification: Classification? = nil
        /// Above the reader's clearance: listed by number only, title and 备注 read 受限.
        public var restricted = false
    }

    /// What became of an entry after the review's date.
    public struct Outcome: Hashable, Sendable {
        public let appraisedAt: CivilDate
        public let outcome: AppraisalOutcome
        /// The new class, for an extension.
        public let retention: RetentionClass?
        public let appraisers: [String]
        /// When it was destroyed, and in which batch, if it was.
        public let destroyedAt: CivilDate?
        public let batch: String?
    }

    /// The review's date: 1 January of its year.
    public let date: CivilDate
    /// Expired, not destroyed, not held, not kept by an appraisal: to be appraised or destroyed.
    public let due: [Entry]
    /// Expired but held (冻结): may not be destroyed.
    public let held: [Entry]
    /// Appraised to keep or to extend (延期保管) before the date.
    public let extended: [Entry]

    /// The review with each entry passed through `view` (a reader's clearance).
    func mapEntries(_ view: (Entry) -> Entry) -> RetentionReview {
        RetentionReview(date: date, due: due.map(view), held: held.map(view), extended: extended.map(view))
    }
}

extension ProjectionSet {
    /// The review as of 1 January of `year`, using the policy's expiry rule.
    ///
    /// The entries are judged on these projections, which should reflect the log as
    /// of the review's date (`Archive.retentionReview(year:)` replays it so): what is
    /// dated on or after it is left out where the state keeps its date (appraisals,
    /// holds placed, destruction), but a hold released since is gone from the state.
    /// The outcomes come from `now` (default: these projections).
    public func retentionReview(year: Int, outcomes now: ProjectionSet? = nil) -> RetentionReview {
        let date = CivilDate(year: year, month: 1, day: 1)!
        let now = now ?? self
        var due: [RetentionReview.Entry] = []
        var held: [RetentionReview.Entry] = []
        var extended: [RetentionReview.Entry] = []
        for stream in numbering.order {
            guard let number = numbering[stream], let state = records[stream], let archive = state.archive else { continue }
            if let destruction = state.destruction, destruction.at.localDate < date { continue }
            let before = state.appraisals.filter { $0.at.localDate < date }
            let retention = before.last { $0.outcome != .destroy && $0.retention != nil }?.retention ?? number.retention
            let expiry = policy.expiryDate(archiveYear: archive.year, retention: retention)
            let holds = state.holds.filter { $0.at.localDate < date }
            let later = now.records[stream]
            let title = state.meeting?.title ?? later?.meeting?.title ?? now.register[stream]?.record?.title ?? ""
            let outcome = later.flatMap { Self.outcome(of: $0, since: date, register: now.register[stream]) }
            var notes: [String] = []
            if let kept = before.last, kept.outcome != .destroy {
                notes.append(Self.extensionNote(kept, from: number.retention))
            }
            if let o = outcome, o.outcome != .destroy {
                notes.append(Self.extensionNote(o, from: retention))
            }
            notes += holds.map { "冻结：\($0.reason)（\($0.authority)）" }
            var entry = RetentionReview.Entry(
                archiveNumber: number, stream: stream, retention: retention, expiredAt: expiry, title: title,
                outcome: outcome, note: notes.joined(separator: "；"))
            entry.classification = state.classification ?? later?.classification ?? now.register[stream]?.record?.classification
            if let last = before.last, last.outcome != .destroy {
                extended.append(entry)
            } else if let expiry, expiry <= date {
                if !holds.isEmpty { held.append(entry) } else { due.append(entry) }
            }
        }
        let order = { (a: RetentionReview.Entry, b: RetentionReview.Entry) in a.archiveNumber < b.archiveNumber }
        return RetentionReview(date: date, due: due.sorted(by: order), held: held.sorted(by: order), extended: extended.sorted(by: order))
    }

    private static func outcome(of state: MeetingState, since date: CivilDate, register: DestructionRegister.Entry?) -> RetentionReview.Outcome? {
        guard let last = state.appraisals.last(where: { $0.at.localDate >= date }) else { return nil }
        return RetentionReview.Outcome(
            appraisedAt: last.at.localDate, outcome: last.outcome, retention: last.retention, appraisers: last.appraisers,
            destroyedAt: register?.destroyedAt.localDate, batch: register?.batch)
    }

    /// `2025年3月1日鉴定延期保管至定期30年，档号不变` (or 继续保管 for a keep).
    private static func extensionNote(_ a: MeetingState.Appraisal, from retention: RetentionClass) -> String {
        extensionNote(RetentionReview.Outcome(
            appraisedAt: a.at.localDate, outcome: a.outcome, retention: a.retention, appraisers: a.appraisers, destroyedAt: nil, batch: nil),
            from: retention)
    }

    private static func extensionNote(_ o: RetentionReview.Outcome, from retention: RetentionClass) -> String {
        if let longer = o.retention, longer != retention {
            return "\(o.appraisedAt.chineseText)鉴定延期保管至\(longer.label)，档号不变"
        }
        return "\(o.appraisedAt.chineseText)鉴定继续保管"
    }
}
