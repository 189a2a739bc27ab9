/// How a kind of meeting is usually run: how far ahead it is planned, how people
/// answer and attend, how much it decides and how soon that is due.
struct MeetingHabits {
    /// Working days between recording the plan and the meeting.
    var planLead: ClosedRange<Int>
    /// Share of the notified who send a receipt (回执).
    var acknowledges: Double
    var asksLeave: Double
    /// Whether heads on leave may send a substitute (代会).
    var substitutes = false
    var absent = 0.008
    var late = 0.03
    var leavesEarly = 0.012
    /// Whether it may be rescheduled or cancelled (fixed routines are not).
    var mayChange = true
    var cancels = 0.012
    var resolves = 1.0
    var decisions: ClosedRange<Int>
    /// Calendar days from the meeting to a decision's deadline (完成时限).
    var deadline: ClosedRange<Int>

    static func of(_ kind: String) -> MeetingHabits {
        switch kind {
        case "周例会":
            MeetingHabits(planLead: 4...5, acknowledges: 0.45, asksLeave: 0.03, mayChange: false, decisions: 1...2, deadline: 5...14)
        case "科务会":
            MeetingHabits(
                planLead: 4...6, acknowledges: 0.4, asksLeave: 0.03, mayChange: false, cancels: 0.005, decisions: 1...2,
                deadline: 3...14)
        case "主任办公会", "党组会议", "专题会议":
            MeetingHabits(planLead: 5...8, acknowledges: 0.9, asksLeave: 0.05, substitutes: true, decisions: 1...4, deadline: 14...90)
        case "系统工作会议", "工作部署会":
            MeetingHabits(
                planLead: 10...15, acknowledges: 0.8, asksLeave: 0.05, substitutes: true, mayChange: false, decisions: 2...4,
                deadline: 30...120)
        case "总结表彰大会":
            MeetingHabits(planLead: 10...15, acknowledges: 0.4, asksLeave: 0.04, mayChange: false, decisions: 1...2, deadline: 30...60)
        case "座谈会":
            MeetingHabits(planLead: 6...10, acknowledges: 0.8, asksLeave: 0.05, substitutes: true, resolves: 0.3, decisions: 1...2, deadline: 20...60)
        case "经验交流会":
            MeetingHabits(planLead: 6...10, acknowledges: 0.7, asksLeave: 0.05, substitutes: true, resolves: 0.5, decisions: 1...2, deadline: 20...60)
        default:
            MeetingHabits(planLead: 6...10, acknowledges: 0.7, asksLeave: 0.05, substitutes: true, decisions: 1...3, deadline: 20...60)
        }
    }
}
