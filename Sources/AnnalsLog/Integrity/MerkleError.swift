/// An error from the Merkle tree: a proof that does not verify, a request outside the
/// tree, a damaged node file, or a proof file that cannot be read.
///
/// Catch it by code:
///
/// ```swift
/// do {
///     try Merkle.verifyInclusion(leafHash: leaf, index: 7, treeSize: 100, proof: proof, root: root)
/// } catch let error as MerkleError where error.code == .rootMismatch {
///     print("the record is not in the log of that checkpoint:", error.message)
/// }
/// ```
public struct MerkleError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case indexOutOfRange, sizeOutOfRange, emptyTree, wrongProofLength, rootMismatch
            case corruptNode, corruptFile, fileSystem, leafProviderMismatch, leafMismatch, malformedProofFile
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A leaf index is not below the tree size it is proved against.
        public static let indexOutOfRange = Code(.indexOutOfRange)
        /// A tree size is beyond what is known (larger than the store, or `size1 > size2`).
        public static let sizeOutOfRange = Code(.sizeOutOfRange)
        /// The request concerns the empty tree, about which nothing can be proved
        /// (no leaf is in it, and every tree extends it).
        public static let emptyTree = Code(.emptyTree)
        /// The proof has more or fewer hashes than the sizes require.
        public static let wrongProofLength = Code(.wrongProofLength)
        /// The proof leads to a root other than the expected one: the leaf is not in that
        /// tree, or the later tree does not extend the earlier one.
        public static let rootMismatch = Code(.rootMismatch)
        /// A stored node failed its checksum: the node file is damaged.
        public static let corruptNode = Code(.corruptNode)
        /// The node file is not a node file of this format (bad header).
        public static let corruptFile = Code(.corruptFile)
        /// A system call on the node file failed.
        public static let fileSystem = Code(.fileSystem)
        /// The leaf-hash provider returned a different number of hashes than asked for.
        public static let leafProviderMismatch = Code(.leafProviderMismatch)
        /// The leaf hashes the log supplies do not hash to the nodes stored for them: the
        /// log's records or the node file were altered after the tree was built.
        public static let leafMismatch = Code(.leafMismatch)
        /// A proof file is not valid JSON of the documented shape.
        public static let malformedProofFile = Code(.malformedProofFile)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was wrong and where, in words, with a hint at the fix when there is one.
    public let message: String

    /// Builds an error; the library's own errors always carry a message a user can act on.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "MerkleError.\(code): \(message)" }
}
