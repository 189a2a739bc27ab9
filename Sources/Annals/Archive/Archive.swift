internal import Foundation
internal import Synchronization

/// How an archive is opened.
public struct ArchiveOptions: Sendable {
    /// The rules' configuration (notice lead days, holidays, retention defaults…).
    /// Default: the archive's `policy.json` if it has one, else ``Policy/standard``.
    public var policy: Policy?
    /// Open for reading only (any number of readers; one writer at a time).
    public var readOnly = false
    /// The storage engine's options.
    public var log = LogOptions()
    /// How long an append on an archive opened for reading (an `archive.accessed`
    /// record of a cleared read) waits for the writer's turn, in seconds, when another
    /// process is writing. Other readers never make it wait.
    public var writerWait: Double = 30
    /// The present the rules judge by (microseconds since 1970, UTC), so that no
    /// event is dated beyond the policy's margin into the future; nil: the system
    /// clock. A simulation (the generator's data) sets its own present.
    public var clock: (@Sendable () -> Int64)?

    public init() {}
}

/// What an archive folder says about itself: `archive.json`.
public struct ArchiveManifest: Sendable, Equatable {
    /// The fonds code (全宗号) numbers are issued under, e.g. `Z109`.
    public var fonds: String
    /// The log's origin for checkpoints: a name unique to this archive.
    public var origin: String
    /// When the archive was created (RFC 3339).
    public var createdAt: String
}

/// An error opening or creating an archive.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An archive of meeting records: one event log, the office's rules enforced on every
/// append, and the views built from it. The type a service embeds.
///
/// ```swift
/// let archive = try Archive.create(at: "/srv/records", fonds: "Z109")
/// try await archive.append([
///     Event(stream: "meeting/BGS-2024-0001", at: scheduledAt, by: "clerk.wang", schedule),
/// ])
/// for stored in try archive.events(in: "meeting/BGS-2024-0001") { print(stored.type) }
/// ```
///
/// A rejected event throws ``RuleViolation`` (naming the rule, stream and field) and
/// writes nothing. Everything is `Sendable`; appends from many tasks are safe and
/// share fsyncs.
///
/// Folder layout: `archive.json` (the manifest), `policy.json` (optional), `log/`
/// (the storage engine's segments).
public final class Archive: Sendable {
    /// The archive's folder.
    public let path: String
    /// The storage engine underneath.
    public let log: Log
    /// The storage underneath as the archive's reads see it: the contract of
    /// ``EventStore``, whatever implements it (the local ``Log`` today). The replay,
    /// projections, reads, views, rebuilds and audit bundles go through it; appends,
    /// imports and destructions still use ``log``.
    public var store: any EventStore { log }
    /// The archive's manifest.
    public let manifest: ArchiveManifest
    /// The rules in force.
    public let rules: RuleBook
    /// Each stream's state as the rules see it, with the version it reflects.
    let states = Mutex<[String: CachedState]>([:])
    /// The built-in projections, caught up after every append (Archive+Projections).
    let projections: Mutex<ProjectionSet>
    /// Serializes destructions (append, shred, checkpoint) with each other.
    let destroying = Mutex(())
    /// The ids of the events this archive is judging and writing right now: an id is
    /// settled against the archive and written by one caller at a time
    /// (Archive+UniqueIDs), so two appends giving it at once cannot both find it free.
    let claimedIDs = Mutex<Set<EventID>>([])
    /// The query layer's index, derived from the projections (Archive+Query).
    let queryIndex = Mutex(QueryIndexState())
    /// The position the checkpoint file reflects, when this archive read or wrote it
    /// (nil: unknown, or no position yet); closing skips an unchanged checkpoint.
    let checkpointed = Mutex<UInt64?>(nil)
    /// The retention reviews made at the log's current position, by year (Archive+Review).
    let reviews = Mutex(ReviewCache())
    /// How it was opened (an append on a read-only archive opens the writer alike).
    let options: ArchiveOptions

    struct CachedState: Sendable {
        var state: MeetingState
        /// The stream's last version folded in (nil: no events).
        var version: UInt64?
        /// What its destroyed content events' headers say, if it has any: a record
        /// restored from an export after its destruction (`Rules/Restoration.swift`).
        var destroyedContent: DestroyedContent?
    }

