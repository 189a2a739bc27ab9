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

/// A problem found by ``Log/verify(progress:)``: where and what.
public struct VerifyProblem: Sendable, Equatable, CustomStringConvertible {
    /// The segment file.
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

/// The outcome of ``Log/verify(progress:)``.
public struct VerifyReport: Sendable {
    /// Records checked.
    public var records: UInt64 = 0
    /// Raw record bytes checked.
    public var bytes: UInt64 = 0
    /// Segments checked.
    public var segments: Int = 0
    /// Every problem, in log order (empty when the log is sound).
    public var problems: [VerifyProblem] = []
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
                    let raw = st.frames.reduce(UInt64(0)) { $0 + UInt64($1.length) - UInt64(WriteAheadSegment.batchHeaderBytes) }
                    let times = st.frames.isEmpty ? nil : st.frames.first!.recordedAt...st.frames.last!.recordedAt
                    return SegmentInfo(
                        file: WriteAheadSegment.fileName(w.firstPosition), sealed: false, firstPosition: w.firstPosition,
                        endPosition: st.endPosition, rawBytes: raw, fileBytes: UInt64(st.endOffset), recordedAt: times,
                        blocks: st.frames.count, destroyed: 0)
                }
            }
        }
    }

    /// Checks every byte of the log: each frame's and block's CRC-32C, each LZ4
    /// frame's content checksum, every record's structure, every live payload against
    /// its salted digest, and each sealed segment's leaves against the Merkle root in
    /// its footer. Problems are collected (the check goes on past them), each naming
    /// the segment, block and position. `progress` is called with records checked.
    public func verify(progress: ((UInt64) -> Void)? = nil) throws -> VerifyReport {
        let (segments, _) = try snapshot()
        var report = VerifyReport()
        for segment in segments {
            report.segments += 1
            switch segment {
            case .sealed(let s): verify(sealed: s, into: &report, progress: progress)
            case .wal(let w): verify(wal: w, into: &report, progress: progress)
            }
        }
        return report
    }

    private func verify(sealed s: SealedSegment, into report: inout VerifyReport, progress: ((UInt64) -> Void)?) {
        let file = SealedSegment.fileName(s.firstPosition)
        var raw = [UInt8]()
        var frame = [UInt8]()
        var leaves: [Hash256] = []
        leaves.reserveCapacity(Int(s.recordCount))
        var complete = true
        for (i, entry) in s.blocks.enumerated() {
            do {
                try s.readBlock(i, into: &raw, frame: &frame, checkContent: true)
                report.bytes += UInt64(raw.count)
                _ = try SealedSegment.forEachRecord(inBlock: raw, entry: entry, context: file) { view in
                    if !view.payloadMatchesDigest {
                        report.problems.append(
                            VerifyProblem(file: file, block: i, position: view.position, message: "the payload does not match its digest"))
                    }
                    leaves.append(view.leafHash)
                    return true
                }
            } catch {
                complete = false
                report.problems.append(
                    VerifyProblem(file: file, block: i, position: entry.firstPosition, message: Self.describe(error, removing: s.path)))
            }
            report.records += UInt64(entry.recordCount)
            progress?(report.records)
        }
        if complete, Merkle.root(of: leaves) != s.merkleRoot {
            report.problems.append(
                VerifyProblem(file: file, block: nil, position: s.firstPosition, message: "the records do not match the segment's Merkle root"))
        }
    }

    private func verify(wal w: WriteAheadSegment, into report: inout VerifyReport, progress: ((UInt64) -> Void)?) {
        let file = WriteAheadSegment.fileName(w.firstPosition)
        let frames = w.state.withLock { $0.frames }
        for (i, frame) in frames.enumerated() {
            do {
                _ = try w.forEach(from: frame.firstPosition, to: frame.firstPosition + UInt64(frame.count)) { view in
                    report.bytes += UInt64(view.encoded.count)
                    if !view.payloadMatchesDigest {
                        report.problems.append(
                            VerifyProblem(file: file, block: i, position: view.position, message: "the payload does not match its digest"))
                    }
                    return true
                }
            } catch {
                report.problems.append(
                    VerifyProblem(file: file, block: i, position: frame.firstPosition, message: Self.describe(error, removing: w.path)))
            }
            report.records += UInt64(frame.count)
            progress?(report.records)
        }
    }

    /// An error's message without the file path already given in the problem's place.
    static func describe(_ error: any Error, removing path: String) -> String {
        let message = (error as? LogError)?.message ?? "\(error)"
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
