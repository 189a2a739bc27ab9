/// `annals flags`: every compliance flag, one row each (CLI.md, wave 2).
public enum FlagsReport {
    /// A list of `{rule, stream, at, detail, field, kind, dept, meeting_date, position}`,
    /// with `"from_register": true` on a destroyed record's flag (read from its
    /// register) and `"restricted": true` on one whose detail the reader may not see.
    public static func json(_ flags: [RaisedFlag]) -> [UInt8] {
        JSONWriter.document { w in
            w.beginArray()
            for f in flags {
                w.beginObject()
                w.field("rule", f.rule.name)
                w.field("stream", f.stream)
                w.field("at", time: f.at)
                w.field("detail", f.detail)
                w.field("field", f.field)
                w.field("kind", f.kind)
                w.field("dept", f.department)
                w.field("meeting_date", date: f.meetingDate)
                w.field("position", Int(f.position))
                if f.fromRegister { w.field("from_register", true) }
                if f.restricted { w.field("restricted", true) }
                w.endObject()
            }
            w.endArray()
        }
    }

    /// 合规提示: the count per rule, then every flag.
    public static func text(_ flags: [RaisedFlag], policy: Policy = .standard) -> String {
        var perRule: [String: Int] = [:]
        for f in flags { perRule[f.rule.name, default: 0] += 1 }
        var out = "合规提示（\(flags.count) 条）\n\n"
        out += TextTable(
            headers: ["规则", "条数"], rows: perRule.keys.sorted().map { [$0, "\(perRule[$0]!)"] }, rightAligned: [1]
        ).render()
        guard !flags.isEmpty else { return out }
        out += "\n"
        out += TextTable(
            headers: ["规则", "会议", "会议日期", "类别", "部门", "发生时间", "说明"],
            rows: flags.map { f in
                [f.rule.name, f.stream, f.meetingDate?.chineseText ?? "", f.kind ?? "", f.department.map(policy.departmentName) ?? "",
                 f.at.clerkText, f.detail + (f.fromRegister ? "（据销毁清册）" : "")]
            }
        ).render()
        return out
    }
}
