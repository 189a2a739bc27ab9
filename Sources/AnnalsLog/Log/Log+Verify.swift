#if canImport(Glibc)
internal import Glibc
#endif
internal import Synchronization

/// One segment as `annals log inspect` shows it.
public struct SegmentInfo: Sendable, Equatable {
    /// The file's name, such as `00000000000000000000.seg`.
    public var file: String
    /// Whether it is sealed (compressed, immutable) or a write-ahead segment.
    public var sealed: Bool
    /// The first position, and one past the last.
    public var firstPosition: UInt64
    public var endPosition: UInt64
    /// The number of records.
    public var records: UInt64 { endPosition - firstPosition }
    /// The records' bytes as encoded, uncompressed.
    public var rawBytes: UInt64
    /// The file's size on disk.
    public var fileBytes: UInt64
    /// The range of `recordedAt` (µs since the Unix epoch), nil when empty.
    public var recordedAt: ClosedRange<Int64>?
    /// Blocks (sealed) or batch frames (write-ahead).
    public var blocks: Int
    /// Records whose payload was destroyed (sealed segments only).
    public var destroyed: UInt64
}


/// A problem found by ``Log/verify(against:progress:)``: where and what.
public struct VerifyProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file in the log's folder (a segment, an index file, `merkle.nodes`), or
    /// `checkpoint` for a disagreement with the earlier checkpoint.
    public var file: String
    /// The block (sealed) or frame (write-ahead) index, when known.
    public var block: Int?
    /// The first position concerned, when known.
    public var position: UInt64?
    /// What is wrong.
    public var message: String

    public init(file: String, block: Int? = nil, position: UInt64? = nil, message: String) {
        self.file = file
        self.block = block
        self.position = position
        self.message = message
    }

    public var description: String {
        var place = file
        if let block { place += ", block \(block)" }
        if let position { place += ", position \(position)" }
        return "\(place): \(message)"
    }
}

/// How the log compares with an earlier checkpoint given to ``Log/verify(against:progress:)``.
public struct CheckpointComparison: Sendable, Equatable {
    /// The checkpoint's size (records).
    public var size: UInt64
    /// The checkpoint's root.
    public var root: Hash256
    /// True when the log's first `size` records hash to `root`: the log extends the
    /// checkpoint. False when they do not, when the log has fewer records, or when
    /// records before `size` are missing or cannot be read (each reported).
    public var consistent: Bool
}

/// The outcome of ``Log/verify(against:progress:)``.
public struct VerifyReport: Sendable {
    /// Records checked.
    public var records: UInt64 = 0
    /// Raw record bytes checked.
    public var bytes: UInt64 = 0
    /// Segments checked.
    public var segments: Int = 0
    /// Every problem, in log order (empty when the log is sound).
    public var problems: [VerifyProblem] = []
    /// The number of leaves recomputed from the stored headers, and the Merkle root of
    /// the whole log they give; `root` is nil when some records could not be read.
    public var treeSize: UInt64 = 0
    public var root: Hash256?
    /// The comparison with the earlier checkpoint, when one was given.
    public var checkpoint: CheckpointComparison?
    /// True when no problem was found.
    public var ok: Bool { problems.isEmpty }

    public init(records: UInt64 = 0, bytes: UInt64 = 0, segments: Int = 0, problems: [VerifyProblem] = []) {
        self.records = records
        self.bytes = bytes
        self.segments = segments
        self.problems = problems
    }
}

extension Log {
    /// Each segment's extent, size and state.
    public func inspect() throws -> [SegmentInfo] {
        let (segments, _) = try snapshot()
        return segments.map { segment in
            switch segment {
            case .sealed(let s):
                SegmentInfo(
                    file: SealedSegment.fileName(s.firstPosition), sealed: true, firstPosition: s.firstPosition,
                    endPosition: s.endPosition, rawBytes: s.rawBytes, fileBytes: UInt64(s.fileBytes),
                    recordedAt: s.recordCount > 0 ? s.firstRecordedAt...s.lastRecordedAt : nil, blocks: s.blocks.count,
                    destroyed: s.destroyedCount)
            case .wal(let w):
                w.state.withLock { st in
                    let raw = st.frames.reduce(UInt64(0)) { $0 + UInt64($1.length) - UInt64(WALFrame.batchHeaderBytes) }
                    let times = st.frames.isEmpty ? nil : st.frames.first!.recordedAt...st.frames.last!.recordedAt
                    return SegmentInfo(
                        file: WriteAheadSegment.fileName(w.firstPosition), sealed: false, firstPosition: w.firstPosition,
                        endPosition: st.endPosition, rawBytes: raw, fileBytes: UInt64(st.endOffset), recordedAt: times,
                        blocks: st.frames.count, destroyed: 0)
                }
            }
        }
    }

