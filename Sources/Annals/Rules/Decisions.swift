// Decisions and their follow-up (DOMAIN.md: decide, follow-up; 决议事项、责任部门、完成时限, 督办).

extension RuleID {
    /// A meeting resolves only after it has started.
    public static let resolveBeforeStart = RuleID("resolve.before_start")
    public static let resolveNoDecisions = RuleID("resolve.no_decisions")
    /// Decision ids are unique within a meeting.
    public static let decisionDuplicateID = RuleID("decision.duplicate_id")
    public static let decisionUnknownItem = RuleID("decision.unknown_item")
    /// Every decision names a responsible department (责任部门).
    public static let decisionNeedsDepartment = RuleID("decision.needs_department")
    /// Every decision has a deadline (完成时限).
    public static let decisionNeedsDeadline = RuleID("decision.needs_deadline")
    public static let decisionDeadlineBeforeMeeting = RuleID("decision.deadline_before_meeting")
    /// Progress is reported on an existing decision.
    public static let decisionUnknown = RuleID("decision.unknown")
    public static let decisionAlreadyDone = RuleID("decision.already_done")
    /// Follow-up is not dated before the meeting that made the decision.
    public static let decisionProgressBeforeDecision = RuleID("decision.progress_before_decision")
}

extension RuleCheck {
    func resolved(_ e: MeetingResolved) throws(RuleViolation) {
        guard at >= meeting.startsAt else {
            throw violation(.resolveBeforeStart, "at", "The meeting starts at \(meeting.startsAt); it cannot resolve anything before it starts.")
        }
        guard !e.decisions.isEmpty else {
            throw violation(.resolveNoDecisions, "data.decisions", "List at least one decision (决议事项).")
        }
        var ids = Set(state.decisions.map(\.id))
        for (i, d) in e.decisions.enumerated() {
            let path = "data.decisions[\(i)]"
            guard ids.insert(d.decision).inserted else {
                throw violation(.decisionDuplicateID, "\(path).decision", "Decision \(d.decision) already exists in this meeting; give each decision its own id.")
            }
            guard state.agenda.contains(where: { $0.item == d.item }) else {
                throw violation(.decisionUnknownItem, "\(path).item", "Decision \(d.decision) refers to agenda item \(d.item), which is not on the agenda.")
            }
            guard !d.responsible.isEmpty, !d.responsible.contains("") else {
                throw violation(.decisionNeedsDepartment, "\(path).responsible", "Decision \(d.decision) must name at least one responsible department (责任部门).")
            }
            guard let deadline = d.deadline else {
                throw violation(.decisionNeedsDeadline, "\(path).deadline", "Decision \(d.decision) must have a deadline (完成时限).")
            }
            guard deadline >= policy.date(of: meeting.startsAt) else {
                throw violation(.decisionDeadlineBeforeMeeting, "\(path).deadline", "Decision \(d.decision) is due \(deadline), before the meeting itself.")
            }
        }
    }

    func progress(_ e: DecisionProgress) throws(RuleViolation) {
        guard let decision = state.decision(e.decision) else {
            throw violation(.decisionUnknown, "data.decision", "This meeting has no decision \(e.decision).")
        }
        guard at >= decision.resolvedAt else {
            throw violation(
                .decisionProgressBeforeDecision, "at",
                "Decision \(e.decision) was made at \(decision.resolvedAt); its follow-up cannot be dated before that (\(at)).")
        }
        if let doneAt = decision.doneAt {
            throw violation(.decisionAlreadyDone, "data.decision", "Decision \(e.decision) was reported done at \(doneAt); its follow-up is closed.")
        }
    }
}
