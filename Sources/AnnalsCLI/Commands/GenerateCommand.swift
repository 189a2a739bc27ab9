import Annals
import ArgumentParser
import Foundation

/// `annals generate`: realistic events for a municipal agency, as JSON Lines on
/// stdout, the same bytes for the same options (CLI.md).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic meeting records of a municipal agency as JSON Lines, deterministic for a seed.",
        discussion: """
            Simulates 某市行政服务中心管理办公室, an agency of about 160 staff in eleven \
            departments, following the meeting rules of Chinese municipal offices: the weekly \
            meeting (周例会) every Monday at 09:30, section meetings (科务会) on Monday and Friday \
            mornings, the director's office meeting (主任办公会) every two weeks, the party \
            group (党组会议) monthly, system work meetings in late June and at year end, the \
            commendation meeting before the Spring Festival, seminars, symposia and ad hoc \
            meetings. Each meeting is noticed, attended (with leave, substitutes, late \
            arrivals, absences), minuted, decided and followed up; each year is filed \
            (归档) in the next year's first quarter; expired ten-year records are appraised, \
            approved for destruction and destroyed before two witnesses.

            A default run is about 500,000 events: meetings 2015-2024, then two years in \
            which only the records office works, so that the 2015 section meetings (kept \
            ten years) come due and are destroyed in 2026. Every event passes the rules \
            of `annals import`.

            Examples:
              annals generate > agency.jsonl
              annals generate --years 2 --seed 7 | annals import -
              annals generate --years 1 --custody-years 11 > destruction.jsonl
            """)

    @Option(help: ArgumentHelp("Years of meetings.", valueName: "N"))
    var years: Int = 10

    @Option(help: ArgumentHelp("The seed: the same seed and options give byte-identical output.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The first year of meetings.", valueName: "Y"))
    var startYear: Int = GeneratorOptions.defaultStartYear

    @Option(help: ArgumentHelp("Years after the meetings in which only the records office works (filing, reads, holds, retention reviews).", valueName: "N"))
    var custodyYears: Int = 2

    @Option(help: ArgumentHelp("The fonds code (全宗号) records are filed under: a capital letter and three digits.", valueName: "CODE"))
    var fonds: String = "Z109"

    @Option(help: ArgumentHelp("About how many events a year of meetings produces (scales the staff).", valueName: "N"))
    var eventsPerYear: Int = 50_000

    @Option(help: ArgumentHelp(
        "Also write the policy the data passes (who leads, who heads each department, year by year) to FILE, for `annals init --policy FILE`.",
        valueName: "FILE"))
    var policyOut: String?

    func validate() throws {
        guard (1...100).contains(years) else { throw ValidationError("--years must be from 1 to 100") }
        guard (0...100).contains(custodyYears) else { throw ValidationError("--custody-years must be from 0 to 100") }
        guard (1900...9000).contains(startYear) else { throw ValidationError("--start-year must be a four-digit year, like 2015") }
        let utf8 = Array(fonds.utf8)
        guard utf8.count == 4, (65...90).contains(utf8[0]), utf8.dropFirst().allSatisfy({ (48...57).contains($0) }) else {
            throw ValidationError("--fonds must be a capital letter and three digits, like Z109")
        }
        guard (10_000...10_000_000).contains(eventsPerYear) else { throw ValidationError("--events-per-year must be from 10000 to 10000000") }
    }

    func run() throws {
        let options = GeneratorOptions(
            years: years, seed: seed, startYear: startYear, custodyYears: custodyYears, fonds: fonds, eventsPerYear: eventsPerYear)
        if let policyOut {
            try Data(AgencyGenerator(options).policy.json()).write(to: URL(fileURLWithPath: policyOut))
        }
        let showProgress = Output.stderrIsTerminal
        let started = Date()
        // Two threads: this one encodes and writes, the other generates and, since
        // encoding is the larger half of the work, also encodes every fourth batch.
        let pipe = BatchPipe()
        let producer = Thread {
            var events: [Event] = []
            var sent = 0
            func send() -> Bool {
                var batch = Batch(events: events, lines: [], count: events.count, year: events.last?.at.localDate.year ?? 0)
                if sent % 4 == 3 {
                    JSONLines.append(events, to: &batch.lines)
                    batch.events = []
                }
                sent += 1
                events.removeAll(keepingCapacity: true)
                return pipe.send(batch)
            }
            events.reserveCapacity(BatchPipe.batchSize)
            for event in AgencyGenerator(options) {
                events.append(event)
                if events.count == BatchPipe.batchSize, !send() { return }
            }
            if !events.isEmpty { _ = send() }
            pipe.finish()
        }
        producer.start()
        defer { pipe.cancel() }
        var out = StandardOutput()
        var count = 0
        while let batch = pipe.receive() {
            if batch.events.isEmpty {
                try out.write(batch.lines)
            } else {
                try out.append(batch.events)
            }
            count += batch.count
            if showProgress, count % (BatchPipe.batchSize * 16) == 0 {
                Output.status("\rgenerating: \(batch.year) of \(options.startYear)-\(options.lastYear), \(Output.count(count)) events")
            }
        }
        try out.flush()
        if showProgress {
            Output.status(String(format: "\rgenerated %@ events (%d-%d) in %.1f s\u{1B}[K\n", Output.count(count), options.startYear, options.lastYear, Date().timeIntervalSince(started)))
        }
    }
}

/// Consecutive events, as generated or already encoded as JSON Lines.
private struct Batch: Sendable {
    var events: [Event]
    /// The events' lines when the generating thread encoded them (`events` is then empty).
    var lines: [UInt8]
    let count: Int
    /// The year of the last event, for progress.
    let year: Int
}

/// Batches from the generating thread to the writing one, at most a few in flight
/// so memory stays small.
private final class BatchPipe: @unchecked Sendable {
    static let batchSize = 4096
    private let condition = NSCondition()
    private var batches: [Batch] = []
    private var finished = false
    private var cancelled = false

    /// Queues a batch, waiting while the writer is behind; false once the writer gave up.
    func send(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= 4, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, or nil when the generator is done.
    func receive() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The writer stops (done or failed): the generator stops at its next batch.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Events as JSON Lines (EVENTS.md), encoded straight into a byte buffer.
private enum JSONLines {
    static let codec = EventJSONCodec()

    static func append(_ events: [Event], to buffer: inout [UInt8]) {
        for i in events.indices {
            // The writer takes the buffer for one line and gives it back: no copy per event.
            var writer = JSONWriter(capacity: 0)
            swap(&writer.bytes, &buffer)
            codec.encode(events[i], into: &writer)
            swap(&writer.bytes, &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
    }
}

/// Stdout in large writes: lines collect in a buffer written whenever it passes 1 MiB.
private struct StandardOutput {
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 20

    init() {
        buffer.reserveCapacity(Self.chunk + (4 << 20))
    }

    mutating func append(_ events: [Event]) throws {
        JSONLines.append(events, to: &buffer)
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Writes lines encoded elsewhere, after what is buffered.
    mutating func write(_ lines: [UInt8]) throws {
        try flush()
        try Self.write(lines)
    }

    mutating func flush() throws {
        try Self.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CLIError("cannot write to stdout: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}
