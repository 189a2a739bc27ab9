import Annals
import AnnalsLog
import Synchronization

/// A signed-in browser or client: made by `POST /api/v1/session`, kept in memory only
/// (a restart signs everyone out, which is the safe direction).
struct Session: Sendable {
    let account: String
    let expiresAt: Int64
    /// The page sends this back in `X-Annals-CSRF` with every state-changing request:
    /// another site can make the browser send the cookie, but cannot read this value.
    let csrfToken: String
}

/// The live sessions, by the SHA-256 of their token (a memory dump shows no usable token).
final class SessionStore: Sendable {
    private let sessions = Mutex<[String: Session]>([:])

    /// A new session for `account`; returns its token (shown once) and the session.
    func open(for account: String, lifetime: Duration, now: Int64) -> (token: String, session: Session) {
        let token = "annals_s_" + randomHex(32)
        let micros = lifetime.components.seconds * 1_000_000
        let session = Session(account: account, expiresAt: now + micros, csrfToken: randomHex(32))
        let digest = CredentialStore.digest(token)
        sessions.withLock { sessions in
            // Expired sessions go when new ones come: the table cannot grow without bound.
            sessions = sessions.filter { $0.value.expiresAt > now }
            sessions[digest] = session
        }
        return (token, session)
    }

    /// The live session of `token`, if any.
    func session(for token: String, now: Int64) -> Session? {
        let digest = CredentialStore.digest(token)
        return sessions.withLock { sessions in
            guard let session = sessions[digest] else { return nil }
            guard session.expiresAt > now else {
                sessions[digest] = nil
                return nil
            }
            return session
        }
    }

    func close(token: String) {
        let digest = CredentialStore.digest(token)
        _ = sessions.withLock { $0.removeValue(forKey: digest) }
    }

    /// Ends every session of `account` (after a revocation seen at sign-in).
    func closeAll(of account: String) {
        sessions.withLock { $0 = $0.filter { $0.value.account != account } }
    }
}

/// `count` random bytes from the system's generator, in hex.
func randomHex(_ count: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(count * 2)
    for _ in 0..<count {
        let byte = UInt8.random(in: 0...255, using: &generator)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}
