internal import Synchronization

/// What the writer thread owns.
struct WriterState: Sendable {
    var active: WriteAheadSegment
    /// Index entries of the active segment so far (for its checkpoint and sealing).
    var activeIndex: SegmentIndexBuilder
    var bytesSinceCheckpoint: Int64 = 0
    /// Bytes written with deferred durability and not yet fsynced.
    var unsynced = false
}

/// Opening a log: the recovery procedure of docs/ARCHITECTURE.md ("Recovery").
///
/// 1. Delete `*.tmp` files (interrupted atomic writes: the old file is intact).
/// 2. A `.wal` whose `.seg` exists and opens cleanly was sealed before the crash:
///    delete the `.wal`. (A `.seg` that does not open is deleted instead, and its
///    `.wal` kept: the rename is the commit point of sealing.)
/// 3. Open sealed segments by header and footer only (blocks are checked lazily).
/// 4. Load each segment's index file; rebuild it from the segment if missing, stale
///    or damaged.
/// 5. Scan the last `.wal` from its index checkpoint (one shorter than its header, from
///    an interrupted creation, is removed); cut the tail at the first torn or
///    corrupt frame. Earlier `.wal`s (a crash during sealing) are scanned whole and
///    queued for sealing.
/// 6. Check that segments follow each other without gaps.
/// 7. Compare the end reached with the acknowledged extent (``AcknowledgedExtent``):
///    records acknowledged as durable that the files no longer hold are damage. The
///    open then fails, before anything is cut or created, unless it is the repair's.
enum Recovery {
    struct Opened {
        /// The durable mark as it was before the files were read.
        var mark: (segment: UInt64, end: UInt64, offset: UInt64)?
        var shared: Log.Shared
        var writer: WriterState?
        var unsealed: [WriteAheadSegment]
    }

