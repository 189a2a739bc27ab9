internal import Synchronization

/// The outcome of an append to an archive.
public struct ArchiveAppendResult: Sendable, Equatable {
    /// The positions the events were written at (or already had, for a retry).
    public var positions: ClosedRange<UInt64>
    /// Rules that were bent but not broken (a late notice, a late arrival…), for the
    /// compliance counts.
    public var flags: [ComplianceFlag]
    /// True when every event was already in the archive (an idempotent retry).
    public var duplicate: Bool
}

extension Archive {
    /// Appends events atomically, in order, each checked against its meeting's rules
    /// as the meeting stands at that point (earlier events of the same batch
    /// included). Throws ``RuleViolation`` naming the rule, stream and field of the
    /// first event that breaks a rule; then nothing is written.
    ///
    /// Events already stored (the same ids, streams and content) make the call an
    /// idempotent retry: nothing is written and the result says
    /// ``ArchiveAppendResult/duplicate``. An id that another event holds, in any stream,
    /// or that two events of the batch share, throws
    /// ``LogError/Code-swift.struct/idempotencyConflict`` naming both.
    ///
    /// On an archive opened for reading, the append takes the writer's turn (see
    /// ``appendBlocking(_:durability:)``).
    public func append(_ events: [Event], durability: Durability = .fsync) async throws -> ArchiveAppendResult {
        if log.isReadOnly { return try appendThroughWriter(events, durability: durability, holdingContent: []) }
        // Destructions are rare and must not interleave: they take the blocking path
        // under the destruction lock.
        if events.contains(where: { $0.type == .archiveDestroyed }) { return try appendBlocking(events, durability: durability) }
        let ids = events.map(\.id)
        while !claim(ids) { try await Task.sleep(for: .microseconds(500)) }
        defer { release(ids) }
        let (events, shred) = try destructionsPrepared(events)
        for _ in 0..<16 {
            guard let plan = try plan(events) else { return try duplicateResult(events) }
            do {
                let result = try await log.append(plan.writes, durability: durability)
                remember(plan)
                try finishDestruction(shredding: shred, streams: destroyedIn(events))
                return ArchiveAppendResult(positions: result.positions, flags: plan.flags, duplicate: result.duplicate)
            } catch let error as LogError where error.code == .wrongExpectedVersion {
                // Another writer moved one of these streams since its state was read:
                // read it again and re-check the rules against what is there now.
                forget(plan.writes.map(\.stream))
            }
        }
        throw LogError(.wrongExpectedVersion, "the streams kept changing under this append; retry later")
    }

    /// The same as ``append(_:durability:)``, blocking the calling thread.
    ///
    /// On an archive opened for reading (a view recording a cleared read as
    /// `archive.accessed`), the events are appended by a writer opened for them in this
    /// process and closed after: it waits up to ``ArchiveOptions/writerWait`` for
    /// another process's writer to finish, and fails saying so if it does not. Readers
    /// never hold the writer's lock, so other readers never make it wait. This archive
    /// keeps reading the log as it was when opened.
    public func appendBlocking(_ events: [Event], durability: Durability = .fsync) throws -> ArchiveAppendResult {
        try appendBlocking(events, durability: durability, holdingContent: [])
    }

    /// The same, refusing (`record.destroyed`) if a stream of `holdingContent` no
    /// longer holds its content when the events are checked: a view recording the
    /// read of content it read before a destruction read nothing it may show.
    func appendBlocking(_ events: [Event], durability: Durability = .fsync, holdingContent: Set<String>) throws -> ArchiveAppendResult {
        if log.isReadOnly { return try appendThroughWriter(events, durability: durability, holdingContent: holdingContent) }
        if events.contains(where: { $0.type == .archiveDestroyed }) {
            return try destroying.withLock { _ in try appendOnce(events, durability: durability, holdingContent: holdingContent) }
        }
        return try appendOnce(events, durability: durability, holdingContent: holdingContent)
    }

