#if canImport(Glibc)
internal import Glibc
#endif
internal import Dispatch
internal import Foundation
internal import Synchronization

/// A record ready for the writer: validated, salted and digested in the caller's
/// thread so that the single writer thread only assigns positions and copies bytes.
struct PreparedRecord: Sendable {
    var id: EventID
    var type: [UInt8]
    var nonce: [UInt8]
    var digest: Hash256
    var payload: [UInt8]
    /// Appended already destroyed: `digest` is given, and nonce and payload are not stored.
    var destroyed = false
}

struct PreparedWrite: Sendable {
    var stream: String
    var streamBytes: [UInt8]
    var expected: ExpectedVersion
    var records: [PreparedRecord]
}

/// Lets a buffer be written from `concurrentPerform`'s threads, each to its own
/// disjoint range.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

final class AppendJob: Sendable {
    let writes: [PreparedWrite]
    let durability: Durability
    let complete: @Sendable (Result<AppendResult, any Error>) -> Void

    init(writes: [PreparedWrite], durability: Durability, complete: @escaping @Sendable (Result<AppendResult, any Error>) -> Void) {
        self.writes = writes
        self.durability = durability
        self.complete = complete
    }
}

enum WriterJob: Sendable {
    case append(AppendJob)
    case sync(Completion<Void>)
    case seal(Completion<Void>)
    case shred(Set<UInt64>, Completion<Int>)
    case close(Completion<Void>)
}

extension Log {
    /// Appends an atomic batch: every record of every stream is written, or none.
    ///
    /// - Each ``StreamAppend``'s ``ExpectedVersion`` is checked against the stream as
    ///   it is when the batch is written; a mismatch fails the whole batch with
    ///   ``LogError/Code-swift.struct/wrongExpectedVersion``.
    /// - If every record's id is already in its stream, nothing is written and the
    ///   result says ``AppendResult/duplicate`` (a safe retry after a lost reply).
    /// - Returns once the batch is fsynced (``Durability/fsync``); appends made at the
    ///   same time share one fsync.
    public func append(_ writes: [StreamAppend], durability: Durability = .fsync) async throws -> AppendResult {
        let prepared = try prepare(writes)
        return try await withCheckedThrowingContinuation { continuation in
            submit(prepared, durability) { continuation.resume(with: $0) }
        }
    }

    /// The same as ``append(_:durability:)``, blocking the calling thread (for code
    /// outside Swift concurrency, and for tools).
    public func appendBlocking(_ writes: [StreamAppend], durability: Durability = .fsync) throws -> AppendResult {
        let prepared = try prepare(writes)
        let done = Completion<AppendResult>()
        submit(prepared, durability) { done.deliver($0) }
        return try done.wait()
    }

    /// Fsyncs everything appended with ``Durability/deferred`` so far.
    public func sync() throws {
        let done = Completion<Void>()
        try submitControl(.sync(done))
        try done.wait()
    }

    func submit(_ writes: [PreparedWrite], _ durability: Durability, _ complete: @escaping @Sendable (Result<AppendResult, any Error>) -> Void) {
        guard let writer else {
            complete(.failure(LogError(.readOnly, "the log at \(directory) was opened read-only")))
            return
        }
        if !writer.push(.append(AppendJob(writes: writes, durability: durability, complete: complete))) {
            complete(.failure(LogError(.closed, "the log at \(directory) is closed")))
        }
    }

    func submitControl(_ job: WriterJob) throws {
        guard let writer else { throw LogError(.readOnly, "the log at \(directory) was opened read-only") }
        guard writer.push(job) else { throw LogError(.closed, "the log at \(directory) is closed") }
    }

