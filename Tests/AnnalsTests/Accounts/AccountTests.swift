import Foundation
import Testing

@testable import Annals

/// Accounts (issue 11, item 4): grants and revocations in the log, who held what on
/// any date, and secrets kept beside the log, never in it.
@Suite struct AccountTests {
    typealias Folder = ImportExportTests.Folder

    static let november = ZonedTime(CivilDate(year: 2026, month: 11, day: 2)!, 9, 0)
    static let december = ZonedTime(CivilDate(year: 2026, month: 12, day: 1)!, 17, 30)

    static func grant(_ id: String, _ name: String, _ roles: [String], _ clearance: Classification, at: ZonedTime = november, by: String = "admin.zhou") -> Event {
        Event(stream: Archive.accountStream(id), at: at, by: by, AccountGranted(account: id, name: name, roles: roles, clearance: clearance))
    }

    static func revoke(_ id: String, at: ZonedTime = december, reason: String = "调离办公室") -> Event {
        Event(stream: Archive.accountStream(id), at: at, by: "admin.zhou", AccountRevoked(account: id, reason: reason))
    }

    func rejected(_ archive: Archive, _ event: Event) throws -> RuleViolation? {
        let before = archive.log.endPosition
        do {
            _ = try archive.appendBlocking([event])
            return nil
        } catch let violation as RuleViolation {
            #expect(archive.log.endPosition == before, "a refused event must leave the archive unchanged")
            return violation
        }
    }

    @Test func auditorsCanTellWhoHeldWhichClearanceOnAnyDate() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        defer { try? archive.close() }
        _ = try archive.appendBlocking([Self.grant("wang.fang", "王芳", ["reader"], .internal)])
        // Promoted on 15 November to 秘密 and archivist, revoked on 1 December.
        let promotion = ZonedTime(CivilDate(year: 2026, month: 11, day: 15)!, 10, 0)
        _ = try archive.appendBlocking([Self.grant("wang.fang", "王芳", ["reader", "archivist"], .confidential, at: promotion)])
        _ = try archive.appendBlocking([Self.revoke("wang.fang")])
        _ = try archive.appendBlocking([Self.grant("li.qiang", "李强", ["clerk"], .internal)])

