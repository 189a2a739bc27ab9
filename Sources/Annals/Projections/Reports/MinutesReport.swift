/// `annals minutes STREAM`: the minutes (会议纪要) as JSON (CLI.md keys) or as text.
public enum MinutesReport {
    public static func json(_ m: Minutes) -> [UInt8] {
        JSONWriter.document { w in
            let meeting = m.meeting
            w.beginObject()
            w.field("stream", m.state.stream)
            w.field("title", meeting.title)
            w.field("kind", meeting.kind)
            w.field("organizer", meeting.organizer)
            w.field("chair", meeting.chair)
            w.field("recorder", meeting.recorder)
            w.field("location", meeting.location)
            w.field("starts_at", time: meeting.startsAt)
            w.field("ends_at", time: meeting.endsAt)
            w.field("classification", meeting.classification.name)
            writeSheet(m, into: &w)
            w.list("agenda", m.state.agenda) { w, item in
                w.field("item", item.item)
                w.field("title", item.title)
                w.field("presenter", item.presenter)
                w.field("added", m.state.addedItems.contains(item.item))
            }
            w.list("speeches", m.state.speeches) { w, s in
                w.field("item", s.item)
                w.field("speaker", s.speaker)
                w.field("name", m.state.invited[s.speaker]?.name ?? m.sheet.present.first { $0.person == s.speaker }?.name)
                w.field("summary", s.summary)
                w.field("dissent", s.dissent)
                w.field("guest", s.isGuest)
            }
            w.list("decisions", m.decisions) { w, d in
                w.field("id", d.decision.id)
                w.field("item", d.decision.item)
                w.field("text", d.decision.text)
                w.field("responsible", strings: d.decision.responsible)
                w.field("deadline", date: d.decision.deadline)
                w.field("status", d.status.rawValue)
            }
            w.field("approved_by", m.state.minutes.approvedBy)
            w.field("archive_number", m.archiveNumber)
            w.key("cancelled")
            if let c = m.state.cancellation {
                w.beginObject()
                w.field("at", time: c.at)
                w.field("reason", c.reason)
                w.endObject()
            } else {
                w.null()
            }
            w.endObject()
        }
    }

    /// The sheet's members, in the minutes.
    static func writeSheet(_ m: Minutes, into w: inout JSONWriter) {
        w.list("present", m.sheet.present) { w, l in
            w.field("person", l.person)
            w.field("name", l.name)
            w.field("signed_in_at", time: l.signedInAt)
            w.field("substitute_for", l.substituteFor)
        }
        w.list("late", m.sheet.late) { w, l in
            w.field("person", l.person)
            w.field("name", l.name)
            w.field("signed_in_at", time: l.signedInAt)
        }
        w.list("left_early", m.sheet.leftEarly) { w, l in
            w.field("person", l.person)
            w.field("name", l.name)
            w.field("signed_in_at", time: l.signedInAt)
            w.field("left_at", time: l.leftEarly?.at)
            w.field("reason", l.leftEarly?.reason)
        }
        w.list("on_leave", m.sheet.onLeave) { w, l in
            w.field("person", l.person)
            w.field("name", l.name)
            w.field("reason", l.reason)
            w.key("substitute")
            if let s = l.substitute {
                w.beginObject()
                w.field("person", s.person)
                w.field("name", s.name)
                w.field("unit", s.unit)
                w.field("position", s.position)
                w.field("attended", l.substituteAttended)
                w.endObject()
            } else {
                w.null()
            }
        }
        w.list("absent", m.sheet.absent) { w, l in
            w.field("person", l.person)
            w.field("name", l.name)
        }
        w.list("observers", m.sheet.observers) { w, l in
            w.field("person", l.person)
            w.field("name", l.name)
            w.field("signed_in_at", time: l.signedInAt)
        }
    }

    public static func text(_ m: Minutes) -> String {
        let meeting = m.meeting
        let state = m.state
        func who(_ person: String) -> String {
            guard let name = state.invited[person]?.name else { return person }
            return "\(name) (\(person))"
        }
        var pairs: [(String, String)] = [
            ("会议名称", meeting.title), ("会议类别", meeting.kind), ("主办部门", meeting.organizer),
            ("时间", "\(meeting.startsAt.clerkText) 至 \(meeting.endsAt.clerkText)"), ("地点", meeting.location),
            ("主持人", who(meeting.chair)), ("记录人", who(meeting.recorder)), ("密级", meeting.classification.name),
        ]
        if let approver = state.minutes.approvedBy { pairs.append(("审定", who(approver))) }
        pairs.append(("档号", m.archiveNumber ?? "（未归档）"))
        if let c = state.cancellation { pairs.append(("已取消", "\(c.at.clerkText) \(c.reason)")) }
        var out = "会议纪要\n\n" + keyValueLines(pairs)

        func section(_ title: String, _ count: Int, _ table: TextTable) {
            out += "\n\(title)（\(count)）\n"
            if count > 0 { out += table.render() }
        }
        let sheet = m.sheet
        section("出席", sheet.present.count, TextTable(
            headers: ["人员", "姓名", "签到时间", "备注"],
            rows: sheet.present.map { l in
                [l.person, l.name ?? "", l.signedInAt?.clerkText ?? "",
                 l.substituteFor.map { "代 \(who($0)) 参会" } ?? (l.isLate ? "迟到" : "")]
            }))
        section("迟到", sheet.late.count, TextTable(
            headers: ["人员", "姓名", "签到时间"], rows: sheet.late.map { [$0.person, $0.name ?? "", $0.signedInAt?.clerkText ?? ""] }))
        section("早退", sheet.leftEarly.count, TextTable(
            headers: ["人员", "姓名", "离会时间", "原因"],
            rows: sheet.leftEarly.map { [$0.person, $0.name ?? "", $0.leftEarly?.at.clerkText ?? "", $0.leftEarly?.reason ?? ""] }))
        section("请假", sheet.onLeave.count, TextTable(
            headers: ["人员", "姓名", "原因", "代会人员"],
            rows: sheet.onLeave.map { l in
                [l.person, l.name ?? "", l.reason,
                 l.substitute.map { "\($0.name) (\($0.person))\(l.substituteAttended ? "" : "，未到")" } ?? ""]
            }))
        section("缺席", sheet.absent.count, TextTable(headers: ["人员", "姓名"], rows: sheet.absent.map { [$0.person, $0.name ?? ""] }))
        section("列席", sheet.observers.count, TextTable(
            headers: ["人员", "姓名", "签到时间"], rows: sheet.observers.map { [$0.person, $0.name ?? "", $0.signedInAt?.clerkText ?? "未签到"] }))
        section("议题", state.agenda.count, TextTable(
            headers: ["序号", "议题", "汇报部门"],
            rows: state.agenda.map { [$0.item, $0.title + (state.addedItems.contains($0.item) ? "（临时议题）" : ""), $0.presenter ?? ""] }))
        section("发言要点", state.speeches.count, TextTable(
            headers: ["议题", "发言人", "要点"],
            rows: state.speeches.map { s in
                [s.item, who(s.speaker) + (s.isGuest ? "（特邀）" : ""),
                 s.summary.split(separator: "\n").joined(separator: " ") + (s.dissent ? "（不同意见）" : "")]
            }))
        section("决议事项", m.decisions.count, TextTable(
            headers: ["编号", "议题", "决议", "责任部门", "完成时限", "状态"],
            rows: m.decisions.map { d in
                [d.decision.id, d.decision.item, d.decision.text, d.decision.responsible.joined(separator: "、"),
                 d.decision.deadline?.description ?? "", d.status.label]
            }))
        return out
    }
}