    /// Checks every byte of the log and its Merkle tree:
    ///
    /// - each frame's and block's CRC-32C, each LZ4 frame's content checksum, the
    ///   segments' headers, footers and layout, every record's structure, every live
    ///   payload against its salted digest;
    /// - every record's Merkle leaf, recomputed from its stored header, into each sealed
    ///   segment's root (against its footer) and the whole log's root (``VerifyReport/root``),
    ///   streaming in O(log n) memory;
    /// - the persisted tree `merkle.nodes`, node by node, against those leaves (and, in
    ///   the writer, the tree's root against the recomputed one);
    /// - the index files against the records they index;
    /// - that segments follow each other from position 0 without gap or overlap;
    /// - given an `earlier` checkpoint (size, root): that the first `size` records hash
    ///   to its root, which catches rewritten, reordered or dropped history, and that
    ///   the log has not lost records at its end.
    ///
    /// Problems are collected (the check goes on past them), in log order, each naming
    /// the file, block and position; the first is where the damage starts. Nothing here
    /// traps on damaged input. `progress` is called with records checked.
    ///
    /// - Throws: only when the log is closed.
    public func verify(
        against earlier: (size: UInt64, root: Hash256)? = nil, progress: ((UInt64) -> Void)? = nil
    ) throws -> VerifyReport {
        // The node file first: the tree only ever covers records already written, so
        // what it holds then is in the segments taken next (a writer may be appending).
        let nodes = MerkleNodeFileAudit.open(directory: directory, io: io)
        let (segments, end) = try snapshot()
        var slots: [VerifySlot] = segments.map { segment in
            switch segment {
            case .sealed(let s): .sealed(s)
            case .wal(let w): .wal(w, end: min(end, w.state.withLock { $0.endPosition }), torn: nil)
            }
        }
        // A torn tail beyond what was acknowledged is cut silently when a writer opens
        // the log (a write a crash cut short; the acknowledged extent is checked on open,
        // and a loss below it is damage that open refuses). A reader cannot cut it, and
        // reports the bytes it could not read.
        if recovery.truncatedBytes > 0, options.readOnly, case .wal(let w, let walEnd, _) = slots.last {
            let what = "are not a valid frame"
            let torn = "the last \(recovery.truncatedBytes) bytes \(what) (\(recovery.reason ?? "a torn or damaged frame")): a write cut short by a crash, or damage"
            slots[slots.count - 1] = .wal(w, end: walEnd, torn: torn)
        }
        var verifier = LogVerifier(directory: directory, io: io, nodes: nodes, earlier: earlier, progress: progress)
        verifier.run(slots)
        if let merkle, merkleQueue != nil, verifier.report.root != nil {
            // The writer's tree: its root at the verified size must be the recomputed one.
            let size = verifier.report.treeSize
            do {
                let tree = try caughtUpTree()
                if size <= tree.size, try tree.root(atSize: size) != verifier.report.root {
                    verifier.report.problems.append(
                        VerifyProblem(
                            file: MerkleTreeStore.fileName,
                            message: "the writer's Merkle tree gives a different root at size \(size) than the records do"))
                }
            } catch {
                verifier.report.problems.append(
                    VerifyProblem(file: MerkleTreeStore.fileName, message: LogVerifier.describe(error, removing: merkle.path)))
            }
        }
        return verifier.finish()
    }

