import Foundation
import Testing

@testable import Annals
import AnnalsLog

/// Destruction that is real, and projection checkpoints that never disagree with a
/// fresh rebuild — on a real archive folder.
@Suite struct DestructionAndCheckpointTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let scenario = try! Data(contentsOf: root.appendingPathComponent("Fixtures/scenarios/office-2012-2024/events.jsonl"))
    /// Content only the destroyed meeting (meeting/KJK-2012-001) held: an agenda item
    /// and a decision text (its venue is shared with meetings that were kept).
    static let destroyedContent = ["2012年科技项目申报安排", "3月15日前完成项目申报材料汇总"]

    typealias Folder = ImportExportTests.Folder

    /// Every file under the archive, segments also decompressed with the stock lz4 tool.
    static func everyByte(_ path: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            let full = path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            out[name] = FileManager.default.contents(atPath: full)
            if name == Archive.projectionsFile, let bytes = out[name] {
                // The checkpoint's snapshot is one LZ4 frame between the header and the CRC.
                let header = Archive.checkpointMagic.count + 1 + 8 + 32
                let snapshot = try Array(bytes).withUnsafeBytes { raw in
                    try SnapshotBytes(decompressing: UnsafeRawBufferPointer(rebasing: raw[header..<(raw.count - 4)]))
                }
                out[name + " (decompressed)"] = Data(snapshot.buffer)
            }
            if name.hasSuffix(".seg") {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["lz4", "-d", "-c", "-q", full]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                out[name + " (lz4 -d)"] = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
            }
        }
        return out
    }

    static func imported(_ folder: Folder) throws -> Archive {
        let archive = try Archive.create(at: folder.path)
        let report = try archive.importLines(Array(scenario), options: ImportOptions(skipInvalid: true))
        #expect(report.rejected.map(\.rule) == ["sign_in.proxy"])
        return archive
    }

    @Test func destroyedContentIsInNoFileOfTheArchiveWhileItsRegisterEntryIsComplete() throws {
        let folder = Folder()
        let archive = try Self.imported(folder)
        try archive.close()
        let files = try Self.everyByte(folder.path)
        #expect(files.keys.contains { $0.hasSuffix(".seg") }, "the destroyed content should have been in a sealed segment")
        for text in Self.destroyedContent {
            let needle = Data(text.utf8)
            let holders = files.filter { $0.value.range(of: needle) != nil }.map(\.key)
            #expect(holders.isEmpty, "\(text) is still in \(holders)")
        }
        // A meeting that was not destroyed keeps its content (the search can find things).
        #expect(files.values.contains { $0.range(of: Data("三楼第一会议室".utf8)) != nil })
        // The compressed checkpoint is searched as well as the segments, decompressed.
        #expect(files[Archive.projectionsFile + " (decompressed)"]?.range(of: Data("三楼第一会议室".utf8)) != nil)
        let reopened = try Archive.open(at: folder.path)
        let entry = try #require(try reopened.projections().register["meeting/KJK-2012-001"])
        let record = try #require(entry.record)
        #expect(record.archiveNumber == "Z109-WS·2012-D10-KJK-0001")
        #expect(record.title == "2012年第1次科务会")
        #expect(record.year == 2012 && record.retention == .tenYears)
        #expect(entry.batch == "XH-2023-01" && entry.witnesses == ["P014", "P015"])
        #expect(record.digests.count == 6)
        // The digests are those of the shredded records, whose headers remain.
        let stored = try reopened.events(in: "meeting/KJK-2012-001")
        #expect(Set(stored.filter(\.isDestroyed).map(\.digest)) == Set(record.digests))
        #expect(try reopened.log.verify().ok)
        try reopened.close()
    }

    @Test func aDestructionInterruptedBeforeItsShredIsFinishedOnTheNextOpen() throws {
        let folder = Folder()
        let lines = Self.scenario.split(separator: UInt8(ascii: "\n"))
        let destroyedLine = lines.firstIndex { String(decoding: $0, as: UTF8.self).contains("\"archive.destroyed\"") }!
        let archive = try Archive.create(at: folder.path)
        var before = Array(lines[..<destroyedLine])
        before.append(contentsOf: lines[(destroyedLine + 1)...])
        _ = try archive.importLines(Array(before.joined(separator: [10])), options: ImportOptions(skipInvalid: true))
        // The crash: the destruction is in the log (with its intent record), the shred never ran.
        let event = try EventJSONCodec().decode(line: Array(lines[destroyedLine])).event
        let (filled, positions) = try archive.preparingDestruction(event)
        #expect(!positions.isEmpty)
        try archive.recordIntent(toDestroy: [filled.stream])
        _ = try archive.log.appendBlocking([
            StreamAppend(stream: filled.stream, records: [NewRecord(id: filled.id, type: filled.type.rawValue, payload: BinaryEventCodec.encode(filled))])
        ])
        try archive.log.close()
        #expect(!(try Self.everyByte(folder.path).filter { $0.value.range(of: Data(Self.destroyedContent[0].utf8)) != nil }.isEmpty))
        let reopened = try Archive.open(at: folder.path)
        try reopened.close()
        let files = try Self.everyByte(folder.path)
        for text in Self.destroyedContent {
            #expect(files.filter { $0.value.range(of: Data(text.utf8)) != nil }.isEmpty, "\(text) survived the interrupted destruction")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/" + Archive.pendingDestructionFile))
    }

    @Test func aFullRebuildAfterDestructionGivesTheSameProjections() throws {
        let folder = Folder()
        let archive = try Self.imported(folder)
        let live = try archive.projections()
        var events: [StoredEvent] = []
        try archive.replay { events.append($0); return true }
        let rebuilt = ProjectionSet.replay(events, policy: archive.rules.policy)
        #expect(rebuilt.encode() == live.encode())
        #expect(ProjectionSet.replay(events, policy: archive.rules.policy).encode() == rebuilt.encode())
        try archive.close()
    }

    /// The checkpoint is replaced atomically; whatever a crash leaves (a torn
    /// temporary file, a damaged, stale or foreign checkpoint), opening gives the
    /// projections a fresh rebuild gives.
    @Test(arguments: ["torn temporary", "truncated", "flipped byte", "stale", "foreign", "ahead of the log", "missing"])
    func anyCheckpointLeftByACrashOpensToWhatARebuildGives(damage: String) throws {
        let folder = Folder()
        let lines = Self.scenario.split(separator: UInt8(ascii: "\n"))
        let archive = try Archive.create(at: folder.path)
        _ = try archive.importLines(Array(lines.prefix(10).joined(separator: [10])))
        try archive.saveProjections()
        let path = folder.path + "/" + Archive.projectionsFile
        let early = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = try archive.importLines(Array(lines.dropFirst(10).joined(separator: [10])), options: ImportOptions(skipInvalid: true))
        try archive.close()
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        switch damage {
        case "torn temporary": #expect(FileManager.default.createFile(atPath: path + ".tmp", contents: good.prefix(good.count / 2)))
        case "truncated": try good.prefix(good.count - 7).write(to: URL(fileURLWithPath: path))
        case "flipped byte":
            var bytes = good
            bytes[bytes.count / 2] ^= 0x40
            try bytes.write(to: URL(fileURLWithPath: path))
        case "stale":
            // A checkpoint from earlier in this log: the tail is replayed over it.
            try early.write(to: URL(fileURLWithPath: path))
        case "foreign":
            // The same events imported into another archive: other digests, other times.
            let other = Folder()
            let copy = try Archive.create(at: other.path)
            _ = try copy.importLines(Array(Self.scenario), options: ImportOptions(skipInvalid: true))
            try copy.close()
            try Data(contentsOf: URL(fileURLWithPath: other.path + "/" + Archive.projectionsFile)).write(to: URL(fileURLWithPath: path))
        case "ahead of the log":
            // A checkpoint claiming a position past the log's end (the log lost its tail
            // after the checkpoint was written), with a valid checksum.
            var bytes = Array(good.dropLast(4))
            let at = Archive.checkpointMagic.count + 1
            withUnsafeBytes(of: UInt64(9_999).littleEndian) { bytes.replaceSubrange(at..<at + 8, with: $0) }
            bytes.appendLE(CRC32C.checksum(bytes))
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        default: try FileManager.default.removeItem(atPath: path)
        }
        let reopened = try Archive.open(at: folder.path)
        var events: [StoredEvent] = []
        try reopened.replay { events.append($0); return true }
        let rebuilt = ProjectionSet.replay(events, policy: reopened.rules.policy)
        #expect(try reopened.projections().encode() == rebuilt.encode(), "\(damage)")
        try reopened.close()
    }
}
