// A stream's chronology (DOMAIN.md; issue 11): nothing dated beyond the policy's
// margin into the future, and each stage after the one it follows. The stage
// rules themselves live with their stage (minutes after the meeting in
// Minutes.swift, filing after the meeting in Filing.swift, follow-up after the
// meeting in Decisions.swift); this file holds what applies to every event.

extension RuleID {
    /// No event is dated beyond the policy's margin (default one day) into the future.
    public static let chronologyFuture = RuleID("chronology.future")
}

extension RuleCheck {
    /// The event's time is not beyond the margin past `now` (microseconds since 1970).
    func notInFuture(now: Int64) throws(RuleViolation) {
        let (sum, overflow) = now.addingReportingOverflow(Int64(policy.futureMarginMinutes) * 60_000_000)
        let limit = overflow ? Int64.max : sum
        guard at.microseconds <= limit else {
            let present = ZonedTime(microseconds: now, offsetMinutes: policy.timeZoneMinutes)
            throw violation(
                .chronologyFuture, "at",
                "The event is dated \(at), beyond the present (\(present)) by more than the policy's margin of \(policy.futureMarginMinutes) minutes; record things once they have happened.")
        }
    }

    /// The event is not dated before the meeting started (`what` names the stage).
    func notBeforeMeeting(_ rule: RuleID, _ what: String) throws(RuleViolation) {
        guard at >= meeting.startsAt else {
            throw violation(rule, "at", "The meeting starts at \(meeting.startsAt); \(what) cannot be dated before then (\(at)).")
        }
    }
}
