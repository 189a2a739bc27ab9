internal import Synchronization

/// A line of an import that was refused.
public struct ImportRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number in the input.
    public var line: Int
    /// The rule broken (`sign_in.proxy`…) or the codec's error code (`unknown_field`…).
    public var rule: String
    /// What was wrong, with the field's path.
    public var message: String

    public var description: String { "line \(line): \(rule): \(message)" }
}

/// How an import treats bad lines.
public struct ImportOptions: Sendable {
    /// Write the valid events and report each rejected line (default: all or nothing).
    public var skipInvalid = false
    /// Called with the number of lines read so far, now and then.
    public var progress: (@Sendable (_ lines: Int, _ total: Int) -> Void)?

    public init(skipInvalid: Bool = false) { self.skipInvalid = skipInvalid }
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// Events written.
    public var appended = 0
    /// Events skipped because their ids were already in the archive (a repeated import).
    public var alreadyPresent = 0
    /// Lines refused (only with ``ImportOptions/skipInvalid``; otherwise the first one is thrown).
    public var rejected: [ImportRejection] = []
    /// Compliance flags raised (late notices, late arrivals…).
    public var flagged = 0
    /// The last position written, if any.
    public var lastPosition: UInt64?
}

extension Archive {
    /// Imports JSON Lines (EVENTS.md) in file order.
    ///
    /// All or nothing by default: every line is decoded and checked against the rules
    /// first, and the first bad one is thrown as an ``ImportRejection`` with nothing
    /// written. The valid events are then appended as one atomic batch (files over
    /// half of ``LogLimits/maxBatchBytes`` of events in batches of that size; a
    /// destruction is written on its own, once what precedes it is in) and fsynced once.
    /// Lines whose `id` is already in its stream are skipped, so importing the same
    /// file twice appends nothing the second time.
    public func importLines(_ input: [UInt8], options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try destroying.withLock { _ in try importLinesLocked(input, options: options) }
    }

