/// What the records office needs to file a meeting at year end (归档).
struct FilingEntry {
    let stream: String
    let kind: String
    let title: String
    let organizer: String
    /// The meeting's year: the archive year (归档年度).
    let year: Int
    let classification: Classification
    /// When the meeting's last pre-filing event happened (the minutes' distribution).
    let readyAt: ZonedTime
    let hasDecisions: Bool
}

/// One meeting's life as events, from `meeting.scheduled` to the follow-up of its
/// decisions (DOMAIN.md, "A meeting's life"). Filing and custody are the records
/// office's (`RecordsOffice`).
///
/// Every event is produced so that the rule book accepts it: notices before the
/// meeting, leave approved by the chair before a substitute signs, sign-ins by the
/// person themself (never by proxy) before the end, decisions with a responsible
/// department and a deadline, minutes drafted, approved, then distributed. Now and
/// then things go the way auditors look for: a notice sent late, an arrival after
/// the start (迟到), someone absent without leave, someone leaving early (早退),
/// minutes drafted late, a decision done late or never (督办).
struct MeetingProceedings {
    let policy: Policy
    let org: Organization
    /// Nothing is recorded before this moment (the first day of generated history).
    let notBefore: ZonedTime

    /// Appends the events of `m` to `out` (in no particular order); returns what the
    /// records office files, or nil if the meeting was cancelled.
    func run(_ m: PlannedMeeting, _ rng: inout SplitMix64, into out: inout [Event]) -> FilingEntry? {
        let habits = MeetingHabits.of(m.kind)
        func emit(_ payload: some EventPayload, _ at: ZonedTime, by: String) {
            out.append(Event(id: EventID.random(using: &rng), stream: m.stream, at: at, by: by, payload))
        }
        var start = m.startsAt
        var end = m.endsAt
        let clerk = m.recorder.id

        // Plan and notice (会议通知): usually the same day as the plan, at least three
        // working days ahead; an ad hoc meeting at a day's notice or less.
        let planDay = Moment.workingDay(m.planned ? rng.int(habits.planLead) : rng.int(0...1), before: m.date, policy)
        var scheduledAt = m.planned ? Moment.officeHours(planDay, &rng) : Moment.between(ZonedTime(planDay, 8, 30), ZonedTime(planDay, 12, 0), &rng)
        if scheduledAt < notBefore { scheduledAt = min(notBefore, Moment.after(start, minutes: -60)) }
        var noticeAt = Moment.after(scheduledAt, minutes: rng.int(5...max(5, min(90, Moment.minutes(from: scheduledAt, to: start) - 30))))
        if m.planned, rng.chance(0.03) {
            // A late notice: one or two working days ahead.
            let late = Moment.officeHours(Moment.workingDay(rng.int(1...2), before: m.date, policy), &rng)
            if late > noticeAt, late < Moment.after(start, minutes: -30) { noticeAt = late }
        }
        emit(
            MeetingScheduled(
                title: m.title, kind: m.kind, organizer: m.organizer, chair: m.chair.id, recorder: clerk, location: m.location,
                startsAt: start, endsAt: end, classification: m.classification, planned: m.planned, approvedBy: m.approvedBy,
                agenda: m.agenda, participants: m.invited.map { $0.member.participant($0.role) }),
            scheduledAt, by: clerk)
        emit(MeetingNotified(channels: m.planned ? (rng.chance(0.7) ? ["OA"] : ["OA", "短信"]) : ["电话", "短信"]), noticeAt, by: clerk)

        // A change of plan, now and then: cancelled (nothing more happens), or moved
        // by a working day or three and noticed again.
        var cancelledAt: ZonedTime?
        let changeWindow = (Moment.after(noticeAt, minutes: 30), Moment.after(start, minutes: -120))
        if m.kind == "科务会" || habits.mayChange, changeWindow.0 < changeWindow.1 {
            if rng.chance(habits.cancels) {
                let at = Moment.between(changeWindow.0, changeWindow.1, &rng)
                let reasons = m.kind == "科务会" ? MinutesText.sectionCancelReasons : MinutesText.cancelReasons
                emit(MeetingCancelled(reason: rng.pick(reasons)), at, by: clerk)
                cancelledAt = at
            } else if habits.mayChange, rng.chance(0.06) {
                let day = policy.workingDay(rng.int(1...3), after: m.date)
                if day.year == m.date.year {
                    let at = Moment.between(changeWindow.0, changeWindow.1, &rng)
                    let shift = Int64(day.daysSinceEpoch - m.date.daysSinceEpoch) * 86_400 * 1_000_000
                    start = ZonedTime(microseconds: start.microseconds + shift, offsetMinutes: Moment.offset)
                    end = ZonedTime(microseconds: end.microseconds + shift, offsetMinutes: Moment.offset)
                    emit(MeetingRescheduled(startsAt: start, endsAt: end, reason: rng.pick(MinutesText.rescheduleReasons)), at, by: clerk)
                    emit(MeetingNotified(channels: ["OA", "短信"]), Moment.after(at, minutes: rng.int(5...30)), by: clerk)
                }
            }
        }

        // Receipts (回执).
        let ackEnd = min(cancelledAt ?? start, Moment.after(noticeAt, minutes: 2 * 24 * 60))
        for invitee in m.invited where rng.chance(habits.acknowledges) {
            let at = Moment.officeMoment(Moment.after(noticeAt, minutes: 1), ackEnd, policy, &rng)
            if at < ackEnd { emit(NoticeAcknowledged(person: invitee.member.id), at, by: invitee.member.id) }
        }
        if cancelledAt != nil { return nil }

        // An agenda item submitted by a department (报送议题), approved by its head:
        // due two working days before the meeting, now and then later (flagged).
        var submittedItem: AgendaItem?
        if m.planned, m.kind == "主任办公会" || m.kind == "党组会议", rng.chance(0.3) {
            let topic = rng.pick(MinutesText.officeItems)
            let department = topic.presenter
            let due = policy.agendaDue(meetingStartsAt: start)
            let late = rng.chance(0.15)
            let window =
                late
                ? (ZonedTime(policy.workingDay(1, after: due), 8, 30), Moment.after(start, minutes: -60))
                : (Moment.after(noticeAt, minutes: 30), ZonedTime(due, 17, 30))
            let at = Moment.between(window.0, window.1, &rng)
            if window.0 < window.1, at > Moment.after(noticeAt, minutes: 10), at.localDate.year == m.date.year,
                org.departments.contains(where: { $0.code == department })
            {
                let item = AgendaItem(
                    item: String(m.agenda.count + 1), title: MinutesText.fill(topic.title, year: m.date.year), presenter: department)
                emit(
                    AgendaItemSubmitted(item: item.item, title: item.title, department: department, approvedBy: org.headOf(department).id),
                    at, by: clerk)
                submittedItem = item
            }
        }

        // Leave (请假), approved by the chair; a head may send a substitute (代会).
        var invited = Set(m.invited.map(\.member.id))
        var onLeave = Set<String>()
        var substitutes: [Organization.Member] = []
        let leaveWindow = (Moment.after(noticeAt, minutes: 10), Moment.after(start, minutes: -30))
        for invitee in m.invited
        where invitee.member.id != m.chair.id && invitee.member.id != clerk && rng.chance(habits.asksLeave)
            && leaveWindow.0 < leaveWindow.1
        {
            let person = invitee.member
            var substitute: Substitute?
            if habits.substitutes, person.department != "LD", person.department != "EXT",
                person.position == org.department(person.department).headTitle, rng.chance(0.6)
            {
                let standIn = org.standIn(for: person.department)
                if invited.insert(standIn.id).inserted {
                    substitute = standIn.substitute
                    substitutes.append(standIn)
                }
            }
            let asked = Moment.officeMoment(leaveWindow.0, leaveWindow.1, policy, &rng)
            emit(LeaveRequested(person: person.id, reason: rng.pick(MinutesText.leaveReasons), substitute: substitute), asked, by: person.id)
            // Approved before anyone signs in, so that a substitute can sign as themself.
            let approved = Moment.between(Moment.after(asked, minutes: 2), min(Moment.after(asked, minutes: 120), Moment.after(start, minutes: -21)), &rng)
            emit(LeaveApproved(person: person.id, approvedBy: m.chair.id), max(approved, Moment.after(asked, seconds: 30)), by: clerk)
            onLeave.insert(person.id)
        }

        // The sign-in sheet (签到): everyone signs for themself, most before the start.
        var signedIn: [String: ZonedTime] = [:]
        signedIn.reserveCapacity(m.invited.count + substitutes.count)
        var attendees: [Organization.Member] = []
        let duration = Moment.minutes(from: start, to: end)
        for person in m.invited.map(\.member) + substitutes where !onLeave.contains(person.id) {
            let essential = person.id == m.chair.id || person.id == clerk
            if !essential, rng.chance(habits.absent) { continue }  // absent without leave
            let at =
                !essential && rng.chance(habits.late)
                ? Moment.after(start, seconds: rng.int(60...(min(25, duration / 3) * 60)))
                : Moment.after(start, seconds: -rng.int(60...1200))
            emit(ParticipantSignedIn(person: person.id, signedBy: person.id), at, by: person.id)
            signedIn[person.id] = at
            attendees.append(person)
        }
        var leftAt: [String: ZonedTime] = [:]
        for person in attendees where person.id != m.chair.id && person.id != clerk && rng.chance(habits.leavesEarly) {
            let at = Moment.after(start, minutes: duration * rng.int(30...85) / 100)
            guard at > Moment.after(signedIn[person.id]!, minutes: 10) else { continue }
            emit(ParticipantLeftEarly(person: person.id, reason: rng.pick(MinutesText.earlyLeaveReasons)), at, by: clerk)
            leftAt[person.id] = at
        }
        func present(_ id: String, _ at: ZonedTime) -> Bool {
            guard let since = signedIn[id], since <= at else { return false }
            return leftAt[id].map { $0 > at } ?? true
        }

        // In session: an item added on the spot (临时议题), then what was said (发言要点).
        var agenda = m.agenda
        if let submitted = submittedItem {
            agenda.append(submitted)
        }
        let addedAt = Moment.after(start, minutes: duration / 2)
        if m.kind == "主任办公会" || m.kind == "党组会议", rng.chance(0.06) {
            let topic = rng.pick(MinutesText.officeItems)
            let item = AgendaItem(item: String(agenda.count + 1), title: MinutesText.fill(topic.title, year: m.date.year), presenter: topic.presenter)
            emit(AgendaItemAdded(item: item.item, title: item.title, presenter: item.presenter), addedAt, by: clerk)
            agenda.append(item)
        }
        // Each item gets an equal share of the meeting; an added item is discussed
        // after it was added.
        let slot = duration * 60 / (agenda.count + 1)
        for (i, item) in agenda.enumerated() {
            var at = Moment.after(start, seconds: slot * i + 120)
            if i >= m.agenda.count { at = max(at, Moment.after(addedAt, minutes: 1)) }
            for (speaker, summary, dissent) in speeches(m, item, i, agenda.count, at, present, &rng) {
                emit(MinutesRecorded(item: item.item, speaker: speaker, summary: summary, dissent: dissent ? true : nil), at, by: clerk)
                at = Moment.after(at, seconds: rng.int(60...max(90, slot / 6)))
            }
        }

        // Decisions (决议事项), each with a responsible department and a deadline.
        var decisions: [Resolution] = []
        let resolvedAt = Moment.after(end, seconds: -rng.int(120...480))
        if rng.chance(habits.resolves) {
            for n in 0..<rng.int(habits.decisions) {
                let item = agenda[n % agenda.count]
                let presenter = item.presenter ?? m.organizer
                var responsible = [presenter]
                if rng.chance(0.2), presenter != "BGS" { responsible.append("BGS") }
                let deadline = Moment.workingDay(onOrAfter: m.date.adding(days: rng.int(habits.deadline)), policy)
                let text = MinutesText.decision(
                    on: item.title, by: org.department(presenter).name, due: deadline, meetingYear: m.date.year)
                // The presenting department leads (牵头), its head answers for it (责任人).
                decisions.append(Resolution(
                    decision: "D\(n + 1)", item: item.item, text: text, responsible: responsible, deadline: deadline, lead: presenter,
                    person: org.headOf(presenter).id))
            }
            emit(MeetingResolved(decisions: decisions), resolvedAt, by: clerk)
        }

        // The minutes (会议纪要): drafted within a working day as a rule, approved
        // (审定) by the chair, then distributed.
        let meetingDay = end.localDate
        let draftedAt: ZonedTime
        if rng.chance(0.06) {
            draftedAt = Moment.officeHours(policy.workingDay(rng.int(2...6), after: meetingDay), &rng)
        } else if end < ZonedTime(meetingDay, 16, 30), rng.chance(0.5) {
            draftedAt = Moment.between(Moment.after(end, minutes: 20), ZonedTime(meetingDay, 17, 30), &rng)
        } else {
            draftedAt = Moment.officeHours(policy.workingDay(1, after: meetingDay), &rng)
        }
        emit(MinutesDrafted(drafter: clerk), draftedAt, by: clerk)
        // The director approves what an outside chair presided (the policy names them).
        let approver = m.chair.department == "EXT" ? org.head.id : m.chair.id
        let approvedAt = Moment.officeHours(policy.workingDay(rng.int(1...3), after: draftedAt.localDate), &rng)
        // Reviewed (审核) by the organizing department's head first, in most offices.
        let reviewedAt = Moment.after(draftedAt, minutes: rng.int(10...60))
        if org.departments.contains(where: { $0.code == m.organizer }), rng.chance(0.5), reviewedAt < approvedAt,
            reviewedAt.localDate.year == m.date.year
        {
            emit(MinutesReviewed(reviewedBy: org.headOf(m.organizer).id), reviewedAt, by: clerk)
        }
        emit(MinutesApproved(approvedBy: approver), approvedAt, by: clerk)
        let distributedAt = Moment.after(approvedAt, minutes: rng.int(10...120))
        emit(MinutesDistributed(recipients: recipients(m, agenda)), distributedAt, by: clerk)

        // Follow-up (督办): most decisions are done on time, some late, some never.
        for d in decisions {
            for (data, at, by, id) in followUp(d, of: m.stream, resolvedAt, &rng) {
                out.append(Event(id: id ?? EventID.random(using: &rng), stream: m.stream, at: at, by: by, data: data))
            }
        }

        return FilingEntry(
            stream: m.stream, kind: m.kind, title: m.title, organizer: m.organizer, year: m.date.year,
            classification: m.classification, readyAt: distributedAt, hasDecisions: !decisions.isEmpty)
    }

