import Testing

@testable import Annals

@Suite struct ProjectionSnapshotTests {
    @Test func replayingTheSameEventsTwiceGivesTheSameBytes() throws {
        let scenario = try Scenario(ProjectionScenarioTests.office)
        let first = scenario.replay().encode()
        let second = scenario.replay().encode()
        #expect(first == second)
        #expect(first.starts(with: Array("APRJ".utf8)))
    }

    @Test func aCheckpointDecodesToTheStateItWasTakenFrom() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let decoded = try ProjectionSet(decoding: set.encode(), policy: Scenario.policy)
        #expect(decoded == set)
        #expect(decoded.encode() == set.encode())
    }

    @Test func aCheckpointPlusTheTailEqualsAStraightReplayAtEverySplit() throws {
        let events = try Scenario(ProjectionScenarioTests.office).events
        let straight = ProjectionSet.replay(events, policy: Scenario.policy)
        var running = ProjectionSet(policy: Scenario.policy)
        for split in 0...events.count {
            if split > 0 { running.apply(events[split - 1]) }
            var resumed = try ProjectionSet(decoding: running.encode(), policy: Scenario.policy)
            #expect(resumed == running, "split \(split)")
            resumed.replay(events[split...])
            #expect(resumed.encode() == straight.encode(), "split \(split)")
        }
    }

    @Test func eachProjectionRoundTripsOnItsOwn() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        #expect(try MeetingRecords(decoding: set.records.encode()) == set.records)
        #expect(try ArchiveNumbering(decoding: set.numbering.encode()) == set.numbering)
        #expect(try DestructionRegister(decoding: set.register.encode()) == set.register)
    }

    @Test func corruptOrTruncatedCheckpointsAreRefusedNotMisread() throws {
        let bytes = try Scenario(ProjectionScenarioTests.office).replay().encode()
        #expect(throws: SnapshotError.self) { try ProjectionSet(decoding: Array(bytes.dropLast(3))) }
        #expect(throws: SnapshotError.self) { try ProjectionSet(decoding: Array("XXXX".utf8) + bytes.dropFirst(4)) }
        #expect(throws: SnapshotError.self) { try ProjectionSet(decoding: bytes + [0]) }
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: SnapshotError.self) { try ProjectionSet(decoding: Array(bytes[..<cut])) }
        }
    }

    @Test func destroyingARecordLeavesNoContentInTheCheckpoint() throws {
        let set = try Scenario(ProjectionScenarioTests.office).replay()
        let state = try #require(set.records["meeting/KJK-2012-001"])
        #expect(state.meeting == nil && state.signIns.isEmpty && state.decisions.isEmpty)
        #expect(state.archive?.year == 2012)
        #expect(set.contentPositionsToShred(stream: "meeting/KJK-2012-001").isEmpty)
        // The title lives on only in the register.
        let text = String(decoding: set.records.encode(), as: UTF8.self)
        #expect(!text.contains("2012年第1次科务会"))
    }
}
