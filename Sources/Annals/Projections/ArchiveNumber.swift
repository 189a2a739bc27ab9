/// 档号, per DA/T 22-2015: `全宗号-门类代码·年度-保管期限代码-机构(问题)代码-件号`,
/// e.g. `Z109-WS·2023-D30-BGS-0007`.
///
/// Ordered as the catalogue (归档文件目录) lists records: by fonds, category, year,
/// retention (永久, then 30 years, then 10 years), organization, then 件号.
///
/// ```swift
/// let n = ArchiveNumber("Z109-WS·2023-D30-BGS-0007")!
/// n.item                       // 7
/// n.formatted(.daT13)          // "Z109-WS·2023·D30·BGS-0007"
/// ```
public struct ArchiveNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 全宗号, a letter and three digits.
    public var fonds: String
    /// 门类代码, `WS` for 文书.
    public var category: String
    /// 年度.
    public var year: Int
    /// 保管期限 as filed (an appraisal that extends the class does not renumber).
    public var retention: RetentionClass
    /// 机构(问题)代码.
    public var organization: String
    /// 件号: 1, 2, … within the group, written with at least four digits.
    public var item: Int

    public init(fonds: String, category: String, year: Int, retention: RetentionClass, organization: String, item: Int) {
        self.fonds = fonds
        self.category = category
        self.year = year
        self.retention = retention
        self.organization = organization
        self.item = item
    }

    /// The number in `format`.
    public func formatted(_ format: ArchiveNumberFormat = .daT22) -> String {
        var digits = String(item)
        if digits.count < 4 { digits = String(repeating: "0", count: 4 - digits.count) + digits }
        switch format {
        case .daT22: return "\(fonds)-\(category)·\(year)-\(retention.code)-\(organization)-\(digits)"
        case .daT13: return "\(fonds)-\(category)·\(year)·\(retention.code)·\(organization)-\(digits)"
        }
    }

    /// Parses either form (`Z109-WS·2023-D30-BGS-0007`, `Z109-WS·2011·Y·BGS-0001`).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let classes: [Substring]
        switch parts.count {
        case 5:
            let head = parts[1].split(separator: "·", omittingEmptySubsequences: false)
            guard head.count == 2 else { return nil }
            classes = [head[0], head[1], parts[2], parts[3]]
        case 3:
            classes = parts[1].split(separator: "·", omittingEmptySubsequences: false)
            guard classes.count == 4 else { return nil }
        default:
            return nil
        }
        guard let item = Int(parts[parts.count - 1]), item > 0, parts[parts.count - 1].count >= 4,
            classes[1].count == 4, let year = Int(classes[1]),
            let retention = RetentionClass(code: classes[2]),
            !parts[0].isEmpty, !classes[0].isEmpty, !classes[3].isEmpty
        else { return nil }
        self.init(
            fonds: String(parts[0]), category: String(classes[0]), year: year, retention: retention,
            organization: String(classes[3]), item: item)
    }

    /// The DA/T 22-2015 form.
    public var description: String { formatted() }

    /// The group that numbers its records 0001, 0002, …
    public var group: Group {
        Group(fonds: fonds, category: category, year: year, retention: retention, organization: organization)
    }

    /// The class elements shared by the records numbered in one sequence.
    public struct Group: Hashable, Sendable {
        public var fonds: String
        public var category: String
        public var year: Int
        public var retention: RetentionClass
        public var organization: String
    }

    public static func < (a: ArchiveNumber, b: ArchiveNumber) -> Bool {
        if a.fonds != b.fonds { return a.fonds < b.fonds }
        if a.category != b.category { return a.category < b.category }
        if a.year != b.year { return a.year < b.year }
        if a.retention != b.retention { return a.retention.rawValue < b.retention.rawValue }
        if a.organization != b.organization { return a.organization < b.organization }
        return a.item < b.item
    }
}

/// How archive numbers are written: a fonds' configured template.
public enum ArchiveNumberFormat: String, Sendable, Hashable, CaseIterable {
    /// DA/T 22-2015: `Z109-WS·2023-D30-BGS-0007` (the default).
    case daT22 = "DA/T 22-2015"
    /// DA/T 13-2022: the class elements as one `·`-joined group, `Z109-WS·2011·Y·BGS-0001`.
    case daT13 = "DA/T 13-2022"
}
