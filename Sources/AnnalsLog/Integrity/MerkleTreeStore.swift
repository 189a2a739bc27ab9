internal import Synchronization

/// The log's Merkle tree, built incrementally as records are appended and persisted
/// compactly, so that roots at any past size and inclusion and consistency proofs cost
/// O(log n) small reads.
///
/// ## What is stored
///
/// Only nodes at level 4 and above: one hash per complete run of 16 leaves ("chunk"),
/// and every complete parent above those. That is about 2 hashes per 16 leaves, 36
/// bytes each with their checksum, so about 4.5 bytes per record. Leaves and the three
/// levels between are recomputed on demand from the leaf hashes that the storage engine
/// supplies through the ``LeafHashProvider`` (it re-hashes record headers). Leaves
/// fetched that way are checked against the stored chunk hash before use.
///
/// Nodes are written in the order they become complete (post-order), so the file only
/// ever grows at the end. The node at level `4 + r` with index `k` (covering chunks
/// `k·2^r ..< (k+1)·2^r`) is entry number
///
/// ```text
/// N((k+1)·2^r − 1) + r,   where N(c) = 2c − popcount(c)
/// ```
///
/// and `N(c)` is also the number of entries once `c` chunks are complete. The byte
/// layout of an entry and of the file header is in `MerkleNodeFile.swift`
/// (`docs/FORMAT.md`, "Merkle node file").
///
/// ## Size, crashes and recovery
///
/// The file covers whole chunks only; the leaves of the last, incomplete chunk live in
/// memory. So after ``init(directory:leafHashes:)`` the ``size`` is a multiple of 16
/// that may be behind the log (call ``reconcile(withLogSize:)``, or ``append(_:)`` the
/// missing leaves) or ahead of it when the log lost its tail at recovery (call
/// ``truncate(toSize:)``; `reconcile` does either).
///
/// Opening tolerates a torn tail: a partial entry, trailing entries that fail their
/// checksum (a write cut short), and a last group of parents written only in part are
/// all dropped and recomputed from the log. A failing entry *followed by good ones* is
/// damage, reported as ``MerkleError/Code/corruptNode`` when it is read (or by
/// ``audit()``), never used.
///
/// Durability is the caller's choice: ``sync()`` after appending, when the log's own
/// commit needs the tree to be durable too. Since the tree is derived from the log, it
/// may also lag and be caught up after a crash.
///
/// ## Threads
///
/// All methods may be called from any thread; they are serialized by a lock, which is
/// held while the leaf provider runs. The provider must therefore not call back into
/// this store. One process at a time may open a directory (not enforced here: the
/// engine's lock on the archive covers it).
///
/// ```swift
/// let tree = try MerkleTreeStore(directory: "/var/lib/annals/tree") { range in
///     try log.leafHashes(range)        // the engine re-hashes those record headers
/// }
/// try tree.reconcile(withLogSize: log.count)
/// try tree.append(newLeafHashes)
/// let proof = try tree.inclusionProof(index: 41, treeSize: tree.size)
/// ```
public final class MerkleTreeStore: Sendable {
    /// Supplies the leaf hashes of records `range` (in order, exactly `range.count` of
    /// them). Called for one or two ranges of at most 16 per proof or past root, and
    /// with ranges of up to 65,536 by ``reconcile(withLogSize:)`` and ``audit()``.
    public typealias LeafHashProvider = @Sendable (_ range: Range<UInt64>) throws -> [Hash256]

    /// The lowest stored level: nodes over 2^4 = 16 leaves.
    public static let baseLevel = 4
    /// The node file's name inside the directory.
    public static let fileName = "merkle.nodes"

    static let chunkWidth = 1 << baseLevel

    /// Where the node file is.
    public let path: String
    private let provider: LeafHashProvider
    private let state: Mutex<TreeState>

    /// Opens the tree in `directory` (created, with its parents, if missing), or starts an
    /// empty one.
    ///
    /// - Parameter leafHashes: the leaf hashes of any range of already appended records.
    /// - Throws: ``MerkleError`` with `.corruptFile` when the file is not a node file,
    ///   `.corruptNode` when a node on the right edge is damaged, `.fileSystem` on I/O.
    public init(directory: String, leafHashes: @escaping LeafHashProvider) throws {
        try MerkleNodeFile.createDirectory(directory)
        let path = directory.hasSuffix("/") ? directory + Self.fileName : directory + "/" + Self.fileName
        let file = try MerkleNodeFile(path: path, directory: directory, baseLevel: Self.baseLevel)
        var entries = file.entryCount
        while entries > 0, try !file.entryIsIntact(entries - 1) { entries -= 1 }
        let chunks = TreeState.chunks(coveredBy: entries)
        let frontier = try TreeState.frontier(chunks: chunks, file: file)
        try file.truncate(toEntries: TreeState.entryCount(chunks: chunks))
        self.path = path
        self.provider = leafHashes
        self.state = Mutex(TreeState(file: file, chunks: chunks, partial: [], frontier: frontier))
    }

    /// The number of leaves in the tree.
    public var size: UInt64 {
        state.withLock { $0.size }
    }

