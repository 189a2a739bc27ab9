import Annals
import Testing

/// A record restored after its destruction: its content events arrive as headers
/// and digests only (tombstones), its custody events whole, and the rules judge the
/// custody events by what the headers say, as the source archive judged them.
@Suite struct RestorationRuleTests {
    let destruction = ArchiveDestroyed(batch: "XH-2034-01", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室销毁间")

    /// The 7th 主任办公会 as an export of its destroyed record gives it: each content
    /// event a tombstone with a digest of its own, each custody event whole.
    struct Restored {
        let book = RuleBook(policy: MeetingHistory.policy, clock: { MeetingHistory.now.microseconds })
        var state = MeetingState(stream: Sample.stream)
        var content: DestroyedContent?

        static func digest(_ n: Int) -> Hash256 { Hash256.sha256(Array("nonce and payload of event \(n)".utf8)) }

        /// Restores `history`'s events through the rule book; every one must pass.
        init(_ history: MeetingHistory, sourceLocation: SourceLocation = #_sourceLocation) {
            for (n, event) in history.events.enumerated() {
                do {
                    if MeetingState.isContent(event.type) {
                        try restore(DestroyedEvent(id: event.id, stream: event.stream, type: event.type, digest: Self.digest(n)))
                    } else {
                        try admit(event)
                    }
                } catch {
                    Issue.record("\(event.type) was rejected: \(error)", sourceLocation: sourceLocation)
                }
            }
        }

        mutating func restore(_ destroyed: DestroyedEvent) throws(RuleViolation) {
            content = try book.admitDestroyed(destroyed, to: state, destroyedContent: content)
            state.applyDestroyed()
        }

        mutating func admit(_ event: Event) throws(RuleViolation) {
            let admission = try book.admit(event, to: state, destroyedContent: content)
            state.apply(admission.event)
        }

        /// The rule that refuses what `body` proposes next, nil if it is accepted.
        func rejection(_ body: (inout Restored) throws -> Void) -> RuleViolation? {
            var copy = self
            do {
                try body(&copy)
                return nil
            } catch {
                return error as? RuleViolation
            }
        }
    }

    static func tombstone(_ type: EventType, _ n: Int = 900) -> DestroyedEvent {
        DestroyedEvent(
            id: EventID(high: 0x7f1c_0c5e_3b7a_4c55, low: 0x9a51_0000_0000_0000 | UInt64(n)), stream: Sample.stream, type: type,
            digest: Restored.digest(n))
    }

    /// The register of the destruction names the digests of the destroyed content.
    func destroyed(digests: [Hash256]) -> ArchiveDestroyed {
        var e = destruction
        e.register = DestructionRecord(
            archiveNumber: "Z109-WS·2023-D10-BGS-0001", title: "2023年第7次主任办公会", kind: "主任办公会", year: 2023,
            retention: .tenYears, keptYears: 10, documents: 1, approvedBy: ["P001", "P013"], reason: "保管期限（10年）已满",
            digests: digests)
        return e
    }

    @Test func aDestroyedRecordIsRestoredToTheStateItsSourceArchiveHad() throws {
        var source = MeetingHistory.approvedForDestruction()
        let digests = source.events.enumerated().filter { MeetingState.isContent($0.element.type) }.map { Restored.digest($0.offset) }
        source.record(destroyed(digests: digests), at: MeetingHistory.destructionAt)
        let restored = Restored(source)
        #expect(restored.state.isDestroyed)
        // The fold of the restored record is the fold of the destroyed one: custody
        // facts, no content, the same version.
        #expect(restored.state == source.state)
        #expect(restored.content?.digests == digests)
    }

    @Test func aCustodyEventCannotArriveDestroyed() {
        let restored = Restored(MeetingHistory.minutesApproved())
        let error = restored.rejection { try $0.restore(Self.tombstone(.meetingArchived)) }
        #expect(error?.rule == .restoreCustodyDestroyed)
    }

    @Test func aDestroyedEventInARecordWithIntactContentIsRejected() {
        var history = MeetingHistory(policy: MeetingHistory.policy)
        var restored = Restored(history)
        history.record(Sample.scheduled(), at: MeetingHistory.scheduledAt)
        try? restored.admit(history.events[0])
        let error = restored.rejection { try $0.restore(Self.tombstone(.minutesRecorded)) }
        #expect(error?.rule == .restoreMixedContent)
    }

    @Test func anIntactContentEventAfterDestroyedContentIsRejected() {
        let restored = Restored(MeetingHistory.archived())
        let progress = Sample.event(DecisionProgress(decision: "D1", status: .done, note: "已报送"), at: MeetingHistory.archivedAt, id: 901)
        let error = restored.rejection { try $0.admit(progress) }
        #expect(error?.rule == .restoreMixedContent)
        // The same follow-up, destroyed, belongs after the filing.
        #expect(restored.rejection { try $0.restore(Self.tombstone(.decisionProgress)) } == nil)
    }

    @Test func destroyedContentMustBeginWithTheMeetingsScheduling() {
        let error = Restored(MeetingHistory()).rejection { try $0.restore(Self.tombstone(.minutesRecorded)) }
        #expect(error?.rule == .meetingNotScheduled)
        let twice = Restored(MeetingHistory.scheduled()).rejection { try $0.restore(Self.tombstone(.meetingScheduled)) }
        #expect(twice?.rule == .meetingFirstEvent)
    }

    @Test func filingDestroyedContentWhoseMinutesWereNeverApprovedIsRejected() {
        let restored = Restored(MeetingHistory.resolved())
        let filing = Sample.event(
            MeetingArchived(year: 2023, retention: .tenYears, organization: "BGS", documents: []), at: MeetingHistory.archivedAt, id: 902)
        #expect(restored.rejection { try $0.admit(filing) }?.rule == .archiveMinutesNotApproved)
    }

    @Test func filingDestroyedContentWithoutItsClassElementsIsRejected() {
        let restored = Restored(MeetingHistory.minutesApproved())
        let incomplete = Sample.event(MeetingArchived(year: 2023, documents: []), at: MeetingHistory.archivedAt, id: 903)
        let error = restored.rejection { try $0.admit(incomplete) }
        #expect(error?.rule == .restoreIncompleteFiling)
        #expect(error?.field == "data.retention")
        let complete = Sample.event(
            MeetingArchived(year: 2023, retention: .tenYears, organization: "BGS", documents: []), at: MeetingHistory.archivedAt, id: 903)
        #expect(restored.rejection { try $0.admit(complete) } == nil)
    }

    @Test func aRestoredDestructionStillKeepsTheDestructionRules() {
        let restored = Restored(MeetingHistory.appraisedForDestruction())
        let unapproved = Sample.event(destroyed(digests: restored.content!.digests), at: MeetingHistory.destructionAt, id: 904)
        #expect(restored.rejection { try $0.admit(unapproved) }?.rule == .destructionNotApproved)
    }

    @Test func aRegisterNamingOtherDigestsThanTheDestroyedContentIsRejected() {
        let restored = Restored(MeetingHistory.approvedForDestruction())
        let digests = restored.content!.digests
        let missingOne = Sample.event(destroyed(digests: Array(digests.dropLast())), at: MeetingHistory.destructionAt, id: 905)
        let error = restored.rejection { try $0.admit(missingOne) }
        #expect(error?.rule == .restoreRegisterMismatch)
        #expect(error?.field == "data.register.digests")
        let matching = Sample.event(destroyed(digests: digests), at: MeetingHistory.destructionAt, id: 905)
        #expect(restored.rejection { try $0.admit(matching) } == nil)
    }
}
