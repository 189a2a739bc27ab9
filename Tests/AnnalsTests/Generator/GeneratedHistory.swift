import Annals
import Testing

/// A generated history replayed through the rule book, as `annals import` would:
/// every event admitted against its stream's state, then applied.
struct GeneratedHistory {
    let events: [Event]
    let book: RuleBook
    private(set) var states: [String: MeetingState] = [:]
    private(set) var violations: [(Event, RuleViolation)] = []
    private(set) var flags: [ComplianceFlag] = []

    init(_ options: GeneratorOptions) {
        let generator = AgencyGenerator(options)
        let present = ZonedTime(CivilDate(year: options.lastYear + 1, month: 1, day: 1)!, 9, 0).microseconds
        book = RuleBook(policy: generator.policy, clock: { present })
        events = Array(generator)
        for event in events {
            var state = states.removeValue(forKey: event.stream) ?? MeetingState(stream: event.stream)
            do {
                let admission = try book.admit(event, to: state)
                flags += admission.flags
                state.apply(admission.event)
            } catch {
                violations.append((event, error))
                state.apply(event)
            }
            states[event.stream] = state
        }
    }

    /// Two years of meetings (2023-2024), the records office's filing of them in 2025.
    static let twoYears = GeneratedHistory(GeneratorOptions(years: 2, seed: 42, startYear: 2023, custodyYears: 1))

    /// One year of meetings (2015), then eleven years of custody: the 2015 section
    /// meetings (D10) expire at the end of 2025 and are destroyed in 2026.
    static let toDestruction = GeneratedHistory(GeneratorOptions(years: 1, seed: 7, startYear: 2015, custodyYears: 11, eventsPerYear: 20_000))

    func count(_ type: EventType) -> Int { events.reduce(0) { $0 + ($1.type == type ? 1 : 0) } }

    func flagged(_ rule: RuleID) -> [ComplianceFlag] { flags.filter { $0.rule == rule } }

    /// The scheduled meetings of `kind`, as planned.
    func scheduled(_ kind: String) -> [MeetingScheduled] {
        events.compactMap { event -> MeetingScheduled? in
            guard case .meetingScheduled(let m) = event.data, m.kind == kind else { return nil }
            return m
        }
    }
}
