/// The stream index: for every stream, the positions of its records in version order,
/// with a 64-bit tag of each record's id (for idempotent retries).
///
/// Kept whole in memory (16 bytes a record) and persisted per segment in index files
/// (``SegmentIndexFile``), so that opening a log reads small index files instead of
/// scanning segments.
package struct StreamIndex: Sendable {
    package struct Entry: Sendable {
        /// Position of version v at index v.
        package var positions: [UInt64] = []
        /// `EventID.tag` of version v at index v.
        package var tags: [UInt64] = []
        /// Built once a stream is long enough for a linear search to cost.
        var tagSet: Set<UInt64>?

        package var lastVersion: UInt64? { positions.isEmpty ? nil : UInt64(positions.count - 1) }

        package func versions(ofTag tag: UInt64) -> [Int] {
            if let tagSet, !tagSet.contains(tag) { return [] }
            return tags.indices.filter { tags[$0] == tag }
        }

        mutating func append(position: UInt64, tag: UInt64) {
            positions.append(position)
            tags.append(tag)
            if tagSet != nil {
                tagSet!.insert(tag)
            } else if tags.count == 64 {
                tagSet = Set(tags)
            }
        }
    }

    package private(set) var streams: [String: Entry] = [:]
    package private(set) var recordCount: UInt64 = 0
    /// Every record's id tag, whatever its stream, with its position: the lookup that
    /// keeps an id unique across an archive (``positions(ofTag:)``). Built from
    /// `streams` on first use (an open pays nothing for it until an append asks), then
    /// kept up to date by every `add`. A Swift dictionary of two 64-bit words, at most
    /// three quarters full: 21 to 43 bytes a record (about 17 MB for 600,000 records).
    private var byTag: [UInt64: UInt64]?
    /// Positions after the first of a tag held by several records (the same id in two
    /// streams of an archive written before ids were unique, or two ids whose 64-bit
    /// tags collide).
    private var moreByTag: [UInt64: [UInt64]] = [:]

    package init() {}

    /// The positions of the records whose id has `tag`, in any stream (a match is
    /// confirmed against the stored id).
    package mutating func positions(ofTag tag: UInt64) -> [UInt64] {
        if byTag == nil { buildTagMap() }
        guard let first = byTag![tag] else { return [] }
        guard let more = moreByTag[tag] else { return [first] }
        return [first] + more
    }

    private mutating func buildTagMap() {
        var map: [UInt64: UInt64] = [:]
        map.reserveCapacity(Int(recordCount))
        moreByTag = [:]
        for entry in streams.values {
            for (position, tag) in zip(entry.positions, entry.tags) { Self.note(tag, at: position, in: &map, more: &moreByTag) }
        }
        byTag = map
    }

    @inline(__always) private static func note(_ tag: UInt64, at position: UInt64, in map: inout [UInt64: UInt64], more: inout [UInt64: [UInt64]]) {
        if let first = map.updateValue(position, forKey: tag) {
            map[tag] = first  // the first keeps its place; the others wait in `more`
            more[tag, default: []].append(position)
        }
    }

    /// Keeps the tag map (once built) in step with records just added.
    private mutating func noteTags(_ tags: some Collection<UInt64>, at positions: some Collection<UInt64>) {
        guard byTag != nil else { return }
        for (position, tag) in zip(positions, tags) { Self.note(tag, at: position, in: &byTag!, more: &moreByTag) }
    }

    package func entry(_ stream: String) -> Entry? { streams[stream] }

    /// Adds one record; versions must arrive in order for each stream.
    package mutating func add(stream: String, version: UInt64, position: UInt64, tag: UInt64) throws {
        let current = UInt64(streams[stream]?.positions.count ?? 0)
        guard version == current else {
            throw LogError(
                .corrupt, "stream index: \(stream) version \(version) at position \(position) follows version \(Int64(current) - 1)")
        }
        streams[stream, default: Entry()].append(position: position, tag: tag)
        recordCount += 1
        noteTags(CollectionOfOne(tag), at: CollectionOfOne(position))
    }

    /// Adds a run of one stream's records, starting at `firstVersion` (which must be
    /// the stream's next version). One dictionary lookup for the whole run.
    package mutating func add(stream: String, firstVersion: UInt64, positions: some Collection<UInt64>, tags: some Collection<UInt64>) throws {
        // One lookup, the entry changed in place.
        try Self.extend(&streams[stream, default: Entry()], stream: stream, firstVersion: firstVersion) { entry in
            entry.positions.append(contentsOf: positions)
            entry.tags.append(contentsOf: tags)
        }
        recordCount += UInt64(positions.count)
        noteTags(tags, at: positions)
    }

    /// `add` for runs held in arrays (an index file's): a stream new to the index
    /// takes the arrays as they are, without copying them (opening a log adds every
    /// stream of every segment this way).
    package mutating func add(stream: String, firstVersion: UInt64, positions: [UInt64], tags: [UInt64]) throws {
        try Self.extend(&streams[stream, default: Entry()], stream: stream, firstVersion: firstVersion) { entry in
            if entry.positions.isEmpty {
                entry.positions = positions
                entry.tags = tags
            } else {
                entry.positions.append(contentsOf: positions)
                entry.tags.append(contentsOf: tags)
            }
        }
        recordCount += UInt64(positions.count)
        noteTags(tags, at: positions)
    }

    private static func extend(
        _ entry: inout Entry, stream: String, firstVersion: UInt64, _ append: (inout Entry) -> Void
    ) throws {
        guard firstVersion == UInt64(entry.positions.count) else {
            throw LogError(
                .corrupt,
                "stream index: \(stream) continues at version \(firstVersion) but holds \(entry.positions.count) records")
        }
        let before = entry.tags.count
        append(&entry)
        if entry.tagSet != nil {
            entry.tagSet!.formUnion(entry.tags[before...])
        } else if entry.tags.count >= 64 {
            entry.tagSet = Set(entry.tags)
        }
    }

    /// Removes every record at or after `position` (used when recovery cuts a tail).
    package mutating func truncate(from position: UInt64) {
        byTag = nil  // rebuilt on the next lookup
        moreByTag = [:]
        for (name, var entry) in streams {
            guard let last = entry.positions.last, last >= position else { continue }
            let keep = entry.positions.firstIndex { $0 >= position } ?? entry.positions.count
            recordCount -= UInt64(entry.positions.count - keep)
            entry.positions.removeSubrange(keep...)
            entry.tags.removeSubrange(keep...)
            entry.tagSet = entry.tags.count >= 64 ? Set(entry.tags) : nil
            streams[name] = entry.positions.isEmpty ? nil : entry
        }
    }
}

