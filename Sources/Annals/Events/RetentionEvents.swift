// Appraisal and destruction (DOMAIN.md: appraise, destroy).

/// `retention.appraised`: A retention appraisal (鉴定): keep, extend to a longer class, or destroy.
public struct RetentionAppraised: EventPayload {
    public static let eventType = EventType.retentionAppraised
    public static let schemaVersion = 1
    public var eventData: EventData { .retentionAppraised(self) }

    public var outcome: AppraisalOutcome
    /// The new class (required to extend).
    public var retention: RetentionClass?
    public var appraisers: [String]

    public init(outcome: AppraisalOutcome, retention: RetentionClass? = nil, appraisers: [String]) {
        self.outcome = outcome
        self.retention = retention
        self.appraisers = appraisers
    }

    init(fields f: inout some FieldDecoder) throws {
        outcome = try f.symbol("outcome", AppraisalOutcome.self)
        retention = try f.optionalSymbol("retention", RetentionClass.self)
        appraisers = try f.strings("appraisers")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.symbol("outcome", outcome)
        f.optionalSymbol("retention", retention)
        f.strings("appraisers", appraisers)
    }
}

/// `destruction.approved`: Destruction is approved as part of a batch, by at least two approvers.
public struct DestructionApproved: EventPayload {
    public static let eventType = EventType.destructionApproved
    public static let schemaVersion = 1
    public var eventData: EventData { .destructionApproved(self) }

    /// The destruction batch (销毁批次).
    public var batch: String
    public var approvers: [String]

    public init(batch: String, approvers: [String]) {
        self.batch = batch
        self.approvers = approvers
    }

    init(fields f: inout some FieldDecoder) throws {
        batch = try f.string("batch")
        approvers = try f.strings("approvers")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("batch", batch)
        f.strings("approvers", approvers)
    }
}

/// `archive.destroyed`: The record is destroyed in the presence of at least two witnesses (监销人).
///
/// Schema version 2 added `register`: what the destruction register (销毁清册) keeps
/// of the record, filled by the engine when it appends the event, because the
/// record's content events are shredded afterwards and a later replay can no longer
/// read its title. Version 1 payloads are upcast without it.
public struct ArchiveDestroyed: EventPayload {
    public static let eventType = EventType.archiveDestroyed
    public static let schemaVersion = 3
    public var eventData: EventData { .archiveDestroyed(self) }

    public var batch: String
    public var witnesses: [String]
    /// e.g. 粉碎, 焚毁.
    public var method: String
    public var place: String
    /// The register entry's facts, taken from the record just before its content is shredded.
    public var register: DestructionRecord?

    public init(batch: String, witnesses: [String], method: String, place: String, register: DestructionRecord? = nil) {
        self.batch = batch
        self.witnesses = witnesses
        self.method = method
        self.place = place
        self.register = register
    }

    init(fields f: inout some FieldDecoder) throws {
        batch = try f.string("batch")
        witnesses = try f.strings("witnesses")
        method = try f.string("method")
        place = try f.string("place")
        register = try f.optionalObject("register", DestructionRecord.self)
    }

    func encode(fields f: inout some FieldEncoder) {
        f.string("batch", batch)
        f.strings("witnesses", witnesses)
        f.string("method", method)
        f.string("place", place)
        f.optionalObject("register", register)
    }
}

/// `retention.exception`: An authorized person approves filing this record with a
/// retention below the policy's table (an exception to the floor), with the reason.
/// Recorded before the filing it allows.
public struct RetentionException: EventPayload {
    public static let eventType = EventType.retentionException
    public static let schemaVersion = 1
    public var eventData: EventData { .retentionException(self) }

    /// The class the record may be filed with.
    public var retention: RetentionClass
    public var reason: String
    public var approvedBy: String

    public init(retention: RetentionClass, reason: String, approvedBy: String) {
        self.retention = retention
        self.reason = reason
        self.approvedBy = approvedBy
    }

    init(fields f: inout some FieldDecoder) throws {
        retention = try f.symbol("retention", RetentionClass.self)
        reason = try f.string("reason")
        approvedBy = try f.string("approved_by")
    }

    func encode(fields f: inout some FieldEncoder) {
        f.symbol("retention", retention)
        f.string("reason", reason)
        f.string("approved_by", approvedBy)
    }
}
