/// `annals catalogue`: the archive directory (归档文件目录).
public enum CatalogueReport {
    /// A list of `{archive_number, stream, title, kind, year, retention, organization,
    /// documents, destroyed}` (CLI.md), and, added by issue 12: `date` (8 digits),
    /// `issue_number` (文号), `responsible` (责任者, the department's name),
    /// `classification` (密级), `late_filing` (补归档).
    public static func json(_ rows: [CatalogueEntry], format: ArchiveNumberFormat = .daT22, policy: Policy = .standard) -> [UInt8] {
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
                if row.restricted { w.field("restricted", true) }
                w.field("date", row.date.map(eightDigits))
                w.field("issue_number", row.issue?.reference)
                w.field("responsible", policy.departmentName(row.responsible))
                w.field("classification", row.classification?.name)
                w.field("late_filing", row.lateFiling)
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

    /// The directory per DA/T 22-2015: under each class heading (year, retention,
    /// organization) the items with 序号, 档号, 文号, 责任者, 题名, 日期, 页数, 密级, 备注.
    /// 页数 is left for the clerk: the events record documents, not pages.
    public static func text(_ rows: [CatalogueEntry], format: ArchiveNumberFormat = .daT22, policy: Policy = .standard) -> String {
        var out = "归档文件目录（\(rows.count)件）\n"
        var groups: [(ArchiveNumber.Group, [CatalogueEntry])] = []
        for row in rows {
            if let last = groups.last, last.0 == row.archiveNumber.group {
                groups[groups.count - 1].1.append(row)
            } else {
                groups.append((row.archiveNumber.group, [row]))
            }
        }
        for (group, entries) in groups {
            let unit = policy.departmentName(group.organization)
            out += "\n全宗号 \(group.fonds)  \(group.category)  \(group.year)年度  \(group.retention.label)  \(unit)（\(group.organization)）\n"
            out += TextTable(
                headers: ["序号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "备注"],
                rows: entries.map { r in
                    var notes: [String] = []
                    if r.lateFiling { notes.append("补归档") }
                    if r.destroyed { notes.append("已销毁") }
                    return [String(r.archiveNumber.item), r.archiveNumber.formatted(format), r.issue?.reference ?? "",
                            policy.departmentName(r.responsible), r.title, r.date.map(eightDigits) ?? "", "",
                            r.classification?.name ?? "", notes.joined(separator: "；")]
                },
                rightAligned: [0]
            ).render()
        }
        return out
    }

    /// `20230306`: DA/T 22's form of a date.
    static func eightDigits(_ date: CivilDate) -> String {
        String(date.year) + (date.month < 10 ? "0" : "") + String(date.month) + (date.day < 10 ? "0" : "") + String(date.day)
    }
}
