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

    /// The content of one LZ4 frame (a checkpoint's body), decompressed here.
    /// Throws if the frame is damaged (its checksums are checked).
    convenience init(decompressing frame: UnsafeRawBufferPointer) throws {
        var content: [UInt8] = []
        // At most 255 bytes come of one byte in LZ4: a larger claim is damage.
        try LZ4Frame.decodeFrame(
            frame, into: &content, checkContent: true, maxContent: frame.count * 255 + 64, context: "the projections' checkpoint")
        self.init(copying: content)
    }

    deinit {
        if file == nil { UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.deallocate() }
    }
}
