/// 保管期限: how long an archived record is kept.
///
/// Ordered by length (`D10 < D30 < Y`), so an appraisal's extension can be checked
/// with `new > old` ("an extension never shortens").
public enum RetentionClass: UInt8, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// `Y` 永久: kept forever, never destroyed.
    case permanent = 0
    /// `D30` 定期30年
    case thirtyYears = 1
    /// `D10` 定期10年
    case tenYears = 2

    /// The code used in archive numbers and in the interchange form: `Y`, `D30`, `D10`.
    public var code: String {
        switch self {
        case .permanent: "Y"
        case .thirtyYears: "D30"
        case .tenYears: "D10"
        }
    }

    /// The period in years; nil for permanent.
    public var years: Int? {
        switch self {
        case .permanent: nil
        case .thirtyYears: 30
        case .tenYears: 10
        }
    }

    /// Parses `Y`, `D30` or `D10`; nil for anything else.
    public init?(code: some StringProtocol) {
        guard let found = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = found
    }

    public var description: String { code }

    public static func < (a: RetentionClass, b: RetentionClass) -> Bool {
        (a.years ?? Int.max) < (b.years ?? Int.max)
    }
}