    /// ``verify(against:progress:)`` on the files of the log in `directory`, without
    /// opening it as a log: what an auditor runs, since it goes on where opening would
    /// stop (a segment whose header or footer is damaged, a missing segment). Reads
    /// only; safe while a writer appends (a segment sealed meanwhile is read again).
    ///
    /// - Throws: ``LogError`` `.notFound` when there is no such directory; every other
    ///   failure is a problem in the report.
    public static func verify(
        directory: String, against earlier: (size: UInt64, root: Hash256)? = nil, io: FileIO = .system,
        progress: ((UInt64) -> Void)? = nil
    ) throws -> VerifyReport {
        guard io.exists(directory) else { throw LogError(.notFound, "no log at \(directory)", path: directory) }
        var attempt = 0
        while true {
            do {
                let nodes = MerkleNodeFileAudit.open(directory: directory, io: io)
                let mark = DurableMark.read(directory: directory, io: io)
                let slots = try listSlots(directory: directory, io: io)
                var verifier = LogVerifier(directory: directory, io: io, nodes: nodes, earlier: earlier, progress: progress)
                verifier.run(slots)
                verifier.compareAcknowledged(slots, mark: mark, names: try io.list(directory))
                return verifier.finish()
            } catch let error as LogError where error.code == .notFound && attempt < 20 {
                // A write-ahead file went away: the writer sealed it meanwhile. List again.
                attempt += 1
            } catch {
                var report = VerifyReport()
                report.problems = [VerifyProblem(file: directory, message: LogVerifier.describe(error, removing: directory))]
                return report
            }
        }
    }

    /// The segments in `directory` in position order, opened read-only; those that do
    /// not open are `.unreadable`. Throws `.notFound` when a listed file vanished.
    static func listSlots(directory: String, io: FileIO) throws -> [VerifySlot] {
        var sealed: [UInt64: String] = [:]
        var wals: [UInt64: String] = [:]
        for name in try io.list(directory) {
            guard let (first, kind) = SegmentName.parse(name) else { continue }
            if kind == "seg" { sealed[first] = name }
            if kind == "wal" { wals[first] = name }
        }
        var slots: [VerifySlot] = []
        let lastWal = wals.keys.max()
        for first in Set(sealed.keys).union(wals.keys).sorted() {
            var sealedProblem: String?
            if let name = sealed[first] {
                do {
                    let segment = try SealedSegment.open(path: directory + "/" + name, io: io)
                    if segment.firstPosition == first {
                        slots.append(.sealed(segment))
                        continue  // a write-ahead file beside it was being deleted after sealing
                    }
                    sealedProblem = "the header says it starts at position \(segment.firstPosition), the name says \(first)"
                } catch let error as LogError where error.code == .notFound {
                    throw error
                } catch {
                    sealedProblem = LogVerifier.describe(error, removing: directory + "/" + name)
                }
            }
            if let sealedProblem {
                let note = wals[first] != nil ? " (its write-ahead copy is checked instead)" : ""
                slots.append(.unreadable(file: sealed[first]!, first: first, message: sealedProblem + note, covers: wals[first] == nil))
            }
            if let name = wals[first] {
                let path = directory + "/" + name
                do {
                    var (wal, scan) = try WriteAheadSegment.open(
                        path: path, expectedFirst: first, resume: nil, repair: false, io: io) { _ in }
                    if scan.invalidBytes > 0, first == lastWal {
                        // Perhaps a write in progress: look once more.
                        usleep(50_000)
                        let again = try WriteAheadSegment.open(
                            path: path, expectedFirst: first, resume: nil, repair: false, io: io) { _ in }
                        if again.1.invalidBytes == 0 || again.1.endOffset > scan.endOffset { (wal, scan) = again }
                    }
                    var torn: String?
                    if scan.invalidBytes > 0 {
                        torn = "\(scan.invalidBytes) bytes from offset \(scan.endOffset) are not a valid frame (\(scan.stopReason ?? "damaged")): a write cut short by a crash (the writer cuts it off when it opens the log), or damage"
                    }
                    slots.append(.wal(wal, end: scan.endPosition, torn: torn))
                } catch let error as LogError where error.code == .notFound {
                    throw error
                } catch {
                    slots.append(.unreadable(file: name, first: first, message: LogVerifier.describe(error, removing: path), covers: true))
                }
            }
        }
        return slots
    }
}

/// A segment as verify sees it.
enum VerifySlot {
    case sealed(SealedSegment)
    /// A write-ahead segment, the end of its valid frames, and what is wrong past them.
    case wal(WriteAheadSegment, end: UInt64, torn: String?)
    /// A file that does not open; `covers` is false when another slot holds its records.
    case unreadable(file: String, first: UInt64, message: String, covers: Bool)
}

