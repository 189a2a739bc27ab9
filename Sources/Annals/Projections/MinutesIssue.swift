/// 期号: the issue number of a meeting's minutes (会议纪要), per kind and year.
///
/// A number is assigned when the minutes are approved (审定): the approvals of a
/// kind in a year are numbered 1, 2, 3 … in the order they were given (ties by
/// stream name), so it depends only on approvals, never on later events, and a
/// meeting filed, held or cancelled afterwards keeps it. Drafts have none. The
/// approval of a destroyed record is content and goes with it: numbers are read
/// from the records that exist.
public struct MinutesIssue: Hashable, Sendable {
    public let kind: String
    /// The year of the approval (the issuing year).
    public let year: Int
    public let number: Int

    /// `第3期`, as the 纪要's head prints it.
    public var label: String { "第\(number)期" }
    /// `主任办公会纪要〔2023〕第3期`, as the archive directory's 文号 column writes it
    /// (with the kind, since each kind is numbered on its own).
    public var reference: String { "\(kind)纪要〔\(year)〕第\(number)期" }
}

extension ProjectionSet {
    /// The 期号 of `stream`'s minutes, once approved.
    public func minutesIssue(of stream: String) -> MinutesIssue? {
        guard let state = records[stream], let meeting = state.meeting, let approvedAt = state.minutes.approvedAt else { return nil }
        let year = approvedAt.localDate.year
        var number = 1
        for other in records.states where other.stream != stream {
            guard let otherMeeting = other.meeting, otherMeeting.kind == meeting.kind, let at = other.minutes.approvedAt,
                at.localDate.year == year
            else { continue }
            if at < approvedAt || (at == approvedAt && other.stream < stream) { number += 1 }
        }
        return MinutesIssue(kind: meeting.kind, year: year, number: number)
    }

    /// Every approved meeting's 期号, by stream, in one pass (for the directory).
    public func minutesIssues() -> [String: MinutesIssue] {
        struct Key: Hashable { let kind: String; let year: Int }
        var approvals: [Key: [(at: ZonedTime, stream: String)]] = [:]
        for state in records.states {
            guard let meeting = state.meeting, let at = state.minutes.approvedAt else { continue }
            approvals[Key(kind: meeting.kind, year: at.localDate.year), default: []].append((at, state.stream))
        }
        var out: [String: MinutesIssue] = [:]
        for (key, list) in approvals {
            let ordered = list.sorted { ($0.at, $0.stream) < ($1.at, $1.stream) }
            for (i, entry) in ordered.enumerated() {
                out[entry.stream] = MinutesIssue(kind: key.kind, year: key.year, number: i + 1)
            }
        }
        return out
    }
}
