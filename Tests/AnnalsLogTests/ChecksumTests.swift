import CAnnalsSupport
import Testing

@testable import AnnalsLog

@Suite struct ChecksumTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        // RFC 3720 (iSCSI) check value for "123456789".
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    }

    @Test func crc32cHardwareAndPortablePathsAgree() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 63, 64, 1000, 24_575, 24_576, 65_537, 200_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let portable = bytes.withUnsafeBytes { annals_crc32c_portable(0, $0.baseAddress, $0.count) }
            #expect(CRC32C.checksum(bytes) == portable, "length \(length)")
        }
    }

    @Test func crc32cContinuesAcrossPieces() {
        let bytes = Array("the quick brown fox jumps over the lazy dog 会议纪要".utf8)
        let whole = CRC32C.checksum(bytes)
        let first = CRC32C.checksum(bytes[..<11])
        #expect(CRC32C.checksum(bytes[11...], continuing: first) == whole)
    }

    @Test func xxh32MatchesReferenceValues() {
        // Reference values from xxHash's own test suite.
        #expect(annals_xxh32(nil, 0, 0) == 0x02CC_5D05)
        let abc = Array("abc".utf8)
        #expect(abc.withUnsafeBytes { annals_xxh32($0.baseAddress, 3, 0) } == 0x32D1_53FF)
    }
}