/// One pass over the segments: every check of ``Log/verify(against:progress:)``.
struct LogVerifier {
    let directory: String
    let io: FileIO
    let earlier: (size: UInt64, root: Hash256)?
    let progress: ((UInt64) -> Void)?
    var report = VerifyReport()
    /// The whole log's tree so far; nil once a record could not be read (no root).
    var frontier: MerkleFrontier? = MerkleFrontier()
    var nodes: MerkleNodeFileAudit?
    /// The next position expected (nil after a segment of unknown extent).
    var expected: UInt64? = 0
    /// Where the first problem before the checkpoint's size was found.
    var firstDamage: VerifyProblem?
    /// The segment being read (named in node file problems).
    var currentFile = ""
    /// Whether the comparison with the earlier checkpoint was made.
    var checkpointDecided = false

    /// - Parameter nodes: the node file, opened before the segments were listed.
    init(
        directory: String, io: FileIO, nodes: Result<MerkleNodeFileAudit, Found>?, earlier: (size: UInt64, root: Hash256)?,
        progress: ((UInt64) -> Void)?
    ) {
        self.directory = directory
        self.io = io
        self.earlier = earlier
        self.progress = progress
        if let earlier { report.checkpoint = CheckpointComparison(size: earlier.size, root: earlier.root, consistent: false) }
        switch nodes {
        case .success(let audit): self.nodes = audit
        case .failure(let found): report.problems.append(found.problem)
        case nil: break
        }
        if let earlier, earlier.size == 0 { compareCheckpoint(root: Merkle.emptyRoot) }
    }

    /// Records acknowledged as durable that the files no longer hold: a problem naming
    /// the write-ahead file and the positions lost.
    mutating func compareAcknowledged(_ slots: [VerifySlot], mark: (segment: UInt64, end: UInt64, offset: UInt64)?, names: [String]) {
        var sealed: Set<UInt64> = []
        var wals: Set<UInt64> = []
        var found: UInt64 = 0
        var stop: String?
        for slot in slots {
            switch slot {
            case .sealed(let s):
                sealed.insert(s.firstPosition)
                found = max(found, s.endPosition)
            case .wal(let w, let end, let torn):
                wals.insert(w.firstPosition)
                found = max(found, end)
                stop = torn.map { _ in "its frames stop being valid there" }
            case .unreadable: return  // its extent is unknown; the problem is reported already
            }
        }
        // (Empty: a writer opened the log and has not acknowledged anything since.)
        if mark == nil, (io.size(ofPath: directory + "/" + DurableMark.fileName) ?? 0) > 0 {
            report.problems.append(
                VerifyProblem(
                    file: DurableMark.fileName,
                    message: "the durable mark is damaged (its magic, length or CRC-32C fails): how far the active segment was acknowledged is unknown"))
        }
        guard let acknowledged = AcknowledgedExtent.read(directory: directory, io: io, names: names, sealed: sealed, mark: mark),
            let loss = acknowledged.loss(found: found, walPresent: wals.contains(acknowledged.segment), reason: stop)
        else { return }
        report.problems.append(
            VerifyProblem(
                file: loss.file, position: loss.positions.lowerBound,
                message: "\(loss); run `annals log repair` to record the loss in the log"))
    }

    mutating func run(_ slots: [VerifySlot]) {
        for slot in slots {
            report.segments += 1
            switch slot {
            case .sealed(let s):
                follow(file: SealedSegment.fileName(s.firstPosition), first: s.firstPosition)
                verify(sealed: s)
                expected = s.endPosition
            case .wal(let w, let end, let torn):
                let file = WriteAheadSegment.fileName(w.firstPosition)
                follow(file: file, first: w.firstPosition)
                verify(wal: w, end: end, torn: torn)
                expected = end
            case .unreadable(let file, let first, let message, let covers):
                guard covers else {
                    add(VerifyProblem(file: file, position: first, message: message))
                    continue
                }
                follow(file: file, first: first)
                add(VerifyProblem(file: file, position: first, message: message))
                loseLeaves()
                expected = nil
            }
        }
    }

