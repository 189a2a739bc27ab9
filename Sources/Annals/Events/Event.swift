/// The data of one event type: its wire name and schema version.
///
/// Every event type (`MeetingScheduled`, `ParticipantSignedIn`, …) conforms; the
/// schema version rises when the stored payload's shape changes, and older versions
/// are upcast on read (`Upcasting`).
public protocol EventPayload: Hashable, Sendable {
    static var eventType: EventType { get }
    static var schemaVersion: Int { get }
    /// This payload as the `EventData` case of its type.
    var eventData: EventData { get }
}

/// One fact in a meeting's history: the envelope plus the type's data.
///
/// `at` is business time (when it happened); when the archive learned of it is the
/// log's concern (`recorded_at` on export).
public struct Event: Hashable, Sendable {
    /// Unique in the whole archive: the same event given again is an idempotent
    /// retry; another event under a stored id, in any stream, an `idempotency_conflict`.
    public var id: EventID
    /// The meeting's stream, e.g. `meeting/BGS-2023-001`.
    public var stream: String
    /// When it happened, with the offset it was written in.
    public var at: ZonedTime
    /// Who recorded it (a clerk's account, a system's name).
    public var by: String
    public var data: EventData

    /// The event type, which the data determines.
    public var type: EventType { data.type }

    public init(id: EventID = .random(), stream: String, at: ZonedTime, by: String, data: EventData) {
        self.id = id
        self.stream = stream
        self.at = at
        self.by = by
        self.data = data
    }

    /// An event carrying `payload`.
    public init(id: EventID = .random(), stream: String, at: ZonedTime, by: String, _ payload: some EventPayload) {
        self.init(id: id, stream: stream, at: at, by: by, data: payload.eventData)
    }
}