    /// Who speaks on an agenda item, and what they say.
    private func speeches(
        _ m: PlannedMeeting, _ item: AgendaItem, _ index: Int, _ itemCount: Int, _ at: ZonedTime,
        _ present: (String, ZonedTime) -> Bool, _ rng: inout SplitMix64
    ) -> [(String, String, Bool)] {
        var out: [(String, String, Bool)] = []
        let last = index == itemCount - 1
        switch m.kind {
        case "周例会":
            if index == 0 {
                for department in rng.sample(org.departments, rng.int(3...5)) {
                    let head = org.headOf(department.code)
                    guard present(head.id, at) else { continue }
                    out.append((head.id, "\(department.name)汇报上周工作完成情况及本周工作安排：\(rng.pick(MinutesText.sectionRemarks))", false))
                }
            }
        case "科务会":
            let present = org.members(m.organizer).filter { $0.id != m.chair.id && $0.id != m.recorder.id && present($0.id, at) }
            if let speaker = present.isEmpty ? nil : rng.pick(present) {
                out.append((speaker.id, rng.pick(MinutesText.sectionRemarks), false))
            }
        case "座谈会":
            if index == 0 {
                for guest in rng.sample(org.guests, rng.int(2...3)) {
                    out.append((guest.id, "\(guest.unit)\(guest.name)：\(rng.pick(MinutesText.guestRemarks))", false))
                }
            }
        case "系统工作会议":
            if index == 0 {
                for county in rng.sample(org.counties, rng.int(2...4)) where present(county.id, at) {
                    out.append((county.id, "\(county.unit)汇报：\(rng.pick(MinutesText.reportDetails))，各项工作有序推进。", false))
                }
            }
        default:
            let presenter = org.headOf(item.presenter ?? m.organizer)
            let reporter = present(presenter.id, at) ? presenter : org.standIn(for: presenter.department)
            if present(reporter.id, at) {
                out.append((reporter.id, MinutesText.report(item.title, by: org.department(reporter.department).name, &rng), false))
            }
            let others = m.invited.map(\.member).filter {
                $0.id != m.chair.id && $0.id != reporter.id && $0.id != m.recorder.id && present($0.id, at)
            }
            for speaker in rng.sample(others, rng.int(1...2)) {
                let dissent = rng.chance(0.04)
                out.append((speaker.id, dissent ? rng.pick(MinutesText.dissents) : rng.pick(MinutesText.comments), dissent))
            }
        }
        if m.kind == "科务会" || m.kind == "周例会" {
            if last { out.append((m.chair.id, "主持人强调：\(rng.pick(MinutesText.routineChairRemarks))", false)) }
        } else if last || m.kind == "主任办公会" || m.kind == "党组会议" {
            out.append((m.chair.id, "主持人总结：\(rng.pick(MinutesText.chairSummaries))", false))
        }
        return out
    }

