internal import Foundation
internal import Synchronization

/// What an archive holds under an event's id. An id is the archive's, not one
/// stream's: a record exported and imported again, or a request retried after a lost
/// reply, must find its id wherever it is, and an id given to two different events
/// would make the export of the archive impossible to import.
enum IDStanding: Equatable {
    /// No record has the id.
    case new
    /// This very event is stored at `position`: a retry, nothing to write.
    case retry(position: UInt64)
    /// Another event has the id: the record of `type` at `position`, in `stream`.
    case taken(position: UInt64, stream: String, type: EventType)
}

extension Archive {
    /// Settles `event`'s id against everything in the archive, in any stream (one
    /// lookup in the log's id map, see `StreamIndex`).
    func standing(of event: Event) throws -> IDStanding {
        guard let (position, stream) = try log.location(of: event.id), let record = try log.record(at: position) else { return .new }
        let stored = try decode(record)
        // A destroyed record's content is gone: what can be compared is its stream and type.
        let same = stored.stream == event.stream && stored.type == event.type && (stored.event.map(event.isRetry(of:)) ?? true)
        return same ? .retry(position: position) : .taken(position: position, stream: stream, type: stored.type)
    }

    /// The same for a tombstone line of an export (an event whose content was
    /// destroyed): the same record has its stream, type and digest.
    func standing(of destroyed: DestroyedEvent) throws -> IDStanding {
        guard let (position, stream) = try log.location(of: destroyed.id), let record = try log.record(at: position) else { return .new }
        let same = record.stream == destroyed.stream && record.type == destroyed.type.rawValue && record.digest == destroyed.digest
        let type = EventType(name: record.type) ?? destroyed.type
        return same ? .retry(position: position) : .taken(position: position, stream: stream, type: type)
    }

    /// Claims `ids` for the caller, all or none: false if another caller holds one.
    func claim(_ ids: some Sequence<EventID>) -> Bool {
        claimedIDs.withLock { claimed in
            guard !ids.contains(where: claimed.contains) else { return false }
            claimed.formUnion(ids)
            return true
        }
    }

    /// Claims `ids`, waiting while another caller of this archive holds one of them
    /// (it is judging and writing a batch with that id; it holds no claim while it
    /// waits, so the wait ends).
    func claimWaiting(_ ids: some Collection<EventID>) {
        while !claim(ids) { usleep(500) }
    }

    func release(_ ids: some Sequence<EventID>) {
        claimedIDs.withLock { claimed in for id in ids { claimed.remove(id) } }
    }

    /// Why an id that is taken cannot be given to `stream`'s event of `type`.
    static func idTaken(_ id: EventID, stream: String, type: EventType, by standing: IDStanding) -> String {
        guard case .taken(let position, let holder, let held) = standing else { return "id \(id) is free" }
        let whose = holder == stream ? "another event of \(holder)" : "an event of \(holder)"
        return "id \(id) of this \(type.rawValue) of \(stream) is already the id of \(whose) (\(held.rawValue), position \(position)); an id names one event in the whole archive: give this event its own id, or repeat the stored event exactly to retry it"
    }
}

extension Event {
    /// True when `self`, as a caller gives it, is `stored`: the same stream, time,
    /// author and content. The fields the archive fills when they are omitted (a
    /// filing's class elements, a destruction's register) are compared only when given.
    func isRetry(of stored: Event) -> Bool {
        var given = self
        switch (given.data, stored.data) {
        case (.meetingArchived(var e), .meetingArchived(let s)):
            e.fonds = e.fonds ?? s.fonds
            e.category = e.category ?? s.category
            e.year = e.year ?? s.year
            e.retention = e.retention ?? s.retention
            e.organization = e.organization ?? s.organization
            given.data = .meetingArchived(e)
        case (.archiveDestroyed(var e), .archiveDestroyed(let s)):
            e.register = e.register ?? s.register
            given.data = .archiveDestroyed(e)
        default: break
        }
        return given == stored
    }
}
