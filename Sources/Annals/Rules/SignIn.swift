// The sign-in sheet and leaving early (DOMAIN.md: sign-in, leave early; 签到, 不得代签, 迟到, 早退).

extension RuleID {
    /// Everyone signs for themselves: `signed_by` must be the person (不得代签).
    public static let signInProxy = RuleID("sign_in.proxy")
    /// Only the invited and approved substitutes sign in.
    public static let signInNotInvited = RuleID("sign_in.not_invited")
    /// A substitute signs only once the leave naming them is approved.
    public static let signInSubstituteNotApproved = RuleID("sign_in.substitute_not_approved")
    public static let signInTwice = RuleID("sign_in.twice")
    public static let signInAfterEnd = RuleID("sign_in.after_end")
    /// The sign-in sheet opens the policy's time (default 2 hours) before the start.
    public static let signInBeforeOpening = RuleID("sign_in.before_opening")
    /// Flag: signed in after the start (迟到).
    public static let signInLate = RuleID("sign_in.late")
    /// Only someone who signed in can leave early.
    public static let leftEarlyNotSignedIn = RuleID("left_early.not_signed_in")
    public static let leftEarlyTwice = RuleID("left_early.twice")
    /// Leaving at or after the end is not leaving early.
    public static let leftEarlyAfterEnd = RuleID("left_early.after_end")
}

extension RuleCheck {
    mutating func signedIn(_ e: ParticipantSignedIn) throws(RuleViolation) {
        guard e.signedBy == e.person else {
            throw violation(
                .signInProxy, "data.signed_by",
                "\(who(e.signedBy)) cannot sign in for \(who(e.person)): everyone signs in for themselves (不得代签). A substitute signs under their own id.")
        }
        if state.invited[e.person] == nil, state.approvedLeave(substitutedBy: e.person) == nil {
            if let leave = state.leaves.values.first(where: { $0.substitute?.person == e.person }) {
                throw violation(
                    .signInSubstituteNotApproved, "data.person",
                    "\(e.person) is named as substitute for \(who(leave.person)), but that leave is not approved yet.")
            }
            throw violation(
                .signInNotInvited, "data.person",
                "\(e.person) is not invited to this meeting and is no approved substitute; only the invited sign in.")
        }
        if let earlier = state.signIns[e.person] {
            throw violation(.signInTwice, "data.person", "\(who(e.person)) already signed in at \(earlier.at).")
        }
        guard at < meeting.endsAt else {
            throw violation(.signInAfterEnd, "at", "The meeting ended at \(meeting.endsAt); no one can sign in after the end.")
        }
        let opens = ZonedTime(
            microseconds: meeting.startsAt.microseconds - Int64(policy.signInOpensMinutes) * 60_000_000,
            offsetMinutes: meeting.startsAt.offsetMinutes)
        guard at >= opens else {
            throw violation(
                .signInBeforeOpening, "at",
                "The sign-in sheet opens at \(opens), \(policy.signInOpensMinutes) minutes before the start at \(meeting.startsAt); \(at) is too early.")
        }
        if at > meeting.startsAt {
            flag(.signInLate, "at", "\(who(e.person)) signed in at \(at), after the start at \(meeting.startsAt) (迟到).")
        }
    }

    func leftEarly(_ e: ParticipantLeftEarly) throws(RuleViolation) {
        guard state.signIns[e.person] != nil else {
            throw violation(.leftEarlyNotSignedIn, "data.person", "\(who(e.person)) never signed in, so cannot leave early (早退).")
        }
        if let earlier = state.leftEarly[e.person] {
            throw violation(.leftEarlyTwice, "data.person", "\(who(e.person)) already left at \(earlier.at).")
        }
        guard at < meeting.endsAt else {
            throw violation(.leftEarlyAfterEnd, "at", "The meeting ended at \(meeting.endsAt); leaving at \(at) is not leaving early.")
        }
    }
}
