#if canImport(Glibc)
internal import Glibc
#endif

/// The writer lock: `LOCK` in the log directory, held with `flock` for as long as a
/// writer has the log open. The kernel releases it when the process dies, even by
/// `kill -9`, so a crash never leaves a stale lock. The file names the holder (pid,
/// host, since) so that a second writer's error can say who has it.
final class LockFile: Sendable {
    let fd: Int32
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Takes the lock, waiting up to `wait` µs for another writer to release it (0: not
    /// at all). Readers never take it, so only a writer can make this wait.
    static func acquire(directory: String, io: FileIO, now: Int64, wait: Int64 = 0) throws -> LockFile {
        let path = directory + "/LOCK"
        let fd = try io.open(path, O_RDWR | O_CREAT)
        let deadline = Timestamp.now() + max(0, wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EWOULDBLOCK, Timestamp.now() < deadline {
                usleep(10_000)
                continue
            }
            let holder = (try? io.readFile(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            // No holder named: no writer, but a reader sharing a derived file for a
            // moment (``Log/whileNoWriter(_:)``). Wait for it rather than fail.
            if code == EWOULDBLOCK, holder.isEmpty, Timestamp.now() < deadline + Self.readerTurn {
                usleep(10_000)
                continue
            }
            io.close(fd)
            if code == EWOULDBLOCK {
                let who = holder.trimmingSpaces.isEmpty ? "another process" : holder.trimmingSpaces
                let waited = wait > 0 ? " (waited \(Double(wait) / 1_000_000) s for its turn)" : ""
                throw LogError(
                    .locked,
                    "the log at \(directory) is already open for writing by \(who)\(waited); only one writer at a time: close it there, or open this one read-only",
                    path: path)
            }
            throw FileIO.error(code, "lock", path)
        }
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let text = Array("process \(getpid()) on \(hostName) since \(Timestamp.rfc3339(now))\n".utf8)
        _ = ftruncate(fd, 0)
        try? text.withUnsafeBytes { try io.pwrite(fd, $0, at: 0, path: path) }
        return LockFile(fd: fd, path: path)
    }

    /// How long a writer waits for a reader's moment under the lock, in µs.
    static let readerTurn: Int64 = 5_000_000

    /// Runs `body` holding the lock without naming a holder, if it is free now (false,
    /// without running it, otherwise). For a reader's short writes of derived files.
    static func whileFree(directory: String, _ body: () throws -> Bool) rethrows -> Bool {
        let fd = Glibc.open(directory + "/LOCK", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }

    func release() {
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
    }

    deinit { Glibc.close(fd) }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Times as the log keeps them: microseconds since the Unix epoch, UTC.
public enum Timestamp {
    /// The current time.
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// RFC 3339 in UTC with microseconds, e.g. `2024-03-06T01:27:00.000000Z`.
    public static func rfc3339(_ micros: Int64) -> String {
        var seconds = time_t(micros.floorDiv(1_000_000))
        let fraction = micros - Int64(seconds) * 1_000_000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let frac = String(fraction)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 6 - frac.count) + frac + "Z"
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