    /// Checks that a segment starts where the previous one ended.
    private mutating func follow(file: String, first: UInt64) {
        currentFile = file
        guard let expected else { return }
        if first > expected {
            add(
                VerifyProblem(
                    file: file, position: expected,
                    message: "records \(expected)…\(first - 1) are missing: no segment holds them (a segment was removed or rewritten shorter)"))
            loseLeaves()
        } else if first < expected {
            add(
                VerifyProblem(
                    file: file, position: first,
                    message: "starts at position \(first) but the segment before ends at \(expected): segments overlap (one was rewritten longer)"))
            loseLeaves()
        }
    }

    private mutating func add(_ problem: VerifyProblem) {
        report.problems.append(problem)
        if firstDamage == nil, let earlier, (problem.position ?? 0) < earlier.size { firstDamage = problem }
    }

    private mutating func loseLeaves() {
        if let earlier, !checkpointDecided, let tree = frontier, tree.count < earlier.size {
            checkpointDecided = true
            report.problems.append(
                VerifyProblem(
                    file: "checkpoint", position: tree.count,
                    message: "records before position \(earlier.size) are missing or cannot be read (see the problem before), so the log cannot be shown to extend the checkpoint"))
        }
        frontier = nil
    }

    /// Adds one record's leaf to the whole log's tree, checking stored nodes and the
    /// earlier checkpoint as their sizes are reached.
    private mutating func addLeaf(_ leaf: Hash256) {
        guard var tree = frontier else { return }
        frontier = nil  // not aliased while mutated (no copy of the stack)
        var found: [VerifyProblem] = []
        tree.append(leaf) { level, index, hash in
            guard level >= MerkleTreeStore.baseLevel, nodes != nil else { return }
            let r = level - MerkleTreeStore.baseLevel
            let ordinal = TreeState.entry(relativeLevel: r, index: index)
            let leaves = (index << UInt64(level))..<((index + 1) << UInt64(level))
            if var problem = nodes!.check(ordinal: ordinal, hash: hash, leaves: leaves) {
                problem.message += " (the last of those records is in \(currentFile))"
                found.append(problem)
            }
        }
        frontier = tree
        for problem in found { add(problem) }
        if let earlier, tree.count == earlier.size, earlier.size > 0 { compareCheckpoint(root: tree.root) }
    }

    private mutating func compareCheckpoint(root: Hash256) {
        guard let earlier else { return }
        let consistent = root == earlier.root
        checkpointDecided = true
        report.checkpoint?.consistent = consistent
        if !consistent {
            var message =
                "the log does not extend the checkpoint: its first \(earlier.size) records hash to \(root.hex), the checkpoint says \(earlier.root.hex); records before position \(earlier.size) were rewritten, reordered, added or dropped"
            if let firstDamage { message += "; the first damage found is at \(firstDamage.file)" + (firstDamage.position.map { ", position \($0)" } ?? "") }
            report.problems.append(VerifyProblem(file: "checkpoint", message: message))
        }
    }

    mutating func finish() -> VerifyReport {
        let total = expected
        if let tree = frontier {
            report.treeSize = tree.count
            report.root = tree.root
        }
        if let earlier, !checkpointDecided {
            let held = frontier?.count ?? total
            if let held, held < earlier.size {
                report.problems.append(
                    VerifyProblem(
                        file: "checkpoint", position: held,
                        message: "the checkpoint is of \(earlier.size) records but the log holds only \(held): records \(held)…\(earlier.size - 1) were removed from its end (the tail was truncated)"))
            }
        }
        if let nodes {
            if let tree = frontier {
                // Nodes stored beyond what the records give: the log lost records at its end.
                let covered = TreeState.entryCount(chunks: tree.count >> UInt64(MerkleTreeStore.baseLevel))
                if nodes.entryCount > covered {
                    let chunks = TreeState.chunks(coveredBy: nodes.entryCount)
                    report.problems.append(
                        VerifyProblem(
                            file: MerkleTreeStore.fileName, position: tree.count,
                            message: "the node file covers \(chunks << UInt64(MerkleTreeStore.baseLevel)) records but the log holds \(tree.count): records were removed from the log's end (or the node file is from another log)"))
                }
            }
            if nodes.suppressed > 0 {
                report.problems.append(
                    VerifyProblem(file: MerkleTreeStore.fileName, message: "\(nodes.suppressed) more node entries disagree or fail their checksum"))
            }
            nodes.close()
            self.nodes = nil
        }
        return report
    }