        let registry = try archive.accounts()
        #expect(registry.accounts.keys.sorted() == ["li.qiang", "wang.fang"])
        let on10th = registry.holders(on: CivilDate(year: 2026, month: 11, day: 10)!)
        #expect(on10th.map(\.account) == ["li.qiang", "wang.fang"])
        #expect(on10th.first { $0.account == "wang.fang" }?.clearance == .internal)
        let on20th = registry.holders(on: CivilDate(year: 2026, month: 11, day: 20)!).first { $0.account == "wang.fang" }
        #expect(on20th?.clearance == .confidential)
        #expect(on20th?.roles == [.reader, .archivist])
        #expect(on20th?.grantedBy == "admin.zhou")
        #expect(registry.holders(on: CivilDate(year: 2026, month: 12, day: 2)!).map(\.account) == ["li.qiang"])
        let history = try #require(try archive.accountHistory("wang.fang"))
        #expect(history.standing() == nil)
        #expect(history.revoked?.reason == "调离办公室")
        #expect(try archive.accountHistory("nobody") == nil)
    }

    @Test func accountsAreNoMeetings() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        defer { try? archive.close() }
        _ = try archive.appendBlocking([Self.grant("wang.fang", "王芳", ["reader"], .internal)])
        let set = try archive.projections()
        #expect(set.records["account/wang.fang"] == nil)
        #expect(set.catalogue().isEmpty)
        #expect(set.compliance(on: CivilDate(year: 2026, month: 12, day: 3)!).meetings == 0)
        #expect(set.types.has("account/wang.fang", .accountGranted))
    }

    @Test func aGrantNeedsKnownRolesANameAndItsOwnStream() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        defer { try? archive.close() }
        let unknownRole = try rejected(archive, Self.grant("wang.fang", "王芳", ["reader", "superuser"], .internal))
        #expect(unknownRole?.rule == .accountRoles)
        #expect(unknownRole?.field == "data.roles")
        #expect(unknownRole?.message.contains("superuser") == true)
        #expect(try rejected(archive, Self.grant("wang.fang", "王芳", [], .internal))?.rule == .accountRoles)
        #expect(try rejected(archive, Self.grant("wang.fang", "  ", ["reader"], .internal))?.field == "data.name")
        let badID = try rejected(archive, Self.grant("Wang Fang", "王芳", ["reader"], .internal))
        #expect(badID?.rule == .accountID)
        var elsewhere = Self.grant("wang.fang", "王芳", ["reader"], .internal)
        elsewhere.stream = "account/li.qiang"
        #expect(try rejected(archive, elsewhere)?.field == "data.account")
        var onAMeeting = Self.grant("wang.fang", "王芳", ["reader"], .internal)
        onAMeeting.stream = "meeting/BGS-2023-007"
        #expect(try rejected(archive, onAMeeting)?.rule == .accountStream)
    }

    @Test func onlyAGrantedAccountIsRevokedAndAnAccountStreamHoldsNothingElse() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        defer { try? archive.close() }
        let never = try rejected(archive, Self.revoke("zhang.wei"))
        #expect(never?.rule == .accountNotGranted)
        _ = try archive.appendBlocking([Self.grant("zhang.wei", "张伟", ["reader"], .internal)])
        var meetingEvent = Sample.everyType[0]
        meetingEvent.stream = "account/zhang.wei"
        let foreign = try rejected(archive, meetingEvent)
        // A meeting's event belongs on a meeting/ stream, whose names have no `.`.
        #expect(foreign?.rule == .streamInvalidName)
        #expect(foreign?.field == "stream")
        _ = try archive.appendBlocking([Self.revoke("zhang.wei")])
        #expect(try archive.accountHistory("zhang.wei")?.standing() == nil)
    }

    @Test func passwordsAndTokensNeverEnterTheLogAndTheFileHoldsOnlyHashes() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        defer { try? archive.close() }
        _ = try archive.appendBlocking([Self.grant("wang.fang", "王芳", ["reader"], .internal)])
        let store = archive.credentials
        let password = "档案室2026春"
        try store.setPassword(password, for: "wang.fang")
        let token = try store.issueToken(for: "wang.fang", days: 30)
        #expect(token.hasPrefix("annals_") && token.utf8.count == 7 + 64)

        #expect(try store.verifyPassword(password, for: "wang.fang"))
        #expect(try !store.verifyPassword("档案室2026秋", for: "wang.fang"))
        #expect(try !store.verifyPassword(password, for: "li.qiang"))
        #expect(try store.account(forToken: token) == "wang.fang")
        #expect(try store.account(forToken: token + "0") == nil)

        let file = try String(contentsOfFile: folder.path + "/credentials.json", encoding: .utf8)
        #expect(!file.contains(password) && !file.contains(token))
        #expect(file.contains("$2b$12$"))
        #expect(file.contains(CredentialStore.digest(token)))
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path + "/credentials.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Nothing of either secret anywhere in the log's files.
        for (name, bytes) in ImportExportTests.files(folder.path + "/log") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains(token) && !text.contains(password) && !text.contains(CredentialStore.digest(token)), "\(name)")
        }
    }

    @Test func aTokenExpiresAndARevocationDeletesTheSecrets() throws {
        let folder = Folder()
        let store = CredentialStore(archive: folder.path)
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let issued = Timestamp.now()
        let token = try store.issueToken(for: "li.qiang", days: 1, now: issued)
        #expect(try store.account(forToken: token, now: issued + 3_600_000_000) == "li.qiang")
        #expect(try store.account(forToken: token, now: issued + 86_400_000_000) == nil)
        try store.remove("li.qiang")
        #expect(try store.load()["li.qiang"] == nil)
        #expect(try store.account(forToken: token, now: issued) == nil)
    }

    @Test func aShortPasswordIsRefusedAndTheFileStaysAsItWas() throws {
        let folder = Folder()
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let store = CredentialStore(archive: folder.path)
        #expect(throws: ArchiveError.self) { try store.setPassword("1234567", for: "wang.fang") }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/credentials.json"))
    }

    @Test func theAccountListSaysWhoHoldsWhatAndNoSecret() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.path)
        defer { try? archive.close() }
        _ = try archive.appendBlocking([Self.grant("wang.fang", "王芳", ["reader", "archivist"], .confidential), Self.grant("li.qiang", "李强", ["clerk"], .internal)])
        _ = try archive.appendBlocking([Self.revoke("li.qiang")])
        try archive.credentials.setPassword("档案室2026春", for: "wang.fang")
        let rows = AccountReport.rows(try archive.accounts(), secrets: try archive.credentials.load())
        let json = String(decoding: AccountReport.json(rows), as: UTF8.self)
        #expect(json.contains(#""account":"li.qiang","name":"李强","roles":["clerk"],"clearance":"内部","status":"revoked""#))
        #expect(json.contains(#""account":"wang.fang","name":"王芳","roles":["reader","archivist"],"clearance":"秘密","status":"active""#))
        #expect(json.contains(#""has_password":true"#))
        #expect(!json.contains("$2b$"))
        #expect(AccountReport.text(rows).contains("已撤销"))
    }
}
