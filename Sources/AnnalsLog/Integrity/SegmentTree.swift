/// RFC 6962 tree hashing, as far as the segment layer needs it: the root of a list
/// of leaf hashes (each already `SHA-256(0x00 ‖ leaf)`).
enum SegmentTree {
    static func root(_ leaves: [Hash256]) -> Hash256 {
        if leaves.isEmpty { return Hash256.sha256([]) }
        var level = leaves
        while level.count > 1 {
            var next: [Hash256] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(node(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    static func node(_ left: Hash256, _ right: Hash256) -> Hash256 {
        var bytes = [UInt8](repeating: 1, count: 65)
        bytes.withUnsafeMutableBytes { raw in
            left.store(into: raw, at: 1)
            right.store(into: raw, at: 33)
        }
        return Hash256.sha256(bytes)
    }
}
