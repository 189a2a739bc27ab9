import Testing

@testable import Annals

/// Stored bytes are read defensively: whatever a damaged payload or checkpoint holds,
/// reading it throws, never traps. Found by the binary-payload fuzzer: a varint holding
/// Int64.min as a time's offset or a date made `abs` trap.
@Suite struct DamagedPayloadTests {
    /// The zigzag varint of Int64.min.
    static let smallest: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]

    @Test func aTimeOffsetOfInt64MinIsRefused() throws {
        // format 1, schema 1, micros 0, offset Int64.min
        let payload: [UInt8] = [1, 1, 0] + Self.smallest + [0]
        _ = payload.withUnsafeBytes { bytes in
            #expect(throws: EventDecodingError.self) { try BinaryEventCodec.decode(type: .minutesDrafted, payload: bytes) }
        }
    }

    @Test func aDateOfInt64MinDaysIsRefusedInPayloadsAndCheckpoints() throws {
        ([1] + Self.smallest).withUnsafeBytes { bytes in
            var payload = BinaryReader(bytes)
            #expect(throws: EventDecodingError.self) { try payload.optionalDate("deadline") }
        }
        Self.smallest.withUnsafeBytes { bytes in
            var checkpoint = BinaryReader(bytes)
            #expect(throws: EventDecodingError.self) { try checkpoint.date() }
        }
    }

    @Test func aCheckpointWhoseMeetingVersionOverflowsAnIntIsRefused() {
        // Found by libFuzzer on the checkpoint: Int(varint) trapped on a version over Int.max.
        let stream = Array("meeting/BGS-2015-001".utf8)
        let section: [UInt8] = [1, 1, UInt8(stream.count)] + stream + Self.smallest  // format 1, one meeting, version 2^64-1
        let checkpoint = Array("APRJ".utf8) + [1, 0, 1, 7] + Array("records".utf8) + [UInt8(section.count)] + section
        #expect(throws: SnapshotError.self) { try ProjectionSet(decoding: checkpoint) }
    }
}
