/// A plain-text table for a terminal or a printer: columns aligned by display
/// width, where CJK characters take two columns (Chinese shown as Chinese).
///
/// ```
/// 档号                        题名
/// --------------------------  ----------------------
/// Z109-WS·2023-Y-BGS-0001     2023年第7次主任办公会
/// ```
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns aligned to the right (counts).
    public var rightAligned: Set<Int>

    public init(headers: [String], rows: [[String]] = [], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// The table as lines joined by newlines, with a trailing newline.
    public func render() -> String {
        var widths = headers.map(displayWidth)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], displayWidth(cell)) }
        }
        var out = ""
        func line(_ cells: [String]) {
            var text = ""
            for (i, width) in widths.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: width - displayWidth(cell))
                let last = i == widths.count - 1
                text += rightAligned.contains(i) ? pad + cell : (last ? cell : cell + pad)
                if !last { text += "  " }
            }
            while text.last == " " { text.removeLast() }
            out += text + "\n"
        }
        line(headers)
        line(widths.map { String(repeating: "-", count: $0) })
        for row in rows { line(row) }
        return out
    }
}

/// Label/value lines (`档号  Z109-…`), labels padded to one display width.
func keyValueLines(_ pairs: [(String, String)]) -> String {
    let width = pairs.map { displayWidth($0.0) }.max() ?? 0
    return pairs.map { $0.0 + String(repeating: " ", count: width - displayWidth($0.0)) + "  " + $0.1 }
        .joined(separator: "\n") + "\n"
}

/// Columns a terminal gives `text`: 2 for East Asian wide and fullwidth characters
/// (汉字, 、，（）), 0 for combining marks and zero-width characters, else 1.
public func displayWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        let v = scalar.value
        switch v {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF: break
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x20000...0x3FFFD:
            width += 2
        default:
            width += 1
        }
    }
    return width
}

// MARK: - How values are written on paper

extension ZonedTime {
    /// `2023-03-06 09:30 +08:00`: minutes precision, with its zone.
    public var clerkText: String {
        let text = description  // 2023-03-06T09:30:00+08:00 (or …Z, or with fractions)
        let date = text.prefix(10)
        let clock = text.dropFirst(11).prefix(5)
        let zone = offsetMinutes == 0 ? "+00:00" : String(text.suffix(6))
        return "\(date) \(clock) \(zone)"
    }
}

extension FollowUpStatus {
    /// 未办, 办理中, 已办结, 逾期办结, 逾期未办.
    public var label: String {
        switch self {
        case .open: "未办"
        case .inProgress: "办理中"
        case .done: "已办结"
        case .doneLate: "逾期办结"
        case .overdue: "逾期未办"
        }
    }
}
