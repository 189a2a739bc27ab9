#if canImport(Glibc)
internal import Glibc
#endif

/// The project's one ordered parallel pipeline: inputs made in order, each
/// transformed on whichever thread is free, the outputs taken in the inputs' order by
/// one consumer. Order-free work (decoding an import's lines or a replay's records,
/// reading and hashing a segment's blocks) runs beside work that needs the order (the
/// rules, the fold, the Merkle tree).
///
/// Inputs come either as the indices `0..<count` (``init(count:window:helpers:scratch:_:)``),
/// claimed by any thread, or from a `produce` closure run once on a thread of its
/// own, in order (``init(window:helpers:produce:scratch:_:)``: one sequential scan of
/// the log). Whoever would wait transforms instead: the producer when it is a window
/// ahead, the consumer when its next output is not ready. At most `window` items are
/// made or transformed ahead of the consumer, which bounds the memory.
///
/// Each thread has its own `Scratch` (made by `scratch`, never shared: a string cache,
/// buffers), so it need not be `Sendable`.
package final class OrderedPipeline<Input: Sendable, Output: Sendable, Scratch>: Sendable {
    private struct State {
        /// Inputs made and not yet claimed, by index.
        var inputs: [Int: Input] = [:]
        var outputs: [Int: Result<Output, any Error>] = [:]
        /// Inputs made so far; inputs claimed for transforming so far (in order).
        var produced = 0
        var claimed = 0
        /// The next output the consumer takes (all before it are taken).
        var consuming = 0
        var producerDone = false
        var producerError: (any Error)?
        var stopped = false
        /// Outputs the consumer is done with, released by another thread.
        var garbage: [Output] = []
        var helpersRunning = 0

        /// Whether input `produced` may be made: fewer than a window ahead.
        func mayProduce(_ window: Int) -> Bool { produced < consuming + window }
        /// Whether an input is waiting to be claimed (within the window).
        func mayClaim(_ window: Int) -> Bool { claimed < produced && claimed < consuming + window }
    }

    /// What a thread does next, decided holding the lock and done without it.
    private enum Step {
        case produced, stopped, transform(Int, Input), ready(Result<Output, any Error>), end((any Error)?)
    }

    private let state: Guarded<State>
    private let window: Int
    private let indexed: Bool
    private let input: @Sendable (Int) -> Input?
    private let transform: @Sendable (Input, inout Scratch) throws -> Output
    private let scratch: @Sendable () -> Scratch

    /// The indices `0..<count`, transformed by `work` on `helpers` threads besides the
    /// consumer (at most `count - 1`: with one item, or none to spare, the consumer
    /// does all of it).
    package convenience init(
        count: Int, window: Int = 8, helpers: Int, scratch: @escaping @Sendable () -> Scratch,
        _ work: @escaping @Sendable (Int, inout Scratch) throws -> Output
    ) where Input == Int {
        self.init(window: window, indexed: count, input: { $0 }, scratch: scratch, transform: work)
        startHelpers(max(0, min(helpers, count - 1)))
    }

    /// Inputs made in order by `produce` on a thread of its own (it passes each to
    /// `emit`, which returns false once the consumer stopped: `produce` should return
    /// then), transformed by `transform` there and on `helpers` more threads.
    package convenience init(
        window: Int = 8, helpers: Int, produce: @escaping @Sendable (_ emit: (Input) -> Bool) throws -> Void,
        scratch: @escaping @Sendable () -> Scratch, _ transform: @escaping @Sendable (Input, inout Scratch) throws -> Output
    ) {
        self.init(window: window, indexed: nil, input: { _ in nil }, scratch: scratch, transform: transform)
        state.withLock { $0.helpersRunning += 1 }
        startThread(name: "annals-pipeline-produce") { [self] in
            runProducer(produce)
            helpLoop()
        }
        startHelpers(max(0, helpers))
    }

    private init(
        window: Int, indexed count: Int?, input: @escaping @Sendable (Int) -> Input?, scratch: @escaping @Sendable () -> Scratch,
        transform: @escaping @Sendable (Input, inout Scratch) throws -> Output
    ) {
        var initial = State()
        if let count {
            initial.produced = count
            initial.producerDone = true
        }
        self.state = Guarded(initial)
        self.window = max(1, window)
        self.indexed = count != nil
        self.input = input
        self.scratch = scratch
        self.transform = transform
    }

    private func startHelpers(_ n: Int) {
        guard n > 0 else { return }
        state.withLock { $0.helpersRunning += n }
        for _ in 0..<n {
            startThread(name: "annals-pipeline") { [self] in helpLoop() }
        }
    }

    // MARK: - The other threads

    private func runProducer(_ produce: (_ emit: (Input) -> Bool) throws -> Void) {
        var mine = scratch()
        do {
            try produce { item in
                while true {
                    let window = self.window
                    let step: Step = state.withLock(waitingUntil: { $0.stopped || $0.mayProduce(window) || $0.mayClaim(window) }) { s in
                        if s.stopped { return .stopped }
                        if s.mayProduce(window) {
                            s.inputs[s.produced] = item
                            s.produced += 1
                            return .produced
                        }
                        return claim(&s).map { .transform($0.0, $0.1) } ?? .stopped
                    }
                    switch step {
                    case .produced:
                        releaseGarbage()
                        return true
                    case .transform(let k, let input): deliver(k, Result { try transform(input, &mine) })
                    case .stopped, .ready, .end: return false
                    }
                }
            }
        } catch {
            state.withLock { $0.producerError = error }
        }
        state.withLock { $0.producerDone = true }
    }

    /// A helper's loop: transform whatever is claimable until everything is.
    private func helpLoop() {
        var mine: Scratch?
        let window = self.window
        while true {
            let next: (Int, Input)? = state.withLock(waitingUntil: {
                $0.stopped || $0.mayClaim(window) || ($0.producerDone && $0.claimed >= $0.produced) || !$0.garbage.isEmpty
            }) { s in
                s.stopped ? nil : claim(&s)
            }
            releaseGarbage()
            guard let (k, input) = next else {
                let more = state.withLock { s in !s.stopped && !(s.producerDone && s.claimed >= s.produced) }
                if more { continue }
                state.withLock { $0.helpersRunning -= 1 }
                return
            }
            if mine == nil { mine = scratch() }
            deliver(k, Result { try transform(input, &mine!) })
        }
    }

    /// Claims the oldest unclaimed input, if one may be (call holding the lock).
    private func claim(_ s: inout State) -> (Int, Input)? {
        guard s.mayClaim(window) else { return nil }
        let k = s.claimed
        s.claimed += 1
        guard let item = indexed ? input(k) : s.inputs.removeValue(forKey: k) else { return nil }
        return (k, item)
    }

    private func deliver(_ k: Int, _ result: Result<Output, any Error>) {
        state.withLock { $0.outputs[k] = result }
    }

    private func releaseGarbage() {
        var trash: [Output] = []
        state.withLock { swap(&trash, &$0.garbage) }
        trash.removeAll()
    }

    // MARK: - The consumer

    /// The next output, in the inputs' order, or nil after the last; throws the error
    /// of its transform, or the producer's once its inputs are all taken. While that
    /// output is not ready, the consumer transforms the next claimable input.
    package func next() throws -> Output? {
        var mine: Scratch?
        let window = self.window
        let k = state.withLock { $0.consuming }
        while true {
            let step: Step = state.withLock(waitingUntil: { s in
                s.outputs[k] != nil || s.mayClaim(window) || (s.producerDone && k >= s.produced)
            }) { s in
                if let result = s.outputs.removeValue(forKey: k) {
                    s.consuming = k + 1
                    return .ready(result)
                }
                if let (j, input) = claim(&s) { return .transform(j, input) }
                return .end(s.producerError)
            }
            switch step {
            case .ready(let result): return try result.get()
            case .end(let error):
                if let error { throw error }
                return nil
            case .transform(let j, let input):
                if mine == nil { mine = scratch() }
                let result = Result { try transform(input, &mine!) }
                if j == k {
                    state.withLock { $0.consuming = k + 1 }
                    return try result.get()
                }
                deliver(j, result)
            case .produced, .stopped: return nil
            }
        }
    }

    /// Hands back an output the consumer is done with, to be released on another
    /// thread (releasing many values costs as much as making them, and the consumer
    /// is the thread everything waits for).
    package func discard(_ output: consuming Output) {
        let output = consume output
        state.withLock { $0.garbage.append(output) }
    }

    /// Stops the other threads after the item each is on, and waits for them.
    package func finish() {
        state.withLock { $0.stopped = true }
        state.withLock(waitingUntil: { $0.helpersRunning == 0 }) { _ in }
        releaseGarbage()
    }
}

extension OrderedPipeline where Scratch == Void {
    /// The indices `0..<count`, transformed by `work` (no per-thread scratch); by
    /// default on one helper per spare processor, up to three.
    package convenience init(
        count: Int, window: Int = 8, helpers: Int = min(OrderedPipelineProcessors.count - 1, 3),
        _ work: @escaping @Sendable (Int) throws -> Output
    ) where Input == Int {
        self.init(count: count, window: window, helpers: helpers, scratch: {}) { k, _ in try work(k) }
    }
}

/// This machine's processors, online (the pipeline's callers size their helpers by it).
package enum OrderedPipelineProcessors {
    package static var count: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
