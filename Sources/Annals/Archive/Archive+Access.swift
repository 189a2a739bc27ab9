// Reads of classified records (查阅登记): the one place they are recorded.

extension Archive {
    /// Appends one `archive.accessed` by `reader` to each of `streams` (each once, in
    /// the order given), and returns the streams recorded.
    ///
    /// Every view calls this with the records whose content it is about to return,
    /// classified 秘密 or above (``needsAccessRecord(_:destroyed:)``), before it
    /// returns: if the record cannot be written, the view fails and shows nothing.
    /// The reads of one call are one batch, so one command records each record it
    /// read exactly once.
    ///
    /// A destroyed record's register entry (its title, of the record's class) is
    /// read as its content was: the streams in `registers` are such reads. Every
    /// other stream must still hold its content when the read is recorded: if a
    /// writer destroyed it after the view read it, nothing is recorded and the view
    /// fails with ``AccessNotRecorded/destroyedMeanwhile`` (read again, it is served
    /// as destroyed).
    func recordReads(
        of streams: some Sequence<String>, by reader: Reader, purpose: String, registers: Set<String> = []
    ) throws -> [String] {
        var seen = Set<String>()
        let read = streams.filter { seen.insert($0).inserted }
        guard !read.isEmpty else { return [] }
        let now = ZonedTime(microseconds: Timestamp.now(), offsetMinutes: 480)
        let events = read.map { Event(stream: $0, at: now, by: reader.id, ArchiveAccessed(reader: reader.id, purpose: purpose)) }
        do {
            _ = try appendBlocking(events, holdingContent: Set(read).subtracting(registers))
        } catch {
            // On an archive opened for reading the append takes the writer's turn
            // (bounded: `ArchiveOptions.writerWait`); a busy writer, a full disk or a
            // damaged log all end here, and the view shows nothing.
            let destroyed = (error as? RuleViolation)?.rule == .recordDestroyed
            throw AccessNotRecorded(streams: read, cause: (error as? LogError)?.message ?? "\(error)", destroyedMeanwhile: destroyed)
        }
        return read
    }

    /// Whether showing a record's content, or a destroyed record's register entry
    /// (whose title is of the record's class), is a read that must be recorded: the
    /// record is classified 秘密 or above. A destroyed record's class is the one its
    /// register kept (``recordedClassification(of:in:)``); unknown (a destruction
    /// recorded before the register kept it), it counts as 秘密, as in
    /// ``Reader/mayRead(_:)``.
    package static func needsAccessRecord(_ classification: Classification?, destroyed: Bool) -> Bool {
        (classification ?? (destroyed ? .confidential : .open)) >= .confidential
    }

    /// The class a view judges a record by: its meeting's while the content exists;
    /// once destroyed, the one its register kept (`archive.destroyed` v3), nil
    /// (counted as 秘密) for a destruction recorded before the register kept it.
    static func recordedClassification(of stream: String, in set: ProjectionSet) -> Classification? {
        if let entry = set.register[stream] { return entry.record?.classification }
        return set.records[stream]?.classification
    }
}

/// A read of 秘密 or above that could not be recorded (查阅登记): the append of its
/// `archive.accessed` failed (the writer stayed busy past `ArchiveOptions.writerWait`,
/// the disk is full, the log is damaged: ``cause`` says which), so the view that
/// needed it returned nothing.
public struct AccessNotRecorded: Error, Sendable, CustomStringConvertible {
    /// The records whose reads were to be recorded.
    public var streams: [String]
    /// Why the append failed.
    public var cause: String
    /// A record was destroyed by a writer after the view read it: read again, and it
    /// is served as destroyed.
    public var destroyedMeanwhile = false

    public var description: String {
        "reading \(streams.count) record(s) of 秘密 or above (\(streams.prefix(3).joined(separator: ", "))\(streams.count > 3 ? ", …" : "")) must be recorded first (查阅登记, archive.accessed), and the record could not be written: \(cause); nothing was shown"
    }
}