    /// Distribution of the minutes: to the invited for 秘密 and above; otherwise to
    /// the departments concerned.
    private func recipients(_ m: PlannedMeeting, _ agenda: [AgendaItem]) -> [String] {
        if m.classification >= .confidential { return m.invited.map(\.member.id) }
        if m.kind == "周例会" || m.kind == "总结表彰大会" { return org.departments.map(\.code) }
        var out = [m.organizer]
        for item in agenda { if let p = item.presenter, !out.contains(p) { out.append(p) } }
        if !out.contains("BGS") { out.append("BGS") }
        return out
    }

    /// Follow-up (督办) on one decision: 65% done on time, 15% done late, 10% stalled
    /// in progress, 10% never reported (both overdue). Half of the late ones asked in
    /// time for an extension (延期), approved by their lead department's head, and met
    /// it; most done decisions are closed (销号) by the office a few working days later.
    ///
    /// Extensions and closings draw from their own generator, seeded by the decision,
    /// so that adding them left every other generated event as it was.
    private func followUp(
        _ d: Resolution, of stream: String, _ resolvedAt: ZonedTime, _ rng: inout SplitMix64
    ) -> [(EventData, ZonedTime, String, EventID?)] {
        let deadline = d.deadline!
        let reporter = org.headOf(d.leadDepartment!).id
        let firstDay = resolvedAt.localDate.adding(days: 1)
        // FNV-1a over the meeting's stream and the decision id: one seed per decision.
        let seed = (stream + "/" + d.decision).utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x0100_0000_01b3 }
        var extra = SplitMix64(seed: seed)
        func day(_ lower: CivilDate, _ upper: CivilDate, _ rng: inout SplitMix64) -> CivilDate {
            let span = max(0, upper.daysSinceEpoch - lower.daysSinceEpoch)
            return Moment.workingDay(onOrAfter: lower.adding(days: rng.below(span + 1)), policy)
        }
        let roll = rng.below(100)
        if roll >= 90 { return [] }
        var out: [(EventData, ZonedTime, String, EventID?)] = []
        let midpoint = CivilDate(daysSinceEpoch: (firstDay.daysSinceEpoch + deadline.daysSinceEpoch) / 2)
        var last = resolvedAt
        if roll >= 80 || rng.chance(0.4) {
            let at = max(Moment.officeHours(day(firstDay, midpoint, &rng), &rng), Moment.after(resolvedAt, minutes: 30))
            let note = rng.pick(roll >= 80 ? MinutesText.stalledNotes : MinutesText.inProgressNotes)
            out.append((DecisionProgress(decision: d.decision, status: .inProgress, note: note).eventData, at, reporter, nil))
            last = at
        }
        guard roll < 80 else { return out }
        let doneDay = roll < 65 ? min(day(midpoint, deadline, &rng), deadline) : day(deadline.adding(days: 3), deadline.adding(days: 40), &rng)
        // The head approving must hold office when approving: the policy of each year
        // names that year's heads, so an extension stays within the meeting's year.
        let extendedAt = max(Moment.officeHours(day(midpoint, deadline, &extra), &extra), Moment.after(last, minutes: 30))
        if roll >= 65, extra.chance(0.5), extendedAt.localDate.year == resolvedAt.localDate.year, extendedAt.localDate < doneDay {
            let extended = Moment.workingDay(onOrAfter: doneDay.adding(days: extra.int(0...5)), policy)
            let approval = DecisionExtended(
                decision: d.decision, deadline: extended, reason: extra.pick(MinutesText.extensionReasons), approvedBy: reporter)
            out.append((approval.eventData, extendedAt, reporter, EventID.random(using: &extra)))
            last = extendedAt
        }
        let at = max(Moment.officeHours(doneDay, &rng), Moment.after(last, minutes: 30))
        let note = rng.pick(roll < 65 ? MinutesText.doneNotes : MinutesText.lateNotes)
        out.append((DecisionProgress(decision: d.decision, status: .done, note: note).eventData, at, reporter, nil))
        if extra.chance(0.7) {
            let office = org.headOf("BGS").id
            let closedAt = max(Moment.officeHours(policy.workingDay(extra.int(1...5), after: doneDay), &extra), Moment.after(at, minutes: 30))
            let closing = DecisionClosed(decision: d.decision, closedBy: office, note: extra.pick(MinutesText.closingNotes))
            out.append((closing.eventData, closedAt, office, EventID.random(using: &extra)))
        }
        return out
    }
}
