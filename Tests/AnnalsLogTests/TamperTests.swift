import Foundation
import Synchronization
import Testing

@testable import AnnalsLog

/// Attacks on a real log folder (several sealed segments of several blocks, their
/// index files, an active write-ahead segment with an index checkpoint, `merkle.nodes`):
/// `verify` catches each one, never traps, and names the place.
@Suite struct TamperTests {
    /// A closed log built once; every test works on its own copy.
    struct Pristine: Sendable {
        let path: String
        /// A checkpoint taken part-way (250 records) and at the end.
        let early: (size: UInt64, root: Hash256)
        let final: (size: UInt64, root: Hash256)
    }

    static let blockBytes = 2 << 10

    static let pristine: Pristine = {
        let path = NSTemporaryDirectory() + "annals-tamper-\(UUID().uuidString.prefix(8))"
        var options = LogOptions()
        options.sealInBackground = false
        options.segmentBytes = 12 << 10
        options.blockBytes = blockBytes
        options.checkpointBytes = 2 << 10
        let log = try! Log.open(path, options: options)
        var early: (UInt64, Hash256)?
        var i = 0
        while log.endPosition < 400 {
            let records = (0...(i % 3)).map { k in
                NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(i * 3 + k))
            }
            _ = try! log.appendBlocking([StreamAppend(stream: "meeting/BGS-2023-\(String(i % 5 + 40))", records: records)])
            if early == nil, log.endPosition >= 250 { early = try! log.merkleRoot() }
            i += 1
        }
        let final = try! log.merkleRoot()
        try! log.close()
        return Pristine(path: path, early: early!, final: final)
    }()

    /// A copy of the pristine log to attack.
    static func copy(_ label: String = #function) -> TemporaryDirectory {
        let dir = TemporaryDirectory(label)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: pristine.path)) ?? [] {
            try! FileManager.default.copyItem(atPath: pristine.path + "/" + name, toPath: dir.path + "/" + name)
        }
        return dir
    }

    static func files(_ dir: TemporaryDirectory, _ suffix: String) -> [String] {
        dir.files().filter { $0.hasSuffix(suffix) }
    }

    static func verify(_ dir: TemporaryDirectory, against checkpoint: (size: UInt64, root: Hash256)? = pristine.final) throws
        -> VerifyReport
    {
        try Log.verify(directory: dir.path, against: checkpoint)
    }

    // MARK: Sealed segments, rewritten as an attacker would (valid CRCs and footer root)

    /// The encoded records of a sealed segment.
    static func records(ofSealed path: String) throws -> (first: UInt64, records: [[UInt8]]) {
        let segment = try SealedSegment.open(path: path, io: .system)
        var raw = [UInt8]()
        var frame = [UInt8]()
        var out: [[UInt8]] = []
        for i in segment.blocks.indices {
            try segment.readBlock(i, into: &raw, frame: &frame)
            _ = try SealedSegment.forEachRecord(inBlock: raw, entry: segment.blocks[i], context: path) { view in
                out.append(Array(view.encoded))
                return true
            }
        }
        return (segment.firstPosition, out)
    }

    /// Writes `records` as a well-formed sealed segment: every CRC and the footer's
    /// Merkle root are right for what it now holds.
    static func writeSealed(_ path: String, first: UInt64, records: [[UInt8]]) throws {
        var builder = SealedSegmentBuilder(firstPosition: first, blockBytes: blockBytes)
        for (k, bytes) in records.enumerated() {
            try bytes.withUnsafeBytes { raw in
                builder.add(try RecordView(position: first + UInt64(k), record: raw, context: "forged"))
            }
        }
        let file = builder.finish(merkleRoot: { Merkle.root(of: $0) })
        try Data(file).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Tests

    @Test func theUntouchedLogVerifiesAndItsRootIsTheCheckpoints() throws {
        let dir = Self.copy()
        #expect(Self.files(dir, ".seg").count >= 3, "the attacks need several sealed segments")
        #expect(Self.files(dir, ".wal").count == 1 && Self.files(dir, ".idx").count == Self.files(dir, ".seg").count + 1)
        let report = try Self.verify(dir)
        #expect(report.ok, "\(report.problems)")
        #expect(report.records == Self.pristine.final.size)
        #expect(report.root == Self.pristine.final.root)
        #expect(report.checkpoint?.consistent == true)
        let early = try Self.verify(dir, against: Self.pristine.early)
        #expect(early.ok && early.checkpoint?.consistent == true)
    }

    @Test func aFlippedByteAnywhereInAnyFileIsReportedInThatFile() throws {
        let names = Self.copy().files().filter { name in
            // LOCK only names the last writer (and is emptied on close): nothing to check.
            name != "LOCK"
        }
        #expect(names.contains(MerkleTreeStore.fileName))
        var checked = 0
        for name in names {
            let size = try #require(FileManager.default.contents(atPath: Self.pristine.path + "/" + name)).count
            // Headers, the first frames or blocks, the middle, footers and tails.
            var offsets = Set(stride(from: 0, to: min(size, 100), by: 3))
            offsets.formUnion(stride(from: max(0, size - 100), to: size, by: 3))
            offsets.formUnion((1..<12).map { size * $0 / 12 })
            for offset in offsets.sorted() {
                let dir = Self.copy("flip")
                let path = dir.path + "/" + name
                var bytes = try #require(FileManager.default.contents(atPath: path))
                bytes[offset] ^= 0x5A
                try bytes.write(to: URL(fileURLWithPath: path))
                let report = try Self.verify(dir)
                #expect(!report.ok, "a flipped byte at \(name):\(offset) went unnoticed")
                #expect(report.problems.first?.file == name, "\(name):\(offset) reported as \(report.problems.first.map { "\($0)" } ?? "nothing")")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test func aTruncatedTailIsCaughtByTheCheckpoint() throws {
        let dir = Self.copy()
        let wal = dir.path + "/" + Self.files(dir, ".wal")[0]
        let (segment, _) = try WriteAheadSegment.open(path: wal, expectedFirst: nil, resume: nil, repair: false, io: .system) { _ in }
        let frames = segment.state.withLock { $0.frames }
        let last = try #require(frames.last)
        // Cut exactly at a frame boundary: what is left is a well-formed, shorter log.
        try FileManager.default.removeItem(atPath: dir.path + "/" + SegmentIndexFile.fileName(segment.firstPosition))
        let handle = try #require(FileHandle(forWritingAtPath: wal))
        try handle.truncate(atOffset: UInt64(last.offset))
        try handle.close()

        let report = try Self.verify(dir)
        #expect(!report.ok)
        #expect(report.checkpoint?.consistent == false)
        let problem = try #require(report.problems.first { $0.file == "checkpoint" })
        #expect(problem.position == last.firstPosition)
        #expect(problem.message.contains("removed from its end"))
        // The earlier checkpoint still holds: the history before it is intact.
        #expect(try Self.verify(dir, against: Self.pristine.early).checkpoint?.consistent == true)

        // Cut inside a frame: a torn tail, named with its frame and position.
        let torn = Self.copy("torn")
        let tornWal = torn.path + "/" + Self.files(torn, ".wal")[0]
        let h = try #require(FileHandle(forWritingAtPath: tornWal))
        try h.truncate(atOffset: UInt64(last.offset) + 20)
        try h.close()
        let tornReport = try Self.verify(torn)
        let first = try #require(tornReport.problems.first)
        #expect(first.file == Self.files(torn, ".wal")[0] && first.block == frames.count - 1 && first.position == last.firstPosition)
    }

    @Test func aRecordDroppedFromASealedSegmentIsCaughtAndPlaced() throws {
        let dir = Self.copy()
        let name = Self.files(dir, ".seg")[1]
        let (first, records) = try Self.records(ofSealed: dir.path + "/" + name)
        var forged = records
        forged.remove(at: 5)
        try Self.writeSealed(dir.path + "/" + name, first: first, records: forged)

        let report = try Self.verify(dir, against: Self.pristine.early)
        #expect(!report.ok)
        #expect(report.checkpoint?.consistent == false)
        // The first problem is at the dropped record's chunk of 16, in that segment.
        let problem = try #require(report.problems.first)
        let position = try #require(problem.position)
        #expect(position <= first + 5 && first + 5 < position + 16, "\(problem)")
        #expect(problem.message.contains(name))
        #expect(report.problems.contains { $0.file == SegmentIndexFile.fileName(first) })
        #expect(report.problems.contains { $0.message.contains("missing") }, "the next segment no longer follows")
    }

    @Test func aDroppedRecordHiddenFromEveryOtherCheckIsCaughtOnlyByTheCheckpoint() throws {
        let dir = Self.copy()
        let name = Self.files(dir, ".seg")[1]
        let (first, records) = try Self.records(ofSealed: dir.path + "/" + name)
        var forged = records
        forged.remove(at: 5)
        // Keep the count (so the segments still follow each other) with a made-up record,
        // and remove the derived files that would give it away (the engine rebuilds them).
        var filler = records.last!
        filler[30] ^= 0xFF  // another id
        forged.append(filler)
        try Self.writeSealed(dir.path + "/" + name, first: first, records: forged)
        try FileManager.default.removeItem(atPath: dir.path + "/" + SegmentIndexFile.fileName(first))
        try FileManager.default.removeItem(atPath: dir.path + "/" + MerkleTreeStore.fileName)

        #expect(try Self.verify(dir, against: nil).ok, "without a checkpoint the forgery is self-consistent")
        let report = try Self.verify(dir, against: Self.pristine.early)
        #expect(!report.ok)
        #expect(report.checkpoint?.consistent == false)
        #expect(report.problems.map(\.file) == ["checkpoint"])
        #expect(report.problems[0].message.contains("do not") || report.problems[0].message.contains("does not extend"))
    }

    @Test func twoSwappedRecordsAreCaught() throws {
        let dir = Self.copy()
        let name = Self.files(dir, ".seg")[0]
        let (first, records) = try Self.records(ofSealed: dir.path + "/" + name)
        var forged = records
        forged.swapAt(17, 18)
        try Self.writeSealed(dir.path + "/" + name, first: first, records: forged)

        let report = try Self.verify(dir, against: Self.pristine.early)
        #expect(report.checkpoint?.consistent == false)
        let problem = try #require(report.problems.first)
        #expect(problem.file == MerkleTreeStore.fileName && problem.position == first + 16, "\(problem)")
        #expect(report.problems.contains { $0.file == SegmentIndexFile.fileName(first) })

        // The same with the derived files removed: the checkpoint alone catches it.
        try FileManager.default.removeItem(atPath: dir.path + "/" + SegmentIndexFile.fileName(first))
        try FileManager.default.removeItem(atPath: dir.path + "/" + MerkleTreeStore.fileName)
        let bare = try Self.verify(dir, against: Self.pristine.early)
        #expect(bare.problems.map(\.file) == ["checkpoint"])
    }

    @Test func aRewrittenPayloadWithItsCRCFixedUpIsCaughtByItsDigest() throws {
        let dir = Self.copy()
        let walName = Self.files(dir, ".wal")[0]
        let wal = dir.path + "/" + walName
        var bytes = [UInt8](try #require(FileManager.default.contents(atPath: wal)))
        // The second frame: change one Chinese character of the text, recompute the CRC.
        let frame1 = WriteAheadSegment.headerBytes
        let frame2 = frame1 + 8 + Int(bytes.withUnsafeBytes { loadLE32($0, frame1) })
        let length = Int(bytes.withUnsafeBytes { loadLE32($0, frame2) })
        let body = frame2 + 8..<frame2 + 8 + length
        let target = Array("会".utf8)
        let at = try #require((body.lowerBound..<body.upperBound - 3).first { Array(bytes[$0..<$0 + 3]) == target })
        bytes.replaceSubrange(at..<at + 3, with: Array("议".utf8))
        let crc = CRC32C.checksum(bytes[body], continuing: CRC32C.checksum(bytes[frame2..<frame2 + 4]))
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: crc.littleEndian, toByteOffset: frame2 + 4, as: UInt32.self) }
        try Data(bytes).write(to: URL(fileURLWithPath: wal))

        let report = try Self.verify(dir)
        #expect(report.problems.count == 1)
        let problem = try #require(report.problems.first)
        let firstPosition = try #require(SegmentName.parse(walName)?.first)
        #expect(problem.file == walName && problem.block == 1)
        #expect(problem.message.contains("digest"))
        #expect(try #require(problem.position) > firstPosition)
        // The leaves commit to the digest, not the payload: the history's shape is intact.
        #expect(report.checkpoint?.consistent == true)
    }

    @Test func aRemovedSegmentIsReportedAsMissingRecords() throws {
        let dir = Self.copy()
        let name = Self.files(dir, ".seg")[1]
        let (first, records) = try Self.records(ofSealed: dir.path + "/" + name)
        try FileManager.default.removeItem(atPath: dir.path + "/" + name)
        let report = try Self.verify(dir)
        let problem = try #require(report.problems.first)
        #expect(problem.position == first && problem.message.contains("records \(first)…\(first + UInt64(records.count) - 1) are missing"))
        #expect(report.root == nil)
    }

    @Test func aDamagedIndexFileIsReportedThenRebuiltByTheWriterAndNeverGivesWrongAnswers() throws {
        let dir = Self.copy()
        let name = Self.files(dir, ".idx")[1]
        let path = dir.path + "/" + name
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try Self.verify(dir).problems.first?.file == name)

        let expected = try { () -> [Record] in
            var options = LogOptions()
            options.readOnly = true
            let log = try Log.open(Self.pristine.path, options: options)
            return try log.readStream("meeting/BGS-2023-42")
        }()
        // A reader ignores the damaged file; the writer rewrites it.
        var options = LogOptions()
        options.readOnly = true
        let reader = try Log.open(dir.path, options: options)
        #expect(try reader.readStream("meeting/BGS-2023-42") == expected)
        let writer = try Log.open(dir.path)
        #expect(writer.recovery.rebuiltIndexes == 1)
        #expect(try writer.readStream("meeting/BGS-2023-42") == expected)
        try writer.close()
        #expect(try Self.verify(dir).ok)
    }

    @Test func aDamagedMerkleNodeIsReportedAndProofsNeverComeOutWrong() throws {
        let dir = Self.copy()
        let path = dir.path + "/" + MerkleTreeStore.fileName
        var bytes = try #require(FileManager.default.contents(atPath: path))
        let entries = (bytes.count - 16) / 36
        // An entry in the middle (covering old records), not on the right edge.
        bytes[16 + 36 * 3 + 7] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        let report = try Self.verify(dir)
        #expect(report.problems.count == 1 && report.problems[0].file == MerkleTreeStore.fileName)
        #expect(report.problems[0].message.contains("node entry 3"))

        let log = try Log.open(dir.path)
        let (size, root) = try log.merkleRoot()
        #expect(root == Self.pristine.final.root)
        var refused = 0
        for position in 0..<size {
            do {
                let proof = try log.inclusionProof(position: position, treeSize: size)
                let leaf = try log.leafHashes(position..<position + 1)[0]
                try Merkle.verifyInclusion(leafHash: leaf, index: position, treeSize: size, proof: proof, root: root)
            } catch let error as MerkleError {
                #expect(error.code == .corruptNode)
                refused += 1
            }
        }
        #expect(refused > 0, "proofs that need the damaged node are refused")
        try log.close()

        // A damaged last entry looks like a write cut short: the writer recomputes it.
        let tail = Self.copy("tail")
        let tailPath = tail.path + "/" + MerkleTreeStore.fileName
        var tailBytes = try #require(FileManager.default.contents(atPath: tailPath))
        tailBytes[16 + 36 * (entries - 1)] ^= 0x01
        try tailBytes.write(to: URL(fileURLWithPath: tailPath))
        #expect(try Self.verify(tail).problems.first?.file == MerkleTreeStore.fileName)
        let writer = try Log.open(tail.path)
        #expect(try writer.merkleRoot().root == Self.pristine.final.root)
        try writer.close()
        #expect(try Self.verify(tail).ok, "rebuilt")
    }

    @Test func aVerifyWhileTheWriterAppendsAndSealsFindsNothingWrong() async throws {
        let dir = TemporaryDirectory()
        var options = LogOptions()
        options.segmentBytes = 16 << 10
        options.blockBytes = Self.blockBytes
        options.checkpointBytes = 4 << 10
        let log = try Log.open(dir.path, options: options)
        let writer = Task.detached {
            for i in 0..<1500 {
                _ = try log.appendBlocking([
                    StreamAppend(stream: "meeting/GH-2024-\(i % 7)", records: [NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(i))])
                ])
            }
        }
        var runs = 0
        while !writer.isCancelled, runs < 40 {
            let report = try Log.verify(directory: dir.path)
            #expect(report.ok, "\(report.problems.prefix(3))")
            runs += 1
            if log.endPosition >= 1500 { break }
        }
        try await writer.value
        let checkpoint = try log.merkleRoot()
        try log.close()
        #expect(try Log.verify(directory: dir.path, against: checkpoint).ok)
    }

    @Test func indexFilesWrittenFromLargeBatchesVerify() throws {
        // The writer indexes a batch run by run, so its sparse time index falls elsewhere
        // than one built record by record: verify checks entries, not their placement.
        let dir = TemporaryDirectory()
        var options = LogOptions()
        options.sealInBackground = false
        options.segmentBytes = 256 << 10
        options.checkpointBytes = 16 << 10
        let log = try Log.open(dir.path, options: options)
        for b in 0..<12 {
            let records = (0..<700).map { NewRecord(type: "minutes.recorded", payload: SamplePayloads.json(b * 700 + $0)) }
            _ = try log.appendBlocking([
                StreamAppend(stream: "meeting/KW-\(b % 3)", records: Array(records[..<400])),
                StreamAppend(stream: "meeting/KW-\(b % 3 + 3)", records: Array(records[400...])),
            ])
        }
        try log.close()
        #expect(Self.files(dir, ".seg").count >= 1)
        let report = try Log.verify(directory: dir.path)
        #expect(report.ok, "\(report.problems)")
    }

    @Test func theWritersVerifyChecksItsOwnTreeToo() throws {
        let dir = Self.copy()
        let log = try Log.open(dir.path)
        let report = try log.verify(against: Self.pristine.early)
        #expect(report.ok, "\(report.problems)")
        #expect(report.root == Self.pristine.final.root && report.checkpoint?.consistent == true)
        try log.close()
    }
}
