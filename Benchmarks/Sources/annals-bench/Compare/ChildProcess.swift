import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of this same executable in a child process, so that each system's
/// workload has a process of its own: its peak memory (`ru_maxrss` from `wait4`) is
/// that workload's alone, nothing one system allocated lingers into another's
/// figures, and a workload can end the way a crash does (SIGKILL).
struct ChildProcess {
    struct Outcome {
        /// What the child printed on standard output (its figures, as JSON).
        var output: [UInt8]
        /// The exit code, or nil when a signal ended it.
        var exitCode: Int32?
        /// The signal that ended it, if one did.
        var signal: Int32?
        /// The child's peak resident set size, in bytes (`ru_maxrss`).
        var maxResidentBytes: Int
        /// CPU seconds the child spent in user and system mode.
        var userSeconds: Double
        var systemSeconds: Double
    }

    /// Runs `arguments` (after the executable's own path) and waits for it; the
    /// child's standard error is this process's (progress lines go straight through).
    static func run(_ arguments: [String]) throws -> Outcome {
        let executable = ProcessInfo.processInfo.arguments[0].hasPrefix("/")
            ? ProcessInfo.processInfo.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + ProcessInfo.processInfo.arguments[0]
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw BenchError("posix_spawn \(executable): \(String(cString: strerror(spawned)))")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
            if n > 0 {
                output += buffer[0..<n]
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        close(pipe[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4: \(String(cString: strerror(errno)))") }
        }
        // The <sys/wait.h> macros, which Swift does not import.
        let signal = status & 0x7f
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return Outcome(
            output: output, exitCode: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
            maxResidentBytes: Int(usage.ru_maxrss) * 1024, userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime))
    }

    /// This process's resident set size now (VmRSS), in bytes: the baseline a
    /// workload starts from (its input already loaded).
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
