import Synchronization

/// Failed sign-ins, counted per account and per address.
///
/// Every failure is answered only after the configured delay (a sleep, not work), and
/// after `threshold` failures within `window` the account or address is locked out
/// until the window has passed: its sign-ins are refused with 429 before any password
/// is checked, so a flood of guesses costs no bcrypt time and gets no answer either way.
final class SignInThrottle: Sendable {
    struct Failures {
        var count: Int
        var since: Int64
    }

    let threshold: Int
    let window: Int64
    private let failures = Mutex<[String: Failures]>([:])

    init(threshold: Int, window: Duration) {
        self.threshold = threshold
        self.window = window.components.seconds * 1_000_000
    }

    static func keys(account: String, address: String) -> [String] { ["account:" + account, "address:" + address] }

    /// Seconds until sign-ins for these keys are accepted again, or nil if they are now.
    func lockedFor(_ keys: [String], now: Int64) -> Int? {
        failures.withLock { table in
            var wait: Int64 = 0
            for key in keys {
                guard let entry = table[key] else { continue }
                if now - entry.since >= window {
                    table[key] = nil
                } else if entry.count >= threshold {
                    wait = max(wait, entry.since + window - now)
                }
            }
            return wait > 0 ? Int((wait + 999_999) / 1_000_000) : nil
        }
    }

    func failed(_ keys: [String], now: Int64) {
        failures.withLock { table in
            // Bounded memory under a flood from many addresses: old entries go first.
            if table.count > 100_000 { table = table.filter { now - $0.value.since < window } }
            for key in keys {
                if var entry = table[key], now - entry.since < window {
                    entry.count += 1
                    table[key] = entry
                } else {
                    table[key] = Failures(count: 1, since: now)
                }
            }
        }
    }

    /// A successful sign-in clears the account's count (not the address's).
    func succeeded(account: String) {
        _ = failures.withLock { $0.removeValue(forKey: "account:" + account) }
    }
}
