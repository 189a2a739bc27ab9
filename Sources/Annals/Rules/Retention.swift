// Retention appraisal (DOMAIN.md: appraise; 鉴定, 保管期限).

extension RuleID {
    public static let appraisalNeedsAppraisers = RuleID("appraisal.needs_appraisers")
    /// An extension names the new class.
    public static let appraisalExtendNeedsRetention = RuleID("appraisal.extend_needs_retention")
    /// An extension never shortens (and keeping never lowers the class).
    public static let appraisalShortens = RuleID("appraisal.shortens")
    /// Appraisal for destruction only at or after expiry.
    public static let appraisalDestroyBeforeExpiry = RuleID("appraisal.destroy_before_expiry")
}

extension RuleCheck {
    /// The class in force: as filed or extended, else the policy's for the kind.
    var retentionInForce: RetentionClass { state.retention ?? policy.retention(for: meeting.kind) }

    /// The first day the record is expired; nil for permanent records.
    var expiry: CivilDate? {
        policy.expiryDate(archiveYear: state.archive?.year ?? meeting.startsAt.localDate.year, retention: retentionInForce)
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
            guard at.localDate >= expiry else {
                throw violation(
                    .appraisalDestroyBeforeExpiry, "data.outcome",
                    "The record's \(current) period runs until \(expiry.adding(days: -1)); it can be appraised for destruction from \(expiry).")
            }
        }
    }
}
