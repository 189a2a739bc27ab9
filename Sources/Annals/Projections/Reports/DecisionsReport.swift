/// `annals decisions`: decision follow-up (督办).
public enum DecisionsReport {
    /// A list of `{stream, decision, text, responsible, deadline, status, done_at}`
    /// (CLI.md), with, added by issue 12: `lead` (牵头), `supporting` (配合),
    /// `notes` (`[{at, status, note}]`, the progress reported), `person` (责任人, when
    /// named), `original_deadline` (the meeting's; `deadline` is the one in force),
    /// `extensions` (`[{at, from, deadline, reason, approved_by}]`) and `closed`
    /// (`{at, by, note}`, 销号, when closed).
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
                if let person = d.person { w.field("person", person) }
                w.field("original_deadline", date: d.originalDeadline)
                w.list("extensions", d.extensions) { w, x in
                    w.field("at", time: x.at)
                    w.field("from", date: x.from)
                    w.field("deadline", date: x.deadline)
                    w.field("reason", x.reason)
                    w.field("approved_by", x.approvedBy)
                }
                if let closing = d.closing {
                    w.key("closed")
                    w.beginObject()
                    w.field("at", time: closing.at)
                    w.field("by", closing.closedBy)
                    w.field("note", closing.note)
                    w.endObject()
                }
                w.endObject()
            }
            w.endArray()
        }
    }

    /// `annals decisions --by-dept`: `[{dept, name, on_time, late, overdue, pending, extended}]`
    /// (`extended` added by issue 12's 督办: how many of them were extended).
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
                w.field("extended", d.extended)
                w.endObject()
            }
            w.endArray()
        }
    }

    public static func text(_ rows: [DecisionFollowUp], on date: CivilDate, policy: Policy = .standard, people: PeopleDirectory? = nil) -> String {
        func person(_ id: String) -> String { people?.name(id) ?? id }
        var out = "决议事项督办（截至\(date.chineseText)，\(rows.count)项）\n\n"
        func row(_ d: DecisionFollowUp) -> [String] {
            let lead = d.lead.map(policy.departmentName) ?? ""
            let supporting = d.supporting.map(policy.departmentName).joined(separator: "、")
            let deadline = (d.deadline?.chineseText ?? "") + (d.extensions.isEmpty ? "" : "（延期）")
            let doneAt = d.doneAt?.localDate.chineseText ?? ""
            let closed = d.closing == nil ? "" : "已销号"
            return [d.title.isEmpty ? d.stream : d.title, d.decision, d.text, lead, supporting, d.person.map(person) ?? "",
                    deadline, d.status.label, doneAt, closed]
        }
        out += TextTable(headers: ["会议", "编号", "决议", "牵头单位", "配合单位", "责任人", "完成时限", "状态", "办结时间", "销号"], rows: rows.map(row)).render()
        let followed = rows.filter { !$0.notes.isEmpty || !$0.extensions.isEmpty || $0.closing != nil }
        if !followed.isEmpty {
            out += "\n进展情况\n"
            for d in followed {
                out += "  \(d.title.isEmpty ? d.stream : d.title) \(d.decision)：\n"
                // Notes, extensions and the closing, in the order they happened.
                var lines: [(at: ZonedTime, text: String)] = []
                for p in d.notes {
                    let note = p.note.map { "：" + $0 } ?? ""
                    lines.append((p.at, (p.status == .done ? "办结" : "办理中") + note))
                }
                for x in d.extensions {
                    let from = x.from?.chineseText ?? "未定"
                    lines.append((x.at, "延期至\(x.deadline.chineseText)（原时限\(from)，\(person(x.approvedBy))批准）：\(x.reason)"))
                }
                if let c = d.closing {
                    let note = c.note.map { "：" + $0 } ?? ""
                    lines.append((c.at, "销号（\(person(c.closedBy))）" + note))
                }
                // Stable: events at the same moment keep the order above.
                let ordered = lines.indices.sorted { (lines[$0].at, $0) < (lines[$1].at, $1) }
                for i in ordered {
                    out += "    \(lines[i].at.localDate.chineseText) \(lines[i].text)\n"
                }
            }
        }
        return out
    }

    /// 督办情况 per department: 按时办结, 逾期办结, 逾期未办, 未到期.
    public static func text(_ departments: [DepartmentFollowUp], on date: CivilDate, policy: Policy) -> String {
        "各单位督办情况（截至\(date.chineseText)）\n\n"
            + TextTable(
                headers: ["单位", "按时办结", "逾期办结", "逾期未办", "未到期", "延期"],
                rows: departments.map { d in
                    [policy.departmentName(d.department), String(d.onTime), String(d.late), String(d.overdue), String(d.pending),
                     String(d.extended)]
                },
                rightAligned: [1, 2, 3, 4, 5]
            ).render()
    }
}
