/// `annals register`: the destruction register (销毁清册).
public enum RegisterReport {
    public static func json(_ register: DestructionRegister) -> [UInt8] {
        JSONWriter.document { w in
            w.beginArray()
            for e in register.entries {
                let r = e.record
                w.beginObject()
                w.field("archive_number", r?.archiveNumber)
                w.field("stream", e.stream)
                w.field("title", r?.title)
                w.field("classification", r?.classification?.name)
                w.key("year")
                if let year = r?.year { w.integer(year) } else { w.null() }
                w.field("retention", r?.retention.code)
                w.key("kept_years")
                if let kept = r?.keptYears { w.integer(kept) } else { w.null() }
                w.field("batch", e.batch)
                w.field("approved_by", strings: r?.approvedBy ?? [])
                w.field("witnesses", strings: e.witnesses)
                w.field("destroyed_at", time: e.destroyedAt)
                w.field("method", e.method)
                w.field("place", e.place)
                w.key("documents")
                if let documents = r?.documents { w.integer(documents) } else { w.null() }
                w.field("reason", r?.reason)
                w.field("digests", strings: (r?.digests ?? []).map(\.hex))
                if let flags = r?.flags {
                    w.key("flags")
                    w.beginArray()
                    for flag in flags {
                        w.beginObject()
                        w.field("rule", flag.rule)
                        w.field("at", time: flag.at)
                        w.field("field", flag.field)
                        w.field("detail", flag.detail)
                        w.endObject()
                    }
                    w.endArray()
                }
                if e.restricted { w.field("restricted", true) }
                w.endObject()
            }
            w.endArray()
        }
    }

    public static func text(_ register: DestructionRegister) -> String {
        var out = "销毁清册（\(register.entries.count) 件）\n\n"
        out += TextTable(
            headers: ["档号", "题名", "密级", "年度", "应保管期限", "已保管", "页数", "销毁批次", "批准人", "监销人", "销毁时间", "方式", "地点"],
            rows: register.entries.map { e in
                let r = e.record
                return [
                    r?.archiveNumber ?? "", r?.title ?? "", classificationText(r), r.map { String($0.year) } ?? "", r?.retention.label ?? "",
                    r.map { "\($0.keptYears)年" } ?? "", r.map { String($0.documents) } ?? "", e.batch,
                    (r?.approvedBy ?? []).joined(separator: "、"), e.witnesses.joined(separator: "、"), e.destroyedAt.clerkText,
                    e.method, e.place,
                ]
            },
            rightAligned: [6]
        ).render()
        for e in register.entries {
            guard let r = e.record else { continue }
            out += "\n\(r.archiveNumber)  销毁原因：\(r.reason)\n"
            out += "  已销毁内容摘要（SHA-256，\(r.digests.count) 条）：\n"
            for digest in r.digests { out += "    \(digest.hex)\n" }
        }
        return out
    }

    /// 密级 as the register kept it; 未记载 (not recorded) for a destruction registered
    /// before the register kept the class, which every view treats as 秘密.
    static func classificationText(_ record: DestructionRecord?) -> String {
        record?.classification?.name ?? "未记载"
    }
}
