// Planning a meeting and changing the plan (DOMAIN.md: plan, change).

/// `meeting.scheduled`: A meeting is planned (年度计划) or called ad hoc (临时会议); the first event of its stream.
///
/// Schema version 2 added `classification`; version 1 payloads are upcast with 内部.
public struct MeetingScheduled: EventPayload {
    public static let eventType = EventType.meetingScheduled
    public static let schemaVersion = 2
    public var eventData: EventData { .meetingScheduled(self) }

    /// The meeting's title (会议名称).
    public var title: String
    /// The kind (会议类别), e.g. 主任办公会.
    public var kind: String
    /// The organizing department's code (主办部门), e.g. `BGS`.
    public var organizer: String
    /// The chair's person id (主持人).
    public var chair: String
    /// The recorder's person id (记录人).
    public var recorder: String
    public var location: String
    public var startsAt: ZonedTime
    public var endsAt: ZonedTime
    /// 密级.
    public var classification: Classification
    /// True if in the yearly plan; false for an ad hoc meeting, which needs `approvedBy`.
    public var planned: Bool
    /// Who approved an ad hoc meeting.
    public var approvedBy: String?
    /// 议题.
    public var agenda: [AgendaItem]
    /// The invited (参会及列席人员).
    public var participants: [Participant]

    public init(title: String, kind: String, organizer: String, chair: String, recorder: String, location: String, startsAt: ZonedTime, endsAt: ZonedTime, classification: Classification, planned: Bool, approvedBy: String? = nil, agenda: [AgendaItem], participants: [Participant]) {
        self.title = title
        self.kind = kind
        self.organizer = organizer
        self.chair = chair
        self.recorder = recorder
        self.location = location
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.classification = classification
        self.planned = planned
        self.approvedBy = approvedBy
        self.agenda = agenda
        self.participants = participants
    }

    init(fields f: inout some FieldDecoder) throws {
        title = try f.string("title")
        kind = try f.string("kind")
        organizer = try f.string("organizer")
        chair = try f.string("chair")
        recorder = try f.string("recorder")
        location = try f.string("location")
        startsAt = try f.time("starts_at")
        endsAt = try f.time("ends_at")
        classification = try f.symbol("classification", Classification.self)
        planned = try f.bool("planned")
        approvedBy = try f.optionalString("approved_by")
        agenda = try f.objects("agenda", AgendaItem.self)
        participants = try f.objects("participants", Participant.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("title", title)
        f.string("kind", kind)
        f.string("organizer", organizer)
        f.string("chair", chair)
        f.string("recorder", recorder)
        f.string("location", location)
        f.time("starts_at", startsAt)
        f.time("ends_at", endsAt)
        f.symbol("classification", classification)
        f.bool("planned", planned)
        f.optionalString("approved_by", approvedBy)
        f.objects("agenda", agenda)
        f.objects("participants", participants)
    }
}

/// `meeting.rescheduled`: The meeting moves to a new time (and perhaps place).
public struct MeetingRescheduled: EventPayload {
    public static let eventType = EventType.meetingRescheduled
    public static let schemaVersion = 1
    public var eventData: EventData { .meetingRescheduled(self) }

    public var startsAt: ZonedTime
    public var endsAt: ZonedTime
    /// The new place, if it changes.
    public var location: String?
    public var reason: String

    public init(startsAt: ZonedTime, endsAt: ZonedTime, location: String? = nil, reason: String) {
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.location = location
        self.reason = reason
    }

    init(fields f: inout some FieldDecoder) throws {
        startsAt = try f.time("starts_at")
        endsAt = try f.time("ends_at")
        location = try f.optionalString("location")
        reason = try f.string("reason")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.time("starts_at", startsAt)
        f.time("ends_at", endsAt)
        f.optionalString("location", location)
        f.string("reason", reason)
    }
}

/// `meeting.cancelled`: The meeting will not take place.
public struct MeetingCancelled: EventPayload {
    public static let eventType = EventType.meetingCancelled
    public static let schemaVersion = 1
    public var eventData: EventData { .meetingCancelled(self) }

    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    init(fields f: inout some FieldDecoder) throws {
        reason = try f.string("reason")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("reason", reason)
    }
}
