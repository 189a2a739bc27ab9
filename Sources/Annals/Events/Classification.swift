/// 密级: how sensitive a meeting's content is, lowest to highest.
///
/// Ordered by level, so `classification >= .confidential` asks "秘密 or above", the
/// threshold at which distribution is limited to the invited and reads are recorded.
public enum Classification: UInt8, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// 公开
    case open = 0
    /// 内部
    case `internal` = 1
    /// 秘密 (`confidential` in the official translation of the Law on Guarding State Secrets)
    case confidential = 2
    /// 机密 (`secret`)
    case secret = 3
    /// 绝密
    case topSecret = 4

    /// The Chinese name, which is also the canonical interchange form.
    public var name: String {
        switch self {
        case .open: "公开"
        case .internal: "内部"
        case .confidential: "秘密"
        case .secret: "机密"
        case .topSecret: "绝密"
        }
    }

    /// The English alias accepted on input.
    public var alias: String {
        switch self {
        case .open: "public"
        case .internal: "internal"
        case .confidential: "confidential"
        case .secret: "secret"
        case .topSecret: "top_secret"
        }
    }

    /// Parses the Chinese name or the English alias; nil for anything else.
    public init?(name: some StringProtocol) {
        guard let found = Self.allCases.first(where: { $0.name == name || $0.alias == name }) else { return nil }
        self = found
    }

    public var description: String { name }

    public static func < (a: Classification, b: Classification) -> Bool { a.rawValue < b.rawValue }
}
