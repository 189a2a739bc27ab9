internal import Glibc

/// The file of stored Merkle nodes (`merkle.nodes`): a 16-byte header, then 36-byte
/// entries, each a node hash and its own CRC-32C. See ``MerkleTreeStore`` for which
/// nodes are stored and in what order; this type only knows entries by ordinal.
///
/// ```text
/// header (16 bytes)
///   0   8  magic, ASCII "ANNALSMT"
///   8   2  format version, u16 little-endian = 1
///  10   1  base level L = 4 (lowest stored level: one node per 16 leaves)
///  11   1  entry size = 36
///  12   4  CRC-32C of bytes 0..<12, u32 little-endian
/// entry i (at 16 + 36·i)
///   0  32  node hash
///  32   4  CRC-32C of (the 32 hash bytes || i as u64 little-endian), u32 little-endian
/// ```
///
/// The ordinal in the entry checksum makes an entry that lands at the wrong place
/// (a lost or misdirected write) fail just like a flipped bit.
final class MerkleNodeFile {
    static let magic: [UInt8] = Array("ANNALSMT".utf8)
    static let version: UInt16 = 1
    static let headerSize = 16
    static let entrySize = 36

    let path: String
    private var fd: Int32
    /// Whole entries in the file.
    private(set) var entryCount: UInt64

