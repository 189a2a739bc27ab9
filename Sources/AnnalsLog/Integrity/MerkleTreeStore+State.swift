/// Leaf hashes of chunks fetched during one operation, so that a proof asks the
/// provider for each chunk once.
struct ChunkCache {
    var leaves: [UInt64: [Hash256]] = [:]
}

/// The tree behind ``MerkleTreeStore``'s lock: the node file, and in memory the right
/// edge of the tree (the incomplete chunk's leaves and one complete subtree per set bit
/// of the chunk count).
///
/// Invariants: the file holds exactly `entryCount(chunks:)` entries; `partial.count < 16`;
/// `frontier[i]` is the root of the i-th largest complete subtree of the first
/// `chunks` chunks (high to low level, one per set bit of `chunks`).
struct TreeState {
    let file: MerkleNodeFile
    var chunks: UInt64
    var partial: [Hash256]
    var frontier: [Hash256]

    static let baseLevel = MerkleTreeStore.baseLevel
    static let chunkWidth = MerkleTreeStore.chunkWidth

    var size: UInt64 { chunks << UInt64(Self.baseLevel) + UInt64(partial.count) }

    // MARK: Layout arithmetic

    /// Entries in the file once `chunks` chunks are complete: every complete subtree
    /// over whole chunks, `Σ_r ⌊chunks / 2^r⌋ = 2·chunks − popcount(chunks)`.
    static func entryCount(chunks: UInt64) -> UInt64 {
        2 * chunks - UInt64(chunks.nonzeroBitCount)
    }

    /// The entry of the stored node `relativeLevel` levels above the chunks, at `index`.
    /// It is written right after the last chunk under it, after its lower ancestors.
    static func entry(relativeLevel r: Int, index k: UInt64) -> UInt64 {
        entryCount(chunks: ((k + 1) << UInt64(r)) - 1) + UInt64(r)
    }

