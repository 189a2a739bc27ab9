// Decisions and their follow-up (DOMAIN.md: decide, follow-up).

/// `meeting.resolved`: The meeting decides (决议): each decision names responsible departments and a deadline.
public struct MeetingResolved: EventPayload {
    public static let eventType = EventType.meetingResolved
    public static let schemaVersion = 1
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
