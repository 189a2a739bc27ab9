/// `annals sign-in STREAM`: the 签到表 of one meeting, as the clerk keeps it at the
/// door: 姓名、单位、职务、签到时间, with 迟到, 早退, 请假, 代会 and 缺席 noted.
/// The invited in invitation order (members, then observers 列席), each substitute
/// after the person they stand in for.
public enum SignInSheetReport {
    public struct Row: Hashable, Sendable {
        public let person: String
        public let name: String
        public let unit: String
        public let position: String
        /// `member`, `observer` or `substitute`.
        public let role: String
        public let signedInAt: ZonedTime?
        public let isLate: Bool
        public let leftEarlyAt: ZonedTime?
        public let substituteFor: String?
        /// 备注: 迟到, 早退 (with the time and reason), 请假 (reason), 代某某, 缺席.
        public let note: String
    }

    public static func rows(_ m: Minutes) -> [Row] {
        let state = m.state
        var rows: [Row] = []
        // Those who signed in (an observer's line exists whether or not they came).
        let lines = Dictionary(
            (m.sheet.present + m.sheet.observers).filter { $0.signedInAt != nil }.map { ($0.person, $0) }, uniquingKeysWith: { a, _ in a })
        let participants = m.meeting.participants.filter { $0.role == .member } + m.meeting.participants.filter { $0.role == .observer }
        func row(_ person: String, _ name: String, _ unit: String, _ position: String, _ role: String, substituteFor: String?) -> Row {
            let line = lines[person]
            var notes: [String] = []
            if let absent = substituteFor { notes.append("代\(state.invited[absent]?.name ?? absent)参会") }
            if line?.isLate == true { notes.append("迟到") }
            if let early = line?.leftEarly { notes.append("早退（\(early.at.clerkText.dropFirst(11).prefix(5))，\(early.reason)）") }
            if let leave = state.leaves[person], leave.isApproved, line == nil { notes.append("请假（\(leave.reason)）") }
            if line == nil, state.leaves[person]?.isApproved != true, role == "member", m.sheet.wasHeld { notes.append("缺席") }
            return Row(
                person: person, name: name, unit: unit, position: position, role: role, signedInAt: line?.signedInAt,
                isLate: line?.isLate ?? false, leftEarlyAt: line?.leftEarly?.at, substituteFor: substituteFor,
                note: notes.joined(separator: "；"))
        }
        for p in participants {
            rows.append(row(p.person, p.name, p.unit, p.position, p.role == .member ? "member" : "observer", substituteFor: nil))
            if let leave = state.leaves[p.person], leave.isApproved, let s = leave.substitute {
                rows.append(row(s.person, s.name, s.unit, s.position, "substitute", substituteFor: p.person))
            }
        }
        return rows
    }

    /// The sheet's foot: 应到 (the members), 实到 (who came in a member's place, members
    /// and their substitutes), of whom 代会 (substitutes), and 列席 (observers who came).
    public struct Counts: Hashable, Sendable {
        public let expected: Int
        public let present: Int
        public let substitutes: Int
        public let observers: Int
    }

    public static func counts(_ m: Minutes, rows all: [Row]) -> Counts {
        // A substitute counts where the person they stand in for would have: among
        // the members, or among the observers (列席).
        func attendsAsObserver(_ r: Row) -> Bool {
            r.role == "observer" || (r.role == "substitute" && r.substituteFor.flatMap { m.state.invited[$0]?.role } == .observer)
        }
        let came = all.filter { !attendsAsObserver($0) && $0.signedInAt != nil }
        return Counts(
            expected: all.filter { $0.role == "member" }.count, present: came.count, substitutes: came.filter { $0.role == "substitute" }.count,
            observers: all.filter { attendsAsObserver($0) && $0.signedInAt != nil }.count)
    }

    /// `{stream, title, starts_at, ends_at, location, rows: [{person, name, unit, position,
    /// role, signed_in_at, late, left_early_at, substitute_for, note}], counts: {expected,
    /// present, substitutes, observers}}`: `annals sign-in --format json` and the server's
    /// `GET /api/v1/signin-sheet` alike.
    public static func json(_ m: Minutes) -> [UInt8] {
        let all = rows(m)
        return JSONWriter.document { w in
            w.beginObject()
            w.field("stream", m.state.stream)
            w.field("title", m.meeting.title)
            w.field("starts_at", time: m.meeting.startsAt)
            w.field("ends_at", time: m.meeting.endsAt)
            w.field("location", m.meeting.location)
            w.list("rows", all) { w, r in
                w.field("person", r.person)
                w.field("name", r.name)
                w.field("unit", r.unit)
                w.field("position", r.position)
                w.field("role", r.role)
                w.field("signed_in_at", time: r.signedInAt)
                w.field("late", r.isLate)
                w.field("left_early_at", time: r.leftEarlyAt)
                w.field("substitute_for", r.substituteFor)
                w.field("note", r.note)
            }
            let counts = counts(m, rows: all)
            w.key("counts")
            w.beginObject()
            w.field("expected", counts.expected)
            w.field("present", counts.present)
            w.field("substitutes", counts.substitutes)
            w.field("observers", counts.observers)
            w.endObject()
            w.endObject()
        }
    }

    public static func text(_ m: Minutes) -> String {
        let meeting = m.meeting
        let end = meeting.endsAt.clerkText.dropFirst(11).prefix(5)
        var out = "\(meeting.title) 签到表\n"
        out += "时间：\(meeting.startsAt.chineseText)—\(end)    地点：\(meeting.location)\n\n"
        let all = rows(m)
        out += TextTable(
            headers: ["序号", "姓名", "单位", "职务", "签到时间", "备注"],
            rows: all.enumerated().map { i, r in
                [String(i + 1), r.name + (r.role == "observer" ? "（列席）" : ""), r.unit, r.position,
                 r.signedInAt.map { String($0.clerkText.dropFirst(11).prefix(5)) } ?? "", r.note]
            }, rightAligned: [0]
        ).render()
        let counts = counts(m, rows: all)
        out += "\n应到\(counts.expected)人，实到\(counts.present)人\(counts.substitutes > 0 ? "（含代会\(counts.substitutes)人）" : "")"
        out += counts.observers > 0 ? "，列席\(counts.observers)人\n" : "\n"
        return out
    }
}
