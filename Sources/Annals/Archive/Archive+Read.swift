extension StoredEvent {
    /// Decodes a log record into the event it stores (nil event when destroyed).
    public init(_ view: RecordView) throws {
        try self.init(view, strings: nil)
    }

    /// Decodes a log record, sharing repeated texts (the stream name, person ids…)
    /// through `strings` when given: the replay loop's form.
    init(_ view: RecordView, strings: StringCache?) throws {
        guard let type = EventType(utf8: view.typeBytes) else {
            throw EventDecodingError(.unknownType, "record at position \(view.position) has unknown type \(view.type)")
        }
        let stream: String
        if let strings, let name = view.streamBytes.baseAddress {
            stream = strings.string(name.assumingMemoryBound(to: UInt8.self), view.streamBytes.count)
        } else {
            stream = view.stream
        }
        // Everything that can throw first, then each field set once: a value partly
        // set before a throw is built aside and copied (a replay makes millions).
        let event: Event
        if view.isDestroyed {
            event = Self.nothing
        } else {
            let (at, by, data) = try BinaryEventCodec.decode(type: type, payload: view.payloadBytes, strings: strings)
            event = Event(id: view.id, stream: stream, at: at, by: by, data: data)
        }
        position = view.position
        version = view.version
        self.stream = stream
        self.type = type
        recordedAt = view.recordedAt
        digest = view.digest
        stored = event
        isDestroyed = view.isDestroyed
    }
}

extension Archive {
    /// The events of one stream (one meeting), in version order.
    public func events(in stream: String) throws -> [StoredEvent] {
        let destroyed = try destroyedStreams()
        var out: [StoredEvent] = []
        for record in try store.readStream(stream) {
            var stored = try decode(record)
            stored.mask(destroyed: destroyed)
            out.append(stored)
        }
        return out
    }

    /// Calls `body` with every stored event from position `from` to `end` (exclusive;
    /// default: the log as it is now), in log order; `body` returns false to stop.
    /// This is the one replay loop: projections, exports and as-of queries use it.
    public func replay(from: UInt64 = 0, to end: UInt64? = nil, _ body: (StoredEvent) throws -> Bool) throws {
        // A long replay shares the texts that recur from event to event; a short one
        // (a catch-up after an append) is not worth the cache's setting up.
        let stop = min(end ?? .max, store.endPosition)
        let strings = stop > from && stop - from > 4096 ? StringCache() : nil
        let destroyed = try destroyedStreams()
        try replay(from: from, to: end, masking: destroyed, strings: strings, body)
    }

    /// The replay loop itself, masking the content of `destroyed` streams. The
    /// projections' own folds pass none (they apply `archive.destroyed` themselves,
    /// and run under the projections' lock, which ``destroyedStreams()`` takes).
    func replay(
        from: UInt64, to end: UInt64?, masking destroyed: Set<String>, strings: StringCache? = nil,
        _ body: (StoredEvent) throws -> Bool
    ) throws {
        try store.scan(from: from, to: end) { view in
            // The log's own records (placeholders and records of a repair) are no events.
            if view.isLogMaintenance { return true }
            var stored = try StoredEvent(view, strings: strings)
            stored.mask(destroyed: destroyed)
            return try body(stored)
        }
    }

    /// New events as they are appended, starting at position `from`: for services
    /// that follow the archive. The stream ends when the archive is closed or when
    /// the consumer stops iterating.
    public func subscribe(from: UInt64 = 0, pollInterval: Duration = .milliseconds(20)) -> AsyncThrowingStream<StoredEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var next = from
                do {
                    while !Task.isCancelled {
                        let end = store.endPosition
                        if next < end {
                            var batch: [StoredEvent] = []
                            try replay(from: next, to: end) { batch.append($0); return true }
                            for event in batch { continuation.yield(event) }
                            next = end
                        } else {
                            try await Task.sleep(for: pollInterval)
                        }
                    }
                    continuation.finish()
                } catch let error as LogError where error.code == .closed {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func decode(_ record: Record) throws -> StoredEvent {
        guard let type = EventType(name: record.type) else {
            throw EventDecodingError(.unknownType, "record at position \(record.position) has unknown type \(record.type)")
        }
        var event: Event?
        if let payload = record.payload {
            let (at, by, data) = try payload.withUnsafeBytes { try BinaryEventCodec.decode(type: type, payload: $0) }
            event = Event(id: record.id, stream: record.stream, at: at, by: by, data: data)
        }
        return StoredEvent(
            position: record.position, version: record.version, stream: record.stream, type: type,
            recordedAt: record.recordedAt, digest: record.digest, event: event)
    }
}
