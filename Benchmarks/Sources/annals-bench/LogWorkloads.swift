import AnnalsLog
import Foundation

/// The storage engine's figures (issue: "The storage engine"): each workload runs on
/// a fresh log in a temporary folder on the same disk as the archive would be.
enum LogWorkloads {
    struct Figure {
        var name: String
        var value: Double
        var unit: String
        var target: String
    }

    static let payloadBytes = 256

    /// JSON-like event payloads with Chinese text, in the style of the seeds.
    static func payload(_ i: Int, bytes: Int = payloadBytes) -> [UInt8] {
        let kinds = ["主任办公会", "周例会", "科务会", "系统工作会议", "业务研讨会"]
        let phrases = ["研究临聘人员经费预算", "部署年度重点工作任务", "听取各科室工作汇报", "审议档案管理制度修订稿", "落实安全生产责任制"]
        let names = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]
        var text = "{\"at\":\"2023-03-\(10 + i % 18)T09:\(10 + i % 50):00+08:00\",\"by\":\"clerk.wang\",\"data\":{\"kind\":\"\(kinds[i % 5])\",\"speaker\":\"P\(1000 + i % 300)\",\"name\":\"\(names[i % 8])\",\"summary\":\"\(phrases[(i / 5) % 5])"
        var k = i
        while text.utf8.count < bytes - 3 {
            text += "，" + phrases[k % 5]
            k = k &* 31 &+ 7
        }
        var out = Array(text.utf8.prefix(bytes - 3))
        // Do not cut a UTF-8 sequence in half.
        while let last = out.last, last & 0xC0 == 0x80 || last >= 0xC0 { out.removeLast() }
        out += Array("\"}}".utf8)
        return out
    }

    static func temporary(_ name: String) -> String {
        let base = ProcessInfo.processInfo.environment["ANNALS_BENCH_DIR"] ?? FileManager.default.currentDirectoryPath + "/.build-bench"
        let path = base + "/\(name)-\(UUID().uuidString.prefix(6))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func run(scale: Double, only: String?, progress: (String) -> Void) async throws -> [Figure] {
        var figures: [Figure] = []
        let payloads = (0..<4096).map { payload($0) }
        func wanted(_ name: String) -> Bool { only == nil || only == name }

        // 1. Durable appends, batches of 1,000.
        if wanted("batched") {
            let dir = temporary("batched")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let log = try Log.open(dir)
            let batches = Int(1000 * scale)
            let time = try seconds {
                for b in 0..<batches {
                    let records = (0..<1000).map { NewRecord(type: "minutes.recorded", payload: payloads[(b * 1000 + $0) % payloads.count]) }
                    _ = try log.appendBlocking([StreamAppend(stream: "meeting/BGS-\(b % 500)", records: records)])
                }
            }
            try log.close()
            figures.append(Figure(name: "durable append, batches of 1,000 (256 B)", value: Double(batches * 1000) / time, unit: "records/s", target: "≥ 500,000"))
            progress("batched append done")
        }

        // 2. Durable single-record appends from 32 concurrent appenders (tasks, each
        //    awaiting its own acknowledgment before the next append).
        if wanted("group") {
            let dir = temporary("group")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let log = try Log.open(dir)
            let perAppender = Int(2000 * scale)
            let start = DispatchTime.now().uptimeNanoseconds
            try await withThrowingTaskGroup(of: Void.self) { group in
                for a in 0..<32 {
                    group.addTask {
                        for i in 0..<perAppender {
                            _ = try await log.append([
                                StreamAppend(stream: "meeting/A\(a)", records: [NewRecord(type: "participant.signed_in", payload: payloads[(a * 131 + i) % payloads.count])])
                            ])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let time = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let stats = log.statistics
            progress("group commit: \(stats.appends) appends in \(stats.fsyncs) fsyncs (\(String(format: "%.1f", Double(stats.appends) / Double(max(1, stats.fsyncs)))) per fsync)")
            try log.close()
            figures.append(Figure(name: "durable single appends, 32 concurrent appenders", value: Double(32 * perAppender) / time, unit: "records/s", target: "≥ 20,000"))
            progress("group commit done")
        }

        // 3. Sequential read of sealed segments, and 4. sealed size.
        if wanted("read") {
            let dir = temporary("read")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            var options = LogOptions()
            options.sealInBackground = false
            let log = try Log.open(dir, options: options)
            let total = Int(2_000_000 * scale)
            for b in 0..<(total / 1000) {
                let records = (0..<1000).map { NewRecord(type: "minutes.recorded", payload: payload(b * 1000 + $0)) }
                _ = try log.appendBlocking([StreamAppend(stream: "meeting/BGS-\(b % 500)", records: records)], durability: .deferred)
            }
            try log.sync()
            try log.seal()
            let segments = try log.inspect().filter(\.sealed)
            let raw = segments.reduce(0) { $0 + $1.rawBytes }
            let onDisk = segments.reduce(0) { $0 + $1.fileBytes }
            var count = 0
            var checksum = 0
            let time = try seconds {
                try log.scan { view in
                    count += 1
                    checksum &+= view.payloadBytes.count
                    return true
                }
            }
            precondition(count == total && checksum > 0)
            try log.close()
            figures.append(Figure(name: "sequential read of sealed segments", value: Double(count) / time, unit: "records/s", target: "≥ 3,000,000"))
            figures.append(Figure(name: "sealed bytes ÷ raw record bytes (Chinese JSON payloads)", value: Double(onDisk) * 100 / Double(raw), unit: "%", target: "≤ 45%"))
            progress("sequential read done")
        }

        // 5. Open after an unclean shutdown of a 1 GiB log.
        if wanted("open") {
            let dir = temporary("open")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let target = Int(Double(1 << 30) * scale)
            let child = try buildCrashedLog(dir, bytes: target, payloads: payloads, progress: progress)
            var opened: Log?
            let time = try seconds { opened = try Log.open(dir) }
            let records = opened!.endPosition
            try opened!.close()
            figures.append(Figure(name: "open after unclean shutdown of a \(child) log (\(records) records)", value: time * 1000, unit: "ms", target: "< 1,000"))
        }
        return figures
    }

    /// Writes `bytes` of records, then leaves the log as `kill -9` would: the writer
    /// is never closed (no final checkpoint), the lock released by the process
    /// ending — here by abandoning the instance after copying nothing more.
    static func buildCrashedLog(_ dir: String, bytes: Int, payloads: [[UInt8]], progress: (String) -> Void) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["fill-and-crash", dir, String(bytes)]
        try process.run()
        process.waitUntilExit()
        progress("crashed log written")
        let size = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.size] as? Int) ?? 0)
        } ?? 0
        return String(format: "%.2f GiB", Double(size) / Double(1 << 30))
    }

    /// The child side of `buildCrashedLog`: fill, then die without closing.
    static func fillAndCrash(_ dir: String, bytes: Int) throws -> Never {
        let log = try Log.open(dir)
        var written = 0
        var b = 0
        let payloads = (0..<4096).map { payload($0) }
        while written < bytes {
            let records = (0..<1000).map { NewRecord(type: "minutes.recorded", payload: payloads[(b * 1000 + $0) % payloads.count]) }
            _ = try log.appendBlocking([StreamAppend(stream: "meeting/BGS-\(b % 500)", records: records)], durability: b % 50 == 49 ? .fsync : .deferred)
            written += 1000 * (payloadBytes + 100)
            b += 1
        }
        // Let background sealing finish so the crash lands with a realistic layout:
        // sealed segments behind, one active segment with no final checkpoint.
        Thread.sleep(forTimeInterval: 2)
        kill(getpid(), SIGKILL)
        fatalError("unreachable")
    }
}
