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
        let total = options.progress == nil ? 0 : ImportLines.count(input)

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
        // The lines are decoded on other threads a window at a time (decoding needs no
        // order), and judged here in file order.
        let lines = ImportLines(input, codec: codec)
        let decoding = OrderedWork(count: lines.windows) { lines.decode(window: $0) }
        defer { decoding.finish() }
        for window in 0..<decoding.count {
            for outcome in try decoding.take(window) {
                lineNumber += 1
                if lineNumber % 8192 == 0 { options.progress?(lineNumber, total) }
                let decoded: DecodedEvent
                switch outcome {
                case .blank: continue
                case .refused(let error):
                    try reject(ImportRejection(line: lineNumber, rule: error.code.description, message: error.description))
                    continue
                case .decoded(let event): decoded = event
                }
                let event = decoded.event
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
                } catch {
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

/// An import's input cut into windows of whole lines, each decoded on its own (on
/// any thread): the part of an import that needs no order.
struct ImportLines: Sendable {
    /// One line's decoding.
    enum Outcome: Sendable {
        /// Empty, or only spaces and tabs: skipped, but counted.
        case blank
        case decoded(DecodedEvent)
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
                    out.append(.decoded(try codec.decode(line: line)))
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
