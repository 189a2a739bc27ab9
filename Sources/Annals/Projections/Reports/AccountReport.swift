/// `annals account list` and the server's `GET /api/v1/accounts`: the accounts, their
/// grant in force (or held on a date), and whether they have a password and tokens.
public enum AccountReport {
    public struct Row: Sendable, Hashable {
        public var account: String
        /// The grant in force (or held on the date asked), nil when revoked then.
        public var standing: AccountStanding?
        /// The last grant, shown for a revoked account.
        public var lastGrant: AccountStanding?
        public var revokedAt: ZonedTime?
        public var revokedBy: String?
        public var hasPassword: Bool
        public var activeTokens: Int
    }

    /// One row per account ever granted, by id.
    public static func rows(_ registry: AccountRegistry, on date: CivilDate? = nil, secrets: [String: AccountSecrets], now: Int64 = Timestamp.now()) -> [Row] {
        registry.accounts.keys.sorted().map { id in
            let history = registry.accounts[id]!
            let standing: AccountStanding?
            if let date {
                standing = registry.holders(on: date).first { $0.account == id }
            } else {
                standing = history.standing()
            }
            var lastGrant: AccountStanding?
            for change in history.changes { if case .granted(let s) = change { lastGrant = s } }
            let revoked = standing == nil ? history.revoked : nil
            let entry = secrets[id]
            return Row(
                account: id, standing: standing, lastGrant: lastGrant, revokedAt: revoked?.at, revokedBy: revoked?.by,
                hasPassword: entry?.passwordHash != nil, activeTokens: entry?.tokens.filter { $0.expiresAt > now }.count ?? 0)
        }
    }

    public static func json(_ rows: [Row]) -> [UInt8] {
        JSONWriter.document { w in
            w.beginArray()
            for row in rows {
                let grant = row.standing ?? row.lastGrant
                w.beginObject()
                w.field("account", row.account)
                w.field("name", grant?.name)
                w.field("roles", strings: (grant?.roles ?? []).sorted().map(\.rawValue))
                w.field("clearance", grant?.clearance.name)
                w.field("status", row.standing != nil ? "active" : "revoked")
                w.field("granted_at", time: grant?.grantedAt)
                w.field("granted_by", grant?.grantedBy)
                w.field("revoked_at", time: row.revokedAt)
                w.field("revoked_by", row.revokedBy)
                w.field("has_password", row.hasPassword)
                w.field("active_tokens", row.activeTokens)
                w.endObject()
            }
            w.endArray()
        }
    }

    public static func text(_ rows: [Row]) -> String {
        var out = "账户（\(rows.count) 个）\n\n"
        out += TextTable(
            headers: ["账户", "姓名", "角色", "密级", "状态", "授予时间", "授予人", "密码", "有效令牌"],
            rows: rows.map { row in
                let grant = row.standing ?? row.lastGrant
                return [
                    row.account, grant?.name ?? "", (grant?.roles ?? []).sorted().map(\.rawValue).joined(separator: ","),
                    grant?.clearance.name ?? "", row.standing != nil ? "有效" : "已撤销", grant?.grantedAt.clerkText ?? "",
                    grant?.grantedBy ?? "", row.hasPassword ? "有" : "无", String(row.activeTokens),
                ]
            },
            rightAligned: [8]
        ).render()
        return out
    }
}