    /// Appends through a writer opened for the purpose (this archive is read-only).
    private func appendThroughWriter(_ events: [Event], durability: Durability, holdingContent: Set<String>) throws -> ArchiveAppendResult {
        var writing = options
        writing.readOnly = false
        writing.policy = rules.policy
        writing.log.lockWait = Int64(options.writerWait * 1_000_000)
        let writer: Archive
        do {
            writer = try Archive.open(at: path, options: writing)
        } catch let error as LogError where error.code == .locked {
            throw ArchiveError(
                "\(path): another process is writing to the archive and did not finish within \(options.writerWait) s, so this read could not be recorded (查阅登记) and nothing is shown; try again when it has finished (\(error.message))")
        }
        defer { try? writer.close() }
        return try writer.appendBlocking(events, durability: durability, holdingContent: holdingContent)
    }

    private func appendOnce(_ events: [Event], durability: Durability, holdingContent: Set<String>) throws -> ArchiveAppendResult {
        let ids = events.map(\.id)
        claimWaiting(ids)
        defer { release(ids) }
        let (events, shred) = try destructionsPrepared(events)
        try recordIntent(toDestroy: destroyedIn(events))
        for _ in 0..<16 {
            guard let plan = try plan(events, holdingContent: holdingContent) else {
                try finishInterruptedDestruction()  // a retried destruction finishes its shred
                return try duplicateResult(events)
            }
            do {
                let result = try log.appendBlocking(plan.writes, durability: durability)
                remember(plan)
                try finishDestruction(shredding: shred, streams: destroyedIn(events))
                return ArchiveAppendResult(positions: result.positions, flags: plan.flags, duplicate: result.duplicate)
            } catch let error as LogError where error.code == .wrongExpectedVersion {
                forget(plan.writes.map(\.stream))
            }
        }
        throw LogError(.wrongExpectedVersion, "the streams kept changing under this append; retry later")
    }

    /// The streams `events` destroy.
    func destroyedIn(_ events: [Event]) -> [String] {
        events.filter { $0.type == .archiveDestroyed }.map(\.stream)
    }

    /// Destructions get their register facts; returns the content positions to shred.
    private func destructionsPrepared(_ events: [Event]) throws -> ([Event], [UInt64]) {
        guard events.contains(where: { $0.type == .archiveDestroyed }) else { return (events, []) }
        var out: [Event] = []
        var shred: [UInt64] = []
        for event in events {
            // A restored record's content was destroyed elsewhere: nothing to shred, and
            // its register is the one its source recorded.
            if event.type == .archiveDestroyed, try log.position(of: event.id, in: event.stream) == nil,
                try state(of: event.stream).destroyedContent == nil
            {
                let (filled, positions) = try preparingDestruction(event)
                out.append(filled)
                shred += positions
            } else {
                out.append(event)
            }
        }
        return (out, shred)
    }

    /// Events checked and encoded, ready for the log.
    struct Plan {
        var writes: [StreamAppend] = []
        var flags: [ComplianceFlag] = []
        /// Each stream's state after the batch, and the version it will be at.
        var after: [String: CachedState] = [:]
        /// The version each stream was at when its state was read.
        var before: [String: UInt64?] = [:]
    }

