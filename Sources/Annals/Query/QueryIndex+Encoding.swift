// The index's bytes (docs/FORMAT.md, "Query index"): deterministic, so an index
// maintained incrementally and then compacted equals one built from scratch byte
// for byte. All integers are LEB128 varints unless said otherwise.
//
//   index    = format:varint (1)  position  docs  facets  postings
//   position = 0 | 1 varint
//   docs     = count doc*          (in id order: the streams' order in the log)
//   doc      = stream:string version:varint title? kind? organizer? starts_at?
//              classification:u8 (255 none) retention:u8 (255 none) archive_year?
//              number? number_text? flags:u8 types:varint decisions
//   facets   = count (facet:u8 value:string ids)*      sorted by facet, then value bytes
//   postings = count (term:string entries)*            sorted by the term's UTF-8 bytes
//   ids      = count first:varint delta:varint*        ascending (entries: doc << 2 | field)

extension QueryIndex {
    static let format: UInt64 = 1

    /// The bytes of the index; it must be compacted (nothing stale).
    func encode() -> [UInt8] {
        precondition(stale.isEmpty, "compact the index before encoding it")
        var w = BinaryWriter()
        w.bytes.reserveCapacity(1 << 20)
        w.varint(Self.format)
        w.optional(position) { $0.varint($1) }
        w.array(docs) { w, d in d.encode(into: &w) }
        let facetKeys = facets.keys.sorted { a, b in
            a.facet.rawValue != b.facet.rawValue ? a.facet.rawValue < b.facet.rawValue : Array(a.value.utf8).lexicographicallyPrecedes(Array(b.value.utf8))
        }
        w.count(facetKeys.count)
        for key in facetKeys {
            w.bytes.append(key.facet.rawValue)
            w.text(key.value)
            Self.encode(ids: facets[key]!, into: &w)
        }
        let terms = postings.keys.map { (Array($0.text.utf8), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        w.count(terms.count)
        for (bytes, term) in terms {
            w.varint(UInt64(bytes.count))
            w.bytes.append(contentsOf: bytes)
            Self.encode(ids: postings[term]!, into: &w)
        }
        return w.bytes
    }

    static func encode(ids: [UInt32], into w: inout BinaryWriter) {
        w.count(ids.count)
        var previous: UInt32 = 0
        for (n, id) in ids.enumerated() {
            w.varint(UInt64(n == 0 ? id : id - previous))
            previous = id
        }
    }

    /// Reads bytes written by `encode()`; throws on anything malformed (the caller rebuilds).
    init(decoding bytes: [UInt8]) throws {
        self.init()
        try bytes.withUnsafeBytes { buffer in
            var r = BinaryReader(buffer)
            guard try r.varint() == Self.format else { throw EventDecodingError(.invalidValue, "query index format is not \(Self.format)") }
            position = try r.optional { try $0.varint() }
            docs = try r.array { try Doc(from: &$0) }
            for (i, doc) in docs.enumerated() {
                guard docByStream.updateValue(UInt32(i), forKey: doc.stream) == nil else {
                    throw EventDecodingError(.invalidValue, "query index lists \(doc.stream) twice")
                }
                if let number = doc.numberText { docByNumber[number] = UInt32(i) }
            }
            let limit = UInt32(docs.count)
            let nFacets = try r.elementCount()
            facets.reserveCapacity(nFacets)
            for _ in 0..<nFacets {
                guard let facet = FacetKey.Facet(rawValue: try r.byte()) else { throw EventDecodingError(.invalidValue, "unknown facet") }
                let key = FacetKey(facet: facet, value: try r.text())
                facets[key] = try Self.decodeIDs(&r, below: limit)
            }
            let nTerms = try r.elementCount()
            postings.reserveCapacity(nTerms)
            for _ in 0..<nTerms {
                let text = try r.text()
                guard let term = Term(text: text) else { throw EventDecodingError(.invalidValue, "query index term \"\(text)\" is not a term") }
                postings[term] = try Self.decodeIDs(&r, below: limit << 2)
            }
            guard r.isAtEnd else { throw EventDecodingError(.invalidValue, "bytes left over after the query index") }
        }
        refreshVisibility()
    }

    static func decodeIDs(_ r: inout BinaryReader, below limit: UInt32) throws -> [UInt32] {
        let n = try r.elementCount()
        var out = [UInt32]()
        out.reserveCapacity(n)
        var current: UInt64 = 0
        for k in 0..<n {
            let delta = try r.varint()
            guard k == 0 || delta > 0 else { throw EventDecodingError(.invalidValue, "query index ids are not ascending") }
            current += delta
            guard current < UInt64(limit) else { throw EventDecodingError(.invalidValue, "query index id out of range") }
            out.append(UInt32(current))
        }
        return out
    }
}

extension QueryIndex.Doc {
    func encode(into w: inout BinaryWriter) {
        w.text(stream)
        w.varint(UInt64(version))
        w.optional(title) { $0.text($1) }
        w.optional(kind) { $0.text($1) }
        w.optional(organizer) { $0.text($1) }
        w.optional(startsAt) { $0.zonedTime($1) }
        w.bytes.append(classification?.rawValue ?? 255)
        w.bytes.append(retention?.rawValue ?? 255)
        w.optional(archiveYear) { $0.signed(Int64($1)) }
        w.optional(number) { w, n in
            w.text(n.fonds)
            w.text(n.category)
            w.signed(Int64(n.year))
            w.bytes.append(n.retention.rawValue)
            w.text(n.organization)
            w.varint(UInt64(n.item))
        }
        w.optional(numberText) { $0.text($1) }
        w.bytes.append(flags)
        w.varint(types)
        w.array(decisions) { w, d in
            w.optional(d.deadline) { $0.date($1) }
            w.optional(d.done) { $0.date($1) }
            w.presence(d.started)
        }
    }

    init(from r: inout BinaryReader) throws {
        stream = try r.text()
        version = Int(try r.varint())
        title = try r.optional { try $0.text() }
        kind = try r.optional { try $0.text() }
        organizer = try r.optional { try $0.text() }
        startsAt = try r.optional { try $0.zonedTime() }
        let c = try r.byte()
        classification = c == 255 ? nil : try Self.known(Classification(rawValue: c))
        let rc = try r.byte()
        retention = rc == 255 ? nil : try Self.known(RetentionClass(rawValue: rc))
        archiveYear = try r.optional { try $0.int() }
        number = try r.optional { r in
            let fonds = try r.text(), category = try r.text(), year = try r.int()
            let retention = try Self.known(RetentionClass(rawValue: try r.byte()))
            return ArchiveNumber(
                fonds: fonds, category: category, year: year, retention: retention, organization: try r.text(), item: Int(try r.varint()))
        }
        numberText = try r.optional { try $0.text() }
        flags = try r.byte()
        types = try r.varint()
        decisions = try r.array { r in
            QueryIndex.DecisionSummary(deadline: try r.optional { try $0.date() }, done: try r.optional { try $0.date() }, started: try r.present())
        }
    }

    static func known<T>(_ value: T?) throws -> T {
        guard let value else { throw EventDecodingError(.invalidValue, "query index holds an unknown code") }
        return value
    }
}
