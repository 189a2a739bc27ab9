/// The generator's agenda of things to come: events already decided and work still
/// to be done (plan a meeting, file a year, review retention), in time order.
///
/// Events arrive in runs (everything one piece of work decided: a meeting's whole
/// life, a year's filing); the timeline merges the runs. A binary min-heap holds one
/// small key per run or task: its next time and its insertion number, so that two
/// entries at the same moment come out in the order they went in and the output
/// depends only on the seed. Events are never moved while the heap reorders, only
/// once, when they come out.
///
/// The generator keeps one invariant: whatever runs at time T only adds entries at
/// T or later, so taking entries in order yields a chronological log.
struct Timeline<Task> {
    enum Entry {
        case event(Event)
        case task(Task)
    }

    /// A run's events and the order to hand them out in.
    private final class Run {
        var events: [Event]
        /// Indices into `events` by time, ties in the order made.
        let order: [Int]
        var cursor = 0

        init(_ events: [Event]) {
            let times = events.map(\.at.microseconds)
            order = events.indices.sorted { (times[$0], $0) < (times[$1], $1) }
            self.events = events
        }

        var headTime: Int64 { events[order[cursor]].at.microseconds }

        /// The next event, moved out (an empty event is left behind).
        func take() -> Event {
            var event = takenEvent
            swap(&event, &events[order[cursor]])
            cursor += 1
            return event
        }
    }

    private enum Slot {
        case run(Run)
        case task(Task)
    }

    private struct Key {
        let time: Int64
        let order: UInt64
        let slot: Int

        @inline(__always) func precedes(_ other: Key) -> Bool {
            time < other.time || (time == other.time && order < other.order)
        }
    }

    private var heap: [Key] = []
    private var slots: [Slot?] = []
    private var freeSlots: [Int] = []
    private var inserted: UInt64 = 0

    /// Adds the events one piece of work made, in any order.
    mutating func add(_ events: [Event]) {
        guard !events.isEmpty else { return }
        let run = Run(events)
        push(.run(run), at: run.headTime)
    }

    mutating func add(_ task: Task, at time: ZonedTime) {
        push(.task(task), at: time.microseconds)
    }

    /// The earliest entry, removed.
    mutating func next() -> Entry? {
        guard let top = heap.first else { return nil }
        switch slots[top.slot]! {
        case .task(let task):
            removeTop()
            return .task(task)
        case .run(let run):
            let event = run.take()
            if run.cursor < run.events.count {
                // The run's next event takes the run's place in the heap.
                siftDown(Key(time: run.headTime, order: top.order, slot: top.slot))
            } else {
                removeTop()
            }
            return .event(event)
        }
    }

    private mutating func removeTop() {
        let slot = heap[0].slot
        slots[slot] = nil
        freeSlots.append(slot)
        let last = heap.removeLast()
        if !heap.isEmpty { siftDown(last) }
    }

    /// Puts `key` at the root and moves it down to its place.
    private mutating func siftDown(_ key: Key) {
        var i = 0
        while true {
            let left = 2 * i + 1
            guard left < heap.count else { break }
            var child = left
            if left + 1 < heap.count, heap[left + 1].precedes(heap[left]) { child = left + 1 }
            guard heap[child].precedes(key) else { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = key
    }

    private mutating func push(_ entry: Slot, at time: Int64) {
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            slots[slot] = entry
        } else {
            slot = slots.count
            slots.append(entry)
        }
        let key = Key(time: time, order: inserted, slot: slot)
        inserted += 1
        heap.append(key)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard key.precedes(heap[parent]) else { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = key
    }
}

/// What a run leaves in an event's place once it is handed out.
private let takenEvent = Event(
    id: EventID(high: 0, low: 0), stream: "", at: ZonedTime(microseconds: 0, offsetMinutes: 0), by: "", MeetingCancelled(reason: ""))
