import Annals
import Testing

/// A meeting's stream being built up through the rule book, as the engine would:
/// admit, then apply. Rule tests start from a stage and propose one more event.
struct MeetingHistory {
    var book: RuleBook
    var state = MeetingState(stream: Sample.stream)
    /// The events stored so far.
    var events: [Event] = []
    private var next: UInt64 = 100

    init(policy: Policy = MeetingHistory.policy) {
        book = RuleBook(policy: policy, clock: { MeetingHistory.now.microseconds })
    }

    /// The office's policy in the tests: fonds Z109; 王芳 (P001, the director) and
    /// P009 lead, 李强 (P002) heads 办公室, 张伟 (P003) 综合科; classified records are
    /// destroyed at the 市保密局 destruction centre.
    static let policy: Policy = {
        var policy = Policy(fonds: "Z109")
        policy.leaders = ["P001", "P009"]
        policy.departmentHeads = ["BGS": "P002", "ZHK": "P003", "CWK": "P005"]
        policy.classifiedDestructionPlaces = ["市保密局涉密载体销毁中心"]
        return policy
    }()

    /// The present the rules judge by: far enough ahead for the records' whole life.
    static let now = ZonedTime(CivilDate(year: 2060, month: 1, day: 1)!, 9, 0)

    func event(_ payload: some EventPayload, at: ZonedTime) -> Event {
        Sample.event(payload, at: at, id: next)
    }

    /// Admits and applies `payload`, which must be accepted; returns its flags.
    @discardableResult
    mutating func record(
        _ payload: some EventPayload, at: ZonedTime, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [ComplianceFlag] {
        do {
            let admission = try book.admit(event(payload, at: at), to: state)
            state.apply(admission.event)
            events.append(admission.event)
            next += 1
            return admission.flags
        } catch {
            Issue.record("\(type(of: payload)) was rejected: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Expects `payload` to be rejected by `rule` (at `field`, when given), leaving
    /// the state as it was.
    func expectRejected(
        _ payload: some EventPayload, at: ZonedTime, _ rule: RuleID, field: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = state
        do {
            let admission = try book.admit(event(payload, at: at), to: state)
            Issue.record("expected \(rule), but it was accepted (flags: \(admission.flags))", sourceLocation: sourceLocation)
        } catch {
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
            #expect(error.stream == Sample.stream, sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, sourceLocation: sourceLocation) }
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(state == before, sourceLocation: sourceLocation)
    }

    /// Expects `payload` to be accepted; returns the admission.
    @discardableResult
    func expectAccepted(
        _ payload: some EventPayload, at: ZonedTime, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Admission? {
        do {
            return try book.admit(event(payload, at: at), to: state)
        } catch {
            Issue.record("expected acceptance, but: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    // MARK: Stages of the 7th 主任办公会 (Monday 2023-03-06, 09:30-11:30)

    static let scheduledAt = ZonedTime(CivilDate(year: 2023, month: 2, day: 27)!, 15, 0)
    static let noticeAt = ZonedTime(CivilDate(year: 2023, month: 3, day: 1)!, 9, 0)
    static let tuesday = CivilDate(year: 2023, month: 3, day: 7)!

    static func scheduled(_ meeting: MeetingScheduled = Sample.scheduled(), policy: Policy = MeetingHistory.policy) -> MeetingHistory {
        var history = MeetingHistory(policy: policy)
        history.record(meeting, at: scheduledAt)
        return history
    }

    static func notified(_ meeting: MeetingScheduled = Sample.scheduled()) -> MeetingHistory {
        var history = scheduled(meeting)
        history.record(MeetingNotified(channels: ["OA", "短信"]), at: noticeAt)
        return history
    }

    /// 王芳, 李强 and 刘洋 have signed in; 张伟 and 陈静 have not.
    static func started(_ meeting: MeetingScheduled = Sample.scheduled()) -> MeetingHistory {
        var history = notified(meeting)
        for person in ["P002", "P001", "P004"] {
            history.record(ParticipantSignedIn(person: person, signedBy: person), at: Sample.time(9, 25))
        }
        return history
    }

    static let decisionD1 = Resolution(
        decision: "D1", item: "1", text: "各科室于3月底前报送支出进度计划", responsible: ["CWK"],
        deadline: CivilDate(year: 2023, month: 3, day: 31)!)

    static func resolved(_ meeting: MeetingScheduled = Sample.scheduled()) -> MeetingHistory {
        var history = started(meeting)
        history.record(MeetingResolved(decisions: [decisionD1]), at: Sample.time(11, 20))
        return history
    }

    static func minutesApproved(_ meeting: MeetingScheduled = Sample.scheduled()) -> MeetingHistory {
        var history = resolved(meeting)
        history.record(MinutesDrafted(drafter: "P004"), at: Sample.time(16, 30))
        history.record(MinutesApproved(approvedBy: "P001"), at: ZonedTime(tuesday, 10, 0))
        return history
    }

    static let archivedAt = ZonedTime(CivilDate(year: 2024, month: 3, day: 15)!, 10, 0)

    /// A 科务会 filed in 2023 (the table's floor for the kind is D10), its retention given.
    static func archived(retention: RetentionClass = .tenYears) -> MeetingHistory {
        var history = minutesApproved(Sample.scheduled(kind: "科务会"))
        history.record(
            MeetingArchived(year: 2023, retention: retention, documents: [FiledDocument(title: "会议纪要", kind: .minutes, digest: Sample.digest)]),
            at: archivedAt)
        return history
    }

    /// A D10 record of 2023 expires on 2034-01-01.
    static let afterExpiry = ZonedTime(CivilDate(year: 2034, month: 3, day: 1)!, 10, 0)
    static let beforeExpiry = ZonedTime(CivilDate(year: 2033, month: 12, day: 31)!, 10, 0)

    static func appraisedForDestruction() -> MeetingHistory {
        var history = archived()
        history.record(RetentionAppraised(outcome: .destroy, appraisers: ["P011", "P012"]), at: afterExpiry)
        return history
    }

    static let destructionAt = ZonedTime(CivilDate(year: 2034, month: 4, day: 8)!, 15, 0)

    static func approvedForDestruction() -> MeetingHistory {
        var history = appraisedForDestruction()
        history.record(DestructionApproved(batch: "XH-2034-01", approvers: ["P001", "P013"]), at: ZonedTime(CivilDate(year: 2034, month: 4, day: 1)!, 10, 0))
        return history
    }
}