    /// Checks sizes, draws nonces and computes digests.
    func prepare(_ writes: [StreamAppend]) throws -> [PreparedWrite] {
        guard !writes.isEmpty else { throw LogError(.invalidArgument, "an append needs at least one stream") }
        let total = writes.reduce(0) { $0 + $1.records.count }
        var nonces = [UInt8](repeating: 0, count: total * RecordCodec.nonceBytes)
        nonces.withUnsafeMutableBytes { SecureRandom.fill($0) }
        var seenIDs = Set<EventID>()
        var bytes = 0
        var out: [PreparedWrite] = []
        out.reserveCapacity(writes.count)
        var n = 0
        for write in writes {
            let streamBytes = Array(write.stream.utf8)
            guard !streamBytes.isEmpty, streamBytes.count <= LogLimits.maxStreamBytes else {
                throw LogError(.invalidArgument, "stream name must be 1 to \(LogLimits.maxStreamBytes) bytes, got \(streamBytes.count)")
            }
            guard !write.records.isEmpty else {
                throw LogError(.invalidArgument, "stream \(write.stream): an append needs at least one record")
            }
            var records: [PreparedRecord] = []
            records.reserveCapacity(write.records.count)
            var lastType = ""
            var lastTypeBytes: [UInt8] = []
            for record in write.records {
                if record.type != lastType {
                    lastType = record.type
                    lastTypeBytes = Array(record.type.utf8)
                }
                let type = lastTypeBytes
                guard !type.isEmpty, type.count <= LogLimits.maxTypeBytes else {
                    throw LogError(.invalidArgument, "stream \(write.stream): type label must be 1 to 255 bytes")
                }
                guard record.payload.count <= LogLimits.maxPayloadBytes else {
                    throw LogError(
                        .tooLarge,
                        "stream \(write.stream): a payload of \(record.payload.count) bytes exceeds the limit of \(LogLimits.maxPayloadBytes)")
                }
                guard seenIDs.insert(record.id).inserted else {
                    throw LogError(.invalidArgument, "event id \(record.id) appears twice in one batch")
                }
                let nonce = Array(nonces[n * 16..<(n + 1) * 16])
                n += 1
                if let digest = record.destroyedDigest {
                    guard record.payload.isEmpty else {
                        throw LogError(.invalidArgument, "stream \(write.stream): a record appended destroyed has no payload")
                    }
                    bytes += RecordCodec.encodedSize(typeBytes: type.count, streamBytes: streamBytes.count, payloadBytes: 0, destroyed: true)
                    records.append(PreparedRecord(id: record.id, type: type, nonce: [], digest: digest, payload: [], destroyed: true))
                    continue
                }
                bytes += RecordCodec.encodedSize(typeBytes: type.count, streamBytes: streamBytes.count, payloadBytes: record.payload.count)
                records.append(PreparedRecord(id: record.id, type: type, nonce: nonce, digest: .zero, payload: record.payload))
            }
            out.append(PreparedWrite(stream: write.stream, streamBytes: streamBytes, expected: write.expected, records: records))
        }
        guard bytes <= LogLimits.maxBatchBytes else {
            throw LogError(.tooLarge, "a batch of \(bytes) bytes exceeds the limit of \(LogLimits.maxBatchBytes)")
        }
        Self.computeDigests(&out, payloadBytes: bytes)
        return out
    }

    /// SHA-256(nonce ‖ payload) for every record; large batches use every core
    /// (hashing is most of an append's CPU time on a machine without SHA extensions).
    static func computeDigests(_ writes: inout [PreparedWrite], payloadBytes: Int) {
        @Sendable func digest(_ r: PreparedRecord) -> Hash256 {
            r.nonce.withUnsafeBytes { n in r.payload.withUnsafeBytes { p in Hash256.sha256(n, p) } }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for w in writes.indices {
            let count = writes[w].records.count
            if payloadBytes < 64 << 10 || count < 64 || cores < 2 {
                for r in 0..<count where !writes[w].records[r].destroyed { writes[w].records[r].digest = digest(writes[w].records[r]) }
                continue
            }
            let records = writes[w].records
            let chunks = min(cores, 8)
            var digests = [Hash256](repeating: .zero, count: count)
            digests.withUnsafeMutableBufferPointer { out in
                let base = UnsafeSendable(out)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let range = (count * c / chunks)..<(count * (c + 1) / chunks)
                    // A record appended destroyed keeps the digest it was given.
                    for r in range { base.value[r] = records[r].destroyed ? records[r].digest : digest(records[r]) }
                }
            }
            for r in 0..<count { writes[w].records[r].digest = digests[r] }
        }
    }

    // MARK: - The writer thread

