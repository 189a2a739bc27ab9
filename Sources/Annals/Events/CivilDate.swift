/// A calendar date without a time or zone (`YYYY-MM-DD`): deadlines, holidays,
/// and the local date of a business time.
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date in years 1...9999; nil if the day does not exist (2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` after 1970-01-01 (negative before it).
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 Monday ... 7 Sunday.
    public var weekday: Int {
        let d = daysSinceEpoch
        // 1970-01-01 was a Thursday (4).
        return ((d % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ try? CivilDate.parse($0) }) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes, saying what is wrong otherwise.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(TimeFormatError) -> CivilDate {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else {
            throw TimeFormatError("expected a date as YYYY-MM-DD")
        }
        guard let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else {
            throw TimeFormatError("expected a date as YYYY-MM-DD")
        }
        guard let date = CivilDate(year: y, month: m, day: d) else {
            throw TimeFormatError("there is no such date")
        }
        return date
    }

    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        var value = 0
        for i in at..<(at + count) {
            let c = b[i] &- UInt8(ascii: "0")
            guard c < 10 else { return nil }
            value = value * 10 + Int(c)
        }
        return value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        var out = [UInt8]()
        out.reserveCapacity(10)
        CivilDate.appendDigits(year, 4, to: &out)
        out.append(UInt8(ascii: "-"))
        CivilDate.appendDigits(month, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        CivilDate.appendDigits(day, 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        guard value >= 0, value / divisor < 10 else {
            // More digits than the width, or a sign (a year outside 0-9999, which only
            // the Swift API or damaged bytes can bring): every digit, never a wrong
            // date cut to the width, never a trap on a negative digit.
            let digits = Array(String(value.magnitude).utf8)
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, width - digits.count)))
            out.append(contentsOf: digits)
            return
        }
        var v = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Why a time or date text was refused; the codecs add the field path.
struct TimeFormatError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
