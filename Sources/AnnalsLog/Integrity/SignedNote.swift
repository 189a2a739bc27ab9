/// One signature line of a signed note: `— <name> <base64(key hash || signature)>`.
public struct NoteSignature: Sendable, Hashable {
    /// The signer's key name.
    public let name: String
    /// The 4-byte key hash naming the key among the signer's keys.
    public let keyHash: UInt32
    /// The signature bytes after the key hash (64 for Ed25519).
    public let signature: [UInt8]

    /// A signature as it appears on a line.
    public init(name: String, keyHash: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyHash = keyHash
        self.signature = signature
    }

    /// The line, without its newline: an em dash (U+2014), a space, the name, a space,
    /// and base64 of the big-endian key hash followed by the signature.
    public var line: String {
        let hash = withUnsafeBytes(of: keyHash.bigEndian) { Array($0) }
        return "\u{2014} \(name) \(Base64.encode(hash + signature))"
    }
}

/// A text signed by one or more keys, in the C2SP `signed-note` form (that of Go's
/// `golang.org/x/mod/sumdb/note`):
///
/// ```text
/// <text, one or more lines, each ending in a newline>
/// <blank line>
/// — <key name> <base64(4-byte key hash || 64-byte Ed25519 signature)>
/// — <another key name> <...>
/// ```
///
/// Signatures cover the text's UTF-8 bytes including its final newline. A second
/// institution cosigns by adding its own line (``sign(with:)``); verifiers ignore lines
/// from keys they do not know, and reject the note if a line from a key they trust does
/// not verify.
public struct SignedNote: Sendable, Hashable {
    /// The most signature lines a note may carry (as Go's reference implementation).
    public static let maximumSignatures = 100
    static let signaturePrefix = "\u{2014} "

    /// The signed text, ending in a newline.
    public let text: String
    /// The signatures, in order.
    public private(set) var signatures: [NoteSignature]

