internal import Foundation

/// One meeting's full history with the proofs an auditor needs to check it without
/// the archive: for every event, its exported JSON line, the record header its Merkle
/// leaf commits to, the nonce and stored payload its digest commits to, and an
/// inclusion proof into the tree of a (signed) checkpoint.
///
/// ```swift
/// let bundle = try archive.auditBundle(stream: "meeting/BGS-2023-0042", signers: [signer])
/// try bundle.json.write(toFile: "BGS-2023-0042.audit.json", atomically: true, encoding: .utf8)
///
/// // elsewhere, with no archive:
/// let received = try AuditBundle(json: text)
/// let result = try received.verify(trustedKeys: [archiveKey])
/// print(result.events, "events proved in the log of", result.checkpoint.size, "records")
/// ```
///
/// ``verify(trustedKeys:origin:requireTrustedSignature:)`` checks, for each event:
/// the header's leaf is at the event's position in the checkpoint's tree (inclusion
/// proof); the nonce and payload hash to the header's digest; the payload decodes to
/// exactly the exported line (id, stream, type, time, recorder, data, position,
/// version, recorded_at, digest). A destroyed event has no line, nonce or payload:
/// its header alone is proved (what was destroyed, without holding it), and it counts
/// as destroyed only if it is of a content type and its digest is listed by the
/// register facts of a verified `archive.destroyed` in the same bundle; otherwise the
/// bundle withholds an event and fails. Versions must run 0, 1, 2 … with no gap, so
/// an event cannot be left out of the history either.
public struct AuditBundle: Sendable, Hashable {
    /// One event of the history.
    public struct Entry: Sendable, Hashable {
        /// The record's position (its leaf index).
        public var position: UInt64
        /// The record header the leaf commits to.
        public var header: RecordHeader
        /// The exported JSON line (EVENTS.md, with `position`, `version`,
        /// `recorded_at`, `digest`), nil when the content was destroyed.
        public var line: String?
        /// The nonce salted into the digest (nil when destroyed).
        public var nonce: [UInt8]?
        /// The stored (binary) payload (nil when destroyed).
        public var payload: [UInt8]?
        /// The inclusion proof of the leaf in the checkpoint's tree.
        public var proof: [Hash256]

        public init(position: UInt64, header: RecordHeader, line: String?, nonce: [UInt8]?, payload: [UInt8]?, proof: [Hash256]) {
            self.position = position
            self.header = header
            self.line = line
            self.nonce = nonce
            self.payload = payload
            self.proof = proof
        }
    }

    /// The stream (meeting) the history is of.
    public var stream: String
    /// The checkpoint the proofs are against, as text (signed note or bare checkpoint).
    public var checkpoint: String
    /// The events in version order.
    public var entries: [Entry]

    public init(stream: String, checkpoint: String, entries: [Entry]) {
        self.stream = stream
        self.checkpoint = checkpoint
        self.entries = entries
    }

    /// What a successful verification established.
    public struct Verification: Sendable, Hashable {
        /// The checkpoint the events were proved against.
        public var checkpoint: Checkpoint
        /// The trusted signatures on it.
        public var signatures: [NoteSignature]
        /// Events proved, and how many of them were destroyed (header only).
        public var events: Int
        public var destroyed: Int
    }

