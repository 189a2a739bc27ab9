/// 会议纪要: one meeting as its minutes report it (CLI.md, `annals minutes`).
public struct Minutes: Sendable {
    public let state: MeetingState
    /// The scheduled meeting (minutes exist only for a scheduled, undestroyed meeting).
    public let meeting: MeetingScheduled
    public let sheet: SignInSheet
    /// 档号, written in the configured format, once archived.
    public let archiveNumber: String?
    /// Each decision with its follow-up status (judged on `judgedOn`, if given).
    public let decisions: [(decision: MeetingState.Decision, status: FollowUpStatus)]
    /// The day decisions were judged on; nil judges none overdue.
    public let judgedOn: CivilDate?
}

extension ProjectionSet {
    /// The minutes of `stream`; nil if no such meeting was scheduled or its record
    /// was destroyed (see `register[stream]`). Decisions are judged on `date`.
    public func minutes(of stream: String, judgedOn date: CivilDate? = nil) -> Minutes? {
        guard let state = records[stream], let meeting = state.meeting else { return nil }
        return Minutes(
            state: state, meeting: meeting, sheet: state.signInSheet,
            archiveNumber: numbering[stream]?.formatted(numberFormat),
            decisions: state.decisions.map { ($0, $0.followUp(on: date).status) }, judgedOn: date)
    }
}
