// Leave, sign-in and leaving early (DOMAIN.md: leave, sign-in, leave early).

/// `leave.requested`: An invited person asks for leave (请假), perhaps naming a substitute (代会).
public struct LeaveRequested: EventPayload {
    public static let eventType = EventType.leaveRequested
    public static let schemaVersion = 1
    public var eventData: EventData { .leaveRequested(self) }

    public var person: String
    public var reason: String
    public var substitute: Substitute?

    public init(person: String, reason: String, substitute: Substitute? = nil) {
        self.person = person
        self.reason = reason
        self.substitute = substitute
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
        reason = try f.string("reason")
        substitute = try f.optionalObject("substitute", Substitute.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
        f.string("reason", reason)
        f.optionalObject("substitute", substitute)
    }
}

/// `leave.approved`: The chair or a named approver grants a leave request.
public struct LeaveApproved: EventPayload {
    public static let eventType = EventType.leaveApproved
    public static let schemaVersion = 1
    public var eventData: EventData { .leaveApproved(self) }

    public var person: String
    public var approvedBy: String

    public init(person: String, approvedBy: String) {
        self.person = person
        self.approvedBy = approvedBy
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
        approvedBy = try f.string("approved_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
        f.string("approved_by", approvedBy)
    }
}

/// `participant.signed_in`: A person signs the sign-in sheet (签到). `signedBy` is who wrote the entry: it must be the person (不得代签).
public struct ParticipantSignedIn: EventPayload {
    public static let eventType = EventType.participantSignedIn
    public static let schemaVersion = 1
    public var eventData: EventData { .participantSignedIn(self) }

    public var person: String
    public var signedBy: String

    public init(person: String, signedBy: String) {
        self.person = person
        self.signedBy = signedBy
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
        signedBy = try f.string("signed_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
        f.string("signed_by", signedBy)
    }
}

/// `participant.left_early`: A signed-in person leaves before the end (早退).
public struct ParticipantLeftEarly: EventPayload {
    public static let eventType = EventType.participantLeftEarly
    public static let schemaVersion = 1
    public var eventData: EventData { .participantLeftEarly(self) }

    public var person: String
    public var reason: String

    public init(person: String, reason: String) {
        self.person = person
        self.reason = reason
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
        reason = try f.string("reason")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
        f.string("reason", reason)
    }
}
