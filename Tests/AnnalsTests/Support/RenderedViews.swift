import Annals

/// What the read commands print, as JSON (CLI.md): the catalogue, the destruction
/// register, a retention review, decision follow-up and the compliance counts,
/// judged on `date`. Two sets of projections that agree give equal bytes.
enum RenderedViews {
    static func json(_ set: ProjectionSet, on date: CivilDate, reviewYear: Int) -> [String: [UInt8]] {
        [
            "catalogue": CatalogueReport.json(set.catalogue(), format: set.numberFormat),
            "register": RegisterReport.json(set.register),
            "retention": RetentionReport.json(set.retentionReview(year: reviewYear), format: set.numberFormat),
            "decisions": DecisionsReport.json(set.decisions(on: date)),
            "stats": StatsReport.json(set.compliance(on: date)),
        ]
    }
}
