internal import Foundation
internal import Synchronization

extension Archive {
    static let projectionsFile = "projections/state.snap"

    /// Loads the projections' checkpoint and replays only the log after it; without a
    /// usable checkpoint (missing, damaged, from another log, ahead of a log whose tail
    /// was cut) replays everything. Never trusts a checkpoint it cannot check.
    func loadProjections(readOnly: Bool) throws {
        let end = log.endPosition
        var set = ProjectionSet(policy: rules.policy)
        if let bytes = FileManager.default.contents(atPath: path + "/" + Self.projectionsFile),
            let decoded = try? ProjectionSet(decoding: Array(bytes), policy: rules.policy),
            (decoded.position.map { $0 < end } ?? true)
        {
            set = decoded
        }
        let from = set.position.map { $0 + 1 } ?? 0
        try replay(from: from) { stored in
            set.apply(stored)
            return true
        }
        projections.withLock { $0 = set }
    }

    /// Writes the projections' checkpoint atomically (the old file is replaced whole).
    public func saveProjections() throws {
        try catchUpProjections()
        let bytes = projections.withLock { $0.encode() }
        try FileManager.default.createDirectory(atPath: path + "/projections", withIntermediateDirectories: true)
        try FileIO.system.writeFileAtomically(path + "/" + Self.projectionsFile, bytes, directory: path + "/projections")
    }

    /// Folds every event appended since the projections last looked.
    func catchUpProjections() throws {
        try projections.withLock { set in
            let from = set.position.map { $0 + 1 } ?? 0
            guard from < log.endPosition else { return }
            try replay(from: from) { stored in
                set.apply(stored)
                return true
            }
        }
    }

    /// The projections as of now, or as of a log position or business time.
    ///
    /// As of a moment in the past the log is replayed from the start up to it (the
    /// same fold, so the answer is the one the live projections gave then).
    public func projections(asOf: AsOf = .latest) throws -> ProjectionSet {
        try catchUpProjections()
        switch asOf {
        case .latest: return projections.withLock { $0 }
        default:
            var set = ProjectionSet(policy: rules.policy)
            var events: [StoredEvent] = []
            let end: UInt64? = if case .position(let p) = asOf { p + 1 } else { nil }
            try replay(from: 0, to: end) { events.append($0); return true }
            set.replay(events, asOf: asOf)
            return set
        }
    }

    /// One meeting's minutes (会议纪要) as of now, a position or a time. Only that
    /// meeting's events are replayed, so it costs the meeting's size, not the log's;
    /// the archive number is the one the meeting had by then.
    public func minutes(of stream: String, asOf: AsOf = .latest, judgedOn date: CivilDate? = nil) throws -> Minutes? {
        try catchUpProjections()
        let live = projections.withLock { $0 }
        if case .latest = asOf { return live.minutes(of: stream, judgedOn: date) }
        let events = try self.events(in: stream)
        let set = ProjectionSet.replay(events, asOf: asOf, policy: rules.policy)
        guard let minutes = set.minutes(of: stream, judgedOn: date) else { return nil }
        let filed = events.first { stored in
            guard stored.type == .meetingArchived else { return false }
            switch asOf {
            case .latest: return true
            case .position(let p): return stored.position <= p
            case .time(let t): return stored.event.map { $0.at <= t } ?? false
            }
        }
        return Minutes(
            state: minutes.state, meeting: minutes.meeting, sheet: minutes.sheet,
            archiveNumber: filed == nil ? nil : live.numbering[stream]?.formatted(live.numberFormat),
            decisions: minutes.decisions, judgedOn: minutes.judgedOn)
    }
}
