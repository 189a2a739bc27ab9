/// The public holidays of the Chinese working calendar (法定节假日), as the generator
/// keeps them: no meeting is held on one, and lead times count around them.
///
/// An approximation of the State Council's yearly notice (国务院办公厅关于部分节假日
/// 安排的通知), good enough for realistic data: 元旦 1 January; 春节 from the eve
/// (除夕) for seven days; 清明; 劳动节 1-3 May (1-5 May from 2020); 端午; 中秋;
/// 国庆 1-7 October (1-8 when 中秋 falls in that week). A single-day holiday on a
/// weekend gives the following Monday off. The make-up Saturdays (调休) are not
/// modelled: the generator holds no meetings on weekends.
///
/// The lunar holidays come from a table for 2010-2035; outside it only the
/// solar ones are known.
///
/// ```swift
/// let policy = Policy(holidays: ChineseHolidays.dates(in: 2015...2026))
/// policy.isWorkingDay(CivilDate(year: 2023, month: 1, day: 23)!)   // false: 春节
/// ```
public enum ChineseHolidays {
    /// Every holiday in `years`.
    public static func dates(in years: ClosedRange<Int>) -> Set<CivilDate> {
        var out = Set<CivilDate>()
        for year in years { out.formUnion(dates(in: year)) }
        return out
    }

    /// The holidays of one year.
    public static func dates(in year: Int) -> [CivilDate] {
        var days = [CivilDate]()
        func single(_ date: CivilDate?) {
            guard let date else { return }
            days.append(date)
            // A holiday on a weekend is made up on the Monday after.
            switch date.weekday {
            case 6: days.append(date.adding(days: 2))
            case 7: days.append(date.adding(days: 1))
            default: break
            }
        }
        func span(_ first: CivilDate?, _ count: Int) {
            guard let first else { return }
            for i in 0..<count { days.append(first.adding(days: i)) }
        }
        single(CivilDate(year: year, month: 1, day: 1))
        if let lunar = lunar[year] {
            span(date(year, lunar.springFestival).adding(days: -1), 7)
            single(date(year, lunar.dragonBoat))
            let midAutumn = date(year, lunar.midAutumn)
            let nationalDay = CivilDate(year: year, month: 10, day: 1)!
            if midAutumn >= nationalDay.adding(days: -1), midAutumn <= nationalDay.adding(days: 7) {
                span(min(midAutumn, nationalDay), 8)
            } else {
                single(midAutumn)
                span(nationalDay, 7)
            }
        } else {
            span(CivilDate(year: year, month: 10, day: 1), 7)
        }
        // 清明 falls on 4 or 5 April: the 5th in years ≡ 2, 3 (mod 4) in 2009-2040.
        single(CivilDate(year: year, month: 4, day: year % 4 >= 2 ? 5 : 4))
        span(CivilDate(year: year, month: 5, day: 1), year >= 2020 ? 5 : 3)
        return days
    }

    /// 春节 (正月初一), in the solar year of `year`, or nil outside the table.
    public static func springFestival(_ year: Int) -> CivilDate? {
        lunar[year].map { date(year, $0.springFestival) }
    }

    private static func date(_ year: Int, _ monthDay: Int) -> CivilDate {
        CivilDate(year: year, month: monthDay / 100, day: monthDay % 100)!
    }

    /// 正月初一, 五月初五 and 八月十五 as month×100+day.
    private static let lunar: [Int: (springFestival: Int, dragonBoat: Int, midAutumn: Int)] = [
        2010: (214, 616, 922), 2011: (203, 606, 912), 2012: (123, 623, 930), 2013: (210, 612, 919),
        2014: (131, 602, 908), 2015: (219, 620, 927), 2016: (208, 609, 915), 2017: (128, 530, 1004),
        2018: (216, 618, 924), 2019: (205, 607, 913), 2020: (125, 625, 1001), 2021: (212, 614, 921),
        2022: (201, 603, 910), 2023: (122, 622, 929), 2024: (210, 610, 917), 2025: (129, 531, 1006),
        2026: (217, 619, 925), 2027: (206, 609, 915), 2028: (126, 528, 1003), 2029: (213, 616, 922),
        2030: (203, 605, 912), 2031: (123, 624, 1001), 2032: (211, 612, 919), 2033: (131, 601, 908),
        2034: (219, 620, 927), 2035: (208, 610, 916),
    ]
}
