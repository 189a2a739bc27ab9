import Foundation
import Synchronization
import Testing

@testable import AnnalsLog

/// The one ordered parallel pipeline (an import's decoding, a replay's chunks,
/// `verify`'s blocks): outputs in input order whichever thread made them, errors
/// where they happened, memory bounded by the window.
@Suite struct OrderedPipelineTests {
    /// Work that takes longer for early items, so helpers finish later items first.
    static func uneven(_ k: Int) -> String {
        usleep(UInt32((20 - k % 20) * 200))
        return "第\(k)号会议纪要"
    }

    @Test func indexedOutputsComeInIndexOrderWhateverThreadMadeThem() throws {
        let pipeline = OrderedPipeline(count: 200, window: 6, helpers: 3) { k in Self.uneven(k) }
        defer { pipeline.finish() }
        var taken: [String] = []
        while let output = try pipeline.next() { taken.append(output) }
        #expect(taken == (0..<200).map { "第\($0)号会议纪要" })
        #expect(try pipeline.next() == nil)
    }

    @Test func producedInputsAreTransformedOnAnyThreadAndTakenInOrder() throws {
        let outOfOrderClaims = Mutex(0)
        let pipeline = OrderedPipeline<Int, Int, [Int]>(
            window: 4, helpers: 2,
            produce: { emit in
                for k in 0..<500 where !emit(k) { return }
            },
            scratch: { [] }
        ) { k, seen in
            // Each thread has its own scratch, and claims inputs in order.
            if let last = seen.last, last >= k { outOfOrderClaims.withLock { $0 += 1 } }
            seen.append(k)
            usleep(UInt32(k % 7 * 50))
            return k * k
        }
        defer { pipeline.finish() }
        var squares: [Int] = []
        while let square = try pipeline.next() { squares.append(square) }
        #expect(squares == (0..<500).map { $0 * $0 })
        #expect(outOfOrderClaims.withLock { $0 } == 0)
    }

    @Test func aTransformErrorSurfacesAtItsItemAfterTheItemsBeforeIt() throws {
        struct Damaged: Error, Equatable { let item: Int }
        let pipeline = OrderedPipeline(count: 50, window: 3, helpers: 2) { k -> Int in
            if k == 17 { throw Damaged(item: k) }
            return k
        }
        defer { pipeline.finish() }
        var taken: [Int] = []
        #expect(throws: Damaged(item: 17)) {
            while let k = try pipeline.next() { taken.append(k) }
        }
        #expect(taken == Array(0..<17))
    }

    @Test func theProducersErrorComesAfterEveryInputItMade() throws {
        struct ScanFailed: Error, Equatable {}
        let pipeline = OrderedPipeline<Int, Int, Void>(
            window: 2, helpers: 1,
            produce: { emit in
                for k in 0..<9 { _ = emit(k) }
                throw ScanFailed()
            },
            scratch: {}
        ) { k, _ in k + 100 }
        defer { pipeline.finish() }
        var taken: [Int] = []
        #expect(throws: ScanFailed()) {
            while let k = try pipeline.next() { taken.append(k) }
        }
        #expect(taken == Array(100..<109))
    }

    @Test func noMoreThanAWindowIsMadeAheadOfTheConsumer() throws {
        let made = Mutex(0)
        let pipeline = OrderedPipeline<Int, Int, Void>(
            window: 5, helpers: 2,
            produce: { emit in
                for k in 0..<100 {
                    guard emit(k) else { return }
                    made.withLock { $0 += 1 }
                }
            },
            scratch: {}
        ) { k, _ in k }
        defer { pipeline.finish() }
        for expected in 0..<40 {
            #expect(try pipeline.next() == expected)
            usleep(500)  // a slow consumer: the producer must wait for it
            // Taken: expected + 1; made ahead of it: at most the window.
            #expect(made.withLock { $0 } <= expected + 1 + 5)
        }
    }

    @Test func finishingEarlyStopsTheProducerAndTheHelpers() throws {
        let made = Mutex(0)
        let pipeline = OrderedPipeline<Int, Int, Void>(
            window: 3, helpers: 2,
            produce: { emit in
                for k in 0..<1_000_000 {
                    guard emit(k) else { return }
                    made.withLock { $0 += 1 }
                }
            },
            scratch: {}
        ) { k, _ in k }
        #expect(try pipeline.next() == 0)
        pipeline.finish()  // returns only once every thread stopped
        let after = made.withLock { $0 }
        usleep(2_000)
        #expect(made.withLock { $0 } == after)
        #expect(after < 1_000_000)
    }
}
