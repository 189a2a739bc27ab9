internal import Foundation

/// A derived file that disagrees with the log it claims to reflect.
public struct DerivedFileProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the archive's folder (`projections/state.snap`, `indexes/query.idx`).
    public var file: String
    /// What is wrong.
    public var message: String

    public var description: String { "\(file): \(message)" }
}

extension Archive {
    /// Checks the derived files an open would serve against the log they claim to
    /// reflect, for `annals verify`: the projections' checkpoint is compared with the
    /// log replayed from the start to its position, and the query index with an index
    /// built afresh from those projections. A file whose own checks (CRC, the digest
    /// of the record at its position) fail is not reported: no open serves it, the log
    /// is replayed instead. One whose checks hold but whose content differs (a forged
    /// file with its checks recomputed, or one written wrong) is a problem: delete it
    /// and the next open rebuilds it from the log.
    public func checkDerivedFiles() throws -> [DerivedFileProblem] {
        var problems: [DerivedFileProblem] = []
        var reflected: [UInt64?: ProjectionSet] = [:]
        func replayed(to position: UInt64?) throws -> ProjectionSet {
            if let known = reflected[position] { return known }
            var set = ProjectionSet(policy: rules.policy)
            if let position { try fold(from: 0, to: position + 1) { set.apply($0) } }
            reflected[position] = set
            return set
        }
        if let file = try? MappedFile.map(path + "/" + Self.projectionsFile, populate: true), let stored = try? checkpointed(file) {
            if try replayed(to: stored.position) != stored {
                problems.append(
                    DerivedFileProblem(
                        file: Self.projectionsFile,
                        message: "its checks hold, but its state differs from the log replayed to position \(stored.position.map(String.init) ?? "none") (a forged or mis-written checkpoint); delete it and the next open replays the log"))
            }
        }
        if let stored = try loadQueryIndex() {
            var fresh = QueryIndex()
            fresh.catchUp(with: try replayed(to: stored.position))
            fresh.compact(with: try replayed(to: stored.position))
            if fresh.encode() != stored.encode() {
                problems.append(
                    DerivedFileProblem(
                        file: Self.queryIndexFile,
                        message: "its checks hold, but it differs from the index built afresh from the log at position \(stored.position.map(String.init) ?? "none") (a forged or mis-written index); delete it and the next query rebuilds it"))
            }
        }
        return problems
    }
}
