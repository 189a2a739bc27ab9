internal import Synchronization

extension Archive {
    /// The yearly retention review of `year`, reproducible: the log replayed as of
    /// 1 January of `year` (+08:00) says what was due, the log as it is now says what
    /// became of each entry (see ``RetentionReview``).
    ///
    /// The replay as of 1 January costs a pass over the log, so the review is kept
    /// per year for as long as the log stays at the same position (every
    /// `GET /api/v1/retention` asks again); any append moves the position and the
    /// next review is made afresh.
    package func retentionReview(year: Int) throws -> RetentionReview {
        let now = try projections()
        guard let first = CivilDate(year: year, month: 1, day: 1) else { throw ArchiveError("\(year) is not a year from 1 to 9999") }
        if let kept = reviews.withLock({ $0.review(year: year, at: now.position) }) { return kept }
        let midnight = ZonedTime(first, 0, 0)
        let then = try projections(asOf: .time(ZonedTime(microseconds: midnight.microseconds - 1, offsetMinutes: midnight.offsetMinutes)))
        let review = then.retentionReview(year: year, outcomes: now)
        reviews.withLock { $0.keep(review, year: year, at: now.position) }
        return review
    }
}

/// The retention reviews made at one log position, by year: a review depends only on
/// the log (and the archive's policy, fixed while it is open), so one made at the
/// position the log is still at is the review again.
struct ReviewCache: Sendable {
    private var position: UInt64?
    private var byYear: [Int: RetentionReview] = [:]

    func review(year: Int, at position: UInt64?) -> RetentionReview? {
        position == self.position ? byYear[year] : nil
    }

    mutating func keep(_ review: RetentionReview, year: Int, at position: UInt64?) {
        if position != self.position {
            self.position = position
            byYear.removeAll()
        }
        byYear[year] = review
    }
}
