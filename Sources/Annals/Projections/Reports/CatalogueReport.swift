/// `annals catalogue`: the archive directory (归档文件目录).
public enum CatalogueReport {
    public static func json(_ rows: [CatalogueEntry], format: ArchiveNumberFormat = .daT22) -> [UInt8] {
        JSONWriter.document { w in
            w.beginArray()
            for row in rows {
                w.beginObject()
                w.field("archive_number", row.archiveNumber.formatted(format))
                w.field("stream", row.stream)
                w.field("title", row.title)
                w.field("kind", row.kind)
                w.field("year", row.year)
                w.field("retention", row.retention.code)
                w.field("organization", row.organization)
                w.field("documents", row.documents)
                w.field("destroyed", row.destroyed)
                w.endObject()
            }
            w.endArray()
        }
    }

    /// The same rows as CSV (RFC 4180, a header line of the JSON keys), for a
    /// spreadsheet: the server's `GET /api/v1/catalogue?format=csv`.
    public static func csv(_ rows: [CatalogueEntry], format: ArchiveNumberFormat = .daT22) -> String {
        func cell(_ text: String) -> String {
            // A leading = + - @ would make a spreadsheet run the cell as a formula.
            let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + String(safe.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\"" : safe
        }
        var out = "archive_number,stream,title,kind,year,retention,organization,documents,destroyed\r\n"
        for row in rows {
            out += [
                row.archiveNumber.formatted(format), row.stream, row.title, row.kind, String(row.year), row.retention.code,
                row.organization, String(row.documents), row.destroyed ? "true" : "false",
            ].map(cell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    public static func text(_ rows: [CatalogueEntry], format: ArchiveNumberFormat = .daT22) -> String {
        "归档文件目录（\(rows.count) 件）\n\n"
            + TextTable(
                headers: ["档号", "题名", "会议类别", "年度", "保管期限", "机构", "件数", "备注"],
                rows: rows.map { r in
                    [r.archiveNumber.formatted(format), r.title, r.kind, String(r.year), r.retention.label, r.organization,
                     String(r.documents), r.destroyed ? "已销毁" : ""]
                },
                rightAligned: [6]
            ).render()
    }
}
