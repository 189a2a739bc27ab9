/// An error reading, signing or verifying a checkpoint, a signed note, or a note key.
///
/// ```swift
/// do {
///     let signed = try SignedCheckpoint(parsing: text)
///     try signed.verify(trustedKeys: [auditorKey])
/// } catch let error as CheckpointError where error.code == .invalidSignature {
///     print("forged or altered checkpoint:", error.message)
/// }
/// ```
public struct CheckpointError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformedNote, malformedCheckpoint, malformedKey, invalidName
            case invalidSignature, noTrustedSignature, originMismatch, signingFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not a signed note (C2SP `signed-note`): no blank line before the
        /// signatures, a bad signature line, a control character, and so on.
        public static let malformedNote = Code(.malformedNote)
        /// The note text is not a checkpoint (C2SP `tlog-checkpoint`): origin, decimal
        /// size, base64 root, each on its own line.
        public static let malformedCheckpoint = Code(.malformedCheckpoint)
        /// A signer or verifier key string is not in the `sumdb/note` text form.
        public static let malformedKey = Code(.malformedKey)
        /// A key name is empty or contains a space or `+`.
        public static let invalidName = Code(.invalidName)
        /// A signature by a trusted key does not verify: the text was altered after
        /// signing, or the signature was forged. The whole note is rejected.
        public static let invalidSignature = Code(.invalidSignature)
        /// No signature by any trusted key is on the note.
        public static let noTrustedSignature = Code(.noTrustedSignature)
        /// The checkpoint is from another log than the one expected.
        public static let originMismatch = Code(.originMismatch)
        /// The signing primitive failed.
        public static let signingFailed = Code(.signingFailed)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was wrong and where, in words, with a hint at the fix when there is one.
    public let message: String

    /// Builds an error; the library's own errors always carry a message a user can act on.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "CheckpointError.\(code): \(message)" }
}
