/// Checkpoint bytes that stay where they are while any projection refers to them:
/// a mapped checkpoint file, or a copy of bytes given in memory. Meetings read from
/// a checkpoint are decoded from here when first used (`StoredMeetings`).
final class SnapshotBytes: @unchecked Sendable {
    /// The bytes; never written after `init`.
    let buffer: UnsafeRawBufferPointer
    /// The mapping the bytes live in, or nil when they were copied here.
    private let file: MappedFile?

    /// The bytes of a mapped file.
    init(_ file: MappedFile) {
        self.file = file
        self.buffer = file.bytes
    }

    /// A copy of `bytes`.
    init(copying bytes: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        self.file = nil
        self.buffer = UnsafeRawBufferPointer(rebasing: copy[..<bytes.count])
    }

    /// The content of one LZ4 frame (a checkpoint's body), decompressed here, its
    /// blocks on all cores. Throws if the frame is damaged. (The file's CRC-32C
    /// covers the frame's bytes; its content checksum is not computed again.)
    init(decompressing frame: UnsafeRawBufferPointer) throws {
        let context = "the projections' checkpoint"
        let size = try LZ4Frame.contentSize(of: frame, context: context)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, size), alignment: 8)
        do {
            try LZ4Frame.decodeFrame(frame, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<size]), context: context)
        } catch {
            buffer.deallocate()
            throw error
        }
        self.file = nil
        self.buffer = UnsafeRawBufferPointer(rebasing: buffer[..<size])
    }

    deinit {
        if file == nil { UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate() }
    }
}
