// The minutes (会议纪要): drafted, approved, distributed (DOMAIN.md: minutes).

/// `minutes.drafted`: The minutes are drafted; due one working day after the meeting by default.
public struct MinutesDrafted: EventPayload {
    public static let eventType = EventType.minutesDrafted
    public static let schemaVersion = 1
    public var eventData: EventData { .minutesDrafted(self) }

    public var drafter: String

    public init(drafter: String) {
        self.drafter = drafter
    }

    init(fields f: inout some FieldDecoder) throws {
        drafter = try f.string("drafter")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("drafter", drafter)
    }
}

/// `minutes.approved`: The minutes are approved (审定).
public struct MinutesApproved: EventPayload {
    public static let eventType = EventType.minutesApproved
    public static let schemaVersion = 1
    public var eventData: EventData { .minutesApproved(self) }

    public var approvedBy: String

    public init(approvedBy: String) {
        self.approvedBy = approvedBy
    }

    init(fields f: inout some FieldDecoder) throws {
        approvedBy = try f.string("approved_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("approved_by", approvedBy)
    }
}

/// `minutes.distributed`: The minutes are sent out (分发); for 秘密 and above only to the invited.
public struct MinutesDistributed: EventPayload {
    public static let eventType = EventType.minutesDistributed
    public static let schemaVersion = 1
    public var eventData: EventData { .minutesDistributed(self) }

    /// Person ids or department codes.
    public var recipients: [String]

    public init(recipients: [String]) {
        self.recipients = recipients
    }

    init(fields f: inout some FieldDecoder) throws {
        recipients = try f.strings("recipients")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.strings("recipients", recipients)
    }
}

/// `minutes.reviewed`: The organizing department's head has reviewed (审核) the draft
/// minutes, before they are approved (审定). Optional: offices that review record it.
public struct MinutesReviewed: EventPayload {
    public static let eventType = EventType.minutesReviewed
    public static let schemaVersion = 1
    public var eventData: EventData { .minutesReviewed(self) }

    public var reviewedBy: String

    public init(reviewedBy: String) {
        self.reviewedBy = reviewedBy
    }

    init(fields f: inout some FieldDecoder) throws {
        reviewedBy = try f.string("reviewed_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("reviewed_by", reviewedBy)
    }
}