    func runWriter() {
        guard let writer else { return }
        while let jobs = writer.takeAll() {
            var appends: [AppendJob] = []
            for job in jobs {
                if case .append(let append) = job {
                    appends.append(append)
                    continue
                }
                if !appends.isEmpty {
                    commit(appends)
                    appends.removeAll()
                }
                control(job)
            }
            if !appends.isEmpty { commit(appends) }
        }
    }

    private func control(_ job: WriterJob) {
        switch job {
        case .append: break
        case .sync(let done):
            done.deliver(Result { try writerState!.withLock { ws in try syncIfNeeded(&ws) } })
        case .seal(let done):
            done.deliver(Result { try writerState!.withLock { ws in _ = try sealActiveNow(&ws) } })
        case .shred(let positions, let done):
            done.deliver(Result { try shredNow(positions) })
        case .close(let done):
            let result = Result {
                try writerState!.withLock { ws in
                    try syncIfNeeded(&ws)
                    try? checkpoint(&ws)
                }
            }
            shared.withLock { $0.closed = true }
            writer?.close()
            done.deliver(result)
        }
    }

    func syncIfNeeded(_ ws: inout WriterState) throws {
        guard ws.unsynced else { return }
        do {
            try ws.active.sync()
            ws.unsynced = false
            markDurable(ws.active)
        } catch let error as LogError {
            poison(error)
            throw error
        }
    }

    /// Records the active segment's whole extent as durable (after an fsync of it).
    func markDurable(_ active: WriteAheadSegment) {
        let (end, offset) = active.state.withLock { ($0.endPosition, $0.endOffset) }
        durableMark?.record(segment: active.firstPosition, end: end, offset: offset)
    }

    private func poison(_ error: LogError) {
        shared.withLock {
            if $0.failure == nil {
                $0.failure = error.code == .failed ? error
                    : LogError(.failed, "an fsync failed (\(error.message)); the log refuses writes until it is reopened", path: error.path)
            }
        }
    }

    /// A stream's state as validation sees it: the index plus this group's writes.
    private struct Pending {
        var lastVersion: Int64
        var ids: [EventID: UInt64] = [:]
    }

