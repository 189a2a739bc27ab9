/// `annals retention --year Y`: the yearly review as of 1 January of Y.
public enum RetentionReport {
    public static func json(_ review: RetentionReview, format: ArchiveNumberFormat = .daT22) -> [UInt8] {
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
                    w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
    }

    public static func text(_ review: RetentionReview, format: ArchiveNumberFormat = .daT22) -> String {
        var out = "\(review.date.year)年度保管期限鉴定（截至 \(review.date)）\n"
        for (title, entries) in [("到期待鉴定", review.due), ("冻结（不得销毁）", review.held), ("延期保管", review.extended)] {
            out += "\n\(title)（\(entries.count)）\n"
            guard !entries.isEmpty else { continue }
            out += TextTable(
                headers: ["档号", "会议", "保管期限", "到期日"],
                rows: entries.map { [$0.archiveNumber.formatted(format), $0.stream + ($0.restricted ? "（\(Reader.restrictedMarker)）" : ""), $0.retention.label, $0.expiredAt?.description ?? "永久"] }
            ).render()
        }
        return out
    }
}
