/// Compliance flags as data (`annals flags`): every flag the rule book raised when
/// the log's events were admitted, with the meeting it concerns.
///
/// A flag is not stored: it is a judgement of an event against the state before it,
/// and the rule book makes it again, identically, when the log is replayed through
/// it (`ComplianceFlagReplay`). So the list is exactly what `import` and `append`
/// counted, under the same policy. A destroyed record's content events are
/// shredded, so its flags can no longer be judged again: they are the ones its
/// destruction's register kept (``fromRegister``; `archive.destroyed` v3). Only a
/// destruction recorded before version 3 lost its flags with its content.
public struct RaisedFlag: Hashable, Sendable {
    /// The rule (`notice.late`, `sign_in.late`, `minutes.late`, `notice.never_sent` …).
    public let rule: RuleID
    public let stream: String
    /// When the flagged event happened.
    public let at: ZonedTime
    /// The field at fault, as the JSON spells it.
    public let field: String
    /// What was found, in the clerk's words.
    public let detail: String
    /// The position of the event that raised it.
    public let position: UInt64
    /// The meeting's kind (会议类别), organizing department and date, when known.
    public let kind: String?
    public let department: String?
    public let meetingDate: CivilDate?

    /// Whether the flag is read from a destroyed record's register (its event's
    /// content was shredded), not judged again from the event.
    public var fromRegister = false
    /// Shown to a reader not cleared for the meeting's class: the detail (the
    /// clerk's words about the meeting) reads ``Reader/restrictedMarker`` (受限).
    public var restricted = false

    /// The year a flag is counted in: its meeting's, else the flagged event's.
    public var year: Int { meetingDate?.year ?? at.localDate.year }
}

/// Which flags to list (`annals flags --year --kind --dept --rule`); nil matches all.
public struct FlagFilter: Hashable, Sendable {
    public var year: Int?
    public var kind: String?
    public var department: String?
    public var rule: String?

    public init(year: Int? = nil, kind: String? = nil, department: String? = nil, rule: String? = nil) {
        self.year = year
        self.kind = kind
        self.department = department
        self.rule = rule
    }

    public func matches(_ flag: RaisedFlag) -> Bool {
        (year == nil || flag.year == year) && (kind == nil || flag.kind == kind)
            && (department == nil || flag.department == department) && (rule == nil || flag.rule.name == rule)
    }
}

/// Replays stored events through the rule book, collecting the flags each raised:
/// the same admission `Archive.append` and `import` make, against the same states
/// (a stream's state folded from its events so far, destroyed content counted as
/// the engine counts it).
public struct ComplianceFlagReplay: Sendable {
    public let rules: RuleBook
    public let filter: FlagFilter
    public private(set) var flags: [RaisedFlag] = []
    private var states: [String: MeetingState] = [:]
    private var destroyed: [String: DestroyedContent] = [:]
    /// The flags destroyed records' registers kept, by stream and by the digest of
    /// the event that raised them, with the record's kind.
    private var kept: [String: (kind: String, flags: [Hash256: [RegisterFlag]])] = [:]

    /// `register`: the destruction register, whose entries give the flags of the
    /// records destroyed (listed where their events' records stand in the log).
    public init(rules: RuleBook, filter: FlagFilter = FlagFilter(), register: DestructionRegister = DestructionRegister()) {
        self.rules = rules
        self.filter = filter
        for entry in register.entries {
            guard let record = entry.record, let flags = record.flags, !flags.isEmpty else { continue }
            kept[entry.stream] = (record.kind, Dictionary(grouping: flags, by: \.event))
        }
    }

    public mutating func apply(_ stored: StoredEvent) {
        var state = states.removeValue(forKey: stored.stream) ?? MeetingState(stream: stored.stream)
        defer { states[stored.stream] = state }
        guard let event = stored.event else {
            if let registered = kept[stored.stream]?.flags.removeValue(forKey: stored.digest) {
                for flag in registered {
                    let raised = RaisedFlag(
                        rule: RuleID(flag.rule), stream: stored.stream, at: flag.at, field: flag.field, detail: flag.detail,
                        position: stored.position, kind: kept[stored.stream]?.kind, department: flag.department,
                        meetingDate: flag.meetingDate, fromRegister: true)
                    if filter.matches(raised) { flags.append(raised) }
                }
            }
            state.applyDestroyed()
            destroyed[stored.stream, default: DestroyedContent()].record(stored.type, digest: stored.digest)
            return
        }
        // The log holds only admitted events; one the rules would refuse now (a
        // policy changed since) raises nothing and is folded as it stands.
        if let admission = try? rules.admit(event, to: state, destroyedContent: destroyed[stored.stream]) {
            let meeting = state.meeting ?? {
                if case .meetingScheduled(let scheduled) = event.data { return scheduled }
                return nil
            }()
            for flag in admission.flags {
                let raised = RaisedFlag(
                    rule: flag.rule, stream: flag.stream, at: flag.at, field: flag.field, detail: flag.message,
                    position: stored.position, kind: meeting?.kind, department: meeting?.organizer,
                    meetingDate: meeting?.startsAt.localDate)
                if filter.matches(raised) { flags.append(raised) }
            }
        }
        state.apply(event)
    }
}
