/// Little-endian writing into a growable byte array. Every on-disk structure of the
/// log is written through these few calls, so the byte order is decided in one place.
extension Array where Element == UInt8 {
    @inline(__always) package mutating func appendLE(_ v: UInt16) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
    @inline(__always) package mutating func appendLE(_ v: UInt32) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
    @inline(__always) package mutating func appendLE(_ v: UInt64) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
    @inline(__always) package mutating func appendLE(_ v: Int64) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
    /// Big-endian, for values whose byte order is that of a standard (UUID bytes).
    @inline(__always) package mutating func appendBE(_ v: UInt64) {
        Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) }
    }
    /// Overwrites 4 bytes at `offset` (for lengths and checksums known only later).
    @inline(__always) package mutating func storeLE(_ v: UInt32, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self) }
    }
    @inline(__always) package mutating func storeLE(_ v: UInt64, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt64.self) }
    }
}

/// A cursor reading little-endian values from a buffer, with bounds checks that throw
/// ``LogError/Code-swift.struct/corrupt`` naming `context` (the file and place).
package struct ByteReader {
    package let buffer: UnsafeRawBufferPointer
    package var offset: Int
    package let context: String

    package init(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0, context: String) {
        self.buffer = buffer
        self.offset = offset
        self.context = context
    }

    package var remaining: Int { buffer.count - offset }

    @inline(__always) package func need(_ n: Int) throws {
        if n < 0 || offset + n > buffer.count {
            throw LogError(.corrupt, "\(context): truncated at byte \(offset) (needs \(n) more, has \(buffer.count - offset))")
        }
    }
    @inline(__always) package mutating func u8() throws -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return buffer[offset]
    }
    @inline(__always) package mutating func u16() throws -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }
    @inline(__always) package mutating func u32() throws -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    @inline(__always) package mutating func u64() throws -> UInt64 {
        try need(8)
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    @inline(__always) package mutating func i64() throws -> Int64 {
        Int64(bitPattern: try u64())
    }
    @inline(__always) package mutating func hash() throws -> Hash256 {
        try need(32)
        defer { offset += 32 }
        return Hash256(loading: buffer, at: offset)
    }
    package mutating func bytes(_ n: Int) throws -> UnsafeRawBufferPointer {
        try need(n)
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + n])
    }
    package mutating func string(_ n: Int) throws -> String {
        String(decoding: try bytes(n), as: UTF8.self)
    }
}

@inline(__always) package func loadLE32(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
    UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
}
@inline(__always) package func loadLE64(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
}
