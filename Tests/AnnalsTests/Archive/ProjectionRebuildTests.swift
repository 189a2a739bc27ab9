import Foundation
import Synchronization
import Testing

@testable import Annals

/// Rebuilding the projections beside the live ones and swapping them in
/// (`Archive.rebuildProjections(from:)`), while readers read and a writer appends.
@Suite struct ProjectionRebuildTests {
    typealias Folder = ImportExportTests.Folder

    static func allEvents(_ archive: Archive) throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        try archive.replay { events.append($0); return true }
        return events
    }

    static func rebuilt(_ archive: Archive) throws -> ProjectionSet {
        ProjectionSet.replay(try allEvents(archive), policy: archive.rules.policy)
    }

    static let yearOptions = GeneratorOptions(years: 1, seed: 3, startYear: 2023, custodyYears: 1, eventsPerYear: 10_000)

    /// A year of a generated agency's meetings and their filing, as JSON Lines.
    static let year: [Substring] = {
        let codec = EventJSONCodec()
        var writer = JSONWriter(capacity: 1 << 20)
        for event in AgencyGenerator(yearOptions) {
            codec.encode(event, into: &writer)
            writer.newline()
        }
        return String(decoding: writer.bytes, as: UTF8.self).split(separator: "\n")
    }()

    static func importing(_ archive: Archive, _ lines: some Collection<Substring>) throws {
        let report = try archive.importLines(Array(lines.joined(separator: "\n").utf8))
        #expect(report.rejected.isEmpty)
    }

    @Test func readersKeepReadingConsistentProjectionsWhileTheyAreRebuiltAndSwapped() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path, options: .generated(Self.yearOptions))
        let lines = Self.year
        let split = lines.count * 4 / 5
        try Self.importing(archive, lines[..<split])

        // Readers, on threads of their own: the state of each position they see (kept
        // once; checked after), and whether the position ever went back.
        struct Seen: Sendable {
            var states: [UInt64: ProjectionSet] = [:]
            var reads = 0
            var wentBack = false
        }
        final class Shared: Sendable {
            let seen = Mutex(Seen())
            let stop = Atomic<Bool>(false)
            let running = Atomic<Int>(0)
        }
        let shared = Shared()
        var threads: [Thread] = []
        for _ in 0..<2 {
            threads.append(Thread {
                var last: UInt64 = 0
                while !shared.stop.load(ordering: .relaxed) {
                    guard let set = try? archive.projections(), let position = set.position else { continue }
                    shared.seen.withLock { s in
                        if s.states[position] == nil { s.states[position] = set }
                        s.reads += 1
                        if position < last { s.wentBack = true }
                    }
                    last = position
                }
                shared.running.add(-1, ordering: .relaxed)
            })
        }
        // A writer appends the rest meanwhile, so the swap has a tail to catch up.
        threads.append(Thread {
            for start in stride(from: split, to: lines.count, by: 500) {
                guard !shared.stop.load(ordering: .relaxed) else { break }
                try? Self.importing(archive, lines[start..<min(lines.count, start + 500)])
            }
            shared.running.add(-1, ordering: .relaxed)
        })
        shared.running.store(threads.count, ordering: .relaxed)
        for thread in threads { thread.start() }
        while shared.seen.withLock({ $0.reads }) < 2 { usleep(1_000) }

        // Readers are not stopped by the rebuild: halfway through its replay, a read
        // on another thread completes while the replay waits for it. (Were the lock
        // held for the replay, the read would wait for the swap, and this for ever:
        // the probe gives up after 60 s.)
        let probeRead = DispatchSemaphore(value: 0)
        var readDuringReplay: Bool?
        let report = try archive.rebuildProjections(from: .scratch) { replayed in
            guard replayed == split / 2 else { return }
            Thread { _ = try? archive.projections(); probeRead.signal() }.start()
            readDuringReplay = probeRead.wait(timeout: .now() + 60) == .success
        }
        shared.stop.store(true, ordering: .relaxed)
        while shared.running.load(ordering: .relaxed) > 0 { usleep(1_000) }

        #expect(readDuringReplay == true, "a read issued during the rebuild's replay did not complete until the rebuild ended")
        #expect(report.startedAfter == nil && report.replayed >= split)
        #expect(!report.replacedDifferentState)
        let observed = shared.seen.withLock { $0 }
        #expect(!observed.wentBack, "a reader saw the projections go back to an earlier position")
        // Every state a reader saw is the fold of the log up to its position.
        let events = try Self.allEvents(archive)
        var running = ProjectionSet(policy: archive.rules.policy)
        var checked = 0
        for stored in events {
            running.apply(stored)
            if let state = observed.states[stored.position] {
                #expect(state == running, "the state read at @\(stored.position)")
                checked += 1
            }
        }
        #expect(checked == observed.states.count && checked > 0)
        try Self.importing(archive, lines[split...])  // whatever the writer did not reach
        #expect(try archive.projections().encode() == Self.rebuilt(archive).encode())
        try archive.close()
    }

    @Test func aRebuildRepairsLiveProjectionsThatDisagreeWithTheLog() throws {
        let folder = Folder()
        let archive = try DestructionAndCheckpointTests.imported(folder)
        let events = try Self.allEvents(archive)
        // Damage the live state: one hold (冻结) is missing, at the same position.
        let hold = try #require(events.firstIndex { $0.type == .holdPlaced })
        var damaged = events
        damaged.remove(at: hold)
        archive.projections.withLock { $0 = ProjectionSet.replay(damaged, policy: archive.rules.policy) }
        #expect(try archive.projections().encode() != Self.rebuilt(archive).encode())

        let report = try archive.rebuildProjections()
        #expect(report.replacedDifferentState)
        #expect(report.replayed == events.count && report.position == events.last?.position)
        #expect(try archive.projections().encode() == Self.rebuilt(archive).encode())
        // Rebuilt again, nothing differs.
        #expect(try !archive.rebuildProjections().replacedDifferentState)
        try archive.close()
    }

    @Test func aRebuildFromTheSavedCheckpointReplaysOnlyTheLogAfterIt() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        let lines = String(decoding: DestructionAndCheckpointTests.scenario, as: UTF8.self).split(separator: "\n")
        _ = try archive.importLines(Array(lines.prefix(30).joined(separator: "\n").utf8), options: ImportOptions(skipInvalid: true))
        try archive.saveProjections()
        let saved = try #require(try archive.projections().position)
        let file = URL(fileURLWithPath: folder.path + "/" + Archive.projectionsFile)
        let early = try Data(contentsOf: file)
        _ = try archive.importLines(Array(lines.dropFirst(30).joined(separator: "\n").utf8), options: ImportOptions(skipInvalid: true))
        // The destruction in the rest saved a newer checkpoint; put the early one back.
        try early.write(to: file)
        let end = archive.log.endPosition

        let report = try archive.rebuildProjections(from: .checkpoint)
        #expect(report.startedAfter == saved)
        #expect(report.replayed + report.caughtUp == Int(end - saved - 1))
        #expect(!report.replacedDifferentState)
        #expect(try archive.projections().encode() == Self.rebuilt(archive).encode())

        // From a state the caller kept: the same; from one past the log's end: refused.
        let kept = try ProjectionSet(decoding: ProjectionSet.replay(Self.allEvents(archive).prefix(10), policy: archive.rules.policy).encode())
        #expect(try archive.rebuildProjections(from: .state(kept)).startedAfter == 9)
        #expect(try archive.projections().encode() == Self.rebuilt(archive).encode())
        var ahead = ProjectionSet(policy: archive.rules.policy)
        ahead.replay([StoredEvent(
            position: end + 5, version: 0, stream: "meeting/x", type: .archiveAccessed, recordedAt: 0, digest: .zero, event: nil)])
        #expect(throws: ArchiveError.self) { try archive.rebuildProjections(from: .state(ahead)) }
        try archive.close()
    }
}
