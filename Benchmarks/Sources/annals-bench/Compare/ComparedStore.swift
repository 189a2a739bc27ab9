import Annals
import Foundation

/// One system under comparison, as the workloads use it. Every store keeps what it
/// is given in its own folder; each workload runs in a child process of its own
/// (`ComparePhase`), on a fresh store or on the one an earlier phase left.
protocol ComparedStore: AnyObject {
    /// Creates an empty store in `folder`, durable appends (fsync on commit).
    static func create(in folder: String) throws -> Self
    /// Opens the store an earlier phase left in `folder`, to read it.
    static func openForReading(in folder: String) throws -> Self
    /// Opens the store to answer queries (by default as for reading).
    static func openForQuerying(in folder: String) throws -> Self
    /// Opens the store left by a writer killed with SIGKILL, ready to read and
    /// append: the "open after crash" figure times exactly this.
    static func openAfterCrash(in folder: String) throws -> Self
    /// The store's files, in bytes, by part (their sum is the bytes on disk).
    static func bytesOnDisk(in folder: String) -> [String: Int]

    /// Appends `events` as one durable batch: when it returns they are on disk.
    func appendBatch(_ events: ArraySlice<Event>) throws
    /// Appends each partition's events one at a time, durably, each partition from
    /// its own concurrent writer that waits for its acknowledgment before the next.
    func appendConcurrently(_ partitions: [[Event]]) async throws
    /// Imports JSON Lines (EVENTS.md), durably; returns the events stored.
    func importLines(_ input: [UInt8]) throws -> Int
    /// Reads every event in log order and folds it into `projections`; returns the
    /// events read and how many of them had their content destroyed.
    func replay(into projections: inout ProjectionSet) throws -> (events: Int, destroyed: Int)
    /// How many events the store holds (not timed).
    func eventCount() throws -> Int
    /// Closes the store cleanly.
    func close() throws
}

extension ComparedStore {
    /// Total of `bytesOnDisk`.
    static func totalBytes(in folder: String) -> Int { bytesOnDisk(in: folder).values.reduce(0, +) }
}

/// The sizes of the regular files under `folder`, by `part(name)`.
func fileSizes(in folder: String, part: (String) -> String) -> [String: Int] {
    var sizes: [String: Int] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return sizes }
    while let name = walker.nextObject() as? String {
        var info = stat()
        guard stat(folder + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
        sizes[part(name), default: 0] += Int(info.st_size)
    }
    return sizes
}

/// Splits `events` among `writers` concurrent writers by stream: every event of a
/// stream goes to the same writer, in order (the order the rules need). Streams are
/// dealt largest first to the writer with the fewest events so far, so that all
/// writers stay busy until near the end.
func partitionByStream(_ events: [Event], writers: Int) -> [[Event]] {
    var sizes: [String: Int] = [:]
    for event in events { sizes[event.stream, default: 0] += 1 }
    var load = Array(repeating: 0, count: writers)
    var writerOf: [String: Int] = [:]
    for (stream, size) in sizes.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
        let writer = load.indices.min { load[$0] < load[$1] }!
        writerOf[stream] = writer
        load[writer] += size
    }
    var partitions = Array(repeating: [Event](), count: writers)
    for event in events { partitions[writerOf[event.stream]!].append(event) }
    return partitions
}

extension ComparedStore {
    static func openForQuerying(in folder: String) throws -> Self { try openForReading(in: folder) }
}
