/// 销毁清册 as a register an office signs, one per destruction batch: the header
/// (全宗名称, batch, the appraisal that proposed it and its group, the approval), a
/// row per record (序号, 档号, 题名, 密级, 年度, 应保管期限, 已保管期限, 件数, 页数, 销毁原因;
/// 密级 as the register kept it, 未记载 for a destruction recorded before it did),
/// the act (time, method, place), the approvers and witnesses by name and unit with
/// room to sign, and the destroyed content's digests as an annex.
public enum RegisterDocument {
    /// `register` is the reader's view of the register (``Archive/register(reader:)``,
    /// titles above the reader's clearance read 受限); without it, the set's own.
    public static func text(_ set: ProjectionSet, register: DestructionRegister? = nil, policy: Policy, fonds: String) -> String {
        let people = set.peopleDirectory()
        var batches: [String] = []
        var entries: [String: [DestructionRegister.Entry]] = [:]
        for e in (register ?? set.register).entries {
            if entries[e.batch] == nil { batches.append(e.batch) }
            entries[e.batch, default: []].append(e)
        }
        var out = ""
        for batch in batches {
            let rows = entries[batch]!
            let first = rows[0]
            let state = set.records[first.stream]
            out += "销毁清册\n\n"
            out += "全宗名称：\(policy.agency ?? "全宗\(fonds)")    全宗号：\(fonds)    销毁批次：\(batch)\n"
            if let appraisal = state?.appraisals.last(where: { $0.outcome == .destroy }) {
                out += "鉴定：\(appraisal.at.localDate.chineseText)，鉴定小组：\(appraisal.appraisers.map(people.nameAndUnit).joined(separator: "、"))\n"
            }
            let approvers = state?.destructionApproval?.approvers ?? first.record?.approvedBy ?? []
            if let approval = state?.destructionApproval {
                out += "批准：\(approval.at.localDate.chineseText)，批准人：\(approvers.map(people.nameAndUnit).joined(separator: "、"))\n"
            }
            out += "销毁时间：\(first.destroyedAt.chineseText)    销毁方式：\(first.method)    销毁地点：\(first.place)\n\n"
            out += TextTable(
                headers: ["序号", "档号", "题名", "密级", "年度", "应保管期限", "已保管期限", "件数", "页数", "销毁原因"],
                rows: rows.enumerated().map { i, e in
                    let r = e.record
                    return [String(i + 1), r?.archiveNumber ?? e.stream, r?.title ?? "", RegisterReport.classificationText(r),
                            r.map { String($0.year) } ?? "",
                            r?.retention.label ?? "", r.map { "\($0.keptYears)年" } ?? "", r.map { String($0.documents) } ?? "", "",
                            r?.reason ?? ""]
                },
                rightAligned: [0, 4, 7]
            ).render()
            out += "\n共\(rows.count)件，文件\(rows.compactMap { $0.record?.documents }.reduce(0, +))份。\n\n"
            out += "批准人（签字）：" + approvers.map { "\(people.nameAndUnit($0)) ________" }.joined(separator: "    ") + "\n"
            out += "监销人（签字）：" + first.witnesses.map { "\(people.nameAndUnit($0)) ________" }.joined(separator: "    ") + "\n"
            out += "销毁日期：\(first.destroyedAt.localDate.chineseText)\n\n"
            out += "附件：已销毁内容摘要（SHA-256）\n"
            for e in rows {
                guard let r = e.record else { continue }
                out += "  \(r.archiveNumber)（\(r.digests.count)条）\n"
                for digest in r.digests { out += "    \(digest.hex)\n" }
            }
            out += "\n"
        }
        if batches.isEmpty { out = "销毁清册（无销毁记录）\n" }
        return out
    }
}