    /// Opens the node file at `path`, creating it (with a header) when it is missing or
    /// shorter than a header. A partial entry at the end is ignored (and cut off by the
    /// next ``truncate(toEntries:)``).
    init(path: String, directory: String, baseLevel: Int) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.systemError("open", path) }
        self.fd = fd
        self.entryCount = 0
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            closeFile()
            throw Self.systemError("fstat", path)
        }
        let length = UInt64(status.st_size)
        if length < UInt64(Self.headerSize) {
            // A new file, or one whose creation was cut short before any entry.
            var header = Self.magic
            withUnsafeBytes(of: Self.version.littleEndian) { header.append(contentsOf: $0) }
            header += [UInt8(baseLevel), UInt8(Self.entrySize)]
            withUnsafeBytes(of: CRC32C.checksum(header).littleEndian) { header.append(contentsOf: $0) }
            do {
                try truncateFile(to: 0)
                try header.withUnsafeBytes { try write($0, at: 0) }
                try sync()
                try Self.syncDirectory(directory)
            } catch {
                closeFile()
                throw error
            }
            return
        }
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        do {
            try header.withUnsafeMutableBytes { try read(into: $0, at: 0) }
        } catch {
            closeFile()
            throw error
        }
        let storedCRC = header[12..<16].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let headerVersion = UInt16(header[8]) | UInt16(header[9]) << 8
        guard Array(header[0..<8]) == Self.magic, CRC32C.checksum(header[0..<12]) == storedCRC,
            headerVersion == Self.version, Int(header[10]) == baseLevel, Int(header[11]) == Self.entrySize
        else {
            closeFile()
            throw MerkleError(
                .corruptFile,
                "\(path) is not a Merkle node file of format version \(Self.version) (bad header); move it aside and it will be rebuilt from the log"
            )
        }
        entryCount = (length - UInt64(Self.headerSize)) / UInt64(Self.entrySize)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Closes the file; later calls throw.
    func closeFile() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    var isOpen: Bool { fd >= 0 }

    /// The node hash of entry `ordinal`, checked against its checksum.
    func entry(_ ordinal: UInt64) throws -> Hash256 {
        precondition(ordinal < entryCount, "entry \(ordinal) past the end (\(entryCount))")
        return try withUnsafeTemporaryAllocation(byteCount: Self.entrySize, alignment: 8) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            try read(into: raw, at: Self.offset(of: ordinal))
            return try Self.decode(UnsafeRawBufferPointer(raw), at: 0, ordinal: ordinal, path: path)
        }
    }

    /// Whether entry `ordinal` passes its checksum (used to find a torn tail).
    func entryIsIntact(_ ordinal: UInt64) throws -> Bool {
        do {
            _ = try entry(ordinal)
            return true
        } catch let error as MerkleError where error.code == .corruptNode {
            return false
        }
    }

    /// Reads `count` consecutive entries from `first`, checking each.
    func entries(from first: UInt64, count: Int) throws -> [Hash256] {
        precondition(first + UInt64(count) <= entryCount, "entries past the end")
        var bytes = [UInt8](repeating: 0, count: count * Self.entrySize)
        try bytes.withUnsafeMutableBytes { try read(into: $0, at: Self.offset(of: first)) }
        return try bytes.withUnsafeBytes { raw in
            try (0..<count).map { i in
                try Self.decode(raw, at: i * Self.entrySize, ordinal: first + UInt64(i), path: path)
            }
        }
    }

    /// Appends `hashes` as the next entries, in one write. On failure the file is cut
    /// back to its previous length (best effort) and the entry count is unchanged.
    func append(_ hashes: [Hash256]) throws {
        guard !hashes.isEmpty else { return }
        var bytes = [UInt8](repeating: 0, count: hashes.count * Self.entrySize)
        bytes.withUnsafeMutableBytes { raw in
            for (i, hash) in hashes.enumerated() {
                let at = i * Self.entrySize
                hash.store(into: raw, at: at)
                let hashBytes = UnsafeRawBufferPointer(rebasing: raw[at..<at + 32])
                let crc = Self.checksum(hashBytes, ordinal: entryCount + UInt64(i))
                raw.storeBytes(of: crc.littleEndian, toByteOffset: at + 32, as: UInt32.self)
            }
        }
        do {
            try bytes.withUnsafeBytes { try write($0, at: Self.offset(of: entryCount)) }
        } catch {
            try? truncateFile(to: Self.offset(of: entryCount))
            throw error
        }
        entryCount += UInt64(hashes.count)
    }

    /// Cuts the file to its header and the first `count` entries (dropping any partial
    /// entry too).
    func truncate(toEntries count: UInt64) throws {
        precondition(count <= entryCount, "truncate can only shrink")
        try truncateFile(to: Self.offset(of: count))
        entryCount = count
    }

    /// Makes everything written so far durable (`fsync`).
    func sync() throws {
        try requireOpen()
        guard fsync(fd) == 0 else { throw Self.systemError("fsync", path) }
    }

    // MARK: Encoding

    static func offset(of ordinal: UInt64) -> Int64 {
        Int64(headerSize) + Int64(ordinal) * Int64(entrySize)
    }

    static func checksum(_ hash: UnsafeRawBufferPointer, ordinal: UInt64) -> UInt32 {
        withUnsafeBytes(of: ordinal.littleEndian) { CRC32C.checksum($0, continuing: CRC32C.checksum(hash)) }
    }

    private static func decode(_ raw: UnsafeRawBufferPointer, at offset: Int, ordinal: UInt64, path: String) throws
        -> Hash256
    {
        let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 32, as: UInt32.self))
        let computed = checksum(UnsafeRawBufferPointer(rebasing: raw[offset..<offset + 32]), ordinal: ordinal)
        guard stored == computed else {
            throw MerkleError(
                .corruptNode,
                "node entry \(ordinal) of \(path) (byte offset \(Self.offset(of: ordinal))) fails its checksum: the node file is damaged; delete it and reopen to rebuild it from the log"
            )
        }
        return Hash256(loading: raw, at: offset)
    }

    // MARK: System calls

    private func requireOpen() throws {
        guard fd >= 0 else { throw MerkleError(.fileSystem, "the Merkle node file \(path) is closed") }
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws {
        try requireOpen()
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw Self.systemError("pread", path) }
            guard n > 0 else {
                throw MerkleError(.corruptFile, "\(path) ends early at byte \(offset + Int64(done)): the node file is truncated")
            }
            done += n
        }
    }

    private func write(_ buffer: UnsafeRawBufferPointer, at offset: Int64) throws {
        try requireOpen()
        var done = 0
        while done < buffer.count {
            let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw Self.systemError("pwrite", path) }
            done += n
        }
    }

    private func truncateFile(to length: Int64) throws {
        try requireOpen()
        while ftruncate(fd, off_t(length)) != 0 {
            guard errno == EINTR else { throw Self.systemError("ftruncate", path) }
        }
    }

    /// Creates `directory` and any missing parents (`mkdir -p`).
    static func createDirectory(_ directory: String) throws {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw systemError("mkdir", path)
            }
        }
    }

    private static func syncDirectory(_ directory: String) throws {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw systemError("open", directory) }
        defer { close(dfd) }
        guard fsync(dfd) == 0 else { throw systemError("fsync", directory) }
    }

    static func systemError(_ call: String, _ path: String) -> MerkleError {
        let code = errno
        let reason = String(cString: strerror(code))
        return MerkleError(.fileSystem, "\(call) \(path) failed: \(reason) (errno \(code))")
    }
}
