#if canImport(Glibc)
internal import Glibc
#endif

/// A pthread mutex with one condition variable: the one blocking primitive the log's
/// own threads use (the writer, sealing and Merkle threads block on fsync and on
/// their queues, so they are OS threads, never Swift concurrency's pool).
package final class ConditionLock: @unchecked Sendable {
    // Heap-allocated so that their addresses never move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    package init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` holding the lock.
    package func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (holding the lock, inside `locked`) until `ready()` is true.
    package func wait(until ready: () -> Bool) {
        while !ready() { pthread_cond_wait(condition, mutex) }
    }

    /// Wakes every waiter (call inside `locked`).
    package func broadcast() { pthread_cond_broadcast(condition) }
}

/// A blocking queue for the log's own threads: producers push, the one consumer
/// takes everything queued at once. Taking all at once is what makes group commit:
/// whatever arrived during the last fsync is written and synced together.
final class WorkQueue<Item>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var items: [Item] = []
    private var closed = false

    /// Adds an item; false if the queue was closed (the item was not added).
    @discardableResult
    func push(_ item: Item) -> Bool {
        lock.locked {
            guard !closed else { return false }
            items.append(item)
            lock.broadcast()
            return true
        }
    }

    /// Waits for items and takes them all; nil once closed and empty.
    func takeAll() -> [Item]? {
        lock.locked {
            lock.wait { !items.isEmpty || closed }
            if items.isEmpty { return nil }
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }

    /// Refuses further items; the consumer drains what is queued, then gets nil.
    func close() {
        lock.locked {
            closed = true
            lock.broadcast()
        }
    }
}

/// A one-shot result for a thread that blocks until another thread delivers it.
final class Completion<Value: Sendable>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var result: Result<Value, any Error>?

    func deliver(_ value: Result<Value, any Error>) {
        lock.locked {
            result = value
            lock.broadcast()
        }
    }

    func wait() throws -> Value {
        let value = lock.locked {
            lock.wait { result != nil }
            return result!
        }
        return try value.get()
    }
}

/// Starts a named OS thread (not a cooperative-pool thread: these threads block on
/// fsync and on their queues, which must never starve Swift concurrency's pool).
package func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        let name: String
        init(_ body: @escaping @Sendable () -> Void, _ name: String) {
            self.body = body
            self.name = name
        }
    }
    let box = Unmanaged.passRetained(Box(body, name)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { raw in
        let box = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue() as! Box
        box.body()
        return nil
    }, box)
    precondition(rc == 0, "pthread_create failed: \(rc)")
    pthread_detach(thread)
}

/// A value only touched under a ``ConditionLock``, with waiting on it: what
/// `Synchronization.Mutex` gives, plus the condition variable it lacks (the ordered
/// pipeline's threads wait for items). Every access to `state` goes through
/// ``withLock(waitingUntil:_:)``, which holds the lock for the whole closure and wakes
/// every waiter afterwards: that discipline, which the compiler cannot see through a
/// class's stored `var`, is why the conformance is `@unchecked`.
package final class Guarded<State>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var state: State

    package init(_ state: State) {
        self.state = state
    }

    /// Waits until `ready` holds (if given), then runs `body` on the state, holding
    /// the lock throughout, and wakes the waiters.
    package func withLock<T>(waitingUntil ready: ((State) -> Bool)? = nil, _ body: (inout State) throws -> T) rethrows -> T {
        try lock.locked {
            if let ready { lock.wait { ready(state) } }
            defer { lock.broadcast() }
            return try body(&state)
        }
    }
}
