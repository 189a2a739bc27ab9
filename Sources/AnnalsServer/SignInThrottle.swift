import Synchronization

/// Failed sign-ins, counted per account and per address.
///
/// Every failure is answered only after the configured delay (a sleep, not work), and
/// after `threshold` failures within `window` the account or address is locked out
/// until the window has passed: its sign-ins are refused with 429 before any password
/// is checked, so a flood of guesses costs no bcrypt time and gets no answer either way.
///
/// Attempts still being checked count against the threshold too: a flood sent all at
/// once (thirty guesses in flight before the first bcrypt has answered) gets at most
/// `threshold` password checks per account and per address, not one per connection.
final class SignInThrottle: Sendable {
    struct Failures {
        var count: Int
        var since: Int64
    }

    struct Table {
        var failures: [String: Failures] = [:]
        /// Attempts admitted and not yet answered, per key.
        var checking: [String: Int] = [:]
    }

    let threshold: Int
    let window: Int64
    private let table = Mutex(Table())

    init(threshold: Int, window: Duration) {
        self.threshold = threshold
        self.window = window.components.seconds * 1_000_000
    }

    static func keys(account: String, address: String) -> [String] { ["account:" + account, "address:" + address] }

    /// Admits a sign-in for these keys (its password may be checked) and returns nil,
    /// or refuses it and returns the seconds until one would be admitted again. Every
    /// admitted attempt ends with `failed` or `succeeded`, or `abandoned` on an error.
    func admit(_ keys: [String], now: Int64) -> Int? {
        table.withLock { table in
            var wait: Int64 = 0
            for key in keys {
                var failed = 0
                if let entry = table.failures[key] {
                    if now - entry.since >= window {
                        table.failures[key] = nil
                    } else {
                        failed = entry.count
                        if failed >= threshold { wait = max(wait, entry.since + window - now) }
                    }
                }
                // Checks in flight that would reach the threshold if they all failed:
                // this one waits until they are answered.
                if failed < threshold, failed + table.checking[key, default: 0] >= threshold { wait = max(wait, 1_000_000) }
            }
            if wait > 0 { return Int((wait + 999_999) / 1_000_000) }
            for key in keys { table.checking[key, default: 0] += 1 }
            return nil
        }
    }

    /// An admitted attempt had a wrong account or password.
    func failed(_ keys: [String], now: Int64) {
        table.withLock { table in
            Self.answered(keys, &table)
            // Bounded memory under a flood from many addresses: old entries go first.
            if table.failures.count > 100_000 { table.failures = table.failures.filter { now - $0.value.since < window } }
            for key in keys {
                if var entry = table.failures[key], now - entry.since < window {
                    entry.count += 1
                    table.failures[key] = entry
                } else {
                    table.failures[key] = Failures(count: 1, since: now)
                }
            }
        }
    }

    /// A successful sign-in clears the account's count (not the address's).
    func succeeded(_ keys: [String], account: String) {
        table.withLock { table in
            Self.answered(keys, &table)
            table.failures["account:" + account] = nil
        }
    }

    /// An admitted attempt that ended in an error before its answer (nothing counted).
    func abandoned(_ keys: [String]) {
        table.withLock { Self.answered(keys, &$0) }
    }

    private static func answered(_ keys: [String], _ table: inout Table) {
        for key in keys {
            let left = table.checking[key, default: 1] - 1
            table.checking[key] = left > 0 ? left : nil
        }
    }
}
