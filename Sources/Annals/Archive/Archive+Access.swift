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
    func recordReads(of streams: some Sequence<String>, by reader: Reader, purpose: String) throws -> [String] {
        var seen = Set<String>()
        let read = streams.filter { seen.insert($0).inserted }
        guard !read.isEmpty else { return [] }
        let now = ZonedTime(microseconds: Timestamp.now(), offsetMinutes: 480)
        let events = read.map { Event(stream: $0, at: now, by: reader.id, ArchiveAccessed(reader: reader.id, purpose: purpose)) }
        do {
            _ = try appendBlocking(events)
        } catch {
            throw ArchiveError(
                "reading \(read.count) record(s) of 秘密 or above must be recorded first (查阅登记, archive.accessed), and the record could not be written: \(error); nothing was shown")
        }
        return read
    }

    /// Whether showing a record's content is a read that must be recorded: it is
    /// classified 秘密 or above and still holds content (a destroyed record cannot
    /// be read, only its register entry, rule `record.destroyed`).
    static func needsAccessRecord(_ classification: Classification?, destroyed: Bool) -> Bool {
        !destroyed && (classification ?? .open) >= .confidential
    }
}
