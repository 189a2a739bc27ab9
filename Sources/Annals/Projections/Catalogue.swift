/// One row of the archive directory (归档文件目录, CLI.md `annals catalogue`).
public struct CatalogueEntry: Hashable, Sendable {
    public let archiveNumber: ArchiveNumber
    public let stream: String
    /// 题名; after destruction, as the register kept it.
    public let title: String
    public let kind: String
    public let year: Int
    /// The retention class in force (as filed, or as an appraisal extended it).
    public let retention: RetentionClass
    public let organization: String
    /// How many documents were filed (件/页数).
    public let documents: Int
    /// 已销毁.
    public let destroyed: Bool
    /// The meeting's date (日期); nil only when neither the meeting nor the register knows it.
    public let date: CivilDate?
    /// 文号: the minutes' issue number (期号), once approved.
    public let issue: MinutesIssue?
    /// 责任者: the organizing department's code (the report prints its name).
    public let responsible: String
    /// 密级: the meeting's, or after destruction the one its register kept (nil,
    /// counted as 秘密, for a destruction recorded before the register kept it).
    public let classification: Classification?
    /// 补归档: filed after a later-dated meeting of its group had its number (see
    /// `catalogue`): its number follows filing order, not its date.
    public let lateFiling: Bool
    /// Above the reader's clearance: the title reads ``Reader/restrictedMarker`` (受限).
    public var restricted = false

    /// The entry as a reader not cleared for it sees it: number, kind, year, class,
    /// date and custody facts; no title, no issue number.
    func restrictedView() -> CatalogueEntry {
        var row = CatalogueEntry(
            archiveNumber: archiveNumber, stream: stream, title: Reader.restrictedMarker, kind: kind, year: year,
            retention: retention, organization: organization, documents: documents, destroyed: destroyed, date: date,
            issue: nil, responsible: responsible, classification: classification, lateFiling: lateFiling)
        row.restricted = true
        return row
    }
}

extension ProjectionSet {
    /// The archive directory in archive-number order, optionally of one year or fonds.
    /// As of a moment, only what was filed by then is listed.
    ///
    /// 件号 follow filing order and are never renumbered (DOMAIN.md). An office files
    /// a year's meetings in date order, so within a group the numbers follow the
    /// meetings' dates; a meeting filed after a later-dated one of its group already
    /// had its number (补归档) takes the next number, and is marked `lateFiling`.
    public func catalogue(year: Int? = nil, fonds: String? = nil) -> [CatalogueEntry] {
        var rows: [CatalogueEntry] = []
        let issues = minutesIssues()
        // The latest meeting date numbered so far in each group, in filing (number) order.
        var latest: [ArchiveNumber.Group: CivilDate] = [:]
        for stream in numbering.order {
            guard let number = numbering[stream], let state = records[stream], let archive = state.archive else { continue }
            if let year, number.year != year { continue }
            if let fonds, number.fonds != fonds { continue }
            let kept = register[stream]?.record
            let date = state.meeting?.startsAt.localDate
            var late = false
            if let date {
                if let seen = latest[number.group], date < seen { late = true }
                latest[number.group] = max(date, latest[number.group] ?? date)
            }
            rows.append(CatalogueEntry(
                archiveNumber: number, stream: stream, title: state.meeting?.title ?? kept?.title ?? "",
                kind: state.meeting?.kind ?? kept?.kind ?? "", year: number.year,
                retention: state.retention ?? number.retention, organization: number.organization,
                documents: archive.documents.count, destroyed: state.isDestroyed, date: date, issue: issues[stream],
                responsible: state.meeting?.organizer ?? number.organization, classification: state.meeting?.classification ?? kept?.classification,
                lateFiling: late))
        }
        rows.sort { $0.archiveNumber < $1.archiveNumber }
        return rows
    }
}
