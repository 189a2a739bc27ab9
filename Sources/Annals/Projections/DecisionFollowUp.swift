/// Where a decision (决议事项) stands in follow-up (督办) on a given day.
public enum FollowUpStatus: String, Sendable, Hashable, CaseIterable {
    /// Resolved, no progress reported, deadline not passed.
    case open
    case inProgress = "in_progress"
    /// Done by its deadline.
    case done
    /// Done, after its deadline.
    case doneLate = "done_late"
    /// Past its deadline and not done (逾期).
    case overdue
}

/// The `--status` filter of `annals decisions`.
public enum DecisionFilter: String, Sendable, Hashable, CaseIterable {
    /// Not done (open, in progress or overdue).
    case open
    /// Done, on time or late.
    case done
    case overdue

    public func matches(_ status: FollowUpStatus) -> Bool {
        switch self {
        case .open: status == .open || status == .inProgress || status == .overdue
        case .done: status == .done || status == .doneLate
        case .overdue: status == .overdue
        }
    }
}

/// One decision in the follow-up list: `{stream, decision, text, responsible, deadline, status, done_at}`.
public struct DecisionFollowUp: Hashable, Sendable {
    public let stream: String
    public let title: String
    public let decision: String
    public let item: String
    public let text: String
    public let responsible: [String]
    /// The deadline in force on the day judged (the meeting's, or as extended by then).
    public let deadline: CivilDate?
    public let status: FollowUpStatus
    /// When it was reported done, if by the day judged.
    public let doneAt: ZonedTime?
    /// The progress reported by the day judged (进展情况), oldest first.
    public let notes: [MeetingState.Progress]
    /// 牵头: the lead department (the one named, else the first listed).
    public let lead: String?
    /// 责任人: the person answerable, if named.
    public let person: String?
    /// The deadline the meeting set.
    public let originalDeadline: CivilDate?
    /// Extensions (延期) approved by the day judged, oldest first.
    public let extensions: [MeetingState.Extension]
    /// The closing (销号), if made by the day judged.
    public let closing: MeetingState.Closing?

    /// 配合: every responsible department but the lead.
    public var supporting: [String] { responsible.filter { $0 != lead } }
}

/// One department's record in follow-up (督办), counted over the decisions it leads
/// or supports.
public struct DepartmentFollowUp: Hashable, Sendable {
    public let department: String
    public let onTime: Int
    public let late: Int
    public let overdue: Int
    /// Not done and not yet due (open or in progress).
    public let pending: Int
    /// Of those decisions, how many had their deadline extended (延期) by the day judged.
    public let extended: Int
}

extension MeetingState.Decision {
    /// The status on `date`, counting only progress reported and extensions approved
    /// by then, judged against the deadline in force; with no date, all progress
    /// counts and nothing is judged overdue.
    public func followUp(on date: CivilDate?) -> (status: FollowUpStatus, doneAt: ZonedTime?) {
        let due = self.deadline(on: date)
        var done: ZonedTime?
        var started = false
        for p in progress where date.map({ p.at.localDate <= $0 }) ?? true {
            if p.status == .done {
                done = done ?? p.at
            } else {
                started = true
            }
        }
        if let done {
            guard let due, done.localDate > due else { return (.done, done) }
            return (.doneLate, done)
        }
        if let date, let due, date > due { return (.overdue, nil) }
        return (started ? .inProgress : .open, nil)
    }
}

extension ProjectionSet {
    /// Every decision resolved by `date`, judged on `date`, in log order of meetings;
    /// optionally only those matching `filter` or naming `department` as responsible.
    public func decisions(on date: CivilDate, filter: DecisionFilter? = nil, department: String? = nil) -> [DecisionFollowUp] {
        var out: [DecisionFollowUp] = []
        for state in records.states {
            for d in state.decisions where d.resolvedAt.localDate <= date {
                if let department, !d.responsible.contains(department) { continue }
                let (status, doneAt) = d.followUp(on: date)
                if let filter, !filter.matches(status) { continue }
                out.append(DecisionFollowUp(
                    stream: state.stream, title: state.meeting?.title ?? "", decision: d.id, item: d.item, text: d.text,
                    responsible: d.responsible, deadline: d.deadline(on: date), status: status, doneAt: doneAt,
                    notes: d.progress.filter { $0.at.localDate <= date }, lead: d.lead, person: d.person,
                    originalDeadline: d.deadline, extensions: d.extensions.filter { $0.at.localDate <= date },
                    closing: d.closing.flatMap { $0.at.localDate <= date ? $0 : nil }))
            }
        }
        return out
    }

    /// The decisions not done whose deadline falls within `days` days after `date`
    /// (today included): what the 督办 office chases next, soonest first.
    public func decisions(dueWithin days: Int, of date: CivilDate, department: String? = nil) -> [DecisionFollowUp] {
        let last = date.adding(days: days)
        return decisions(on: date, filter: .open, department: department)
            .filter { d in d.status != .overdue && d.deadline.map { $0 >= date && $0 <= last } ?? false }
            .sorted { ($0.deadline!, $0.stream, $0.decision) < ($1.deadline!, $1.stream, $1.decision) }
    }

    /// Per department, how its decisions stand on `date`: done on time, done late,
    /// overdue, pending, and how many were extended; departments in code order.
    /// On time means by the deadline in force (an extended one, once approved).
    public func followUpByDepartment(on date: CivilDate) -> [DepartmentFollowUp] {
        var counts: [String: (onTime: Int, late: Int, overdue: Int, pending: Int, extended: Int)] = [:]
        for d in decisions(on: date) {
            for department in Set(d.responsible) {
                var c = counts[department] ?? (0, 0, 0, 0, 0)
                if !d.extensions.isEmpty { c.extended += 1 }
                switch d.status {
                case .done: c.onTime += 1
                case .doneLate: c.late += 1
                case .overdue: c.overdue += 1
                case .open, .inProgress: c.pending += 1
                }
                counts[department] = c
            }
        }
        return counts.keys.sorted().map { key in
            let c = counts[key]!
            return DepartmentFollowUp(
                department: key, onTime: c.onTime, late: c.late, overdue: c.overdue, pending: c.pending, extended: c.extended)
        }
    }
}