    /// Checks the bundle with nothing but itself and the trusted keys.
    ///
    /// - Parameters:
    ///   - trustedKeys: verifier keys whose signature on the checkpoint counts.
    ///   - origin: the log the checkpoint must be from, when known.
    ///   - requireTrustedSignature: whether the checkpoint needs a trusted signature.
    /// - Throws: ``AuditBundleError`` naming the event (position) and what failed, or
    ///   ``CheckpointError`` for the checkpoint and its signatures.
    @discardableResult
    public func verify(
        trustedKeys: [NoteVerifier], origin: String? = nil, requireTrustedSignature: Bool = true
    ) throws -> Verification {
        let signed = try SignedCheckpoint(parsing: checkpoint)
        let signatures = try signed.verify(
            trustedKeys: trustedKeys, origin: origin, requireTrustedSignature: requireTrustedSignature)
        let tree = signed.checkpoint
        let codec = EventJSONCodec()
        // Events shown without content, and the digests verified destructions list:
        // each of the former must be among the latter once every line is checked.
        var withheld: [Entry] = []
        var registered = Set<Hash256>()
        for (i, entry) in entries.enumerated() {
            func fail(_ message: String) -> AuditBundleError { AuditBundleError(position: entry.position, message) }
            let header = entry.header
            guard header.stream == stream else { throw fail("the record is of stream \(header.stream), not \(stream)") }
            guard header.version == UInt64(i) else {
                throw fail("event \(i) of the history has version \(header.version): an event is missing or out of order")
            }
            do {
                try Merkle.verifyInclusion(
                    leafHash: header.leafHash, index: entry.position, treeSize: tree.size, proof: entry.proof, root: tree.root)
            } catch {
                throw fail("the record is not proved in the log of the checkpoint (\(tree.size) records): \(error.message)")
            }
            guard let line = entry.line else {
                guard entry.payload == nil, entry.nonce == nil else { throw fail("a destroyed event carries a payload") }
                withheld.append(entry)
                continue
            }
            guard let nonce = entry.nonce, let payload = entry.payload else {
                throw fail("the event has a line but no nonce and payload to check it against")
            }
            guard header.matches(nonce: nonce, payload: payload) else {
                throw fail("the payload does not match the digest the record commits to")
            }
            guard let type = EventType(name: header.type) else { throw fail("unknown event type \(header.type)") }
            let event: Event
            do {
                event = try payload.withUnsafeBytes {
                    try BinaryEventCodec.decodeEvent(id: header.id, stream: header.stream, type: type, payload: $0)
                }
            } catch {
                throw fail("the stored payload does not decode: \(error)")
            }
            let export = ExportMetadata(
                position: entry.position, version: header.version,
                recordedAt: ZonedTime(microseconds: header.recordedAt, offsetMinutes: 0), digest: header.digest)
            let expected = codec.encode(event, export: export)
            guard line != expected else {
                if case .archiveDestroyed(let destruction) = event.data { registered.formUnion(destruction.register?.digests ?? []) }
                continue
            }
            // Say which field was changed, where the line still decodes.
            var field = "the line"
            if let decoded = try? codec.decode(line: Array(line.utf8)) {
                let e = decoded.event
                let x = decoded.export
                field =
                    e.id != event.id ? "id" : e.stream != event.stream ? "stream" : e.type != event.type ? "type"
                    : e.at != event.at ? "at" : e.by != event.by ? "by" : e.data != event.data ? "data"
                    : x?.position != export.position ? "position" : x?.version != export.version ? "version"
                    : x?.recordedAt != export.recordedAt ? "recorded_at" : x?.digest != export.digest ? "digest" : "the line's form"
            }
            throw fail("the exported line does not match the recorded event (\(field) differs)")
        }
        for entry in withheld {
            let type = entry.header.type
            guard let known = EventType(name: type), MeetingState.isContent(known) else {
                throw AuditBundleError(
                    position: entry.position,
                    "the \(type) event is shown without its content, but only a meeting's content is ever destroyed (custody events are kept): the bundle withholds it")
            }
            guard registered.contains(entry.header.digest) else {
                throw AuditBundleError(
                    position: entry.position,
                    "the \(type) event is shown without its content, but no verified archive.destroyed in the bundle lists its digest \(entry.header.digest.hex) among the content it destroyed: the bundle withholds it")
            }
        }
        return Verification(checkpoint: tree, signatures: signatures, events: entries.count, destroyed: withheld.count)
    }

    // MARK: JSON

