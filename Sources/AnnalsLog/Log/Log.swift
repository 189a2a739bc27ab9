#if canImport(Glibc)
internal import Glibc
#endif
internal import Synchronization

/// How a log is opened and tuned.
public struct LogOptions: Sendable {
    /// Open for reading only: no lock, no repair, no writes. Any number of readers
    /// (in this process or others) may read while one writer appends.
    public var readOnly = false
    /// Create the directory and an empty log if there is none.
    public var createIfMissing = true
    /// The active segment is rolled (and sealed in the background) past this size.
    public var segmentBytes = 64 << 20
    /// …or once the segment is older than this many microseconds (counted from its
    /// creation, checked when an append arrives; default one day).
    public var segmentAge: Int64 = 86_400_000_000
    /// Records are grouped into compressed blocks of about this many raw bytes.
    public var blockBytes = 64 << 10
    /// The active segment's index is checkpointed every this many bytes, so that
    /// recovery rescans at most that much.
    public var checkpointBytes = 8 << 20
    /// Seal rolled segments on a background thread (true) or before the append that
    /// rolled returns (false; for tests that want a deterministic layout).
    public var sealInBackground = true
    /// The seam for every system call (tests inject faults here).
    public var io: FileIO = .system
    /// The clock for `recordedAt`, in µs since the Unix epoch. The log never lets
    /// `recordedAt` go backwards, whatever the clock does.
    public var clock: @Sendable () -> Int64 = { Timestamp.now() }
    /// How long a writable open waits for another process's writer lock, in µs, before
    /// failing with ``LogError/Code-swift.struct/locked`` (default 0: it does not wait).
    public var lockWait: Int64 = 0
    /// Open even though acknowledged records are missing (``LogLoss``), reporting them
    /// in ``RecoveryReport/loss``: ``Log/repair(_:options:)`` only.
    var acceptingLoss = false

    public init() {}
}

/// How durable an append must be before it returns.
public enum Durability: Sendable {
    /// Written and fsynced: survives `kill -9` and power loss. The default.
    case fsync
    /// Written to the operating system but not yet fsynced: survives `kill -9`, not a
    /// power loss, until a later ``Log/sync()``, durable append or ``Log/close()``.
    /// For bulk imports that sync once at the end.
    case deferred
}

/// The outcome of an append.
public struct AppendResult: Sendable, Equatable {
    /// The positions written (or, for a retry, where the records already are).
    public var positions: ClosedRange<UInt64>
    /// Each stream's last version after the append.
    public var streamVersions: [String: UInt64]
    /// True when every record was already in the log (an idempotent retry): nothing
    /// was written.
    public var duplicate: Bool

    /// An append's outcome as another store reports it (the PostgreSQL store).
    public init(positions: ClosedRange<UInt64>, streamVersions: [String: UInt64], duplicate: Bool) {
        self.positions = positions
        self.streamVersions = streamVersions
        self.duplicate = duplicate
    }
}

/// Counters of the writer's work since the log was opened.
public struct LogStatistics: Sendable, Equatable {
    /// Append calls acknowledged (duplicates included).
    public var appends: UInt64 = 0
    /// Records written.
    public var records: UInt64 = 0
    /// Groups of appends written together (one write each).
    public var groups: UInt64 = 0
    /// fsyncs of the active segment.
    public var fsyncs: UInt64 = 0
}

/// What opening the log found and repaired.
public struct RecoveryReport: Sendable, Equatable {
    /// Bytes cut from the active segment's tail (a torn or corrupt last batch).
    public var truncatedBytes: Int64 = 0
    /// Why the scan stopped there, when it cut anything.
    public var reason: String?
    /// Bytes of the active segment scanned (from its last checkpoint).
    public var scannedBytes: Int64 = 0
    /// Segments whose index files were missing or stale and were rebuilt.
    public var rebuiltIndexes: Int = 0
    /// Write-ahead segments left unsealed by a crash, queued for sealing.
    public var unsealedSegments: Int = 0
    /// Acknowledged records the files no longer hold (only a repair opens such a log).
    public var loss: LogLoss?
}

