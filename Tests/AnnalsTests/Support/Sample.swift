import Annals

/// Realistic data for the tests: the 7th 主任办公会 of 2023 of 办公室 (BGS), on
/// Monday 6 March 2023, 09:30-11:30 Beijing time, chaired by 王芳.
enum Sample {
    static let stream = "meeting/BGS-2023-007"
    static let clerk = "clerk.liu"

    static let wangFang = Participant(person: "P001", name: "王芳", unit: "办公室", position: "主任")
    static let liQiang = Participant(person: "P002", name: "李强", unit: "办公室", position: "副主任")
    static let zhangWei = Participant(person: "P003", name: "张伟", unit: "综合科", position: "科长")
    static let liuYang = Participant(person: "P004", name: "刘洋", unit: "秘书科", position: "科员")
    static let chenJing = Participant(person: "P005", name: "陈静", unit: "财务科", position: "科长", role: .observer)
    /// Not invited: sent by 张伟 as his substitute (代会).
    static let zhaoLei = Substitute(person: "P006", name: "赵磊", unit: "综合科", position: "副科长")

    static let monday = CivilDate(year: 2023, month: 3, day: 6)!

    /// 2023-03-06 at `hour:minute` +08:00, or on another day.
    static func time(_ hour: Int, _ minute: Int, day: CivilDate = monday) -> ZonedTime {
        ZonedTime(day, hour, minute)
    }

    static func scheduled(
        kind: String = "主任办公会", classification: Classification = .internal, planned: Bool = true,
        approvedBy: String? = nil, starts: ZonedTime = time(9, 30), ends: ZonedTime = time(11, 30)
    ) -> MeetingScheduled {
        MeetingScheduled(
            title: "2023年第7次主任办公会", kind: kind, organizer: "BGS", chair: "P001", recorder: "P004",
            location: "三楼第一会议室", startsAt: starts, endsAt: ends, classification: classification,
            planned: planned, approvedBy: approvedBy,
            agenda: [
                AgendaItem(item: "1", title: "2023年度预算执行情况", presenter: "CWK"),
                AgendaItem(item: "2", title: "机关办公用房调整方案", presenter: "BGS"),
            ],
            participants: [wangFang, liQiang, zhangWei, liuYang, chenJing])
    }

    /// An event of this meeting at `at`, with a fixed id derived from `n`.
    static func event(_ payload: some EventPayload, at: ZonedTime, id n: UInt64 = 1) -> Event {
        Event(id: EventID(high: 0x7f1c_0c5e_3b7a_4c55, low: 0x9a51_0000_0000_0000 | n), stream: stream, at: at, by: clerk, payload)
    }

