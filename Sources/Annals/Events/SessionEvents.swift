// What happens in session: ad hoc items and what was said (DOMAIN.md: in session).

/// `agenda.item_added`: An item is added in session (临时议题).
public struct AgendaItemAdded: EventPayload {
    public static let eventType = EventType.agendaItemAdded
    public static let schemaVersion = 1
    public var eventData: EventData { .agendaItemAdded(self) }

    public var item: String
    public var title: String
    /// Presenting department code.
    public var presenter: String?

    public init(item: String, title: String, presenter: String? = nil) {
        self.item = item
        self.title = title
        self.presenter = presenter
    }

    /// The added item as the agenda holds it.
    public var agendaItem: AgendaItem { AgendaItem(item: item, title: title, presenter: presenter) }

    // The same fields as an agenda item, coded by `AgendaItem` (one place decides them).
    init(fields f: inout some FieldDecoder) throws {
        let added = try AgendaItem(fields: &f)
        self.init(item: added.item, title: added.title, presenter: added.presenter)
    }

    func encode(fields f: inout some FieldEncoder) {
        agendaItem.encode(fields: &f)
    }
}

/// `minutes.recorded`: The recorder notes what a speaker said on an item (发言要点).
public struct MinutesRecorded: EventPayload {
    public static let eventType = EventType.minutesRecorded
    public static let schemaVersion = 1
    public var eventData: EventData { .minutesRecorded(self) }

    public var item: String
    /// Person id; need not be invited (a guest).
    public var speaker: String
    public var summary: String
    /// True if the speaker dissented (不同意见).
    public var dissent: Bool?

    public init(item: String, speaker: String, summary: String, dissent: Bool? = nil) {
        self.item = item
        self.speaker = speaker
        self.summary = summary
        self.dissent = dissent
    }

    init(fields f: inout some FieldDecoder) throws {
        item = try f.string("item")
        speaker = try f.string("speaker")
        summary = try f.string("summary")
        dissent = try f.optionalBool("dissent")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("item", item)
        f.string("speaker", speaker)
        f.string("summary", summary)
        f.optionalBool("dissent", dissent)
    }
}

/// `agenda.item_submitted`: A department submits an agenda item (议题) ahead of the
/// meeting, approved by its head; it joins the agenda. Due by the policy's deadline
/// (two working days before the meeting by default); a later one is flagged.
public struct AgendaItemSubmitted: EventPayload {
    public static let eventType = EventType.agendaItemSubmitted
    public static let schemaVersion = 1
    public var eventData: EventData { .agendaItemSubmitted(self) }

    public var item: String
    public var title: String
    /// The submitting department's code (the item's presenter).
    public var department: String
    /// The department's head, who approved the submission.
    public var approvedBy: String

    public init(item: String, title: String, department: String, approvedBy: String) {
        self.item = item
        self.title = title
        self.department = department
        self.approvedBy = approvedBy
    }

    /// The submitted item as the agenda holds it.
    public var agendaItem: AgendaItem { AgendaItem(item: item, title: title, presenter: department) }

    init(fields f: inout some FieldDecoder) throws {
        item = try f.string("item")
        title = try f.string("title")
        department = try f.string("department")
        approvedBy = try f.string("approved_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("item", item)
        f.string("title", title)
        f.string("department", department)
        f.string("approved_by", approvedBy)
    }
}
