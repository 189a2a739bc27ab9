/// The appraisal report (鉴定报告) of a year: one section per sitting of an
/// appraisal group (the same day, the same appraisers), saying who appraised, how
/// many records, with what outcomes, and the destruction batches that followed.
public struct AppraisalReport: Hashable, Sendable {
    public struct Sitting: Hashable, Sendable {
        public let date: CivilDate
        /// 鉴定小组: the appraisers, as the events name them.
        public let appraisers: [String]
        /// The records appraised, in archive-number order.
        public let records: [ArchiveNumber]
        public let kept: Int
        public let extended: Int
        public let destroy: Int
        /// The destruction batches the records to destroy went into (销毁批次), once approved.
        public let batches: [String]
    }

    public let year: Int
    public let sittings: [Sitting]
}

extension ProjectionSet {
    /// The appraisals made in `year`, by sitting, in date order.
    public func appraisalReport(year: Int) -> AppraisalReport {
        struct Key: Hashable { let date: CivilDate; let appraisers: [String] }
        var groups: [Key: [(ArchiveNumber, MeetingState.Appraisal, String?)]] = [:]
        for stream in numbering.order {
            guard let number = numbering[stream], let state = records[stream] else { continue }
            let batch = state.destructionApproval?.batch ?? register[stream]?.batch
            for a in state.appraisals where a.at.localDate.year == year {
                groups[Key(date: a.at.localDate, appraisers: a.appraisers), default: []].append((number, a, batch))
            }
        }
        let sittings = groups.map { key, rows in
            let sorted = rows.sorted { $0.0 < $1.0 }
            let extendedCount = rows.filter { $0.1.outcome != .destroy && $0.1.retention != nil }.count
            let keptCount = rows.filter { $0.1.outcome != .destroy && $0.1.retention == nil }.count
            let destroyRows = rows.filter { $0.1.outcome == .destroy }
            return AppraisalReport.Sitting(
                date: key.date, appraisers: key.appraisers, records: sorted.map(\.0), kept: keptCount, extended: extendedCount,
                destroy: destroyRows.count, batches: Set(destroyRows.compactMap(\.2)).sorted())
        }
        return AppraisalReport(
            year: year, sittings: sittings.sorted { ($0.date, $0.appraisers.joined(separator: ",")) < ($1.date, $1.appraisers.joined(separator: ",")) })
    }
}
