// Notifying the invited and their confirmation (DOMAIN.md: notice, confirm).

/// `meeting.notified`: A notice (会议通知) is sent; its lead time in working days is checked against the kind's rule.
public struct MeetingNotified: EventPayload {
    public static let eventType = EventType.meetingNotified
    public static let schemaVersion = 1
    public var eventData: EventData { .meetingNotified(self) }

    /// How it was sent, e.g. OA, 短信, 电话.
    public var channels: [String]
    /// Person ids notified; absent means all invited.
    public var recipients: [String]?

    public init(channels: [String], recipients: [String]? = nil) {
        self.channels = channels
        self.recipients = recipients
    }

    init(fields f: inout some FieldDecoder) throws {
        channels = try f.strings("channels")
        recipients = try f.optionalStrings("recipients")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.strings("channels", channels)
        f.optionalStrings("recipients", recipients)
    }
}

/// `notice.acknowledged`: A notified person confirms receipt (回执).
public struct NoticeAcknowledged: EventPayload {
    public static let eventType = EventType.noticeAcknowledged
    public static let schemaVersion = 1
    public var eventData: EventData { .noticeAcknowledged(self) }

    public var person: String

    public init(person: String) {
        self.person = person
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
    }
}
