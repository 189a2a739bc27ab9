#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif
internal import Synchronization

/// The one seam through which the storage engine reaches the operating system (the
/// swift-system pattern): every open, read, write, fsync, truncate, rename and unlink
/// goes through a `FileIO`. Tests build one with a ``FaultPlan`` to make a chosen call
/// fail with `ENOSPC` or `EIO`, or write only part of its bytes, and can read the trace
/// of calls made. In normal use the plan is empty and the cost is one branch per call.
public final class FileIO: Sendable {
    /// The real operating system, no faults.
    public static let system = FileIO()

    private let injecting: Bool
    private let faults: Mutex<FaultPlan>

    /// A seam that passes every call through to the operating system.
    public init() {
        injecting = false
        faults = Mutex(FaultPlan())
    }

    /// A seam that applies `plan` to the calls it sees (for tests).
    public init(faults plan: FaultPlan) {
        injecting = true
        faults = Mutex(plan)
    }

    /// Replaces the fault plan (only for seams created with one).
    public func setFaults(_ plan: FaultPlan) { faults.withLock { $0 = plan } }

    /// The calls seen so far, oldest first (only for seams created with a plan).
    public var trace: [FaultPlan.Call] { faults.withLock { $0.trace } }

    // MARK: - The calls

    package func open(_ path: String, _ flags: Int32, mode: UInt32 = 0o644) throws -> Int32 {
        if let fault = inject(.open, path) { throw Self.error(fault, "open", path) }
        let fd = path.withCString { Glibc.open($0, flags | O_CLOEXEC, mode_t(mode)) }
        if fd < 0 { throw Self.error(Glibc.errno, "open", path) }
        return fd
    }

