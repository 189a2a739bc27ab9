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
}
