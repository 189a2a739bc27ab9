// Decisions and their follow-up (DOMAIN.md: decide, follow-up).

/// `meeting.resolved`: The meeting decides (决议): each decision names responsible
/// departments, a deadline and, from schema version 2, its lead department (牵头) and
/// the person answerable (责任人).
public struct MeetingResolved: EventPayload {
    public static let eventType = EventType.meetingResolved
    public static let schemaVersion = 2
    public var eventData: EventData { .meetingResolved(self) }

    public var decisions: [Resolution]

    public init(decisions: [Resolution]) {
        self.decisions = decisions
    }

    init(fields f: inout some FieldDecoder) throws {
        decisions = try f.objects("decisions", Resolution.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.objects("decisions", decisions)
    }
}

/// `decision.progress`: Follow-up on a decision (督办): in progress or done.
public struct DecisionProgress: EventPayload {
    public static let eventType = EventType.decisionProgress
    public static let schemaVersion = 1
    public var eventData: EventData { .decisionProgress(self) }

    public var decision: String
    public var status: DecisionStatus
    public var note: String?

    public init(decision: String, status: DecisionStatus, note: String? = nil) {
        self.decision = decision
        self.status = status
        self.note = note
    }

    init(fields f: inout some FieldDecoder) throws {
        decision = try f.string("decision")
        status = try f.symbol("status", DecisionStatus.self)
        note = try f.optionalString("note")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("decision", decision)
        f.symbol("status", status)
        f.optionalString("note", note)
    }
}

/// `decision.extended`: The deadline of a decision is put back (延期), for a reason, with
/// the approval of someone the policy allows (the lead department's head or a leader).
public struct DecisionExtended: EventPayload {
    public static let eventType = EventType.decisionExtended
    public static let schemaVersion = 1
    public var eventData: EventData { .decisionExtended(self) }

    public var decision: String
    /// The new deadline, later than the one in force.
    public var deadline: CivilDate
    public var reason: String
    public var approvedBy: String

    public init(decision: String, deadline: CivilDate, reason: String, approvedBy: String) {
        self.decision = decision
        self.deadline = deadline
        self.reason = reason
        self.approvedBy = approvedBy
    }

    init(fields f: inout some FieldDecoder) throws {
        decision = try f.string("decision")
        guard let date = try f.optionalDate("deadline") else {
            throw EventDecodingError(.missingField, path: "deadline", "missing required field \"deadline\"")
        }
        deadline = date
        reason = try f.string("reason")
        approvedBy = try f.string("approved_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("decision", decision)
        f.optionalDate("deadline", deadline)
        f.string("reason", reason)
        f.string("approved_by", approvedBy)
    }
}

/// `decision.closed`: The follow-up office closes a decision done (销号): by whom, when
/// (the event's time), with an optional note. Nothing follows it for that decision.
public struct DecisionClosed: EventPayload {
    public static let eventType = EventType.decisionClosed
    public static let schemaVersion = 1
    public var eventData: EventData { .decisionClosed(self) }

    public var decision: String
    public var closedBy: String
    public var note: String?

    public init(decision: String, closedBy: String, note: String? = nil) {
        self.decision = decision
        self.closedBy = closedBy
        self.note = note
    }

    init(fields f: inout some FieldDecoder) throws {
        decision = try f.string("decision")
        closedBy = try f.string("closed_by")
        note = try f.optionalString("note")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("decision", decision)
        f.string("closed_by", closedBy)
        f.optionalString("note", note)
    }
}
