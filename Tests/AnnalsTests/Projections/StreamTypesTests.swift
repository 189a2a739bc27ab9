import Testing

@testable import Annals

/// The `types` projection's bits: one per event type, in `EventType.allCases` order
/// (the order the query index and its file rely on).
@Suite struct StreamTypesTests {
    @Test func eachTypeHasItsOwnBitInDeclarationOrder() {
        #expect(EventType.allCases.count <= 64)
        for (i, type) in EventType.allCases.enumerated() {
            #expect(StreamTypes.bit(type) == UInt64(1) << UInt64(i), "\(type)")
        }
    }

    @Test func aStreamHasTheTypesOfItsEventsAndNoOthers() {
        var types = StreamTypes()
        let stream = "meeting/BGS-2024-001"
        for (n, type) in [EventType.meetingScheduled, .participantSignedIn, .participantSignedIn, .archiveDestroyed].enumerated() {
            types.apply(StoredEvent(position: UInt64(n), version: UInt64(n), stream: stream, type: type, recordedAt: 0, digest: .zero, event: nil))
        }
        for type in EventType.allCases {
            #expect(types.has(stream, type) == [.meetingScheduled, .participantSignedIn, .archiveDestroyed].contains(type), "\(type)")
        }
        #expect(!types.has("meeting/other", .meetingScheduled))
    }
}
