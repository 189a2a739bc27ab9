// The deadlines the rules flag and the compliance counts report: one computation
// for both, so a count never disagrees with the flag raised on the way in.

extension Policy {
    /// How far ahead a notice sent at `sentAt` went out for a meeting of `kind`
    /// starting at `startsAt`: the working days in between, the days the kind
    /// requires, and whether that is late (too few days, or sent after the start).
    public func noticeLeadTime(sentAt: ZonedTime, startsAt: ZonedTime, kind: String) -> (days: Int, required: Int, isLate: Bool) {
        let required = noticeLeadDays(for: kind)
        let days = workingDays(after: date(of: sentAt), through: date(of: startsAt))
        return (days, required, days < required || sentAt >= startsAt)
    }

    /// The last day on which the minutes of a meeting ending at `endsAt` are on time.
    public func minutesDue(meetingEndsAt endsAt: ZonedTime) -> CivilDate {
        workingDay(minutesDueDays, after: date(of: endsAt))
    }

    /// The last day on which an agenda item (议题) for a meeting starting at `startsAt`
    /// is submitted on time: `agendaSubmissionDays` working days before the meeting's day.
    public func agendaDue(meetingStartsAt startsAt: ZonedTime) -> CivilDate {
        var day = date(of: startsAt)
        var left = agendaSubmissionDays
        while left > 0 {
            day = day.adding(days: -1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Whether an agenda item submitted at `submittedAt` is late for a meeting starting at `startsAt`.
    public func isAgendaSubmissionLate(submittedAt: ZonedTime, startsAt: ZonedTime) -> Bool {
        date(of: submittedAt) > agendaDue(meetingStartsAt: startsAt)
    }

    /// Whether a leave request made at `requestedAt` came after the start (not 事前请假).
    public func isLeaveAfterStart(requestedAt: ZonedTime, startsAt: ZonedTime) -> Bool { requestedAt > startsAt }
}
