/// What the destruction register (销毁清册) keeps of a destroyed record, carried in
/// its `archive.destroyed` event (`register`).
///
/// The engine fills it when it appends the destruction, from the projections as they
/// stand (`ProjectionSet.registerSnapshot(for:destroyedAt:)`): right after, the
/// record's content events are shredded, so a later replay could not read the title
/// or count the documents any more. The register is permanent; this is how it
/// outlives the content it describes.
public struct DestructionRecord: Hashable, Sendable, FieldCodable {
    /// 档号, as the catalogue wrote it (`Z109-WS·2013-D10-KWH-0002`).
    public var archiveNumber: String
    /// 题名: the meeting's title.
    public var title: String
    /// 会议类别.
    public var kind: String
    /// 年度: the archive year.
    public var year: Int
    /// 应保管期限: the class the record was kept under when destroyed.
    public var retention: RetentionClass
    /// 已保管期限: whole years kept, from the start of counting to the destruction.
    public var keptYears: Int
    /// 页数: the number of documents filed.
    public var documents: Int
    /// 批准人: who approved the destruction.
    public var approvedBy: [String]
    /// 销毁原因.
    public var reason: String
    /// The salted digests (as the log keeps them) of the content events shredded
    /// with the record, in log order: proof of what was destroyed, without it.
    public var digests: [Hash256]
    /// 密级: the record's classification when it was destroyed (schema version 3).
    /// Nil for a destruction recorded before the register kept it (versions 1 and 2):
    /// then nothing says it was less than 秘密, and every view treats it as 秘密
    /// (``Reader/mayRead(_:)``).
    public var classification: Classification?
    /// The compliance flags the record's events raised, in log order (schema version
    /// 3): they outlive the content that raised them, as the register does, so that
    /// `annals flags` still lists what import and append counted. Nil for a
    /// destruction recorded before the register kept them.
    public var flags: [RegisterFlag]?

    public init(
        archiveNumber: String, title: String, kind: String, year: Int, retention: RetentionClass, keptYears: Int,
        documents: Int, approvedBy: [String], reason: String, digests: [Hash256], classification: Classification? = nil,
        flags: [RegisterFlag]? = nil
    ) {
        self.archiveNumber = archiveNumber
        self.title = title
        self.kind = kind
        self.year = year
        self.retention = retention
        self.keptYears = keptYears
        self.documents = documents
        self.approvedBy = approvedBy
        self.reason = reason
        self.digests = digests
        self.classification = classification
        self.flags = flags
    }

    init(fields f: inout some FieldDecoder) throws {
        archiveNumber = try f.string("archive_number")
        title = try f.string("title")
        kind = try f.string("kind")
        year = try Self.required(f.optionalInteger("year"), "year")
        retention = try f.symbol("retention", RetentionClass.self)
        keptYears = try Self.required(f.optionalInteger("kept_years"), "kept_years")
        documents = try Self.required(f.optionalInteger("documents"), "documents")
        approvedBy = try f.strings("approved_by")
        reason = try f.string("reason")
        digests = try f.digests("digests")
        classification = try f.optionalSymbol("classification", Classification.self)
        flags = try f.optionalObjects("flags", RegisterFlag.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("archive_number", archiveNumber)
        f.string("title", title)
        f.string("kind", kind)
        f.optionalInteger("year", year)
        f.symbol("retention", retention)
        f.optionalInteger("kept_years", keptYears)
        f.optionalInteger("documents", documents)
        f.strings("approved_by", approvedBy)
        f.string("reason", reason)
        f.digests("digests", digests)
        f.optionalSymbol("classification", classification)
        f.optionalObjects("flags", flags)
    }

    private static func required(_ value: Int?, _ key: String) throws(EventDecodingError) -> Int {
        guard let value else { throw EventDecodingError(.missingField, path: key, "missing required field \"\(key)\"") }
        return value
    }
}

/// A compliance flag kept by the destruction register: what `annals flags` lists
/// for a record whose content was destroyed (``RaisedFlag/fromRegister``).
///
/// Only what the flag said is kept: the rule, the field, the clerk's words, the
/// time of the event that raised it, the meeting's department and date, and that
/// event's salted digest (one of the record's `digests`), which places the flag at
/// the event's record in the log.
/// The words are the flag's own detail, shown as `annals flags` showed it; a view
/// shows them only to a reader cleared for the record's class.
public struct RegisterFlag: Hashable, Sendable, FieldCodable {
    /// The rule's code (`notice.late`, `sign_in.late` …).
    public var rule: String
    /// The field at fault, as the JSON spells it.
    public var field: String
    /// What was found, in the clerk's words.
    public var detail: String
    /// When the flagged event happened.
    public var at: ZonedTime
    /// The salted digest of the event that raised it.
    public var event: Hash256
    /// The meeting's organizing department and date, as the flag listed them
    /// (`annals flags --dept`, `--year`).
    public var department: String?
    public var meetingDate: CivilDate?

    public init(
        rule: String, field: String, detail: String, at: ZonedTime, event: Hash256, department: String? = nil,
        meetingDate: CivilDate? = nil
    ) {
        self.rule = rule
        self.field = field
        self.detail = detail
        self.at = at
        self.event = event
        self.department = department
        self.meetingDate = meetingDate
    }

    init(fields f: inout some FieldDecoder) throws {
        rule = try f.string("rule")
        field = try f.string("field")
        detail = try f.string("detail")
        at = try f.time("at")
        guard let event = try f.optionalDigest("event") else {
            throw EventDecodingError(.missingField, path: "event", "missing required field \"event\"")
        }
        self.event = event
        department = try f.optionalString("department")
        meetingDate = try f.optionalDate("meeting_date")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("rule", rule)
        f.string("field", field)
        f.string("detail", detail)
        f.time("at", at)
        f.optionalDigest("event", event)
        f.optionalString("department", department)
        f.optionalDate("meeting_date", meetingDate)
    }
}
