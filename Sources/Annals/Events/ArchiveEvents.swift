// Filing and custody (DOMAIN.md: file, custody, hold).

/// `meeting.archived`: The meeting's documents are filed (归档); afterwards the record is frozen.
///
/// Omitted class elements are filled by `RuleBook.admit` before the event is stored:
/// `category` `WS`, `year` the meeting's year, `retention` the policy's default for the
/// kind, `organization` the organizer, `fonds` the policy's fonds.
public struct MeetingArchived: EventPayload {
    public static let eventType = EventType.meetingArchived
    public static let schemaVersion = 1
    public var eventData: EventData { .meetingArchived(self) }

    /// 全宗号, a letter and three digits, e.g. `Z109`.
    public var fonds: String?
    /// 门类代码, `WS` (文书) by default.
    public var category: String?
    /// 归档年度.
    public var year: Int?
    /// 保管期限.
    public var retention: RetentionClass?
    /// 机构(问题)代码, e.g. `BGS`.
    public var organization: String?
    public var documents: [FiledDocument]

    public init(fonds: String? = nil, category: String? = nil, year: Int? = nil, retention: RetentionClass? = nil, organization: String? = nil, documents: [FiledDocument]) {
        self.fonds = fonds
        self.category = category
        self.year = year
        self.retention = retention
        self.organization = organization
        self.documents = documents
    }

    init(fields f: inout some FieldDecoder) throws {
        fonds = try f.optionalString("fonds")
        category = try f.optionalString("category")
        year = try f.optionalInteger("year")
        retention = try f.optionalSymbol("retention", RetentionClass.self)
        organization = try f.optionalString("organization")
        documents = try f.objects("documents", FiledDocument.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.optionalString("fonds", fonds)
        f.optionalString("category", category)
        f.optionalInteger("year", year)
        f.optionalSymbol("retention", retention)
        f.optionalString("organization", organization)
        f.objects("documents", documents)
    }
}

/// `archive.accessed`: Someone read the record (查阅登记).
public struct ArchiveAccessed: EventPayload {
    public static let eventType = EventType.archiveAccessed
    public static let schemaVersion = 1
    public var eventData: EventData { .archiveAccessed(self) }

    public var reader: String
    public var purpose: String

    public init(reader: String, purpose: String) {
        self.reader = reader
        self.purpose = purpose
    }

    init(fields f: inout some FieldDecoder) throws {
        reader = try f.string("reader")
        purpose = try f.string("purpose")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("reader", reader)
        f.string("purpose", purpose)
    }
}

/// `archive.inspected`: The record was checked (档案维护).
public struct ArchiveInspected: EventPayload {
    public static let eventType = EventType.archiveInspected
    public static let schemaVersion = 1
    public var eventData: EventData { .archiveInspected(self) }

    public var inspector: String
    public var result: String

    public init(inspector: String, result: String) {
        self.inspector = inspector
        self.result = result
    }

    init(fields f: inout some FieldDecoder) throws {
        inspector = try f.string("inspector")
        result = try f.string("result")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("inspector", inspector)
        f.string("result", result)
    }
}

/// `hold.placed`: A hold (冻结) is placed: the record may not be destroyed until released.
public struct HoldPlaced: EventPayload {
    public static let eventType = EventType.holdPlaced
    public static let schemaVersion = 1
    public var eventData: EventData { .holdPlaced(self) }

    public var reason: String
    public var authority: String

    public init(reason: String, authority: String) {
        self.reason = reason
        self.authority = authority
    }

    init(fields f: inout some FieldDecoder) throws {
        reason = try f.string("reason")
        authority = try f.string("authority")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("reason", reason)
        f.string("authority", authority)
    }
}

/// `hold.released`: A hold is released.
public struct HoldReleased: EventPayload {
    public static let eventType = EventType.holdReleased
    public static let schemaVersion = 1
    public var eventData: EventData { .holdReleased(self) }

    public var reason: String
    public var authority: String

    public init(reason: String, authority: String) {
        self.reason = reason
        self.authority = authority
    }

    init(fields f: inout some FieldDecoder) throws {
        reason = try f.string("reason")
        authority = try f.string("authority")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("reason", reason)
        f.string("authority", authority)
    }
}
