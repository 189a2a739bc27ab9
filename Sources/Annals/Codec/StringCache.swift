/// Recently decoded short strings, by their UTF-8 bytes: a direct-mapped cache that
/// lets a replay make each person id, name, unit, clerk and stream name once and
/// share it, instead of validating and allocating it again for every event. It
/// keeps recently decoded lists the same way (`list`, `remember`): a meeting's
/// participants and agenda, recipients.
///
/// A replay decodes the same few thousand short texts millions of times (every
/// sign-in names a person and a clerk; every record names its stream). A hit costs
/// a hash of at most `maxBytes` bytes and one comparison; a miss decodes as
/// `String(decoding:as:)` does (invalid UTF-8 repaired the same way) and replaces
/// the slot. Equal bytes always give an equal string, so the cache changes no
/// result, only the time and the memory (equal texts share one buffer).
///
/// Not thread-safe: one per decoding thread.
final class StringCache {
    /// Longer texts (speeches, decisions) are rarely repeated: decoded directly.
    static let maxBytes = 48
    static let slotBits = 13
    static let slots = 1 << slotBits

    private let strings: UnsafeMutablePointer<String>
    private let lengths: UnsafeMutablePointer<UInt8>
    private let bytes: UnsafeMutablePointer<UInt8>

    /// Recently decoded lists (a meeting's participants, its agenda, recipients),
    /// by their stored bytes: most meetings invite one of a few hundred lists.
    static let maxListBytes = 8192
    static let listSlotBits = 9
    private var lists: [ListSlot] = []

    private struct ListSlot {
        var hash: UInt64 = 0
        var bytes: [UInt8] = []
        var value: AnyObject?
    }

    private final class Box<T> {
        let value: [T]
        init(_ value: [T]) { self.value = value }
    }

    init() {
        strings = .allocate(capacity: Self.slots)
        strings.initialize(repeating: "", count: Self.slots)
        lengths = .allocate(capacity: Self.slots)
        lengths.initialize(repeating: 0, count: Self.slots)
        bytes = .allocate(capacity: Self.slots * Self.maxBytes)
    }

    deinit {
        strings.deinitialize(count: Self.slots)
        strings.deallocate()
        lengths.deallocate()
        bytes.deallocate()
    }

    /// The string of the `count` bytes at `start`.
    @inline(__always)
    func string(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
        guard count <= Self.maxBytes, count > 0 else {
            return count == 0 ? "" : String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        }
        let slot = Int(truncatingIfNeeded: Self.hash(start, count) >> UInt64(64 - Self.slotBits))
        let cached = bytes + slot &* Self.maxBytes
        if Int(lengths[slot]) == count, Self.equal(cached, start, count) {
            return strings[slot]
        }
        let made = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
        strings[slot] = made
        lengths[slot] = UInt8(count)
        cached.update(from: start, count: count)
        return made
    }

    /// The list stored as the `count` bytes at `start`, if decoded recently.
    func list<T>(_ start: UnsafePointer<UInt8>, _ count: Int) -> [T]? {
        guard count <= Self.maxListBytes, !lists.isEmpty else { return nil }
        let hash = Self.hash(start, count)
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.listSlotBits))
        guard lists[slot].hash == hash, lists[slot].bytes.count == count,
            let box = lists[slot].value as? Box<T>,
            lists[slot].bytes.withUnsafeBufferPointer({ Self.equal($0.baseAddress!, start, count) })
        else { return nil }
        return box.value
    }

    /// Keeps `list`, decoded from the `count` bytes at `start`.
    func remember<T>(_ list: [T], _ start: UnsafePointer<UInt8>, _ count: Int) {
        guard count <= Self.maxListBytes, count > 0 else { return }
        if lists.isEmpty { lists = Array(repeating: ListSlot(), count: 1 << Self.listSlotBits) }
        let hash = Self.hash(start, count)
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - Self.listSlotBits))
        lists[slot] = ListSlot(hash: hash, bytes: Array(UnsafeBufferPointer(start: start, count: count)), value: Box(list))
    }

    /// Whether the `count` bytes at `a` and `b` are equal, a word at a time.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a)
        let y = UnsafeRawPointer(b)
        var i = 0
        while i &+ 8 <= count {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    /// A 64-bit mix of `count` bytes, a word at a time.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(start)
        var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i &+ 8 <= count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i &+= 8
        }
        if i < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(start[i]) << shift
                shift &+= 8
                i &+= 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        return h ^ (h >> 29)
    }
}
