/// The `--by` breakdown of `annals stats`.
public enum StatsBreakdown: String, Sendable, Hashable, CaseIterable {
    /// Meetings per organizing department per month.
    case dept
    case kind
    case month
    /// Attendance per person.
    case person
}

/// `annals stats`: the compliance counts.
public enum StatsReport {
    /// The totals, plus the breakdown `by` (all four when nil).
    public static func json(_ c: Compliance, by: StatsBreakdown? = nil) -> [UInt8] {
        JSONWriter.document { w in
            w.beginObject()
            w.field("date", date: c.date)
            w.field("meetings", c.meetings)
            if by == nil || by == .dept {
                w.list("by_dept", c.byDepartmentMonth) { w, n in
                    w.field("dept", n.key)
                    w.field("month", n.month)
                    w.field("meetings", n.meetings)
                }
            }
            if by == nil || by == .kind {
                w.list("by_kind", c.byKind) { w, n in
                    w.field("kind", n.key)
                    w.field("meetings", n.meetings)
                }
            }
            if by == nil || by == .month {
                w.list("by_month", c.byMonth) { w, n in
                    w.field("month", n.key)
                    w.field("meetings", n.meetings)
                }
            }
            if by == nil || by == .person {
                w.list("by_person", c.byPerson) { w, p in
                    w.field("person", p.person)
                    w.field("name", p.name)
                    counts(&w, p.counts)
                }
            }
            w.key("notices")
            w.beginObject()
            w.field("sent", c.noticesSent)
            w.field("late", c.noticesLate)
            w.endObject()
            w.key("minutes")
            w.beginObject()
            w.field("drafted", c.minutesDrafted)
            w.field("late", c.minutesLate)
            w.endObject()
            w.key("decisions")
            w.beginObject()
            w.field("total", c.decisions)
            w.field("done_on_time", c.decisionsDone)
            w.field("done_late", c.decisionsDoneLate)
            w.field("overdue", c.decisionsOverdue)
            w.field("open", c.decisionsOpen)
            w.endObject()
            w.key("attendance")
            w.beginObject()
            counts(&w, c.attendance)
            w.endObject()
            w.endObject()
        }
    }

    static func counts(_ w: inout JSONWriter, _ c: AttendanceCounts) {
        w.field("present", c.present)
        w.field("late", c.late)
        w.field("left_early", c.leftEarly)
        w.field("on_leave", c.onLeave)
        w.field("on_leave_with_substitute", c.onLeaveWithSubstitute)
        w.field("absent", c.absent)
        w.field("substituting", c.substituting)
    }

    public static func text(_ c: Compliance, by: StatsBreakdown = .dept) -> String {
        let a = c.attendance
        var out = "会议统计（截至 \(c.date)）\n\n"
        out += keyValueLines([
            ("会议总数", "\(c.meetings)"),
            ("会议通知", "\(c.noticesSent) 次，其中未按时提前通知 \(c.noticesLate) 次"),
            ("会议纪要", "\(c.minutesDrafted) 份，其中逾期起草 \(c.minutesLate) 份"),
            ("决议事项", "\(c.decisions) 项：按期办结 \(c.decisionsDone)，逾期办结 \(c.decisionsDoneLate)，逾期未办 \(c.decisionsOverdue)，在办 \(c.decisionsOpen)"),
            ("出勤", "出席 \(a.present)，迟到 \(a.late)，早退 \(a.leftEarly)，请假 \(a.onLeave)（有人代会 \(a.onLeaveWithSubstitute)），缺席 \(a.absent)"),
        ])
        out += "\n"
        switch by {
        case .dept:
            out += TextTable(headers: ["部门", "月份", "会议数"], rows: c.byDepartmentMonth.map { [$0.key, $0.month ?? "", String($0.meetings)] }, rightAligned: [2]).render()
        case .kind:
            out += TextTable(headers: ["会议类别", "会议数"], rows: c.byKind.map { [$0.key, String($0.meetings)] }, rightAligned: [1]).render()
        case .month:
            out += TextTable(headers: ["月份", "会议数"], rows: c.byMonth.map { [$0.key, String($0.meetings)] }, rightAligned: [1]).render()
        case .person:
            out += TextTable(
                headers: ["人员", "姓名", "出席", "迟到", "早退", "请假", "有人代会", "缺席", "代会"],
                rows: c.byPerson.map { p in
                    [p.person, p.name ?? ""]
                        + [p.counts.present, p.counts.late, p.counts.leftEarly, p.counts.onLeave, p.counts.onLeaveWithSubstitute,
                           p.counts.absent, p.counts.substituting].map(String.init)
                },
                rightAligned: Set(2...8)
            ).render()
        }
        return out
    }
}
