/// A checkpoint: the log's size and Merkle root at a moment, named by the log's origin,
/// in the C2SP `tlog-checkpoint` text form:
///
/// ```text
/// archives.example.gov.cn/annals
/// 1048576
/// XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
/// ```
///
/// (origin; size in decimal; base64 of the 32-byte root; then optional extension lines).
/// An auditor keeps checkpoints outside the archive; with an inclusion proof one shows a
/// record is in the log as of the checkpoint, and with a consistency proof that a later
/// log extends it. Signed, it travels as a ``SignedCheckpoint``.
public struct Checkpoint: Sendable, Hashable {
    /// The log's name, e.g. `archives.example.gov.cn/annals` (a schema-less URL is
    /// recommended). Verifiers check it is the log they expect.
    public let origin: String
    /// The number of records (leaves) in the tree.
    public let size: UInt64
    /// The Merkle root of the first `size` records.
    public let root: Hash256
    /// Extra lines after the root, uninterpreted (may be empty).
    public let extensions: [String]

    /// A checkpoint of the tree of `size` leaves with root `root`.
    ///
    /// - Throws: ``CheckpointError/Code/malformedCheckpoint`` when the origin or an
    ///   extension line is empty or holds a newline or other control character.
    public init(origin: String, size: UInt64, root: Hash256, extensions: [String] = []) throws(CheckpointError) {
        for line in [origin] + extensions {
            guard !line.isEmpty, !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw CheckpointError(
                    .malformedCheckpoint, "origin and extension lines must be non-empty single lines: \"\(line)\"")
            }
        }
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// Parses the checkpoint text (the note text, without signatures).
    ///
    /// - Throws: ``CheckpointError`` with `.malformedCheckpoint` (or `.malformedNote`
    ///   for a text that is no note text at all), naming the bad line.
    public init(text: String) throws(CheckpointError) {
        try SignedNote.checkText(text)
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else {
            throw CheckpointError(
                .malformedCheckpoint, "a checkpoint has at least 3 lines (origin, size, root), this has \(lines.count)")
        }
        let sizeLine = lines[1]
        guard !sizeLine.isEmpty, sizeLine.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            sizeLine == "0" || !sizeLine.hasPrefix("0"), let size = UInt64(sizeLine)
        else {
            throw CheckpointError(
                .malformedCheckpoint, "line 2 must be the tree size in decimal without leading zeros, not \"\(sizeLine)\"")
        }
        guard let rootBytes = Base64.decode(lines[2]), let root = Hash256(bytes: rootBytes) else {
            throw CheckpointError(
                .malformedCheckpoint, "line 3 must be the base64 of a 32-byte root hash, not \"\(lines[2])\"")
        }
        try self.init(origin: lines[0], size: size, root: root, extensions: Array(lines[3...]))
    }

    /// The checkpoint text, each line ending in a newline: what signatures cover.
    public var text: String {
        ([origin, String(size), Base64.encode(root.bytes)] + extensions).map { $0 + "\n" }.joined()
    }

    /// This checkpoint signed by each of `signers` in turn.
    public func signed(by signers: [NoteSigner]) throws(CheckpointError) -> SignedCheckpoint {
        var signed = try SignedCheckpoint(self)
        for signer in signers { try signed.cosign(with: signer) }
        return signed
    }
}

/// A checkpoint with its signatures: a signed note whose text is a ``Checkpoint``.
///
/// ```swift
/// var signed = try checkpoint.signed(by: [archiveSigner])
/// try signed.cosign(with: auditOfficeSigner)           // a second institution
/// try write(signed.text, to: "checkpoint-2024-06.txt")
///
/// let received = try SignedCheckpoint(parsing: text)
/// try received.verify(trustedKeys: [archiveKey], origin: "archives.example.gov.cn/annals")
/// print(received.checkpoint.size, received.checkpoint.root)
/// ```
public struct SignedCheckpoint: Sendable, Hashable {
    /// The checkpoint the signatures cover.
    public let checkpoint: Checkpoint
    /// The note: the checkpoint text and its signatures.
    public private(set) var note: SignedNote

    /// An unsigned checkpoint, to be signed with ``cosign(with:)``.
    public init(_ checkpoint: Checkpoint) throws(CheckpointError) {
        self.checkpoint = checkpoint
        self.note = try SignedNote(text: checkpoint.text)
    }

    /// Parses a signed checkpoint, or a bare checkpoint text (which then has no
    /// signatures and fails ``verify(trustedKeys:origin:requireTrustedSignature:)``
    /// unless signatures are not required). Signatures are not checked here.
    public init(parsing text: String) throws(CheckpointError) {
        let note = text.contains("\n\n") ? try SignedNote(parsing: text) : try SignedNote(text: text)
        self.checkpoint = try Checkpoint(text: note.text)
        self.note = note
    }

    /// The signatures on the checkpoint, in order.
    public var signatures: [NoteSignature] { note.signatures }

    /// The signed checkpoint as text, to store or send.
    public var text: String { note.serialized }

    /// Adds `signer`'s signature (replacing an earlier one by the same key).
    public mutating func cosign(with signer: NoteSigner) throws(CheckpointError) {
        try note.sign(with: signer)
    }

    /// Checks the checkpoint: signatures against `trustedKeys` (see
    /// ``SignedNote/verify(trustedKeys:requireTrustedSignature:)``) and, when given, that
    /// it is from the log `origin`. Returns the verified signatures.
    ///
    /// - Throws: ``CheckpointError`` with `.originMismatch`, `.invalidSignature` or
    ///   `.noTrustedSignature`.
    @discardableResult
    public func verify(
        trustedKeys: [NoteVerifier], origin: String? = nil, requireTrustedSignature: Bool = true
    ) throws(CheckpointError) -> [NoteSignature] {
        if let origin, origin != checkpoint.origin {
            throw CheckpointError(
                .originMismatch, "the checkpoint is from \"\(checkpoint.origin)\", not from the expected log \"\(origin)\"")
        }
        return try note.verify(trustedKeys: trustedKeys, requireTrustedSignature: requireTrustedSignature)
    }
}
