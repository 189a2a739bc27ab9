#if canImport(Glibc)
internal import Glibc
#endif

/// Reads a `merkle.nodes` file without changing it (a reader may audit the writer's
/// file while it grows) and compares its entries, one by one, with the nodes that
/// `verify` recomputes from the log's headers (``MerkleFrontier`` reports them in the
/// file's order). Every disagreement is a problem: the file is derived from the log,
/// so a node that differs means either the file or the log was altered.
struct MerkleNodeFileAudit {
    static let fileName = MerkleTreeStore.fileName
    static let maximumReports = 20

    let path: String
    let io: FileIO
    private let fd: Int32
    /// Whole entries in the file when it was opened.
    let entryCount: UInt64
    /// Entries compared so far (they come in order: 0, 1, 2 …).
    private(set) var compared: UInt64 = 0
    private var buffer: [UInt8] = []
    private var bufferFirst: UInt64 = 0
    private var bufferEntries = 0
    private(set) var reported = 0
    private(set) var suppressed = 0

    /// Opens the file read-only; nil when there is none (a read-only log never made
    /// one, or it was moved aside: the writer rebuilds it). A damaged header is a
    /// problem, returned instead.
    static func open(directory: String, io: FileIO) -> Result<MerkleNodeFileAudit, Found>? {
        let path = directory + "/" + fileName
        guard io.exists(path) else { return nil }
        let problem = { (message: String) in VerifyProblem(file: fileName, message: message) }
        let fd: Int32
        do { fd = try io.open(path, O_RDONLY) } catch { return .failure(Found(problem("cannot be read: \(error)"))) }
        do {
            let size = try io.size(fd, path: path)
            var header = [UInt8](repeating: 0, count: MerkleNodeFile.headerSize)
            let n = size >= Int64(MerkleNodeFile.headerSize)
                ? try header.withUnsafeMutableBytes { try io.pread(fd, into: $0, at: 0, path: path) } : 0
            let stored = n == header.count ? header[12..<16].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : 0
            guard n == header.count, Array(header[0..<8]) == MerkleNodeFile.magic,
                CRC32C.checksum(header[0..<12]) == stored, header[8] == UInt8(MerkleNodeFile.version), header[9] == 0,
                Int(header[10]) == MerkleTreeStore.baseLevel, Int(header[11]) == MerkleNodeFile.entrySize
            else {
                io.close(fd)
                return .failure(
                    Found(problem(
                        "the node file's header is damaged or of an unknown format; the writer cannot open the log until it is moved aside (it is then rebuilt from the log)"
                    )))
            }
            let entries = UInt64(size - Int64(MerkleNodeFile.headerSize)) / UInt64(MerkleNodeFile.entrySize)
            return .success(MerkleNodeFileAudit(path: path, io: io, fd: fd, entryCount: entries))
        } catch {
            io.close(fd)
            return .failure(Found(problem("cannot be read: \(LogVerifier.describe(error, removing: path))")))
        }
    }

    private init(path: String, io: FileIO, fd: Int32, entryCount: UInt64) {
        self.path = path
        self.io = io
        self.fd = fd
        self.entryCount = entryCount
    }

    func close() { io.close(fd) }

    /// Compares entry `ordinal` (the next one) with `hash`, the node over `leaves`.
    /// Returns a problem when they disagree; nil when they agree or the file does not
    /// reach that far yet (it may lag behind the log).
    mutating func check(ordinal: UInt64, hash: Hash256, leaves: Range<UInt64>) -> VerifyProblem? {
        guard ordinal < entryCount else { return nil }
        compared = ordinal + 1
        let problem: VerifyProblem?
        switch entry(ordinal) {
        case .failure(let found):
            problem = VerifyProblem(file: Self.fileName, position: leaves.lowerBound, message: found.problem.message)
        case .success(let stored) where stored != hash:
            problem = VerifyProblem(
                file: Self.fileName, position: leaves.lowerBound,
                message:
                    "node entry \(ordinal) (records \(leaves.lowerBound)…\(leaves.upperBound - 1)) disagrees with the log's records: the records or the node file were altered"
            )
        case .success:
            problem = nil
        }
        guard let problem else { return nil }
        if reported < Self.maximumReports {
            reported += 1
            return problem
        }
        suppressed += 1
        return nil
    }

    private mutating func entry(_ ordinal: UInt64) -> Result<Hash256, Found> {
        let size = MerkleNodeFile.entrySize
        if ordinal < bufferFirst || ordinal >= bufferFirst + UInt64(bufferEntries) {
            let count = Int(min(UInt64(4096), entryCount - ordinal))
            if buffer.count < count * size { buffer = [UInt8](repeating: 0, count: count * size) }
            do {
                let n = try buffer.withUnsafeMutableBytes {
                    try io.pread(
                        fd, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count * size]),
                        at: MerkleNodeFile.offset(of: ordinal), path: path)
                }
                bufferFirst = ordinal
                bufferEntries = n / size
            } catch {
                bufferEntries = 0
                return .failure(Found(message: "node entry \(ordinal) cannot be read: \(error)"))
            }
            guard bufferEntries > 0 else { return .failure(Found(message: "node entry \(ordinal) is missing: the node file shrank while it was read")) }
        }
        let at = Int(ordinal - bufferFirst) * size
        return buffer.withUnsafeBytes { raw in
            let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 32, as: UInt32.self))
            let computed = MerkleNodeFile.checksum(UnsafeRawBufferPointer(rebasing: raw[at..<at + 32]), ordinal: ordinal)
            guard stored == computed else {
                return .failure(Found(message:
                    "node entry \(ordinal) (byte offset \(MerkleNodeFile.offset(of: ordinal))) fails its checksum: the node file is damaged (proofs that need it fail; move the file aside and the writer rebuilds it)"
                ))
            }
            return .success(Hash256(loading: raw, at: at))
        }
    }
}

/// A problem carried through `Result` (which needs an `Error`).
struct Found: Error {
    let problem: VerifyProblem
    init(_ problem: VerifyProblem) { self.problem = problem }
    init(message: String) { self.problem = VerifyProblem(file: MerkleTreeStore.fileName, message: message) }
}
