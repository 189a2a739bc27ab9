// Destruction (DOMAIN.md: destroy; 销毁, 监销人).

extension RuleID {
    /// `Y` (永久) records are never destroyed.
    public static let destructionPermanent = RuleID("destruction.permanent")
    /// A held record can never be destroyed.
    public static let destructionHeld = RuleID("destruction.held")
    public static let destructionNotExpired = RuleID("destruction.not_expired")
    /// The latest appraisal must have decided destruction.
    public static let destructionNotAppraised = RuleID("destruction.not_appraised")
    public static let destructionNeedsTwoApprovers = RuleID("destruction.needs_two_approvers")
    /// Destroying needs an approval in force.
    public static let destructionNotApproved = RuleID("destruction.not_approved")
    /// The destruction carries out the approved batch.
    public static let destructionBatchMismatch = RuleID("destruction.batch_mismatch")
    public static let destructionNeedsTwoWitnesses = RuleID("destruction.needs_two_witnesses")
    /// Those who appraised a record do not also approve its destruction.
    public static let destructionApproverIsAppraiser = RuleID("destruction.approver_is_appraiser")
    /// The witnesses (监销人) are neither appraisers nor approvers of the destruction.
    public static let destructionWitnessNotIndependent = RuleID("destruction.witness_not_independent")
    /// Records of 秘密 and above are destroyed by a method the policy lists for classified records…
    public static let destructionClassifiedMethod = RuleID("destruction.classified_method")
    /// …in a place the policy designates.
    public static let destructionClassifiedPlace = RuleID("destruction.classified_place")
}

extension RuleCheck {
    /// What every step towards destruction requires of the record itself.
    private func destroyable() throws(RuleViolation) {
        guard let expiry else {
            throw violation(.destructionPermanent, "type", "This record is kept permanently (永久, Y) and can never be destroyed.")
        }
        if let hold = state.holds.last {
            throw violation(
                .destructionHeld, "type",
                "This record is held (冻结) by \(hold.authority) (\(hold.reason)); a held record can never be destroyed.")
        }
        guard state.lastAppraisal?.outcome == .destroy else {
            throw violation(
                .destructionNotAppraised, "type",
                "The record has not been appraised for destruction (鉴定); record retention.appraised with outcome destroy first.")
        }
        guard day >= expiry else {
            throw violation(.destructionNotExpired, "at", "The record's retention runs until \(expiry.adding(days: -1)); it cannot be destroyed before \(expiry).")
        }
    }

    func destructionApproved(_ e: DestructionApproved) throws(RuleViolation) {
        try destroyable()
        guard Set(e.approvers.filter { !$0.isEmpty }).count >= 2 else {
            throw violation(.destructionNeedsTwoApprovers, "data.approvers", "Destruction is approved by at least two different people.")
        }
        let appraisers = Set(state.lastAppraisal?.appraisers ?? [])
        for (i, approver) in e.approvers.enumerated() where appraisers.contains(approver) {
            throw violation(
                .destructionApproverIsAppraiser, "data.approvers[\(i)]",
                "\(approver) appraised this record (鉴定) and cannot also approve its destruction; the approvers are other people.")
        }
    }

    func destroyed(_ e: ArchiveDestroyed) throws(RuleViolation) {
        try destroyable()
        guard let approval = state.destructionApproval else {
            throw violation(.destructionNotApproved, "type", "This record's destruction has not been approved; record destruction.approved first.")
        }
        guard approval.batch == e.batch else {
            throw violation(.destructionBatchMismatch, "data.batch", "The destruction was approved in batch \(approval.batch), not \(e.batch).")
        }
        guard Set(e.witnesses.filter { !$0.isEmpty }).count >= 2 else {
            throw violation(.destructionNeedsTwoWitnesses, "data.witnesses", "Destruction needs at least two supervising witnesses (监销人).")
        }
        let appraisers = Set(state.lastAppraisal?.appraisers ?? [])
        let approvers = Set(approval.approvers)
        for (i, witness) in e.witnesses.enumerated() where appraisers.contains(witness) || approvers.contains(witness) {
            let role = appraisers.contains(witness) ? "appraised" : "approved the destruction of"
            throw violation(
                .destructionWitnessNotIndependent, "data.witnesses[\(i)]",
                "\(witness) \(role) this record and cannot also witness its destruction (监销人); name someone independent.")
        }
        if let classification = state.classification, classification >= .confidential {
            guard policy.classifiedDestructionMethods.contains(e.method) else {
                throw violation(
                    .destructionClassifiedMethod, "data.method",
                    "This record is \(classification.name); it is destroyed only by \(policy.classifiedDestructionMethods.sorted().joined(separator: "、")), not \"\(e.method)\".")
            }
            guard policy.classifiedDestructionPlaces.contains(e.place) else {
                let places = policy.classifiedDestructionPlaces.isEmpty
                    ? "the policy designates no place yet (classified_destruction.places)"
                    : "the designated places are \(policy.classifiedDestructionPlaces.sorted().joined(separator: "、"))"
                throw violation(.destructionClassifiedPlace, "data.place", "This record is \(classification.name); \"\(e.place)\" is not a designated place: \(places).")
            }
        }
        if destroyed != nil { try registerNamesDestroyedContent(e) }
    }
}