    // MARK: Segments

    /// What reading one block of a sealed segment found: done on helper threads, up to
    /// a wave of blocks ahead, while the records of the blocks before go into the trees.
    struct BlockCheck: Sendable {
        var bytes = 0
        var leaves: [Hash256] = []
        /// Index entries: stream, version, position, id tag, recordedAt.
        var entries: [(String, UInt64, UInt64, UInt64, Int64)] = []
        var problems: [VerifyProblem] = []
        var error: String?
    }

    /// Reads, decompresses and checks block `i` (its CRC, LZ4 checksum, records and
    /// digests) and hashes its leaves. Thread-safe: its own buffers, `pread` only.
    static func check(block i: Int, of s: SealedSegment, file: String) -> BlockCheck {
        var result = BlockCheck()
        let entry = s.blocks[i]
        var raw = [UInt8]()
        var frame = [UInt8]()
        result.leaves.reserveCapacity(Int(entry.recordCount))
        result.entries.reserveCapacity(Int(entry.recordCount))
        do {
            try s.readBlock(i, into: &raw, frame: &frame, checkContent: true)
            result.bytes = raw.count
            _ = try SealedSegment.forEachRecord(inBlock: raw, entry: entry, context: file) { view in
                if !view.payloadMatchesDigest {
                    result.problems.append(
                        VerifyProblem(file: file, block: i, position: view.position, message: "the payload does not match its digest"))
                }
                result.leaves.append(view.leafHash)
                result.entries.append((view.stream, view.version, view.position, view.id.tag, view.recordedAt))
                return true
            }
        } catch {
            result.error = describe(error, removing: s.path)
        }
        return result
    }

