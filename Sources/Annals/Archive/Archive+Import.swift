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
    /// Of those written, events whose content had been destroyed in the archive that
    /// exported them (tombstone lines): appended as records born destroyed.
    public var destroyed = 0
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
    /// Lines whose event is already stored (the same id, stream and content) are
    /// skipped, so importing the same file twice appends nothing the second time; a
    /// line whose id another event holds, in any stream, is refused as
    /// `idempotency_conflict`, and an id given twice in the file as `duplicate_id`,
    /// naming both lines.
    ///
    /// A tombstone line (an event whose content was destroyed in the archive that
    /// exported it, ``DestroyedEvent``) is appended as a record born destroyed with
    /// its digest, and the record's custody events are judged by what the tombstones'
    /// headers say (`Rules/Restoration.swift`); its `archive.destroyed` must be in the
    /// same file.
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
        let total = options.progress == nil ? 0 : ImportLines.count(input)
        // The ids given on lines accepted so far, with a fingerprint of their event and
        // its stream: an id is the archive's, not a stream's, so a repeat in any stream
        // is settled here, naming both lines.
        var given: [EventID: (line: Int, fingerprint: Int, stream: String)] = [:]
        // The ids this import has claimed (Archive+UniqueIDs): settled against the
        // archive and written by this import alone until it ends.
        var claimed = Set<EventID>()
        defer { release(claimed) }

        /// What the archive holds under a line's id, claimed for this import first.
        func settle(_ id: EventID, _ standing: () throws -> IDStanding) throws -> IDStanding {
            if claimed.insert(id).inserted { claimWaiting(CollectionOfOne(id)) }
            return try standing()
        }

        func reject(_ rejection: ImportRejection) throws {
            guard options.skipInvalid else { throw rejection }
            report.rejected.append(rejection)
        }

        /// Whether a line's id is new to the archive. A stored event given again is
        /// counted as already present; another event under a stored id (any stream) is
        /// refused as `idempotency_conflict`. Either way the line is not written.
        func isNewID(_ id: EventID, stream: String, type: EventType, line: Int, _ standing: () throws -> IDStanding) throws -> Bool {
            switch try settle(id, standing) {
            case .new:
                return true
            case .retry:
                report.alreadyPresent += 1
                return false
            case let taken:
                try reject(ImportRejection(line: line, rule: "idempotency_conflict", message: Self.idTaken(id, stream: stream, type: type, by: taken)))
                return false
            }
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
        // whose register facts can only be filled once everything before is written
        // (a restored record's destruction is written as it came: see below).
        enum Step {
            case batch([StreamAppend])
            case destruction(Event, restored: Bool)
        }
        var steps: [Step] = []
        // Streams with destroyed content (restored records) this file adds to, with the
        // first line that does: each must end the file destroyed.
        var restoring: [String: Int] = [:]

        /// Queues one record of `stream`, whose version before this file's events was
        /// `before`, into the current batch.
        func enqueue(_ record: NewRecord, stream: String, before: UInt64?, firstInFile: Bool) {
            batchBytes += record.payload.count + stream.utf8.count + 128
            if let last = writes.indices.last, writes[last].stream == stream {
                writes[last].records.append(record)
            } else {
                let expected: ExpectedVersion =
                    !firstInFile || streamsInBatch.contains(stream) ? .any : before.map { .exactly($0) } ?? .noStream
                writes.append(StreamAppend(stream: stream, expected: expected, records: [record]))
                streamsInBatch.insert(stream)
            }
            report.appended += 1
            if batchBytes >= LogLimits.maxBatchBytes / 2 {
                steps.append(.batch(writes))
                writes.removeAll()
                streamsInBatch.removeAll()
                batchBytes = 0
            }
        }

        /// A tombstone line: judged by what the record's headers say, appended as a
        /// record born destroyed with the digest its source archive recorded.
        func restore(_ destroyed: DestroyedEvent) throws {
            if let earlier = given[destroyed.id] {
                if earlier.fingerprint == destroyed.digest.hashValue, earlier.stream == destroyed.stream {
                    report.alreadyPresent += 1
                } else {
                    try reject(ImportRejection(
                        line: lineNumber, rule: "duplicate_id",
                        message: "id \(destroyed.id) is already the id of another event\(earlier.stream == destroyed.stream ? "" : " (of \(earlier.stream))"), on line \(earlier.line); give each event its own id"))
                }
                return
            }
            guard try isNewID(destroyed.id, stream: destroyed.stream, type: destroyed.type, line: lineNumber, { try standing(of: destroyed) }) else {
                return
            }
            let firstInFile = planned[destroyed.stream] == nil
            var cached = try planned.removeValue(forKey: destroyed.stream) ?? state(of: destroyed.stream)
            defer { planned[destroyed.stream] = cached }
            do {
                cached.destroyedContent = try rules.admitDestroyed(destroyed, to: cached.state, destroyedContent: cached.destroyedContent)
            } catch {
                try reject(ImportRejection(line: lineNumber, rule: error.rule.name, message: "\(error.stream): \(error.field): \(error.message)"))
                return
            }
            if restoring[destroyed.stream] == nil { restoring[destroyed.stream] = lineNumber }
            let before = cached.version
            cached.state.applyDestroyed()
            cached.version = cached.version.map { $0 + 1 } ?? 0
            enqueue(
                NewRecord.destroyed(id: destroyed.id, type: destroyed.type.rawValue, digest: destroyed.digest),
                stream: destroyed.stream, before: before, firstInFile: firstInFile)
            report.destroyed += 1
            given[destroyed.id] = (lineNumber, destroyed.digest.hashValue, destroyed.stream)
        }
        // The lines are decoded on other threads a window at a time (decoding needs no
        // order), and judged here in file order.
        let lines = ImportLines(input, codec: codec)
        let decoding = OrderedPipeline(count: lines.windows) { lines.decode(window: $0) }
        defer { decoding.finish() }
        while let outcomes = try decoding.next() {
            for outcome in outcomes {
                lineNumber += 1
                if lineNumber % 8192 == 0 { options.progress?(lineNumber, total) }
                let decoded: DecodedEvent
                switch outcome {
                case .blank: continue
                case .refused(let error):
                    try reject(ImportRejection(line: lineNumber, rule: error.code.description, message: error.description))
                    continue
                case .destroyed(let destroyed):
                    try restore(destroyed)
                    continue
                case .decoded(let event): decoded = event
                }
                let event = decoded.event
                let key = event.id
                if decoded.idWasGiven, let earlier = given[key] {
                    // The same line twice is a retry of itself; another event under
                    // an id already used is an error.
                    if earlier.fingerprint == event.hashValue {
                        report.alreadyPresent += 1
                    } else {
                        try reject(ImportRejection(
                            line: lineNumber, rule: "duplicate_id",
                            message: "id \(event.id) is already the id of another event\(earlier.stream == event.stream ? "" : " (of \(earlier.stream))"), on line \(earlier.line); give each event its own id"))
                    }
                    continue
                }
                if decoded.idWasGiven {
                    // An id already in the archive, in any stream: this very event
                    // again is skipped (a repeated import); another event is refused.
                    guard try isNewID(key, stream: event.stream, type: event.type, line: lineNumber, { try standing(of: event) }) else {
                        continue
                    }
                }
                // Taken out of the dictionary so that folding the event mutates the
                // state in place (a copy left behind would make every event copy the
                // meeting's arrays).
                let firstInFile = planned[event.stream] == nil
                var cached = try planned.removeValue(forKey: event.stream) ?? state(of: event.stream)
                defer { planned[event.stream] = cached }
                let admission: Admission
                do {
                    admission = try rules.admit(event, to: cached.state, destroyedContent: cached.destroyedContent)
                } catch {
                    let field = error.field.isEmpty ? "" : "\(error.field): "
                    try reject(ImportRejection(line: lineNumber, rule: error.rule.name, message: "\(error.stream): \(field)\(error.message)"))
                    continue
                }
                report.flagged += admission.flags.count
                if cached.destroyedContent != nil, restoring[event.stream] == nil { restoring[event.stream] = lineNumber }
                if admission.event.type == .archiveDestroyed {
                    cached.state.apply(admission.event)
                    cached.version = cached.version.map { $0 + 1 } ?? 0
                    if !writes.isEmpty { steps.append(.batch(writes)) }
                    writes.removeAll()
                    streamsInBatch.removeAll()
                    batchBytes = 0
                    steps.append(.destruction(admission.event, restored: cached.destroyedContent != nil))
                    report.appended += 1
                    if decoded.idWasGiven { given[key] = (lineNumber, event.hashValue, event.stream) }
                    continue
                }
                let before = cached.version
                cached.state.apply(admission.event)
                cached.version = cached.version.map { $0 + 1 } ?? 0
                let payload = BinaryEventCodec.encode(admission.event)
                let record = NewRecord(id: admission.event.id, type: admission.event.type.rawValue, payload: payload)
                enqueue(record, stream: event.stream, before: before, firstInFile: firstInFile)
                if decoded.idWasGiven { given[key] = (lineNumber, event.hashValue, event.stream) }
            }
        }
        options.progress?(lineNumber, total)
        if !writes.isEmpty { steps.append(.batch(writes)) }
        writes.removeAll()
        // Destroyed content comes with its destruction, or not at all: otherwise the
        // record would stand in the archive with its content gone and no act to show.
        for (stream, line) in restoring.sorted(by: { $0.value < $1.value }) where planned[stream]?.state.isDestroyed != true {
            try reject(ImportRejection(
                line: line, rule: RuleID.restoreNotDestroyed.name,
                message: "\(stream): type: this record's content was destroyed, but its archive.destroyed is not in the file; import the whole export (or this record's whole stream), not a part of it"))
            // With skipInvalid: none of the stream's events of this file are written.
            for i in steps.indices {
                guard case .batch(let batch) = steps[i] else { continue }
                report.appended -= batch.reduce(0) { $0 + ($1.stream == stream ? $1.records.count : 0) }
                report.destroyed -= batch.reduce(0) { $0 + ($1.stream == stream ? $1.records.count(where: \.isDestroyed) : 0) }
                steps[i] = .batch(batch.filter { $0.stream != stream })
            }
            planned[stream] = nil
        }
        report.rejected.sort { $0.line < $1.line }
        // Every line is checked: now write.
        let destroyedStreams = steps.compactMap { step -> String? in
            if case .destruction(let event, restored: false) = step { return event.stream } else { return nil }
        }
        try recordIntent(toDestroy: destroyedStreams)
        var shred: [UInt64] = []
        let start = log.endPosition
        do {
        for step in steps {
            switch step {
            case .batch(let batch):
                writes = batch
                try flush()
            case .destruction(let event, restored: true):
                // Its content arrived destroyed: nothing to shred, and its register is
                // the one its source archive recorded (checked against the digests).
                let record = NewRecord(id: event.id, type: event.type.rawValue, payload: BinaryEventCodec.encode(event))
                let result = try log.appendBlocking([StreamAppend(stream: event.stream, records: [record])], durability: .deferred)
                report.lastPosition = result.positions.upperBound
            case .destruction(let event, restored: false):
                let (filled, positions) = try preparingDestruction(event)
                let record = NewRecord(id: filled.id, type: filled.type.rawValue, payload: BinaryEventCodec.encode(filled))
                let result = try log.appendBlocking([StreamAppend(stream: filled.stream, records: [record])], durability: .deferred)
                report.lastPosition = result.positions.upperBound
                shred += positions
            }
        }
        try log.sync()
        } catch {
            // What the log accepted before the failure stays: say so, never "nothing".
            let end = log.endPosition
            guard end > start else { throw error }
            states.withLock { $0.removeAll() }
            throw ArchiveError(
                "\(error). Before it failed, this import had written positions \(start)…\(end - 1) (\(end - start) events, in file order): they are in the archive. Importing the same file again skips the lines whose ids are already there")
        }
        // One shred for the whole file: each affected segment is rewritten once.
        try finishDestruction(shredding: shred, streams: destroyedStreams)
        states.withLock { states in
            for (stream, cached) in planned { states[stream] = cached }
        }
        return report
    }

    /// Writes the events from position `from` to `to` (inclusive) as JSON Lines with
    /// their `position`, `version`, `recorded_at` and `digest`, optionally of one
    /// stream only. An event whose content was destroyed is written as a tombstone
    /// line (``DestroyedEvent``: its id, stream, type and digest, `"destroyed": true`,
    /// no content), so that the export of an archive with destructions imports again.
    /// Returns the lines written, and how many of them are tombstones.
    @discardableResult
    package func exportLines(
        stream: String? = nil, from: UInt64 = 0, to: UInt64? = nil, _ write: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> (exported: Int, destroyed: Int) {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 16)
        var exported = 0
        var destroyed = 0
        // The id comes from the record: a destroyed event has no `Event` to carry it.
        func emit(_ stored: StoredEvent, id: EventID) throws {
            let recordedAt = ZonedTime(microseconds: stored.recordedAt, offsetMinutes: 0)
            if let event = stored.event {
                let export = ExportMetadata(position: stored.position, version: stored.version, recordedAt: recordedAt, digest: stored.digest)
                codec.encode(event, export: export, into: &writer)
            } else {
                let tombstone = DestroyedEvent(
                    id: id, stream: stored.stream, type: stored.type, digest: stored.digest, position: stored.position,
                    version: stored.version, recordedAt: recordedAt)
                codec.encode(tombstone, into: &writer)
                destroyed += 1
            }
            writer.newline()
            exported += 1
            if writer.bytes.count >= 1 << 16 {
                try writer.bytes.withUnsafeBytes(write)
                writer.bytes.removeAll(keepingCapacity: true)
            }
        }
        let end = to.map { $0 + 1 }
        let destroyedStreams = try destroyedStreams()
        if let stream {
            for record in try log.readStream(stream) where record.position >= from && record.position < (end ?? .max) {
                var stored = try decode(record)
                stored.mask(destroyed: destroyedStreams)
                try emit(stored, id: record.id)
            }
        } else {
            try log.scan(from: from, to: end) { view in
                if view.isLogMaintenance { return true }  // the log's own records are no events
                var stored = try StoredEvent(view)
                stored.mask(destroyed: destroyedStreams)
                try emit(stored, id: view.id)
                return true
            }
        }
        if !writer.bytes.isEmpty { try writer.bytes.withUnsafeBytes(write) }
        return (exported, destroyed)
    }
}

