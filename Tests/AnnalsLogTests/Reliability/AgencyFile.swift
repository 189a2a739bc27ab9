import Foundation

/// A small, complete history of an agency for the harness: `annals generate` for one
/// year of meetings and eleven of custody (so that records are filed, appraised,
/// approved for destruction and destroyed), keeping one meeting in twenty. Every
/// meeting's events stay whole, so the file passes every rule, and its events land
/// at positions equal to their line numbers minus one in a new archive.
struct AgencyFile: Sendable {
    /// The file on disk (removed with the test process's temporary folder).
    let path: String
    /// The policy the history passes (`annals generate --policy-out`), for `annals init --policy`.
    let policyPath: String
    /// Each line's bytes.
    let lines: [Data]
    /// Each line's stream and type.
    let streams: [String]
    let types: [String]

    static let shared: AgencyFile = {
        // 2014 and eleven years of custody: the history ends in 2025, in the past,
        // since the rules refuse events dated beyond a day into the future.
        let policyPath = NSTemporaryDirectory() + "annals-agency-policy-\(Reliability.seed)-\(UUID().uuidString.prefix(8)).json"
        let run = try! CommandRun.annals([
            "generate", "--years", "1", "--start-year", "2014", "--custody-years", "11", "--events-per-year", "10000",
            "--seed", String(Reliability.seed), "--policy-out", policyPath,
        ])
        precondition(run.succeeded, run.summary)
        var kept: [Data] = []
        var streams: [String] = []
        var types: [String] = []
        var order: [String: Int] = [:]
        for line in EventLines.split(run.output) {
            let event = EventLines.object(line)!
            let stream = event["stream"] as! String
            let index = order[stream] ?? order.count
            order[stream] = index
            guard index % 20 == 0 else { continue }
            kept.append(line)
            streams.append(stream)
            types.append(event["type"] as! String)
        }
        let path = NSTemporaryDirectory() + "annals-agency-\(Reliability.seed)-\(UUID().uuidString.prefix(8)).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(kept.joined(separator: [UInt8(ascii: "\n")])) + Data([10]))
        return AgencyFile(path: path, policyPath: policyPath, lines: kept, streams: streams, types: types)
    }()

    /// Event types shredded when their record is destroyed (MeetingState.isContent).
    static let custodyTypes: Set<String> = [
        "meeting.archived", "archive.accessed", "archive.inspected", "hold.placed", "hold.released", "retention.appraised",
        "destruction.approved", "archive.destroyed",
    ]
}
