import Foundation

// annals-bench: Annals' figures, measured on this machine.
//
//   swift run -c release --package-path Benchmarks annals-bench [--only NAME] [--scale X] [--json FILE]
//
// It measures the storage engine's workloads and the proofs'; `--only NAME` runs one
// (batched, group, read, open, proofs); `--scale 0.1` runs a tenth of each workload
// for a quick look (the reported figures use scale 1).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "fill-and-crash" {
    try LogWorkloads.fillAndCrash(arguments[1], bytes: Int(arguments[2])!)
}
var scale = 1.0
var jsonPath: String?
var only: String?
var i = 0
while i < arguments.count {
    switch arguments[i] {
    case "--scale": scale = Double(arguments[i + 1])!; i += 1
    case "--json": jsonPath = arguments[i + 1]; i += 1
    case "--only": only = arguments[i + 1]; i += 1
    default: break
    }
    i += 1
}
let started = Date()
var figures = try await LogWorkloads.run(scale: scale, only: only) { FileHandle.standardError.write(Data("  \($0)\n".utf8)) }
if only == nil || only == "proofs" { figures += try ProofWorkloads.run(scale: scale) }
if only == nil || DomainWorkloads.names.contains(only!) {
    figures += try DomainWorkloads.run(scale: scale, only: only) { FileHandle.standardError.write(Data("  \($0)\n".utf8)) }
}
func format(_ v: Double) -> String {
    v >= 100 ? String(format: "%.0f", v).reversed().enumerated().map { $0 > 0 && $0 % 3 == 0 ? "\($1)," : "\($1)" }.reversed().joined()
        : String(format: "%.1f", v)
}
print("Annals storage engine, \(ProcessInfo.processInfo.activeProcessorCount) cores, scale \(scale)")
let width = figures.map(\.name.count).max() ?? 0
for f in figures {
    print(f.name.padding(toLength: width, withPad: " ", startingAt: 0), "  ", format(f.value).leftPad(12), f.unit.padding(toLength: 10, withPad: " ", startingAt: 0), " target", f.target)
}
print(String(format: "(%.0f s)", Date().timeIntervalSince(started)))
if let jsonPath {
    let rows = figures.map { ["workload": $0.name, "value": $0.value, "unit": $0.unit, "target": $0.target] as [String: Any] }
    try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: jsonPath))
}

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