/// An import's input cut into windows of whole lines, each decoded on its own (on
/// any thread): the part of an import that needs no order.
struct ImportLines: Sendable {
    /// One line's decoding.
    enum Outcome: Sendable {
        /// Empty, or only spaces and tabs: skipped, but counted.
        case blank
        case decoded(DecodedEvent)
        /// A tombstone line (``DestroyedEvent``).
        case destroyed(DestroyedEvent)
        case refused(EventDecodingError)
    }

    static let windowBytes = 1 << 20

    let input: [UInt8]
    let codec: EventJSONCodec
    /// Where each window starts (at a line's start), and the end.
    let bounds: [Int]

    init(_ input: [UInt8], codec: EventJSONCodec) {
        self.input = input
        self.codec = codec
        var bounds = [0]
        input.withUnsafeBytes { bytes in
            var at = 0
            while at < bytes.count {
                at = Self.newline(in: bytes, from: min(bytes.count, at + Self.windowBytes)) + 1
                bounds.append(min(at, bytes.count))
            }
        }
        if bounds.count == 1 { bounds.append(0) }
        self.bounds = bounds
    }

    var windows: Int { bounds.count - 1 }

    /// The lines of window `k`, decoded, in order: line `N` of the file is the
    /// `N`th outcome over the windows in order.
    func decode(window k: Int) -> [Outcome] {
        input.withUnsafeBytes { bytes in
            var out: [Outcome] = []
            var start = bounds[k]
            let stop = bounds[k + 1]
            while start < stop {
                let end = Self.newline(in: UnsafeRawBufferPointer(rebasing: bytes[..<stop]), from: start)
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd])
                start = end + 1
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                    out.append(.blank)
                    continue
                }
                do throws(EventDecodingError) {
                    switch try codec.decodeLine(line) {
                    case .event(let event): out.append(.decoded(event))
                    case .destroyed(let destroyed): out.append(.destroyed(destroyed))
                    }
                } catch {
                    out.append(.refused(error))
                }
            }
            return out
        }
    }

    /// The index of the first `\n` at or after `from`, else the end; eight bytes at a time.
    static func newline(in bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        var i = from
        while i + 8 <= bytes.count {
            let mask = newlines(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if mask != 0 { return i + mask.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        return i
    }

    /// How many `\n` bytes `input` holds.
    static func count(_ input: [UInt8]) -> Int {
        input.withUnsafeBytes { bytes in
            var n = 0
            var i = 0
            while i + 8 <= bytes.count {
                n += newlines(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)).nonzeroBitCount
                i += 8
            }
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\n") { n += 1 }
                i += 1
            }
            return n
        }
    }

    /// 0x80 in each byte of `word` that is `\n`, exactly (no carries between bytes).
    @inline(__always) static func newlines(_ word: UInt64) -> UInt64 {
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x | low7)
    }
}
