// The snapshot layout of one meeting's fold, field by field in declaration order.
// Event payloads inside it (the schedule, a reschedule, participants, …) use their
// stored payload encoding, so there is one binary form of each domain shape.

extension MeetingState {
    func encode(into w: inout BinaryWriter) {
        w.text(stream)
        w.count(version)
        w.optional(meeting) { w, m in m.encode(fields: &w) }
        w.array(reschedules) { w, r in
            w.zonedTime(r.at)
            w.optional(r.from) { $0.zonedTime($1) }
            r.change.encode(fields: &w)
        }
        w.optional(cancellation) { w, c in
            w.zonedTime(c.at)
            w.text(c.reason)
        }
        w.sorted(invited) { w, p in p.encode(fields: &w) }
        w.array(notices) { w, n in
            w.zonedTime(n.at)
            w.texts(n.channels)
            w.texts(n.recipients)
        }
        w.sorted(notified)
        w.sorted(acknowledged) { $0.zonedTime($1) }
        w.sorted(leaves) { w, l in
            w.text(l.person)
            w.text(l.reason)
            w.optionalObject("substitute", l.substitute)
            w.zonedTime(l.requestedAt)
            w.optionalString("approved_by", l.approvedBy)
            w.optional(l.approvedAt) { $0.zonedTime($1) }
        }
        w.sorted(signIns) { w, s in
            w.text(s.person)
            w.zonedTime(s.at)
            w.text(s.signedBy)
            w.optionalString("substitute_for", s.substituteFor)
            w.bool("late", s.isLate)
        }
        w.texts(signInOrder)
        w.sorted(leftEarly) { w, l in
            w.text(l.person)
            w.zonedTime(l.at)
            w.text(l.reason)
        }
        w.array(agenda) { w, item in item.encode(fields: &w) }
        w.sorted(addedItems)
        w.array(speeches) { w, s in
            w.zonedTime(s.at)
            w.text(s.item)
            w.text(s.speaker)
            w.text(s.summary)
            w.bool("dissent", s.dissent)
            w.bool("guest", s.isGuest)
        }
        w.array(decisions) { w, d in
            w.text(d.id)
            w.text(d.item)
            w.text(d.text)
            w.texts(d.responsible)
            w.optionalDate("deadline", d.deadline)
            w.zonedTime(d.resolvedAt)
            w.symbol("status", d.status)
            w.optional(d.doneAt) { $0.zonedTime($1) }
            w.array(d.progress) { w, p in
                w.zonedTime(p.at)
                w.symbol("status", p.status)
                w.optionalString("note", p.note)
            }
            w.optionalString("lead", d.lead)
            w.optionalString("person", d.person)
            w.array(d.extensions) { w, x in
                w.zonedTime(x.at)
                w.optionalDate("from", x.from)
                w.optionalDate("deadline", x.deadline)
                w.text(x.reason)
                w.text(x.approvedBy)
            }
            w.optional(d.closing) { w, c in
                w.zonedTime(c.at)
                w.text(c.closedBy)
                w.optionalString("note", c.note)
            }
        }
        w.optional(resolvedAt) { $0.zonedTime($1) }
        w.array(minutes.drafts) { w, d in
            w.zonedTime(d.at)
            w.text(d.drafter)
        }
        w.optionalString("approved_by", minutes.approvedBy)
        w.optional(minutes.approvedAt) { $0.zonedTime($1) }
        w.array(minutes.distributions) { w, d in
            w.zonedTime(d.at)
            w.texts(d.recipients)
        }
        w.optional(archive) { w, a in
            w.zonedTime(a.at)
            w.text(a.fonds)
            w.text(a.category)
            w.signed(Int64(a.year))
            w.optionalSymbol("retention", a.retention)
            w.text(a.organization)
            w.objects("documents", a.documents)
        }
        w.optionalSymbol("retention", retention)
        w.array(holds) { w, h in
            w.zonedTime(h.at)
            w.text(h.reason)
            w.text(h.authority)
        }
        w.array(appraisals) { w, a in
            w.zonedTime(a.at)
            w.symbol("outcome", a.outcome)
            w.optionalSymbol("retention", a.retention)
            w.texts(a.appraisers)
        }
        w.optional(destructionApproval) { w, a in
            w.zonedTime(a.at)
            w.text(a.batch)
            w.texts(a.approvers)
        }
        w.optional(destruction) { w, d in
            w.zonedTime(d.at)
            w.text(d.batch)
            w.texts(d.witnesses)
            w.text(d.method)
            w.text(d.place)
        }
        w.array(accesses) { w, a in
            w.zonedTime(a.at)
            w.text(a.reader)
            w.text(a.purpose)
        }
        w.array(inspections) { w, i in
            w.zonedTime(i.at)
            w.text(i.inspector)
            w.text(i.result)
        }
        w.array(minutes.reviews) { w, r in
            w.zonedTime(r.at)
            w.text(r.reviewer)
        }
        w.array(submissions) { w, s in
            w.zonedTime(s.at)
            w.text(s.item)
            w.text(s.department)
            w.text(s.approvedBy)
        }
        w.optional(retentionException) { w, x in
            w.zonedTime(x.at)
            w.symbol("retention", x.retention)
            w.text(x.reason)
            w.text(x.approvedBy)
        }
    }

