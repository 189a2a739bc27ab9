// What the office's documents need from the policy: the organization table (the
// names documents print for department codes, 办公室 for BGS), the agency's name,
// and the archive-number form of the fonds. Policy file keys:
//
//   "agency": "××市行政审批局",
//   "departments": {"BGS": "办公室", "KJK": "科技科"},
//   "number_format": "dat22"            (or "dat13"; `annals init --number-format`)
//
// `departments` is merged over the default table below.

extension Policy {
    /// The departments of the generated agency and of the scenario fixtures.
    public static let standardDepartments: [String: String] = [
        "BGS": "办公室", "RSK": "人事科", "CWK": "财务科", "FGK": "法规科", "ZHK": "综合科", "YWK": "业务科",
        "ZWK": "政务服务科", "GZK": "公共资源交易科", "JCK": "监察科", "XXZX": "信息中心", "DAS": "档案室", "KJK": "科技科",
        "MSK": "秘书科",
    ]

    /// The department's name, or its code when the table does not know it.
    public func departmentName(_ code: String) -> String { departments[code] ?? code }

    mutating func readDocumentKey(_ key: String, _ value: JSONValue) throws(PolicyError) {
        if key == "agency" {
            agency = try Self.text(value, key)
            return
        }
        if key == "number_format" {
            guard let format = ArchiveNumberFormat(option: try Self.text(value, key)) else {
                throw PolicyError(path: key, message: "expected \"dat22\" (Z109-WS·2023-Y-BGS-0001) or \"dat13\" (Z109-WS·2023·Y·BGS-0001)")
            }
            numberFormat = format
            return
        }
        for (code, name) in try Self.object(value, key) {
            let text = try Self.text(name, "\(key).\(code)")
            guard !code.isEmpty, !text.isEmpty else { throw PolicyError(path: "\(key).\(code)", message: "expected a department code and its name") }
            departments[code] = text
        }
    }
}

extension ArchiveNumberFormat {
    /// `dat22` or `dat13`, as `annals init --number-format` and a policy file write it.
    public init?(option: String) {
        switch option {
        case "dat22": self = .daT22
        case "dat13": self = .daT13
        default: return nil
        }
    }

    /// `dat22` or `dat13`.
    public var option: String { self == .daT22 ? "dat22" : "dat13" }
}
