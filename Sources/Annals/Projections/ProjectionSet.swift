/// The built-in projections, fed by the one replay loop in a single pass.
///
/// Three folds hold state: `records` (every meeting's `MeetingState`), `numbering`
/// (档号) and `register` (销毁清册). Everything else a reader asks for (minutes,
/// catalogue, retention review, attendance, decision follow-up, compliance counts)
/// is read from them on demand, so each fact is folded once, and live state, a full
/// rebuild, a checkpoint plus tail, and an "as of" replay all agree by construction.
///
/// ```swift
/// var projections = ProjectionSet(policy: policy)
/// for stored in log.events(from: 0) { projections.apply(stored) }    // the replay loop
/// try file.write(projections.encode())                               // a checkpoint
/// let minutes = projections.minutes(of: "meeting/BGS-2023-007")
/// ```
///
/// Checkpoint bytes (`encode()`), all integers LEB128 varints:
///
/// ```
/// checkpoint = magic "APRJ"  container:varint (1)  position  sections:varint  section*
/// position   = 0 | 1 varint        (the last position applied; 0 = none yet)
/// section    = name:string  length:varint  bytes      (records, numbering, register, types)
/// bytes      = format:varint (1)  the projection's state (see each projection)
/// ```
///
/// The configuration (policy, number format) is not part of the state: it shapes
/// how the state is read, not what it holds.
public struct ProjectionSet: Sendable, Equatable {
    /// The agency's policy: expiry dates, working days, lead times.
    public var policy: Policy
    /// How archive numbers are written.
    public var numberFormat: ArchiveNumberFormat

    public private(set) var records = MeetingRecords()
    public private(set) var numbering = ArchiveNumbering()
    public private(set) var register = DestructionRegister()
    /// Each stream's event types (the query layer's `type:`).
    public private(set) var types = StreamTypes()
    /// The position of the last event applied; nil before any.
    public private(set) var position: UInt64?

    /// `numberFormat` defaults to the policy's (chosen per fonds at `annals init`).
    public init(policy: Policy = .standard, numberFormat: ArchiveNumberFormat? = nil) {
        self.policy = policy
        self.numberFormat = numberFormat ?? policy.numberFormat
    }

    /// Folds one stored event into every projection.
    public mutating func apply(_ stored: StoredEvent) {
        position = stored.position
        // Accounts are no meetings: only their streams' types are kept (so they can be
        // listed); `AccountRegistry` folds them when asked.
        if stored.type == .accountGranted || stored.type == .accountRevoked {
            types.apply(stored)
            return
        }
        if stored.type == .archiveDestroyed {
            applyDestruction(stored)
            return
        }
        records.apply(stored)
        types.apply(stored)
        // Numbers are given only at filing (the check is repeated here so that the
        // other events, nearly all, skip the call).
        if stored.type == .meetingArchived { numbering.apply(stored) }
    }

    /// A destruction recorded without its register facts (schema version 1, or
    /// appended without `registerSnapshot`) gets them from the state as it stands,
    /// before the records forget the content.
    private mutating func applyDestruction(_ stored: StoredEvent) {
        var filled = stored
        if let event = stored.event, case .archiveDestroyed(var e) = event.data, e.register == nil {
            e.register = registerSnapshot(for: stored.stream, destroyedAt: event.at)
            filled.event?.data = .archiveDestroyed(e)
        }
        register.apply(filled)
        records.apply(stored)
        numbering.apply(stored)
        types.apply(stored)
    }

    /// The positions the engine shreds when `stream` is destroyed (see `MeetingRecords`).
    public func contentPositionsToShred(stream: String) -> [UInt64] {
        records.contentPositionsToShred(stream: stream)
    }

    public static func == (a: ProjectionSet, b: ProjectionSet) -> Bool {
        a.position == b.position && a.records == b.records && a.numbering == b.numbering && a.register == b.register
            && a.types == b.types
    }
}

// MARK: - Replay and "as of"

/// Which prefix of the log a view reflects (EVENTS.md: the two clocks).
public enum AsOf: Sendable, Hashable, CustomStringConvertible {
    /// Everything.
    case latest
    /// `@P`: the log up to and including position P.
    case position(UInt64)
    /// `TIME`: the events whose business time `at` is at or before it.
    case time(ZonedTime)

    /// Parses the `--as-of` argument: `@1234`, an RFC 3339 time, or a date
    /// (`2023-06-30`, meaning the end of that day at `offsetMinutes`).
    public init?(_ text: String, offsetMinutes: Int = 480) {
        if text.hasPrefix("@") {
            guard let p = UInt64(text.dropFirst()) else { return nil }
            self = .position(p)
        } else if let time = ZonedTime(rfc3339: text) {
            self = .time(time)
        } else if let date = CivilDate(text) {
            let end = ZonedTime(date.adding(days: 1), 0, 0, offsetMinutes: offsetMinutes)
            self = .time(ZonedTime(microseconds: end.microseconds - 1, offsetMinutes: offsetMinutes))
        } else {
            return nil
        }
    }