    /// Blocks checked ahead of the trees (two per processor).
    static let wave = max(2, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    private mutating func verify(sealed s: SealedSegment) {
        let file = SealedSegment.fileName(s.firstPosition)
        checkLayout(s, file: file)
        var segmentTree = MerkleFrontier()
        var complete = true
        var index = SegmentIndexBuilder(firstPosition: s.firstPosition)
        let stored = readIndex(s.firstPosition)
        let timed = Self.timedPositions(stored)
        var times: [UInt64: Int64] = [:]
        let count = s.blocks.count
        // Blocks are read and hashed by helpers, up to a wave ahead, while the ones
        // before go into the trees here, in order.
        let blocks = OrderedPipeline(count: count, window: Self.wave, helpers: OrderedPipelineProcessors.count) { i in
            Self.check(block: i, of: s, file: file)
        }
        defer { blocks.finish() }
        // (`check` never throws: what it finds wrong is in its result.)
        var i = 0
        while let result = try? blocks.next() {
            defer { i += 1 }
            let entry = s.blocks[i]
            report.bytes += UInt64(result.bytes)
            for problem in result.problems { add(problem) }
            if let error = result.error {
                complete = false
                add(VerifyProblem(file: file, block: i, position: entry.firstPosition, message: error))
                loseLeaves()
            } else {
                for (stream, version, position, tag, recordedAt) in result.entries {
                    index.add(stream: stream, version: version, position: position, tag: tag, recordedAt: recordedAt)
                    if timed.contains(position) { times[position] = recordedAt }
                }
                for leaf in result.leaves {
                    segmentTree.append(leaf)
                    addLeaf(leaf)
                }
            }
            report.records += UInt64(entry.recordCount)
            progress?(report.records)
        }
        if complete, s.merkleRoot != .zero, segmentTree.root != s.merkleRoot {
            add(VerifyProblem(file: file, position: s.firstPosition, message: "the records do not match the segment's Merkle root"))
        }
        if complete { checkIndex(stored, of: s.firstPosition, sealed: true, against: index, times: times, frames: nil) }
    }

    /// The bytes of a sealed file that its checksums do not cover: the header's padding,
    /// the footer's frame header, the format version in the tail, and that the blocks
    /// follow each other from the header to the footer.
    private mutating func checkLayout(_ s: SealedSegment, file: String) {
        let headerFrame = 8 + SealedSegment.headerContentBytes
        var problems: [String] = []
        do {
            var header = [UInt8](repeating: 0, count: headerFrame)
            _ = try header.withUnsafeMutableBytes { try s.io.pread(s.fd, into: $0, at: 0, path: s.path) }
            if header.withUnsafeBytes({ loadLE32($0, 60) }) != 0 { problems.append("the header's reserved bytes are not zero") }
            var tail = [UInt8](repeating: 0, count: SealedSegment.tailBytes)
            let tailAt = s.fileBytes - Int64(SealedSegment.tailBytes)
            _ = try tail.withUnsafeMutableBytes { try s.io.pread(s.fd, into: $0, at: tailAt, path: s.path) }
            let parsedTail = tail.withUnsafeBytes { SealedFooter.Tail($0) }
            let footerLength = parsedTail.footerLength
            if parsedTail.version != SealedFooter.version { problems.append("the tail's format version is not 1") }
            let footerFrameAt = tailAt - Int64(truncatingIfNeeded: footerLength) - 8
            var footerFrame = [UInt8](repeating: 0, count: 8)
            _ = try footerFrame.withUnsafeMutableBytes { try s.io.pread(s.fd, into: $0, at: footerFrameAt, path: s.path) }
            if !footerFrame.withUnsafeBytes({ SealedFooter.frameHeaderMatches($0, footerLength: footerLength) }) {
                problems.append("the footer's frame header is damaged")
            }
            var at = UInt64(headerFrame)
            for (i, entry) in s.blocks.enumerated() {
                if entry.frameOffset != at { problems.append("block \(i) does not start where the one before ends") }
                at = entry.frameOffset &+ UInt64(entry.frameLength)
            }
            if at != UInt64(footerFrameAt) { problems.append("bytes lie between the last block and the footer") }
        } catch {
            problems.append(Self.describe(error, removing: s.path))
        }
        if !problems.isEmpty {
            add(VerifyProblem(file: file, position: s.firstPosition, message: problems.joined(separator: "; ")))
        }
    }

    private mutating func verify(wal w: WriteAheadSegment, end: UInt64, torn: String?) {
        let file = WriteAheadSegment.fileName(w.firstPosition)
        let frames = w.state.withLock { $0.frames }.filter { $0.firstPosition < end }
        var index = SegmentIndexBuilder(firstPosition: w.firstPosition)
        let checkpoint = readIndex(w.firstPosition)
        let timed = Self.timedPositions(checkpoint)
        var times: [UInt64: Int64] = [:]
        var checkpointCompared = false
        for (i, frame) in frames.enumerated() {
            var found: [VerifyProblem] = []
            var leaves: [Hash256] = []
            do {
                _ = try w.forEach(from: frame.firstPosition, to: frame.firstPosition + UInt64(frame.count)) { view in
                    report.bytes += UInt64(view.encoded.count)
                    if !view.payloadMatchesDigest {
                        found.append(
                            VerifyProblem(file: file, block: i, position: view.position, message: "the payload does not match its digest"))
                    }
                    leaves.append(view.leafHash)
                    index.add(view)
                    if timed.contains(view.position) { times[view.position] = view.recordedAt }
                    return true
                }
                for problem in found { add(problem) }
                for leaf in leaves { addLeaf(leaf) }
            } catch {
                for problem in found { add(problem) }
                add(VerifyProblem(file: file, block: i, position: frame.firstPosition, message: Self.describe(error, removing: w.path)))
                loseLeaves()
                checkpointCompared = true  // the records it indexes cannot all be read
            }
            report.records += UInt64(frame.count)
            progress?(report.records)
            if case .success(let file?) = checkpoint, !file.sealed, !checkpointCompared, index.endPosition == file.endPosition {
                checkpointCompared = true
                checkIndex(checkpoint, of: w.firstPosition, sealed: false, against: index, times: times, frames: Array(frames[...i]))
            }
        }
        if let torn { add(VerifyProblem(file: file, block: frames.count, position: end, message: torn)) }
        // A checkpoint of the active segment's index that reaches past its records.
        if case .success(let idx?) = checkpoint, !idx.sealed, !checkpointCompared, idx.endPosition != w.firstPosition {
            add(
                VerifyProblem(
                    file: SegmentIndexFile.fileName(w.firstPosition), position: min(idx.endPosition, end),
                    message: "the index checkpoint covers positions up to \(idx.endPosition), but the segment's valid records end at \(end): records were removed or the checkpoint does not belong to this segment"))
        } else if case .failure(let found) = checkpoint {
            add(found.problem)
        }
    }

    // MARK: Index files

    /// The positions an index file's time index names (whose record times are noted).
    private static func timedPositions(_ file: Result<SegmentIndexFile?, Found>) -> Set<UInt64> {
        guard case .success(let index?) = file else { return [] }
        return Set(index.times.map(\.0))
    }

    /// The segment's index file: nil when there is none; a problem when it is damaged.
    private func readIndex(_ first: UInt64) -> Result<SegmentIndexFile?, Found> {
        let name = SegmentIndexFile.fileName(first)
        let path = directory + "/" + name
        guard io.exists(path) else { return .success(nil) }
        do {
            return .success(try SegmentIndexFile.decode(try io.readFile(path), path: path))
        } catch {
            return .failure(
                Found(
                    VerifyProblem(
                        file: name, position: first,
                        message: "\(Self.describe(error, removing: path)); the engine ignores it and rebuilds the index from the segment")))
        }
    }

    /// Compares an index file with the index the records give. A sealed segment's file
    /// must match it exactly; missing, or still the write-ahead checkpoint (a crash
    /// right after sealing), it is rebuilt when the writer opens the log.
    ///
    /// The time index is sparse and where its entries fall depends on how records were
    /// batched, so each entry is checked against the record at its position (`times`).
    private mutating func checkIndex(
        _ file: Result<SegmentIndexFile?, Found>, of first: UInt64, sealed: Bool, against built: SegmentIndexBuilder,
        times: [UInt64: Int64], frames: [FrameLocation]?
    ) {
        let name = SegmentIndexFile.fileName(first)
        let stored: SegmentIndexFile
        switch file {
        case .failure(let found):
            if sealed { add(found.problem) }  // (a write-ahead segment's is reported by its own check)
            return
        case .success(nil): return
        case .success(let file?):
            guard file.sealed == sealed else { return }
            stored = file
        }
        let expected = built.file(sealed: sealed, walOffset: 0, frames: [])
        var differences: [String] = []
        if stored.firstPosition != expected.firstPosition || stored.endPosition != expected.endPosition {
            differences.append(
                "it covers positions \(stored.firstPosition)…\(stored.endPosition), the records \(expected.firstPosition)…\(expected.endPosition)")
        } else {
            let storedStreams = Dictionary(stored.streams.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
            for (name, entries) in expected.streams {
                guard let other = storedStreams[name] else {
                    differences.append("stream \(name) is missing")
                    continue
                }
                if other.firstVersion != entries.firstVersion || other.positions != entries.positions || other.tags != entries.tags {
                    differences.append("the entries of stream \(name) differ")
                }
            }
            if stored.streams.count != expected.streams.count { differences.append("it lists streams the records do not hold") }
            var previous: UInt64?
            for (position, time) in stored.times {
                if times[position] != time || previous.map({ $0 >= position }) == true {
                    differences.append("its time index does not match the records' times at position \(position)")
                    break
                }
                previous = position
            }
            if let frames {
                let same = stored.frames.count == frames.count
                    && zip(stored.frames, frames).allSatisfy {
                        $0.firstPosition == $1.firstPosition && $0.count == $1.count && $0.offset == $1.offset && $0.length == $1.length
                    }
                if !same { differences.append("its frame list differs from the segment's frames") }
            }
        }
        if !differences.isEmpty {
            add(
                VerifyProblem(
                    file: name, position: first,
                    message: "the index file disagrees with the segment's records (\(differences.prefix(3).joined(separator: "; "))): the records or the index were altered"))
        }
    }

    /// An error's message without the file path already given in the problem's place.
    static func describe(_ error: any Error, removing path: String) -> String {
        let message = (error as? LogError)?.message ?? (error as? MerkleError)?.message ?? "\(error)"
        var text = Substring(message)
        if text.hasPrefix(path) { text = text.dropFirst(path.count) }
        while let c = text.first, c == ":" || c == "," || c == " " { text = text.dropFirst() }
        // Drop a repeated "block N (positions …):" prefix.
        if text.hasPrefix("block "), let colon = text.firstIndex(of: ":") {
            text = text[text.index(after: colon)...].drop { $0 == " " }
        }
        return String(text)
    }
}