    /// Checks `events` against the rules; nil when every event is already stored.
    func plan(_ events: [Event], holdingContent: Set<String> = []) throws -> Plan? {
        guard !events.isEmpty else { throw LogError(.invalidArgument, "an append needs at least one event") }
        // An id names one event in the whole archive: a stored event given again is a
        // retry; another event under its id (in any stream) is refused.
        var present = 0
        var seen: [EventID: Int] = [:]
        seen.reserveCapacity(events.count)
        for (n, event) in events.enumerated() {
            if let earlier = seen.updateValue(n, forKey: event.id) {
                throw LogError(
                    .idempotencyConflict,
                    "events \(earlier + 1) and \(n + 1) of this batch (of \(events[earlier].stream) and \(event.stream)) have the same id \(event.id) (duplicate_id); give each event its own id")
            }
            switch try standing(of: event) {
            case .new: break
            case .retry: present += 1
            case let taken:
                throw LogError(.idempotencyConflict, "event \(n + 1) of this batch: " + Self.idTaken(event.id, stream: event.stream, type: event.type, by: taken))
            }
        }
        if present == events.count { return nil }
        if present > 0 {
            throw LogError(
                .idempotencyConflict,
                "\(present) of these \(events.count) events are already in the archive and the others are not; a retry must repeat the original batch exactly")
        }
        var plan = Plan()
        for event in events {
            var cached: CachedState
            let firstInBatch: Bool
            if let current = plan.after.removeValue(forKey: event.stream) {
                cached = current  // taken out, so the fold below mutates it in place
                firstInBatch = false
            } else {
                cached = try state(of: event.stream)
                plan.before[event.stream] = cached.version
                firstInBatch = true
            }
            if holdingContent.contains(event.stream) { try RuleCheck.refuseDestroyed(cached.state) }
            let admission = try rules.admit(event, to: cached.state, destroyedContent: cached.destroyedContent)
            plan.flags.append(contentsOf: admission.flags)
            cached.state.apply(admission.event)
            cached.version = cached.version.map { $0 + 1 } ?? 0
            plan.after[event.stream] = cached
            let record = NewRecord(id: admission.event.id, type: admission.event.type.rawValue, payload: BinaryEventCodec.encode(admission.event))
            if let last = plan.writes.indices.last, plan.writes[last].stream == event.stream {
                plan.writes[last].records.append(record)
            } else {
                let expected: ExpectedVersion
                if !firstInBatch {
                    expected = .any  // checked by the first part of this stream in the batch
                } else if let version = plan.before[event.stream]! {
                    expected = .exactly(version)
                } else {
                    expected = .noStream
                }
                plan.writes.append(StreamAppend(stream: event.stream, expected: expected, records: [record]))
            }
        }
        return plan
    }

    /// A stream's state for the rules: from the cache, or folded from the log.
    func state(of stream: String) throws -> CachedState {
        if let cached = states.withLock({ $0[stream] }), cached.version == log.lastVersion(of: stream) { return cached }
        var state = MeetingState(stream: stream)
        var version: UInt64?
        var destroyed: DestroyedContent?
        for stored in try events(in: stream) {
            // A destroyed record's content events are gone; its custody events
            // (archive.destroyed among them) are never shredded, so the state still
            // knows the record is destroyed and the rules refuse anything further.
            // (Destroyed content without its destruction is a restore that a crash
            // interrupted: what the headers say lets the destruction be judged.)
            if let event = stored.event {
                state.apply(event)
            } else {
                state.applyDestroyed()
                destroyed = destroyed ?? DestroyedContent()
                destroyed?.record(stored.type, digest: stored.digest)
            }
            version = stored.version
        }
        let cached = CachedState(state: state, version: version, destroyedContent: destroyed)
        states.withLock { $0[stream] = cached }
        return cached
    }

    private func remember(_ plan: Plan) {
        states.withLock { states in
            for (stream, after) in plan.after {
                // Only if nobody else moved the stream meanwhile (else it is re-read).
                if states[stream]?.version == plan.before[stream] ?? nil { states[stream] = after } else { states[stream] = nil }
            }
        }
    }

    private func forget(_ streams: [String]) {
        states.withLock { for stream in streams { $0[stream] = nil } }
    }

    private func duplicateResult(_ events: [Event]) throws -> ArchiveAppendResult {
        let positions = try events.compactMap { try log.position(of: $0.id, in: $0.stream) }
        return ArchiveAppendResult(positions: positions.min()!...positions.max()!, flags: [], duplicate: true)
    }
}
