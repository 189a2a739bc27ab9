// Where `annals serve` listens, and whether plain HTTP may be served there.
//
// Plain HTTP is allowed on a loopback address only: a session token or a password sent
// in clear over a network is an account handed to whoever listens. On any other address
// the operator gives a certificate and key, or says `--insecure` knowingly (behind a
// TLS-terminating proxy on the same host, say).

/// A host and port to listen on, from `--listen HOST:PORT`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (loopback).
    public init(parsing text: String) throws(ServerSetupError) {
        var hostPart: Substring
        var portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .badListenAddress(text, reason: "an IPv6 address in brackets has no closing ]")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw .badListenAddress(text, reason: "a port is needed after the address, as [::1]:8080")
            }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw .badListenAddress(text, reason: "the form is HOST:PORT, as 127.0.0.1:8080")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        if hostPart.isEmpty { hostPart = "127.0.0.1" }
        guard let port = Int(portPart), (0...65535).contains(port) else {
            throw .badListenAddress(text, reason: "the port must be a number from 0 to 65535")
        }
        self.host = String(hostPart)
        self.port = port
    }

    /// True for addresses that only this machine can reach.
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Why the server could not be set up; said to the operator before anything listens.
public enum ServerSetupError: Error, Equatable, CustomStringConvertible {
    case badListenAddress(String, reason: String)
    case plainHTTPOnNetwork(String)
    case tlsNeedsBoth
    case tlsFiles(String)

    public var description: String {
        switch self {
        case .badListenAddress(let text, let reason):
            return "--listen \(text): \(reason)"
        case .plainHTTPOnNetwork(let address):
            return "refusing plain HTTP on \(address), an address other machines can reach: give --tls-cert and --tls-key, or --insecure if a TLS proxy on this host fronts the server"
        case .tlsNeedsBoth:
            return "--tls-cert and --tls-key go together: give both or neither"
        case .tlsFiles(let reason):
            return "TLS: \(reason)"
        }
    }
}
