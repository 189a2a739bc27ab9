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
    /// The lead department (牵头) is one of the responsible departments.
    public static let decisionLeadNotResponsible = RuleID("decision.lead_not_responsible")
    /// A named responsible person (责任人) is a person id, not an empty name.
    public static let decisionEmptyPerson = RuleID("decision.empty_person")
    /// A closed decision (销号) takes no further follow-up.
    public static let decisionAlreadyClosed = RuleID("decision.already_closed")
    /// An extension (延期) moves the deadline later than the one in force.
    public static let extensionNotLater = RuleID("extension.not_later")
    /// An extension gives its reason.
    public static let extensionNeedsReason = RuleID("extension.needs_reason")
    /// An extension is approved by the lead department's head or one of the leaders.
    public static let extensionApproverNotAllowed = RuleID("extension.approver_not_allowed")
    /// A decision is closed (销号) only once reported done, by someone named.
    public static let closeNotDone = RuleID("close.not_done")
    public static let closeNeedsCloser = RuleID("close.needs_closer")
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
            if let lead = d.lead, !d.responsible.contains(lead) {
                throw violation(
                    .decisionLeadNotResponsible, "\(path).lead",
                    "Decision \(d.decision) names \(lead) as lead department (牵头), which is not among its responsible departments \(d.responsible.joined(separator: ", ")); list it there too.")
            }
            if let person = d.person, person.isEmpty {
                throw violation(.decisionEmptyPerson, "\(path).person", "Decision \(d.decision) names an empty responsible person (责任人); give a person id or leave the field out.")
            }
        }
    }

    /// The decision a follow-up event (progress, extension, closing) is about, checked
    /// to exist, to be dated after it was made, and not to be closed.
    private func followedUp(_ id: String) throws(RuleViolation) -> MeetingState.Decision {
        guard let decision = state.decision(id) else {
            throw violation(.decisionUnknown, "data.decision", "This meeting has no decision \(id).")
        }
        guard at >= decision.resolvedAt else {
            throw violation(
                .decisionProgressBeforeDecision, "at",
                "Decision \(id) was made at \(decision.resolvedAt); its follow-up cannot be dated before that (\(at)).")
        }
        if let closing = decision.closing {
            throw violation(
                .decisionAlreadyClosed, "data.decision",
                "Decision \(id) was closed (销号) at \(closing.at) by \(closing.closedBy); nothing more is recorded for it.")
        }
        return decision
    }

    func extended(_ e: DecisionExtended) throws(RuleViolation) {
        let decision = try followedUp(e.decision)
        if let doneAt = decision.doneAt {
            throw violation(.decisionAlreadyDone, "data.decision", "Decision \(e.decision) was reported done at \(doneAt); a done decision is not extended.")
        }
        if let current = decision.currentDeadline, e.deadline <= current {
            throw violation(
                .extensionNotLater, "data.deadline",
                "The new deadline \(e.deadline) is not later than the one in force for decision \(e.decision) (\(current)); an extension (延期) moves it later.")
        }
        guard !e.reason.allSatisfy(\.isWhitespace) else {
            throw violation(.extensionNeedsReason, "data.reason", "Give the reason for extending decision \(e.decision) (延期理由).")
        }
        let head = decision.lead.flatMap { policy.departmentHeads[$0] }
        guard e.approvedBy == head || policy.leaders.contains(e.approvedBy) else {
            let allowed = ([head].compactMap { $0 } + policy.leaders.sorted()).joined(separator: ", ")
            throw violation(
                .extensionApproverNotAllowed, "data.approved_by",
                allowed.isEmpty
                    ? "\(e.approvedBy) cannot approve an extension: the policy names no head of \(decision.lead ?? "the lead department") and no leaders; list them under \"department_heads\" or \"leaders\" in policy.json."
                    : "\(e.approvedBy) may not approve extending decision \(e.decision): the head of its lead department (牵头) or a leader may (\(allowed)).")
        }
    }

    func closed(_ e: DecisionClosed) throws(RuleViolation) {
        let decision = try followedUp(e.decision)
        guard decision.doneAt != nil else {
            throw violation(
                .closeNotDone, "data.decision",
                "Decision \(e.decision) has not been reported done; record decision.progress with status done before closing it (销号).")
        }
        guard !e.closedBy.isEmpty else {
            throw violation(.closeNeedsCloser, "data.closed_by", "Name who closes decision \(e.decision) (销号人).")
        }
    }

    func progress(_ e: DecisionProgress) throws(RuleViolation) {
        let decision = try followedUp(e.decision)
        if let doneAt = decision.doneAt {
            throw violation(.decisionAlreadyDone, "data.decision", "Decision \(e.decision) was reported done at \(doneAt); its follow-up is closed.")
        }
    }
}
