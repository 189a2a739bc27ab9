import Foundation
import Testing

@testable import AnnalsLog

/// A fresh directory under the system's temporary folder, removed at the end.
final class TemporaryDirectory {
    let path: String

    init(_ label: String = #function) {
        let name = label.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "annals-\(name)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Every file's bytes, by name.
    func snapshot() -> [String: Data] { Self.snapshot(of: path) }

    /// Every file's bytes under `path`, by relative path (`log/LOCK`), subfolders included.
    static func snapshot(of path: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[name] = FileManager.default.contents(atPath: path + "/" + name)
            }
        }
        return out
    }
}

/// Payloads that look like the archive's events: JSON-like UTF-8 with Chinese text.
enum SamplePayloads {
    static let titles = ["主任办公会", "周例会", "科务会", "系统工作会议", "总结表彰大会", "业务研讨会", "局务会"]
    static let phrases = [
        "研究临聘人员经费预算", "部署年度重点工作任务", "听取各科室工作汇报", "审议档案管理制度修订稿",
        "落实安全生产责任制", "讨论机关作风建设方案", "通报督办事项完成情况",
    ]

    static func json(_ i: Int, size: Int? = nil) -> [UInt8] {
        let title = titles[i % titles.count]
        let phrase = phrases[(i / 7) % phrases.count]
        var text = "{\"at\":\"2023-03-\(10 + i % 18)T09:\(10 + i % 50):00+08:00\",\"by\":\"clerk.wang\",\"data\":{\"title\":\"\(title)\",\"person\":\"P\(1000 + i % 300)\",\"summary\":\"\(phrase)，第\(i)项\"}}"
        if let size {
            while text.utf8.count < size { text += phrases[(i + text.utf8.count) % phrases.count] }
            return Array(Array(text.utf8).prefix(size))
        }
        return Array(text.utf8)
    }
}

extension Log {
    /// Every record, in order.
    func all() throws -> [Record] {
        var out: [Record] = []
        try scan { out.append($0.materialize()); return true }
        return out
    }
}

/// Runs `lz4 -t` on a file; true when it passes.
func lz4Accepts(_ path: String) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["lz4", "-t", "-q", path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
}
