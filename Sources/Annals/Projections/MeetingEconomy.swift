/// 精简会议: the figures the seeds ask offices to keep to hold meetings down (fewer,
/// smaller, shorter): per organizing department and per year, the meetings held,
/// their average size (people invited) and average length, in a date range.
public struct MeetingEconomy: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        /// The department code, or the year (`2024`).
        public let key: String
        public let meetings: Int
        /// People invited, on average (members and observers).
        public let averageSize: Double
        /// Scheduled length in minutes, on average.
        public let averageMinutes: Double
        /// Of them, ad hoc (临时会议, not in the yearly plan).
        public let adHoc: Int
        /// The totals the averages come from: people invited, scheduled minutes.
        public let invited: Int
        public let minutes: Int
    }

    public let from: CivilDate?
    public let to: CivilDate?
    public let byDepartment: [Row]
    public let byYear: [Row]
}

extension ProjectionSet {
    /// The meetings held (scheduled, not cancelled) from `from` through `to` (their
    /// start dates; either bound may be open).
    public func meetingEconomy(from: CivilDate? = nil, to: CivilDate? = nil) -> MeetingEconomy {
        var byDept: [String: (n: Int, size: Int, minutes: Int64, adHoc: Int)] = [:]
        var byYear: [String: (n: Int, size: Int, minutes: Int64, adHoc: Int)] = [:]
        for state in records.states {
            guard let meeting = state.meeting, !state.isCancelled else { continue }
            let day = meeting.startsAt.localDate
            if let from, day < from { continue }
            if let to, day > to { continue }
            let minutes = (meeting.endsAt.microseconds - meeting.startsAt.microseconds) / 60_000_000
            for (key, table) in [(meeting.organizer, 0), (String(day.year), 1)] {
                var c = (table == 0 ? byDept[key] : byYear[key]) ?? (0, 0, 0, 0)
                c.n += 1
                c.size += meeting.participants.count
                c.minutes += minutes
                if !meeting.planned { c.adHoc += 1 }
                if table == 0 { byDept[key] = c } else { byYear[key] = c }
            }
        }
        func rows(_ table: [String: (n: Int, size: Int, minutes: Int64, adHoc: Int)]) -> [MeetingEconomy.Row] {
            table.keys.sorted().map { key in
                let c = table[key]!
                return MeetingEconomy.Row(
                    key: key, meetings: c.n, averageSize: Double(c.size) / Double(c.n), averageMinutes: Double(c.minutes) / Double(c.n),
                    adHoc: c.adHoc, invited: c.size, minutes: Int(c.minutes))
            }
        }
        return MeetingEconomy(from: from, to: to, byDepartment: rows(byDept), byYear: rows(byYear))
    }
}
