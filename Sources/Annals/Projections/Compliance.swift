/// The counts offices keep (DOMAIN.md, "Counts that offices keep"; `annals stats`):
/// meetings per department per month, per kind and per person; late notices and
/// minutes; decisions done on time, late and overdue; attendance totals.
public struct Compliance: Hashable, Sendable {
    public struct Count: Hashable, Sendable {
        /// The department, kind, month (`2023-03`) or person counted.
        public let key: String
        /// The month, for counts per department per month.
        public let month: String?
        public let meetings: Int
    }

    /// The day decisions were judged on.
    public let date: CivilDate
    /// Meetings scheduled and not cancelled.
    public let meetings: Int
    /// Per organizing department and month of the meeting, sorted.
    public let byDepartmentMonth: [Count]
    public let byKind: [Count]
    public let byMonth: [Count]
    /// Meetings each person attended, with their attendance.
    public let byPerson: [Attendance.Person]
    public let noticesSent: Int
    /// Sent fewer working days ahead than the kind requires (or after the start).
    public let noticesLate: Int
    public let minutesDrafted: Int
    /// First drafted after the due working day.
    public let minutesLate: Int
    public let decisions: Int
    public let decisionsDone: Int
    public let decisionsDoneLate: Int
    public let decisionsOverdue: Int
    /// Neither done nor overdue.
    public let decisionsOpen: Int
    public let attendance: AttendanceCounts
    /// Leave asked after the meeting started (not 事前请假).
    public var leavesAfterStart = 0
    /// Agenda items submitted ahead (报送议题), and those after the policy's deadline.
    public var agendaSubmitted = 0
    public var agendaSubmittedLate = 0
    /// Items added in session (临时动议).
    public var agendaInSession = 0
}

extension ProjectionSet {
    /// The compliance counts, with decisions judged on `date`.
    public func compliance(on date: CivilDate) -> Compliance { compliance(on: date, people: nil) }

    /// The counts, with attendance per person taken only from the meetings `people`
    /// admits (who attended a meeting is its content; nil: every meeting). The other
    /// counts are of descriptive facts and take in every meeting.
    func compliance(on date: CivilDate, people: ((MeetingState) -> Bool)?) -> Compliance {
        var deptMonth: [String: Int] = [:]
        var kinds: [String: Int] = [:]
        var months: [String: Int] = [:]
        var meetings = 0
        var noticesSent = 0, noticesLate = 0, drafted = 0, draftedLate = 0
        var decisions = 0, done = 0, doneLate = 0, overdue = 0, open = 0
        var leavesAfterStart = 0, agendaSubmitted = 0, agendaSubmittedLate = 0, agendaInSession = 0
        for state in records.states {
            guard let meeting = state.meeting, !state.isCancelled else { continue }
            meetings += 1
            let start = meeting.startsAt.localDate
            let month = "\(start.year)-\(start.month < 10 ? "0" : "")\(start.month)"
            deptMonth[meeting.organizer + "\u{0}" + month, default: 0] += 1
            kinds[meeting.kind, default: 0] += 1
            months[month, default: 0] += 1
            // Each fact is judged by the policy in force on its day, as the rule book
            // judged it on the way in: a later policy never changes a past count.
            for notice in state.notices {
                noticesSent += 1
                let rules = policy.inForce(on: policy.date(of: notice.at))
                if rules.noticeLeadTime(sentAt: notice.at, startsAt: meeting.startsAt, kind: meeting.kind).isLate { noticesLate += 1 }
            }
            if let first = state.minutes.drafts.first {
                drafted += 1
                let rules = policy.inForce(on: policy.date(of: first.at))
                if rules.date(of: first.at) > rules.minutesDue(meetingEndsAt: meeting.endsAt) { draftedLate += 1 }
            }
            for leave in state.leaves.values where policy.isLeaveAfterStart(requestedAt: leave.requestedAt, startsAt: meeting.startsAt) {
                leavesAfterStart += 1
            }
            for submission in state.submissions {
                agendaSubmitted += 1
                let rules = policy.inForce(on: policy.date(of: submission.at))
                if rules.isAgendaSubmissionLate(submittedAt: submission.at, startsAt: meeting.startsAt) { agendaSubmittedLate += 1 }
            }
            agendaInSession += state.addedItems.count
            for d in state.decisions where d.resolvedAt.localDate <= date {
                decisions += 1
                switch d.followUp(on: date).status {
                case .done: done += 1
                case .doneLate: doneLate += 1
                case .overdue: overdue += 1
                case .open, .inProgress: open += 1
                }
            }
        }
        let attendance = attendance()
        let byPerson = people.map { self.attendance(of: $0).byPerson } ?? attendance.byPerson
        func counts(_ table: [String: Int]) -> [Compliance.Count] {
            table.keys.sorted().map { Compliance.Count(key: $0, month: nil, meetings: table[$0]!) }
        }
        let byDepartmentMonth = deptMonth.keys.sorted().map { key in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            return Compliance.Count(key: String(parts[0]), month: String(parts[1]), meetings: deptMonth[key]!)
        }
        var compliance = Compliance(
            date: date, meetings: meetings, byDepartmentMonth: byDepartmentMonth, byKind: counts(kinds),
            byMonth: counts(months), byPerson: byPerson, noticesSent: noticesSent, noticesLate: noticesLate,
            minutesDrafted: drafted, minutesLate: draftedLate, decisions: decisions, decisionsDone: done,
            decisionsDoneLate: doneLate, decisionsOverdue: overdue, decisionsOpen: open, attendance: attendance.totals)
        compliance.leavesAfterStart = leavesAfterStart
        compliance.agendaSubmitted = agendaSubmitted
        compliance.agendaSubmittedLate = agendaSubmittedLate
        compliance.agendaInSession = agendaInSession
        return compliance
    }
}
