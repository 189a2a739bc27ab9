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
    public let deadline: CivilDate?
    public let status: FollowUpStatus
    /// When it was reported done, if by the day judged.
    public let doneAt: ZonedTime?
    /// The progress reported by the day judged (进展情况), oldest first.
    public let notes: [MeetingState.Progress]

    /// 牵头: the department listed first leads; the others support (配合).
    public var lead: String? { responsible.first }
    public var supporting: [String] { Array(responsible.dropFirst()) }
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
}

extension MeetingState.Decision {
    /// The status on `date`, counting only progress reported by then; with no date,
    /// all progress counts and nothing is judged overdue.
    public func followUp(on date: CivilDate?) -> (status: FollowUpStatus, doneAt: ZonedTime?) {
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
            guard let deadline, done.localDate > deadline else { return (.done, done) }
            return (.doneLate, done)
        }
        if let date, let deadline, date > deadline { return (.overdue, nil) }
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
                    responsible: d.responsible, deadline: d.deadline, status: status, doneAt: doneAt,
                    notes: d.progress.filter { $0.at.localDate <= date }))
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
    /// overdue, pending; departments in code order.
    public func followUpByDepartment(on date: CivilDate) -> [DepartmentFollowUp] {
        var counts: [String: (onTime: Int, late: Int, overdue: Int, pending: Int)] = [:]
        for d in decisions(on: date) {
            for department in Set(d.responsible) {
                var c = counts[department] ?? (0, 0, 0, 0)
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
            return DepartmentFollowUp(department: key, onTime: c.onTime, late: c.late, overdue: c.overdue, pending: c.pending)
        }
    }
}
