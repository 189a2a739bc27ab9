/// A read model: a pure fold over the log, and its checkpoint.
///
/// `apply` sees every stored event in position order (destroyed ones with `event`
/// nil) and must not read clocks, files or configuration: live updates, full
/// rebuilds and "as of" queries run the same code over different prefixes of the
/// log. `encode()` writes the state as deterministic bytes (the same state always
/// gives the same bytes) and `init(decoding:)` reads them back exactly, so a
/// checkpoint plus the tail of the log equals a replay from the start.
///
/// ```swift
/// var numbering = ArchiveNumbering()
/// for stored in log { numbering.apply(stored) }
/// let bytes = numbering.encode()
/// try ArchiveNumbering(decoding: bytes) == numbering   // true
/// ```
public protocol Projection: Sendable, Equatable {
    /// The section name of this projection in a checkpoint (`records`, `numbering`, …).
    static var name: String { get }
    /// Folds one stored event into the state.
    mutating func apply(_ event: StoredEvent)
    /// The state as snapshot bytes (see `ProjectionSet` for the container format).
    func encode() -> [UInt8]
    /// The state from bytes written by `encode()`.
    init(decoding bytes: [UInt8]) throws(SnapshotError)
}

/// Snapshot bytes that cannot be read: corrupt, truncated, or from another version.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The projection (section) at fault, or empty for the container.
    public var projection: String
    public var message: String

    public init(projection: String, message: String) {
        self.projection = projection
        self.message = message
    }

    public var description: String {
        projection.isEmpty ? "checkpoint: \(message)" : "checkpoint section \(projection): \(message); rebuild it from the log"
    }
}

extension Projection {
    /// Encodes with the shared snapshot primitives.
    static func encoded(_ body: (inout BinaryWriter) -> Void) -> [UInt8] {
        var w = BinaryWriter()
        w.bytes.reserveCapacity(256)
        w.varint(UInt64(snapshotFormat))
        body(&w)
        return w.bytes
    }

    /// Decodes with the shared snapshot primitives, requiring every byte to be used.
    static func decoded<T>(_ bytes: [UInt8], _ body: (inout BinaryReader) throws -> T) throws(SnapshotError) -> T {
        do {
            return try bytes.withUnsafeBytes { buffer in try decoded(buffer, body) }
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(projection: name, message: "\(error)")
        }
    }

    /// `decoded(_:_:)` over bytes in place; texts that recur are shared through `strings`.
    static func decoded<T>(
        _ buffer: UnsafeRawBufferPointer, strings: StringCache? = nil, _ body: (inout BinaryReader) throws -> T
    ) throws(SnapshotError) -> T {
        do {
            var r = BinaryReader(buffer, strings: strings)
            let format = try r.varint()
            guard format == UInt64(snapshotFormat) else {
                throw SnapshotError(projection: name, message: "snapshot format \(format) is not \(snapshotFormat)")
            }
            let value = try body(&r)
            guard r.isAtEnd else { throw SnapshotError(projection: name, message: "\(r.count - r.offset) bytes left over") }
            return value
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(projection: name, message: "\(error)")
        }
    }
}

/// The version of every projection's snapshot layout; bump when one changes
/// (old checkpoints are then rebuilt from the log, never misread).
///
/// 2: `records` lists its streams first, then each meeting's bytes, so that a
/// meeting is decoded only when first used.
/// 3: each decision carries its lead (牵头), person (责任人), extensions and closing (销号).
let snapshotFormat = 3
