/// The current state of one meeting's stream: the fold of its events.
///
/// `apply` is pure and trusting: it records what each event says without judging
/// it (the `RuleBook` judges before an event is stored). Projections replay the same
/// fold, so it must stay free of I/O, clocks and policy; "as of" a moment is just
/// the fold over the events up to it.
///
/// ```swift
/// var state = MeetingState(stream: "meeting/BGS-2023-007")
/// for event in events { state.apply(event) }
/// state.signIns["P002"]?.isLate
/// ```
public struct MeetingState: Hashable, Sendable {
    public let stream: String
    /// How many events have been applied (the stream's next version).
    public internal(set) var version = 0

    /// The meeting as scheduled, with time and place as last rescheduled.
    public internal(set) var meeting: MeetingScheduled?
    public internal(set) var reschedules: [Reschedule] = []
    public internal(set) var cancellation: Cancellation?

    /// The invited (参会及列席人员), by person id.
    public internal(set) var invited: [String: Participant] = [:]
    public internal(set) var notices: [Notice] = []
    /// Everyone any notice reached.
    public internal(set) var notified: Set<String> = []
    /// When each notified person acknowledged (回执).
    public internal(set) var acknowledged: [String: ZonedTime] = [:]

    /// Leave requests (请假), by the invited person asking.
    public internal(set) var leaves: [String: Leave] = [:]
    /// Sign-ins (签到), by the person who signed (a substitute under their own id).
    public internal(set) var signIns: [String: SignIn] = [:]
    /// Person ids in the order they signed in.
    public internal(set) var signInOrder: [String] = []
    /// Who left early (早退), by person.
    public internal(set) var leftEarly: [String: LeftEarly] = [:]

    /// The agenda (议题), planned items first, then those added in session.
    public internal(set) var agenda: [AgendaItem] = []
    /// Items added in session (临时议题).
    public internal(set) var addedItems: Set<String> = []
    public internal(set) var speeches: [Speech] = []
    public internal(set) var decisions: [Decision] = []
    /// When the meeting first resolved anything.
    public internal(set) var resolvedAt: ZonedTime?

    public internal(set) var minutes = MinutesRecord()

    /// The filing facts, once archived (归档).
    public internal(set) var archive: ArchiveRecord?
    /// The retention class now in force (the filed one, or as appraisal extended it).
    public internal(set) var retention: RetentionClass?
    /// Holds in force (冻结); a held record can never be destroyed.
    public internal(set) var holds: [Hold] = []
    public internal(set) var appraisals: [Appraisal] = []
    public internal(set) var destructionApproval: DestructionApproval?
    public internal(set) var destruction: Destruction?
    public internal(set) var accesses: [Access] = []
    public internal(set) var inspections: [Inspection] = []
    /// Agenda items submitted ahead by departments (报送议题), in order; each also joins `agenda`.
    public internal(set) var submissions: [Submission] = []
    /// The approved exception to the retention table, if any (the latest).
    public internal(set) var retentionException: RetentionExceptionRecord?

    public init(stream: String) {
        self.stream = stream
    }

    public var isScheduled: Bool { meeting != nil }
    public var isCancelled: Bool { cancellation != nil }
    public var isArchived: Bool { archive != nil }
    public var isHeld: Bool { !holds.isEmpty }
    public var isDestroyed: Bool { destruction != nil }
    public var startsAt: ZonedTime? { meeting?.startsAt }
    public var endsAt: ZonedTime? { meeting?.endsAt }
    public var classification: Classification? { meeting?.classification }
    public var lastAppraisal: Appraisal? { appraisals.last }

    /// The decision with id `id`, if resolved.
    public func decision(_ id: String) -> Decision? { decisions.first { $0.id == id } }

    /// The approved leave that names `person` as substitute, if any.
    public func approvedLeave(substitutedBy person: String) -> Leave? {
        leaves.values.first { $0.approvedBy != nil && $0.substitute?.person == person }
    }

    /// This state with `event` applied.
    public func applying(_ event: Event) -> MeetingState {
        var copy = self
        copy.apply(event)
        return copy
    }

    /// Records `event` (of this stream) in the state.
    public mutating func apply(_ event: Event) {
        apply(lent: event)
    }