    package func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Writes all of `bytes` at `offset`. A short write is retried; a failed one throws.
    package func pwrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64, path: String) throws {
        var done = 0
        while done < bytes.count {
            var count = bytes.count - done
            if let fault = inject(.write, path) {
                guard case .shortWrite(let n) = fault else { throw Self.error(fault, "write", path) }
                // Simulate the kernel writing only part, then failing: the bytes that
                // did land stay on disk, as they would after a real ENOSPC mid-write.
                count = min(count, n)
                let wrote = Glibc.pwrite(fd, bytes.baseAddress! + done, count, off_t(offset) + off_t(done))
                _ = wrote
                throw Self.error(ENOSPC, "write", path)
            }
            let n = Glibc.pwrite(fd, bytes.baseAddress! + done, count, off_t(offset) + off_t(done))
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw Self.error(Glibc.errno, "write", path)
            }
            done += n
        }
    }

    /// Reads up to `count` bytes at `offset`; returns how many were read (0 at end).
    package func pread(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw Self.error(Glibc.errno, "read", path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    package func fsync(_ fd: Int32, path: String) throws {
        if let fault = inject(.fsync, path) { throw Self.error(fault, "fsync", path) }
        if Glibc.fdatasync(fd) != 0 { throw Self.error(Glibc.errno, "fsync", path) }
    }

    /// Makes a directory's entries durable (after creating, renaming or deleting files).
    package func fsyncDirectory(_ path: String) throws {
        if let fault = inject(.fsync, path) { throw Self.error(fault, "fsync", path) }
        let fd = path.withCString { Glibc.open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd < 0 { throw Self.error(Glibc.errno, "open", path) }
        defer { _ = Glibc.close(fd) }
        if Glibc.fsync(fd) != 0 { throw Self.error(Glibc.errno, "fsync", path) }
    }

    package func truncate(_ fd: Int32, to length: Int64, path: String) throws {
        if let fault = inject(.truncate, path) { throw Self.error(fault, "truncate", path) }
        if Glibc.ftruncate(fd, off_t(length)) != 0 { throw Self.error(Glibc.errno, "truncate", path) }
    }

    package func rename(_ from: String, to: String) throws {
        if let fault = inject(.rename, to) { throw Self.error(fault, "rename", to) }
        let rc = from.withCString { f in to.withCString { t in Glibc.rename(f, t) } }
        if rc != 0 { throw Self.error(Glibc.errno, "rename", to) }
    }

    package func unlink(_ path: String) throws {
        if let fault = inject(.unlink, path) { throw Self.error(fault, "unlink", path) }
        if path.withCString({ Glibc.unlink($0) }) != 0, Glibc.errno != ENOENT {
            throw Self.error(Glibc.errno, "unlink", path)
        }
    }

    package func size(_ fd: Int32, path: String) throws -> Int64 {
        var st = stat()
        if fstat(fd, &st) != 0 { throw Self.error(Glibc.errno, "stat", path) }
        return Int64(st.st_size)
    }

    package func makeDirectory(_ path: String) throws {
        if let fault = inject(.open, path) { throw Self.error(fault, "mkdir", path) }
        if path.withCString({ Glibc.mkdir($0, 0o755) }) != 0, Glibc.errno != EEXIST {
            throw Self.error(Glibc.errno, "mkdir", path)
        }
    }

    /// The names in a directory (not `.` or `..`).
    package func list(_ path: String) throws -> [String] {
        guard let dir = path.withCString({ opendir($0) }) else { throw Self.error(Glibc.errno, "opendir", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A file's size, or nil if it cannot be read.
    package func size(ofPath path: String) -> Int64? {
        var st = stat()
        return path.withCString { stat($0, &st) } == 0 ? Int64(st.st_size) : nil
    }

    package func exists(_ path: String) -> Bool {
        var st = stat()
        return path.withCString { stat($0, &st) } == 0
    }

    // MARK: - Reading and writing whole files

    /// Reads a whole file.
    package func readFile(_ path: String) throws -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        let size = Int(try self.size(fd, path: path))
        // Not zeroed first: the read fills it, and only what was read is kept.
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = try pread(fd, into: UnsafeMutableRawBufferPointer(buffer), at: 0, path: path)
        }
    }

    /// Replaces `path` atomically with `bytes`: writes `path.tmp`, fsyncs it, renames
    /// it over `path` and fsyncs the directory. After a crash the file is either the
    /// old one or the new one, never a mix. On failure the temporary file is removed.
    /// `mode` is the new file's permissions (0o600 for secrets).
    package func writeFileAtomically(_ path: String, _ bytes: [UInt8], directory: String, mode: UInt32 = 0o644) throws {
        let temporary = path + ".tmp"
        if mode != 0o644 { try? unlink(temporary) }  // a leftover keeps its old mode
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do {
            try bytes.withUnsafeBytes { (buffer) throws in try pwrite(fd, buffer, at: 0, path: temporary) }
            try fsync(fd, path: temporary)
            close(fd)
            try rename(temporary, to: path)
            try fsyncDirectory(directory)
        } catch {
            close(fd)
            try? unlink(temporary)
            throw error
        }
    }

    // MARK: - Faults

    private func inject(_ op: FaultPlan.Operation, _ path: String) -> FaultPlan.Effect? {
        guard injecting else { return nil }
        let effect = faults.withLock { $0.next(op, path) }
        if effect == .kill {
            // A crash at exactly this call, before it is made: the process ends as a
            // power cut or `kill -9` would end it, with nothing flushed or unlocked.
            let note = "fault: SIGKILL before \(op) \(path)\n"
            _ = note.withCString { Glibc.write(2, $0, strlen($0)) }
            Glibc.kill(getpid(), SIGKILL)
        }
        return effect
    }

    private static func error(_ effect: FaultPlan.Effect, _ op: String, _ path: String) -> LogError {
        switch effect {
        case .fail(let code): error(code, op, path)
        case .shortWrite: error(ENOSPC, op, path)
        case .kill: error(EINTR, op, path)  // not reached: the process is gone
        }
    }

    package static func error(_ code: Int32, _ op: String, _ path: String) -> LogError {
        let reason = String(cString: strerror(code))
        if code == ENOSPC || code == EDQUOT {
            return LogError(
                .noSpace, "\(op) \(path): \(reason) (errno \(code)); free disk space and retry",
                path: path, errno: code)
        }
        if code == ENOENT {
            return LogError(.notFound, "\(op) \(path): \(reason)", path: path, errno: code)
        }
        return LogError(.io, "\(op) \(path): \(reason) (errno \(code))", path: path, errno: code)
    }
}

/// Which calls of a ``FileIO`` should fail, and how (for tests).
public struct FaultPlan: Sendable {
    /// A kind of system call.
    public enum Operation: String, Sendable {
        case open, write, fsync, truncate, rename, unlink
        /// In a rule: every kind of call (to number a command's calls one by one).
        case any
    }

    /// What an injected fault does.
    public enum Effect: Sendable, Equatable {
        /// The call fails with this `errno` and does nothing.
        case fail(Int32)
        /// A write puts only this many bytes on disk, then fails with `ENOSPC`.
        case shortWrite(Int)
        /// The process kills itself with SIGKILL before making the call (the
        /// reliability harness's crash at an exact step).
        case kill
    }

    /// One rule: the `skip`-th next matching call (0 = the next one) gets `effect`;
    /// with `repeats`, every matching call after that does too.
    public struct Rule: Sendable, CustomStringConvertible {
        public var operation: Operation
        public var pathContains: String?
        public var skip: Int
        public var effect: Effect
        public var repeats: Bool

        public init(_ operation: Operation, pathContains: String? = nil, skip: Int = 0, effect: Effect, repeats: Bool = false) {
            self.operation = operation
            self.pathContains = pathContains
            self.skip = skip
            self.effect = effect
            self.repeats = repeats
        }

        public var description: String { "\(operation) on \(pathContains ?? "any file"): \(effect)" }
    }

    /// A call seen by the seam.
    public struct Call: Sendable, Equatable {
        public var operation: Operation
        public var path: String
        public var injected: Effect?
    }

    public var rules: [Rule]
    public private(set) var trace: [Call] = []

    public init(_ rules: [Rule] = []) { self.rules = rules }

    mutating func next(_ op: Operation, _ path: String) -> Effect? {
        var effect: Effect?
        for i in rules.indices where rules[i].operation == op || rules[i].operation == .any {
            if let fragment = rules[i].pathContains, !path.contains(fragment) { continue }
            if rules[i].skip > 0 {
                rules[i].skip -= 1
                continue
            }
            effect = rules[i].effect
            if !rules[i].repeats { rules[i].skip = Int.max }
            break
        }
        trace.append(Call(operation: op, path: path, injected: effect))
        return effect
    }
}
