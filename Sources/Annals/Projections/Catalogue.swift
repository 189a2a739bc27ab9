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
    /// 密级, while the record holds content (a destruction takes it with the content).
    public var classification: Classification? = nil
    /// Above the reader's clearance: the title reads ``Reader/restrictedMarker`` (受限).
    public var restricted = false

    /// The entry as a reader not cleared for it sees it: number, kind, year, class
    /// and custody facts, no title.
    func restrictedView() -> CatalogueEntry {
        var row = CatalogueEntry(
            archiveNumber: archiveNumber, stream: stream, title: Reader.restrictedMarker, kind: kind, year: year,
            retention: retention, organization: organization, documents: documents, destroyed: destroyed)
        row.classification = classification
        row.restricted = true
        return row
    }
}

extension ProjectionSet {
    /// The archive directory in archive-number order, optionally of one year or fonds.
    /// As of a moment, only what was filed by then is listed.
    public func catalogue(year: Int? = nil, fonds: String? = nil) -> [CatalogueEntry] {
        var rows: [CatalogueEntry] = []
        for stream in numbering.order {
            guard let number = numbering[stream], let state = records[stream], let archive = state.archive else { continue }
            if let year, number.year != year { continue }
            if let fonds, number.fonds != fonds { continue }
            let kept = register[stream]?.record
            var row = CatalogueEntry(
                archiveNumber: number, stream: stream, title: state.meeting?.title ?? kept?.title ?? "",
                kind: state.meeting?.kind ?? kept?.kind ?? "", year: number.year,
                retention: state.retention ?? number.retention, organization: number.organization,
                documents: archive.documents.count, destroyed: state.isDestroyed)
            row.classification = state.classification
            rows.append(row)
        }
        rows.sort { $0.archiveNumber < $1.archiveNumber }
        return rows
    }
}