extension EventID {
    /// 64 bits of the id, for the in-memory idempotency check (a match is confirmed
    /// against the stored id).
    package var tag: UInt64 { high ^ (low &* 0x9E37_79B9_7F4A_7C15) }
}

/// One stream's records within one segment, as the index files store them.
package struct SegmentStreamEntries: Sendable {
    package var firstVersion: UInt64
    package var positions: [UInt64] = []
    package var tags: [UInt64] = []
}

/// The index file of one segment, `{first}.idx` (docs/FORMAT.md, "Index file"):
/// the streams' entries and a sparse time index for positions
/// `[firstPosition, endPosition)`. For the active write-ahead segment it is a
/// checkpoint: `walOffset` is the byte offset of the segment that `endPosition`
/// corresponds to, and recovery resumes scanning there.
///
/// ```
/// "ANNALIDX" | u32 version 1 | u32 flags (bit 0: sealed segment) |
/// u64 first position | u64 end position | u64 write-ahead offset |
/// u32 stream count | u32 time entry count | u32 frame count
/// per stream: u16 name length | name | u64 first version | u32 n | n × (u32 position − first, u64 id tag)
/// per time entry: u32 position − first | i64 recordedAt
/// per frame (write-ahead checkpoints only): u32 position − first | u32 count | u64 offset | u32 length | i64 recordedAt
/// u32 CRC-32C of all bytes before
/// ```
package struct SegmentIndexFile: Sendable {
    package static let magic = Array("ANNALIDX".utf8)
    package var firstPosition: UInt64
    package var endPosition: UInt64
    package var walOffset: UInt64
    package var sealed: Bool
    package var streams: [(String, SegmentStreamEntries)]
    package var times: [(UInt64, Int64)]
    package var frames: [FrameLocation]

    package static func fileName(_ first: UInt64) -> String { SegmentName.format(first) + ".idx" }

    package func encode() -> [UInt8] {
        var out = Self.magic
        out.appendLE(UInt32(1))
        out.appendLE(UInt32(sealed ? 1 : 0))
        out.appendLE(firstPosition)
        out.appendLE(endPosition)
        out.appendLE(walOffset)
        out.appendLE(UInt32(streams.count))
        out.appendLE(UInt32(times.count))
        out.appendLE(UInt32(frames.count))
        for (name, entries) in streams {
            let utf8 = Array(name.utf8)
            out.appendLE(UInt16(utf8.count))
            out.append(contentsOf: utf8)
            out.appendLE(entries.firstVersion)
            out.appendLE(UInt32(entries.positions.count))
            for i in entries.positions.indices {
                out.appendLE(UInt32(entries.positions[i] - firstPosition))
                out.appendLE(entries.tags[i])
            }
        }
        for (position, time) in times {
            out.appendLE(UInt32(position - firstPosition))
            out.appendLE(time)
        }
        for f in frames {
            out.appendLE(UInt32(f.firstPosition - firstPosition))
            out.appendLE(f.count)
            out.appendLE(UInt64(f.offset))
            out.appendLE(f.length)
            out.appendLE(f.recordedAt)
        }
        out.appendLE(CRC32C.checksum(out))
        return out
    }

    package static func decode(_ bytes: [UInt8], path: String) throws -> SegmentIndexFile {
        try bytes.withUnsafeBytes { raw in
            guard raw.count >= 52, Array(raw[0..<8]) == magic,
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<raw.count - 4])) == loadLE32(raw, raw.count - 4)
            else { throw LogError(.corrupt, "\(path): the index file is damaged (bad magic or CRC-32C)", path: path) }
            var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[0..<raw.count - 4]), at: 8, context: path)
            guard try r.u32() == 1 else { throw LogError(.corrupt, "\(path): unknown index file version", path: path) }
            let sealed = try r.u32() & 1 == 1
            let first = try r.u64()
            let end = try r.u64()
            let walOffset = try r.u64()
            let streamCount = Int(try r.u32())
            let timeCount = Int(try r.u32())
            let frameCount = Int(try r.u32())
            var streams: [(String, SegmentStreamEntries)] = []
            streams.reserveCapacity(streamCount)
            for _ in 0..<streamCount {
                let name = try r.string(Int(try r.u16()))
                var entries = SegmentStreamEntries(firstVersion: try r.u64())
                let n = Int(try r.u32())
                try r.need(n * 12)
                entries.positions.reserveCapacity(n)
                entries.tags.reserveCapacity(n)
                for _ in 0..<n {
                    entries.positions.append(first + UInt64(try r.u32()))
                    entries.tags.append(try r.u64())
                }
                streams.append((name, entries))
            }
            var times: [(UInt64, Int64)] = []
            for _ in 0..<timeCount { times.append((first + UInt64(try r.u32()), try r.i64())) }
            var frames: [FrameLocation] = []
            frames.reserveCapacity(frameCount)
            for _ in 0..<frameCount {
                frames.append(
                    FrameLocation(
                        firstPosition: first + UInt64(try r.u32()), count: try r.u32(), offset: Int64(try r.u64()),
                        length: try r.u32(), recordedAt: try r.i64()))
            }
            guard r.remaining == 0 else { throw LogError(.corrupt, "\(path): trailing bytes in the index file", path: path) }
            return SegmentIndexFile(
                firstPosition: first, endPosition: end, walOffset: walOffset, sealed: sealed, streams: streams, times: times,
                frames: frames)
        }
    }
}

