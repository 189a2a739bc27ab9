import Foundation
import Testing

@testable import Annals

/// A destroyed record keeps its register facts (issue 11 follow-up, `archive.destroyed`
/// v3): its 密级, so that every view judges it by the class it had (an office still
/// exports at 内部 after destroying a 内部 meeting; a destroyed 秘密 record's row is
/// restricted or recorded as a live one's), and the compliance flags its events
/// raised, so that `annals flags` still lists what import counted.
@Suite struct DestroyedRecordRegisterTests {
    typealias Folder = ImportExportTests.Folder

    /// The office scenario's lines.
    static let lines: [String] = String(decoding: DestructionAndCheckpointTests.scenario, as: UTF8.self)
        .split(separator: "\n").map(String.init)
    /// The 内部 科务会 of 24 February 2012, filed as D10 and destroyed on 20 March 2023
    /// (batch XH-2023-01).
    static let internalMeeting = "meeting/KJK-2012-001"
    /// The same meeting as a 秘密 one, whose title, agenda, decision and recorder's name
    /// hold 白泽; its recorder signs in late (`sign_in.late`, naming him); destroyed by
    /// shredding at the designated place for classified carriers.
    static let confidentialMeeting = "meeting/KJK-2012-002"
    static let word = "白泽"

    static var internalLines: [String] { lines.filter { $0.contains(internalMeeting) } }
    static var confidentialLines: [String] {
        internalLines.map { line in
            line.replacingOccurrences(of: "KJK-2012-001", with: "KJK-2012-002")
                .replacingOccurrences(of: #""classification":"内部""#, with: #""classification":"秘密""#)
                .replacingOccurrences(of: "2012年第1次科务会", with: "2012年白泽专项科务会")
                .replacingOccurrences(of: "2012年科技项目申报安排", with: "白泽专项申报安排")
                .replacingOccurrences(of: "3月15日前完成项目申报材料汇总", with: "3月15日前完成白泽专项材料汇总")
                .replacingOccurrences(of: "吴昊", with: "白泽吴昊")
                .replacingOccurrences(of: "2012-02-24T08:57:00+08:00", with: "2012-02-24T09:12:00+08:00")
                .replacingOccurrences(of: "档案室销毁间", with: "市保密局涉密载体销毁中心")
        }
    }

    static func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    /// An archive whose policy designates the place for classified carriers.
    static func archive(_ folder: Folder, _ lines: [String]) throws -> Archive {
        var options = ArchiveOptions()
        var policy = Policy.standard
        policy.classifiedDestructionPlaces = ["市保密局涉密载体销毁中心"]
        options.policy = policy
        let archive = try Archive.create(at: folder.path, options: options)
        _ = try archive.importLines(bytes(lines))
        return archive
    }

    static func accesses(_ archive: Archive, _ stream: String, by reader: String) throws -> Int {
        try archive.events(in: stream).filter { stored in
            guard case .archiveAccessed(let a)? = stored.event?.data else { return false }
            return a.reader == reader
        }.count
    }

    @Test func anOfficeExportsAtInternalAfterDestroyingAnInternalMeeting() throws {
        let folder = Folder()
        let archive = try Self.archive(folder, Self.internalLines)
        defer { try? archive.close() }
        let entry = try #require(try archive.projections().register[Self.internalMeeting])
        #expect(entry.record?.classification == .internal)
        var exported: [UInt8] = []
        let counts = try archive.exportLines(reader: Reader(id: "P0200", clearance: .internal)) { exported += $0 }
        #expect(counts.destroyed > 0)
        let text = String(decoding: exported, as: UTF8.self)
        #expect(text.contains(#""type":"archive.destroyed""#) && text.contains(#""classification":"内部""#))
        #expect(try Self.accesses(archive, Self.internalMeeting, by: "P0200") == 0, "a 内部 record's read is not recorded")
        // The register and the catalogue show its title to the 内部 reader.
        let register = try archive.register(reader: Reader(id: "P0200", clearance: .internal))
        #expect(register.entries.first?.restricted == false && register.entries.first?.record?.title == "2012年第1次科务会")
    }

    @Test func aDestroyed秘密RecordsRowIsRestrictedForAnInternalReaderAndRecordedOnceForA机密One() throws {
        let folder = Folder()
        let archive = try Self.archive(folder, Self.internalLines + Self.confidentialLines)
        defer { try? archive.close() }
        #expect(try archive.projections().register[Self.confidentialMeeting]?.record?.classification == .confidential)

        let clerk = Reader(id: "P0200", clearance: .internal)
        let register = try archive.register(reader: clerk)
        let hidden = try #require(register.entries.first { $0.stream == Self.confidentialMeeting })
        #expect(hidden.restricted && hidden.record?.title == Reader.restrictedMarker && hidden.record?.classification == .confidential)
        #expect(register.entries.first { $0.stream == Self.internalMeeting }?.restricted == false)
        let set = try archive.projections()
        for text in [
            RegisterReport.text(register), String(decoding: RegisterReport.json(register), as: UTF8.self),
            RegisterDocument.text(set, register: register, policy: archive.rules.policy, fonds: "Z109"),
        ] {
            #expect(!text.contains(Self.word), "\(text)")
        }
        #expect(RegisterDocument.text(set, register: register, policy: archive.rules.policy, fonds: "Z109").contains("秘密"))
        let row = try #require(try archive.catalogue(reader: clerk).first { $0.stream == Self.confidentialMeeting })
        #expect(row.restricted && row.title == Reader.restrictedMarker)
        #expect(throws: ArchiveError.self) { try archive.exportLines(reader: clerk) { _ in } }
        #expect(try Self.accesses(archive, Self.confidentialMeeting, by: clerk.id) == 0)

        let auditor = Reader(id: "P0500", clearance: .secret)
        let shown = try archive.register(reader: auditor)
        #expect(shown.entries.first { $0.stream == Self.confidentialMeeting }?.record?.title == "2012年白泽专项科务会")
        #expect(try Self.accesses(archive, Self.confidentialMeeting, by: auditor.id) == 1, "the register read of a 秘密 row is recorded once")
        #expect(try Self.accesses(archive, Self.internalMeeting, by: auditor.id) == 0)
        var exported: [UInt8] = []
        try archive.exportLines(reader: auditor) { exported += $0 }
        #expect(try Self.accesses(archive, Self.confidentialMeeting, by: auditor.id) == 2, "and the export's once more")
        // Nothing else can be recorded on the destroyed record.
        #expect(throws: RuleViolation.self) {
            try archive.appendBlocking([Event(
                stream: Self.confidentialMeeting, at: ZonedTime(CivilDate(year: 2024, month: 1, day: 5)!, 9, 0), by: "archivist.zhao",
                HoldPlaced(reason: "审计", authority: "市审计局"))])
        }
    }

