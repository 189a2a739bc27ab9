/// `annals decisions`: decision follow-up (督办).
public enum DecisionsReport {
    /// A list of `{stream, decision, text, responsible, deadline, status, done_at}`
    /// (CLI.md), with, added by issue 12: `lead` (牵头), `supporting` (配合) and
    /// `notes` (`[{at, status, note}]`, the progress reported).
    public static func json(_ rows: [DecisionFollowUp]) -> [UInt8] {
        JSONWriter.document { w in
            w.beginArray()
            for d in rows {
                w.beginObject()
                w.field("stream", d.stream)
                w.field("decision", d.decision)
                w.field("text", d.text)
                w.field("responsible", strings: d.responsible)
                w.field("deadline", date: d.deadline)
                w.field("status", d.status.rawValue)
                w.field("done_at", time: d.doneAt)
                w.field("lead", d.lead)
                w.field("supporting", strings: d.supporting)
                w.list("notes", d.notes) { w, p in
                    w.field("at", time: p.at)
                    w.field("status", p.status == .done ? "done" : "in_progress")
                    w.field("note", p.note)
                }
                w.endObject()
            }
            w.endArray()
        }
    }

    /// `annals decisions --by-dept`: `[{dept, name, on_time, late, overdue, pending}]`.
    public static func json(_ departments: [DepartmentFollowUp], policy: Policy) -> [UInt8] {
        JSONWriter.document { w in
            w.beginArray()
            for d in departments {
                w.beginObject()
                w.field("dept", d.department)
                w.field("name", policy.departmentName(d.department))
                w.field("on_time", d.onTime)
                w.field("late", d.late)
                w.field("overdue", d.overdue)
                w.field("pending", d.pending)
                w.endObject()
            }
            w.endArray()
        }
    }

    public static func text(_ rows: [DecisionFollowUp], on date: CivilDate, policy: Policy = .standard) -> String {
        var out = "决议事项督办（截至\(date.chineseText)，\(rows.count)项）\n\n"
        out += TextTable(
            headers: ["会议", "编号", "决议", "牵头单位", "配合单位", "完成时限", "状态", "办结时间"],
            rows: rows.map { d in
                [d.title.isEmpty ? d.stream : d.title, d.decision, d.text, d.lead.map(policy.departmentName) ?? "",
                 d.supporting.map(policy.departmentName).joined(separator: "、"), d.deadline?.chineseText ?? "", d.status.label,
                 d.doneAt?.localDate.chineseText ?? ""]
            }
        ).render()
        let noted = rows.filter { !$0.notes.isEmpty }
        if !noted.isEmpty {
            out += "\n进展情况\n"
            for d in noted {
                out += "  \(d.title.isEmpty ? d.stream : d.title) \(d.decision)：\n"
                for p in d.notes {
                    out += "    \(p.at.localDate.chineseText) \(p.status == .done ? "办结" : "办理中")\(p.note.map { "：\($0)" } ?? "")\n"
                }
            }
        }
        return out
    }

    /// 督办情况 per department: 按时办结, 逾期办结, 逾期未办, 未到期.
    public static func text(_ departments: [DepartmentFollowUp], on date: CivilDate, policy: Policy) -> String {
        "各单位督办情况（截至\(date.chineseText)）\n\n"
            + TextTable(
                headers: ["单位", "按时办结", "逾期办结", "逾期未办", "未到期"],
                rows: departments.map { d in
                    [policy.departmentName(d.department), String(d.onTime), String(d.late), String(d.overdue), String(d.pending)]
                },
                rightAligned: [1, 2, 3, 4]
            ).render()
    }
}
