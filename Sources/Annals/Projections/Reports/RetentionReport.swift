/// `annals retention --year Y`: the yearly review as of 1 January of Y, and the
/// year's appraisal report (鉴定报告).
public enum RetentionReport {
    /// `{"due", "held", "extended"}` (each entry: `archive_number, stream, retention,
    /// expired_at, title, outcome, note`), and, when given, `"appraisals"`.
    public static func json(_ review: RetentionReview, appraisals: AppraisalReport? = nil, format: ArchiveNumberFormat = .daT22) -> [UInt8] {
        JSONWriter.document { w in
            w.beginObject()
            for (key, entries) in [("due", review.due), ("held", review.held), ("extended", review.extended)] {
                w.key(key)
                w.beginArray()
                for e in entries {
                    w.beginObject()
                    w.field("archive_number", e.archiveNumber.formatted(format))
                    w.field("stream", e.stream)
                    w.field("retention", e.retention.code)
                    w.field("expired_at", date: e.expiredAt)
                    if e.restricted { w.field("restricted", true) }
                    w.field("title", e.title)
                    w.key("outcome")
                    if let o = e.outcome {
                        w.beginObject()
                        w.field("appraised_at", date: o.appraisedAt)
                        w.field("outcome", o.outcome.wireName)
                        w.field("retention", o.retention?.code)
                        w.field("appraisers", strings: o.appraisers)
                        w.field("destroyed_at", date: o.destroyedAt)
                        w.field("batch", o.batch)
                        w.endObject()
                    } else {
                        w.null()
                    }
                    w.field("note", e.note)
                    w.endObject()
                }
                w.endArray()
            }
            if let appraisals {
                w.list("appraisals", appraisals.sittings) { w, s in
                    w.field("date", date: s.date)
                    w.field("appraisers", strings: s.appraisers)
                    w.field("records", strings: s.records.map { $0.formatted(format) })
                    w.field("keep", s.kept)
                    w.field("extend", s.extended)
                    w.field("destroy", s.destroy)
                    w.field("batches", strings: s.batches)
                }
            }
            w.endObject()
        }
    }

    public static func text(_ review: RetentionReview, appraisals: AppraisalReport? = nil, format: ArchiveNumberFormat = .daT22) -> String {
        var out = "\(review.date.year)年度保管期限到期鉴定（截至\(review.date.chineseText)）\n"
        for (title, entries) in [("到期待鉴定", review.due), ("冻结（不得销毁）", review.held), ("延期保管", review.extended)] {
            out += "\n\(title)（\(entries.count)件）\n"
            guard !entries.isEmpty else { continue }
            out += TextTable(
                headers: ["档号", "题名", "保管期限", "到期日", "鉴定结果", "备注"],
                rows: entries.map {
                    [$0.archiveNumber.formatted(format), $0.title.isEmpty ? $0.stream : $0.title, $0.retention.label,
                     $0.expiredAt?.chineseText ?? "永久", outcomeText($0.outcome), $0.note]
                }
            ).render()
        }
        if let appraisals { out += "\n" + text(appraisals, format: format) }
        return out
    }

    /// 鉴定报告: per sitting, who appraised, how many, with what outcomes.
    public static func text(_ report: AppraisalReport, format: ArchiveNumberFormat = .daT22) -> String {
        var out = "\(report.year)年度鉴定报告（\(report.sittings.count)次）\n"
        for s in report.sittings {
            out += "\n\(s.date.chineseText)  鉴定小组：\(s.appraisers.joined(separator: "、"))\n"
            out += "  鉴定\(s.records.count)件：继续保管\(s.kept)件，延期保管\(s.extended)件，建议销毁\(s.destroy)件"
            out += s.batches.isEmpty ? "\n" : "（销毁批次：\(s.batches.joined(separator: "、"))）\n"
            let first = s.records.first.map { $0.formatted(format) } ?? ""
            let last = s.records.last.map { $0.formatted(format) } ?? ""
            if !first.isEmpty { out += "  档号：\(first)\(first == last ? "" : " 至 \(last)")\n" }
        }
        return out
    }

    private static func outcomeText(_ o: RetentionReview.Outcome?) -> String {
        guard let o else { return "" }
        switch o.outcome {
        case .destroy:
            if let destroyedAt = o.destroyedAt { return "\(o.appraisedAt.chineseText)鉴定销毁，\(destroyedAt.chineseText)已销毁" }
            return "\(o.appraisedAt.chineseText)鉴定销毁"
        case .extend: return "\(o.appraisedAt.chineseText)延期至\(o.retention?.label ?? "")"
        case .keep: return "\(o.appraisedAt.chineseText)继续保管"
        }
    }
}
