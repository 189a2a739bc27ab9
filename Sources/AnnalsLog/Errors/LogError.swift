/// An error from the storage engine: what went wrong, where, and what to do.
///
/// Errors are a struct with a ``Code`` (a struct over a private enum, the
/// swift-nio pattern) so that codes can be added without breaking `switch`es.
/// Match them by code:
///
/// ```swift
/// do { try await log.append(writes) }
/// catch let error as LogError where error.code == .wrongExpectedVersion { … }
/// ```
public struct LogError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case io, noSpace, locked, wrongExpectedVersion, idempotencyConflict, corrupt
            case invalidArgument, closed, failed, notFound, readOnly, tooLarge, damaged
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A system call failed (the `errno` is in the message).
        public static let io = Code(.io)
        /// The disk is full (ENOSPC) or over quota. The call that failed wrote nothing
        /// it keeps (a log append is cut back); whether earlier steps of the same
        /// operation were written is for the caller to say.
        public static let noSpace = Code(.noSpace)
        /// Another process holds the log's writer lock.
        public static let locked = Code(.locked)
        /// A stream's current version is not the one the append expected.
        public static let wrongExpectedVersion = Code(.wrongExpectedVersion)
        /// A batch repeats some, but not all, of the event ids already in a stream.
        public static let idempotencyConflict = Code(.idempotencyConflict)
        /// A file's bytes fail a checksum or do not parse.
        public static let corrupt = Code(.corrupt)
        /// The call's arguments are out of range or inconsistent.
        public static let invalidArgument = Code(.invalidArgument)
        /// The log was closed.
        public static let closed = Code(.closed)
        /// An earlier fsync failed; the log refuses writes until it is reopened.
        public static let failed = Code(.failed)
        /// A position, stream or file does not exist.
        public static let notFound = Code(.notFound)
        /// The log was opened for reading only.
        public static let readOnly = Code(.readOnly)
        /// A record or batch exceeds the log's size limits.
        public static let tooLarge = Code(.tooLarge)
        /// Records acknowledged as durable are missing from the files (a write-ahead
        /// file cut or deleted): the log is opened again only after `annals log repair`.
        public static let damaged = Code(.damaged)

        public var description: String {
            switch value {
            case .io: "io"
            case .noSpace: "no_space"
            case .locked: "locked"
            case .wrongExpectedVersion: "wrong_expected_version"
            case .idempotencyConflict: "idempotency_conflict"
            case .corrupt: "corrupt"
            case .invalidArgument: "invalid_argument"
            case .closed: "closed"
            case .failed: "failed"
            case .notFound: "not_found"
            case .readOnly: "read_only"
            case .tooLarge: "too_large"
            case .damaged: "damaged"
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence for a person: what was wrong and where (file, segment, block,
    /// position, stream), and what to do about it.
    public var message: String
    /// The file concerned, when there is one.
    public var path: String?
    /// The `errno` of a failed system call, when there is one.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, path: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    public var description: String { message }
}
