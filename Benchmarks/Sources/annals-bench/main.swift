import Foundation

// annals-bench: Annals' figures, measured on this machine.
//
//   swift run -c release --package-path Benchmarks annals-bench [--only NAME] [--compare] [--no-compare]
//       [--rounds N] [--scale X] [--json FILE]
//
// It measures the storage engine's workloads, the proofs' and the query layer's,
// then runs the side-by-side comparison with SQLite and JSON Lines
// (Benchmarks/README.md). `--only NAME` runs one (batched, group, read, open,
// proofs, query, single-append, compare); `--compare` is `--only compare`; `--no-compare` skips
// the comparison; `--rounds 3` runs each of the comparison's timed workloads three
// times and shows the median; `--scale 0.1` runs a tenth of each workload for a
// quick look (the reported figures use scale 1).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "fill-and-crash" {
    try LogWorkloads.fillAndCrash(arguments[1], bytes: Int(arguments[2])!)
}
if arguments.first == "compare-phase" {
    try await ComparePhase.main(Array(arguments.dropFirst()))
}
var scale = 1.0
var jsonPath: String?
var only: String?
var compare = true
var rounds = 1
var i = 0
while i < arguments.count {
    switch arguments[i] {
    case "--scale": scale = Double(arguments[i + 1])!; i += 1
    case "--json": jsonPath = arguments[i + 1]; i += 1
    case "--only": only = arguments[i + 1]; i += 1
    case "--compare": only = "compare"
    case "--no-compare": compare = false
    case "--rounds": rounds = max(1, Int(arguments[i + 1])!); i += 1
    case "--archive": i += 1  // an existing archive for the domain workloads (DomainWorkloads reads it)
    default:
        FileHandle.standardError.write(Data("annals-bench: unknown argument \(arguments[i])\n".utf8))
        exit(2)
    }
    i += 1
}
let started = Date()
let progress: (String) -> Void = { FileHandle.standardError.write(Data("  \($0)\n".utf8)) }
var figures: [LogWorkloads.Figure] = []
if only != "compare" {
    figures = try await LogWorkloads.run(scale: scale, only: only, progress: progress)
    if only == nil || only == "proofs" { figures += try ProofWorkloads.run(scale: scale) }
    if only == nil || only == "query" { figures += try QueryWorkloads.run(scale: scale, progress: progress) }
    if only == nil || only == SingleAppendWorkload.name { figures += try await SingleAppendWorkload.run(scale: scale, progress: progress) }
    if only == nil || DomainWorkloads.names.contains(only!) {
        figures += try DomainWorkloads.run(scale: scale, only: only, progress: progress)
    }
}
var comparison: Compare.Result?
if compare && (only == nil || only == "compare") {
    comparison = try Compare.run(scale: scale, rounds: rounds, progress: progress)
}
func format(_ v: Double) -> String {
    v >= 100 ? String(format: "%.0f", v).reversed().enumerated().map { $0 > 0 && $0 % 3 == 0 ? "\($1)," : "\($1)" }.reversed().joined()
        : String(format: "%.1f", v)
}
if !figures.isEmpty {
    print("Annals storage engine, \(ProcessInfo.processInfo.activeProcessorCount) cores, scale \(scale)")
    let width = figures.map(\.name.count).max() ?? 0
    for f in figures {
        print(f.name.padding(toLength: width, withPad: " ", startingAt: 0), "  ", format(f.value).leftPad(12), f.unit.padding(toLength: 10, withPad: " ", startingAt: 0), " target", f.target)
    }
    print()
}
if let comparison { print(comparison.printed(scale: scale)) }
print(String(format: "(%.0f s)", Date().timeIntervalSince(started)))
if let jsonPath {
    var document: [String: Any] = [
        "engine": figures.map { ["workload": $0.name, "value": $0.value, "unit": $0.unit, "target": $0.target] as [String: Any] }
    ]
    if let comparison { document["comparison"] = comparison.json(scale: scale) }
    try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: jsonPath))
}

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