    private func importLinesLocked(_ input: [UInt8], options: ImportOptions) throws -> ImportReport {
        let codec = EventJSONCodec()
        var report = ImportReport()
        var planned: [String: CachedState] = [:]
        var writes: [StreamAppend] = []
        var streamsInBatch = Set<String>()
        var batchBytes = 0
        var lineNumber = 0
        let total = input.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        // The ids given on lines accepted so far, with a fingerprint of their event: the
        // log refuses an id twice in a stream, so a repeat is settled here, by line.
        var given: [IDInStream: (line: Int, fingerprint: Int)] = [:]

        func reject(_ rejection: ImportRejection) throws {
            guard options.skipInvalid else { throw rejection }
            report.rejected.append(rejection)
        }

        func flush() throws {
            guard !writes.isEmpty else { return }
            let result = try log.appendBlocking(writes, durability: .deferred)
            report.lastPosition = result.positions.upperBound
            writes.removeAll()
            streamsInBatch.removeAll()
            batchBytes = 0
        }

        // What to write, in file order: batches of encoded records, and destructions,
        // whose register facts can only be filled once everything before is written.
        enum Step {
            case batch([StreamAppend])
            case destruction(Event)
        }
        var steps: [Step] = []
        try input.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd])
                start = end + 1
                if lineNumber % 8192 == 0 { options.progress?(lineNumber, total) }
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
                let decoded: DecodedEvent
                do {
                    decoded = try codec.decode(line: line)
                } catch let error as EventDecodingError {
                    try reject(ImportRejection(line: lineNumber, rule: error.code.description, message: error.description))
                    continue
                }
                let event = decoded.event
                let key = IDInStream(id: event.id, stream: event.stream)
                if decoded.idWasGiven, let earlier = given[key] {
                    // The same line twice is a retry of itself; another event under
                    // an id already used is an error.
                    if earlier.fingerprint == event.hashValue {
                        report.alreadyPresent += 1
                    } else {
                        try reject(ImportRejection(
                            line: lineNumber, rule: "duplicate_id",
                            message: "id \(event.id) is already the id of another event of \(event.stream), on line \(earlier.line); give each event its own id"))
                    }
                    continue
                }
                if decoded.idWasGiven, try log.position(of: event.id, in: event.stream) != nil {
                    report.alreadyPresent += 1
                    continue
                }
                // Taken out of the dictionary so that folding the event mutates the
                // state in place (a copy left behind would make every event copy the
                // meeting's arrays).
                let firstInFile = planned[event.stream] == nil
                var cached = try planned.removeValue(forKey: event.stream) ?? state(of: event.stream)
                defer { planned[event.stream] = cached }
                let admission: Admission
                do {
                    admission = try rules.admit(event, to: cached.state)
                } catch let error as RuleViolation {
                    let field = error.field.isEmpty ? "" : "\(error.field): "
                    try reject(ImportRejection(line: lineNumber, rule: error.rule.name, message: "\(error.stream): \(field)\(error.message)"))
                    continue
                }
                report.flagged += admission.flags.count
                if admission.event.type == .archiveDestroyed {
                    cached.state.apply(admission.event)
                    cached.version = cached.version.map { $0 + 1 } ?? 0
                    if !writes.isEmpty { steps.append(.batch(writes)) }
                    writes.removeAll()
                    streamsInBatch.removeAll()
                    batchBytes = 0
                    steps.append(.destruction(admission.event))
                    report.appended += 1
                    if decoded.idWasGiven { given[key] = (lineNumber, event.hashValue) }
                    continue
                }
                let before = cached.version
                cached.state.apply(admission.event)
                cached.version = cached.version.map { $0 + 1 } ?? 0
                let payload = BinaryEventCodec.encode(admission.event)
                let record = NewRecord(id: admission.event.id, type: admission.event.type.rawValue, payload: payload)
                batchBytes += payload.count + event.stream.utf8.count + 128
                if let last = writes.indices.last, writes[last].stream == event.stream {
                    writes[last].records.append(record)
                } else {
                    let expected: ExpectedVersion =
                        !firstInFile || streamsInBatch.contains(event.stream) ? .any : before.map { .exactly($0) } ?? .noStream
                    writes.append(StreamAppend(stream: event.stream, expected: expected, records: [record]))
                    streamsInBatch.insert(event.stream)
                }
                report.appended += 1
                if decoded.idWasGiven { given[key] = (lineNumber, event.hashValue) }
                if batchBytes >= LogLimits.maxBatchBytes / 2 {
                    steps.append(.batch(writes))
                    writes.removeAll()
                    streamsInBatch.removeAll()
                    batchBytes = 0
                }
            }
        }
        options.progress?(lineNumber, total)
        // Every line is checked: now write.
        if !writes.isEmpty { steps.append(.batch(writes)) }
        let destroyedStreams = steps.compactMap { step -> String? in
            if case .destruction(let event) = step { return event.stream } else { return nil }
        }
        try recordIntent(toDestroy: destroyedStreams)
        writes.removeAll()
        var shred: [UInt64] = []
        for step in steps {
            switch step {
            case .batch(let batch):
                writes = batch
                try flush()
            case .destruction(let event):
                let (filled, positions) = try preparingDestruction(event)
                let record = NewRecord(id: filled.id, type: filled.type.rawValue, payload: BinaryEventCodec.encode(filled))
                let result = try log.appendBlocking([StreamAppend(stream: filled.stream, records: [record])], durability: .deferred)
                report.lastPosition = result.positions.upperBound
                shred += positions
            }
        }
        try log.sync()
        // One shred for the whole file: each affected segment is rewritten once.
        try finishDestruction(shredding: shred)
        states.withLock { states in
            for (stream, cached) in planned { states[stream] = cached }
        }
        return report
    }

    /// An event id within its stream: the log's unit of idempotency.
    private struct IDInStream: Hashable {
        let id: EventID
        let stream: String
    }

    /// Writes the events from position `from` to `to` (inclusive) as JSON Lines with
    /// their `position`, `version`, `recorded_at` and `digest`, optionally of one
    /// stream only. Destroyed events cannot be exported (their content is gone); they
    /// are counted in the result instead.
    @discardableResult
    public func exportLines(
        stream: String? = nil, from: UInt64 = 0, to: UInt64? = nil, _ write: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> (exported: Int, destroyed: Int) {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 16)
        var exported = 0
        var destroyed = 0
        func emit(_ stored: StoredEvent) throws {
            guard let event = stored.event else {
                destroyed += 1
                return
            }
            let export = ExportMetadata(
                position: stored.position, version: stored.version,
                recordedAt: ZonedTime(microseconds: stored.recordedAt, offsetMinutes: 0), digest: stored.digest)
            codec.encode(event, export: export, into: &writer)
            writer.newline()
            exported += 1
            if writer.bytes.count >= 1 << 16 {
                try writer.bytes.withUnsafeBytes(write)
                writer.bytes.removeAll(keepingCapacity: true)
            }
        }
        let end = to.map { $0 + 1 }
        if let stream {
            for stored in try events(in: stream) where stored.position >= from && stored.position < (end ?? .max) { try emit(stored) }
        } else {
            try replay(from: from, to: end) { stored in
                try emit(stored)
                return true
            }
        }
        if !writer.bytes.isEmpty { try writer.bytes.withUnsafeBytes(write) }
        return (exported, destroyed)
    }
}