    init(from r: inout BinaryReader) throws {
        self.init(stream: try r.text())
        version = try r.natural()
        meeting = try r.optional { try MeetingScheduled(fields: &$0) }
        reschedules = try r.array { r in
            Reschedule(at: try r.zonedTime(), from: try r.optional { try $0.zonedTime() }, change: try MeetingRescheduled(fields: &r))
        }
        cancellation = try r.optional { Cancellation(at: try $0.zonedTime(), reason: try $0.text()) }
        invited = try r.dictionary { try Participant(fields: &$0) }
        notices = try r.array { Notice(at: try $0.zonedTime(), channels: try $0.texts(), recipients: try $0.texts()) }
        notified = try r.set()
        acknowledged = try r.dictionary { try $0.zonedTime() }
        leaves = try r.dictionary { r in
            Leave(
                person: try r.text(), reason: try r.text(), substitute: try r.optionalObject("substitute", Substitute.self),
                requestedAt: try r.zonedTime(), approvedBy: try r.optionalString("approved_by"),
                approvedAt: try r.optional { try $0.zonedTime() })
        }
        signIns = try r.dictionary { r in
            SignIn(
                person: try r.text(), at: try r.zonedTime(), signedBy: try r.text(),
                substituteFor: try r.optionalString("substitute_for"), isLate: try r.bool("late"))
        }
        signInOrder = try r.texts()
        leftEarly = try r.dictionary { LeftEarly(person: try $0.text(), at: try $0.zonedTime(), reason: try $0.text()) }
        agenda = try r.array { try AgendaItem(fields: &$0) }
        addedItems = try r.set()
        speeches = try r.array { r in
            Speech(
                at: try r.zonedTime(), item: try r.text(), speaker: try r.text(), summary: try r.text(),
                dissent: try r.bool("dissent"), isGuest: try r.bool("guest"))
        }
        decisions = try r.array { r in
            let (id, item, text, responsible) = (try r.text(), try r.text(), try r.text(), try r.texts())
            let (deadline, resolvedAt) = (try r.optionalDate("deadline"), try r.zonedTime())
            let status = try r.symbol("status", DecisionStatus.self)
            let doneAt = try r.optional { try $0.zonedTime() }
            let progress = try r.array { r in
                Progress(at: try r.zonedTime(), status: try r.symbol("status", DecisionStatus.self), note: try r.optionalString("note"))
            }
            var d = Decision(
                id: id, item: item, text: text, responsible: responsible, deadline: deadline, resolvedAt: resolvedAt,
                lead: try r.optionalString("lead"), person: try r.optionalString("person"))
            d.status = status
            d.doneAt = doneAt
            d.progress = progress
            d.extensions = try r.array { r in
                let (at, from) = (try r.zonedTime(), try r.optionalDate("from"))
                guard let deadline = try r.optionalDate("deadline") else {
                    throw SnapshotError(projection: MeetingRecords.name, message: "an extension without its deadline")
                }
                return Extension(at: at, from: from, deadline: deadline, reason: try r.text(), approvedBy: try r.text())
            }
            d.closing = try r.optional { r in Closing(at: try r.zonedTime(), closedBy: try r.text(), note: try r.optionalString("note")) }
            return d
        }
        resolvedAt = try r.optional { try $0.zonedTime() }
        minutes.drafts = try r.array { Draft(at: try $0.zonedTime(), drafter: try $0.text()) }
        minutes.approvedBy = try r.optionalString("approved_by")
        minutes.approvedAt = try r.optional { try $0.zonedTime() }
        minutes.distributions = try r.array { Distribution(at: try $0.zonedTime(), recipients: try $0.texts()) }
        archive = try r.optional { r in
            ArchiveRecord(
                at: try r.zonedTime(), fonds: try r.text(), category: try r.text(), year: try r.int(),
                retention: try r.optionalSymbol("retention", RetentionClass.self), organization: try r.text(),
                documents: try r.objects("documents", FiledDocument.self))
        }
        retention = try r.optionalSymbol("retention", RetentionClass.self)
        holds = try r.array { Hold(at: try $0.zonedTime(), reason: try $0.text(), authority: try $0.text()) }
        appraisals = try r.array { r in
            Appraisal(
                at: try r.zonedTime(), outcome: try r.symbol("outcome", AppraisalOutcome.self),
                retention: try r.optionalSymbol("retention", RetentionClass.self), appraisers: try r.texts())
        }
        destructionApproval = try r.optional { DestructionApproval(at: try $0.zonedTime(), batch: try $0.text(), approvers: try $0.texts()) }
        destruction = try r.optional { r in
            Destruction(at: try r.zonedTime(), batch: try r.text(), witnesses: try r.texts(), method: try r.text(), place: try r.text())
        }
        accesses = try r.array { Access(at: try $0.zonedTime(), reader: try $0.text(), purpose: try $0.text()) }
        inspections = try r.array { Inspection(at: try $0.zonedTime(), inspector: try $0.text(), result: try $0.text()) }
        minutes.reviews = try r.array { Review(at: try $0.zonedTime(), reviewer: try $0.text()) }
        submissions = try r.array {
            Submission(at: try $0.zonedTime(), item: try $0.text(), department: try $0.text(), approvedBy: try $0.text())
        }
        retentionException = try r.optional {
            RetentionExceptionRecord(
                at: try $0.zonedTime(), retention: try $0.symbol("retention", RetentionClass.self), reason: try $0.text(),
                approvedBy: try $0.text())
        }
    }
}