    /// Validates, encodes, writes and (once for all) fsyncs a group of appends.
    private func commit(_ jobs: [AppendJob]) {
        let (failure, closed) = shared.withLock { ($0.failure, $0.closed) }
        if let failure {
            for job in jobs { job.complete(.failure(failure)) }
            return
        }
        if closed {
            for job in jobs { job.complete(.failure(LogError(.closed, "the log at \(directory) is closed"))) }
            return
        }
        writerState!.withLock { ws in
            let (start, lastTime) = shared.withLock { ($0.endPosition, $0.lastRecordedAt) }
            let now = max(options.clock(), lastTime)
            var pending: [String: Pending] = [:]
            var frames: [UInt8] = []
            var locations: [FrameLocation] = []
            var accepted: [(AppendJob, AppendResult)] = []
            var duplicates: [(AppendJob, AppendResult)] = []
            // Per stream run written: stream, first version, positions, id tags.
            var indexed: [(String, UInt64, [UInt64], [UInt64])] = []
            var position = start
            var offset = ws.active.state.withLock { $0.endOffset }
            var durable = false
            for job in jobs {
                do {
                    let outcome = try validate(job, pending: &pending)
                    if let duplicate = outcome {
                        duplicates.append((job, duplicate))
                        continue
                    }
                    let first = position
                    let frameStart = WALFrame.begin(&frames, first: first, count: UInt32(job.writes.reduce(0) { $0 + $1.records.count }))
                    var versions: [String: UInt64] = [:]
                    for write in job.writes {
                        // Taken out and put back: two lookups of the stream per part
                        // (a batch of an import has tens of thousands of parts).
                        var stream = pending.removeValue(forKey: write.stream)!
                        let firstVersion = UInt64(stream.lastVersion + 1)
                        var version = firstVersion
                        var runPositions: [UInt64] = []
                        var runTags: [UInt64] = []
                        runPositions.reserveCapacity(write.records.count)
                        runTags.reserveCapacity(write.records.count)
                        for record in write.records {
                            record.type.withUnsafeBytes { t in
                                write.streamBytes.withUnsafeBytes { s in
                                    if record.destroyed {
                                        RecordCodec.appendDestroyed(
                                            to: &frames, type: t, stream: s, version: version, recordedAt: now, id: record.id,
                                            digest: record.digest)
                                        return
                                    }
                                    record.nonce.withUnsafeBytes { n in
                                        record.payload.withUnsafeBytes { p in
                                            RecordCodec.append(
                                                to: &frames, type: t, stream: s, version: version, recordedAt: now, id: record.id,
                                                digest: record.digest, nonce: n, payload: p)
                                        }
                                    }
                                }
                            }
                            stream.ids[record.id] = position
                            runPositions.append(position)
                            runTags.append(record.id.tag)
                            version += 1
                            position += 1
                        }
                        indexed.append((write.stream, firstVersion, runPositions, runTags))
                        stream.lastVersion = Int64(version) - 1
                        pending[write.stream] = stream
                        versions[write.stream] = version - 1
                    }
                    let frameLength = WALFrame.end(&frames, from: frameStart)
                    locations.append(
                        FrameLocation(
                            firstPosition: first, count: UInt32(position - first), offset: offset,
                            length: UInt32(frameLength - WALFrame.headerBytes), recordedAt: now))
                    offset += Int64(frameLength)
                    if job.durability == .fsync { durable = true }
                    accepted.append((job, AppendResult(positions: first...(position - 1), streamVersions: versions, duplicate: false)))
                } catch {
                    job.complete(.failure(error))
                }
            }
            if !accepted.isEmpty {
                do {
                    try ws.active.write(frames, durable: durable)
                    ws.unsynced = !durable
                    if durable {
                        durableMark?.record(segment: ws.active.firstPosition, end: position, offset: offset)
                    }
                } catch let error as LogError {
                    if error.code == .failed { poison(error) }
                    for (job, _) in accepted { job.complete(.failure(error)) }
                    accepted.removeAll()
                } catch {
                    for (job, _) in accepted { job.complete(.failure(error)) }
                    accepted.removeAll()
                }
            }
            if !accepted.isEmpty {
                ws.active.publish(locations, endOffset: offset, endPosition: position)
                for (stream, firstVersion, positions, tags) in indexed {
                    ws.activeIndex.add(stream: stream, firstVersion: firstVersion, positions: positions, tags: tags, recordedAt: now)
                }
                ws.bytesSinceCheckpoint += Int64(frames.count)
                shared.withLock { s in
                    for (stream, firstVersion, positions, tags) in indexed {
                        try? s.index.add(stream: stream, firstVersion: firstVersion, positions: positions, tags: tags)
                    }
                    s.endPosition = position
                    s.lastRecordedAt = now
                    s.statistics.appends += UInt64(accepted.count)
                    s.statistics.records += position - start
                    s.statistics.groups += 1
                    if durable { s.statistics.fsyncs += 1 }
                }
            }
            if !accepted.isEmpty { merkleQueue?.push(.frames(frames)) }
            for (job, result) in accepted { job.complete(.success(result)) }
            // A duplicate's records are durable only once the original's are; syncing
            // here makes an acknowledged retry as safe as the first acknowledgment.
            if !duplicates.isEmpty {
                let synced = Result { try syncIfNeeded(&ws) }
                for (job, result) in duplicates { job.complete(synced.map { result }) }
            }
            if ws.bytesSinceCheckpoint >= Int64(options.checkpointBytes) { try? checkpoint(&ws) }
            let age = now - ws.active.state.withLock { $0.createdAt }
            if offset >= Int64(options.segmentBytes) || (age > options.segmentAge && position > ws.active.firstPosition) {
                if let old = try? roll(&ws) {
                    if options.sealInBackground {
                        maintenance?.push(.seal(old, nil))
                    } else {
                        let done = Completion<Void>()
                        maintenance?.push(.seal(old, done))
                        try? done.wait()
                    }
                }
            }
        }
    }

