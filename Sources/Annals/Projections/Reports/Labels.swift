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
