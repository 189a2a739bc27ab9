/// 签到表 as the minutes report it: who was present (出席), late (迟到), left early
/// (早退), on leave (请假) and absent (缺席), and the observers (列席).
///
/// Read from one meeting's fold; the minutes and the attendance counts both use it,
/// so they never disagree.
public struct SignInSheet: Hashable, Sendable {
    /// One person on the sheet.
    public struct Line: Hashable, Sendable {
        public let person: String
        /// Known for the invited and for substitutes.
        public let name: String?
        public let signedInAt: ZonedTime?
        /// The invited person this one stands in for (代会).
        public let substituteFor: String?
        public let isLate: Bool
        public let leftEarly: MeetingState.LeftEarly?
    }

    /// An invited person on approved leave.
    public struct LeaveLine: Hashable, Sendable {
        public let person: String
        public let name: String?
        public let reason: String
        public let substitute: Substitute?
        /// Whether the substitute signed in.
        public let substituteAttended: Bool
    }

    /// Members and substitutes who signed in, in sign-in order.
    public let present: [Line]
    /// Everyone who signed in after the start.
    public let late: [Line]
    /// Everyone who left before the end.
    public let leftEarly: [Line]
    /// Members, and observers (列席) who did not come, on approved leave.
    public let onLeave: [LeaveLine]
    /// Invited members who neither signed in nor had approved leave (缺席).
    public let absent: [Line]
    /// Invited observers (列席), signed in or not, in invitation order.
    public let observers: [Line]
    /// Whether anyone signed in (the meeting was held).
    public var wasHeld: Bool { !present.isEmpty || observers.contains { $0.signedInAt != nil } }
}

extension MeetingState {
    /// The sign-in sheet of this meeting as it stands.
    public var signInSheet: SignInSheet {
        let participants = meeting?.participants ?? []
        func name(_ person: String) -> String? {
            invited[person]?.name ?? leaves.values.first { $0.substitute?.person == person }?.substitute?.name
        }
        func line(_ person: String) -> SignInSheet.Line {
            let s = signIns[person]
            return SignInSheet.Line(
                person: person, name: name(person), signedInAt: s?.at, substituteFor: s?.substituteFor,
                isLate: s?.isLate ?? false, leftEarly: leftEarly[person])
        }
        var present: [SignInSheet.Line] = []
        var late: [SignInSheet.Line] = []
        var early: [SignInSheet.Line] = []
        for person in signInOrder {
            let l = line(person)
            if invited[person]?.role != .observer { present.append(l) }
            if l.isLate { late.append(l) }
            if l.leftEarly != nil { early.append(l) }
        }
        var onLeave: [SignInSheet.LeaveLine] = []
        var absent: [SignInSheet.Line] = []
        var observers: [SignInSheet.Line] = []
        for p in participants {
            if p.role == .observer { observers.append(line(p.person)) }
            guard signIns[p.person] == nil else { continue }
            if let leave = leaves[p.person], leave.isApproved {
                // An observer's leave is shown like a member's; only a member who
                // neither came nor had leave is absent (缺席).
                onLeave.append(SignInSheet.LeaveLine(
                    person: p.person, name: p.name, reason: leave.reason, substitute: leave.substitute,
                    substituteAttended: leave.substitute.map { signIns[$0.person] != nil } ?? false))
            } else if p.role != .observer {
                absent.append(line(p.person))
            }
        }
        return SignInSheet(present: present, late: late, leftEarly: early, onLeave: onLeave, absent: absent, observers: observers)
    }
}
