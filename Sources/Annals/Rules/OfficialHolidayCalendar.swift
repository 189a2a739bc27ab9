/// The official working calendar (法定节假日与调休), as the State Council's yearly
/// notices set it (国务院办公厅关于××年部分节假日安排的通知): the days off, and the
/// weekend days worked in exchange (调休上班). `Policy.standard` carries it, so
/// lead times count around the holidays out of the box: a notice sent on Monday
/// 30 September 2024 for a meeting on Tuesday 8 October has one working day, not
/// six.
///
/// The table is data, one entry per notice, for 2012-2026 (the years the scenario
/// fixtures and the generator cover). A year the State Council has not yet announced
/// is not guessed: an agency adds it (or a local holiday) in its policy file, whose
/// `holidays` and `working_weekends` are merged over this table:
///
/// ```json
/// {"holidays": ["2027-01-01"], "working_weekends": ["2027-02-06"]}
/// ```
///
/// Entries are `MM-DD` days or `MM-DD~MM-DD` spans within the notice's year; a day
/// of the year before (the 元旦 holiday that starts on 30 December) is written in
/// full as `YYYY-MM-DD`. Days off that fall on a weekend are listed with their
/// span, as the notice lists them; that changes nothing, a weekend being off anyway.
public enum OfficialHolidayCalendar {
    /// One year's notice: days off, and weekend days worked (调休上班).
    struct Notice {
        let holidays: String
        let workingDays: String
    }

    /// The notices, by year (国办发明电). 2020's 春节 includes the extension to
    /// 2 February (国办发明电〔2020〕1号), which cancelled the make-up Saturday of
    /// 1 February.
    static let notices: [Int: Notice] = [
        2012: Notice(
            holidays: "01-01~01-03, 01-22~01-28, 04-02~04-04, 04-29~05-01, 06-22~06-24, 09-30~10-07",
            workingDays: "2011-12-31, 01-21, 01-29, 03-31, 04-01, 04-28, 09-29"),
        2013: Notice(
            holidays: "01-01~01-03, 02-09~02-15, 04-04~04-06, 04-29~05-01, 06-10~06-12, 09-19~09-21, 10-01~10-07",
            workingDays: "01-05, 01-06, 02-16, 02-17, 04-07, 04-27, 04-28, 06-08, 06-09, 09-22, 09-29, 10-12"),
        2014: Notice(
            holidays: "01-01, 01-31~02-06, 04-05~04-07, 05-01~05-03, 05-31~06-02, 09-06~09-08, 10-01~10-07",
            workingDays: "01-26, 02-08, 05-04, 09-28, 10-11"),
        2015: Notice(
            holidays: "01-01~01-03, 02-18~02-24, 04-04~04-06, 05-01~05-03, 06-20~06-22, 09-03~09-05, 09-26~09-27, 10-01~10-07",
            workingDays: "01-04, 02-15, 02-28, 09-06, 10-10"),
        2016: Notice(
            holidays: "01-01~01-03, 02-07~02-13, 04-02~04-04, 04-30~05-02, 06-09~06-11, 09-15~09-17, 10-01~10-07",
            workingDays: "02-06, 02-14, 06-12, 09-18, 10-08, 10-09"),
        2017: Notice(
            holidays: "2016-12-31, 01-01~01-02, 01-27~02-02, 04-02~04-04, 04-29~05-01, 05-28~05-30, 10-01~10-08",
            workingDays: "01-22, 02-04, 04-01, 05-27, 09-30"),
        2018: Notice(
            holidays: "2017-12-30, 2017-12-31, 01-01, 02-15~02-21, 04-05~04-07, 04-29~05-01, 06-16~06-18, 09-22~09-24, 10-01~10-07",
            workingDays: "02-11, 02-24, 04-08, 04-28, 09-29, 09-30"),
        2019: Notice(
            holidays: "2018-12-30, 2018-12-31, 01-01, 02-04~02-10, 04-05~04-07, 05-01~05-04, 06-07~06-09, 09-13~09-15, 10-01~10-07",
            workingDays: "2018-12-29, 02-02, 02-03, 04-28, 05-05, 09-29, 10-12"),
        2020: Notice(
            holidays: "01-01, 01-24~02-02, 04-04~04-06, 05-01~05-05, 06-25~06-27, 10-01~10-08",
            workingDays: "01-19, 04-26, 05-09, 06-28, 09-27, 10-10"),
        2021: Notice(
            holidays: "01-01~01-03, 02-11~02-17, 04-03~04-05, 05-01~05-05, 06-12~06-14, 09-19~09-21, 10-01~10-07",
            workingDays: "02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09"),
        2022: Notice(
            holidays: "01-01~01-03, 01-31~02-06, 04-03~04-05, 04-30~05-04, 06-03~06-05, 09-10~09-12, 10-01~10-07",
            workingDays: "01-29, 01-30, 04-02, 04-24, 05-07, 10-08, 10-09"),
        2023: Notice(
            holidays: "2022-12-31, 01-01~01-02, 01-21~01-27, 04-05, 04-29~05-03, 06-22~06-24, 09-29~10-06",
            workingDays: "01-28, 01-29, 04-23, 05-06, 06-25, 10-07, 10-08"),
        2024: Notice(
            holidays: "2023-12-30, 2023-12-31, 01-01, 02-10~02-17, 04-04~04-06, 05-01~05-05, 06-08~06-10, 09-15~09-17, 10-01~10-07",
            workingDays: "02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12"),
        2025: Notice(
            holidays: "01-01, 01-28~02-04, 04-04~04-06, 05-01~05-05, 05-31~06-02, 10-01~10-08",
            workingDays: "01-26, 02-08, 04-27, 09-28, 10-11"),
        2026: Notice(
            holidays: "01-01~01-03, 02-15~02-23, 04-04~04-06, 05-01~05-05, 06-19~06-21, 09-25~09-27, 10-01~10-07",
            workingDays: "01-04, 02-14, 02-28, 05-09, 09-20, 10-10"),
    ]

    /// The years the table covers.
    public static var years: ClosedRange<Int> { notices.keys.min()!...notices.keys.max()! }

    /// Every day off in the table.
    public static let holidays: Set<CivilDate> = Set(notices.flatMap { year, notice in days(notice.holidays, year: year) })

    /// Every weekend day worked in the table (调休上班).
    public static let workingDays: Set<CivilDate> = Set(notices.flatMap { year, notice in days(notice.workingDays, year: year) })

    /// The days an entry list names (see the type's documentation for the form).
    static func days(_ list: String, year: Int) -> [CivilDate] {
        var out: [CivilDate] = []
        for entry in list.split(separator: ",") {
            let bounds = entry.split(separator: "~").map { day(String($0.filter { $0 != " " }), year: year) }
            var next = bounds[0]
            while next <= bounds[bounds.count - 1] {
                out.append(next)
                next = next.adding(days: 1)
            }
        }
        return out
    }

    private static func day(_ text: String, year: Int) -> CivilDate {
        // The table is fixed data checked by its tests: a malformed entry is a
        // programming error, not input.
        CivilDate(text.count == 5 ? "\(year)-\(text)" : text)!
    }
}
