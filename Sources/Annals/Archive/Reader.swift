/// Who is asking, and what they may see: the argument every view of the archive
/// takes (minutes, catalogue, decisions, register, retention review, counts, audit
/// bundles, export, query), so that no embedding service can forget it.
///
/// Content of a record above the reader's clearance never appears in a view: the
/// record may be listed by its archive number, kind, year and classification,
/// marked ``Reader/restrictedMarker`` (受限). Every read of 秘密 or above is
/// recorded as `archive.accessed` by ``id`` before the view is returned.
///
/// On the command line the reader and clearance are declared by the operator
/// (`--reader`, `--clearance`): whoever can read the archive folder can read
/// everything, so the CLI trusts them. A server takes them from sign-in instead.
///
/// ```swift
/// let clerk = Reader(id: "P0042", clearance: .internal)
/// for row in try archive.catalogue(reader: clerk) where row.restricted {
///     print(row.archiveNumber, row.title)    // Z109-WS·2023-Y-BGS-0003 受限
/// }
/// ```
public struct Reader: Sendable, Hashable {
    /// The person or account recorded in `archive.accessed`.
    public var id: String
    /// The highest classification whose content they may read.
    public var clearance: Classification

    public init(id: String, clearance: Classification) {
        self.id = id
        self.clearance = clearance
    }

    /// 受限: what a view shows in place of content the reader may not see.
    public static let restrictedMarker = "受限"

    /// Whether content classified `classification` may be shown to this reader. A
    /// record whose classification is unknown (a destruction registered before the
    /// register kept it) counts as 秘密: nothing says it was less.
    public func mayRead(_ classification: Classification?) -> Bool {
        (classification ?? .confidential) <= clearance
    }
}
