// What destruction (销毁) does to the fold: the content goes, the custody stays.

extension MeetingState {
    /// Event types that are the record's custody rather than its content: they
    /// survive destruction (the log keeps their payloads; the register and the
    /// catalogue need them). Every other type is content and is shredded with
    /// the record.
    public static let custodyTypes: Set<EventType> = Set(EventType.allCases.filter { !isContent($0) })

    /// Whether events of `type` are content, shredded when the record is destroyed.
    @inline(__always) public static func isContent(_ type: EventType) -> Bool {
        switch type {
        case .meetingArchived, .archiveAccessed, .archiveInspected, .holdPlaced, .holdReleased, .retentionAppraised,
            .destructionApproved, .archiveDestroyed, .retentionException:
            false
        case .accountGranted, .accountRevoked:
            false  // an account's stream is no record: never destroyed, nothing to shred
        default:
            true
        }
    }

    /// Counts an event whose content was destroyed (the log kept only its header), so
    /// that `version` stays the stream's version whether or not the payloads are there.
    public mutating func applyDestroyed() {
        version += 1
    }

    /// Drops everything the content events said, keeping the filing and custody facts.
    ///
    /// Called when `archive.destroyed` is applied: the state then equals the fold of
    /// the same stream after its content events were shredded (they replay as
    /// `applyDestroyed()`), so live, rebuilt and checkpointed states agree, and no
    /// projection or checkpoint keeps what was destroyed.
    mutating func forgetContent() {
        meeting = nil
        reschedules = []
        cancellation = nil
        invited = [:]
        notices = []
        notified = []
        acknowledged = [:]
        leaves = [:]
        signIns = [:]
        signInOrder = []
        leftEarly = [:]
        agenda = []
        addedItems = []
        speeches = []
        decisions = []
        resolvedAt = nil
        minutes = MinutesRecord()
        submissions = []
    }
}