    @Test func aViewThatReadContentBeforeADestructionRecordsNothingAfterIt() throws {
        let folder = Folder()
        let archive = try Self.archive(folder, Self.internalLines + Self.confidentialLines)
        defer { try? archive.close() }
        // A read of content is recorded only while the record holds it: the view read
        // it, a writer destroyed it, and the read must not be recorded as if shown.
        do {
            _ = try archive.recordReads(of: [Self.confidentialMeeting], by: Reader(id: "P0500", clearance: .secret), purpose: "minutes")
            Issue.record("a read of destroyed content was recorded")
        } catch let error as AccessNotRecorded {
            #expect(error.destroyedMeanwhile)
        }
        #expect(try Self.accesses(archive, Self.confidentialMeeting, by: "P0500") == 0)
    }

    /// Rule, stream, time, position and words of each flag.
    static func summary(_ flags: [RaisedFlag]) -> [String] {
        flags.map { "\($0.rule) \($0.stream) \($0.at) @\($0.position) \($0.field) \($0.kind ?? "") \($0.department ?? "") \($0.detail)" }
    }

    @Test func theFlagsOfADestroyedMeetingAreTheOnesImportCounted() throws {
        let folder = Folder()
        let all = Self.internalLines + Self.confidentialLines
        let destructions = all.filter { $0.contains(#""type":"archive.destroyed""#) }
        let archive = try Self.archive(folder, all.filter { !destructions.contains($0) })
        defer { try? archive.close() }
        let before = try archive.complianceFlags()
        #expect(before.contains { $0.stream == Self.confidentialMeeting && $0.rule.name == "sign_in.late" }, "\(Self.summary(before))")

        _ = try archive.importLines(Self.bytes(destructions))
        let after = try archive.complianceFlags()
        #expect(Self.summary(after) == Self.summary(before))
        #expect(after.filter { !$0.fromRegister }.isEmpty)
        #expect(try archive.complianceFlags(FlagFilter(year: 2012, department: "KJK", rule: "sign_in.late")).count == 1)
        #expect(String(decoding: FlagsReport.json(after), as: UTF8.self).contains(#""from_register":true"#))

        // A reader not cleared for the 秘密 meeting sees its flags without their words.
        let clerk = Reader(id: "P0200", clearance: .internal)
        let shown = try archive.complianceFlags(reader: clerk)
        #expect(shown.count == after.count)
        let late = try #require(shown.first { $0.rule.name == "sign_in.late" })
        #expect(late.restricted && late.detail == Reader.restrictedMarker)
        #expect(!FlagsReport.text(shown).contains(Self.word) && !String(decoding: FlagsReport.json(shown), as: UTF8.self).contains(Self.word))
        #expect(try Self.accesses(archive, Self.confidentialMeeting, by: clerk.id) == 0)
        let cleared = try archive.complianceFlags(reader: Reader(id: "P0500", clearance: .secret))
        #expect(cleared.first { $0.rule.name == "sign_in.late" }?.detail.contains("白泽吴昊") == true)
        #expect(try Self.accesses(archive, Self.confidentialMeeting, by: "P0500") == 1)

        // Exported and imported elsewhere, the register brings its flags along.
        var exported: [UInt8] = []
        try archive.exportLines(reader: Reader(id: "P0500", clearance: .secret)) { exported += $0 }
        let elsewhere = Folder()
        let copy = try Self.archive(elsewhere, [])
        defer { try? copy.close() }
        _ = try copy.importLines(exported)
        let restored = try copy.complianceFlags()
        #expect(restored.map { "\($0.rule) \($0.stream) \($0.at) \($0.detail)" } == before.map { "\($0.rule) \($0.stream) \($0.at) \($0.detail)" })
    }

    @Test func aVersion2DestructionIsUpcastWithItsClassUnknownAndCountsAs秘密() throws {
        let record = DestructionRecord(
            archiveNumber: "Z109-WS·2012-D10-KJK-0001", title: "2012年第1次科务会", kind: "科务会", year: 2012, retention: .tenYears,
            keptYears: 10, documents: 2, approvedBy: ["P001", "P013"], reason: "保管期限（10年）已满", digests: [Sample.digest])
        let event = Event(
            stream: Self.internalMeeting, at: ZonedTime(CivilDate(year: 2023, month: 3, day: 20)!, 15, 0), by: "archivist.zhao",
            ArchiveDestroyed(batch: "XH-2023-01", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室销毁间", register: record))
        // Version 2 is version 3 without the register's last two fields (both absent: 0, 0).
        var stored = BinaryEventCodec.encode(event)
        #expect(stored[1] == 3 && stored.suffix(2) == [0, 0])
        stored[1] = 2
        stored.removeLast(2)
        let decoded = try stored.withUnsafeBytes {
            try BinaryEventCodec.decodeEvent(id: event.id, stream: event.stream, type: .archiveDestroyed, payload: $0)
        }
        #expect(decoded == event)
        guard case .archiveDestroyed(let destroyed) = decoded.data else { return }
        #expect(destroyed.register?.classification == nil && destroyed.register?.flags == nil)
        #expect(!Reader(id: "P0200", clearance: .internal).mayRead(destroyed.register?.classification))
        #expect(RegisterReport.classificationText(destroyed.register) == "未记载")

        // Version 3 with both: the bytes and the JSON line give them back.
        var kept = record
        kept.classification = .confidential
        kept.flags = [RegisterFlag(
            rule: "notice.never_sent", field: "type", detail: "The 科务会 of 2012-02-24 was held with no notice sent",
            at: ZonedTime(CivilDate(year: 2012, month: 2, day: 24)!, 8, 55), event: Sample.digest, department: "KJK",
            meetingDate: CivilDate(year: 2012, month: 2, day: 24)!)]
        var full = event
        full.data = .archiveDestroyed(ArchiveDestroyed(batch: "XH-2023-01", witnesses: ["P014", "P015"], method: "粉碎", place: "档案室销毁间", register: kept))
        let binary = try BinaryEventCodec.encode(full).withUnsafeBytes {
            try BinaryEventCodec.decodeEvent(id: full.id, stream: full.stream, type: full.type, payload: $0)
        }
        #expect(binary == full)
        let line = EventJSONCodec().encode(full)
        #expect(line.contains(#""classification":"秘密","flags":[{"rule":"notice.never_sent""#))
        #expect(try EventJSONCodec().decode(line: line).event == full)
    }
}
