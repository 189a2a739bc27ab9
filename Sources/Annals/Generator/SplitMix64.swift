/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, seeded random number
/// generator, so that a seed names one dataset on every machine and toolchain.
///
/// The generator draws every choice from one `SplitMix64`, in a fixed order, so the
/// same seed gives byte-identical output. It is public so that tests and benchmarks
/// can reproduce a draw:
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let id = EventID.random(using: &rng)   // the same id on every run
/// ```
///
/// Not for secrets: the state is its own output function's input.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    /// The state; advanced by the golden-ratio increment on every draw.
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// The draws the generator makes. They are written out here rather than taken from
// the standard library (`Int.random(in:using:)`), whose algorithm may change between
// toolchains: a seed must keep naming the same dataset.
extension SplitMix64 {
    /// A uniform integer in `0..<n` (Lemire's multiply-shift; the bias is below 2⁻⁵⁰
    /// for the small ranges used here).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "empty range")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `p` (0...1).
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < p
    }

    /// A uniform element of a non-empty collection.
    mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element {
        items[items.index(items.startIndex, offsetBy: below(items.count))]
    }

    /// Up to `k` distinct elements of `items`, in their original order.
    mutating func sample<T>(_ items: [T], _ k: Int) -> [T] {
        guard k < items.count else { return items }
        var chosen = [Bool](repeating: false, count: items.count)
        var left = k
        while left > 0 {
            let i = below(items.count)
            if !chosen[i] {
                chosen[i] = true
                left -= 1
            }
        }
        return items.indices.compactMap { chosen[$0] ? items[$0] : nil }
    }
}
