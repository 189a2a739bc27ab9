internal import CAnnalsSupport
internal import CLZ4
internal import Dispatch
internal import Synchronization

/// Standard LZ4 frames (the LZ4 Frame Format 1.6.x), written by hand so that each
/// sealed block is a frame the stock `lz4` tool reads, and skippable frames to carry
/// the segment header and footer (the `lz4` tool passes over them).
///
/// A data frame as written here (docs/FORMAT.md, "Sealed segment"):
/// ```
/// u32 magic 0x184D2204 | FLG 0x6C | BD 0x70 | u64 content size | HC
/// blocks: u32 size (bit 31: stored uncompressed) + bytes, each ≤ 4 MiB of content
/// u32 0 (end mark) | u32 XXH32 of the content
/// ```
/// FLG 0x6C: version 01, blocks independent, content size present, content
/// checksum present. BD 0x70: blocks of at most 4 MiB. HC: byte 1 of XXH32 of the
/// descriptor (FLG, BD and the content size).
package enum LZ4Frame {
    package static let magic: UInt32 = 0x184D_2204
    package static let skippableMagicBase: UInt32 = 0x184D_2A50
    package static let maxBlock = 4 << 20
    static let flg: UInt8 = 0x6C
    static let bd: UInt8 = 0x70
    /// Bytes of a data frame that are not block bytes: header 15, end mark 4, checksum 4.
    static let overhead = 15 + 4 + 4

    /// Appends `raw` as one LZ4 frame to `out`.
    package static func appendFrame(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8], scratch: inout [UInt8]) {
        out.appendLE(magic)
        let descriptorStart = out.count
        out.append(flg)
        out.append(bd)
        out.appendLE(UInt64(raw.count))
        let hc = out.withUnsafeBytes { annals_xxh32($0.baseAddress! + descriptorStart, 10, 0) }
        out.append(UInt8(truncatingIfNeeded: hc >> 8))
        var offset = 0
        while offset < raw.count {
            let chunk = min(maxBlock, raw.count - offset)
            let bound = Int(LZ4_compressBound(Int32(chunk)))
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            let compressed = scratch.withUnsafeMutableBytes { dst in
                LZ4_compress_default(
                    raw.baseAddress!.assumingMemoryBound(to: CChar.self) + offset,
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(chunk), Int32(bound))
            }
            if compressed > 0 && Int(compressed) < chunk {
                out.appendLE(UInt32(compressed))
                scratch.withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<Int(compressed)])) }
            } else {
                out.appendLE(UInt32(chunk) | 0x8000_0000)
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + chunk]))
            }
            offset += chunk
        }
        out.appendLE(UInt32(0))
        out.appendLE(raw.count == 0 ? annals_xxh32(nil, 0, 0) : annals_xxh32(raw.baseAddress, raw.count, 0))
    }

    /// Decodes one data frame that occupies exactly `frame`, replacing `out`'s contents
    /// with the frame's content. With `checkContent`, also checks the XXH32 content
    /// checksum (the CRC-32C in the footer already covers the frame's bytes).
    package static func decodeFrame(
        _ frame: UnsafeRawBufferPointer, into out: inout [UInt8], checkContent: Bool = false,
        maxContent: Int = LogLimits.maxBatchBytes, context: @autoclosure () -> String
    ) throws {
        let contentSize = try contentSize(of: frame, context: context())
        guard contentSize <= maxContent else { throw LogError(.corrupt, "\(context()): LZ4 frame claims \(contentSize) bytes of content") }
        if out.count != contentSize {
            if out.count > contentSize { out.removeLast(out.count - contentSize) } else {
                out.append(contentsOf: repeatElement(0, count: contentSize - out.count))
            }
        }
        try out.withUnsafeMutableBytes { try decodeBlocks(frame, into: $0, context: context()) }
        if checkContent {
            let sum = out.withUnsafeBytes { annals_xxh32($0.baseAddress, $0.count, 0) }
            guard sum == loadLE32(frame, frame.count - 4) else {
                throw LogError(.corrupt, "\(context()): LZ4 frame content checksum does not match")
            }
        }
    }

    /// The content size a data frame declares, after checking its header.
    package static func contentSize(of frame: UnsafeRawBufferPointer, context: @autoclosure () -> String) throws -> Int {
        func corrupt(_ what: String) -> LogError { LogError(.corrupt, "\(context()): LZ4 frame \(what)") }
        guard frame.count >= overhead, loadLE32(frame, 0) == magic else { throw corrupt("has a bad magic number or is too short") }
        guard frame[4] == flg, frame[5] == bd else { throw corrupt("has an unexpected descriptor (FLG \(frame[4]), BD \(frame[5]))") }
        let hc = annals_xxh32(frame.baseAddress! + 4, 10, 0)
        guard frame[14] == UInt8(truncatingIfNeeded: hc >> 8) else { throw corrupt("header checksum does not match") }
        let size = loadLE64(frame, 6)
        // At most 255 bytes come of one byte in LZ4: a larger claim is damage.
        guard size <= UInt64(frame.count) * 255 else { throw corrupt("claims \(size) bytes of content") }
        return Int(size)
    }

    /// Decodes one data frame that occupies exactly `frame` into `out`, which holds
    /// exactly its content size (`contentSize(of:)`), its independent blocks on all
    /// cores. For large frames whose bytes a checksum already covers (the content
    /// checksum is not checked).
    package static func decodeFrame(
        _ frame: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, context: @autoclosure () -> String
    ) throws {
        guard try contentSize(of: frame, context: context()) == out.count else {
            throw LogError(.corrupt, "\(context()): LZ4 frame declares another content size")
        }
        try decodeBlocks(frame, into: out, context: context())
    }

    /// The blocks of a frame whose header `contentSize(of:)` accepted, decoded into
    /// `out` (exactly the content size): in parallel when there are several.
    private static func decodeBlocks(
        _ frame: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, context: @autoclosure () -> String
    ) throws {
        func corrupt(_ what: String) -> LogError { LogError(.corrupt, "\(context()): LZ4 frame \(what)") }
        // The blocks: where each starts in the frame, its size, whether stored raw,
        // and where its content goes.
        var blocks: [(at: Int, size: Int, raw: Bool, to: Int)] = []
        var at = 15
        var produced = 0
        while true {
            guard at + 4 <= frame.count else { throw corrupt("ends inside a block header") }
            let word = loadLE32(frame, at)
            at += 4
            if word == 0 { break }
            let size = Int(word & 0x7FFF_FFFF)
            guard size <= maxBlock, at + size <= frame.count else { throw corrupt("has a block of \(size) bytes past its end") }
            let raw = word & 0x8000_0000 != 0
            blocks.append((at, size, raw, produced))
            // Every block but the last holds a whole block of content.
            produced += raw ? size : min(maxBlock, out.count - produced)
            at += size
        }
        guard at + 4 == frame.count else { throw corrupt("has \(frame.count - at) bytes after its end mark, expected 4") }
        guard produced == out.count else { throw corrupt("holds \(produced) bytes, declares \(out.count)") }
        guard let source = frame.baseAddress, let target = out.baseAddress, !blocks.isEmpty else { return }
        // Each block writes its own part of `out`. Addresses as integers: the buffers
        // outlive the call.
        let (from, to, total, list) = (UInt(bitPattern: source), UInt(bitPattern: target), out.count, blocks)
        @Sendable func decode(_ i: Int) -> Bool {
            let block = list[i]
            let room = (i + 1 < list.count ? list[i + 1].to : total) - block.to
            let src = UnsafeRawPointer(bitPattern: from)! + block.at
            let dst = UnsafeMutableRawPointer(bitPattern: to)! + block.to
            if block.raw {
                guard block.size == room else { return false }
                dst.copyMemory(from: src, byteCount: block.size)
                return true
            }
            return LZ4_decompress_safe(
                src.assumingMemoryBound(to: CChar.self), dst.assumingMemoryBound(to: CChar.self), Int32(block.size), Int32(room))
                == Int32(room)
        }
        var whole = true
        if list.count == 1 {
            whole = decode(0)  // a segment's block: no threads for one
        } else {
            let failed = Atomic<Bool>(false)
            DispatchQueue.concurrentPerform(iterations: list.count) { i in
                if !decode(i) { failed.store(true, ordering: .relaxed) }
            }
            whole = !failed.load(ordering: .relaxed)
        }
        guard whole else { throw corrupt("has a block that does not decompress to its size") }
    }

    /// Appends a skippable frame (magic `0x184D2A50 + nibble`) carrying `content`.
    package static func appendSkippable(nibble: UInt32, content: [UInt8], to out: inout [UInt8]) {
        out.appendLE(skippableMagicBase + nibble)
        out.appendLE(UInt32(content.count))
        out.append(contentsOf: content)
    }
}
