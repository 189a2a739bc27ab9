extension Archive {
    /// The yearly retention review of `year`, reproducible: the log replayed as of
    /// 1 January of `year` (+08:00) says what was due, the log as it is now says what
    /// became of each entry (see ``RetentionReview``).
    package func retentionReview(year: Int) throws -> RetentionReview {
        let now = try projections()
        guard let first = CivilDate(year: year, month: 1, day: 1) else { throw ArchiveError("\(year) is not a year from 1 to 9999") }
        let midnight = ZonedTime(first, 0, 0)
        let then = try projections(asOf: .time(ZonedTime(microseconds: midnight.microseconds - 1, offsetMinutes: midnight.offsetMinutes)))
        return then.retentionReview(year: year, outcomes: now)
    }
}
