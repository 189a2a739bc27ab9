/// A business time (`at`, `starts_at`, …): an instant plus the UTC offset it was
/// written in, so that export gives back `+08:00` rather than a converted time.
///
/// The instant is kept in microseconds since the Unix epoch; fractional seconds
/// beyond microseconds are refused rather than rounded. Order (`<`) is by instant
/// only; equality also compares the offset, because the written form differs.
public struct ZonedTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let microseconds: Int64
    /// The offset from UTC, in minutes (`+08:00` is 480); -1439...1439.
    public let offsetMinutes: Int

    public init(microseconds: Int64, offsetMinutes: Int) {
        self.microseconds = microseconds
        self.offsetMinutes = offsetMinutes
    }

    /// The local wall-clock time `date` `hour:minute:second` at `offsetMinutes`.
    public init(_ date: CivilDate, _ hour: Int, _ minute: Int, _ second: Int = 0, offsetMinutes: Int = 480) {
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(microseconds: (local - Int64(offsetMinutes) * 60) * 1_000_000, offsetMinutes: offsetMinutes)
    }

    /// Parses RFC 3339 (`2023-03-06T09:27:00+08:00`, `…00.250Z`); nil if invalid.
    public init?(rfc3339 text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ try? ZonedTime.parse($0) }) else { return nil }
        self = parsed
    }

    /// The date on the wall calendar where it was written.
    public var localDate: CivilDate {
        CivilDate(daysSinceEpoch: Int(floorDiv(localSeconds, 86_400)))
    }

    /// Seconds since the epoch, on the local wall clock.
    var localSeconds: Int64 { floorDiv(microseconds, 1_000_000) + Int64(offsetMinutes) * 60 }

    /// The same instant written at another offset.
    public func converted(toOffsetMinutes offset: Int) -> ZonedTime {
        ZonedTime(microseconds: microseconds, offsetMinutes: offset)
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(TimeFormatError) -> ZonedTime {
        let shape = "expected an RFC 3339 time with an offset, like 2023-03-06T09:30:00+08:00"
        guard b.count >= 19 else { throw TimeFormatError(shape) }
        let date = try CivilDate.parse(UnsafeBufferPointer(rebasing: b[0..<10]))
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"), b[13] == UInt8(ascii: ":"),
            b[16] == UInt8(ascii: ":")
        else { throw TimeFormatError(shape) }
        guard let hour = CivilDate.digits(b, 11, 2), let minute = CivilDate.digits(b, 14, 2),
            let second = CivilDate.digits(b, 17, 2)
        else { throw TimeFormatError(shape) }
        guard hour < 24, minute < 60, second < 60 else {
            throw TimeFormatError("there is no such time of day (hours 00-23, minutes and seconds 00-59)")
        }
        var i = 19
        var micros: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < b.count, b[i] &- UInt8(ascii: "0") < 10 {
                guard count < 6 else { throw TimeFormatError("fractional seconds finer than microseconds") }
                micros = micros * 10 + Int64(b[i] - UInt8(ascii: "0"))
                count += 1
                i += 1
            }
            guard count > 0 else { throw TimeFormatError(shape) }
            for _ in count..<6 { micros *= 10 }
        }
        guard i < b.count else { throw TimeFormatError("the time zone offset is missing (add Z or +08:00)") }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard b.count - i == 6, b[i + 3] == UInt8(ascii: ":"),
                let oh = CivilDate.digits(b, i + 1, 2), let om = CivilDate.digits(b, i + 4, 2)
            else { throw TimeFormatError("invalid time zone offset (expected Z or ±hh:mm)") }
            guard oh < 24, om < 60 else {
                throw TimeFormatError("invalid time zone offset (hours 00-23, minutes 00-59)")
            }
            offset = (oh * 60 + om) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            throw TimeFormatError("invalid time zone offset (expected Z or ±hh:mm)")
        }
        guard i == b.count else { throw TimeFormatError(shape) }
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return ZonedTime(microseconds: (local - Int64(offset) * 60) * 1_000_000 + micros, offsetMinutes: offset)
    }

    /// RFC 3339 at the stored offset: `Z` for a zero offset, fractions only when
    /// present (three digits for whole milliseconds, else six).
    public var description: String {
        var out = [UInt8]()
        out.reserveCapacity(32)
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func append(to out: inout [UInt8]) {
        let seconds = localSeconds
        let date = CivilDate(daysSinceEpoch: Int(floorDiv(seconds, 86_400)))
        let ofDay = Int(seconds - floorDiv(seconds, 86_400) * 86_400)
        out.append(contentsOf: date.description.utf8)
        out.append(UInt8(ascii: "T"))
        CivilDate.appendDigits(ofDay / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        CivilDate.appendDigits(ofDay / 60 % 60, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        CivilDate.appendDigits(ofDay % 60, 2, to: &out)
        // The remainder, made positive (not a - floorDiv(a, b) * b, which overflows
        // near Int64.min).
        let remainder = Int(microseconds % 1_000_000)
        let fraction = remainder < 0 ? remainder + 1_000_000 : remainder
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            if fraction % 1000 == 0 {
                CivilDate.appendDigits(fraction / 1000, 3, to: &out)
            } else {
                CivilDate.appendDigits(fraction, 6, to: &out)
            }
        }
        if offsetMinutes == 0 {
            out.append(UInt8(ascii: "Z"))
        } else {
            out.append(offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            CivilDate.appendDigits(abs(offsetMinutes) / 60, 2, to: &out)
            out.append(UInt8(ascii: ":"))
            CivilDate.appendDigits(abs(offsetMinutes) % 60, 2, to: &out)
        }
    }

    public static func < (a: ZonedTime, b: ZonedTime) -> Bool { a.microseconds < b.microseconds }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
