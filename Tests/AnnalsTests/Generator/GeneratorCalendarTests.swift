import Annals
import Testing

@Suite struct GeneratorCalendarTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        // Vigna's splitmix64.c from state 0.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func theSpringFestivalWeekIsAHoliday() {
        let policy = Policy(holidays: ChineseHolidays.dates(in: 2023...2023))
        // 除夕 2023-01-21 (a Saturday) through 初六 2023-01-27.
        for day in 21...27 { #expect(!policy.isWorkingDay(CivilDate(year: 2023, month: 1, day: day)!)) }
        #expect(policy.isWorkingDay(CivilDate(year: 2023, month: 1, day: 30)!))
    }

    @Test func nationalDayAndTheOtherHolidaysAreNotWorkingDays() {
        let holidays = ChineseHolidays.dates(in: 2015...2026)
        let days = [
            "2015-10-07", "2020-10-08", "2023-09-29", "2023-06-22", "2024-04-04", "2024-05-03", "2025-05-31", "2022-01-03",
            "2026-02-17", "2019-09-13",
        ]
        for text in days { #expect(holidays.contains(CivilDate(text)!), "\(text)") }
        #expect(!holidays.contains(CivilDate("2023-10-09")!))
        #expect(!holidays.contains(CivilDate("2024-03-05")!))
    }

    @Test func theGeneratorsPolicyKeepsTheHolidaysOfItsYears() {
        let policy = AgencyGenerator(GeneratorOptions()).policy
        #expect(policy.fonds == "Z109")
        #expect(!policy.isWorkingDay(CivilDate("2015-02-19")!))
        #expect(!policy.isWorkingDay(CivilDate("2026-10-01")!))
    }
}
