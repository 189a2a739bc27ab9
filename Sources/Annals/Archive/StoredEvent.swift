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
    public var event: Event?

    public init(position: UInt64, version: UInt64, stream: String, type: EventType, recordedAt: Int64, digest: Hash256, event: Event?) {
        self.position = position
        self.version = version
        self.stream = stream
        self.type = type
        self.recordedAt = recordedAt
        self.digest = digest
        self.event = event
    }

    /// Whether the event's content was physically destroyed.
    public var isDestroyed: Bool { event == nil }
}
