import Annals
import AnnalsLog
import Foundation

/// `ANNALS_FAULT=EFFECT:OPERATION:SKIP[:PATH]`: the reliability harness's way into a
/// real process's I/O seam (``FileIO``, ``FaultPlan``). The `SKIP`-th next call of
/// `OPERATION` (`open`, `write`, `fsync`, `truncate`, `rename`, `unlink`, or `any`) on
/// a path containing `PATH` gets `EFFECT`: `kill` (the process kills itself with
/// SIGKILL before the call), `enospc` or `eio` (the call fails so). Read by `import`
/// only: the command that writes destructions. Unset, nothing changes.
enum FaultInjection {
    static let variable = "ANNALS_FAULT"

    /// The seam to open the archive with, if the variable asks for faults.
    static func io() throws -> FileIO? {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return nil }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        let effects: [String: FaultPlan.Effect] = ["kill": .kill, "enospc": .fail(ENOSPC), "eio": .fail(EIO)]
        guard parts.count >= 3, let effect = effects[parts[0]], let operation = FaultPlan.Operation(rawValue: parts[1]),
            let skip = Int(parts[2]), skip >= 0
        else {
            throw CLIError("\(variable)=\(text): expected EFFECT:OPERATION:SKIP[:PATH], EFFECT kill, enospc or eio, OPERATION open, write, fsync, truncate, rename, unlink or any")
        }
        let path = parts.count == 4 && !parts[3].isEmpty ? parts[3] : nil
        return FileIO(faults: FaultPlan([FaultPlan.Rule(operation, pathContains: path, skip: skip, effect: effect)]))
    }
}
