import Testing

@testable import AnnalsLog

@Suite struct CheckpointTests {
    static let origin = "archives.bgs.example.gov.cn/annals"
    static let root = Merkle.root(of: TestLeaves.random(1234, seed: 90))

    static func checkpoint(size: UInt64 = 1234, extensions: [String] = []) throws -> Checkpoint {
        try Checkpoint(origin: origin, size: size, root: root, extensions: extensions)
    }

    static func keys(_ name: String) throws -> (signer: NoteSigner, verifier: NoteVerifier) {
        let (signerKey, verifierKey) = try NoteSigner.generate(name: name)
        return (try NoteSigner(key: signerKey), try NoteVerifier(key: verifierKey))
    }

    /// The text with one line replaced.
    static func replacingLine(_ number: Int, in text: String, with line: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number] = line
        return lines.joined(separator: "\n")
    }

    // MARK: Checkpoint text

    @Test func checkpointTextIsOriginSizeAndBase64Root() throws {
        let checkpoint = try Self.checkpoint(extensions: ["Timestamp: 1717200000"])
        let lines = checkpoint.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[4].isEmpty, "four lines, each ending in a newline")
        #expect(lines[0] == Substring(Self.origin))
        #expect(lines[1] == "1234")
        #expect(lines[2] == Substring(Base64.encode(Self.root.bytes)))
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
    }

    @Test(arguments: [
        "origin\n1234\n",  // no root line
        "origin\n01234\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  // leading zero
        "origin\n+1234\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "origin\n18446744073709551616\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  // 2^64
        "origin\n1234\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ==\n",  // 31 bytes
        "origin\n1234\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",  // non-canonical base64
        "origin\n1234\n5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n",  // hex, not base64
        "origin\n1234\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",  // no final newline
        "origin\r\n1234\r\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\r\n",  // CRLF
        "\n1234\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",  // empty origin
    ])
    func malformedCheckpointTextIsRejected(text: String) {
        let error = #expect(throws: CheckpointError.self) { try Checkpoint(text: text) }
        #expect(error?.code == .malformedCheckpoint || error?.code == .malformedNote)
        #expect(error?.message.isEmpty == false)
    }

    // MARK: Signing and verifying

    @Test func signedCheckpointVerifiesWithItsKey() throws {
        let archive = try Self.keys(Self.origin)
        let signed = try Self.checkpoint().signed(by: [archive.signer])
        #expect(signed.text.hasPrefix(try Self.checkpoint().text + "\n\u{2014} \(Self.origin) "))
        let parsed = try SignedCheckpoint(parsing: signed.text)
        #expect(parsed == signed)
        #expect(parsed.checkpoint.size == 1234 && parsed.checkpoint.root == Self.root)
        let verified = try parsed.verify(trustedKeys: [archive.verifier], origin: Self.origin)
        #expect(verified.map(\.name) == [Self.origin])
        #expect(verified.first?.signature.count == 64)
    }

    @Test func cosignedCheckpointCarriesBothSignatures() throws {
        let archive = try Self.keys(Self.origin)
        let auditOffice = try Self.keys("audit.example.gov.cn")
        var signed = try Self.checkpoint().signed(by: [archive.signer])
        let received = try SignedCheckpoint(parsing: signed.text)
        signed = received
        try signed.cosign(with: auditOffice.signer)
        let parsed = try SignedCheckpoint(parsing: signed.text)
        #expect(parsed.signatures.map(\.name) == [Self.origin, "audit.example.gov.cn"])
        #expect(try parsed.verify(trustedKeys: [archive.verifier, auditOffice.verifier]).count == 2)
        #expect(try parsed.verify(trustedKeys: [auditOffice.verifier]).map(\.name) == ["audit.example.gov.cn"])
        #expect(try parsed.verify(trustedKeys: [archive.verifier]).map(\.name) == [Self.origin])
        // Signing again with the same key replaces the earlier signature.
        try signed.cosign(with: auditOffice.signer)
        #expect(signed.signatures.count == 2)
    }

    @Test func signaturesByUnknownKeysAreIgnored() throws {
        let archive = try Self.keys(Self.origin)
        let stranger = try Self.keys("someone.else.example")
        let signed = try Self.checkpoint().signed(by: [stranger.signer, archive.signer])
        #expect(try signed.verify(trustedKeys: [archive.verifier]).map(\.name) == [Self.origin])
        let onlyStranger = try Self.checkpoint().signed(by: [stranger.signer])
        let error = #expect(throws: CheckpointError.self) { try onlyStranger.verify(trustedKeys: [archive.verifier]) }
        #expect(error?.code == .noTrustedSignature)
        #expect(error?.message.contains("someone.else.example") == true)
    }

    @Test func checkpointSignedWithAWrongKeyIsRejected() throws {
        let archive = try Self.keys(Self.origin)
        let impostor = try Self.keys(Self.origin)  // same name, another key
        let signed = try Self.checkpoint().signed(by: [impostor.signer])
        let untrusted = #expect(throws: CheckpointError.self) { try signed.verify(trustedKeys: [archive.verifier]) }
        #expect(untrusted?.code == .noTrustedSignature)

        // A forged line that claims the archive's key hash but carries another key's signature.
        let forged = NoteSignature(
            name: Self.origin, keyHash: archive.verifier.keyHash, signature: signed.signatures[0].signature)
        let note = try SignedNote(text: try Self.checkpoint().text, signatures: [forged])
        let forgery = try SignedCheckpoint(parsing: note.serialized)
        let invalid = #expect(throws: CheckpointError.self) { try forgery.verify(trustedKeys: [archive.verifier]) }
        #expect(invalid?.code == .invalidSignature)
        #expect(invalid?.message.contains("altered") == true)
    }

    @Test func checkpointWithAModifiedSizeIsRejected() throws {
        let archive = try Self.keys(Self.origin)
        let text = try Self.checkpoint().signed(by: [archive.signer]).text
        let altered = try SignedCheckpoint(parsing: Self.replacingLine(1, in: text, with: "1233"))
        #expect(altered.checkpoint.size == 1233)
        let error = #expect(throws: CheckpointError.self) { try altered.verify(trustedKeys: [archive.verifier]) }
        #expect(error?.code == .invalidSignature)
    }

    @Test func checkpointWithAModifiedRootIsRejected() throws {
        let archive = try Self.keys(Self.origin)
        let text = try Self.checkpoint().signed(by: [archive.signer]).text
        let otherRoot = Base64.encode(TestLeaves.flip(Self.root, bit: 200).bytes)
        let altered = try SignedCheckpoint(parsing: Self.replacingLine(2, in: text, with: otherRoot))
        let error = #expect(throws: CheckpointError.self) { try altered.verify(trustedKeys: [archive.verifier]) }
        #expect(error?.code == .invalidSignature)
    }

    @Test func checkpointFromAnotherLogIsRejected() throws {
        let archive = try Self.keys(Self.origin)
        let signed = try Self.checkpoint().signed(by: [archive.signer])
        let error = #expect(throws: CheckpointError.self) {
            try signed.verify(trustedKeys: [archive.verifier], origin: "archives.other.example/annals")
        }
        #expect(error?.code == .originMismatch)
    }

    @Test func unsignedCheckpointPassesOnlyWhenNoSignatureIsRequired() throws {
        let archive = try Self.keys(Self.origin)
        let unsigned = try SignedCheckpoint(parsing: try Self.checkpoint().text)
        #expect(unsigned.signatures.isEmpty)
        #expect(unsigned.text == (try Self.checkpoint().text))
        #expect(try unsigned.verify(trustedKeys: [], requireTrustedSignature: false).isEmpty)
        let error = #expect(throws: CheckpointError.self) { try unsigned.verify(trustedKeys: [archive.verifier]) }
        #expect(error?.code == .noTrustedSignature)
    }

    @Test(arguments: [
        "— name AAAA\n",  // too short to hold a key hash and a signature
        "-- name AAAAAAAA\n",  // not an em dash
        "— name\n",  // no signature
        "— na+me AAAAAAAA\n",  // '+' in the name
        "— name AAAAAAA\n",  // not base64
        "— name AAAAAAAA",  // no final newline
        "— name AAAAAAAA\n\n",  // blank line among the signatures
    ])
    func malformedSignatureBlockIsRejected(block: String) throws {
        let text = try Self.checkpoint().text + "\n" + block
        let error = #expect(throws: CheckpointError.self) { try SignedCheckpoint(parsing: text) }
        #expect(error?.code == .malformedNote || error?.code == .malformedCheckpoint)
    }

    // MARK: Keys

    @Test func keyStringsRoundTrip() throws {
        let (signerKey, verifierKey) = try NoteSigner.generate(name: Self.origin)
        #expect(signerKey.hasPrefix("PRIVATE+KEY+\(Self.origin)+"))
        let signer = try NoteSigner(key: signerKey)
        let verifier = try NoteVerifier(key: verifierKey)
        #expect(signer.key == signerKey)
        #expect(verifier.key == verifierKey)
        #expect(signer.verifier == verifier)
        #expect(signer.keyHash == verifier.keyHash)
        #expect(!signer.description.contains(signerKey.split(separator: "+").last!), "the secret never shows")
        let (otherSigner, _) = try NoteSigner.generate(name: Self.origin)
        #expect(otherSigner != signerKey)
    }

    @Test func alteredKeyStringsAreRejected() throws {
        let (signerKey, verifierKey) = try NoteSigner.generate(name: Self.origin)
        let parts = verifierKey.split(separator: "+", maxSplits: 2).map(String.init)
        let wrongHash = parts[0] + "+" + (parts[1] == "00000000" ? "00000001" : "00000000") + "+" + parts[2]
        func code(_ body: () throws -> Void) -> CheckpointError.Code? {
            (#expect(throws: CheckpointError.self) { try body() })?.code
        }
        #expect(code { _ = try NoteVerifier(key: wrongHash) } == .malformedKey)
        #expect(code { _ = try NoteVerifier(key: "other.example+" + parts[1] + "+" + parts[2]) } == .malformedKey)
        #expect(code { _ = try NoteVerifier(key: "garbage") } == .malformedKey)
        #expect(code { _ = try NoteSigner(key: verifierKey) } == .malformedKey)
        #expect(code { _ = try NoteVerifier(key: signerKey) } == .malformedKey)
        #expect(code { _ = try NoteSigner.generate(name: "has space") } == .invalidName)
        #expect(code { _ = try NoteSigner.generate(name: "a+b") } == .invalidName)
        #expect(code { _ = try NoteSigner.generate(name: "") } == .invalidName)
    }

    /// Interoperability: the example key and note of Go's golang.org/x/mod/sumdb/note.
    @Test func goReferenceNoteSignsAndVerifiesIdentically() throws {
        let signerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        let signer = try NoteSigner(key: signerKey)
        #expect(signer.keyHash == 0xC74F_20A3)
        #expect(signer.verifier.key == verifierKey)
        let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        let expected =
            text
            + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
        var note = try SignedNote(text: text)
        try note.sign(with: signer)
        #expect(note.serialized == expected, "Ed25519 is deterministic: the same bytes as Go")
        let parsed = try SignedNote(parsing: expected)
        let verifier = try NoteVerifier(key: verifierKey)
        #expect(try parsed.verify(trustedKeys: [verifier]).count == 1)
    }

    @Test func base64IsStrict() {
        #expect(Base64.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw==")
        #expect(Base64.encode(Array("any carnal pleasu".utf8)) == "YW55IGNhcm5hbCBwbGVhc3U=")
        #expect(Base64.decode("YW55IGNhcm5hbCBwbGVhc3Vy") == Array("any carnal pleasur".utf8))
        #expect(Base64.decode("YW55IGNhcm5hbCBwbGVhcw==") == Array("any carnal pleas".utf8))
        #expect(Base64.decode("YW55IGNhcm5hbCBwbGVhcx==") == nil, "non-zero unused bits")
        #expect(Base64.decode("YW55IGNhcm5hbCBwbGVhcw") == nil, "missing padding")
        #expect(Base64.decode("YW55 IGNhcm5hbCBwbGVhcw==") == nil)
        #expect(Base64.decode("YW=5") == nil)
        #expect(Base64.decode("") == [])
    }
}
