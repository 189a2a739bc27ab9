/// `annals decisions`: decision follow-up (督办).
public enum DecisionsReport {
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
                w.endObject()
            }
            w.endArray()
        }
    }

    public static func text(_ rows: [DecisionFollowUp], on date: CivilDate) -> String {
        "决议事项督办（截至 \(date)，\(rows.count) 项）\n\n"
            + TextTable(
                headers: ["会议", "编号", "决议", "责任部门", "完成时限", "状态", "办结时间"],
                rows: rows.map { d in
                    [d.title.isEmpty ? d.stream : d.title, d.decision, d.text, d.responsible.joined(separator: "、"),
                     d.deadline?.description ?? "", d.status.label, d.doneAt?.clerkText ?? ""]
                }
            ).render()
    }
}
