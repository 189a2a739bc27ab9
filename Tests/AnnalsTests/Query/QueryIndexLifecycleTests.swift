import Foundation
import Testing

@testable import Annals

/// When the checkpoint files are written: the projections' at close and after a
/// destruction that finds one; the query index's once a query made it.
@Suite struct QueryIndexLifecycleTests {
    typealias Folder = ImportExportTests.Folder

    static func exists(_ folder: Folder, _ file: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.path + "/" + file)
    }

    @Test func theIndexIsMadeByTheFirstQueryAndKeptFromThenOn() throws {
        let lines = DestructionAndCheckpointTests.scenario.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.range(of: Data(#""type":"archive.destroyed""#.utf8)) != nil })
        let folder = Folder()
        var archive = try Archive.create(at: folder.path)
        _ = try archive.importLines(Array(Data(lines[..<cut].joined(separator: [UInt8(ascii: "\n")]))), options: ImportOptions(skipInvalid: true))
        // The destruction, with no checkpoint file yet: it writes none (none holds the
        // content), and closing writes the projections' without it.
        _ = try archive.importLines(Array(Data(lines[cut...].joined(separator: [UInt8(ascii: "\n")]))), options: ImportOptions(skipInvalid: true))
        #expect(!Self.exists(folder, Archive.projectionsFile))
        #expect(!Self.exists(folder, Archive.queryIndexFile))
        try archive.close()
        #expect(Self.exists(folder, Archive.projectionsFile))
        #expect(!Self.exists(folder, Archive.queryIndexFile), "an archive never queried should not pay for an index")
        let files = try DestructionAndCheckpointTests.everyByte(folder.path)
        for text in DestructionAndCheckpointTests.destroyedContent {
            #expect(files.filter { $0.value.range(of: Data(text.utf8)) != nil }.isEmpty, "\(text) is in a file")
        }

        // The first query makes the index; closing keeps it; the next open reads it.
        archive = try Archive.open(at: folder.path)
        let reader = Reader(id: "P0001", clearance: .internal)
        let answer = try archive.evaluate(Query(parsing: "科务会"), reader: reader).hits.map(\.stream)
        #expect(!answer.isEmpty)
        try archive.close()
        #expect(Self.exists(folder, Archive.queryIndexFile))
        archive = try Archive.open(at: folder.path)
        #expect(try archive.evaluate(Query(parsing: "科务会"), reader: reader).hits.map(\.stream) == answer)
        #expect(try archive.loadQueryIndex() != nil, "the saved index should load as it is")
        try archive.close()
    }
}
