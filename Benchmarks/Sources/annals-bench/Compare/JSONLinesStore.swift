import Annals
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The baseline: one JSON Lines file (EVENTS.md), appended with `write` and made
/// durable with `fsync`; nothing else. It has no index, no version check, no
/// integrity check and no way to destroy one record short of rewriting the file;
/// it shows what the disk and the JSON codec alone cost.
final class JSONLinesStore: ComparedStore, Sendable {
    let descriptor: Int32
    let path: String

    private init(path: String, flags: Int32) throws {
        self.path = path
        descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw BenchError("open \(path): \(String(cString: strerror(errno)))") }
    }

    static func file(_ folder: String) -> String { folder + "/events.jsonl" }

    static func create(in folder: String) throws -> JSONLinesStore {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try JSONLinesStore(path: file(folder), flags: O_WRONLY | O_CREAT | O_APPEND | O_TRUNC)
        // The new file's directory entry must be durable too.
        let directory = open(folder, O_RDONLY)
        fsync(directory)
        Glibc.close(directory)
        return store
    }

    static func openForReading(in folder: String) throws -> JSONLinesStore {
        try JSONLinesStore(path: file(folder), flags: O_RDONLY)
    }

    /// Opens the file for appending and cuts a torn last line (a write the crash
    /// interrupted): the one check a JSON Lines file needs before it takes appends.
    static func openAfterCrash(in folder: String) throws -> JSONLinesStore {
        let store = try JSONLinesStore(path: file(folder), flags: O_RDWR | O_APPEND)
        var info = stat()
        fstat(store.descriptor, &info)
        let size = Int(info.st_size)
        var tail = [UInt8](repeating: 0, count: min(size, 1 << 20))
        let n = tail.withUnsafeMutableBytes { pread(store.descriptor, $0.baseAddress, $0.count, off_t(size - $0.count)) }
        guard n == tail.count else { throw BenchError("read \(store.path)") }
        if let last = tail.lastIndex(of: UInt8(ascii: "\n")), last != tail.count - 1 {
            ftruncate(store.descriptor, off_t(size - (tail.count - 1 - last)))
            fsync(store.descriptor)
        }
        return store
    }

    static func bytesOnDisk(in folder: String) -> [String: Int] {
        fileSizes(in: folder) { _ in "file" }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var at = 0
            while at < buffer.count {
                let n = write(descriptor, buffer.baseAddress! + at, buffer.count - at)
                if n < 0 {
                    guard errno == EINTR else { throw BenchError("write \(path): \(String(cString: strerror(errno)))") }
                    continue
                }
                at += n
            }
        }
    }

    private func sync() throws {
        guard fsync(descriptor) == 0 else { throw BenchError("fsync \(path): \(String(cString: strerror(errno)))") }
    }

    func appendBatch(_ events: ArraySlice<Event>) throws {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in events {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        try writeAll(writer.bytes)
        try sync()
    }

    /// One thread per writer (a plain file is written with blocking calls): each
    /// event is one `write` (O_APPEND keeps lines whole) and one `fsync`. Concurrent
    /// fsyncs of one file share journal commits in the kernel; nothing else groups them.
    func appendConcurrently(_ partitions: [[Event]]) async throws {
        let failure = FirstError()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = DispatchGroup()
            for events in partitions {
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    let codec = EventJSONCodec()
                    var writer = JSONWriter(capacity: 4096)
                    do {
                        for event in events {
                            writer.bytes.removeAll(keepingCapacity: true)
                            codec.encode(event, into: &writer)
                            writer.newline()
                            try self.writeAll(writer.bytes)
                            try self.sync()
                        }
                    } catch {
                        failure.keep(error)
                    }
                }
            }
            done.notify(queue: .global()) { continuation.resume() }
        }
        if let error = failure.error { throw error }
    }

    /// Every line is decoded first (all or nothing, as `Archive.importLines`), then
    /// the file is written and fsynced once.
    func importLines(_ input: [UInt8]) throws -> Int {
        let codec = EventJSONCodec()
        var count = 0
        try Dataset.forEachLine(input) { line in
            _ = try codec.decode(line: line)
            count += 1
            return true
        }
        var at = 0
        while at < input.count {
            let end = min(input.count, at + (1 << 20))
            try writeAll(Array(input[at..<end]))
            at = end
        }
        if input.last != UInt8(ascii: "\n") { try writeAll([UInt8(ascii: "\n")]) }
        try sync()
        return count
    }

    /// Reads the file and decodes every line; a JSON Lines file has no positions,
    /// versions or recording times, so the position is the line's index, the version
    /// is counted per stream, and `recorded_at` is the event's own time.
    func replay(into projections: inout ProjectionSet) throws -> (events: Int, destroyed: Int) {
        let input = try Dataset.bytes(path)
        let codec = EventJSONCodec()
        var versions: [String: UInt64] = [:]
        var events = 0
        try Dataset.forEachLine(input) { line in
            let event = try codec.decode(line: line).event
            let version = versions[event.stream, default: 0]
            versions[event.stream] = version + 1
            projections.apply(
                StoredEvent(
                    position: UInt64(events), version: version, stream: event.stream, type: event.type, recordedAt: event.at.microseconds,
                    digest: .zero, event: event))
            events += 1
            return true
        }
        return (events, 0)
    }

    func eventCount() throws -> Int {
        try Dataset.bytes(path).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    func close() throws {
        Glibc.close(descriptor)
    }
}

/// The first error any of several threads met.
final class FirstError: Sendable {
    private let first = Mutex<(any Error)?>(nil)
    func keep(_ error: any Error) { first.withLock { $0 = $0 ?? error } }
    var error: (any Error)? { first.withLock { $0 } }
}
