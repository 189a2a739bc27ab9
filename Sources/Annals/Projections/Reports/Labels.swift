// The Chinese names a clerk expects on paper.

extension RetentionClass {
    /// 永久, 定期30年, 定期10年.
    public var label: String {
        switch self {
        case .permanent: "永久"
        case .thirtyYears: "定期30年"
        case .tenYears: "定期10年"
        }
    }
}

extension CivilDate {
    /// `2023年3月7日`: a date as Chinese documents write it (no leading zeros).
    public var chineseText: String { "\(year)年\(month)月\(day)日" }
}

extension ZonedTime {
    /// `2023年3月7日 09:30`: the local date as documents write it, and the clock.
    public var chineseText: String {
        "\(localDate.chineseText) \(clerkText.dropFirst(11).prefix(5))"
    }
}
