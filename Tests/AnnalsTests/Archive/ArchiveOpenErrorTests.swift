import Foundation
import Testing

@testable import Annals

/// `init` and `open` fail with the project's own errors, naming the path and what
/// was expected (never Foundation's raw NSCocoaErrorDomain).
@Suite struct ArchiveOpenErrorTests {
    typealias Folder = ImportExportTests.Folder

    @Test func creatingAnArchiveOnAFileNamesTheFileAndWhatWasExpected() throws {
        let folder = Folder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let file = folder.path + "/minutes.txt"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("会议纪要".utf8)))
        for path in [file, file + "/archive"] {
            do {
                _ = try Archive.create(at: path)
                Issue.record("an archive was created at \(path)")
            } catch let error as ArchiveError {
                #expect(error.message.hasPrefix(path), "\(error)")
                #expect(error.message.contains("folder"), "\(error)")
                #expect(!error.message.contains("NSCocoaErrorDomain"), "\(error)")
            }
        }
    }

    @Test func openingAFileOrAnEmptyFolderSaysThereIsNoArchive() throws {
        let folder = Folder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let file = folder.path + "/minutes.txt"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("会议纪要".utf8)))
        for path in [file, folder.path] {
            #expect(throws: ArchiveError.self) { try Archive.open(at: path) }
            do { _ = try Archive.open(at: path) } catch let error as ArchiveError {
                #expect(error.message.contains("no archive at \(path)"), "\(error)")
            }
        }
    }
}