    /// The bytes the node file takes on disk.
    public var fileSize: UInt64 {
        state.withLock { UInt64(MerkleNodeFile.offset(of: $0.file.entryCount)) }
    }

    /// Appends leaf hashes, in log order. About one node hash per leaf; complete chunks
    /// and their completed parents are written to the node file in one write.
    ///
    /// On failure the tree is unchanged (the file is cut back to where it was).
    public func append(_ leaves: [Hash256]) throws {
        try state.withLock { state in
            try state.requireOpen()
            var next = state
            var written: [Hash256] = []
            written.reserveCapacity(leaves.count / 8 + 2)
            for leaf in leaves {
                next.partial.append(leaf)
                if next.partial.count == Self.chunkWidth {
                    let chunk = TreeState.chunkRoot(next.partial)
                    next.partial.removeAll(keepingCapacity: true)
                    next.push(chunkRoot: chunk, writing: &written)
                }
            }
            try state.file.append(written)
            state = next
        }
    }

    /// The root of the current tree (no I/O).
    public func root() -> Hash256 {
        state.withLock { $0.currentRoot() }
    }

    /// The root of the tree of the first `size` leaves, for any size up to ``size``
    /// (a checkpoint at an earlier size).
    public func root(atSize size: UInt64) throws -> Hash256 {
        try state.withLock { state in
            try state.requireOpen()
            try state.requireSize(size, "root at size")
            if size == state.size { return state.currentRoot() }
            var cache = ChunkCache()
            return try Merkle.root(size: size) { level, index in
                try state.subtree(level: level, index: index, cache: &cache, provider: provider)
            }
        }
    }

    /// The inclusion proof of leaf `index` in the tree of the first `treeSize` leaves
    /// (`treeSize` up to ``size``), for ``Merkle/verifyInclusion(leafHash:index:treeSize:proof:root:)``.
    public func inclusionProof(index: UInt64, treeSize: UInt64) throws -> [Hash256] {
        try state.withLock { state in
            try state.requireOpen()
            try state.requireSize(treeSize, "inclusion proof in a tree of")
            var cache = ChunkCache()
            return try Merkle.inclusionProof(index: index, treeSize: treeSize) { level, index in
                try state.subtree(level: level, index: index, cache: &cache, provider: provider)
            }
        }
    }

    /// The consistency proof that the tree of `size2` leaves extends that of `size1`
    /// (`0 < size1 <= size2 <= size`), for ``Merkle/verifyConsistency(size1:size2:root1:root2:proof:)``.
    public func consistencyProof(from size1: UInt64, to size2: UInt64) throws -> [Hash256] {
        try state.withLock { state in
            try state.requireOpen()
            try state.requireSize(size2, "consistency proof to a tree of")
            var cache = ChunkCache()
            return try Merkle.consistencyProof(from: size1, to: size2) { level, index in
                try state.subtree(level: level, index: index, cache: &cache, provider: provider)
            }
        }
    }

    /// Drops every leaf from `newSize` on, as when the log lost its tail at recovery.
    /// Asks the provider for the leaves of the chunk that becomes incomplete.
    public func truncate(toSize newSize: UInt64) throws {
        try state.withLock { state in
            try state.requireOpen()
            try state.requireSize(newSize, "truncate to")
            let chunks = newSize >> UInt64(Self.baseLevel)
            let rest = Int(newSize & UInt64(Self.chunkWidth - 1))
            if chunks == state.chunks {
                state.partial.removeLast(state.partial.count - rest)
                return
            }
            let frontier = try TreeState.frontier(chunks: chunks, file: state.file)
            let first = chunks << UInt64(Self.baseLevel)
            let partial = rest == 0 ? [] : try TreeState.fetch(first..<newSize, from: provider)
            try state.file.truncate(toEntries: TreeState.entryCount(chunks: chunks))
            state.chunks = chunks
            state.frontier = frontier
            state.partial = partial
        }
    }

    /// Brings the tree to exactly `logSize` leaves: truncates when it is ahead of the
    /// log, or appends the missing leaves from the provider when it is behind.
    public func reconcile(withLogSize logSize: UInt64) throws {
        let current = size
        if logSize < current { return try truncate(toSize: logSize) }
        var next = current
        while next < logSize {
            let end = min(logSize, next + 65_536)
            try append(TreeState.fetch(next..<end, from: provider))
            next = end
        }
    }

    /// Makes the node file durable (`fsync`).
    public func sync() throws {
        try state.withLock { try $0.file.sync() }
    }

    /// Closes the node file; later calls throw ``MerkleError/Code/fileSystem``.
    public func close() {
        state.withLock { $0.file.closeFile() }
    }

    /// Checks the whole tree: every stored node's checksum, and that every stored node
    /// equals what the log's leaves hash to. O(size) hashing and one pass over the file;
    /// for `annals verify`.
    ///
    /// - Throws: ``MerkleError`` with `.corruptNode` (a checksum fails) or
    ///   `.leafMismatch` (a node disagrees with the leaves), naming the place.
    public func audit() throws {
        try state.withLock { state in
            try state.requireOpen()
            try state.audit(provider: provider)
        }
    }
}
