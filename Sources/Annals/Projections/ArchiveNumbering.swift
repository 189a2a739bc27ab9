/// Gives each archived meeting its 档号 (DA/T 22-2015): the next 件号 of its
/// (fonds, category, year, retention, organization) group, from 0001, in the order
/// the `meeting.archived` events appear in the log.
///
/// Numbers are a function of the log's order alone, so every replay gives every
/// number back exactly; a number is never reused, even after its record is
/// destroyed (the counter only grows).
///
/// An "as of a moment" view numbers with the whole log (`ProjectionSet.replay`),
/// since a filing recorded later in the log can carry an earlier business time.
public struct ArchiveNumbering: Projection {
    public static let name = "numbering"

    /// The number of each archived stream.
    public private(set) var numbers: [String: ArchiveNumber] = [:]
    /// Archived streams in the order they were numbered.
    public private(set) var order: [String] = []
    /// The last 件号 given in each group.
    public private(set) var last: [ArchiveNumber.Group: Int] = [:]

    public init() {}

    /// The number of `stream`, if archived.
    public subscript(stream: String) -> ArchiveNumber? { numbers[stream] }

    public mutating func apply(_ stored: StoredEvent) {
        guard stored.type == .meetingArchived, numbers[stored.stream] == nil,
            let event = stored.event, case .meetingArchived(let e) = event.data
        else { return }
        // The rule book fills every class element before storing; the fallbacks only
        // serve events written without it, and match MeetingState's.
        let group = ArchiveNumber.Group(
            fonds: e.fonds ?? "", category: e.category ?? "WS", year: e.year ?? event.at.localDate.year,
            retention: e.retention ?? .thirtyYears, organization: e.organization ?? "")
        let item = (last[group] ?? 0) + 1
        last[group] = item
        numbers[stored.stream] = ArchiveNumber(
            fonds: group.fonds, category: group.category, year: group.year, retention: group.retention,
            organization: group.organization, item: item)
        order.append(stored.stream)
    }

    public func encode() -> [UInt8] {
        // The counters follow from the numbers (each group's highest item), so the
        // snapshot keeps only the numbers, in the order they were given.
        Self.encoded { w in
            w.array(order) { w, stream in
                let n = numbers[stream]!
                w.text(stream)
                w.text(n.fonds)
                w.text(n.category)
                w.signed(Int64(n.year))
                w.symbol("retention", n.retention)
                w.text(n.organization)
                w.count(n.item)
            }
        }
    }

    public init(decoding bytes: [UInt8]) throws(SnapshotError) {
        let copy = SnapshotBytes(copying: bytes)
        defer { withExtendedLifetime(copy) {} }
        try self.init(snapshot: copy.buffer, strings: nil)
    }

    /// Reads a snapshot in place, sharing recurring texts through `strings`.
    init(snapshot bytes: UnsafeRawBufferPointer, strings: StringCache?) throws(SnapshotError) {
        self = try Self.decoded(bytes, strings: strings) { r in
            var numbering = ArchiveNumbering()
            let n = try r.elementCount()
            numbering.numbers.reserveCapacity(n)
            numbering.order.reserveCapacity(n)
            for _ in 0..<n {
                let stream = try r.text()
                let number = ArchiveNumber(
                    fonds: try r.text(), category: try r.text(), year: try r.int(),
                    retention: try r.symbol("retention", RetentionClass.self), organization: try r.text(), item: try r.natural())
                guard numbering.numbers.updateValue(number, forKey: stream) == nil else {
                    throw SnapshotError(projection: Self.name, message: "stream \(stream) is numbered twice")
                }
                numbering.order.append(stream)
                numbering.last[number.group] = max(numbering.last[number.group] ?? 0, number.item)
            }
            return numbering
        }
    }
}
