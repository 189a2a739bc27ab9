internal import CAnnalsSupport
internal import Synchronization

/// Random bytes from the kernel's CSPRNG (getrandom(2)), drawn 4 KiB at a time and
/// handed out from a buffer: one system call per ~250 event ids or nonces instead of
/// one or two each. Buffering the kernel's output is as secure as the output itself.
package enum SecureRandom {
    private static let pool = Mutex(Pool())

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var used = 4096
    }

    /// Fills `buffer` with random bytes.
    package static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count > 0 else { return }
        if buffer.count > 1024 {
            precondition(annals_random_bytes(buffer.baseAddress, buffer.count) == 0, "getrandom failed")
            return
        }
        pool.withLock { pool in
            if pool.used + buffer.count > pool.bytes.count {
                pool.bytes.withUnsafeMutableBytes {
                    precondition(annals_random_bytes($0.baseAddress, $0.count) == 0, "getrandom failed")
                }
                pool.used = 0
            }
            pool.bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[pool.used..<pool.used + buffer.count]))
            }
            // Bytes handed out are wiped so that they cannot be handed out twice.
            for i in pool.used..<pool.used + buffer.count { pool.bytes[i] = 0 }
            pool.used += buffer.count
        }
    }

    /// A random 64-bit value.
    package static func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }
}

/// A `RandomNumberGenerator` over ``SecureRandom``.
package struct SecureRandomGenerator: RandomNumberGenerator {
    package init() {}
    package mutating func next() -> UInt64 { SecureRandom.next() }
}
