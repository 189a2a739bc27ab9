/// `annals query`: the hits of a query (CLI.md: `{"total": N, "hits": [...]}`).
public enum QueryReport {
    /// `{"total", "hits": [{"stream", "title", "kind", "starts_at", "archive_number",
    /// "snippet", "classification", "restricted", "destroyed"}], "recorded_accesses"}`;
    /// a restricted hit has null title, start and snippet.
    public static func json(_ result: QueryResult) -> [UInt8] {
        JSONWriter.document { w in
            w.beginObject()
            w.field("total", result.total)
            w.list("hits", result.hits) { w, hit in
                w.field("stream", hit.stream)
                w.field("title", hit.title)
                w.field("kind", hit.kind)
                w.field("starts_at", time: hit.startsAt)
                w.field("archive_number", hit.archiveNumber)
                w.field("snippet", hit.snippet)
                w.field("classification", hit.classification?.name)
                w.field("restricted", hit.restricted)
                w.field("destroyed", hit.destroyed)
            }
            w.field("recorded_accesses", strings: result.recordedAccesses)
            w.endObject()
        }
    }

    /// A list a clerk can read: per hit, number, date, kind, classification and title
    /// (or 受限 / 已销毁) on one line, and the snippet, indented, under it.
    public static func text(_ result: QueryResult, offset: Int = 0) -> String {
        var out = "共 \(result.total) 件"
        if !result.hits.isEmpty, result.hits.count < result.total {
            out += "，显示第 \(offset + 1)–\(offset + result.hits.count) 件"
        }
        out += "\n\n"
        guard !result.hits.isEmpty else { return out + "（无结果）\n" }
        for hit in result.hits {
            let title = hit.restricted ? "（受限：密级高于查阅权限）" : (hit.title ?? "") + (hit.destroyed ? "（已销毁）" : "")
            let cells = [
                hit.archiveNumber ?? "（未归档）", hit.startsAt.map { "\($0.localDate)" } ?? "", hit.kind ?? "", hit.classification?.name ?? "",
                title,
            ]
            out += cells.filter { !$0.isEmpty }.joined(separator: "  ") + "\n"
            if let snippet = hit.snippet { out += "    " + snippet + "\n" }
        }
        if !result.recordedAccesses.isEmpty {
            out += "\n已登记查阅 \(result.recordedAccesses.count) 件（秘密及以上，archive.accessed）\n"
        }
        return out
    }
}
