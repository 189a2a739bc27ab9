import Foundation
import Synchronization
import Testing

@testable import Annals
import AnnalsLog

/// `verify` covers every derived file that can be served: a projections checkpoint or
/// a query index whose checks were recomputed over forged content is caught by
/// comparing it with the log it claims to reflect; honest files pass.
@Suite struct DerivedFileCheckTests {
    typealias Folder = ImportExportTests.Folder

    static func readOnly(_ folder: Folder) throws -> Archive {
        var options = ArchiveOptions()
        options.readOnly = true
        return try Archive.open(at: folder.path, options: options)
    }

    @Test func honestCheckpointAndIndexFilesPass() throws {
        let folder = Folder()
        let archive = try DestructionAndCheckpointTests.imported(folder)
        try archive.rebuildQueryIndex()
        try archive.close()
        #expect(FileManager.default.fileExists(atPath: folder.path + "/" + Archive.projectionsFile))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/" + Archive.queryIndexFile))
        let reader = try Self.readOnly(folder)
        #expect(try reader.checkDerivedFiles().isEmpty)
        try reader.close()
        // An index made by a reader's first query passes too.
        try FileManager.default.removeItem(atPath: folder.path + "/" + Archive.queryIndexFile)
        let querying = try Self.readOnly(folder)
        _ = try querying.query(Query(parsing: "科务会"), reader: Reader(id: "P0200", clearance: .internal))
        try querying.close()
        #expect(FileManager.default.fileExists(atPath: folder.path + "/" + Archive.queryIndexFile))
        let again = try Self.readOnly(folder)
        #expect(try again.checkDerivedFiles().isEmpty)
        try again.close()
    }

    @Test func aCheckpointForgedWithItsChecksRecomputedIsCaught() throws {
        let folder = Folder()
        let archive = try DestructionAndCheckpointTests.imported(folder)
        // The forger's projections: the log's, with one meeting's title changed; saved
        // through the archive's own writer, so magic, digest and CRC all hold.
        var forged = ProjectionSet(policy: archive.rules.policy)
        var changed: String?
        try archive.replay { stored in
            var copy = stored
            if changed == nil, case .meetingScheduled(var scheduled)? = copy.event?.data {
                scheduled.title = "伪造的会议"
                copy.event?.data = .meetingScheduled(scheduled)
                changed = copy.stream
            }
            forged.apply(copy)
            return true
        }
        let stream = try #require(changed)
        archive.projections.withLock { $0 = forged }
        try archive.saveProjections()
        try archive.close()
        let reader = try Self.readOnly(folder)
        // The forged file is trusted by the open (its checks hold)…
        #expect(try reader.minutes(of: stream)?.state.meeting?.title == "伪造的会议")
        // …and verify catches it.
        let problems = try reader.checkDerivedFiles()
        #expect(problems.contains { $0.file == Archive.projectionsFile && $0.message.contains("differs from the log") }, "\(problems)")
        try reader.close()
    }

    /// The forgeries the issue names, each written through the archive's own
    /// checkpoint writer (magic, log digest and CRC-32C recomputed): a checkpoint with
    /// a forged decision, a query index with a posting added for the destroyed meeting
    /// (so that a search would find a record whose content is gone), and one with a
    /// posting of a 秘密 meeting removed (so that a search would hide it). Each must be
    /// caught by verify naming its file; the honest files pass first.
    @Test func everyForgedDerivedFileWithItsChecksRecomputedIsCaughtNamingTheFile() throws {
        let folder = Folder()
        let archive = try DestructionAndCheckpointTests.imported(folder)
        try archive.rebuildQueryIndex()
        try archive.close()
        let honest = try Self.readOnly(folder)
        #expect(try honest.checkDerivedFiles().isEmpty)
        try honest.close()
        let pristine = folder.path + "-pristine"
        try FileManager.default.copyItem(atPath: folder.path, toPath: pristine)
        defer { try? FileManager.default.removeItem(atPath: pristine) }

        /// Restores the honest archive, lets `forge` rewrite one file through a writer,
        /// and returns what verify says of the result.
        func forged(_ forge: (Archive) throws -> Void) throws -> [DerivedFileProblem] {
            try FileManager.default.removeItem(atPath: folder.path)
            try FileManager.default.copyItem(atPath: pristine, toPath: folder.path)
            let writer = try Archive.open(at: folder.path)
            try forge(writer)
            try writer.log.close()  // not the archive's close, which would rewrite the files honestly
            let reader = try Self.readOnly(folder)
            defer { try? reader.close() }
            return try reader.checkDerivedFiles()
        }

        let checkpoint = try forged { writer in
            var set = ProjectionSet(policy: writer.rules.policy)
            var changed = false
            try writer.replay { stored in
                var copy = stored
                if !changed, case .meetingResolved(var resolved)? = copy.event?.data, !resolved.decisions.isEmpty {
                    resolved.decisions[0].text = "同意拨付专项经费五百万元"
                    copy.event?.data = .meetingResolved(resolved)
                    changed = true
                }
                set.apply(copy)
                return true
            }
            #expect(changed)
            writer.projections.withLock { $0 = set }
            try writer.saveProjections()
        }
        func index(_ writer: Archive, _ change: (inout QueryIndex) throws -> Void) throws {
            var index = try #require(try writer.loadQueryIndex())
            try change(&index)
            try writer.writeCheckpoint(Archive.queryIndexFile, magic: Archive.queryIndexMagic, position: index.position, body: index.encode())
        }
        let added = try forged { writer in
            try index(writer) { index in
                let destroyed = try #require(index.docByStream[DestructionTruthTests.destroyed])
                let term = try #require(index.postings.keys.sorted().first { !index.postings[$0]!.contains(destroyed) })
                index.postings[term] = (index.postings[term]! + [destroyed]).sorted()
            }
        }
        let removed = try forged { writer in
            try index(writer) { index in
                let secret = try #require(index.docByStream["meeting/BGS-2023-012"])
                #expect(index.docs[Int(secret)].classification == .confidential)
                let term = try #require(index.postings.keys.sorted().first { index.postings[$0]!.contains(secret) })
                index.postings[term]!.removeAll { $0 == secret }
            }
        }
        let outcomes = [
            (Archive.projectionsFile, checkpoint), (Archive.queryIndexFile, added), (Archive.queryIndexFile, removed),
        ]
        var caught = 0
        for (file, problems) in outcomes {
            let named = problems.contains { $0.file == file }
            #expect(named, "a forged \(file) passed verify: \(problems)")
            if named { caught += 1 }
        }
        DerivedFileFigures.report(caught: caught, of: outcomes.count)
    }
}

/// The figure `make reliability` prints for this test (the harness's figures file:
/// `Tests/AnnalsLogTests/Reliability/Reliability.swift`, a target this one cannot import).
enum DerivedFileFigures {
    static func report(caught: Int, of total: Int) {
        let line = "reliability: forged derived files with their checks recomputed: caught by verify naming the file \(caught) of \(total)"
        print(line)
        guard let path = ProcessInfo.processInfo.environment["ANNALS_RELIABILITY_FIGURES"], !path.isEmpty,
            let handle = FileHandle(forWritingAtPath: path) ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil)
        else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }
}
