import Foundation
import Testing

@testable import Annals

/// What `archive.json` says must hold together and match its check: a damaged or
/// edited byte is reported when the archive is opened, not taken as another fonds.
/// Found by the reliability harness's flips of archive.json.
@Suite struct ArchiveManifestTests {
    static func archive(rewriting change: (String) -> String) throws -> ImportExportTests.Folder {
        let folder = ImportExportTests.Folder()
        try Archive.create(at: folder.path, fonds: "Z109").close()
        let path = folder.path + "/archive.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try change(text).write(toFile: path, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func anUntouchedManifestOpens() throws {
        let folder = try Self.archive { $0 }
        try Archive.open(at: folder.path).close()
    }

    @Test(arguments: [
        ("\"fonds\":\"Z109\"", "\"fonds\":\"Z108\""),  // another valid fonds, one bit away
        ("annals.archive/Z109/", "annals.archive/Z1O9/"),
        ("\"created_at\":\"20", "\"created_at\":\"2X"),
        ("\"created_at\":\"20", "\"created_at\":\"21"),  // still a time: only the check tells
        ("\"format\"", "\"fOrmat\""),
        ("\"check\":\"", "\"check\":\"0"),
    ])
    func aManifestThatDoesNotHoldTogetherIsRefused(change: (String, String)) throws {
        let folder = try Self.archive { $0.replacingOccurrences(of: change.0, with: change.1) }
        #expect(throws: ArchiveError.self) { try Archive.open(at: folder.path) }
        #expect(throws: ArchiveError.self) { try Archive.manifest(at: folder.path) }
    }

    @Test func aManifestWithoutACheckFromAnEarlierVersionOpens() throws {
        let folder = try Self.archive { text in
            text.replacingOccurrences(of: #",\"check\":\"[0-9a-f]{8}\""#, with: "", options: .regularExpression)
        }
        #expect(try !String(contentsOfFile: folder.path + "/archive.json", encoding: .utf8).contains("check"))
        try Archive.open(at: folder.path).close()
    }
}