    /// A note over `text` with the given signatures (none, to sign it next).
    ///
    /// - Throws: ``CheckpointError/Code/malformedNote`` unless `text` is non-empty, ends
    ///   in a newline, has no blank line and no control character but newlines.
    public init(text: String, signatures: [NoteSignature] = []) throws(CheckpointError) {
        try Self.checkText(text)
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note (it need not verify: see ``verify(trustedKeys:requireTrustedSignature:)``).
    ///
    /// - Throws: ``CheckpointError/Code/malformedNote``, saying what is wrong.
    public init(parsing message: String) throws(CheckpointError) {
        try Self.checkCharacters(message)
        // The signatures start after the last blank line (none can occur among them).
        let bytes = Array(message.utf8)
        guard let split = bytes.indices.dropLast().last(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }) else {
            throw CheckpointError(
                .malformedNote, "no signatures: a signed note needs a blank line and then signature lines")
        }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let block = bytes[(split + 2)...]
        guard block.last == 0x0A else {
            throw CheckpointError(.malformedNote, "the signature block must end with a newline")
        }
        var signatures: [NoteSignature] = []
        for line in block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            signatures.append(try Self.parseSignature(String(decoding: line, as: UTF8.self)))
            guard signatures.count <= Self.maximumSignatures else {
                throw CheckpointError(.malformedNote, "more than \(Self.maximumSignatures) signatures")
            }
        }
        try self.init(text: text, signatures: signatures)
    }

    /// The note as text: the text, a blank line, and a line per signature (just the
    /// text when there are no signatures).
    public var serialized: String {
        guard !signatures.isEmpty else { return text }
        return text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    /// Signs the text with `signer` and adds the signature after the existing ones,
    /// replacing an earlier signature by the same key. This is also how a second
    /// institution cosigns.
    public mutating func sign(with signer: NoteSigner) throws(CheckpointError) {
        let signature = try signer.signature(for: text)
        signatures.removeAll { $0.name == signer.name && $0.keyHash == signer.keyHash }
        signatures.append(signature)
    }

    /// Checks the signatures against `trustedKeys` and returns those that verified.
    ///
    /// A signature whose name and key hash match no trusted key is ignored (another
    /// institution may have cosigned). One that matches a trusted key but does not
    /// verify rejects the whole note.
    ///
    /// - Parameter requireTrustedSignature: when true (the default), a note without any
    ///   verified signature is rejected.
    /// - Throws: ``CheckpointError`` with `.invalidSignature` or `.noTrustedSignature`.
    @discardableResult
    public func verify(
        trustedKeys: [NoteVerifier], requireTrustedSignature: Bool = true
    ) throws(CheckpointError) -> [NoteSignature] {
        let message = Array(text.utf8)
        var verified: [NoteSignature] = []
        for signature in signatures {
            let keys = trustedKeys.filter { $0.name == signature.name && $0.keyHash == signature.keyHash }
            guard !keys.isEmpty else { continue }
            guard keys.contains(where: { $0.isValidSignature(signature.signature, for: message) }) else {
                throw CheckpointError(
                    .invalidSignature,
                    "the signature by \(signature.name)+\(NoteKeyText.hex8(signature.keyHash)) does not verify: the note was altered after signing, or the signature is forged"
                )
            }
            if !verified.contains(signature) { verified.append(signature) }
        }
        if requireTrustedSignature, verified.isEmpty {
            let names = signatures.map { "\($0.name)+\(NoteKeyText.hex8($0.keyHash))" }
            let present = names.isEmpty ? "it has none" : "it has " + names.joined(separator: ", ")
            let keys = trustedKeys.map { "\($0.name)+\(NoteKeyText.hex8($0.keyHash))" }
            let trusted = keys.isEmpty ? "no keys are trusted" : "trusted: " + keys.joined(separator: ", ")
            throw CheckpointError(
                .noTrustedSignature, "no signature by a trusted key (\(present); \(trusted)); pass the signer's verifier key")
        }
        return verified
    }

    // MARK: Syntax

    /// Text rules: non-empty lines, each ending in a newline; no control characters.
    static func checkText(_ text: String) throws(CheckpointError) {
        try checkCharacters(text)
        guard !text.isEmpty, text.hasSuffix("\n") else {
            throw CheckpointError(.malformedNote, "the note text must be non-empty and end with a newline")
        }
        guard !text.hasPrefix("\n"), !text.contains("\n\n") else {
            throw CheckpointError(.malformedNote, "the note text must not contain a blank line")
        }
    }

    /// No ASCII control character other than newline (so no CR: use Unix line ends).
    private static func checkCharacters(_ text: String) throws(CheckpointError) {
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }) {
            throw CheckpointError(
                .malformedNote,
                "control character U+\(String(bad.value, radix: 16, uppercase: true)) in the note (line ends must be \\n, not \\r\\n)")
        }
    }

    private static func parseSignature(_ line: String) throws(CheckpointError) -> NoteSignature {
        guard line.hasPrefix(signaturePrefix) else {
            throw CheckpointError(.malformedNote, "a signature line must start with an em dash (U+2014) and a space: \"\(line)\"")
        }
        let rest = line.dropFirst(signaturePrefix.count)
        let parts = rest.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw CheckpointError(.malformedNote, "a signature line is \"— <name> <base64>\": \"\(line)\"")
        }
        let name = String(parts[0])
        do { try NoteKeyText.checkName(name) } catch {
            throw CheckpointError(.malformedNote, "bad key name on signature line \"\(line)\": \(error.message)")
        }
        guard let bytes = Base64.decode(parts[1]), bytes.count >= 5 else {
            throw CheckpointError(.malformedNote, "the signature on line \"\(line)\" is not base64 of a key hash and a signature")
        }
        let keyHash = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: name, keyHash: keyHash, signature: Array(bytes[4...]))
    }
}