    /// Checks one job against the streams; returns a result if it is a complete
    /// duplicate (nothing to write), nil if it is to be written, or throws.
    private func validate(_ job: AppendJob, pending: inout [String: Pending]) throws -> AppendResult? {
        var present: [[UInt64?]] = []
        present.reserveCapacity(job.writes.count)
        // Each part's stream as this group left it (before this job), in order.
        var lastVersions: [Int64] = []
        lastVersions.reserveCapacity(job.writes.count)
        for write in job.writes {
            // One look at the stream's pending state and one at the index per part.
            let entry = shared.withLock { $0.index.entry(write.stream) }
            let state: Pending
            if let known = pending[write.stream] {
                state = known
            } else {
                state = Pending(lastVersion: entry?.lastVersion.map { Int64($0) } ?? -1)
                pending[write.stream] = state
            }
            lastVersions.append(state.lastVersion)
            var found: [UInt64?] = []
            found.reserveCapacity(write.records.count)
            for record in write.records {
                if let at = state.ids[record.id] {
                    found.append(at)
                    continue
                }
                var match: UInt64?
                if let entry {
                    for version in entry.versions(ofTag: record.id.tag) {
                        let at = entry.positions[version]
                        if try readHeader(at)?.id == record.id {
                            match = at
                            break
                        }
                    }
                }
                found.append(match)
            }
            present.append(found)
        }
        let all = present.allSatisfy { $0.allSatisfy { $0 != nil } }
        let none = present.allSatisfy { $0.allSatisfy { $0 == nil } }
        if all {
            let positions = present.flatMap { $0.compactMap { $0 } }
            var versions: [String: UInt64] = [:]
            for write in job.writes { versions[write.stream] = UInt64(pending[write.stream]!.lastVersion) }
            return AppendResult(positions: positions.min()!...positions.max()!, streamVersions: versions, duplicate: true)
        }
        guard none else {
            let stream = zip(job.writes, present).first { !$0.1.allSatisfy { $0 == nil } }!.0.stream
            throw LogError(
                .idempotencyConflict,
                "stream \(stream): some of this batch's event ids are already in the log and some are not; a retry must repeat the original batch exactly"
            )
        }
        // Each part is checked against its stream as it stands at that point of the
        // batch: a stream may appear several times, in the batch's order.
        var running: [String: Int64] = [:]
        for (write, before) in zip(job.writes, lastVersions) {
            let last = running[write.stream] ?? before
            let ok: Bool
            switch write.expected {
            case .any: ok = true
            case .noStream: ok = last < 0
            case .streamExists: ok = last >= 0
            case .exactly(let v): ok = last == Int64(v)
            }
            guard ok else {
                let actual = last < 0 ? "has no records" : "is at version \(last)"
                throw LogError(.wrongExpectedVersion, "stream \(write.stream): expected \(write.expected), but it \(actual)")
            }
            running[write.stream] = last + Int64(write.records.count)
        }
        return nil
    }

    /// Writes the active segment's index checkpoint, so that recovery rescans only
    /// what came after it. Syncs first: a checkpoint never points past durable bytes.
    func checkpoint(_ ws: inout WriterState) throws {
        try syncIfNeeded(&ws)
        let (frames, endOffset) = ws.active.state.withLock { ($0.frames, $0.endOffset) }
        guard !frames.isEmpty else { return }
        let file = ws.activeIndex.file(sealed: false, walOffset: UInt64(endOffset), frames: frames)
        try io.writeFileAtomically(
            directory + "/" + SegmentIndexFile.fileName(ws.active.firstPosition), file.encode(), directory: directory)
        ws.bytesSinceCheckpoint = 0
        merkleQueue?.push(.sync)
    }

    /// Starts a new active segment; returns the old one (now read-only) for sealing.
    func roll(_ ws: inout WriterState) throws -> WriteAheadSegment? {
        let end = ws.active.state.withLock { $0.endPosition }
        guard end > ws.active.firstPosition else { return nil }
        try syncIfNeeded(&ws)
        let next = try WriteAheadSegment.create(directory: directory, firstPosition: end, createdAt: options.clock(), io: io)
        let old = ws.active
        shared.withLock { $0.segments.append(.wal(next)) }
        ws.active = next
        ws.activeIndex = SegmentIndexBuilder(firstPosition: end)
        ws.bytesSinceCheckpoint = 0
        return old
    }
}
