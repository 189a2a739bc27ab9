/// One step of schema evolution: rewrites the stored data of `type` from version
/// `from` to `from + 1`, in memory, on read. The stored bytes never change.
public struct Upcaster: Sendable {
    public let type: EventType
    public let from: Int
    public let to: Int
    let transform: @Sendable (inout BinaryReader, inout BinaryWriter) throws(EventDecodingError) -> Void

    init(
        _ type: EventType, from: Int, to: Int,
        _ transform: @escaping @Sendable (inout BinaryReader, inout BinaryWriter) throws(EventDecodingError) -> Void
    ) {
        self.type = type
        self.from = from
        self.to = to
        self.transform = transform
    }
}

/// A chain of upcasters that was found sound when it was built.
public struct UpcasterChainError: Error, Hashable, Sendable, CustomStringConvertible {
    public let type: EventType
    public let message: String
    public var description: String { "\(type): \(message)" }
}

/// The registry of upcasters, checked when built: for every type, each step goes up
/// exactly one version (so there are no cycles), no version has two steps, there are
/// no gaps, and the chain ends at the type's current schema version.
public struct UpcasterChain: Sendable {
    private let steps: [EventType: [Int: Upcaster]]

    /// Builds and checks a chain; `current` gives each type's current version.
    init(_ upcasters: [Upcaster], current: (EventType) -> Int = { $0.schemaVersion }) throws(UpcasterChainError) {
        var steps = [EventType: [Int: Upcaster]]()
        for step in upcasters {
            guard step.to == step.from + 1, step.from >= 1 else {
                throw UpcasterChainError(type: step.type, message: "an upcaster must go from version n to n + 1, not \(step.from) to \(step.to)")
            }
            guard step.to <= current(step.type) else {
                throw UpcasterChainError(type: step.type, message: "an upcaster goes to version \(step.to), past the current version \(current(step.type))")
            }
            guard steps[step.type]?[step.from] == nil else {
                throw UpcasterChainError(type: step.type, message: "two upcasters from version \(step.from)")
            }
            steps[step.type, default: [:]][step.from] = step
        }
        for (type, byVersion) in steps {
            let oldest = byVersion.keys.min()!
            for version in oldest..<current(type) where byVersion[version] == nil {
                throw UpcasterChainError(type: type, message: "no upcaster from version \(version): the chain from \(oldest) has a gap")
            }
        }
        self.steps = steps
    }

    /// The oldest stored version of `type` this chain can read.
    public func oldestVersion(of type: EventType) -> Int {
        steps[type]?.keys.min() ?? type.schemaVersion
    }

    /// The data of `type` at its current version, from data stored at `version`.
    func upcast(_ type: EventType, from version: Int, data: UnsafeRawBufferPointer) throws(EventDecodingError) -> [UInt8] {
        var bytes = Array(data)
        var v = version
        while v < type.schemaVersion {
            guard let step = steps[type]?[v] else {
                throw EventDecodingError(.unsupportedVersion, "\(type) schema version \(v) can no longer be read (no upcaster)")
            }
            var writer = BinaryWriter()
            writer.bytes.reserveCapacity(bytes.count + 16)
            try bytes.withTypedBytes { (buffer) throws(EventDecodingError) in
                var reader = BinaryReader(buffer)
                try step.transform(&reader, &writer)
            }
            bytes = writer.bytes
            v += 1
        }
        return bytes
    }

    /// Every upcaster Annals has shipped. Built (and checked) on first use; a broken
    /// chain is a programming error caught by the test suite, so it stops the program.
    public static let standard: UpcasterChain = {
        do {
            return try UpcasterChain(shipped)
        } catch {
            fatalError("the shipped upcaster chain is unsound: \(error)")
        }
    }()

    static let shipped: [Upcaster] = [
        // meeting.scheduled v1 had no classification; v2 adds it after ends_at.
        // Meetings recorded before classification was tracked count as 内部.
        Upcaster(.meetingScheduled, from: 1, to: 2) { (r, w) throws(EventDecodingError) in
            let start = r.offset
            for _ in 0..<6 { try r.skipText() }  // title, kind, organizer, chair, recorder, location
            _ = try r.zonedTime()  // starts_at
            _ = try r.zonedTime()  // ends_at
            w.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: r.remainingFrom(start)[..<(r.offset - start)]))
            w.bytes.append(Classification.internal.wireCode)
            w.bytes.append(contentsOf: r.remaining)
            r.offset = r.count
        },
        // archive.destroyed v1 had no register snapshot; v2 appends it as an optional
        // last field. Destructions recorded before then have none (presence byte 0).
        Upcaster(.archiveDestroyed, from: 1, to: 2) { (r, w) throws(EventDecodingError) in
            w.bytes.append(contentsOf: r.remaining)
            w.bytes.append(0)
            r.offset = r.count
        },
        // meeting.resolved v1 named responsible departments only; v2 adds to each
        // decision its lead department (牵头) and the person answerable (责任人).
        // A v1 decision's first department was its lead, so it becomes `lead`; no
        // person was named.
        Upcaster(.meetingResolved, from: 1, to: 2) { (r, w) throws(EventDecodingError) in
            let count = try r.length()
            w.varint(UInt64(count))
            for _ in 0..<count {
                let start = r.offset
                for _ in 0..<3 { try r.skipText() }  // decision, item, text
                let departments = try r.length()
                var first: String?
                for i in 0..<departments {
                    let department = try r.text()
                    if i == 0 { first = department }
                }
                if try r.present() { _ = try r.signed() }  // deadline
                w.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: r.remainingFrom(start)[..<(r.offset - start)]))
                w.optionalString("lead", first)
                w.optionalString("person", nil)
            }
            // Anything after the list is damage: passed on for the decoder to refuse.
            w.bytes.append(contentsOf: r.remaining)
            r.offset = r.count
        },
        // archive.destroyed v2's register had no classification and no flags; v3
        // appends both to it (its last fields, the register being the event's last),
        // absent: a destruction recorded before then counts as 秘密 in every view
        // (nothing says it was less), and its flags went with its content.
        Upcaster(.archiveDestroyed, from: 2, to: 3) { (r, w) throws(EventDecodingError) in
            let start = r.offset
            try r.skipText()  // batch
            for _ in 0..<(try r.length()) { try r.skipText() }  // witnesses
            try r.skipText()  // method
            try r.skipText()  // place
            let hasRegister = try r.present()
            w.bytes.append(contentsOf: r.remainingFrom(start))
            if hasRegister { w.bytes.append(contentsOf: [0, 0]) }  // classification, flags: absent
            r.offset = r.count
        },
    ]
}

extension BinaryReader {
    func remainingFrom(_ start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { $0 + start }, count: count - start)
    }
}
