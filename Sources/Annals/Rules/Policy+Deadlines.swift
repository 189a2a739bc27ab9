// The deadlines the rules flag and the compliance counts report: one computation
// for both, so a count never disagrees with the flag raised on the way in.

extension Policy {
    /// How far ahead a notice sent at `sentAt` went out for a meeting of `kind`
    /// starting at `startsAt`: the working days in between, the days the kind
    /// requires, and whether that is late (too few days, or sent after the start).
    public func noticeLeadTime(sentAt: ZonedTime, startsAt: ZonedTime, kind: String) -> (days: Int, required: Int, isLate: Bool) {
        let required = noticeLeadDays(for: kind)
        let days = workingDays(after: sentAt.localDate, through: startsAt.localDate)
        return (days, required, days < required || sentAt >= startsAt)
    }

    /// The last day on which the minutes of a meeting ending at `endsAt` are on time.
    public func minutesDue(meetingEndsAt endsAt: ZonedTime) -> CivilDate {
        workingDay(minutesDueDays, after: endsAt.localDate)
    }
}
