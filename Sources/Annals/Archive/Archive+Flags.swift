extension Archive {
    /// Every compliance flag the log's events raised, in log order (`annals flags`):
    /// the log replayed through the rules in force (see ``RaisedFlag``).
    public func complianceFlags(_ filter: FlagFilter = FlagFilter()) throws -> [RaisedFlag] {
        var collected = ComplianceFlagReplay(rules: rules, filter: filter)
        try replay { stored in
            collected.apply(stored)
            return true
        }
        return collected.flags
    }
}
