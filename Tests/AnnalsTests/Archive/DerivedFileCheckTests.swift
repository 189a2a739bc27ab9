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
}