    /// The most chunks whose complete groups of entries fit in `entries` entries (the
    /// rest is a group cut short by a crash).
    static func chunks(coveredBy entries: UInt64) -> UInt64 {
        var low: UInt64 = 0
        var high = entries  // entryCount(c) >= c, so the answer is at most `entries`
        while low < high {
            let middle = low + (high - low + 1) / 2
            if entryCount(chunks: middle) <= entries { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The right edge of the tree of `chunks` chunks, read from the file.
    static func frontier(chunks: UInt64, file: MerkleNodeFile) throws -> [Hash256] {
        var result: [Hash256] = []
        for r in stride(from: 63, through: 0, by: -1) where chunks >> UInt64(r) & 1 == 1 {
            result.append(try file.entry(entry(relativeLevel: r, index: (chunks >> UInt64(r)) - 1)))
        }
        return result
    }

    // MARK: Building

    /// The root of 16 leaf hashes (15 node hashes).
    static func chunkRoot(_ leaves: [Hash256]) -> Hash256 {
        precondition(leaves.count == chunkWidth)
        var level = leaves
        var width = chunkWidth
        while width > 1 {
            for i in 0..<width / 2 { level[i] = Merkle.nodeHash(level[2 * i], level[2 * i + 1]) }
            width /= 2
        }
        return level[0]
    }

    /// Adds a completed chunk to the right edge, appending to `written` the entries that
    /// become complete: the chunk, then each parent it completes, lowest first.
    mutating func push(chunkRoot: Hash256, writing written: inout [Hash256]) {
        var node = chunkRoot
        written.append(node)
        var c = chunks
        while c & 1 == 1 {
            node = Merkle.nodeHash(frontier.removeLast(), node)
            written.append(node)
            c >>= 1
        }
        frontier.append(node)
        chunks += 1
    }

    func currentRoot() -> Hash256 {
        var result: Hash256? = partial.isEmpty ? nil : Merkle.root(of: partial)
        for node in frontier.reversed() {
            result = result.map { Merkle.nodeHash(node, $0) } ?? node
        }
        return result ?? Merkle.emptyRoot
    }

    // MARK: Reading

    /// The hash of a complete subtree inside the tree: from the file at level 4 and
    /// above, else from the leaves of its chunk.
    func subtree(
        level: Int, index: UInt64, cache: inout ChunkCache, provider: MerkleTreeStore.LeafHashProvider
    ) throws -> Hash256 {
        if level >= Self.baseLevel {
            let r = level - Self.baseLevel
            precondition((index + 1) << UInt64(r) <= chunks, "subtree outside the stored tree")
            return try file.entry(Self.entry(relativeLevel: r, index: index))
        }
        let first = index << UInt64(level)
        let chunk = first >> UInt64(Self.baseLevel)
        let leaves = try chunkLeaves(chunk, cache: &cache, provider: provider)
        let offset = Int(first & UInt64(Self.chunkWidth - 1))
        precondition(offset + 1 << level <= leaves.count, "subtree outside the tree")
        return Merkle.root(of: leaves[offset..<offset + 1 << level])
    }

    /// The leaf hashes of `chunk`: from memory for the incomplete chunk, else from the
    /// provider, checked against the stored chunk hash.
    private func chunkLeaves(
        _ chunk: UInt64, cache: inout ChunkCache, provider: MerkleTreeStore.LeafHashProvider
    ) throws -> [Hash256] {
        if chunk == chunks { return partial }
        if let leaves = cache.leaves[chunk] { return leaves }
        let first = chunk << UInt64(Self.baseLevel)
        let leaves = try Self.fetch(first..<first + UInt64(Self.chunkWidth), from: provider)
        let stored = try file.entry(Self.entry(relativeLevel: 0, index: chunk))
        let computed = Self.chunkRoot(leaves)
        guard computed == stored else {
            throw MerkleError(
                .leafMismatch,
                "the log's leaves \(first)..<\(first + UInt64(Self.chunkWidth)) hash to \(computed), but the tree stored \(stored) for them: the records or \(file.path) were altered; run a full verify"
            )
        }
        cache.leaves[chunk] = leaves
        return leaves
    }

    static func fetch(_ range: Range<UInt64>, from provider: MerkleTreeStore.LeafHashProvider) throws -> [Hash256] {
        let leaves = try provider(range)
        guard UInt64(leaves.count) == range.upperBound - range.lowerBound else {
            throw MerkleError(
                .leafProviderMismatch,
                "asked for the leaf hashes of records \(range.lowerBound)..<\(range.upperBound), got \(leaves.count)")
        }
        return leaves
    }

    // MARK: Checks

    func requireOpen() throws {
        guard file.isOpen else { throw MerkleError(.fileSystem, "the Merkle tree at \(file.path) is closed") }
    }

    func requireSize(_ requested: UInt64, _ what: String) throws {
        guard requested <= size else {
            throw MerkleError(.sizeOutOfRange, "\(what) \(requested) leaves: the tree has only \(size)")
        }
    }

    /// Rebuilds every stored entry from the provider's leaves and compares, reading the
    /// file front to back in batches.
    func audit(provider: MerkleTreeStore.LeafHashProvider) throws {
        var rebuilt = TreeState(file: file, chunks: 0, partial: [], frontier: [])
        var ordinal: UInt64 = 0
        let batch: UInt64 = 4096
        while rebuilt.chunks < chunks {
            let first = rebuilt.chunks
            let count = min(batch, chunks - first)
            let leaves = try Self.fetch(
                first << UInt64(Self.baseLevel)..<(first + count) << UInt64(Self.baseLevel), from: provider)
            var expected: [Hash256] = []
            for c in 0..<Int(count) {
                let root = Self.chunkRoot(Array(leaves[c * Self.chunkWidth..<(c + 1) * Self.chunkWidth]))
                rebuilt.push(chunkRoot: root, writing: &expected)
            }
            let stored = try file.entries(from: ordinal, count: expected.count)
            for (i, (want, have)) in zip(expected, stored).enumerated() where want != have {
                throw MerkleError(
                    .leafMismatch,
                    "node entry \(ordinal + UInt64(i)) of \(file.path) is \(have), but the log's leaves give \(want): the records or the node file were altered"
                )
            }
            ordinal += UInt64(expected.count)
        }
        let tail = try Self.fetch(chunks << UInt64(Self.baseLevel)..<size, from: provider)
        guard tail == partial else {
            throw MerkleError(
                .leafMismatch,
                "the log's last \(partial.count) leaf hashes differ from those appended to the tree: the records were altered")
        }
    }
}