/// An append-only, segmented, checksummed log of records: the storage engine of
/// Annals, usable on its own for any record log.
///
/// Records go into streams; each gets a dense global *position* (0, 1, 2 …) and a
/// dense *version* in its stream. Appends are atomic batches over one or several
/// streams with optimistic concurrency (``ExpectedVersion``) and idempotency by
/// ``EventID``; an append returns once its batch is fsynced, and concurrent appends
/// share fsyncs (group commit).
///
/// ```swift
/// let log = try Log.open("/var/lib/annals/log")
/// let result = try await log.append([
///     StreamAppend(stream: "meeting/BGS-2024-0001", expected: .noStream,
///                  records: [NewRecord(type: "meeting.scheduled", payload: bytes)])
/// ])
/// try log.scan(from: 0) { record in print(record.position, record.stream); return true }
/// try log.close()
/// ```
///
/// Files (docs/FORMAT.md): `{first}.wal` the active write-ahead segment,
/// `{first}.seg` sealed LZ4-compressed segments, `{first}.idx` their index files,
/// and `LOCK`. One process may write (the lock says who); any may read.
public final class Log: Sendable {
    /// The log's directory.
    public let directory: String
    /// What opening found and repaired.
    public let recovery: RecoveryReport
    let options: LogOptions
    let io: FileIO
    let lock: LockFile?
    let shared: Mutex<Shared>
    let writer: WorkQueue<WriterJob>?
    let maintenance: WorkQueue<MaintenanceJob>?
    let writerState: Mutex<WriterState>?
    let blockCache = BlockCache(capacity: 64)
    /// The Merkle tree over every record (writers only), grown by its own thread.
    let merkle: MerkleTreeStore?
    let merkleQueue: WorkQueue<MerkleJob>?
    /// How far the active segment is acknowledged as durable (writers only).
    let durableMark: DurableMark?
    /// The durable mark as this log found it when opened (a reader compares it later
    /// to know whether a writer moved the log since).
    let openedMark: (segment: UInt64, end: UInt64, offset: UInt64)?

    /// State that readers and the writer share.
    struct Shared: Sendable {
        var segments: [SegmentRef]
        var index: StreamIndex
        /// One past the last visible position.
        var endPosition: UInt64
        var lastRecordedAt: Int64
        var closed = false
        /// Set when an fsync failed: the log refuses writes until reopened.
        var failure: LogError?
        /// The last background maintenance error (sealing), if any.
        var maintenanceError: LogError?
        var statistics = LogStatistics()
    }

    /// Opens (or creates) the log in `directory`. As a writer it takes the lock,
    /// cuts a torn tail off the active segment and finishes any interrupted sealing.
    public static func open(_ directory: String, options: LogOptions = LogOptions()) throws -> Log {
        try Log(directory: directory, options: options)
    }

