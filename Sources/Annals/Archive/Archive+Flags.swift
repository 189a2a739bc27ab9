extension Archive {
    /// Every compliance flag the log's events raised, in log order (`annals flags`):
    /// the log replayed through the rules in force (see ``RaisedFlag``). A destroyed
    /// record's flags are the ones its register kept (``RaisedFlag/fromRegister``).
    public func complianceFlags(_ filter: FlagFilter = FlagFilter()) throws -> [RaisedFlag] {
        var collected = ComplianceFlagReplay(rules: rules, filter: filter, register: try projections().register)
        try replay { stored in
            collected.apply(stored)
            return true
        }
        return collected.flags
    }

    /// The flags `stream`'s events raised so far, as its destruction's register keeps
    /// them (`archive.destroyed` v3): taken just before its content is shredded,
    /// by the same replay that lists them.
    func registerFlags(of stream: String) throws -> [RegisterFlag] {
        var collected = ComplianceFlagReplay(rules: rules)
        var digests: [UInt64: Hash256] = [:]
        for stored in try events(in: stream) {
            digests[stored.position] = stored.digest
            collected.apply(stored)
        }
        return collected.flags.compactMap { flag in
            digests[flag.position].map {
                RegisterFlag(
                    rule: flag.rule.name, field: flag.field, detail: flag.detail, at: flag.at, event: $0,
                    department: flag.department, meetingDate: flag.meetingDate)
            }
        }
    }
}
