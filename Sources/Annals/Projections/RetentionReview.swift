/// The yearly retention review (保管期限到期鉴定) as of 1 January of a year
/// (CLI.md `annals retention --year Y`).
public struct RetentionReview: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public let archiveNumber: ArchiveNumber
        public let stream: String
        /// The class in force.
        public let retention: RetentionClass
        /// The first day the record is expired under that class; nil for permanent.
        public let expiredAt: CivilDate?
        /// 密级.
        public var classification: Classification? = nil
        /// Above the reader's clearance: listed by number only, marked 受限.
        public var restricted = false
    }

    /// The review's date: 1 January of its year.
    public let date: CivilDate
    /// Expired, not destroyed, not held, not kept by an appraisal: to be appraised or destroyed.
    public let due: [Entry]
    /// Expired but held (冻结): may not be destroyed.
    public let held: [Entry]
    /// Appraised to keep or to extend (延期保管).
    public let extended: [Entry]

    /// The review with each entry passed through `view` (a reader's clearance).
    func mapEntries(_ view: (Entry) -> Entry) -> RetentionReview {
        RetentionReview(date: date, due: due.map(view), held: held.map(view), extended: extended.map(view))
    }
}

extension ProjectionSet {
    /// The review as of 1 January of `year`, using the policy's expiry rule.
    public func retentionReview(year: Int) -> RetentionReview {
        let date = CivilDate(year: year, month: 1, day: 1)!
        var due: [RetentionReview.Entry] = []
        var held: [RetentionReview.Entry] = []
        var extended: [RetentionReview.Entry] = []
        for stream in numbering.order {
            guard let number = numbering[stream], let state = records[stream], let archive = state.archive,
                !state.isDestroyed
            else { continue }
            let retention = state.retention ?? number.retention
            let expiry = policy.expiryDate(archiveYear: archive.year, retention: retention)
            var entry = RetentionReview.Entry(archiveNumber: number, stream: stream, retention: retention, expiredAt: expiry)
            entry.classification = state.classification
            if let last = state.lastAppraisal, last.outcome != .destroy, last.at.localDate < date {
                extended.append(entry)
            } else if let expiry, expiry <= date {
                if state.isHeld { held.append(entry) } else { due.append(entry) }
            }
        }
        let order = { (a: RetentionReview.Entry, b: RetentionReview.Entry) in a.archiveNumber < b.archiveNumber }
        return RetentionReview(date: date, due: due.sorted(by: order), held: held.sorted(by: order), extended: extended.sorted(by: order))
    }
}