    static func open(directory: String, options: LogOptions, report: inout RecoveryReport) throws -> Opened {
        let io = options.io
        let writable = !options.readOnly
        var sealed: [UInt64: String] = [:]
        var wals: [UInt64: String] = [:]
        // The durable mark before the listing: a writer appending meanwhile only makes
        // the files reach further than the mark read.
        let mark = DurableMark.read(directory: directory, io: io)
        let names = try io.list(directory)
        for name in names {
            if name.hasSuffix(".tmp") {
                if writable { try io.unlink(directory + "/" + name) }
                continue
            }
            guard let (first, kind) = SegmentName.parse(name) else { continue }
            switch kind {
            case "seg": sealed[first] = directory + "/" + name
            case "wal": wals[first] = directory + "/" + name
            default: break
            }
        }

        var segments: [SegmentRef] = []
        for first in sealed.keys.sorted() {
            let path = sealed[first]!
            do {
                let segment = try SealedSegment.open(path: path, io: io)
                guard segment.firstPosition == first else {
                    throw LogError(.corrupt, "\(path): header says first position \(segment.firstPosition)", path: path)
                }
                segments.append(.sealed(segment))
                if let wal = wals.removeValue(forKey: first), writable { try io.unlink(wal) }
            } catch let error as LogError where error.code == .corrupt && wals[first] != nil {
                // The write-ahead copy is still here, so this sealed file is from an
                // interrupted seal that somehow got its name: drop it, keep the WAL.
                if writable { try io.unlink(path) }
            }
        }
        if writable, !sealed.isEmpty || !wals.isEmpty { try io.fsyncDirectory(directory) }

        var index = StreamIndex()
        for case .sealed(let segment) in segments {
            try loadIndex(of: segment, into: &index, directory: directory, io: io, writable: writable, report: &report)
        }

        var unsealed: [WriteAheadSegment] = []
        var writer: WriterState?
        let walFirsts = wals.keys.sorted()
        var end = segments.last?.endPosition ?? 0
        var lastStop: String?
        let acknowledged = AcknowledgedExtent.read(
            directory: directory, io: io, names: names, sealed: Set(segments.map(\.firstPosition)), mark: mark)
        for (i, first) in walFirsts.enumerated() {
            let path = wals[first]!
            let isLast = i == walFirsts.count - 1
            guard first == end else {
                throw LogError(
                    .corrupt, "\(path) starts at position \(first) but the log before it ends at \(end): a segment is missing",
                    path: path)
            }
            // A last segment shorter than its header is one whose creation was cut short
            // (earlier versions created it in place): it holds nothing, and a new one is
            // created below.
            if isLast, let size = io.size(ofPath: path), size < Int64(WriteAheadSegment.headerBytes) {
                if writable { try io.unlink(path) }
                continue
            }
            var builder = SegmentIndexBuilder(firstPosition: first)
            var resume: (offset: Int64, position: UInt64, frames: [FrameLocation])?
            let idxPath = directory + "/" + SegmentIndexFile.fileName(first)
            // A checkpoint is used only if the file still reaches it (a checkpoint past
            // the end means the tail it covered is gone: then scan from the start, and
            // take none of its entries).
            if isLast, let bytes = try? io.readFile(idxPath), let file = try? SegmentIndexFile.decode(bytes, path: idxPath),
                !file.sealed, file.firstPosition == first, file.walOffset > 0, file.walOffset <= (io.size(ofPath: path) ?? 0)
            {
                resume = (Int64(file.walOffset), file.endPosition, file.frames)
                builder = SegmentIndexBuilder(file)
            }
            // A tail is cut only when what stays reaches every acknowledged record: a file
            // shorter than that is damage, left as it is for the repair to record.
            let (wal, scan) = try WriteAheadSegment.open(
                path: path, expectedFirst: first, resume: resume, repair: writable,
                keepingTailBelow: isLast && !options.acceptingLoss ? acknowledged?.end ?? 0 : 0, io: io
            ) { view in
                builder.add(view)
            }
            if isLast {
                lastStop = scan.invalidBytes > 0 ? scan.stopReason : nil
                report.truncatedBytes = scan.invalidBytes
                report.reason = scan.invalidBytes > 0 ? scan.stopReason : nil
                report.scannedBytes = scan.endOffset - (resume?.offset ?? Int64(WriteAheadSegment.headerBytes))
            }
            try add(builder.file(sealed: false, walOffset: 0, frames: []), to: &index, path: path)
            end = scan.endPosition
            segments.append(.wal(wal))
            if isLast {
                writer = WriterState(active: wal, activeIndex: builder)
            } else {
                unsealed.append(wal)
            }
        }
        report.unsealedSegments = unsealed.count
        if let acknowledged, let loss = acknowledged.loss(found: end, walPresent: wals[acknowledged.segment] != nil, reason: lastStop) {
            guard options.acceptingLoss else {
                throw LogError(
                    .damaged,
                    "\(directory)/\(loss): records acknowledged as durable are gone (the write-ahead file was cut, damaged or deleted). Reads stop here rather than serve a log without them; run `annals log repair` to record the loss in the log and go on",
                    path: directory + "/" + loss.file)
            }
            report.loss = loss
            if writable {
                // The marks that claim the lost records go before anything is written:
                // a checkpoint of frames that are gone must never be resumed from.
                for name in names {
                    guard let (first, kind) = SegmentName.parse(name), kind == "idx", first >= acknowledged.segment,
                        sealed[first] == nil
                    else { continue }
                    try io.unlink(directory + "/" + name)
                }
                try io.fsyncDirectory(directory)
            }
        }
        if writable, writer == nil {
            let wal = try WriteAheadSegment.create(directory: directory, firstPosition: end, createdAt: options.clock(), io: io)
            segments.append(.wal(wal))
            writer = WriterState(active: wal, activeIndex: SegmentIndexBuilder(firstPosition: end))
        }
        for i in segments.indices.dropFirst() where segments[i].firstPosition != segments[i - 1].endPosition {
            throw LogError(
                .corrupt,
                "segments do not follow each other: one ends at \(segments[i - 1].endPosition), the next starts at \(segments[i].firstPosition)"
            )
        }
        if let first = segments.first, first.firstPosition != 0 {
            throw LogError(.corrupt, "the first segment starts at position \(first.firstPosition), not 0: a segment is missing")
        }
        let lastTime = try lastRecordedAt(segments)
        let shared = Log.Shared(segments: segments, index: index, endPosition: end, lastRecordedAt: lastTime)
        return Opened(mark: mark, shared: shared, writer: writable ? writer : nil, unsealed: writable ? unsealed : [])
    }

    /// Adds a segment's index entries, from its file or rebuilt from its blocks.
    static func loadIndex(
        of segment: SealedSegment, into index: inout StreamIndex, directory: String, io: FileIO, writable: Bool,
        report: inout RecoveryReport
    ) throws {
        let path = directory + "/" + SegmentIndexFile.fileName(segment.firstPosition)
        if let bytes = try? io.readFile(path), let file = try? SegmentIndexFile.decode(bytes, path: path), file.sealed,
            file.firstPosition == segment.firstPosition, file.endPosition == segment.endPosition
        {
            try add(file, to: &index, path: path)
            return
        }
        var builder = SegmentIndexBuilder(firstPosition: segment.firstPosition)
        _ = try segment.forEach(from: segment.firstPosition, to: segment.endPosition) { view in
            builder.add(view)
            return true
        }
        let file = builder.file(sealed: true, walOffset: 0, frames: [])
        if writable { try io.writeFileAtomically(path, file.encode(), directory: directory) }
        report.rebuiltIndexes += 1
        try add(file, to: &index, path: path)
    }

    static func add(_ file: SegmentIndexFile, to index: inout StreamIndex, path: String) throws {
        for (name, entries) in file.streams {
            try index.add(stream: name, firstVersion: entries.firstVersion, positions: entries.positions, tags: entries.tags)
        }
    }

    static func lastRecordedAt(_ segments: [SegmentRef]) throws -> Int64 {
        for segment in segments.reversed() {
            switch segment {
            case .sealed(let s) where s.recordCount > 0: return s.lastRecordedAt
            case .wal(let w):
                if let frame = w.state.withLock({ $0.frames.last }) { return frame.recordedAt }
            default: continue
            }
        }
        return 0
    }
}
