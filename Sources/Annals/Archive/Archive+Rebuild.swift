internal import Foundation
internal import Synchronization

/// Where a rebuild of the projections starts (``Archive/rebuildProjections(from:)``).
public enum ProjectionRebuildStart: Sendable {
    /// From nothing: the whole log is replayed.
    case scratch
    /// From the archive's saved checkpoint (`projections/state.snap`), when it is
    /// usable for this log (the same checks as at open); otherwise from scratch.
    case checkpoint
    /// From a state the caller kept (for instance `ProjectionSet(decoding:)` of a
    /// checkpoint it saved). It must be the fold of this log up to its position:
    /// unlike the saved checkpoint, nothing ties it to the log.
    case state(ProjectionSet)
}

/// What a rebuild of the projections did.
public struct ProjectionRebuild: Sendable, Equatable {
    /// The position the rebuild started after (nil: from scratch).
    public var startedAfter: UInt64?
    /// Events replayed beside the live projections, while readers went on reading them.
    public var replayed: Int
    /// Events appended during the rebuild and replayed at the swap, the only part
    /// readers waited for.
    public var caughtUp: Int
    /// The position the projections reflect once swapped in.
    public var position: UInt64?
    /// Whether the live projections, brought to the same position, differed from the
    /// rebuilt ones. They should not: a difference means the live state (or the
    /// checkpoint it was loaded from) was damaged, and the rebuild repaired it.
    public var replacedDifferentState: Bool
}

extension Archive {
    /// Rebuilds the built-in projections beside the live ones and swaps them in,
    /// without stopping readers.
    ///
    /// The new state is replayed on the calling thread from `start` (nothing, the
    /// saved checkpoint, or a given state) to the end of the log, in laps, while
    /// readers keep reading the live projections under their lock as usual. Then,
    /// under that lock, the events appended meanwhile are folded into both, and the
    /// rebuilt state replaces the live one. A reader sees either the old state or
    /// the new, each the fold of a prefix of the log, and the position it reflects
    /// never goes back.
    ///
    /// ```swift
    /// let rebuild = try archive.rebuildProjections()        // from scratch
    /// if rebuild.replacedDifferentState { log("the live projections were damaged; repaired") }
    /// try archive.saveProjections()                         // persist the rebuilt state
    /// ```
    ///
    /// The checkpoint file is not written: call ``saveProjections()`` for that.
    @discardableResult
    public func rebuildProjections(from start: ProjectionRebuildStart = .scratch) throws -> ProjectionRebuild {
        try rebuildProjections(from: start, replaying: nil)
    }

    /// `rebuildProjections(from:)`, calling `replaying` with the count of events
    /// replayed so far after each event replayed beside the live projections (tests
    /// use it to read while the rebuild is known to be under way).
    func rebuildProjections(from start: ProjectionRebuildStart, replaying: ((Int) -> Void)?) throws -> ProjectionRebuild {
        let (policy, format) = projections.withLock { ($0.policy, $0.numberFormat) }
        var set: ProjectionSet
        switch start {
        case .scratch:
            set = ProjectionSet(policy: policy, numberFormat: format)
        case .checkpoint:
            let saved = try MappedFile.map(path + "/" + Self.projectionsFile, populate: true)
            set = try saved.flatMap { try checkpointed($0) } ?? ProjectionSet(policy: policy, numberFormat: format)
            set.numberFormat = format
        case .state(let given):
            set = given
            set.policy = policy
            set.numberFormat = format
        }
        var report = ProjectionRebuild(startedAfter: set.position, replayed: 0, caughtUp: 0, position: nil, replacedDifferentState: false)
        if let position = set.position, position >= store.endPosition {
            throw ArchiveError("the state to rebuild from reflects position \(position), past the log's end (\(store.endPosition) events)")
        }
        // Beside the live projections: lap after lap until the log stops running ahead
        // by much, so that the part done under the lock stays short.
        for _ in 0..<8 {
            let end = store.endPosition
            let from = set.position.map { $0 + 1 } ?? 0
            guard end > from, end - from > 64 || report.replayed == 0 else { break }
            try fold(from: from, to: end) { stored in
                set.apply(stored)
                report.replayed += 1
                replaying?(report.replayed)
            }
        }
        // The swap: both caught up to the same end, then the rebuilt one goes live.
        let old = try projections.withLock { live -> ProjectionSet in
            let end = store.endPosition
            try replay(from: set.position.map { $0 + 1 } ?? 0, to: end, masking: []) { stored in
                set.apply(stored)
                report.caughtUp += 1
                return true
            }
            try replay(from: live.position.map { $0 + 1 } ?? 0, to: end, masking: []) { stored in
                live.apply(stored)
                return true
            }
            let old = live
            live = set
            return old
        }
        report.position = set.position
        report.replacedDifferentState = old != set
        return report
    }
}
