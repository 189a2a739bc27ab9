/// What the archive needs from storage: an append-only, totally ordered log of
/// records in streams, with Merkle proofs over it and physical destruction of
/// payloads. ``Log`` (segment files on a local disk) is the first implementation;
/// a database-backed one (PostgreSQL) is the next. The archive's rules, projections
/// and views depend only on this contract.
///
/// ## The contract
///
/// **Positions.** Every record has a position in the whole store, 0, 1, 2 … with no
/// gaps and no reuse, and a version in its stream, 0, 1, 2 … with no gaps. Positions
/// order everything: a reader that saw position `p` has seen every record before `p`.
/// ``Record/recordedAt`` never decreases along positions.
///
/// **Appends are atomic.** One ``appendBlocking(_:durability:)`` (or
/// ``append(_:durability:)``) call over several streams is written whole or not at
/// all, at consecutive positions, and no reader ever sees part of it. Each
/// ``StreamAppend/expected`` is checked against the stream as the batch is written,
/// under the same exclusion as the write; if any fails, nothing of the batch is
/// written and the error is ``LogError`` `.wrongExpectedVersion` naming the stream.
///
/// **Ids are idempotent.** A batch whose records' ids are all already stored, in the
/// same streams, is a retry: nothing is written and the result is the original's
/// (``AppendResult/duplicate`` true). A batch that mixes stored and new ids, or puts a
/// stored id in another stream, is refused (`.idempotencyConflict`) and writes nothing.
///
/// **Durability.** When an append with ``Durability/fsync`` returns, its records
/// survive a crash of the process or the machine. With ``Durability/deferred`` they
/// survive the process but may be lost with the machine until ``sync()`` returns. A
/// crash never leaves a part of a batch, and never a later batch without an earlier
/// one it depended on.
///
/// **What an error leaves behind.** A thrown append wrote nothing that any reader
/// will ever see: the store is as before the call (an implementation that cannot
/// promise this after an I/O failure refuses every later write, `.failed`, until it
/// is reopened and has recovered). A read error changes nothing.
///
/// **Destruction.** ``shred(_:)`` physically removes the payloads and nonces of the
/// records at some positions, keeping every header field and the digest, so the
/// Merkle leaves, the root and every proof made before stay valid. Reading a shredded
/// record gives it with ``Record/isDestroyed`` true. It is idempotent.
///
/// **Merkle tree.** Leaf `p` is `SHA-256(0x00 ‖ header of record p)` (docs/FORMAT.md,
/// "Record"); the tree is RFC 6962's. ``merkleRoot(size:)`` of any size the store has
/// reached stays the same forever; ``inclusionProof(position:treeSize:)`` and
/// ``consistencyProof(from:to:)`` verify with ``Merkle`` alone, without the store.
///
/// **Threads.** Every method may be called from any thread, concurrently; appends are
/// serialised by the store. A read-only store (``isReadOnly``) refuses appends,
/// shreds and proofs with `.readOnly` and reads what was committed when it opened
/// or since.
public protocol EventStore: AnyObject, Sendable {
    // MARK: Appending

    /// Appends one atomic batch over one or more streams (the contract above), from
    /// asynchronous code: the calling task is suspended, never a thread blocked.
    func append(_ writes: [StreamAppend], durability: Durability) async throws -> AppendResult

    /// Appends one atomic batch, blocking the calling thread until it is written (and
    /// synced, with ``Durability/fsync``).
    func appendBlocking(_ writes: [StreamAppend], durability: Durability) throws -> AppendResult

    /// Makes every record appended so far durable.
    func sync() throws

    // MARK: Reading

    /// The position the next record will take: the number of records stored.
    var endPosition: UInt64 { get }

    /// Whether this handle only reads.
    var isReadOnly: Bool { get }

    /// The version of a stream's last record; nil when the stream holds none.
    func lastVersion(of stream: String) -> UInt64?

    /// A stream's records from `version` (default: the first, or the last going
    /// backward), in version order (or reversed), at most `limit`.
    func readStream(_ stream: String, from version: UInt64?, direction: ReadDirection, limit: Int) throws -> [Record]

    /// Calls `body` with each record from position `from` to `end` (exclusive;
    /// default: the end as it is when the scan starts), in position order, on the
    /// calling thread; `body` returns false to stop. The ``RecordView`` is valid only
    /// during the call.
    func scan(from: UInt64, to end: UInt64?, _ body: (RecordView) throws -> Bool) throws

    /// The record at `position`, or nil past the end.
    func record(at position: UInt64) throws -> Record?

    /// Where the record with `id` lies in `stream`, or nil if it is not there.
    func position(of id: EventID, in stream: String) throws -> UInt64?

    // MARK: Proofs

    /// The Merkle root of the first `size` records (default: all of them), with the size.
    func merkleRoot(size: UInt64?) throws -> (size: UInt64, root: Hash256)

    /// The RFC 6962 inclusion proof of the record at `position` in the tree of size `treeSize`.
    func inclusionProof(position: UInt64, treeSize: UInt64) throws -> [Hash256]

    /// The RFC 6962 consistency proof between the trees of sizes `from` and `to`.
    func consistencyProof(from: UInt64, to: UInt64) throws -> [Hash256]

    // MARK: Destruction

    /// Physically removes the payloads and nonces of the records at `positions`
    /// (the contract above); returns how many were newly destroyed. Throws
    /// `.notFound` for a position past the end, before removing anything.
    @discardableResult
    func shred(_ positions: some Sequence<UInt64>) throws -> Int

    /// Releases the store: waits for queued work, syncs, and refuses further calls
    /// (`.closed`).
    func close() throws
}

extension EventStore {
    /// All of a stream's records, in version order.
    public func readStream(_ stream: String) throws -> [Record] {
        try readStream(stream, from: nil, direction: .forward, limit: .max)
    }
}

/// The segment log on a local disk is the first ``EventStore``.
extension Log: EventStore {}