    /// The bundle as a JSON document (`format: annals-audit-bundle/1`).
    public var json: String {
        let document = Document(
            format: Self.format, stream: stream, checkpoint: checkpoint,
            events: entries.map { entry in
                Document.Event(
                    position: entry.position, header: Self.hex(entry.header.bytes), line: entry.line,
                    nonce: entry.nonce.map(Self.hex), payload: entry.payload.map { Data($0).base64EncodedString() },
                    proof: entry.proof.map(\.hex))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static let format = "annals-audit-bundle/1"

    /// Parses a bundle written by ``json``.
    ///
    /// - Throws: ``AuditBundleError`` saying what is malformed.
    public init(json: String) throws {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        } catch {
            throw AuditBundleError(position: nil, "not an audit bundle (JSON with the documented fields): \(error)")
        }
        guard document.format == Self.format else {
            throw AuditBundleError(position: nil, "unknown bundle format \"\(document.format)\"; expected \"\(Self.format)\"")
        }
        var entries: [Entry] = []
        for event in document.events {
            func fail(_ message: String) -> AuditBundleError { AuditBundleError(position: event.position, message) }
            guard let headerBytes = Self.bytes(hex: event.header) else { throw fail("header is not hex") }
            let header: RecordHeader
            do { header = try RecordHeader(bytes: headerBytes) } catch { throw fail(error.message) }
            let nonce = try event.nonce.map { text in
                guard let bytes = Self.bytes(hex: text) else { throw fail("nonce is not hex") }
                return bytes
            }
            let payload = try event.payload.map { text in
                guard let data = Data(base64Encoded: text) else { throw fail("payload is not base64") }
                return Array(data)
            }
            let proof = try event.proof.map { text in
                guard let hash = Hash256(hex: text) else { throw fail("a proof hash is not 64 hex digits") }
                return hash
            }
            entries.append(Entry(position: event.position, header: header, line: event.line, nonce: nonce, payload: payload, proof: proof))
        }
        self.init(stream: document.stream, checkpoint: document.checkpoint, entries: entries)
    }

    private struct Document: Codable {
        struct Event: Codable {
            var position: UInt64
            var header: String
            var line: String?
            var nonce: String?
            var payload: String?
            var proof: [String]
        }
        var format: String
        var stream: String
        var checkpoint: String
        var events: [Event]
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}

/// An audit bundle that is malformed or does not verify: which event, and what.
public struct AuditBundleError: Error, Sendable, CustomStringConvertible {
    /// The position of the event concerned, when it is one event.
    public var position: UInt64?
    public var message: String

    public init(position: UInt64?, _ message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { position.map { "event at position \($0): \(message)" } ?? message }
}

extension Archive {
    /// A checkpoint of the log as it stands (or of its first `size` records), named by
    /// the archive's origin and signed by each of `signers` (none: unsigned).
    ///
    /// Needs the Merkle tree, which only the writer holds.
    public func checkpoint(size: UInt64? = nil, signers: [NoteSigner] = []) throws -> SignedCheckpoint {
        let (n, root) = try store.merkleRoot(size: size)
        return try Checkpoint(origin: manifest.origin, size: n, root: root).signed(by: signers)
    }

    /// One meeting's full history as an ``AuditBundle``: each event's exported line,
    /// header, nonce and payload, and its inclusion proof into a checkpoint of the log
    /// as it stands, signed by `signers`.
    ///
    /// Needs the Merkle tree, which only the writer holds. Unfiltered: people get
    /// ``auditBundle(stream:reader:signers:purpose:)``.
    package func auditBundle(stream: String, signers: [NoteSigner] = []) throws -> AuditBundle {
        let signed = try checkpoint(signers: signers)
        let size = signed.checkpoint.size
        let codec = EventJSONCodec()
        var entries: [AuditBundle.Entry] = []
        for record in try store.readStream(stream) where record.position < size {
            let stored = try decode(record)
            var line: String?
            if let event = stored.event {
                let export = ExportMetadata(
                    position: stored.position, version: stored.version,
                    recordedAt: ZonedTime(microseconds: stored.recordedAt, offsetMinutes: 0), digest: stored.digest)
                line = codec.encode(event, export: export)
            }
            entries.append(
                AuditBundle.Entry(
                    position: record.position, header: RecordHeader(record), line: line, nonce: record.nonce,
                    payload: record.payload, proof: try store.inclusionProof(position: record.position, treeSize: size)))
        }
        guard !entries.isEmpty else { throw ArchiveError("no events in stream \(stream) (as of \(size) records)") }
        return AuditBundle(stream: stream, checkpoint: signed.text, entries: entries)
    }

    /// The keys `archive.json` may have.
    static let manifestKeys: Set<String> = ["format", "fonds", "origin", "created_at", "check"]

    /// The `check` of `archive.json`: the CRC-32C, in hex, of the file's bytes before
    /// `,"check":`.
    static func manifestCheck(_ bytes: [UInt8]) -> String {
        let hex = String(CRC32C.checksum(bytes), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Reads an archive's manifest (`archive.json`) without opening its log: what
    /// `annals verify` needs to know the log's origin even when the log is damaged.
    public static func manifest(at path: String) throws -> ArchiveManifest {
        guard let bytes = FileManager.default.contents(atPath: path + "/archive.json") else {
            throw ArchiveError("no archive at \(path) (no archive.json); create one with `annals init`")
        }
        do {
            let root = try JSONDocument(parsing: Array(bytes)).root
            guard (root["format"]?.integer ?? 1) == 1 else {
                throw ArchiveError("\(path)/archive.json is of a format this program does not know (it reads format 1)")
            }
            guard let fonds = root["fonds"]?.string, let origin = root["origin"]?.string else {
                throw ArchiveError("\(path)/archive.json lacks fonds or origin")
            }
            let manifest = ArchiveManifest(fonds: fonds, origin: origin, createdAt: root["created_at"]?.string ?? "")
            // What the file says must hold together, and match its check (files of
            // earlier versions have none), so that a damaged byte is reported rather
            // than taken as another fonds. A key of another name is damage too.
            let originParts = origin.split(separator: "/", omittingEmptySubsequences: false)
            let checked = root["check"].map { check in
                bytes.withUnsafeBytes { all in
                    let marker = Array(#","check":""#.utf8)
                    let end = (0...max(0, all.count - marker.count)).last { all[$0..<($0 + marker.count)].elementsEqual(marker) }
                    return end.map { check.string == manifestCheck(Array(all[..<$0])) } ?? false
                }
            }
            guard isValidFonds(fonds), originParts.count == 3, originParts[0] == "annals.archive", originParts[1] == fonds,
                EventID(originParts[2]) != nil, manifest.createdAt.isEmpty || ZonedTime(rfc3339: manifest.createdAt) != nil,
                root.members.allSatisfy({ manifestKeys.contains($0.key) }), checked ?? true
            else {
                throw ArchiveError(
                    "\(path)/archive.json is damaged or was edited: its check does not match, or fonds \"\(fonds)\", origin \"\(origin)\" and created_at \"\(manifest.createdAt)\" do not hold together (the origin is annals.archive/FONDS/ID); restore the file from a backup")
            }
            return manifest
        } catch let error as JSONSyntaxError {
            throw ArchiveError("\(path)/archive.json is not valid JSON: \(error)")
        }
    }
}
