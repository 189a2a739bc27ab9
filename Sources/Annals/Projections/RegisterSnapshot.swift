// The register facts of a record about to be destroyed (销毁清册), taken while its
// content is still readable.

extension ProjectionSet {
    /// The `register` facts for an `archive.destroyed` of `stream` about to be
    /// appended at `destroyedAt`: 档号, 题名, 年度, 应保管期限, 已保管期限, 页数,
    /// 批准人, 销毁原因, 密级, and the digests of the content events that will be
    /// shredded (`contentPositionsToShred(stream:)`, in the same order). Nil if the
    /// stream was never archived. The flags are the archive's to add
    /// (`Archive.registerFlags(of:)`): they come from replaying the events.
    ///
    /// The engine appends the destruction with these facts, then shreds those
    /// positions:
    ///
    /// ```swift
    /// var destroyed = ArchiveDestroyed(batch: "XH-2024-01", witnesses: ["P011", "P014"], method: "粉碎", place: "档案室")
    /// destroyed.register = projections.registerSnapshot(for: stream, destroyedAt: at)
    /// let shred = projections.contentPositionsToShred(stream: stream)
    /// // append `destroyed`, apply it, then shred `shred` in the log
    /// ```
    public func registerSnapshot(for stream: String, destroyedAt: ZonedTime) -> DestructionRecord? {
        guard let state = records[stream], let archive = state.archive, let number = numbering[stream] else { return nil }
        let retention = state.retention ?? number.retention
        let start = policy.retentionCountsFrom == .nextYear ? archive.year + 1 : archive.year
        var reason = "保管期限（\(retention.label)）已满，经鉴定无继续保存价值"
        if let appraisal = state.appraisals.last(where: { $0.outcome == .destroy }) {
            reason += "（\(appraisal.at.localDate) 鉴定，鉴定人：\(appraisal.appraisers.joined(separator: "、"))）"
        }
        return DestructionRecord(
            archiveNumber: number.formatted(numberFormat), title: state.meeting?.title ?? "", kind: state.meeting?.kind ?? "",
            year: archive.year, retention: retention, keptYears: max(0, destroyedAt.localDate.year - start),
            documents: archive.documents.count, approvedBy: state.destructionApproval?.approvers ?? [], reason: reason,
            digests: records.contentEvents(stream: stream).map(\.digest), classification: state.classification)
    }
}
