import Testing

@testable import Annals

@Suite struct BinaryEventCodecTests {
    func decode(_ event: Event, _ bytes: [UInt8]) throws -> Event {
        try bytes.withUnsafeBytes { try BinaryEventCodec.decodeEvent(id: event.id, stream: event.stream, type: event.type, payload: $0) }
    }

    func decodeError(_ type: EventType, _ bytes: [UInt8]) -> EventDecodingError? {
        do {
            _ = try bytes.withTypedBytes { (b) throws(EventDecodingError) in try BinaryEventCodec.decode(type: type, payload: b) }
            return nil
        } catch {
            return error
        }
    }

    @Test func everyTypeRoundTrips() throws {
        for event in Sample.everyType {
            #expect(try decode(event, BinaryEventCodec.encode(event)) == event, "\(event.type)")
        }
    }

    /// If this test fails, the stored format changed: bump `BinaryEventCodec.format`
    /// or the type's schema version, add an upcaster, and update docs/FORMAT.md.
    @Test func signInPayloadHasTheDocumentedBytes() {
        let event = Sample.event(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: Sample.time(9, 27))
        let hex = BinaryEventCodec.encode(event).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        #expect(hex.joined(separator: " ") == "01 01 80 84 c1 90 a6 8c fb 05 c0 07 09 63 6c 65 72 6b 2e 6c 69 75 04 50 30 30 32 04 50 30 30 32")
    }

