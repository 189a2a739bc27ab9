/// Judges a proposed event against its stream's current state and the agency's
/// policy (DOMAIN.md's rules), before anything is written.
///
/// ```swift
/// let book = RuleBook(policy: .standard)
/// let admission = try book.admit(event, to: state)   // throws RuleViolation
/// log.append(admission.event)
/// state.apply(admission.event)
/// ```
///
/// `admit` is pure: the state is not changed, so a rejected event leaves nothing
/// behind. An accepted `meeting.archived` comes back with its omitted class elements
/// filled (the one place that decides defaults), so the stored event is explicit
/// and replay never depends on a later policy.
///
/// Each event is judged by the version of the policy in force on its day
/// (`Policy.inForce(on:)`), in the agency's time zone, and against `clock`, the
/// present, so that nothing is dated beyond the policy's margin into the future.
public struct RuleBook: Sendable {
    public var policy: Policy
    /// The present, in microseconds since 1970 (UTC): the system clock unless a caller
    /// judges as of another moment (tests, replays of an old import).
    public var clock: @Sendable () -> Int64

    public init(policy: Policy = .standard, clock: @escaping @Sendable () -> Int64 = { Timestamp.now() }) {
        self.policy = policy
        self.clock = clock
    }

    /// Accepts `event` for `state`'s stream, or says which rule it breaks.
    public func admit(_ event: Event, to state: MeetingState) throws(RuleViolation) -> Admission {
        try admit(event, to: state, destroyedContent: nil)
    }

    /// Accepts `event` for a stream whose content events may have been destroyed
    /// before they reached this archive (a record restored from an export): with
    /// `destroyedContent`, what their headers say stands in for what they said (see
    /// ``admitDestroyed(_:to:destroyedContent:)``). Only custody events can follow
    /// destroyed content.
    public func admit(_ event: Event, to state: MeetingState, destroyedContent: DestroyedContent?) throws(RuleViolation) -> Admission {
        let inForce = policy.inForce(on: policy.date(of: event.at))
        var check = RuleCheck(event: event, state: state, policy: inForce, destroyed: destroyedContent)
        try check.notInFuture(now: clock())
        // Account streams have their own rules, name grammar and no meeting stages (Rules/Accounts.swift).
        if check.isAccountEvent {
            try check.account()
            return Admission(event: check.event, flags: check.flags)
        }
        try check.streamName()
        try check.stage()
        if destroyedContent != nil { try check.followsDestroyedContent() }
        switch event.data {
        case .meetingScheduled(let e): try check.scheduled(e)
        case .meetingRescheduled(let e): try check.rescheduled(e)
        case .meetingCancelled: try check.cancelled()
        case .meetingNotified(let e): try check.notified(e)
        case .noticeAcknowledged(let e): try check.acknowledged(e)
        case .leaveRequested(let e): try check.leaveRequested(e)
        case .leaveApproved(let e): try check.leaveApproved(e)
        case .participantSignedIn(let e): try check.signedIn(e)
        case .participantLeftEarly(let e): try check.leftEarly(e)
        case .agendaItemAdded(let e): try check.itemAdded(e)
        case .minutesRecorded(let e): try check.recorded(e)
        case .meetingResolved(let e): try check.resolved(e)
        case .decisionProgress(let e): try check.progress(e)
        case .decisionExtended(let e): try check.extended(e)
        case .decisionClosed(let e): try check.closed(e)
        case .minutesDrafted: try check.drafted()
        case .minutesApproved(let e): try check.minutesApproved(e)
        case .minutesDistributed(let e): try check.distributed(e)
        case .meetingArchived(let e): try check.archived(e)
        case .archiveAccessed, .archiveInspected, .holdPlaced: break
        case .holdReleased: try check.holdReleased()
        case .retentionAppraised(let e): try check.appraised(e)
        case .destructionApproved(let e): try check.destructionApproved(e)
        case .archiveDestroyed(let e): try check.destroyed(e)
        case .accountGranted, .accountRevoked: break  // judged above
        case .minutesReviewed(let e): try check.minutesReviewed(e)
        case .agendaItemSubmitted(let e): try check.itemSubmitted(e)
        case .retentionException(let e): try check.retentionException(e)
        }
        check.flagHeldWithoutNotice()
        return Admission(event: check.event, flags: check.flags)
    }
}

/// One judgement in progress: the event, the state it meets, and what was found.
struct RuleCheck {
    var event: Event
    let state: MeetingState
    let policy: Policy
    /// What is known of the stream's destroyed content, for a restored record.
    let destroyed: DestroyedContent?
    var flags: [ComplianceFlag] = []

    init(event: Event, state: MeetingState, policy: Policy, destroyed: DestroyedContent? = nil) {
        self.event = event
        self.state = state
        self.policy = policy
        self.destroyed = destroyed
    }

    func violation(_ rule: RuleID, _ field: String, _ message: String) -> RuleViolation {
        RuleViolation(rule: rule, stream: event.stream, field: field, message: message)
    }

    mutating func flag(_ rule: RuleID, _ field: String, _ message: String) {
        flags.append(ComplianceFlag(rule: rule, stream: event.stream, field: field, message: message, at: event.at))
    }

    /// The scheduled meeting (`stage()` has made sure there is one).
    var meeting: MeetingScheduled { state.meeting! }

    var at: ZonedTime { event.at }

    /// The day of the event on the agency's clock.
    var day: CivilDate { policy.date(of: event.at) }

    /// "王芳 (P001)" when the person is invited, else the id.
    func who(_ person: String) -> String {
        guard let p = state.invited[person] else { return person }
        return "\(p.name) (\(person))"
    }
}
