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

    public init(
        archiveNumber: String, title: String, kind: String, year: Int, retention: RetentionClass, keptYears: Int,
        documents: Int, approvedBy: [String], reason: String, digests: [Hash256]
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
    }

    private static func required(_ value: Int?, _ key: String) throws(EventDecodingError) -> Int {
        guard let value else { throw EventDecodingError(.missingField, path: key, "missing required field \"\(key)\"") }
        return value
    }
}
