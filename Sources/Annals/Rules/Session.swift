// In session: items added on the spot and what was said (DOMAIN.md: in session).

extension RuleID {
    /// Agenda item ids are unique within a meeting.
    public static let agendaDuplicateItem = RuleID("agenda.duplicate_item")
    /// A speech is about an item on the agenda.
    public static let speechUnknownItem = RuleID("speech.unknown_item")
    public static let speechBeforeStart = RuleID("speech.before_start")
}

extension RuleCheck {
    func itemAdded(_ e: AgendaItemAdded) throws(RuleViolation) {
        if state.agenda.contains(where: { $0.item == e.item }) {
            throw violation(.agendaDuplicateItem, "data.item", "The agenda already has an item \(e.item); give the new item (临时议题) its own number.")
        }
    }

    func recorded(_ e: MinutesRecorded) throws(RuleViolation) {
        guard state.agenda.contains(where: { $0.item == e.item }) else {
            throw violation(.speechUnknownItem, "data.item", "There is no agenda item \(e.item); add it with agenda.item_added first.")
        }
        guard at >= meeting.startsAt else {
            throw violation(.speechBeforeStart, "at", "The meeting starts at \(meeting.startsAt); nothing was said in session before then.")
        }
    }
}