/// Collects one segment's index entries as records go by.
package struct SegmentIndexBuilder {
    package let firstPosition: UInt64
    private var order: [String] = []
    private var byStream: [String: SegmentStreamEntries] = [:]
    private var times: [(UInt64, Int64)] = []
    private var lastTimeAt: UInt64 = 0
    package private(set) var endPosition: UInt64

    package init(firstPosition: UInt64) {
        self.firstPosition = firstPosition
        self.endPosition = firstPosition
    }

    package mutating func add(stream: String, version: UInt64, position: UInt64, tag: UInt64, recordedAt: Int64) {
        entries(of: stream, firstVersion: version) { entries in
            entries.positions.append(position)
            entries.tags.append(tag)
        }
        if times.isEmpty || position - lastTimeAt >= 1024 {
            times.append((position, recordedAt))
            lastTimeAt = position
        }
        endPosition = position + 1
    }

    /// Adds a run of one stream's consecutive versions written together.
    package mutating func add(stream: String, firstVersion: UInt64, positions: [UInt64], tags: [UInt64], recordedAt: Int64) {
        entries(of: stream, firstVersion: firstVersion) { entries in
            entries.positions.append(contentsOf: positions)
            entries.tags.append(contentsOf: tags)
        }
        if let last = positions.last {
            if times.isEmpty || last - lastTimeAt >= 1024 {
                times.append((positions[0], recordedAt))
                lastTimeAt = positions[0]
            }
            endPosition = max(endPosition, last + 1)
        }
    }

    /// Changes `stream`'s entries in place, in one lookup, adding them (and the
    /// stream to `order`) if it is new to the segment.
    private mutating func entries(of stream: String, firstVersion: UInt64, _ change: (inout SegmentStreamEntries) -> Void) {
        let before = byStream.count
        change(&byStream[stream, default: SegmentStreamEntries(firstVersion: firstVersion)])
        if byStream.count != before { order.append(stream) }
    }

    package mutating func add(_ view: RecordView) {
        add(stream: view.stream, version: view.version, position: view.position, tag: view.id.tag, recordedAt: view.recordedAt)
    }

    package func file(sealed: Bool, walOffset: UInt64, frames: [FrameLocation]) -> SegmentIndexFile {
        SegmentIndexFile(
            firstPosition: firstPosition, endPosition: endPosition, walOffset: walOffset, sealed: sealed,
            streams: order.map { ($0, byStream[$0]!) }, times: times, frames: frames)
    }

    /// Builds from a decoded file (to continue a write-ahead checkpoint).
    package init(_ file: SegmentIndexFile) {
        firstPosition = file.firstPosition
        endPosition = file.endPosition
        for (name, entries) in file.streams {
            order.append(name)
            byStream[name] = entries
        }
        times = file.times
        lastTimeAt = times.last?.0 ?? 0
    }
}
