import Annals
import AnnalsLog
import Foundation

/// The library's own rate of single appends, for the server's figure "appends over
/// HTTP, 32 concurrent clients, at least 50 % of the library's own single-append rate"
/// (issue 15; Scripts/bench-server.sh measures both in one run).
///
/// 32 tasks each append, one at a time and durably (fsync), a fresh meeting's
/// `meeting.scheduled` into its own new stream, awaiting each acknowledgment before
/// the next: the events the HTTP clients post (`SingleAppendWorkload.line`, the same
/// JSON as Scripts/bench-server-append.lua), decoded by the interchange codec before
/// the clock starts, into a new archive under the default policy.
///
///   annals-bench --only single-append [--scale X]
enum SingleAppendWorkload {
    typealias Figure = LogWorkloads.Figure

    static let name = "single-append"
    static let appenders = 32

    /// One new meeting's `meeting.scheduled`, in stream `meeting/BGS-2026-{tag}` with id `id`.
    static func line(tag: String, id: String) -> String {
        #"{"id":"\#(id)","stream":"meeting/BGS-2026-\#(tag)","type":"meeting.scheduled","at":"2026-11-20T15:00:00+08:00","by":"clerk.liu","data":{"title":"2026年第45次主任办公会","kind":"主任办公会","organizer":"BGS","chair":"P001","recorder":"P004","location":"三楼第一会议室","starts_at":"2026-11-30T09:30:00+08:00","ends_at":"2026-11-30T11:30:00+08:00","classification":"内部","planned":true,"agenda":[{"item":"1","title":"年终工作总结安排"}],"participants":[{"person":"P001","name":"王芳","unit":"办公室","position":"主任","role":"member"},{"person":"P004","name":"刘洋","unit":"秘书科","position":"科员","role":"member"}]}}"#
    }

    static func run(scale: Double, progress: (String) -> Void) async throws -> [Figure] {
        let dir = LogWorkloads.temporary("single-append")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let archive = try Archive.create(at: dir)
        let perAppender = max(1, Int(500 * scale))
        let codec = EventJSONCodec()
        // Every event decoded before the clock starts: the figure is the append's alone.
        let events: [[Event]] = try (0..<appenders).map { a in
            try (0..<perAppender).map { i in
                let id = String(format: "%08x-0000-4000-8000-%012x", a, i)
                return try codec.decode(line: Array(line(tag: "L\(a)-\(i)", id: id).utf8)).event
            }
        }
        let before = archive.log.endPosition
        let start = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            for mine in events {
                group.addTask {
                    for event in mine { _ = try await archive.append([event]) }
                }
            }
            try await group.waitForAll()
        }
        let time = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let stats = archive.log.statistics
        progress("single appends: \(stats.appends) appends in \(stats.fsyncs) fsyncs (\(String(format: "%.1f", Double(stats.appends) / Double(max(1, stats.fsyncs)))) per fsync)")
        precondition(archive.log.endPosition - before == UInt64(appenders * perAppender), "every event appended")
        try archive.close()
        return [Figure(
            name: "archive single appends (meeting.scheduled), durable, \(appenders) concurrent appenders", value: Double(appenders * perAppender) / time,
            unit: "events/s", target: "-")]
    }
}
