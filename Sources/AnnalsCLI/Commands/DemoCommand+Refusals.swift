import Annals

/// The demo's tour of the rules that guard authority, chronology and retention:
/// real meetings of the demo archive, each met with one event the office must
/// refuse, judged by the archive's own rule book. Nothing is written: the rule
/// book judges before anything is stored, and every refusal leaves the log as it was.
struct DemoRefusals {
    let archive: Archive
    let set: ProjectionSet

    /// One line per refusal: what was proposed, then the error as `annals import` prints it.
    func lines() throws -> [String] {
        var out: [String] = []
        func show(_ what: String, _ event: Event, _ state: MeetingState, rules: RuleBook? = nil) {
            do {
                _ = try (rules ?? archive.rules).admit(event, to: state)
                out.append("\(what)\n      accepted (unexpected)")
            } catch {
                out.append("\(what)\n      error: \(error.rule) (\(error.field)): \(error.message)")
            }
        }
        func event(_ stream: String, _ payload: some EventPayload, at: ZonedTime) -> Event {
            Event(stream: stream, at: at, by: "demo", payload)
        }
        func after(_ t: ZonedTime, days: Int = 0, minutes: Int = 0) -> ZonedTime {
            ZonedTime(microseconds: t.microseconds + Int64(days * 1440 + minutes) * 60_000_000, offsetMinutes: t.offsetMinutes)
        }

        // A filed 主任办公会 with decisions, and its history up to each stage.
        guard let office = set.catalogue().first(where: { row in
            !row.destroyed && set.minutes(of: row.stream)?.state.meeting?.kind == "主任办公会"
                && !(set.minutes(of: row.stream)?.state.decisions.isEmpty ?? true)
        }) else { return ["(no filed 主任办公会 to show the rules on)"] }
        let stored = try archive.events(in: office.stream).compactMap(\.event)
        func state(before type: EventType) -> MeetingState {
            var state = MeetingState(stream: office.stream)
            for e in stored {
                if e.type == type { break }
                state.apply(e)
            }
            return state
        }
        let full = stored.reduce(into: MeetingState(stream: office.stream)) { $0.apply($1) }
        guard let meeting = full.meeting, let decision = full.decisions.first else { return out }
        let s = office.stream

        let drafted = state(before: .minutesApproved)
        show("The recorder \(meeting.recorder) approves the minutes they wrote (\(s)):",
             event(s, MinutesApproved(approvedBy: meeting.recorder), at: after(meeting.endsAt, days: 1)), drafted)

        var adHoc = meeting
        adHoc.planned = false
        adHoc.approvedBy = meeting.recorder
        show("An ad hoc meeting (临时会议) approved by a clerk, not a leader:",
             event("meeting/DEMO-2024-001", adHoc, at: after(meeting.startsAt, days: -1)), MeetingState(stream: "meeting/DEMO-2024-001"))

        var chairless = meeting
        chairless.chair = "P9999"
        show("A meeting whose chair is not among the invited:",
             event("meeting/DEMO-2024-002", chairless, at: after(meeting.startsAt, days: -1)), MeetingState(stream: "meeting/DEMO-2024-002"))

        let session = state(before: .minutesDrafted)
        if let absent = meeting.participants.first(where: { session.signIns[$0.person] == nil }) {
            show("Leave asked for \(absent.name) (\(absent.person)) after the meeting ended (事后请假):",
                 event(s, LeaveRequested(person: absent.person, reason: "补假"), at: after(meeting.endsAt, minutes: 60)), session)
        }

        let planned = state(before: .meetingNotified)
        show("The chair signs in three hours before the start (the sheet opens two hours before):",
             event(s, ParticipantSignedIn(person: meeting.chair, signedBy: meeting.chair), at: after(meeting.startsAt, minutes: -180)), planned)

        show("Decision \(decision.id) reported done an hour before the meeting that made it:",
             event(s, DecisionProgress(decision: decision.id, status: .done), at: after(decision.resolvedAt, minutes: -60)), full)

        let present = ZonedTime(microseconds: archive.rules.clock(), offsetMinutes: 480)
        show("A read recorded a month from now:",
             event(s, ArchiveAccessed(reader: "P0001", purpose: "查阅"), at: after(present, days: 30)), full)

        let approved = state(before: .meetingArchived)
        let filedAt = stored.first { $0.type == .meetingArchived }?.at ?? after(meeting.endsAt, days: 90)
        show("Filed with archive year 1900 (归档年度 is the meeting's year):",
             event(s, MeetingArchived(year: 1900, retention: .permanent, documents: []), at: filedAt), approved)
        show("A 主任办公会 filed as D10, below the retention table's 永久, with no approved exception:",
             event(s, MeetingArchived(retention: .tenYears, documents: []), at: filedAt), approved)
        show("Filed under another archive's fonds:",
             event(s, MeetingArchived(fonds: "Z999", retention: .permanent, documents: []), at: filedAt), approved)

        show("A stream name that is a path (\"meeting/../../etc/passwd\"):",
             event("meeting/../../etc/passwd", meeting, at: after(meeting.startsAt, days: -1)), MeetingState(stream: "meeting/../../etc/passwd"))

        // A filed 秘密 record, as the office would judge its destruction once it expires
        // (appraised and approved here in memory only, by the archive's own people).
        if let classified = set.catalogue().first(where: { row in
            !row.destroyed && row.retention != .permanent && set.minutes(of: row.stream)?.state.classification ?? .open >= .confidential
        }), var record = set.minutes(of: classified.stream)?.state,
            let expiry = archive.rules.policy.expiryDate(archiveYear: classified.year, retention: classified.retention)
        {
            let appraisedAt = ZonedTime(expiry.adding(days: 70), 9, 0)
            let heads = archive.rules.policy.inForce(on: appraisedAt.localDate).departmentHeads
            let appraisers = [heads["DAS"] ?? "P0100", heads["BGS"] ?? "P0101"]
            let leaders = archive.rules.policy.inForce(on: appraisedAt.localDate).leaders.sorted()
            record.apply(event(classified.stream, RetentionAppraised(outcome: .destroy, appraisers: appraisers), at: appraisedAt))
            record.apply(event(classified.stream, DestructionApproved(batch: "XH-DEMO", approvers: Array(leaders.prefix(2))), at: after(appraisedAt, days: 30)))
            let destroyAt = after(appraisedAt, days: 60)
            let then = RuleBook(policy: archive.rules.policy, clock: { destroyAt.microseconds })
            show("An appraiser of \(classified.stream) also witnesses its destruction (监销人):",
                 event(classified.stream, ArchiveDestroyed(batch: "XH-DEMO", witnesses: [appraisers[0], "P9998"], method: "粉碎", place: "市保密局涉密载体销毁中心"), at: destroyAt),
                 record, rules: then)
            show("The 秘密 record \(classified.stream) thrown in the bin in an office:",
                 event(classified.stream, ArchiveDestroyed(batch: "XH-DEMO", witnesses: ["P9998", "P9997"], method: "扔进垃圾桶", place: "办公室"), at: destroyAt),
                 record, rules: then)
        }
        return out
    }
}
