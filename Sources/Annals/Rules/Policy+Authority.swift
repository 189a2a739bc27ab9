// The policy keys of authority, chronology and the retention floor (issue 11): who
// may approve what, when sign-in opens, the agenda deadline, the time zone, how
// classified records are destroyed. Read here, apart from the calendar keys, so
// that the policy file's two halves can grow without touching each other.

extension Policy {
    /// Reads `key` if it is one of this file's; false when it is not.
    mutating func readAuthority(_ key: String, _ value: JSONValue, path: String) throws(PolicyError) -> Bool {
        switch key {
        case "time_zone":
            let text = try Self.text(value, path)
            guard let minutes = Self.offsetMinutes(text) else {
                throw PolicyError(path: path, message: "expected a UTC offset such as \"+08:00\" (or \"Asia/Shanghai\")")
            }
            timeZoneMinutes = minutes
        case "leaders":
            leaders = try Self.people(value, path)
        case "minutes_approvers":
            for (inner, v) in try Self.object(value, path) {
                if inner == "default" {
                    minutesApprovers = try Self.people(v, "\(path).default")
                } else if inner == "by_kind" {
                    for (kind, people) in try Self.object(v, "\(path).by_kind") {
                        minutesApproversByKind[kind] = try Self.people(people, "\(path).by_kind.\(kind)")
                    }
                } else {
                    throw PolicyError(path: "\(path).\(inner)", message: "unknown key (expected default or by_kind)")
                }
            }
        case "department_heads":
            for (department, person) in try Self.object(value, path) {
                departmentHeads[department] = try Self.text(person, "\(path).\(department)")
            }
        case "sign_in_opens_minutes":
            signInOpensMinutes = try Self.minutes(value, path)
        case "agenda_submission_days":
            agendaSubmissionDays = try Self.days(value, path)
        case "future_margin_minutes":
            futureMarginMinutes = try Self.minutes(value, path)
        case "retention_exception_approvers":
            retentionExceptionApprovers = try Self.people(value, path)
        case "classified_destruction":
            for (inner, v) in try Self.object(value, path) {
                if inner == "methods" {
                    classifiedDestructionMethods = try Self.people(v, "\(path).methods")
                } else if inner == "places" {
                    classifiedDestructionPlaces = try Self.people(v, "\(path).places")
                } else {
                    throw PolicyError(path: "\(path).\(inner)", message: "unknown key (expected methods or places)")
                }
            }
        case "categories":
            categories = try Self.people(value, path)
        case "archive_year_from":
            guard let from = ArchiveYearFrom(rawValue: try Self.text(value, path)) else {
                throw PolicyError(path: path, message: "expected \"meeting\" or \"filing\"")
            }
            archiveYearFrom = from
        default:
            return false
        }
        return true
    }

    /// A list of non-empty strings (person ids, methods, places).
    static func people(_ value: JSONValue, _ path: String) throws(PolicyError) -> Set<String> {
        guard value.kind == .array else { throw PolicyError(path: path, message: "expected a list of strings") }
        var out = Set<String>()
        for (i, element) in value.elements.enumerated() {
            let text = try text(element, "\(path)[\(i)]")
            guard !text.isEmpty else { throw PolicyError(path: "\(path)[\(i)]", message: "expected a non-empty string") }
            out.insert(text)
        }
        return out
    }

    static func minutes(_ value: JSONValue, _ path: String) throws(PolicyError) -> Int {
        guard let n = value.integer, (0...(366 * 1440)).contains(n) else {
            throw PolicyError(path: path, message: "expected a number of minutes from 0 to 527040 (a year)")
        }
        return n
    }

    /// `+08:00`, `-05:30`, `Z`, or a zone of mainland China (all UTC+8, no summer time).
    static func offsetMinutes(_ text: String) -> Int? {
        if ["Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "PRC"].contains(text) { return 480 }
        if text == "Z" { return 0 }
        let utf8 = Array(text.utf8)
        guard utf8.count == 6, utf8[0] == UInt8(ascii: "+") || utf8[0] == UInt8(ascii: "-"), utf8[3] == UInt8(ascii: ":"),
            let hours = Int(String(decoding: utf8[1...2], as: UTF8.self)),
            let minutes = Int(String(decoding: utf8[4...5], as: UTF8.self)),
            utf8[1...2].allSatisfy({ (48...57).contains($0) }), utf8[4...5].allSatisfy({ (48...57).contains($0) }),
            hours <= 14, minutes < 60
        else { return nil }
        let total = hours * 60 + minutes
        return utf8[0] == UInt8(ascii: "-") ? -total : total
    }
}
