/// What ``Log/repair(_:options:)`` did.
public struct LogRepairReport: Sendable, Equatable {
    /// The loss recorded, or nil when the log had none (nothing was written).
    public var loss: LogLoss?
    /// The position of the `log.repaired` record, when one was written.
    public var repairPosition: UInt64?
    /// What opening found besides (a torn tail cut, indexes rebuilt).
    public var recovery: RecoveryReport
}

extension Log {
    /// The stream prefix of the log's own records (placeholders of lost positions and
    /// repair records): programs built on the log skip these streams.
    public static let maintenanceStreamPrefix = "log/"
    /// The stream holding a placeholder for every lost position.
    public static let lostStream = "log/lost"
    /// The stream of repair records.
    public static let repairStream = "log/repair"

    /// Repairs a log whose acknowledged records are gone (``LogLoss``), so that it opens
    /// again, recording the loss in the log itself: every lost position gets a
    /// placeholder (stream `log/lost`, type `log.lost`, appended destroyed: no content,
    /// digest zero), so that no later record takes a lost position, and then one
    /// `log.repaired` record (stream `log/repair`) says which file lost which positions
    /// and which mark had acknowledged them. Its payload is one line of JSON:
    /// `{"file":"….wal","lost_from":F,"lost_through":L,"acknowledged_by":"DURABLE","file_missing":false}`.
    ///
    /// A log without loss is opened and closed (a torn tail is cut, as any writable
    /// open does) and nothing is written. A repair interrupted before its records are
    /// durable leaves the log damaged as before: run it again.
    public static func repair(_ directory: String, options: LogOptions = LogOptions()) throws -> LogRepairReport {
        var options = options
        options.readOnly = false
        options.createIfMissing = false
        options.acceptingLoss = true
        let log = try Log.open(directory, options: options)
        defer { try? log.close() }
        guard let loss = log.recovery.loss else { return LogRepairReport(loss: nil, repairPosition: nil, recovery: log.recovery) }
        // One batch each of at most 1 Mi placeholders (a batch's bytes are bounded).
        var next = loss.positions.lowerBound
        let chunk: UInt64 = 1 << 20
        while next < loss.positions.upperBound {
            let count = min(chunk, loss.positions.upperBound - next)
            let records = (0..<count).map { _ in NewRecord.destroyed(id: .random(), type: "log.lost", digest: .zero) }
            let result = try log.appendBlocking([StreamAppend(stream: lostStream, records: records)])
            guard result.positions.lowerBound == next else {
                throw LogError(
                    .failed, "\(directory): the placeholders of the lost positions were written at \(result.positions.lowerBound), expected \(next)",
                    path: directory)
            }
            next += count
        }
        let text = "{\"file\":\"\(loss.file)\",\"lost_from\":\(loss.positions.lowerBound),\"lost_through\":\(loss.positions.upperBound - 1),\"acknowledged_by\":\"\(loss.acknowledgedBy)\",\"file_missing\":\(loss.fileMissing)}"
        let result = try log.appendBlocking([
            StreamAppend(stream: repairStream, records: [NewRecord(type: "log.repaired", payload: Array(text.utf8))])
        ])
        return LogRepairReport(loss: loss, repairPosition: result.positions.lowerBound, recovery: log.recovery)
    }
}

extension RecordView {
    /// Whether the record is one of the log's own (``Log/maintenanceStreamPrefix``).
    public var isLogMaintenance: Bool {
        let prefix = "log/".utf8
        let stream = streamBytes
        guard stream.count > prefix.count else { return false }
        return zip(stream, prefix).allSatisfy { $0 == $1 }
    }
}