    /// `apply(_:)` for an event the caller lends: the replay loop's form. Taking it
    /// `borrowing` lets a caller unwrap a stored event and pass it on without copying
    /// it (a copy retains every text it holds).
    mutating func apply(lent event: borrowing Event) {
        version += 1
        let at = event.at
        switch event.data {
        case .meetingScheduled(let e):
            meeting = e
            agenda = e.agenda
            // Room for everyone invited up front: a meeting's sign-ins and receipts
            // then never rehash as they arrive.
            invited.reserveCapacity(e.participants.count)
            signIns.reserveCapacity(e.participants.count)
            signInOrder.reserveCapacity(e.participants.count)
            acknowledged.reserveCapacity(e.participants.count)
            notified.reserveCapacity(e.participants.count)
            for p in e.participants { invited[p.person] = p }
        case .meetingRescheduled(let e):
            applyRescheduled(e, at: at)
        case .meetingCancelled(let e):
            cancellation = Cancellation(at: at, reason: e.reason)
        case .meetingNotified(let e):
            applyNotified(e, at: at)
        case .noticeAcknowledged(let e):
            acknowledged[e.person] = at
        case .leaveRequested(let e):
            leaves[e.person] = Leave(person: e.person, reason: e.reason, substitute: e.substitute, requestedAt: at)
        case .leaveApproved(let e):
            leaves[e.person]?.approvedBy = e.approvedBy
            leaves[e.person]?.approvedAt = at
        case .participantSignedIn(let e):
            applySignedIn(e, at: at)
        case .agendaItemSubmitted(let e):
            agenda.append(e.agendaItem)
            submissions.append(Submission(at: at, item: e.item, department: e.department, approvedBy: e.approvedBy))
        case .minutesReviewed(let e):
            minutes.reviews.append(Review(at: at, reviewer: e.reviewedBy))
        case .retentionException(let e):
            retentionException = RetentionExceptionRecord(at: at, retention: e.retention, reason: e.reason, approvedBy: e.approvedBy)
        case .participantLeftEarly(let e):
            leftEarly[e.person] = LeftEarly(person: e.person, at: at, reason: e.reason)
        case .agendaItemAdded(let e):
            agenda.append(e.agendaItem)
            addedItems.insert(e.item)
        case .minutesRecorded(let e):
            speeches.append(Speech(
                at: at, item: e.item, speaker: e.speaker, summary: e.summary, dissent: e.dissent ?? false,
                isGuest: invited[e.speaker] == nil && approvedLeave(substitutedBy: e.speaker) == nil))
        case .meetingResolved(let e):
            if resolvedAt == nil { resolvedAt = at }
            for r in e.decisions {
                decisions.append(Decision(
                    id: r.decision, item: r.item, text: r.text, responsible: r.responsible, deadline: r.deadline,
                    resolvedAt: at, lead: r.leadDepartment, person: r.person))
            }
        case .decisionExtended(let e):
            if let index = decisions.firstIndex(where: { $0.id == e.decision }) {
                decisions[index].extensions.append(Extension(
                    at: at, from: decisions[index].currentDeadline, deadline: e.deadline, reason: e.reason, approvedBy: e.approvedBy))
            }
        case .decisionClosed(let e):
            if let index = decisions.firstIndex(where: { $0.id == e.decision }) {
                decisions[index].closing = Closing(at: at, closedBy: e.closedBy, note: e.note)
            }
        case .decisionProgress(let e):
            if let index = decisions.firstIndex(where: { $0.id == e.decision }) {
                decisions[index].status = e.status
                decisions[index].progress.append(Progress(at: at, status: e.status, note: e.note))
                if e.status == .done, decisions[index].doneAt == nil { decisions[index].doneAt = at }
            }
        case .minutesDrafted(let e):
            minutes.drafts.append(Draft(at: at, drafter: e.drafter))
        case .minutesApproved(let e):
            minutes.approvedBy = e.approvedBy
            minutes.approvedAt = at
        case .minutesDistributed(let e):
            minutes.distributions.append(Distribution(at: at, recipients: e.recipients))
        case .meetingArchived(let e):
            applyArchived(e, at: at)
            retention = e.retention
        case .archiveAccessed(let e):
            accesses.append(Access(at: at, reader: e.reader, purpose: e.purpose))
        case .archiveInspected(let e):
            inspections.append(Inspection(at: at, inspector: e.inspector, result: e.result))
        case .holdPlaced(let e):
            holds.append(Hold(at: at, reason: e.reason, authority: e.authority))
        case .holdReleased(let e):
            // A release lifts the latest hold of the same authority, else the latest.
            if let index = holds.lastIndex(where: { $0.authority == e.authority }) ?? holds.indices.last {
                holds.remove(at: index)
            }
        case .retentionAppraised(let e):
            appraisals.append(Appraisal(at: at, outcome: e.outcome, retention: e.retention, appraisers: e.appraisers))
            if e.outcome != .destroy, let newClass = e.retention { retention = newClass }
            if e.outcome != .destroy { destructionApproval = nil }
        case .destructionApproved(let e):
            destructionApproval = DestructionApproval(at: at, batch: e.batch, approvers: e.approvers)
        case .archiveDestroyed(let e):
            destruction = Destruction(at: at, batch: e.batch, witnesses: e.witnesses, method: e.method, place: e.place)
            forgetContent()
        case .accountGranted, .accountRevoked:
            // Account streams (`account/ID`) hold no meeting; the rules need only their
            // version, and the accounts are folded by `AccountRegistry`.
            break
        }
    }
}

