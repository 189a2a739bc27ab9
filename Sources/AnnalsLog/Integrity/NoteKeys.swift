internal import Crypto
internal import Foundation

/// A public key that checks signatures on notes (checkpoints), in the text form of
/// `golang.org/x/mod/sumdb/note` and C2SP `signed-note`:
///
/// ```text
/// <name>+<key hash, 8 hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>
/// ```
///
/// for example (the Go reference implementation's test key)
/// `PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`.
///
/// The key hash is the first 4 bytes of `SHA-256(name || 0x0A || 0x01 || public key)`;
/// it lets a verifier pick the key a signature line claims without trying every key.
/// An auditor keeps these strings (one per institution) outside the archive.
public struct NoteVerifier: Sendable, Hashable, CustomStringConvertible {
    /// The signature type byte of Ed25519 keys and signatures.
    static let ed25519: UInt8 = 0x01

    /// Who signs with this key, e.g. the log's origin `archives.example.gov.cn/annals`.
    public let name: String
    /// The key hash that signature lines by this key carry.
    public let keyHash: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Parses a verifier key string.
    ///
    /// - Throws: ``CheckpointError`` with `.malformedKey` (wrong shape, wrong key type,
    ///   or a key hash that does not match) or `.invalidName`.
    public init(key: String) throws(CheckpointError) {
        let parts = NoteKeyText.split(key, count: 3)
        guard parts.count == 3 else {
            throw CheckpointError(.malformedKey, "a verifier key has the form <name>+<8 hex digits>+<base64 key>")
        }
        try self.init(name: parts[0], publicKey: try NoteKeyText.keyBytes(parts[2], what: "verifier key"))
        try NoteKeyText.check(hash: parts[1], against: keyHash, name: name)
    }

    /// The verifier for `publicKey` (32 bytes) under `name`.
    public init(name: String, publicKey: [UInt8]) throws(CheckpointError) {
        try NoteKeyText.checkName(name)
        guard publicKey.count == 32 else {
            throw CheckpointError(.malformedKey, "an Ed25519 public key has 32 bytes, not \(publicKey.count)")
        }
        self.name = name
        self.publicKey = publicKey
        self.keyHash = NoteKeyText.keyHash(name: name, publicKey: publicKey)
    }

    /// The verifier key string, to hand to auditors.
    public var key: String {
        "\(name)+\(NoteKeyText.hex8(keyHash))+\(Base64.encode([Self.ed25519] + publicKey))"
    }

    public var description: String { key }

    /// Whether `signature` (64 bytes) is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// A private key that signs notes (checkpoints), in the `sumdb/note` text form:
///
/// ```text
/// PRIVATE+KEY+<name>+<key hash, 8 hex digits>+<base64(0x01 || 32-byte Ed25519 seed)>
/// ```
///
/// Keep it in a file readable only by the archive's operator; `annals checkpoint --key
/// FILE` reads it. Its ``description`` never shows the secret.
///
/// ```swift
/// let (signerKey, verifierKey) = try NoteSigner.generate(name: "archives.example.gov.cn/annals")
/// let signer = try NoteSigner(key: signerKey)
/// let signed = try checkpoint.signed(by: [signer])
/// ```
public struct NoteSigner: Sendable, CustomStringConvertible {
    /// Who signs, the name that appears on signature lines.
    public let name: String
    /// The key hash that this signer's signature lines carry.
    public let keyHash: UInt32
    private let seed: [UInt8]

    /// Parses a signer key string.
    ///
    /// - Throws: ``CheckpointError`` with `.malformedKey` or `.invalidName`.
    public init(key: String) throws(CheckpointError) {
        let parts = NoteKeyText.split(key, count: 5)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw CheckpointError(
                .malformedKey, "a signer key has the form PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>")
        }
        try self.init(name: parts[2], seed: try NoteKeyText.keyBytes(parts[4], what: "signer key"))
        try NoteKeyText.check(hash: parts[3], against: keyHash, name: name)
    }

    private init(name: String, seed: [UInt8]) throws(CheckpointError) {
        try NoteKeyText.checkName(name)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw CheckpointError(.malformedKey, "an Ed25519 private key seed has 32 bytes, not \(seed.count)")
        }
        self.name = name
        self.seed = seed
        self.keyHash = NoteKeyText.keyHash(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// A new random key pair for `name`: the signer key string (secret) and the verifier
    /// key string (public).
    public static func generate(name: String) throws(CheckpointError) -> (signerKey: String, verifierKey: String) {
        let signer = try NoteSigner(name: name, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
        return (signer.key, signer.verifier.key)
    }

    /// The signer key string (secret).
    public var key: String {
        "PRIVATE+KEY+\(name)+\(NoteKeyText.hex8(keyHash))+\(Base64.encode([NoteVerifier.ed25519] + seed))"
    }

    /// The matching verifier.
    public var verifier: NoteVerifier {
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)  // checked in init
        return try! NoteVerifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    public var description: String { "NoteSigner(\(name)+\(NoteKeyText.hex8(keyHash)))" }

    /// This key's signature of `text` (the note text, final newline included).
    public func signature(for text: String) throws(CheckpointError) -> NoteSignature {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            let bytes = try key.signature(for: Array(text.utf8))
            return NoteSignature(name: name, keyHash: keyHash, signature: Array(bytes))
        } catch {
            throw CheckpointError(.signingFailed, "signing with \(description) failed: \(error)")
        }
    }
}

/// The shared pieces of the key text forms.
enum NoteKeyText {
    /// Splits at the first `count - 1` plus signs (base64 may contain `+`).
    static func split(_ text: String, count: Int) -> [String] {
        text.split(separator: "+", maxSplits: count - 1, omittingEmptySubsequences: false).map(String.init)
    }

    /// Key hash = first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || key).
    static func keyHash(name: String, publicKey: [UInt8]) -> UInt32 {
        let digest = Hash256.sha256(Array(name.utf8) + [0x0A, NoteVerifier.ed25519] + publicKey).bytes
        return digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A valid key name: non-empty, no Unicode white space, no `+` (C2SP signed-note).
    static func checkName(_ name: String) throws(CheckpointError) {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "+" }) else {
            throw CheckpointError(.invalidName, "key name \"\(name)\" must be non-empty, with no spaces and no '+'")
        }
    }

    /// Decodes base64(0x01 || 32 bytes).
    static func keyBytes(_ text: String, what: String) throws(CheckpointError) -> [UInt8] {
        guard let bytes = Base64.decode(text), bytes.count == 33 else {
            throw CheckpointError(.malformedKey, "the \(what) must end in base64 of 33 bytes (type 0x01 and a 32-byte key)")
        }
        guard bytes[0] == NoteVerifier.ed25519 else {
            throw CheckpointError(.malformedKey, "the \(what) has type \(bytes[0]); only Ed25519 (type 1) is supported")
        }
        return Array(bytes[1...])
    }

    static func check(hash text: String, against keyHash: UInt32, name: String) throws(CheckpointError) {
        let isHex = text.utf8.allSatisfy { c in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
        }
        guard text.utf8.count == 8, isHex, let value = UInt32(text, radix: 16) else {
            throw CheckpointError(.malformedKey, "the key hash \"\(text)\" must be 8 hexadecimal digits")
        }
        guard value == keyHash else {
            throw CheckpointError(
                .malformedKey,
                "the key hash \(text) does not match the key (it should be \(hex8(keyHash)) for name \(name)): the key string was altered")
        }
    }
}