    static let digest = Hash256(hex: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")!

    /// One realistic event of every type, in an order a meeting could have them.
    static let everyType: [Event] = [
        event(scheduled(), at: ZonedTime(CivilDate(year: 2023, month: 2, day: 27)!, 15, 0), id: 1),
        event(MeetingRescheduled(startsAt: time(9, 30), endsAt: time(11, 30), location: "三楼第一会议室", reason: "与市政府常务会议时间冲突"),
              at: ZonedTime(CivilDate(year: 2023, month: 2, day: 28)!, 10, 0), id: 2),
        event(MeetingNotified(channels: ["OA", "短信"], recipients: nil), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 1)!, 9, 0), id: 3),
        event(NoticeAcknowledged(person: "P002"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 1)!, 9, 12), id: 4),
        event(LeaveRequested(person: "P003", reason: "参加市委党校培训", substitute: zhaoLei),
              at: ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 16, 40), id: 5),
        event(LeaveApproved(person: "P003", approvedBy: "P001"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 3)!, 8, 50), id: 6),
        event(ParticipantSignedIn(person: "P002", signedBy: "P002"), at: time(9, 24), id: 7),
        event(ParticipantLeftEarly(person: "P002", reason: "赴市政府汇报工作"), at: time(10, 45), id: 8),
        event(AgendaItemAdded(item: "3", title: "春节期间值班安排总结", presenter: "BGS"), at: time(9, 40), id: 9),
        event(MinutesRecorded(item: "1", speaker: "P005", summary: "一季度预算执行率为23.5%，略低于序时进度。\n建议加快项目支出。", dissent: false),
              at: time(9, 50), id: 10),
        event(MeetingResolved(decisions: [
            Resolution(decision: "D1", item: "1", text: "各科室于3月底前报送支出进度计划", responsible: ["CWK", "BGS"],
                       deadline: CivilDate(year: 2023, month: 3, day: 31)!),
        ]), at: time(11, 20), id: 11),
        event(DecisionProgress(decision: "D1", status: .inProgress, note: "已收到4个科室的计划"),
              at: ZonedTime(CivilDate(year: 2023, month: 3, day: 20)!, 17, 0), id: 12),
        event(MinutesDrafted(drafter: "P004"), at: time(16, 30), id: 13),
        event(MinutesApproved(approvedBy: "P001"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 7)!, 10, 0), id: 14),
        event(MinutesDistributed(recipients: ["P001", "P002", "CWK"]), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 7)!, 14, 0), id: 15),
        event(MeetingArchived(fonds: "Z109", category: "WS", year: 2023, retention: .permanent, organization: "BGS", documents: [
            FiledDocument(title: "会议通知", kind: .notice, digest: digest),
            FiledDocument(title: "签到表", kind: .signInSheet),
            FiledDocument(title: "会议纪要", kind: .minutes, digest: digest),
        ]), at: ZonedTime(CivilDate(year: 2024, month: 3, day: 15)!, 10, 0), id: 16),
        event(ArchiveAccessed(reader: "P010", purpose: "审计核查预算执行情况"), at: ZonedTime(CivilDate(year: 2025, month: 6, day: 3)!, 14, 5), id: 17),
        event(ArchiveInspected(inspector: "P011", result: "纸质件完好，电子件可读"), at: ZonedTime(CivilDate(year: 2026, month: 1, day: 9)!, 9, 0), id: 18),
        event(HoldPlaced(reason: "涉及审计事项，暂停鉴定", authority: "市审计局"), at: ZonedTime(CivilDate(year: 2026, month: 5, day: 12)!, 11, 0), id: 19),
        event(HoldReleased(reason: "审计事项已办结", authority: "市审计局"), at: ZonedTime(CivilDate(year: 2027, month: 2, day: 1)!, 11, 0), id: 20),
        event(RetentionAppraised(outcome: .extend, retention: .permanent, appraisers: ["P011", "P012"]),
              at: ZonedTime(CivilDate(year: 2054, month: 3, day: 1)!, 10, 0), id: 21),
        event(DestructionApproved(batch: "XH-2054-01", approvers: ["P001", "P013"]), at: ZonedTime(CivilDate(year: 2054, month: 4, day: 1)!, 10, 0), id: 22),
        event(ArchiveDestroyed(batch: "XH-2054-01", witnesses: ["P011", "P014"], method: "粉碎", place: "档案室销毁间"),
              at: ZonedTime(CivilDate(year: 2054, month: 4, day: 8)!, 15, 0), id: 23),
        event(MeetingCancelled(reason: "主持人临时出差"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 3)!, 18, 0), id: 24),
        Event(
            id: EventID(high: 0x7f1c_0c5e_3b7a_4c55, low: 0x9a51_0000_0000_0019), stream: "account/wang.fang",
            at: ZonedTime(CivilDate(year: 2026, month: 11, day: 2)!, 9, 0), by: "admin.zhou",
            AccountGranted(account: "wang.fang", name: "王芳", roles: ["reader", "archivist"], clearance: .confidential)),
        Event(
            id: EventID(high: 0x7f1c_0c5e_3b7a_4c55, low: 0x9a51_0000_0000_001a), stream: "account/wang.fang",
            at: ZonedTime(CivilDate(year: 2026, month: 12, day: 1)!, 17, 30), by: "admin.zhou",
            AccountRevoked(account: "wang.fang", reason: "调离办公室")),
        event(MinutesReviewed(reviewedBy: "P002"), at: ZonedTime(CivilDate(year: 2023, month: 3, day: 7)!, 9, 0), id: 27),
        event(AgendaItemSubmitted(item: "4", title: "2023年政务公开工作要点", department: "BGS", approvedBy: "P002"),
              at: ZonedTime(CivilDate(year: 2023, month: 3, day: 2)!, 10, 0), id: 28),
        event(RetentionException(retention: .thirtyYears, reason: "仅通报一般性事项，经主任审批按定期30年保管", approvedBy: "P001"),
              at: ZonedTime(CivilDate(year: 2024, month: 3, day: 14)!, 10, 0), id: 29),
        event(DecisionExtended(decision: "D1", deadline: CivilDate(year: 2023, month: 4, day: 14)!, reason: "需等待市财政局批复，申请延期", approvedBy: "P005"),
              at: ZonedTime(CivilDate(year: 2023, month: 3, day: 28)!, 10, 0), id: 30),
        event(DecisionClosed(decision: "D1", closedBy: "P002", note: "经核实已办结，予以销号"),
              at: ZonedTime(CivilDate(year: 2023, month: 4, day: 17)!, 10, 0), id: 31),
    ]
}

extension ArchiveOptions {
    /// Options for an archive that keeps the generator's policy for `options`, the
    /// one its data passes (the leaders, heads and places of each year).
    static func generated(_ options: GeneratorOptions) -> ArchiveOptions {
        AgencyGenerator(options).archiveOptions
    }
}