    private init(path: String, log: Log, manifest: ArchiveManifest, policy: Policy, options: ArchiveOptions) {
        self.path = path
        self.options = options
        self.log = log
        self.manifest = manifest
        self.rules = options.clock.map { RuleBook(policy: policy, clock: $0) } ?? RuleBook(policy: policy)
        self.projections = Mutex(ProjectionSet(policy: policy))
    }

    /// Creates an empty archive in `path` (which must not exist or be empty). Given
    /// `options.policy`, the archive keeps it as its `policy.json`.
    public static func create(at path: String, fonds: String = "Z109", options: ArchiveOptions = ArchiveOptions()) throws -> Archive {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw ArchiveError("\(path) is a file; an archive is a folder, created only where there is none or an empty one")
            }
            guard let contents = try? files.contentsOfDirectory(atPath: path) else {
                throw ArchiveError("\(path): the folder cannot be read (permissions?); an archive is created only in an empty or new folder")
            }
            guard contents.isEmpty else {
                throw ArchiveError("\(path) is not empty; an archive is created only in an empty or new folder")
            }
        }
        guard Self.isValidFonds(fonds) else {
            throw ArchiveError("fonds code \(fonds) is not a letter followed by three digits (全宗号, e.g. Z109)")
        }
        do {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            // Foundation's error names neither the folder nor what was expected.
            throw ArchiveError("\(path): the archive's folder cannot be created (a file in the way on its path, or no permission to write there)")
        }
        let manifest = ArchiveManifest(
            fonds: fonds, origin: "annals.archive/\(fonds)/\(EventID.random())", createdAt: Timestamp.rfc3339(Timestamp.now()))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format"); writer.integer(1)
        writer.key("fonds"); writer.string(manifest.fonds)
        writer.key("origin"); writer.string(manifest.origin)
        writer.key("created_at"); writer.string(manifest.createdAt)
        let check = Self.manifestCheck(writer.bytes)  // of what precedes `,"check":`
        writer.key("check"); writer.string(check)
        writer.endObject()
        writer.newline()
        try FileIO.system.writeFileAtomically(path + "/archive.json", writer.bytes, directory: path)
        // An archive created with a policy keeps it, so that every later open judges
        // and counts by the same rules.
        if let policy = options.policy {
            try FileIO.system.writeFileAtomically(path + "/policy.json", policy.json(), directory: path)
        }
        return try open(at: path, options: options)
    }

    /// Opens the archive in `path`.
    public static func open(at path: String, options: ArchiveOptions = ArchiveOptions()) throws -> Archive {
        let manifest = try Self.manifest(at: path)
        var policy = options.policy ?? .standard
        if options.policy == nil, let policyBytes = FileManager.default.contents(atPath: path + "/policy.json") {
            policy = try Policy(json: Array(policyBytes))
        }
        // The archive's own fonds is the default for filings that name none.
        if policy.fonds == nil { policy.fonds = manifest.fonds }
        if !options.readOnly {
            // Interrupted atomic replacements outside the log leave `.tmp` files behind.
            for file in ["archive.json.tmp", "policy.json.tmp", Self.projectionsFile + ".tmp", Self.queryIndexFile + ".tmp"] {
                try? FileManager.default.removeItem(atPath: path + "/" + file)
            }
        }
        var logOptions = options.log
        logOptions.readOnly = options.readOnly
        let log = try Log.open(path + "/log", options: logOptions)
        let archive = Archive(path: path, log: log, manifest: manifest, policy: policy, options: options)
        try archive.loadProjections(readOnly: options.readOnly)
        if !options.readOnly { try archive.finishInterruptedDestruction() }
        return archive
    }

    /// Checkpoints the projections, syncs the log and releases the writer lock.
    public func close() throws {
        if !log.isReadOnly { try? saveProjectionsIfChanged() }
        try log.close()
    }

    /// Whether `archive.json`'s `format` is 1 (absent counts as 1: the first files).
    static func isValidFonds(_ fonds: String) -> Bool {
        let u = Array(fonds.utf8)
        return u.count == 4 && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(u[0])
            && u[1...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