    /// A `meeting.scheduled` payload written at schema version 1, before
    /// classification existed, built by hand.
    static func scheduledVersion1() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes += [1, 1]  // format 1, schema version 1
        w.zonedTime(Sample.time(8, 0, day: CivilDate(year: 2019, month: 12, day: 30)!))
        w.text("clerk.liu")
        for text in ["2019年第24次主任办公会", "主任办公会", "BGS", "P001", "P004", "三楼第一会议室"] { w.text(text) }
        w.zonedTime(Sample.time(9, 30, day: CivilDate(year: 2019, month: 12, day: 31)!))
        w.zonedTime(Sample.time(11, 0, day: CivilDate(year: 2019, month: 12, day: 31)!))
        w.bytes.append(1)  // planned
        w.bytes.append(0)  // no approved_by
        w.varint(1)
        w.text("1")
        w.text("2019年度工作总结")
        w.bytes.append(0)  // no presenter
        w.varint(1)
        w.text("P001"); w.text("王芳"); w.text("办公室"); w.text("主任"); w.bytes.append(0)
        return w.bytes
    }

    @Test func aVersion1MeetingIsUpcastAsInternal() throws {
        let decoded = try Self.scheduledVersion1().withTypedBytes { (b) throws(EventDecodingError) in
            try BinaryEventCodec.decode(type: .meetingScheduled, payload: b)
        }
        guard case .meetingScheduled(let meeting) = decoded.data else {
            Issue.record("not a meeting.scheduled")
            return
        }
        #expect(meeting.classification == .internal)
        #expect(meeting.title == "2019年第24次主任办公会")
        #expect(meeting.endsAt == Sample.time(11, 0, day: CivilDate(year: 2019, month: 12, day: 31)!))
        #expect(meeting.participants == [Sample.wangFang])
        #expect(meeting.agenda == [AgendaItem(item: "1", title: "2019年度工作总结")])
        #expect(decoded.by == "clerk.liu")
    }

    /// A `meeting.resolved` payload written at schema version 1, before decisions
    /// named their lead (牵头) and person (责任人), built by hand: two decisions.
    static func resolvedVersion1() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes += [1, 1]  // format 1, schema version 1
        w.zonedTime(Sample.time(11, 20))
        w.text("clerk.liu")
        w.varint(2)
        for (id, departments, deadline) in [("D1", ["CWK", "BGS"], CivilDate(year: 2023, month: 3, day: 31)), ("D2", ["ZHK"], nil)] {
            w.text(id); w.text("1"); w.text("各科室于3月底前报送支出进度计划")
            w.strings("responsible", departments)
            w.optionalDate("deadline", deadline)
        }
        return w.bytes
    }

    @Test func aVersion1ResolutionIsUpcastWithItsFirstDepartmentLeading() throws {
        let decoded = try Self.resolvedVersion1().withTypedBytes { (b) throws(EventDecodingError) in
            try BinaryEventCodec.decode(type: .meetingResolved, payload: b)
        }
        guard case .meetingResolved(let resolved) = decoded.data else {
            Issue.record("not a meeting.resolved")
            return
        }
        #expect(resolved.decisions.map(\.lead) == ["CWK", "ZHK"])
        #expect(resolved.decisions.map(\.person) == [nil, nil])
        #expect(resolved.decisions.map(\.responsible) == [["CWK", "BGS"], ["ZHK"]])
        #expect(resolved.decisions.map(\.deadline) == [CivilDate(year: 2023, month: 3, day: 31), nil])
        #expect(resolved.decisions[0].supportingDepartments == ["BGS"])
        // Damage after the list is still refused, not dropped by the upcaster.
        #expect(decodeError(.meetingResolved, Self.resolvedVersion1() + [7]) != nil)
    }

    @Test func theShippedUpcasterChainIsSound() throws {
        _ = try UpcasterChain(UpcasterChain.shipped)
        #expect(UpcasterChain.standard.oldestVersion(of: .meetingScheduled) == 1)
        #expect(UpcasterChain.standard.oldestVersion(of: .participantSignedIn) == 1)
    }

    @Test func aChainWithAGapIsRejected() {
        let step = { (from: Int) in Upcaster(.meetingScheduled, from: from, to: from + 1) { (_, _) throws(EventDecodingError) in } }
        #expect(throws: UpcasterChainError.self) { try UpcasterChain([step(1), step(3)], current: { _ in 4 }) }
        #expect(throws: UpcasterChainError.self) { try UpcasterChain([step(1)], current: { _ in 3 }) }
    }

    @Test func aChainThatSkipsOrLoopsOrOvershootsIsRejected() {
        let skip = Upcaster(.meetingScheduled, from: 1, to: 3) { (_, _) throws(EventDecodingError) in }
        let back = Upcaster(.meetingScheduled, from: 2, to: 1) { (_, _) throws(EventDecodingError) in }
        let twice = Upcaster(.meetingScheduled, from: 1, to: 2) { (_, _) throws(EventDecodingError) in }
        #expect(throws: UpcasterChainError.self) { try UpcasterChain([skip], current: { _ in 3 }) }
        #expect(throws: UpcasterChainError.self) { try UpcasterChain([back], current: { _ in 3 }) }
        #expect(throws: UpcasterChainError.self) { try UpcasterChain([twice, twice], current: { _ in 2 }) }
        #expect(throws: UpcasterChainError.self) { try UpcasterChain([twice], current: { _ in 1 }) }
    }

    @Test func aNewerSchemaVersionIsRefusedWithAnUpgradeHint() {
        var bytes = BinaryEventCodec.encode(Sample.everyType[6])
        bytes[1] = 9
        let e = decodeError(.participantSignedIn, bytes)
        #expect(e?.code == .unsupportedVersion)
        #expect(e?.message.contains("upgrade") == true)
    }

    @Test func truncatedAndOverlongPayloadsAreRefused() {
        let bytes = BinaryEventCodec.encode(Sample.everyType[6])
        for cut in 0..<bytes.count {
            #expect(decodeError(.participantSignedIn, Array(bytes[..<cut])) != nil, "cut at \(cut)")
        }
        #expect(decodeError(.participantSignedIn, bytes + [0])?.code == .truncated)
        #expect(decodeError(.participantSignedIn, [2] + bytes.dropFirst())?.code == .unsupportedVersion)
    }
}
