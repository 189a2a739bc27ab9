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
                w.key("highlights")
                w.beginArray()
                for range in highlights(in: hit.snippet) {
                    w.beginArray()
                    w.integer(range.lowerBound)
                    w.integer(range.upperBound)
                    w.endArray()
                }
                w.endArray()
                w.field("classification", hit.classification?.name)
                w.field("restricted", hit.restricted)
                w.field("destroyed", hit.destroyed)
            }
            w.field("recorded_accesses", strings: result.recordedAccesses)
            w.key("facets")
            w.beginObject()
            for name in QueryFacets.names {
                w.key(name)
                w.beginObject()
                let counts = result.facets.counts[name] ?? [:]
                // Most frequent first; ties in the values' order, so the output is stable.
                for (value, count) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                    w.key(value)
                    w.integer(count)
                }
                w.endObject()
            }
            w.endObject()
            w.endObject()
        }
    }

    /// The matched passages of a snippet (the text between 【 and 】), as half-open
    /// ranges of UTF-16 code units into the snippet as written: what a browser's
    /// `String.slice` takes.
    public static func highlights(in snippet: String?) -> [Range<Int>] {
        guard let snippet else { return [] }
        var ranges: [Range<Int>] = []
        var offset = 0
        var start: Int?
        for scalar in snippet.unicodeScalars {
            let width = scalar.utf16.count
            if scalar == "【" {
                start = offset + width
            } else if scalar == "】", let open = start {
                ranges.append(open..<offset)
                start = nil
            }
            offset += width
        }
        return ranges
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
