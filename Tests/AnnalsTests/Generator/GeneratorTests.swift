import Annals
import Testing

@Suite struct GeneratorTests {
    let history = GeneratedHistory.twoYears

    // MARK: The rules and the order

    @Test func generatedYearsPassEveryRule() {
        #expect(history.events.count > 50_000)
        for (event, violation) in history.violations.prefix(10) {
            Issue.record("\(event.type) on \(event.stream) at \(event.at): \(violation)")
        }
        #expect(history.violations.isEmpty)
    }

    @Test func eventsComeInTimeOrder() {
        let history = history
        let outOfOrder = zip(history.events, history.events.dropFirst()).first { $0.at > $1.at }
        #expect(outOfOrder == nil, "\(outOfOrder.map { "\($0.0.at) before \($0.1.at)" } ?? "")")
    }

    @Test func everyTimeIsBeijingTime() {
        #expect(history.events.allSatisfy { $0.at.offsetMinutes == 480 })
        #expect(history.scheduled("主任办公会").allSatisfy { $0.startsAt.offsetMinutes == 480 })
    }

    @Test func eventIDsAreUnique() {
        #expect(Set(history.events.map(\.id)).count == history.events.count)
    }

    // MARK: Determinism

    @Test func theSameSeedGivesByteIdenticalLines() {
        let codec = EventJSONCodec()
        let again = AgencyGenerator(GeneratorOptions(years: 2, seed: 42, startYear: 2023, custodyYears: 1))
        var count = 0
        for (a, b) in zip(history.events, again) {
            guard codec.encode(a) == codec.encode(b) else {
                Issue.record("line \(count + 1) differs:\n\(codec.encode(a))\n\(codec.encode(b))")
                return
            }
            count += 1
        }
        #expect(count == history.events.count)
    }

    @Test func anotherSeedGivesOtherData() {
        let codec = EventJSONCodec()
        let other = AgencyGenerator(GeneratorOptions(years: 2, seed: 43, startYear: 2023, custodyYears: 1))
        let first = history.events.prefix(200).map { codec.encode($0) }
        let second = other.prefix(200).map { codec.encode($0) }
        #expect(first != second)
    }

    // MARK: Volume

    @Test func aYearHasAboutFiftyThousandEvents() {
        for year in 2023...2024 {
            let n = history.events.count(where: { $0.at.localDate.year == year })
            #expect((35_000...65_000).contains(n), "\(year): \(n) events")
        }
    }

    @Test func theStaffIsAMunicipalAgencysSize() throws {
        let weekly = try #require(history.scheduled("周例会").first)
        #expect((150...300).contains(weekly.participants.count))
        let organizers = Set(history.scheduled("科务会").map(\.organizer))
        #expect((8...12).contains(organizers.count))
    }

    // MARK: Cadences

    @Test func weeklyMeetingsAreOnMondaysAtHalfPastNine() {
        let weekly = history.scheduled("周例会")
        #expect((90...104).contains(weekly.count))
        for m in weekly {
            #expect(m.startsAt.localDate.weekday == 1, "\(m.title) starts \(m.startsAt)")
            #expect(m.startsAt.description.hasSuffix("T09:30:00+08:00"), "\(m.title) starts \(m.startsAt)")
        }
    }

    @Test func theDirectorsOfficeMeetsEveryTwoWeeks() {
        let planned = history.scheduled("主任办公会").filter(\.planned)
        #expect((44...54).contains(planned.count))
        for (a, b) in zip(planned, planned.dropFirst()) where a.startsAt.localDate.year == b.startsAt.localDate.year {
            let days = b.startsAt.localDate.daysSinceEpoch - a.startsAt.localDate.daysSinceEpoch
            // Every fourteen days; a holiday moves it within its week or skips one.
            #expect((12...30).contains(days), "\(a.title) → \(b.title): \(days) days")
            #expect(days < 17 || days > 25, "\(a.title) → \(b.title): \(days) days")
        }
    }

    @Test func sectionsMeetOnMondayAndFridayMornings() {
        for m in history.scheduled("科务会") {
            #expect([1, 5].contains(m.startsAt.localDate.weekday))
            #expect(m.startsAt.description.contains("T09:00:00") || m.startsAt.description.contains("T10:45:00"))
        }
    }

    @Test func noMeetingFallsOnAWeekendOrHoliday() {
        // Working days by the generator's policy: the official calendar, so a made-up
        // working Saturday (调休) may hold a meeting and a holiday never does.
        let policy = AgencyGenerator(GeneratorOptions(years: 2, seed: 42, startYear: 2023, custodyYears: 1)).policy
        let holidays = ChineseHolidays.dates(in: 2023...2024)
        for event in history.events {
            guard case .meetingScheduled(let m) = event.data else { continue }
            let day = m.startsAt.localDate
            #expect(policy.isWorkingDay(day) && !holidays.contains(day), "\(m.title) on \(m.startsAt)")
        }
    }

    @Test func theSystemWorkMeetingIsHeldInLateJuneAndAtYearEnd() {
        let months = history.scheduled("系统工作会议").map { ($0.startsAt.localDate.month, $0.startsAt.localDate.day) }
        #expect(months.count == 4)
        #expect(months.allSatisfy { ($0.0 == 6 && $0.1 >= 22) || ($0.0 == 12 && $0.1 >= 20) })
    }

    @Test func theCommendationMeetingPrecedesTheSpringFestival() throws {
        for m in history.scheduled("总结表彰大会") {
            let festival = try #require(ChineseHolidays.springFestival(m.startsAt.localDate.year))
            #expect(m.startsAt.localDate < festival.adding(days: -1))
            #expect(m.startsAt.localDate > festival.adding(days: -21))
        }
    }

    @Test func adHocMeetingsNameTheirApprover() {
        let adHoc = history.events.compactMap { event -> MeetingScheduled? in
            guard case .meetingScheduled(let m) = event.data, !m.planned else { return nil }
            return m
        }
        #expect(adHoc.count >= 10)
        #expect(adHoc.allSatisfy { $0.approvedBy != nil })
    }
}
