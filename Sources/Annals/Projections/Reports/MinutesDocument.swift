/// 会议纪要 as an office issues it, in the layout of GB/T 9704-2012's 纪要 form
/// (党政机关公文格式, 10.3 纪要格式), for a printer or a terminal:
///
/// - the head: 密级 (秘密 and above, and 内部) at the top left; the heading
///   `主任办公会纪要`; the issue number `第3期`; the issuing office and the date
///   of issue (审定, 2023年3月7日) on one line, and a rule;
/// - the body: an opening paragraph (when, where, who chaired, what was studied), then
///   the agreed items numbered 一、二、三, each with its responsible units by name
///   and its deadline;
/// - 出席 / 请假 / 列席 / 记录, by unit and name (a substitute as 代张伟);
/// - the 版记: 分送 and the 印发 line (issuing office and date).
///
/// Minutes not yet approved are a draft: marked 草稿 in the head and the heading,
/// with no issue number and no 印发 line.
public enum MinutesDocument {
    /// The page's width in columns (a CJK character takes two).
    static let width = 72
    public static let rule = String(repeating: "─", count: width)

    /// The document; `issue` is the 期号 (`ProjectionSet.minutesIssue(of:)`), `policy`
    /// names the departments and the agency.
    public static func text(_ m: Minutes, issue: MinutesIssue?, policy: Policy) -> String {
        let meeting = m.meeting
        let state = m.state
        let approvedAt = state.minutes.approvedAt
        let isDraft = approvedAt == nil
        let issuer = policy.agency ?? policy.departmentName(meeting.organizer)
        var out = ""
        if isDraft { out += "草稿（纪要未经审定，不得印发）\n" }
        if meeting.classification != .open { out += "\(meeting.classification.name)\n" }
        out += "\n" + centered(meeting.kind + "纪要" + (isDraft ? "（草稿）" : "")) + "\n"
        out += centered(issue.map { "〔\($0.year)〕\($0.label)" } ?? "（未编期号）") + "\n\n"
        out += spread(issuer, approvedAt.map { $0.localDate.chineseText } ?? "") + "\n"
        out += rule + "\n\n"

        if let c = state.cancellation {
            out += "    \(meeting.title)原定于\(meeting.startsAt.localDate.chineseText)召开，已于\(c.at.localDate.chineseText)取消（\(c.reason)），无纪要。\n"
            return out
        }
        out += "    " + opening(m, policy: policy) + "\n\n"
        for (i, d) in m.decisions.enumerated() {
            var line = "    \(chineseNumeral(i + 1))、\(sentence(d.decision.text))"
            var terms: [String] = []
            // One unit is the 责任单位; several are named as 牵头 and 配合.
            let supporting = d.decision.supporting.map(policy.departmentName).joined(separator: "、")
            if let lead = d.decision.lead.map(policy.departmentName) {
                terms.append(supporting.isEmpty ? "责任单位：\(lead)" : "牵头单位：\(lead)；配合单位：\(supporting)")
            }
            if let deadline = d.decision.deadline { terms.append("完成时限：\(deadline.chineseText)") }
            if !terms.isEmpty { line += "（\(terms.joined(separator: "；"))）" }
            out += line + "\n\n"
        }
        if m.decisions.isEmpty { out += "    会议未形成议定事项。\n\n" }

        let sheet = m.sheet
        // A substitute attends as the person they stand in for would have: a member
        // (出席) or an observer (列席).
        func entry(_ line: SignInSheet.Line) -> (String, String) {
            var name = line.name ?? line.person
            if let absent = line.substituteFor { name += "（代\(state.invited[absent]?.name ?? absent)）" }
            return (unit(of: line.person, in: state), name)
        }
        func observing(_ line: SignInSheet.Line) -> Bool {
            line.substituteFor.flatMap { state.invited[$0]?.role } == .observer
        }
        out += "出席：\(byUnit(sheet.present.filter { !observing($0) }.map(entry)))\n"
        let leave = sheet.onLeave.map { (unit(of: $0.person, in: state), "\($0.name ?? $0.person)（\($0.reason)）") }
        if !leave.isEmpty { out += "请假：\(byUnit(leave))\n" }
        let observers = (sheet.observers.filter { $0.signedInAt != nil } + sheet.present.filter(observing)).map(entry)
        if !observers.isEmpty { out += "列席：\(byUnit(observers))\n" }
        out += "记录：\(byUnit([(unit(of: meeting.recorder, in: state), name(of: meeting.recorder, in: state))]))\n"

        out += "\n" + rule + "\n"
        let recipients = state.minutes.distributions.flatMap(\.recipients)
        if !recipients.isEmpty {
            var seen = Set<String>()
            let names = recipients.filter { seen.insert($0).inserted }.map { recipient in
                policy.departments[recipient] ?? state.invited[recipient]?.name ?? recipient
            }
            out += "分送：\(names.joined(separator: "、"))\n" + rule + "\n"
        }
        if let approvedAt {
            let printed = state.minutes.distributions.first?.at ?? approvedAt
            out += spread(policy.departmentName(meeting.organizer), "\(printed.localDate.chineseText)印发") + "\n"
        }
        return out
    }

