import Annals
import AnnalsLog
import Foundation

/// The domain layer's figures (issues: "Meeting events and their rules" and
/// "Projections"): binary decode, full replay into the projections, opening with a
/// checkpoint, `minutes --as-of` on one meeting, and JSON Lines import.
///
/// By default it generates an agency (`AgencyGenerator`, about 500,000 events at
/// scale 1) and imports it into a fresh archive. With `--archive PATH` it measures
/// an existing archive instead (for instance one of 5,000,000 events made with
/// `annals generate` and `annals import`), and skips the import workload.
///
///   annals-bench --only decode|replay|open-checkpoint|minutes-as-of|import|domain
enum DomainWorkloads {
    typealias Figure = LogWorkloads.Figure

    static let names: Set<String> = ["decode", "replay", "open-checkpoint", "minutes-as-of", "import", "domain"]

    static func run(scale: Double, only: String?, progress: (String) -> Void) throws -> [Figure] {
        func wanted(_ name: String) -> Bool { only == nil || only == "domain" || only == name }
        var figures: [Figure] = []
        let arguments = CommandLine.arguments
        let given = arguments.firstIndex(of: "--archive").map { arguments[$0 + 1] }
        let dir = given ?? LogWorkloads.temporary("domain")
        defer { if given == nil { try? FileManager.default.removeItem(atPath: dir) } }

        if given == nil {
            // A generated agency: ten years of meetings (about 50,000 events a year
            // at scale 1), then the records office's custody years.
            let years = max(1, Int((10 * scale).rounded()))
            let generator = AgencyGenerator(GeneratorOptions(years: years))
            var lines: [UInt8] = []
            let codec = EventJSONCodec()
            for event in generator {
                lines.append(contentsOf: codec.encode(event).utf8)
                lines.append(10)
            }
            let count = lines.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            progress("generated \(count) events (\(lines.count >> 20) MiB of JSON Lines)")
            let archive = try Archive.create(at: dir, options: generator.archiveOptions)
            var report: ImportReport?
            // End to end as `annals import` does it: import, then close (the
            // projections' checkpoint is written at close).
            let time = try LogWorkloads.seconds {
                report = try archive.importLines(lines)
                try archive.close()
            }
            if wanted("import") {
                figures.append(Figure(
                    name: "import of JSON Lines, durable, end to end (\(count) events)", value: Double(report!.appended) / time,
                    unit: "events/s", target: "≥ 150,000"))
            }
            progress("import done")
        }

        if given != nil {
            // Bring the checkpoint up to date (rewritten if it is of an older format).
            let started = DispatchTime.now().uptimeNanoseconds
            try Archive.open(at: dir).close()
            progress(String(format: "checkpoint brought up to date in %.2f s", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
        }
        let archive = try Archive.open(at: dir, options: { var o = ArchiveOptions(); o.readOnly = true; return o }())
        let end = archive.log.endPosition

        if wanted("decode") {
            // The stored payloads, copied out of the log first: the figure is the
            // codec's alone, on one core.
            var types: [EventType] = []
            var offsets: [Int] = [0]
            var bytes: [UInt8] = []
            try archive.log.scan { view in
                if !view.isDestroyed, let type = EventType(name: view.type) {
                    types.append(type)
                    bytes.append(contentsOf: view.payloadBytes)
                    offsets.append(bytes.count)
                }
                return true
            }
            var checksum = 0
            // As a replay decodes (`BinaryEventDecoder`: recurring texts made once),
            // then each payload on its own (`BinaryEventCodec.decode`).
            for shared in [true, false] {
                var best = Double.infinity
                for _ in 0..<3 {
                    let decoder = BinaryEventDecoder()
                    let time = try LogWorkloads.seconds {
                        try bytes.withUnsafeBytes { all in
                            for i in types.indices {
                                let payload = UnsafeRawBufferPointer(rebasing: all[offsets[i]..<offsets[i + 1]])
                                let (at, by, _) =
                                    shared
                                    ? try decoder.decode(type: types[i], payload: payload)
                                    : try BinaryEventCodec.decode(type: types[i], payload: payload)
                                checksum &+= Int(truncatingIfNeeded: at.microseconds) &+ by.utf8.count
                            }
                        }
                    }
                    best = min(best, time)
                }
                figures.append(Figure(
                    name: "binary decode of stored events, one core, \(shared ? "BinaryEventDecoder" : "each on its own") (\(types.count) events)",
                    value: Double(types.count) / best, unit: "events/s", target: shared ? "≥ 3,000,000" : "-"))
            }
            precondition(checksum != 0)
            // The same with the log read and the envelope: what a replay pays per event.
            var count = 0
            let scanTime = try LogWorkloads.seconds {
                try archive.replay { stored in
                    count &+= stored.event == nil ? 0 : 1
                    return true
                }
            }
            figures.append(Figure(
                name: "read and decode of stored events, one core", value: Double(end) / scanTime, unit: "events/s", target: "-"))
            progress("decode done")
        }

        if wanted("replay") {
            var best = Double.infinity
            var encoded = 0
            for _ in 0..<3 {
                var set = ProjectionSet(policy: archive.rules.policy)
                let time = try LogWorkloads.seconds {
                    set = try archive.rebuiltProjections()
                }
                defer { set = ProjectionSet() }  // freed outside the timing
                encoded = set.records.streams.count
                best = min(best, time)
            }
            figures.append(Figure(
                name: "full replay into all projections (\(end) events, \(encoded) meetings)", value: Double(end) / best,
                unit: "events/s", target: "≥ 1,500,000"))
            progress("replay done")
        }
        try archive.close()

        if wanted("open-checkpoint") {
            // The checkpoint is up to date (written at the import's close).
            var best = Double.infinity
            for _ in 0..<3 {
                let time = try LogWorkloads.seconds {
                    let opened = try Archive.open(at: dir, options: { var o = ArchiveOptions(); o.readOnly = true; return o }())
                    try opened.close()
                }
                best = min(best, time)
            }
            figures.append(Figure(
                name: "open with an up-to-date checkpoint (\(end) events)", value: best * 1000, unit: "ms", target: "< 1,000 at 5,000,000"))
            progress("open done")
        }

        if wanted("minutes-as-of") {
            // As `annals minutes --as-of` does: open read-only, then one meeting's minutes
            // as of a day in its life. The meeting: one from the middle of the log, of a
            // class a 内部 reader reads without a record (a recorded read is an append).
            let reader = Reader(id: "bench", clearance: .internal)
            func readable(_ stored: StoredEvent) -> Bool {
                guard case .meetingScheduled(let m)? = stored.event?.data else { return false }
                return m.classification <= reader.clearance
            }
            var stream = ""
            var asOf = AsOf.latest
            do {
                let opened = try Archive.open(at: dir, options: { var o = ArchiveOptions(); o.readOnly = true; return o }())
                let middle = opened.log.endPosition / 2
                var found: StoredEvent?
                try opened.replay(from: middle) { stored in
                    guard readable(stored) else { return true }
                    found = stored
                    return false
                }
                stream = found!.stream
                let at = found!.event!.at
                asOf = .time(ZonedTime(microseconds: at.microseconds + 30 * 86_400_000_000, offsetMinutes: at.offsetMinutes))
                try opened.close()
            }
            var best = Double.infinity
            for _ in 0..<3 {
                let time = try LogWorkloads.seconds {
                    let opened = try Archive.open(at: dir, options: { var o = ArchiveOptions(); o.readOnly = true; return o }())
                    let minutes = try opened.minutes(of: stream, reader: reader, asOf: asOf)
                    precondition(minutes != nil)
                    try opened.close()
                }
                best = min(best, time)
            }
            // The query alone, on an open archive: meetings from across the log, each
            // as of a month after it was scheduled; the median.
            let opened = try Archive.open(at: dir, options: { var o = ArchiveOptions(); o.readOnly = true; return o }())
            var queries: [(String, AsOf)] = []
            let step = max(1, opened.log.endPosition / 25)
            var at: UInt64 = 0
            while at < opened.log.endPosition, queries.count < 25 {
                try opened.replay(from: at) { stored in
                    guard readable(stored), let event = stored.event else { return true }
                    queries.append((stored.stream, .time(ZonedTime(
                        microseconds: event.at.microseconds + 30 * 86_400_000_000, offsetMinutes: event.at.offsetMinutes))))
                    return false
                }
                at += step
            }
            var times: [Double] = []
            for (stream, asOf) in queries {
                times.append(try LogWorkloads.seconds { _ = try opened.minutes(of: stream, reader: reader, asOf: asOf) })
            }
            try opened.close()
            times.sort()
            figures.append(Figure(
                name: "minutes --as-of of one meeting, archive open (\(end) events; median of \(times.count))",
                value: times[times.count / 2] * 1000, unit: "ms", target: "< 50 at 5,000,000"))
            figures.append(Figure(
                name: "open + minutes --as-of of one meeting (\(end) events)", value: best * 1000, unit: "ms",
                target: "-"))
            progress("minutes as of done")
        }
        return figures
    }
}
