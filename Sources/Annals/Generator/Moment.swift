/// Time arithmetic for the generator, all in Beijing time (+08:00): every
/// generated `at` and meeting time is written with that offset, as an office in
/// China would write it.
enum Moment {
    static let offset = 480
    static let minute: Int64 = 60_000_000

    /// `time` moved by `minutes` (negative: earlier).
    static func after(_ time: ZonedTime, minutes: Int) -> ZonedTime {
        ZonedTime(microseconds: time.microseconds + Int64(minutes) * minute, offsetMinutes: offset)
    }

    /// `time` moved by `seconds`.
    static func after(_ time: ZonedTime, seconds: Int) -> ZonedTime {
        ZonedTime(microseconds: time.microseconds + Int64(seconds) * 1_000_000, offsetMinutes: offset)
    }

    /// A moment uniformly between `from` and `to` (`from` if the span is empty), to the second.
    static func between(_ from: ZonedTime, _ to: ZonedTime, _ rng: inout SplitMix64) -> ZonedTime {
        let span = (to.microseconds - from.microseconds) / 1_000_000
        guard span > 0 else { return from }
        return after(from, seconds: rng.below(Int(span)))
    }

    /// A moment between `from` and `to` in office hours (08:00-18:00) of a working
    /// day when there is one (people answer notices at work), else `from`.
    static func officeMoment(_ from: ZonedTime, _ to: ZonedTime, _ policy: Policy, _ rng: inout SplitMix64) -> ZonedTime {
        for _ in 0..<6 {
            let at = between(from, to, &rng)
            let secondOfDay = at.localSeconds % 86_400
            if (8 * 3600..<18 * 3600).contains(secondOfDay), policy.isWorkingDay(at.localDate) { return at }
        }
        return from
    }

    /// A moment of office hours (08:30-17:30) on `date`, to the second.
    static func officeHours(_ date: CivilDate, _ rng: inout SplitMix64) -> ZonedTime {
        between(ZonedTime(date, 8, 30), ZonedTime(date, 17, 30), &rng)
    }

    /// Whole minutes from `a` to `b`.
    static func minutes(from a: ZonedTime, to b: ZonedTime) -> Int {
        Int((b.microseconds - a.microseconds) / minute)
    }

    /// The `n`th working day before `date` under `policy`.
    static func workingDay(_ n: Int, before date: CivilDate, _ policy: Policy) -> CivilDate {
        var day = date
        var left = n
        while left > 0 {
            day = day.adding(days: -1)
            if policy.isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// `date` if a working day under `policy`, else the next one.
    static func workingDay(onOrAfter date: CivilDate, _ policy: Policy) -> CivilDate {
        var day = date
        while !policy.isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }
}