    /// `2023年3月6日上午，王芳主任在三楼第一会议室主持召开2023年第7次主任办公会。会议议题：1.……；2.……。现将会议议定事项纪要如下：`
    static func opening(_ m: Minutes, policy: Policy) -> String {
        let meeting = m.meeting
        let start = meeting.startsAt
        let hour = Int(start.clerkText.dropFirst(11).prefix(2)) ?? 9
        let part = hour < 12 ? "上午" : "下午"
        let chair = m.state.invited[meeting.chair].map { $0.name + $0.position } ?? meeting.chair
        let topics = m.state.agenda.map(\.title)
        var text = "\(start.localDate.chineseText)\(part)，\(chair)在\(meeting.location)主持召开\(meeting.title)。"
        if !topics.isEmpty {
            text += "会议议题：\(topics.enumerated().map { "\($0.offset + 1).\($0.element)" }.joined(separator: "；"))。"
        }
        return text + "现将会议议定事项纪要如下："
    }

    /// A unit's people together, units in order of first appearance:
    /// `办公室 王芳、李强；秘书科 刘洋`.
    static func byUnit(_ people: [(unit: String, name: String)]) -> String {
        var order: [String] = []
        var names: [String: [String]] = [:]
        for p in people {
            if names[p.unit] == nil { order.append(p.unit) }
            names[p.unit, default: []].append(p.name)
        }
        return order.map { unit in (unit.isEmpty ? "" : unit + " ") + names[unit]!.joined(separator: "、") }.joined(separator: "；")
    }

    static func unit(of person: String, in state: MeetingState) -> String {
        state.invited[person]?.unit ?? state.leaves.values.first { $0.substitute?.person == person }?.substitute?.unit ?? ""
    }

    static func name(of person: String, in state: MeetingState) -> String {
        state.invited[person]?.name ?? state.leaves.values.first { $0.substitute?.person == person }?.substitute?.name ?? person
    }

    /// Ends a decision's text with 。 unless it ends with punctuation already.
    static func sentence(_ text: String) -> String {
        guard let last = text.last, !"。！？；.!?".contains(last) else { return text }
        return text + "。"
    }

    /// 一 … 九十九 (enough for the items of one meeting).
    public static func chineseNumeral(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n >= 1, n < 100 else { return String(n) }
        if n < 10 { return digits[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }

    /// `text` centred on the page.
    static func centered(_ text: String) -> String {
        String(repeating: " ", count: max(0, (width - displayWidth(text)) / 2)) + text
    }

    /// `left` at the left margin and `right` at the right one.
    static func spread(_ left: String, _ right: String) -> String {
        guard !right.isEmpty else { return left }
        let gap = max(2, width - displayWidth(left) - displayWidth(right))
        return left + String(repeating: " ", count: gap) + right
    }
}
