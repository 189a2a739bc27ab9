internal import Foundation

/// Work items `0..<count` computed on helper threads and taken in order by one
/// consumer, which computes items itself rather than wait idle. At most `window`
/// items are computed ahead of the consumer, which bounds the memory.
///
/// For the parts of a job that need no order (decoding an import's JSON lines)
/// feeding a part that does (the rules, in file order).
final class OrderedWork<Output: Sendable>: @unchecked Sendable {
    let count: Int
    private let window: Int
    private let work: @Sendable (Int) throws -> Output
    private let lock = ConditionLock()
    private let finished = DispatchGroup()
    // Guarded by `lock`.
    private var claimed = 0
    private var taking = 0
    private var stopped = false
    private var results: [Int: Result<Output, any Error>] = [:]

    /// Starts `helpers` threads (none on one core) computing `work(k)`.
    init(count: Int, window: Int = 8, helpers: Int = ProcessInfo.processInfo.activeProcessorCount - 1, _ work: @escaping @Sendable (Int) throws -> Output) {
        self.count = count
        self.window = max(1, window)
        self.work = work
        for _ in 0..<max(0, min(helpers, 3, count - 1)) {
            finished.enter()
            startThread(name: "annals-work") { [self] in
                helpLoop()
                finished.leave()
            }
        }
    }

    private func helpLoop() {
        while true {
            let next: Int? = lock.locked {
                lock.wait { stopped || claimed >= count || claimed < taking + window }
                guard !stopped, claimed < count else { return nil }
                claimed += 1
                return claimed - 1
            }
            guard let k = next else { return }
            let result = Result { try work(k) }
            lock.locked {
                results[k] = result
                lock.broadcast()
            }
        }
    }

    /// Item `k`'s output; items are taken in order, each once.
    func take(_ k: Int) throws -> Output {
        while true {
            let ready: Result<Output, any Error>? = lock.locked {
                taking = k
                lock.broadcast()
                lock.wait { results[k] != nil || claimed < min(count, k + window) }
                return results.removeValue(forKey: k)
            }
            if let ready { return try ready.get() }
            // Nothing ready: compute the next unclaimed item here.
            let j: Int? = lock.locked {
                guard claimed < min(count, k + window) else { return nil }
                claimed += 1
                return claimed - 1
            }
            guard let j else { continue }
            let result = Result { try work(j) }
            if j == k { return try result.get() }
            lock.locked {
                results[j] = result
                lock.broadcast()
            }
        }
    }

    /// Stops the helpers (after the item each is on) and waits for them.
    func finish() {
        lock.locked {
            stopped = true
            lock.broadcast()
        }
        finished.wait()
    }
}
