/// `annals stats --from D --to D` / `--by year`: the 精简会议 figures.
public enum MeetingEconomyReport {
    /// `{from, to, by_dept: [{dept, name, meetings, invited, minutes, ad_hoc}],
    /// by_year: [{year, meetings, invited, minutes, ad_hoc}]}`: totals of people
    /// invited and of scheduled minutes, from which the averages follow.
    public static func json(_ e: MeetingEconomy, policy: Policy) -> [UInt8] {
        JSONWriter.document { w in
            w.beginObject()
            w.field("from", date: e.from)
            w.field("to", date: e.to)
            w.list("by_dept", e.byDepartment) { w, r in
                w.field("dept", r.key)
                w.field("name", policy.departmentName(r.key))
                fields(&w, r)
            }
            w.list("by_year", e.byYear) { w, r in
                w.field("year", Int(r.key) ?? 0)
                fields(&w, r)
            }
            w.endObject()
        }
    }

    private static func fields(_ w: inout JSONWriter, _ r: MeetingEconomy.Row) {
        w.field("meetings", r.meetings)
        w.field("invited", r.invited)
        w.field("minutes", r.minutes)
        w.field("ad_hoc", r.adHoc)
    }

    public static func text(_ e: MeetingEconomy, policy: Policy) -> String {
        let range = [e.from?.chineseText ?? "", e.to?.chineseText ?? ""]
        var out = "精简会议统计（\(range[0].isEmpty && range[1].isEmpty ? "全部" : "\(range[0])至\(range[1])")）\n\n"
        func table(_ first: String, _ rows: [MeetingEconomy.Row], _ name: (String) -> String) -> String {
            TextTable(
                headers: [first, "会议数", "平均人数", "平均时长（分钟）", "临时会议"],
                rows: rows.map { [name($0.key), String($0.meetings), tenths($0.averageSize), tenths($0.averageMinutes), String($0.adHoc)] },
                rightAligned: [1, 2, 3, 4]
            ).render()
        }
        out += table("年度", e.byYear) { "\($0)年" } + "\n"
        out += table("主办单位", e.byDepartment, policy.departmentName)
        return out
    }

    /// `12.5`: one decimal, as the figures are printed.
    static func tenths(_ value: Double) -> String {
        let t = Int((value * 10).rounded())
        return "\(t / 10).\(t % 10)"
    }
}
