/// The stable name of a rule (`sign_in.proxy`), for programs to match on and for
/// people to look up. Each stage's file declares its own (`Rules/SignIn.swift`, …).
public struct RuleID: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }
}

/// A proposed event that breaks a rule; nothing was written.
///
/// ```
/// sign_in.proxy: P004 cannot sign in for P002: everyone signs in for themselves (不得代签).
/// ```
public struct RuleViolation: Error, Hashable, Sendable, CustomStringConvertible {
    public let rule: RuleID
    public let stream: String
    /// The field at fault, as the JSON spells it (`data.signed_by`, `at`); empty when
    /// the event as a whole is refused.
    public let field: String
    /// What is wrong, in words a clerk understands, and what to do about it.
    public let message: String

    public init(rule: RuleID, stream: String, field: String, message: String) {
        self.rule = rule
        self.stream = stream
        self.field = field
        self.message = message
    }

    public var description: String { "\(rule): \(message)" }
}

/// Something an auditor should see that does not stop the event: a late notice,
/// late minutes, a late arrival. Compliance counts are built from these.
public struct ComplianceFlag: Hashable, Sendable, CustomStringConvertible {
    public let rule: RuleID
    public let stream: String
    public let field: String
    public let message: String
    /// When the flagged event happened (its `at`).
    public let at: ZonedTime

    public init(rule: RuleID, stream: String, field: String, message: String, at: ZonedTime) {
        self.rule = rule
        self.stream = stream
        self.field = field
        self.message = message
        self.at = at
    }

    public var description: String { "\(rule): \(message)" }
}

/// An event the rule book accepted: possibly completed with defaults (see
/// `RuleBook.admit`), with any compliance flags it raised.
public struct Admission: Hashable, Sendable {
    /// The event to store.
    public var event: Event
    public var flags: [ComplianceFlag]
}
