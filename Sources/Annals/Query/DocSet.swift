/// A set of document ids as a bitmap: the query evaluator's working set.
///
/// An archive holds a few thousand meetings a decade, so one bit per meeting makes
/// every AND, OR and NOT a pass over a few hundred words.
struct DocSet: Sendable, Hashable {
    private(set) var words: [UInt64]
    /// Ids are below this.
    let capacity: Int

    init(capacity: Int, full: Bool = false) {
        self.capacity = capacity
        words = [UInt64](repeating: full ? ~0 : 0, count: (capacity + 63) / 64)
        if full, capacity % 64 != 0 { words[words.count - 1] = (1 << UInt64(capacity % 64)) - 1 }
    }

    init(capacity: Int, _ ids: some Sequence<UInt32>) {
        self.init(capacity: capacity)
        for id in ids { insert(id) }
    }

    @inline(__always) mutating func insert(_ id: UInt32) { words[Int(id >> 6)] |= 1 << UInt64(id & 63) }
    @inline(__always) mutating func remove(_ id: UInt32) { words[Int(id >> 6)] &= ~(1 << UInt64(id & 63)) }
    @inline(__always) func contains(_ id: UInt32) -> Bool {
        Int(id) < capacity && words[Int(id >> 6)] & (1 << UInt64(id & 63)) != 0
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    func intersection(_ other: DocSet) -> DocSet {
        var out = self
        for i in out.words.indices { out.words[i] &= other.words[i] }
        return out
    }

    func union(_ other: DocSet) -> DocSet {
        var out = self
        for i in out.words.indices { out.words[i] |= other.words[i] }
        return out
    }

    func subtracting(_ other: DocSet) -> DocSet {
        var out = self
        for i in out.words.indices { out.words[i] &= ~other.words[i] }
        return out
    }

    /// The ids in ascending order.
    var ids: [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(count)
        forEach { out.append($0) }
        return out
    }

    @inline(__always) func forEach(_ body: (UInt32) throws -> Void) rethrows {
        for (i, word) in words.enumerated() {
            var w = word
            while w != 0 {
                let bit = w.trailingZeroBitCount
                try body(UInt32(i * 64 + bit))
                w &= w - 1
            }
        }
    }
}
