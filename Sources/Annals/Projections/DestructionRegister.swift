/// The destruction register (销毁清册): one permanent entry per destroyed record.
///
/// Each entry is built from the `archive.destroyed` event alone: the act (batch,
/// witnesses 监销人, method, place, time) and the `register` facts the engine
/// wrote into it before shredding the record's content (档号, 题名, 年度, 保管期限,
/// 已保管期限, 页数, 批准人, 销毁原因, digests). So the register reads the same
/// before and after the shredding, on every replay.
public struct DestructionRegister: Projection {
    public static let name = "register"

    public struct Entry: Hashable, Sendable {
        public let stream: String
        /// When it was destroyed (business time).
        public let destroyedAt: ZonedTime
        /// 销毁批次.
        public let batch: String
        /// 监销人.
        public let witnesses: [String]
        public let method: String
        public let place: String
        /// The record's facts; nil only for a destruction recorded before schema
        /// version 2 and replayed after its content was shredded.
        public let record: DestructionRecord?
        /// Shown to a reader not cleared for the record: its title reads 受限.
        public var restricted = false
    }

    /// Entries in the order the destructions were recorded.
    public private(set) var entries: [Entry] = []
    private var byStream: [String: Int] = [:]

    public init() {}

    /// The register as a reader sees it: the entries `mayRead` refuses keep their
    /// number, kind, year, class and the destruction's facts; their title and their
    /// flags' details (the clerk's words about the meeting) read 受限.
    func view(mayRead: (Entry) -> Bool) -> DestructionRegister {
        var out = self
        out.entries = entries.map { entry in
            guard !mayRead(entry) else { return entry }
            var record = entry.record
            record?.title = Reader.restrictedMarker
            let flags = record?.flags?.map { flag in
                var shown = flag
                shown.detail = Reader.restrictedMarker
                return shown
            }
            record?.flags = flags
            var shown = Entry(
                stream: entry.stream, destroyedAt: entry.destroyedAt, batch: entry.batch, witnesses: entry.witnesses,
                method: entry.method, place: entry.place, record: record)
            shown.restricted = true
            return shown
        }
        return out
    }

    /// The entry for `stream`, if it was destroyed.
    public subscript(stream: String) -> Entry? { byStream[stream].map { entries[$0] } }

    public mutating func apply(_ stored: StoredEvent) {
        guard stored.type == .archiveDestroyed, byStream[stored.stream] == nil,
            let event = stored.event, case .archiveDestroyed(let e) = event.data
        else { return }
        byStream[stored.stream] = entries.count
        entries.append(Entry(
            stream: stored.stream, destroyedAt: event.at, batch: e.batch, witnesses: e.witnesses, method: e.method,
            place: e.place, record: e.register))
    }

    public static func == (a: DestructionRegister, b: DestructionRegister) -> Bool { a.entries == b.entries }

    public func encode() -> [UInt8] {
        Self.encoded { w in
            w.array(entries) { w, e in
                w.text(e.stream)
                w.zonedTime(e.destroyedAt)
                w.text(e.batch)
                w.texts(e.witnesses)
                w.text(e.method)
                w.text(e.place)
                w.optionalObject("register", e.record)
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
        let entries = try Self.decoded(bytes, strings: strings) { r in
            try r.array { r in
                Entry(
                    stream: try r.text(), destroyedAt: try r.zonedTime(), batch: try r.text(), witnesses: try r.texts(),
                    method: try r.text(), place: try r.text(), record: try r.optionalObject("register", DestructionRecord.self))
            }
        }
        for entry in entries {
            guard byStream.updateValue(self.entries.count, forKey: entry.stream) == nil else {
                throw SnapshotError(projection: Self.name, message: "stream \(entry.stream) is destroyed twice")
            }
            self.entries.append(entry)
        }
    }
}
