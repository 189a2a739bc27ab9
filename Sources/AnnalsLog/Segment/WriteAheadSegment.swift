#if canImport(Glibc)
internal import Glibc
#endif
internal import Synchronization

/// Where a batch frame lies in a write-ahead segment.
package struct FrameLocation: Sendable {
    package var firstPosition: UInt64
    package var count: UInt32
    package var offset: Int64
    package var length: UInt32
    package var recordedAt: Int64
}

/// The active segment: a write-ahead file of CRC-32C-framed batches (docs/FORMAT.md,
/// "Write-ahead segment").
///
/// ```
/// header (32 bytes): "ANNALWAL" | u32 version 1 | u64 first position | i64 created µs | u32 CRC-32C of bytes 0..<28
/// frame:  u32 body length | u32 CRC-32C(length field ‖ body) | body
/// body:   u64 first position | u32 record count | records (RecordCodec)
/// ```
/// A frame is one atomic batch: after a crash it is there whole or not at all.
/// Frames follow each other with consecutive positions; recovery stops at the first
/// frame whose length, checksum, position or records do not hold, and the writer
/// truncates the file there.
package final class WriteAheadSegment: Sendable {
    package static let magic = Array("ANNALWAL".utf8)
    package static let headerBytes = 32
    /// The frame's layout is ``WALFrame``'s; these name its sizes where a segment is read.
    package static let frameHeaderBytes = WALFrame.headerBytes
    package static let batchHeaderBytes = WALFrame.batchHeaderBytes

    package let path: String
    package let firstPosition: UInt64
    let fd: Int32
    let io: FileIO
    /// Frames written and acknowledged so far, with the end of valid bytes.
    let state: Mutex<State>
    /// The last frame read whole and checked, by its index in `frames`. Frames never
    /// change once written (a shred seals the segment first), so it stays valid; it
    /// serves the reads that follow in the same frame: an import writes batches of up
    /// to 128 MiB, and reading each record of a stream then read and checked its
    /// whole frame again.
    private let lastFrame = Mutex<(index: Int, bytes: FrameBytes)?>(nil)

    /// A frame's bytes, checked, with where each of its records starts: a read of one
    /// record goes straight to it (walking the sizes from the frame's start cost a
    /// whole frame's walk per record, quadratic over a large import batch).
    final class FrameBytes: Sendable {
        let bytes: [UInt8]
        let starts: [Int]
        init(_ bytes: [UInt8], starts: [Int]) {
            self.bytes = bytes
            self.starts = starts
        }
    }

    package struct State: Sendable {
        package var frames: [FrameLocation] = []
        package var endOffset: Int64
        package var endPosition: UInt64
        package var createdAt: Int64
    }

    private init(path: String, firstPosition: UInt64, fd: Int32, io: FileIO, state: State) {
        self.path = path
        self.firstPosition = firstPosition
        self.fd = fd
        self.io = io
        self.state = Mutex(state)
    }

    deinit { io.close(fd) }

    package static func fileName(_ first: UInt64) -> String { SegmentName.format(first) + ".wal" }

    /// Creates an empty write-ahead segment durably: the header is written and fsynced
    /// under a temporary name, which is then renamed and the directory fsynced, so that
    /// a crash at any point leaves either no segment or one with its header (a `.tmp`
    /// file is removed by the next open). Creating the file under its own name first
    /// left an empty `.wal` when a writer was killed between the two, and the log
    /// refused to open.
    package static func create(directory: String, firstPosition: UInt64, createdAt: Int64, io: FileIO) throws -> WriteAheadSegment {
        let path = directory + "/" + fileName(firstPosition)
        let temporary = path + ".tmp"
        let fd = try io.open(temporary, O_RDWR | O_CREAT | O_TRUNC)
        do {
            var header = magic
            header.appendLE(UInt32(1))
            header.appendLE(firstPosition)
            header.appendLE(createdAt)
            header.appendLE(CRC32C.checksum(header))
            try header.withUnsafeBytes { try io.pwrite(fd, $0, at: 0, path: temporary) }
            try io.fsync(fd, path: temporary)
            try io.rename(temporary, to: path)
            try io.fsyncDirectory(directory)
        } catch {
            io.close(fd)
            try? io.unlink(temporary)
            try? io.unlink(path)
            throw error
        }
        let state = State(endOffset: Int64(headerBytes), endPosition: firstPosition, createdAt: createdAt)
        return WriteAheadSegment(path: path, firstPosition: firstPosition, fd: fd, io: io, state: state)
    }

    /// What a recovery scan found.
    package struct Scan {
        package var frames: [FrameLocation] = []
        package var endOffset: Int64
        package var endPosition: UInt64
        /// Bytes after the last whole, valid frame (a torn or corrupt tail).
        package var invalidBytes: Int64 = 0
        /// Why the scan stopped before the end of the file, if it did.
        package var stopReason: String?
    }

    /// Opens an existing segment and scans its frames from `resumeOffset` (a
    /// checkpoint: frames before it were validated when it was written), calling
    /// `visit` for each record found. With `repair`, a torn or corrupt tail is cut off
    /// (truncated and fsynced); without it (readers) it is only ignored. A tail is never
    /// cut when the valid frames end below `keepingTailBelow` (acknowledged records are
    /// missing: that is damage, for the caller to report).
    package static func open(
        path: String, expectedFirst: UInt64?, resume: (offset: Int64, position: UInt64, frames: [FrameLocation])?,
        repair: Bool, keepingTailBelow: UInt64 = 0, io: FileIO, visit: (RecordView) throws -> Void
    ) throws -> (WriteAheadSegment, Scan) {
        let fd = try io.open(path, repair ? O_RDWR : O_RDONLY)
        do {
            var header = [UInt8](repeating: 0, count: headerBytes)
            let n = try header.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: 0, path: path) }
            guard n == headerBytes, Array(header[0..<8]) == magic,
                header.withUnsafeBytes({ loadLE32($0, 28) }) == CRC32C.checksum(header[0..<28])
            else {
                throw LogError(.corrupt, "\(path): the write-ahead segment header is missing or damaged", path: path)
            }
            let version = header.withUnsafeBytes { loadLE32($0, 8) }
            guard version == 1 else {
                throw LogError(.corrupt, "\(path): write-ahead format version \(version) is not known to this program (it reads 1)", path: path)
            }
            let (first, created) = header.withUnsafeBytes { (loadLE64($0, 12), Int64(bitPattern: loadLE64($0, 20))) }
            if let expectedFirst, first != expectedFirst {
                throw LogError(.corrupt, "\(path): header says first position \(first), the file name says \(expectedFirst)", path: path)
            }
            let fileSize = try io.size(fd, path: path)
            var scan = Scan(endOffset: Int64(headerBytes), endPosition: first)
            if let resume, resume.offset <= fileSize {
                scan.frames = resume.frames
                scan.endOffset = resume.offset
                scan.endPosition = resume.position
            }
            try scanFrames(fd: fd, path: path, fileSize: fileSize, scan: &scan, io: io, visit: visit)
            if scan.endOffset < fileSize {
                scan.invalidBytes = fileSize - scan.endOffset
                if repair, scan.endPosition >= keepingTailBelow {
                    try io.truncate(fd, to: scan.endOffset, path: path)
                    try io.fsync(fd, path: path)
                }
            }
            let state = State(frames: scan.frames, endOffset: scan.endOffset, endPosition: scan.endPosition, createdAt: created)
            return (WriteAheadSegment(path: path, firstPosition: first, fd: fd, io: io, state: state), scan)
        } catch {
            io.close(fd)
            throw error
        }
    }

    /// Reads frames from `scan.endOffset` while they are whole and valid.
    private static func scanFrames(
        fd: Int32, path: String, fileSize: Int64, scan: inout Scan, io: FileIO, visit: (RecordView) throws -> Void
    ) throws {
        var chunk = [UInt8]()
        var frameHeader = [UInt8](repeating: 0, count: frameHeaderBytes)
        while scan.endOffset + Int64(frameHeaderBytes) <= fileSize {
            let at = scan.endOffset
            _ = try frameHeader.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: at, path: path) }
            let (length, crc) = frameHeader.withUnsafeBytes { WALFrame.header($0) }
            guard WALFrame.isPlausible(bodyLength: length), at + Int64(frameHeaderBytes + length) <= fileSize else {
                scan.stopReason = length == 0 ? "zeroed bytes at offset \(at)" : "a torn frame at offset \(at)"
                return
            }
            if chunk.count != length { chunk = [UInt8](repeating: 0, count: length) }
            _ = try chunk.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: at + Int64(frameHeaderBytes), path: path) }
            let actual = chunk.withUnsafeBytes { body in
                frameHeader.withUnsafeBytes { WALFrame.checksum(lengthField: UnsafeRawBufferPointer(rebasing: $0[0..<4]), body: body) }
            }
            guard actual == crc else {
                scan.stopReason = "a frame at offset \(at) fails its CRC-32C"
                return
            }
            let ok = try chunk.withUnsafeBytes { body -> Bool in
                let (first, count) = WALFrame.batch(body)
                guard first == scan.endPosition, count > 0 else {
                    scan.stopReason = "a frame at offset \(at) starts at position \(first), expected \(scan.endPosition)"
                    return false
                }
                var recordedAt: Int64 = 0
                var unparsed: Int?
                let walk = try WALFrame.walkRecords(inBody: body, count: Int(count)) { i, range in
                    guard let view = try? RecordView(
                        position: first + UInt64(i), record: UnsafeRawBufferPointer(rebasing: body[range]), context: path)
                    else {
                        unparsed = i
                        return false
                    }
                    recordedAt = view.recordedAt
                    try visit(view)
                    return true
                }
                switch walk {
                case .complete: break
                case .stopped:
                    scan.stopReason = "a frame at offset \(at) passes its CRC-32C but record \(unparsed ?? 0) in it does not parse"
                    return false
                case .short: scan.stopReason = "a frame at offset \(at) is short of records"; return false
                case .pastEnd: scan.stopReason = "a frame at offset \(at) has a record past its end"; return false
                case .trailingBytes: scan.stopReason = "a frame at offset \(at) has bytes after its records"; return false
                }
                scan.frames.append(
                    FrameLocation(firstPosition: first, count: count, offset: at, length: UInt32(length), recordedAt: recordedAt))
                scan.endPosition = first + UInt64(count)
                return true
            }
            guard ok else { return }
            scan.endOffset = at + Int64(frameHeaderBytes + length)
        }
        if scan.endOffset < fileSize { scan.stopReason = "a torn frame header at offset \(scan.endOffset)" }
    }

    // MARK: - Writing (the writer thread only)

    /// Writes encoded frames at the end. If the write fails, the file is cut back to
    /// its previous length so that the segment is exactly as before the call.
    package func write(_ frames: [UInt8], durable: Bool) throws {
        let at = state.withLock { $0.endOffset }
        do {
            try frames.withUnsafeBytes { try io.pwrite(fd, $0, at: at, path: path) }
        } catch {
            try restore(to: at, after: error)
            throw error
        }
        guard durable else { return }
        do {
            try io.fsync(fd, path: path)
        } catch let error as LogError {
            // After a failed fsync the kernel may have dropped dirty pages it reported
            // as written: nothing more may be trusted until the log is reopened and
            // recovery re-reads what is really on disk.
            try restore(to: at, after: error)
            throw LogError(
                .failed, "\(error.message); the log refuses writes until it is reopened", path: path, errno: error.errno)
        }
    }

    /// Cuts the file back to `length` after a failed write. If even that fails the
    /// error says so; recovery on the next open cuts the tail at the first invalid
    /// frame anyway.
    private func restore(to length: Int64, after error: any Error) throws {
        do {
            try io.truncate(fd, to: length, path: path)
            try io.fsync(fd, path: path)
        } catch let restore as LogError {
            throw LogError(.failed, "\(error); then restoring \(path) failed too: \(restore.message)", path: path)
        }
    }

    package func sync() throws { try io.fsync(fd, path: path) }

    /// Publishes frames that are now on disk to readers.
    package func publish(_ locations: [FrameLocation], endOffset: Int64, endPosition: UInt64) {
        state.withLock {
            $0.frames.append(contentsOf: locations)
            $0.endOffset = endOffset
            $0.endPosition = endPosition
        }
    }

    // MARK: - Reading

    /// Calls `body` for each record from `from` up to `end` (exclusive) that lies in
    /// this segment, in order; `body` returns false to stop. Frames are re-checked
    /// against their CRC as they are read.
    package func forEach(from: UInt64, to end: UInt64, _ body: (RecordView) throws -> Bool) throws -> Bool {
        let frames = state.withLock { $0.frames }
        guard var index = Self.frameIndex(frames, containing: from) else { return true }
        while index < frames.count, frames[index].firstPosition < end {
            let frame = frames[index]
            let checked = try checkedFrame(index, frame)
            let keepGoing = try checked.bytes.withUnsafeBytes { whole -> Bool in
                let first = Int(max(from, frame.firstPosition) - frame.firstPosition)
                let stop = Int(min(end, frame.firstPosition + UInt64(frame.count)) - frame.firstPosition)
                for i in first..<max(first, stop) {
                    let start = checked.starts[i]
                    let limit = start + Int(loadLE32(whole, start)) + 4
                    let view = try RecordView(
                        position: frame.firstPosition + UInt64(i), record: UnsafeRawBufferPointer(rebasing: whole[start..<limit]),
                        context: path)
                    if try !body(view) { return false }
                }
                return true
            }
            if !keepGoing { return false }
            index += 1
        }
        return true
    }

    /// Frame `index` read whole and its CRC-32C checked, or the copy kept from the last
    /// such read.
    func checkedFrame(_ index: Int, _ frame: FrameLocation) throws -> FrameBytes {
        if let (kept, bytes) = lastFrame.withLock({ $0 }), kept == index { return bytes }
        let length = Int(frame.length) + Self.frameHeaderBytes
        var n = 0
        let buffer = try [UInt8](unsafeUninitializedCapacity: length) { raw, count in
            n = try io.pread(fd, into: UnsafeMutableRawBufferPointer(raw), at: frame.offset, path: path)
            count = n
        }
        guard n == length else {
            throw LogError(.corrupt, "\(path): frame at offset \(frame.offset) is cut short", path: path)
        }
        try buffer.withUnsafeBytes { whole in
            guard WALFrame.checksum(whole) == WALFrame.header(whole).crc else {
                throw LogError(
                    .corrupt, "\(path): frame at offset \(frame.offset) (positions \(frame.firstPosition)…) fails its CRC-32C",
                    path: path)
            }
        }
        // Where each record starts in the frame (the sizes are inside the checked bytes;
        // a size running past the frame is damage the CRC did not catch, refused here).
        let starts = try buffer.withUnsafeBytes { whole -> [Int] in
            var starts: [Int] = []
            starts.reserveCapacity(Int(frame.count))
            let body = UnsafeRawBufferPointer(rebasing: whole[Self.frameHeaderBytes...])
            let walk = WALFrame.walkRecords(inBody: body, count: Int(frame.count)) { _, range in
                starts.append(Self.frameHeaderBytes + range.lowerBound)
                return true
            }
            switch walk {
            case .complete, .stopped, .trailingBytes: return starts
            case .short:
                throw LogError(.corrupt, "\(path): frame at offset \(frame.offset) holds fewer records than it says", path: path)
            case .pastEnd:
                throw LogError(.corrupt, "\(path): frame at offset \(frame.offset) has a record past its end", path: path)
            }
        }
        let bytes = FrameBytes(buffer, starts: starts)
        lastFrame.withLock { $0 = (index, bytes) }
        return bytes
    }

    /// The index of the frame holding `position`, by binary search.
    static func frameIndex(_ frames: [FrameLocation], containing position: UInt64) -> Int? {
        var low = 0
        var high = frames.count
        while low < high {
            let mid = (low + high) / 2
            if frames[mid].firstPosition + UInt64(frames[mid].count) <= position { low = mid + 1 } else { high = mid }
        }
        return low < frames.count ? low : nil
    }
}

/// Segment file names: the first position as 20 decimal digits, then the kind.
package enum SegmentName {
    package static func format(_ first: UInt64) -> String {
        let digits = String(first)
        return String(repeating: "0", count: 20 - digits.count) + digits
    }

    /// Parses `00000000000000000123.wal` into (123, "wal"); nil for other names.
    package static func parse(_ name: String) -> (first: UInt64, kind: String)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 20, let first = UInt64(parts[0]) else { return nil }
        return (first, String(parts[1]))
    }
}
