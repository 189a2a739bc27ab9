#if canImport(Glibc)
internal import Glibc
#endif

/// The writer's durable mark, `log/DURABLE`: how far the active write-ahead segment
/// was acknowledged as durable (docs/FORMAT.md, "DURABLE").
///
/// ```
/// "ANNALACK" | u64 segment first position | u64 end position | u64 wal offset | u32 CRC-32C of bytes 0..<32
/// ```
/// The writer overwrites it in place after every fsync of the active segment, so it
/// never says more than the disk holds. It is not fsynced itself: after a power loss
/// it may say less than was acknowledged (never more), and a torn mark fails its CRC
/// and is ignored; the index checkpoints still bound what was acknowledged.
package final class DurableMark: Sendable {
    package static let fileName = "DURABLE"
    static let magic = Array("ANNALACK".utf8)
    static let bytes = 36

    let fd: Int32
    let io: FileIO
    let path: String

    private init(fd: Int32, io: FileIO, path: String) {
        self.fd = fd
        self.io = io
        self.path = path
    }

    deinit { io.close(fd) }

    /// Opens (creating if needed) the mark for writing: the writer only.
    static func open(directory: String, io: FileIO) throws -> DurableMark {
        let path = directory + "/" + fileName
        let fd = try io.open(path, O_RDWR | O_CREAT)
        return DurableMark(fd: fd, io: io, path: path)
    }

    static func encode(segment: UInt64, end: UInt64, offset: Int64) -> [UInt8] {
        var out = magic
        out.reserveCapacity(bytes)
        out.appendLE(segment)
        out.appendLE(end)
        out.appendLE(UInt64(offset))
        out.appendLE(CRC32C.checksum(out))
        return out
    }

    /// Records that `segment` holds durable records up to `end` (file offset `offset`).
    /// A failure is not the append's: the records are durable; only the mark that lets
    /// a later open notice their loss is stale (it then says less, never more).
    func record(segment: UInt64, end: UInt64, offset: Int64) {
        let bytes = Self.encode(segment: segment, end: end, offset: offset)
        try? bytes.withUnsafeBytes { try io.pwrite(fd, $0, at: 0, path: path) }
    }

    /// The mark in `directory`, if it is there and whole.
    static func read(directory: String, io: FileIO) -> (segment: UInt64, end: UInt64, offset: UInt64)? {
        guard let bytes = try? io.readFile(directory + "/" + fileName), bytes.count == Self.bytes,
            Array(bytes[0..<8]) == magic
        else { return nil }
        return bytes.withUnsafeBytes { raw in
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<32])) == loadLE32(raw, 32) else { return nil }
            return (loadLE64(raw, 8), loadLE64(raw, 16), loadLE64(raw, 24))
        }
    }
}

/// How far the log was acknowledged as durable, by the marks the writer leaves: the
/// durable mark, and every index file of a segment that is not sealed (the active
/// segment's checkpoint, or one whose segment is gone). Records below this end that
/// the files no longer hold were lost after they were acknowledged: damage, never a
/// torn tail.
package struct AcknowledgedExtent: Sendable, Equatable {
    /// One past the last position acknowledged.
    package var end: UInt64
    /// The first position of the write-ahead segment that held it.
    package var segment: UInt64
    /// Which file says so (`DURABLE`, or an index file's name).
    package var source: String

    /// Reads the marks. `mark` is the durable mark, read before `names` were listed (a
    /// writer appending meanwhile only makes the files reach further than it says);
    /// `sealed` are the first positions of the sealed segments (their index files are
    /// checked against them elsewhere; a sealed segment is its own extent).
    package static func read(
        directory: String, io: FileIO, names: [String], sealed: Set<UInt64>,
        mark: (segment: UInt64, end: UInt64, offset: UInt64)?
    ) -> AcknowledgedExtent? {
        var best: AcknowledgedExtent?
        func offer(_ candidate: AcknowledgedExtent) {
            if candidate.end > (best?.end ?? 0) { best = candidate }
        }
        if let mark, mark.end >= mark.segment {
            offer(AcknowledgedExtent(end: mark.end, segment: mark.segment, source: DurableMark.fileName))
        }
        for name in names {
            guard let (first, kind) = SegmentName.parse(name), kind == "idx", !sealed.contains(first) else { continue }
            let path = directory + "/" + name
            guard let bytes = try? io.readFile(path), let file = try? SegmentIndexFile.decode(bytes, path: path),
                file.firstPosition == first, file.endPosition > first
            else { continue }
            offer(AcknowledgedExtent(end: file.endPosition, segment: first, source: name))
        }
        return best
    }

    /// The loss this extent shows against a log whose files reach `found`, if any.
    /// `reason` says why the write-ahead file's valid frames stop where they do.
    package func loss(found: UInt64, walPresent: Bool, reason: String? = nil) -> LogLoss? {
        guard end > found else { return nil }
        return LogLoss(
            file: WriteAheadSegment.fileName(segment), positions: found..<end, acknowledgedBy: source, fileMissing: !walPresent,
            reason: walPresent ? reason : nil)
    }
}

/// Acknowledged records the log's files no longer hold: a write-ahead file cut below
/// what the writer had acknowledged as durable, or deleted.
public struct LogLoss: Sendable, Equatable, CustomStringConvertible {
    /// The write-ahead segment that held them (its name in the log folder).
    public var file: String
    /// The positions lost.
    public var positions: Range<UInt64>
    /// The file that recorded them as durable (`DURABLE` or an index file).
    public var acknowledgedBy: String
    /// Whether the write-ahead file is missing altogether (else its valid frames end
    /// early: it was cut, or a frame is damaged).
    public var fileMissing: Bool
    /// Why its valid frames end there, when the file has bytes past them.
    public var reason: String?

    public var description: String {
        let what = fileMissing ? "is missing" : "ends at position \(positions.lowerBound)" + (reason.map { " (\($0))" } ?? "")
        return "\(file) \(what), but \(acknowledgedBy) records positions up to \(positions.upperBound - 1) as acknowledged: "
            + "positions \(positions.lowerBound)…\(positions.upperBound - 1) (\(positions.count) records) are lost"
    }
}
