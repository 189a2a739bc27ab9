import Testing
@testable import AnnalsServer

@Suite struct ListenAddressTests {
    @Test func parsesHostAndPort() throws {
        let address = try ListenAddress(parsing: "127.0.0.1:8080")
        #expect(address == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(address.isLoopback)
    }

    @Test func bracketedIPv6AndBarePort() throws {
        #expect(try ListenAddress(parsing: "[::1]:9000") == ListenAddress(host: "::1", port: 9000))
        #expect(try ListenAddress(parsing: ":9000") == ListenAddress(host: "127.0.0.1", port: 9000))
    }

    @Test func networkAddressesAreNotLoopback() throws {
        #expect(try !ListenAddress(parsing: "0.0.0.0:8080").isLoopback)
        #expect(try !ListenAddress(parsing: "192.168.1.20:8080").isLoopback)
        #expect(try !ListenAddress(parsing: "127.evil.example:8080").isLoopback)
    }

    @Test func aMissingOrBadPortIsRefusedNamingTheForm() {
        #expect(throws: ServerSetupError.self) { try ListenAddress(parsing: "127.0.0.1") }
        #expect(throws: ServerSetupError.self) { try ListenAddress(parsing: "127.0.0.1:99999") }
    }
}
