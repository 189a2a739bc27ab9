/// Who a person id is, for documents that print people by name: the name, unit and
/// position under which they were last invited to a meeting (or stood in as a
/// substitute). People never invited (an archivist, a leader approving a
/// destruction) are printed by id.
public struct PeopleDirectory: Sendable {
    public struct Person: Hashable, Sendable {
        public let name: String
        public let unit: String
        public let position: String
    }

    public private(set) var people: [String: Person] = [:]

    public subscript(id: String) -> Person? { people[id] }

    /// `王芳（办公室）`, or the id when unknown.
    public func nameAndUnit(_ id: String) -> String {
        guard let p = people[id] else { return id }
        return p.unit.isEmpty ? p.name : "\(p.name)（\(p.unit)）"
    }

    /// `王芳`, or the id when unknown.
    public func name(_ id: String) -> String { people[id]?.name ?? id }
}

extension ProjectionSet {
    /// Everyone invited to (or substituting at) a meeting whose content exists.
    public func peopleDirectory() -> PeopleDirectory {
        var directory = PeopleDirectory()
        for state in records.states {
            for p in state.meeting?.participants ?? [] {
                directory.set(p.person, PeopleDirectory.Person(name: p.name, unit: p.unit, position: p.position))
            }
            for leave in state.leaves.values {
                if let s = leave.substitute { directory.set(s.person, PeopleDirectory.Person(name: s.name, unit: s.unit, position: s.position)) }
            }
        }
        return directory
    }
}

extension PeopleDirectory {
    fileprivate mutating func set(_ id: String, _ person: Person) { people[id] = person }
}