    /// The calendar date a follow-up is judged on: the as-of time's date, else `today`.
    public func date(today: CivilDate) -> CivilDate {
        if case .time(let t) = self { return t.localDate }
        return today
    }

    public var description: String {
        switch self {
        case .latest: "latest"
        case .position(let p): "@\(p)"
        case .time(let t): t.description
        }
    }
}

extension ProjectionSet {
    /// The projections after `events` (in position order), as of `asOf`.
    public static func replay(
        _ events: some Sequence<StoredEvent>, asOf: AsOf = .latest, policy: Policy = .standard,
        numberFormat: ArchiveNumberFormat? = nil
    ) -> ProjectionSet {
        var set = ProjectionSet(policy: policy, numberFormat: numberFormat)
        set.replay(events, asOf: asOf)
        return set
    }

    /// Continues from this state with `events` (those after `position`), as of `asOf`.
    ///
    /// As of a time, archive numbers still come from the whole log: they follow log
    /// order, and a filing recorded later may carry an earlier business time; the
    /// catalogue then lists only what was filed by that time.
    public mutating func replay(_ events: some Sequence<StoredEvent>, asOf: AsOf = .latest) {
        switch asOf {
        case .latest:
            for stored in events { apply(stored) }
        case .position(let last):
            for stored in events {
                guard stored.position <= last else { break }
                apply(stored)
            }
        case .time(let time):
            for stored in events {
                // A destroyed event's time is unknown; it is counted, as its header is.
                if !stored.isDestroyed, stored.stored.at > time {
                    numbering.apply(stored)
                    position = stored.position
                } else {
                    apply(stored)
                }
            }
        }
    }
}

// MARK: - Checkpoints

extension ProjectionSet {
    static let magic: [UInt8] = Array("APRJ".utf8)
    static let containerVersion: UInt64 = 2

    /// The checkpoint bytes of every projection and the position they reflect.
    public func encode() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.varint(Self.containerVersion)
        w.optional(position) { $0.varint($1) }
        let sections: [(String, [UInt8])] = [
            (MeetingRecords.name, records.encode()), (ArchiveNumbering.name, numbering.encode()),
            (DestructionRegister.name, register.encode()), (StreamTypes.name, types.encode()),
        ]
        w.count(sections.count)
        for (name, bytes) in sections {
            w.text(name)
            w.count(bytes.count)
            w.bytes.append(contentsOf: bytes)
        }
        return w.bytes
    }

    /// Reads a checkpoint written by `encode()`; continue with the events after `position`.
    /// Every meeting is decoded now, so any damage is refused now.
    public init(decoding bytes: [UInt8], policy: Policy = .standard, numberFormat: ArchiveNumberFormat? = nil) throws(SnapshotError) {
        let owner = SnapshotBytes(copying: bytes)
        try self.init(snapshot: owner, owner.buffer, policy: policy, numberFormat: numberFormat)
        if let stored = records.stored {
            let strings = StringCache()
            for place in records.streams.indices { records.entries[place] = try stored.decode(place, strings: strings) }
            records.stored = nil
            records.isStored = []
        }
    }

    /// Reads a checkpoint in place: each meeting is decoded when first used (see
    /// `StoredMeetings`). The caller has checked the bytes' checksum; `owner` keeps
    /// them for as long as a meeting is not decoded.
    init(snapshot owner: SnapshotBytes, _ bytes: UnsafeRawBufferPointer, policy: Policy, numberFormat: ArchiveNumberFormat? = nil)
        throws(SnapshotError)
    {
        self.init(policy: policy, numberFormat: numberFormat)
        guard bytes.count >= Self.magic.count, Self.magic.indices.allSatisfy({ bytes[$0] == Self.magic[$0] }) else {
            throw SnapshotError(projection: "", message: "not an Annals projection checkpoint (no APRJ header)")
        }
        var sections: [String: UnsafeRawBufferPointer] = [:]
        do {
            var r = BinaryReader(bytes, offset: Self.magic.count)
            let version = try r.varint()
            guard version == Self.containerVersion else {
                throw SnapshotError(projection: "", message: "checkpoint container version \(version) is not \(Self.containerVersion)")
            }
            position = try r.optional { try $0.varint() }
            let n = try r.elementCount()
            for _ in 0..<n {
                let name = try r.text()
                let length = try r.length()
                sections[name] = UnsafeRawBufferPointer(rebasing: r.remaining[..<length])
                r.offset += length
            }
            guard r.isAtEnd else { throw SnapshotError(projection: "", message: "bytes left over after the sections") }
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(projection: "", message: "\(error)")
        }
        func section(_ name: String) throws(SnapshotError) -> UnsafeRawBufferPointer {
            guard let bytes = sections[name] else { throw SnapshotError(projection: name, message: "the section is missing") }
            return bytes
        }
        let strings = StringCache()
        records = try MeetingRecords(snapshot: owner, section(MeetingRecords.name))
        numbering = try ArchiveNumbering(snapshot: section(ArchiveNumbering.name), strings: strings)
        register = try DestructionRegister(snapshot: section(DestructionRegister.name), strings: strings)
        types = try StreamTypes(snapshot: section(StreamTypes.name), strings: strings)
    }
}