    private init(directory: String, options: LogOptions) throws {
        self.directory = directory
        self.options = options
        self.io = options.io
        if !io.exists(directory) {
            guard options.createIfMissing, !options.readOnly else {
                throw LogError(.notFound, "no log at \(directory)", path: directory)
            }
            try io.makeDirectory(directory)
        }
        let lock = options.readOnly ? nil : try LockFile.acquire(directory: directory, io: io, now: options.clock(), wait: options.lockWait)
        self.lock = lock
        var report = RecoveryReport()
        var attempt = 0
        var opened: Recovery.Opened
        while true {
            do {
                opened = try Recovery.open(directory: directory, options: options, report: &report)
                break
            } catch let error as LogError where options.readOnly && error.code == .notFound && attempt < 20 {
                // A reader raced the writer's sealing: a listed write-ahead file was
                // deleted once its sealed copy was in place. List again.
                attempt += 1
                report = RecoveryReport()
            } catch let error as LogError where options.readOnly && error.code == .damaged && attempt < 3 {
                // A reader's listing can miss a segment the writer created or sealed
                // while the directory was read: look again before calling it a loss.
                attempt += 1
                report = RecoveryReport()
                usleep(20_000)
            }
        }
        self.recovery = report
        self.openedMark = opened.mark
        self.shared = Mutex(opened.shared)
        if options.readOnly {
            writer = nil
            maintenance = nil
            writerState = nil
            merkle = nil
            merkleQueue = nil
            durableMark = nil
        } else {
            durableMark = try DurableMark.open(directory: directory, io: io)
            writer = WorkQueue()
            maintenance = WorkQueue()
            writerState = Mutex(opened.writer!)
            let source = LeafSource()
            merkle = try MerkleTreeStore(directory: directory) { try source.leafHashes($0) }
            merkleQueue = WorkQueue()
            source.log = self
            try merkle!.reconcile(withLogSize: opened.shared.endPosition)
            startThread(name: "annals-writer") { [self] in self.runWriter() }
            startThread(name: "annals-seal") { [self] in self.runMaintenance() }
            startThread(name: "annals-merkle") { [self] in self.runMerkle() }
            for wal in opened.unsealed { maintenance!.push(.seal(wal, nil)) }
        }
    }

    /// What the writer has done since the log was opened (to see group commit at work:
    /// `appends / fsyncs` is how many appends shared each fsync).
    public var statistics: LogStatistics { shared.withLock { $0.statistics } }

    /// Whether the log was opened read-only.
    public var isReadOnly: Bool { writer == nil }

    /// One past the last record's position (the number of records in the log).
    public var endPosition: UInt64 { shared.withLock { $0.endPosition } }

    /// The last version of `stream`, or nil if it has no records.
    public func lastVersion(of stream: String) -> UInt64? {
        shared.withLock { $0.index.entry(stream)?.lastVersion }
    }

    /// The names of all streams, in no particular order.
    public var streamNames: [String] { shared.withLock { Array($0.index.streams.keys) } }

    /// The last error of background sealing, if the latest attempt failed (the data
    /// stays safe and readable in its write-ahead segment; sealing is tried again when
    /// the log is next opened).
    public var maintenanceError: LogError? { shared.withLock { $0.maintenanceError } }

    /// Writes everything still unsynced, checkpoints the active segment's index,
    /// waits for background sealing and releases the writer lock. Further calls fail
    /// with ``LogError/Code-swift.struct/closed``.
    public func close() throws {
        guard let writer, let maintenance else {
            shared.withLock { $0.closed = true }
            return
        }
        let done = Completion<Void>()
        if writer.push(.close(done)) {
            try? done.wait()
        }
        writer.close()
        let sealed = Completion<Void>()
        if maintenance.push(.barrier(sealed)) { try? sealed.wait() }
        maintenance.close()
        if let merkle, let merkleQueue {
            merkleQueue.push(.sync)
            let grown = Completion<Void>()
            if merkleQueue.push(.barrier(grown)) { try? grown.wait() }
            merkleQueue.close()
            merkle.close()
        }
        lock?.release()
    }
}

/// A segment as the log holds it.
enum SegmentRef: Sendable {
    case sealed(SealedSegment)
    case wal(WriteAheadSegment)

    var firstPosition: UInt64 {
        switch self {
        case .sealed(let s): s.firstPosition
        case .wal(let w): w.firstPosition
        }
    }

    var endPosition: UInt64 {
        switch self {
        case .sealed(let s): s.endPosition
        case .wal(let w): w.state.withLock { $0.endPosition }
        }
    }

    func forEach(from: UInt64, to end: UInt64, _ body: (RecordView) throws -> Bool) throws -> Bool {
        switch self {
        case .sealed(let s): try s.forEach(from: from, to: end, body)
        case .wal(let w): try w.forEach(from: from, to: end, body)
        }
    }
}
