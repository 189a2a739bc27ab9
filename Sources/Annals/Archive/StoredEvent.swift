/// An event as the archive stored it: the event, plus where and when the log put it.
///
/// Projections fold these in position order. `event` is nil for a record whose
/// content was destroyed (``isDestroyed``): its header (stream, version, type,
/// digest) remains, so the history keeps its shape, but nothing of what it said.
public struct StoredEvent: Sendable, Hashable {
    /// The record's place in the whole log (the second clock's `@P`).
    public var position: UInt64
    /// Its version in its stream.
    public var version: UInt64
    /// The stream (one meeting).
    public var stream: String
    /// The event type, kept even when the content was destroyed.
    public var type: EventType
    /// When the archive learned of it (µs since the Unix epoch): `recorded_at`.
    public var recordedAt: Int64
    /// SHA-256(nonce ‖ payload), kept after destruction.
    public var digest: Hash256
    /// The event, or nil once its content was destroyed.
    public var event: Event? {
        get { isDestroyed ? nil : stored }
        set {
            if let newValue {
                stored = newValue
                isDestroyed = false
            } else {
                stored = Self.nothing
                isDestroyed = true
            }
        }
    }

    /// The event when not destroyed, else `nothing`. Kept apart from its absence so
    /// that a fold can lend it on without an optional in between (unwrapping a
    /// stored optional event copied it, retaining every text it holds).
    var stored: Event
    /// Whether the event's content was physically destroyed.
    public internal(set) var isDestroyed: Bool

    /// What `stored` holds for a destroyed event.
    static let nothing = Event(
        id: EventID(high: 0, low: 0), stream: "", at: ZonedTime(microseconds: 0, offsetMinutes: 0), by: "",
        data: .meetingCancelled(MeetingCancelled(reason: "")))

    public init(position: UInt64, version: UInt64, stream: String, type: EventType, recordedAt: Int64, digest: Hash256, event: Event?) {
        self.position = position
        self.version = version
        self.stream = stream
        self.type = type
        self.recordedAt = recordedAt
        self.digest = digest
        self.stored = event ?? Self.nothing
        self.isDestroyed = event == nil
    }

    public static func == (a: StoredEvent, b: StoredEvent) -> Bool {
        a.position == b.position && a.version == b.version && a.stream == b.stream && a.type == b.type
            && a.recordedAt == b.recordedAt && a.digest == b.digest && a.event == b.event
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(position)
        hasher.combine(version)
        hasher.combine(stream)
        hasher.combine(type)
        hasher.combine(recordedAt)
        hasher.combine(digest)
        hasher.combine(event)
    }
}
