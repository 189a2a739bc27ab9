// Records restored after their destruction: an export carries a destroyed record's
// content events as headers and digests only (tombstone lines), and its custody
// events whole. These rules judge such a record by what is left of it.

extension RuleID {
    /// Only content events are destroyed; custody events (filing, access, holds,
    /// appraisal, destruction) are kept whole.
    public static let restoreCustodyDestroyed = RuleID("restore.custody_destroyed")
    /// A record's content is destroyed whole: destroyed and intact content events
    /// never share a record.
    public static let restoreMixedContent = RuleID("restore.mixed_content")
    /// Destroyed content is imported only with the destruction that destroyed it.
    public static let restoreNotDestroyed = RuleID("restore.not_destroyed")
    /// The filing of a record whose content was destroyed gives every class element
    /// (they can no longer be taken from the meeting).
    public static let restoreIncompleteFiling = RuleID("restore.incomplete_filing")
    /// The destruction register names exactly the destroyed content events' digests.
    public static let restoreRegisterMismatch = RuleID("restore.register_mismatch")
}

/// What a record's destroyed content events still say: their headers. For a record
/// carried over from another archive after its destruction (import of an export's
/// tombstone lines), this stands in for the content when the rules judge the custody
/// events that follow it, exactly as the source archive judged them against the
/// content itself: that it was scheduled, cancelled, its minutes approved (the
/// types say so), and the digests of what was destroyed.
///
/// ```swift
/// var content: DestroyedContent? = nil
/// content = try book.admitDestroyed(tombstone, to: state, destroyedContent: content)
/// state.applyDestroyed()
/// let admission = try book.admit(archived, to: state, destroyedContent: content)
/// ```
public struct DestroyedContent: Hashable, Sendable {
    /// The digests of the destroyed events, in log order.
    public private(set) var digests: [Hash256] = []
    /// A `meeting.scheduled` is among them.
    public private(set) var isScheduled = false
    /// A `meeting.cancelled` is among them.
    public private(set) var isCancelled = false
    /// A `minutes.approved` is among them.
    public private(set) var minutesApproved = false

    public init() {}

    /// Counts one more destroyed event of `type`.
    public mutating func record(_ type: EventType, digest: Hash256) {
        digests.append(digest)
        switch type {
        case .meetingScheduled: isScheduled = true
        case .meetingCancelled: isCancelled = true
        case .minutesApproved: minutesApproved = true
        default: break
        }
    }
}

extension RuleBook {
    /// Accepts an event whose content was destroyed before it reached this archive (a
    /// tombstone line of an export), or says which rule it breaks; returns what is
    /// known of the stream's destroyed content with it counted. Apply it to the state
    /// with `MeetingState.applyDestroyed()`.
    ///
    /// It must be a content event (custody events are never destroyed), at a stage
    /// of the record where its type belongs, in a record none of whose content is
    /// intact. Its record's `archive.destroyed` must follow; the importer checks that
    /// (`restore.not_destroyed`), since it lies ahead.
    public func admitDestroyed(
        _ destroyed: DestroyedEvent, to state: MeetingState, destroyedContent: DestroyedContent?
    ) throws(RuleViolation) -> DestroyedContent {
        func violation(_ rule: RuleID, _ message: String) -> RuleViolation {
            RuleViolation(rule: rule, stream: destroyed.stream, field: "destroyed", message: message)
        }
        guard MeetingState.isContent(destroyed.type) else {
            throw violation(
                .restoreCustodyDestroyed,
                "\(destroyed.type) is a custody event, which destruction keeps whole; only content events are exported destroyed.")
        }
        guard !state.isScheduled else {
            throw violation(
                .restoreMixedContent,
                "This record's content is intact, so none of it can be destroyed: destruction shreds a record's content whole.")
        }
        try RuleCheck.stage(destroyed.type, of: state, destroyed: destroyedContent)
        var content = destroyedContent ?? DestroyedContent()
        content.record(destroyed.type, digest: destroyed.digest)
        return content
    }
}

extension RuleCheck {
    /// After destroyed content only custody events come: the content went whole.
    func followsDestroyedContent() throws(RuleViolation) {
        guard !MeetingState.isContent(event.type) else {
            throw violation(
                .restoreMixedContent, "type",
                "This record's content was destroyed (only its events' headers remain), so \(event.type) cannot be added to it: destruction shreds a record's content whole.")
        }
    }

    /// A filing after destroyed content cannot take its defaults from the meeting.
    func filedWithoutContent(_ e: MeetingArchived) throws(RuleViolation) {
        let missing = [("year", e.year == nil), ("retention", e.retention == nil), ("organization", e.organization == nil)]
        if let (field, _) = missing.first(where: \.1) {
            throw violation(
                .restoreIncompleteFiling, "data.\(field)",
                "This record's content was destroyed, so its \(field) cannot be taken from the meeting; the filing must give year, retention and organization (an export always does).")
        }
    }

    /// The register of a restored destruction names the digests of the content events
    /// it destroyed: exactly those this record's destroyed events carry.
    func registerNamesDestroyedContent(_ e: ArchiveDestroyed) throws(RuleViolation) {
        guard let register = e.register, let destroyed else { return }
        guard register.digests == destroyed.digests else {
            let found = register.digests.count == destroyed.digests.count
                ? "other digests than this record's \(destroyed.digests.count) destroyed events carry"
                : "\(register.digests.count) destroyed events, but this record has \(destroyed.digests.count)"
            throw violation(
                .restoreRegisterMismatch, "data.register.digests",
                "The destruction register names \(found); the register and the destroyed events must come from the same export.")
        }
    }
}
