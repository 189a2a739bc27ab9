// Writing a policy as a policy file: every key explicit, so that reading the file
// back gives the same policy (`Policy(json: policy.json()) == policy`). The
// generator's policy is written beside its data this way, and an archive created
// with a policy keeps it as its `policy.json`.

extension Policy {
    /// This policy as a policy file (JSON, keys in a fixed order, one line).
    public func json() -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        if let fonds {
            w.key("fonds")
            w.string(fonds)
        }
        w.key("time_zone")
        w.string(Self.offsetText(timeZoneMinutes))
        if let agency {
            w.key("agency")
            w.string(agency)
        }
        w.key("number_format")
        w.string(numberFormat.option)
        w.key("departments")
        w.beginObject()
        for code in departments.keys.sorted() { w.key(code); w.string(departments[code]!) }
        w.endObject()
        writeVersion(&w)
        if !revisions.isEmpty {
            w.key("revisions")
            w.beginArray()
            for revision in revisions {
                w.beginObject()
                w.key("effective")
                w.string(revision.effective.description)
                revision.policy.writeVersion(&w)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        w.newline()
        return w.bytes
    }

    /// The keys a revision may carry.
    private func writeVersion(_ w: inout JSONWriter) {
        func texts(_ values: some Sequence<String>) {
            w.beginArray()
            for value in values.sorted() { w.string(value) }
            w.endArray()
        }
        func dates(_ values: Set<CivilDate>) {
            w.beginArray()
            for value in values.sorted() { w.string(value.description) }
            w.endArray()
        }
        w.key("notice_lead_days")
        w.beginObject()
        w.key("default"); w.integer(defaultNoticeLeadDays)
        w.key("by_kind")
        w.beginObject()
        for kind in noticeLeadDays.keys.sorted() { w.key(kind); w.integer(noticeLeadDays[kind]!) }
        w.endObject()
        w.endObject()
        w.key("holidays"); dates(holidays)
        w.key("working_weekends"); dates(workingWeekends)
        w.key("minutes_due_days"); w.integer(minutesDueDays)
        w.key("retention")
        w.beginObject()
        if let defaultRetention { w.key("default"); w.string(defaultRetention.code) }
        w.key("by_kind")
        w.beginObject()
        for kind in retentionByKind.keys.sorted() { w.key(kind); w.string(retentionByKind[kind]!.code) }
        w.endObject()
        w.endObject()
        w.key("retention_counts_from"); w.string(retentionCountsFrom.rawValue)
        w.key("leave_approvers"); texts(leaveApprovers)
        w.key("leaders"); texts(leaders)
        w.key("minutes_approvers")
        w.beginObject()
        w.key("default"); texts(minutesApprovers)
        w.key("by_kind")
        w.beginObject()
        for kind in minutesApproversByKind.keys.sorted() { w.key(kind); texts(minutesApproversByKind[kind]!) }
        w.endObject()
        w.endObject()
        w.key("department_heads")
        w.beginObject()
        for department in departmentHeads.keys.sorted() { w.key(department); w.string(departmentHeads[department]!) }
        w.endObject()
        w.key("sign_in_opens_minutes"); w.integer(signInOpensMinutes)
        w.key("agenda_submission_days"); w.integer(agendaSubmissionDays)
        w.key("future_margin_minutes"); w.integer(futureMarginMinutes)
        w.key("retention_exception_approvers"); texts(retentionExceptionApprovers)
        w.key("classified_destruction")
        w.beginObject()
        w.key("methods"); texts(classifiedDestructionMethods)
        w.key("places"); texts(classifiedDestructionPlaces)
        w.endObject()
        w.key("categories"); texts(categories)
        w.key("archive_year_from"); w.string(archiveYearFrom.rawValue)
    }

    /// `+08:00` for 480.
    static func offsetText(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : "+"
        let hours = abs(minutes) / 60, rest = abs(minutes) % 60
        return "\(sign)\(hours < 10 ? "0" : "")\(hours):\(rest < 10 ? "0" : "")\(rest)"
    }
}
