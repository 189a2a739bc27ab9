// The small shapes that several events share (EVENTS.md, "Shared shapes").

/// Whether an invited person takes part as a member or attends without a vote (列席).
public enum ParticipantRole: UInt8, Sendable, Hashable, CaseIterable, WireSymbol {
    case member = 0
    /// 列席
    case observer = 1

    public var wireName: String { self == .member ? "member" : "observer" }
}

/// An invited person (参会人员): who they are and in what capacity they attend.
public struct Participant: Hashable, Sendable, FieldCodable {
    static var listsRecur: Bool { true }

    /// The person id, e.g. `P001`.
    public var person: String
    public var name: String
    /// The unit (单位) they belong to.
    public var unit: String
    /// Their post (职务).
    public var position: String
    public var role: ParticipantRole

    public init(person: String, name: String, unit: String, position: String, role: ParticipantRole = .member) {
        self.person = person
        self.name = name
        self.unit = unit
        self.position = position
        self.role = role
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
        name = try f.string("name")
        unit = try f.string("unit")
        position = try f.string("position")
        role = try f.symbol("role", ParticipantRole.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
        f.string("name", name)
        f.string("unit", unit)
        f.string("position", position)
        f.symbol("role", role)
    }
}

/// A person sent in place of an invited one who is on leave (代会).
public struct Substitute: Hashable, Sendable, FieldCodable {
    public var person: String
    public var name: String
    public var unit: String
    public var position: String

    public init(person: String, name: String, unit: String, position: String) {
        self.person = person
        self.name = name
        self.unit = unit
        self.position = position
    }

    init(fields f: inout some FieldDecoder) throws {
        person = try f.string("person")
        name = try f.string("name")
        unit = try f.string("unit")
        position = try f.string("position")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("person", person)
        f.string("name", name)
        f.string("unit", unit)
        f.string("position", position)
    }
}

/// An agenda item (议题), planned or added in session (临时议题).
public struct AgendaItem: Hashable, Sendable, FieldCodable {
    static var listsRecur: Bool { true }

    /// The item id within its meeting, e.g. `1` or `A3`.
    public var item: String
    public var title: String
    /// The presenting department code, if any.
    public var presenter: String?

    public init(item: String, title: String, presenter: String? = nil) {
        self.item = item
        self.title = title
        self.presenter = presenter
    }

    init(fields f: inout some FieldDecoder) throws {
        item = try f.string("item")
        title = try f.string("title")
        presenter = try f.optionalString("presenter")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("item", item)
        f.string("title", title)
        f.optionalString("presenter", presenter)
    }
}

/// One decision (决议事项) of a `meeting.resolved` event.
///
/// `responsible` and `deadline` are read as given (possibly empty or absent) so that
/// the rules, not the codec, explain what is missing (决议事项、责任部门、完成时限).
public struct Resolution: Hashable, Sendable, FieldCodable {
    /// The decision id, unique within the meeting, e.g. `D1`.
    public var decision: String
    /// The agenda item it settles.
    public var item: String
    public var text: String
    /// Responsible department codes (责任部门): the lead (牵头) and the supporting (配合).
    public var responsible: [String]
    /// The completion deadline (完成时限).
    public var deadline: CivilDate?
    /// The lead department (牵头单位), one of `responsible`; absent: the first listed
    /// (schema version 1 named no lead, and its first department led).
    public var lead: String?
    /// The person answerable for it (责任人), if the meeting named one.
    public var person: String?

    public init(
        decision: String, item: String, text: String, responsible: [String], deadline: CivilDate?, lead: String? = nil,
        person: String? = nil
    ) {
        self.decision = decision
        self.item = item
        self.text = text
        self.responsible = responsible
        self.deadline = deadline
        self.lead = lead
        self.person = person
    }

    /// The lead department (牵头): the one named, else the first responsible.
    public var leadDepartment: String? { lead ?? responsible.first }
    /// The supporting departments (配合): every responsible department but the lead.
    public var supportingDepartments: [String] {
        guard let lead = leadDepartment else { return [] }
        var rest = responsible
        if let index = rest.firstIndex(of: lead) { rest.remove(at: index) }
        return rest
    }

    init(fields f: inout some FieldDecoder) throws {
        decision = try f.string("decision")
        item = try f.string("item")
        text = try f.string("text")
        responsible = try f.strings("responsible")
        deadline = try f.optionalDate("deadline")
        lead = try f.optionalString("lead")
        person = try f.optionalString("person")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("decision", decision)
        f.string("item", item)
        f.string("text", text)
        f.strings("responsible", responsible)
        f.optionalDate("deadline", deadline)
        f.optionalString("lead", lead)
        f.optionalString("person", person)
    }
}

/// The kind of a document filed with a meeting.
public enum DocumentKind: UInt8, Sendable, Hashable, CaseIterable, WireSymbol {
    /// 会议通知
    case notice = 0
    /// 议程
    case agenda = 1
    /// 签到表
    case signInSheet = 2
    /// 会议材料
    case materials = 3
    /// 会议纪要
    case minutes = 4
    /// 决议
    case decisions = 5
    /// 录音录像
    case recording = 6
    case other = 7

    public var wireName: String {
        switch self {
        case .notice: "notice"
        case .agenda: "agenda"
        case .signInSheet: "sign_in_sheet"
        case .materials: "materials"
        case .minutes: "minutes"
        case .decisions: "decisions"
        case .recording: "recording"
        case .other: "other"
        }
    }
}

/// A document filed when a meeting is archived, with the digest of its content.
public struct FiledDocument: Hashable, Sendable, FieldCodable {
    public var title: String
    public var kind: DocumentKind
    /// SHA-256 of the document's content, 64 hex digits in JSON.
    public var digest: Hash256?

    public init(title: String, kind: DocumentKind, digest: Hash256? = nil) {
        self.title = title
        self.kind = kind
        self.digest = digest
    }

    init(fields f: inout some FieldDecoder) throws {
        title = try f.string("title")
        kind = try f.symbol("kind", DocumentKind.self)
        digest = try f.optionalDigest("digest")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("title", title)
        f.symbol("kind", kind)
        f.optionalDigest("digest", digest)
    }
}

/// Where a decision stands in follow-up (督办).
public enum DecisionStatus: UInt8, Sendable, Hashable, CaseIterable, WireSymbol {
    case inProgress = 0
    case done = 1

    public var wireName: String { self == .inProgress ? "in_progress" : "done" }
}

/// The outcome of a retention appraisal (鉴定).
public enum AppraisalOutcome: UInt8, Sendable, Hashable, CaseIterable, WireSymbol {
    /// Keep under the current (or a given) class.
    case keep = 0
    /// Extend to a longer class.
    case extend = 1
    /// Destroy (needs approval and witnesses).
    case destroy = 2

    public var wireName: String {
        switch self {
        case .keep: "keep"
        case .extend: "extend"
        case .destroy: "destroy"
        }
    }
}
