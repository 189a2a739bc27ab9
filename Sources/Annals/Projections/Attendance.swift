/// Attendance counts (出勤统计) the offices keep: present, late, left early, on leave
/// (with or without a substitute who came), absent without leave.
public struct AttendanceCounts: Hashable, Sendable {
    /// Signed in (members, observers and substitutes).
    public var present = 0
    public var late = 0
    public var leftEarly = 0
    /// On approved leave (请假).
    public var onLeave = 0
    /// On approved leave, and the named substitute signed in (代会).
    public var onLeaveWithSubstitute = 0
    /// Invited members who neither came nor had approved leave (缺席).
    public var absent = 0
    /// Times this person (or these people) attended as someone's substitute.
    public var substituting = 0

    public init() {}

    static func + (a: AttendanceCounts, b: AttendanceCounts) -> AttendanceCounts {
        var s = a
        s.present += b.present
        s.late += b.late
        s.leftEarly += b.leftEarly
        s.onLeave += b.onLeave
        s.onLeaveWithSubstitute += b.onLeaveWithSubstitute
        s.absent += b.absent
        s.substituting += b.substituting
        return s
    }
}

/// Attendance per meeting and per person, over the meetings that were held.
public struct Attendance: Hashable, Sendable {
    public struct Meeting: Hashable, Sendable {
        public let stream: String
        public let title: String
        public let counts: AttendanceCounts
    }

    public struct Person: Hashable, Sendable {
        public let person: String
        public let name: String?
        public let counts: AttendanceCounts
    }

    /// In log order of the meetings.
    public let byMeeting: [Meeting]
    /// Sorted by person id.
    public let byPerson: [Person]
    public var totals: AttendanceCounts { byMeeting.reduce(AttendanceCounts()) { $0 + $1.counts } }
}

extension SignInSheet {
    /// Adds this sheet's lines to per-person counts and returns the meeting's counts.
    func count(into people: inout [String: (name: String?, counts: AttendanceCounts)]) -> AttendanceCounts {
        var meeting = AttendanceCounts()
        func add(_ person: String, _ name: String?, _ change: (inout AttendanceCounts) -> Void) {
            change(&meeting)
            var entry = people[person] ?? (name, AttendanceCounts())
            if entry.name == nil { entry.name = name }
            change(&entry.counts)
            people[person] = entry
        }
        for line in present + observers where line.signedInAt != nil {
            add(line.person, line.name) { c in
                c.present += 1
                if line.isLate { c.late += 1 }
                if line.leftEarly != nil { c.leftEarly += 1 }
                if line.substituteFor != nil { c.substituting += 1 }
            }
        }
        for leave in onLeave {
            add(leave.person, leave.name) { c in
                c.onLeave += 1
                if leave.substituteAttended { c.onLeaveWithSubstitute += 1 }
            }
        }
        for line in absent { add(line.person, line.name) { $0.absent += 1 } }
        return meeting
    }
}

extension ProjectionSet {
    /// Attendance over every meeting held (anyone signed in), not cancelled, not destroyed.
    public func attendance() -> Attendance { attendance(of: { _ in true }) }

    /// Attendance over the meetings held that `include` admits (a reader's clearance).
    func attendance(of include: (MeetingState) -> Bool) -> Attendance {
        var people: [String: (name: String?, counts: AttendanceCounts)] = [:]
        var meetings: [Attendance.Meeting] = []
        for state in records.states where !state.isCancelled && include(state) {
            let sheet = state.signInSheet
            guard sheet.wasHeld, let meeting = state.meeting else { continue }
            meetings.append(Attendance.Meeting(stream: state.stream, title: meeting.title, counts: sheet.count(into: &people)))
        }
        let persons = people.keys.sorted().map { Attendance.Person(person: $0, name: people[$0]!.name, counts: people[$0]!.counts) }
        return Attendance(byMeeting: meetings, byPerson: persons)
    }
}