// The cases that read the optional `meeting`, each in its own function: Swift 6.3's
// release-mode ownership verifier crashed ("Found ownership error") compiling them
// inlined into `apply`'s switch. Keep them out of line until the compiler is fixed.
extension MeetingState {
    @inline(never)
    mutating func applyRescheduled(_ e: MeetingRescheduled, at: ZonedTime) {
        guard var scheduled = meeting else {
            reschedules.append(Reschedule(at: at, from: nil, change: e))
            return
        }
        reschedules.append(Reschedule(at: at, from: scheduled.startsAt, change: e))
        if e.startsAt != scheduled.startsAt {
            // Sign-ins were for the old time; at the new one everyone signs in again
            // (and no one has left early from a meeting that has not taken place).
            signIns = [:]
            signInOrder = []
            leftEarly = [:]
        }
        scheduled.startsAt = e.startsAt
        scheduled.endsAt = e.endsAt
        if let location = e.location { scheduled.location = location }
        meeting = scheduled
    }

    @inline(never)
    mutating func applyNotified(_ e: MeetingNotified, at: ZonedTime) {
        let recipients = e.recipients ?? meeting?.participants.map(\.person) ?? []
        notices.append(Notice(at: at, channels: e.channels, recipients: recipients))
        notified.formUnion(recipients)
    }

    @inline(never)
    mutating func applySignedIn(_ e: ParticipantSignedIn, at: ZonedTime) {
        var late = false
        if let startsAt = meeting?.startsAt { late = at > startsAt }
        let substituteFor = invited[e.person] == nil ? approvedLeave(substitutedBy: e.person)?.person : nil
        signIns[e.person] = SignIn(person: e.person, at: at, signedBy: e.signedBy, substituteFor: substituteFor, isLate: late)
        signInOrder.append(e.person)
    }

    @inline(never)
    mutating func applyArchived(_ e: MeetingArchived, at: ZonedTime) {
        var defaultYear = at.localDate.year
        var defaultOrganization = ""
        if let scheduled = meeting {
            defaultYear = scheduled.startsAt.localDate.year
            defaultOrganization = scheduled.organizer
        }
        archive = ArchiveRecord(
            at: at, fonds: e.fonds ?? "", category: e.category ?? "WS",
            year: e.year ?? defaultYear, retention: e.retention,
            organization: e.organization ?? defaultOrganization, documents: e.documents)
    }
}

// MARK: - The facts the state keeps

extension MeetingState {
    public struct Reschedule: Hashable, Sendable {
        public let at: ZonedTime
        /// The start time before this change.
        public let from: ZonedTime?
        public let change: MeetingRescheduled
    }

    public struct Cancellation: Hashable, Sendable {
        public let at: ZonedTime
        public let reason: String
    }

    public struct Notice: Hashable, Sendable {
        public let at: ZonedTime
        public let channels: [String]
        /// Who this notice reached (all invited when the event named no one).
        public let recipients: [String]
    }

    public struct Leave: Hashable, Sendable {
        public let person: String
        public let reason: String
        public let substitute: Substitute?
        public let requestedAt: ZonedTime
        public internal(set) var approvedBy: String?
        public internal(set) var approvedAt: ZonedTime?
        public var isApproved: Bool { approvedBy != nil }
    }

    public struct SignIn: Hashable, Sendable {
        public let person: String
        public let at: ZonedTime
        public let signedBy: String
        /// The invited person this one stands in for (代会), if a substitute.
        public let substituteFor: String?
        /// Signed after the start (迟到).
        public let isLate: Bool
    }

    public struct LeftEarly: Hashable, Sendable {
        public let person: String
        public let at: ZonedTime
        public let reason: String
    }

    public struct Speech: Hashable, Sendable {
        public let at: ZonedTime
        public let item: String
        public let speaker: String
        public let summary: String
        public let dissent: Bool
        /// The speaker was neither invited nor an approved substitute.
        public let isGuest: Bool
    }

