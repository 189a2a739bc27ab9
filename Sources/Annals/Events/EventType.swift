/// The wire name of an event type (`participant.signed_in`), as the log record header
/// stores it and the interchange form writes it.
public enum EventType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case meetingScheduled = "meeting.scheduled"
    case meetingRescheduled = "meeting.rescheduled"
    case meetingCancelled = "meeting.cancelled"
    case meetingNotified = "meeting.notified"
    case noticeAcknowledged = "notice.acknowledged"
    case leaveRequested = "leave.requested"
    case leaveApproved = "leave.approved"
    case participantSignedIn = "participant.signed_in"
    case participantLeftEarly = "participant.left_early"
    case agendaItemAdded = "agenda.item_added"
    case minutesRecorded = "minutes.recorded"
    case meetingResolved = "meeting.resolved"
    case decisionProgress = "decision.progress"
    case minutesDrafted = "minutes.drafted"
    case minutesApproved = "minutes.approved"
    case minutesDistributed = "minutes.distributed"
    case meetingArchived = "meeting.archived"
    case archiveAccessed = "archive.accessed"
    case archiveInspected = "archive.inspected"
    case holdPlaced = "hold.placed"
    case holdReleased = "hold.released"
    case retentionAppraised = "retention.appraised"
    case destructionApproved = "destruction.approved"
    case archiveDestroyed = "archive.destroyed"
    case accountGranted = "account.granted"
    case accountRevoked = "account.revoked"
    case minutesReviewed = "minutes.reviewed"
    case agendaItemSubmitted = "agenda.item_submitted"
    case retentionException = "retention.exception"
    case decisionExtended = "decision.extended"
    case decisionClosed = "decision.closed"

    /// The type named `name`; nil for an unknown name.
    public init?(name: some StringProtocol) {
        guard let found = EventType.byName[String(name)] else { return nil }
        self = found
    }

    private static let byName: [String: EventType] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The type whose wire name is the UTF-8 `bytes` (a log record's type label);
    /// nil for an unknown name. Makes no string: a replay calls it for every record.
    public init?(utf8 bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n >= WireKey.minimum, n <= WireKey.maximum, let base = bytes.baseAddress else { return nil }
        let key = WireKey(base, n)
        for entry in Self.wireKeys where entry.key == key {
            self = entry.type
            return
        }
        return nil
    }

    /// A wire name as three overlapping words and its length: every name is 11 to 22
    /// bytes, so its first 8, next 8 and last 8 bytes cover it whole.
    private struct WireKey: Equatable {
        static let minimum = 9
        static let maximum = 24
        let length: Int
        let head: UInt64
        let middle: UInt64
        let tail: UInt64

        @inline(__always)
        init(_ base: UnsafeRawPointer, _ n: Int) {
            length = n
            head = base.loadUnaligned(as: UInt64.self)
            middle = base.loadUnaligned(fromByteOffset: min(8, n - 8), as: UInt64.self)
            tail = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
    }

    /// Every type's key, the most frequent first (sign-ins and acknowledgments are
    /// two thirds of a log).
    private static let wireKeys: [(key: WireKey, type: EventType)] = {
        let first: [EventType] = [.participantSignedIn, .noticeAcknowledged, .minutesRecorded, .decisionProgress]
        let order = first + allCases.filter { !first.contains($0) }
        return order.map { type in
            let utf8 = Array(type.rawValue.utf8)
            precondition(utf8.count >= WireKey.minimum && utf8.count <= WireKey.maximum)
            return (utf8.withUnsafeBytes { WireKey($0.baseAddress!, utf8.count) }, type)
        }
    }()

    /// The current schema version of this type's payload.
    public var schemaVersion: Int {
        switch self {
        case .meetingScheduled: MeetingScheduled.schemaVersion
        case .meetingRescheduled: MeetingRescheduled.schemaVersion
        case .meetingCancelled: MeetingCancelled.schemaVersion
        case .meetingNotified: MeetingNotified.schemaVersion
        case .noticeAcknowledged: NoticeAcknowledged.schemaVersion
        case .leaveRequested: LeaveRequested.schemaVersion
        case .leaveApproved: LeaveApproved.schemaVersion
        case .participantSignedIn: ParticipantSignedIn.schemaVersion
        case .participantLeftEarly: ParticipantLeftEarly.schemaVersion
        case .agendaItemAdded: AgendaItemAdded.schemaVersion
        case .minutesRecorded: MinutesRecorded.schemaVersion
        case .meetingResolved: MeetingResolved.schemaVersion
        case .decisionProgress: DecisionProgress.schemaVersion
        case .minutesDrafted: MinutesDrafted.schemaVersion
        case .minutesApproved: MinutesApproved.schemaVersion
        case .minutesDistributed: MinutesDistributed.schemaVersion
        case .meetingArchived: MeetingArchived.schemaVersion
        case .archiveAccessed: ArchiveAccessed.schemaVersion
        case .archiveInspected: ArchiveInspected.schemaVersion
        case .holdPlaced: HoldPlaced.schemaVersion
        case .holdReleased: HoldReleased.schemaVersion
        case .retentionAppraised: RetentionAppraised.schemaVersion
        case .destructionApproved: DestructionApproved.schemaVersion
        case .archiveDestroyed: ArchiveDestroyed.schemaVersion
        case .accountGranted: AccountGranted.schemaVersion
        case .accountRevoked: AccountRevoked.schemaVersion
        case .minutesReviewed: MinutesReviewed.schemaVersion
        case .agendaItemSubmitted: AgendaItemSubmitted.schemaVersion
        case .retentionException: RetentionException.schemaVersion
        case .decisionExtended: DecisionExtended.schemaVersion
        case .decisionClosed: DecisionClosed.schemaVersion
        }
    }

    public var description: String { rawValue }
}

/// The data of one event: one case per event type.
///
/// The two large, rare payloads are `indirect` so that every other event (sign-ins,
/// speeches: the bulk of a replay) moves a small value rather than the largest case.
public enum EventData: Hashable, Sendable {
    indirect case meetingScheduled(MeetingScheduled)
    case meetingRescheduled(MeetingRescheduled)
    case meetingCancelled(MeetingCancelled)
    case meetingNotified(MeetingNotified)
    case noticeAcknowledged(NoticeAcknowledged)
    case leaveRequested(LeaveRequested)
    case leaveApproved(LeaveApproved)
    case participantSignedIn(ParticipantSignedIn)
    case participantLeftEarly(ParticipantLeftEarly)
    case agendaItemAdded(AgendaItemAdded)
    case minutesRecorded(MinutesRecorded)
    case meetingResolved(MeetingResolved)
    case decisionProgress(DecisionProgress)
    case minutesDrafted(MinutesDrafted)
    case minutesApproved(MinutesApproved)
    case minutesDistributed(MinutesDistributed)
    indirect case meetingArchived(MeetingArchived)
    case archiveAccessed(ArchiveAccessed)
    case archiveInspected(ArchiveInspected)
    case holdPlaced(HoldPlaced)
    case holdReleased(HoldReleased)
    case retentionAppraised(RetentionAppraised)
    case destructionApproved(DestructionApproved)
    case archiveDestroyed(ArchiveDestroyed)
    case accountGranted(AccountGranted)
    case accountRevoked(AccountRevoked)
    case minutesReviewed(MinutesReviewed)
    case agendaItemSubmitted(AgendaItemSubmitted)
    case retentionException(RetentionException)
    case decisionExtended(DecisionExtended)
    case decisionClosed(DecisionClosed)

    /// The event type of this data.
    public var type: EventType {
        switch self {
        case .meetingScheduled: .meetingScheduled
        case .meetingRescheduled: .meetingRescheduled
        case .meetingCancelled: .meetingCancelled
        case .meetingNotified: .meetingNotified
        case .noticeAcknowledged: .noticeAcknowledged
        case .leaveRequested: .leaveRequested
        case .leaveApproved: .leaveApproved
        case .participantSignedIn: .participantSignedIn
        case .participantLeftEarly: .participantLeftEarly
        case .agendaItemAdded: .agendaItemAdded
        case .minutesRecorded: .minutesRecorded
        case .meetingResolved: .meetingResolved
        case .decisionProgress: .decisionProgress
        case .minutesDrafted: .minutesDrafted
        case .minutesApproved: .minutesApproved
        case .minutesDistributed: .minutesDistributed
        case .meetingArchived: .meetingArchived
        case .archiveAccessed: .archiveAccessed
        case .archiveInspected: .archiveInspected
        case .holdPlaced: .holdPlaced
        case .holdReleased: .holdReleased
        case .retentionAppraised: .retentionAppraised
        case .destructionApproved: .destructionApproved
        case .archiveDestroyed: .archiveDestroyed
        case .accountGranted: .accountGranted
        case .accountRevoked: .accountRevoked
        case .minutesReviewed: .minutesReviewed
        case .agendaItemSubmitted: .agendaItemSubmitted
        case .retentionException: .retentionException
        case .decisionExtended: .decisionExtended
        case .decisionClosed: .decisionClosed
        }
    }

    /// Reads the fields of `type`'s data at its current schema version.
    static func decode(_ type: EventType, fields f: inout some FieldDecoder) throws -> EventData {
        switch type {
        case .meetingScheduled: .meetingScheduled(try MeetingScheduled(fields: &f))
        case .meetingRescheduled: .meetingRescheduled(try MeetingRescheduled(fields: &f))
        case .meetingCancelled: .meetingCancelled(try MeetingCancelled(fields: &f))
        case .meetingNotified: .meetingNotified(try MeetingNotified(fields: &f))
        case .noticeAcknowledged: .noticeAcknowledged(try NoticeAcknowledged(fields: &f))
        case .leaveRequested: .leaveRequested(try LeaveRequested(fields: &f))
        case .leaveApproved: .leaveApproved(try LeaveApproved(fields: &f))
        case .participantSignedIn: .participantSignedIn(try ParticipantSignedIn(fields: &f))
        case .participantLeftEarly: .participantLeftEarly(try ParticipantLeftEarly(fields: &f))
        case .agendaItemAdded: .agendaItemAdded(try AgendaItemAdded(fields: &f))
        case .minutesRecorded: .minutesRecorded(try MinutesRecorded(fields: &f))
        case .meetingResolved: .meetingResolved(try MeetingResolved(fields: &f))
        case .decisionProgress: .decisionProgress(try DecisionProgress(fields: &f))
        case .minutesDrafted: .minutesDrafted(try MinutesDrafted(fields: &f))
        case .minutesApproved: .minutesApproved(try MinutesApproved(fields: &f))
        case .minutesDistributed: .minutesDistributed(try MinutesDistributed(fields: &f))
        case .meetingArchived: .meetingArchived(try MeetingArchived(fields: &f))
        case .archiveAccessed: .archiveAccessed(try ArchiveAccessed(fields: &f))
        case .archiveInspected: .archiveInspected(try ArchiveInspected(fields: &f))
        case .holdPlaced: .holdPlaced(try HoldPlaced(fields: &f))
        case .holdReleased: .holdReleased(try HoldReleased(fields: &f))
        case .retentionAppraised: .retentionAppraised(try RetentionAppraised(fields: &f))
        case .destructionApproved: .destructionApproved(try DestructionApproved(fields: &f))
        case .archiveDestroyed: .archiveDestroyed(try ArchiveDestroyed(fields: &f))
        case .accountGranted: .accountGranted(try AccountGranted(fields: &f))
        case .accountRevoked: .accountRevoked(try AccountRevoked(fields: &f))
        case .minutesReviewed: .minutesReviewed(try MinutesReviewed(fields: &f))
        case .agendaItemSubmitted: .agendaItemSubmitted(try AgendaItemSubmitted(fields: &f))
        case .retentionException: .retentionException(try RetentionException(fields: &f))
        case .decisionExtended: .decisionExtended(try DecisionExtended(fields: &f))
        case .decisionClosed: .decisionClosed(try DecisionClosed(fields: &f))
        }
    }

    /// Writes the fields of the data at its current schema version.
    func encode(fields f: inout some FieldEncoder) {
        switch self {
        case .meetingScheduled(let data): data.encode(fields: &f)
        case .meetingRescheduled(let data): data.encode(fields: &f)
        case .meetingCancelled(let data): data.encode(fields: &f)
        case .meetingNotified(let data): data.encode(fields: &f)
        case .noticeAcknowledged(let data): data.encode(fields: &f)
        case .leaveRequested(let data): data.encode(fields: &f)
        case .leaveApproved(let data): data.encode(fields: &f)
        case .participantSignedIn(let data): data.encode(fields: &f)
        case .participantLeftEarly(let data): data.encode(fields: &f)
        case .agendaItemAdded(let data): data.encode(fields: &f)
        case .minutesRecorded(let data): data.encode(fields: &f)
        case .meetingResolved(let data): data.encode(fields: &f)
        case .decisionProgress(let data): data.encode(fields: &f)
        case .minutesDrafted(let data): data.encode(fields: &f)
        case .minutesApproved(let data): data.encode(fields: &f)
        case .minutesDistributed(let data): data.encode(fields: &f)
        case .meetingArchived(let data): data.encode(fields: &f)
        case .archiveAccessed(let data): data.encode(fields: &f)
        case .archiveInspected(let data): data.encode(fields: &f)
        case .holdPlaced(let data): data.encode(fields: &f)
        case .holdReleased(let data): data.encode(fields: &f)
        case .retentionAppraised(let data): data.encode(fields: &f)
        case .destructionApproved(let data): data.encode(fields: &f)
        case .archiveDestroyed(let data): data.encode(fields: &f)
        case .accountGranted(let data): data.encode(fields: &f)
        case .accountRevoked(let data): data.encode(fields: &f)
        case .minutesReviewed(let data): data.encode(fields: &f)
        case .agendaItemSubmitted(let data): data.encode(fields: &f)
        case .retentionException(let data): data.encode(fields: &f)
        case .decisionExtended(let data): data.encode(fields: &f)
        case .decisionClosed(let data): data.encode(fields: &f)
        }
    }
}
