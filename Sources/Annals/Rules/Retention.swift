// Retention appraisal (DOMAIN.md: appraise; 鉴定, 保管期限).

extension RuleID {
    public static let appraisalNeedsAppraisers = RuleID("appraisal.needs_appraisers")
    /// An extension names the new class.
    public static let appraisalExtendNeedsRetention = RuleID("appraisal.extend_needs_retention")
    /// An extension never shortens (and keeping never lowers the class).
    public static let appraisalShortens = RuleID("appraisal.shortens")
    /// Appraisal for destruction only at or after expiry.
    public static let appraisalDestroyBeforeExpiry = RuleID("appraisal.destroy_before_expiry")
    /// An exception to the retention table is approved by someone the policy authorizes.
    public static let retentionExceptionApproverNotAllowed = RuleID("retention.exception_approver_not_allowed")
    /// An exception says why.
    public static let retentionExceptionNeedsReason = RuleID("retention.exception_needs_reason")
}

extension RuleCheck {
    /// The class in force: as filed or extended, else the policy's for the kind.
    var retentionInForce: RetentionClass { state.retention ?? policy.retention(for: meeting.kind) ?? .thirtyYears }

    /// The first day the record is expired; nil for permanent records.
    var expiry: CivilDate? {
        policy.expiryDate(archiveYear: state.archive?.year ?? policy.date(of: meeting.startsAt).year, retention: retentionInForce)
    }

    func appraised(_ e: RetentionAppraised) throws(RuleViolation) {
        guard !e.appraisers.isEmpty, !e.appraisers.contains("") else {
            throw violation(.appraisalNeedsAppraisers, "data.appraisers", "Name who appraised the record (鉴定人).")
        }
        let current = retentionInForce
        switch e.outcome {
        case .extend:
            guard let newClass = e.retention else {
                throw violation(.appraisalExtendNeedsRetention, "data.retention", "An extension names the new retention class (Y or D30).")
            }
            guard newClass > current else {
                throw violation(
                    .appraisalShortens, "data.retention",
                    "The record is kept as \(current) now; an extension must be to a longer class, not \(newClass).")
            }
        case .keep:
            if let newClass = e.retention, newClass < current {
                throw violation(.appraisalShortens, "data.retention", "The record is kept as \(current); keeping it cannot shorten that to \(newClass).")
            }
        case .destroy:
            guard let expiry else {
                throw violation(.destructionPermanent, "data.outcome", "This record is kept permanently (永久, Y) and can never be destroyed.")
            }
            guard day >= expiry else {
                throw violation(
                    .appraisalDestroyBeforeExpiry, "data.outcome",
                    "The record's \(current) period runs until \(expiry.adding(days: -1)); it can be appraised for destruction from \(expiry).")
            }
        }
    }
}

extension RuleCheck {
    func retentionException(_ e: RetentionException) throws(RuleViolation) {
        guard !e.reason.isEmpty else {
            throw violation(.retentionExceptionNeedsReason, "data.reason", "Say why the record is kept shorter than the retention table (理由).")
        }
        let approvers = policy.exceptionApprovers
        guard approvers.contains(e.approvedBy) else {
            throw violation(
                .retentionExceptionApproverNotAllowed, "data.approved_by",
                approvers.isEmpty
                    ? "\(e.approvedBy) cannot approve an exception to the retention table: the policy names no one (retention_exception_approvers or leaders)."
                    : "\(e.approvedBy) may not approve an exception to the retention table; the policy allows \(approvers.sorted().joined(separator: ", ")).")
        }
    }
}