    public struct Decision: Hashable, Sendable {
        public let id: String
        public let item: String
        public let text: String
        public let responsible: [String]
        /// The deadline the meeting set (完成时限); extensions are in `extensions`.
        public let deadline: CivilDate?
        public let resolvedAt: ZonedTime
        /// The lead department (牵头单位), one of `responsible`.
        public let lead: String?
        /// The person answerable (责任人), if named.
        public let person: String?
        public internal(set) var status: DecisionStatus = .inProgress
        public internal(set) var doneAt: ZonedTime?
        public internal(set) var progress: [Progress] = []
        /// The deadline's extensions (延期), oldest first.
        public internal(set) var extensions: [Extension] = []
        /// The closing (销号), once made.
        public internal(set) var closing: Closing?

        init(
            id: String, item: String, text: String, responsible: [String], deadline: CivilDate?, resolvedAt: ZonedTime,
            lead: String? = nil, person: String? = nil
        ) {
            self.id = id
            self.item = item
            self.text = text
            self.responsible = responsible
            self.deadline = deadline
            self.resolvedAt = resolvedAt
            self.lead = lead ?? responsible.first
            self.person = person
        }

        /// The supporting departments (配合): every responsible department but the lead.
        public var supporting: [String] { responsible.filter { $0 != lead } }

        /// The deadline in force now: the last extension's, else the meeting's.
        public var currentDeadline: CivilDate? { extensions.last?.deadline ?? deadline }

        /// The deadline in force on `date` (extensions approved by then); with no date, the current one.
        public func deadline(on date: CivilDate?) -> CivilDate? {
            guard let date else { return currentDeadline }
            return extensions.last { $0.at.localDate <= date }?.deadline ?? deadline
        }

        /// Past its deadline in force on `date` and not done (督办: overdue).
        public func isOverdue(on date: CivilDate) -> Bool {
            guard status != .done, let deadline = deadline(on: date) else { return false }
            return date > deadline
        }
    }

    /// One extension of a decision's deadline (延期): from the deadline then in force to a later one.
    public struct Extension: Hashable, Sendable {
        public let at: ZonedTime
        public let from: CivilDate?
        public let deadline: CivilDate
        public let reason: String
        public let approvedBy: String
    }

    /// The closing of a decision (销号).
    public struct Closing: Hashable, Sendable {
        public let at: ZonedTime
        public let closedBy: String
        public let note: String?
    }

    public struct Progress: Hashable, Sendable {
        public let at: ZonedTime
        public let status: DecisionStatus
        public let note: String?
    }

    public struct Review: Hashable, Sendable {
        public let at: ZonedTime
        public let reviewer: String
    }

    public struct Submission: Hashable, Sendable {
        public let at: ZonedTime
        public let item: String
        public let department: String
        public let approvedBy: String
    }

    public struct RetentionExceptionRecord: Hashable, Sendable {
        public let at: ZonedTime
        public let retention: RetentionClass
        public let reason: String
        public let approvedBy: String
    }

    public struct Draft: Hashable, Sendable {
        public let at: ZonedTime
        public let drafter: String
    }

    public struct Distribution: Hashable, Sendable {
        public let at: ZonedTime
        public let recipients: [String]
    }

    /// The minutes' progress (会议纪要).
    public struct MinutesRecord: Hashable, Sendable {
        public internal(set) var drafts: [Draft] = []
        /// Reviews (审核) before approval.
        public internal(set) var reviews: [Review] = []
        public internal(set) var approvedBy: String?
        public internal(set) var approvedAt: ZonedTime?
        public internal(set) var distributions: [Distribution] = []
        public var isDrafted: Bool { !drafts.isEmpty }
        public var isApproved: Bool { approvedBy != nil }
    }

    /// The filing facts (归档), with omitted class elements filled as the rule book would.
    public struct ArchiveRecord: Hashable, Sendable {
        public let at: ZonedTime
        public let fonds: String
        public let category: String
        public let year: Int
        /// As filed; nil only for events stored without the rule book.
        public let retention: RetentionClass?
        public let organization: String
        public let documents: [FiledDocument]
    }

    public struct Hold: Hashable, Sendable {
        public let at: ZonedTime
        public let reason: String
        public let authority: String
    }

    public struct Appraisal: Hashable, Sendable {
        public let at: ZonedTime
        public let outcome: AppraisalOutcome
        public let retention: RetentionClass?
        public let appraisers: [String]
    }

    public struct DestructionApproval: Hashable, Sendable {
        public let at: ZonedTime
        public let batch: String
        public let approvers: [String]
    }

    public struct Destruction: Hashable, Sendable {
        public let at: ZonedTime
        public let batch: String
        public let witnesses: [String]
        public let method: String
        public let place: String
    }

    public struct Access: Hashable, Sendable {
        public let at: ZonedTime
        public let reader: String
        public let purpose: String
    }

    public struct Inspection: Hashable, Sendable {
        public let at: ZonedTime
        public let inspector: String
        public let result: String
    }
}
