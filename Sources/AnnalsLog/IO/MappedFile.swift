#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// A whole file mapped read-only into memory, unmapped when the last reference goes.
///
/// For large derived files read once and then in pieces (the projections'
/// checkpoint): the bytes are the page cache's, not a copy, and only the pages read
/// are brought in. The mapping is private and read-only; a file replaced by atomic
/// rename (section 10.1 of FORMAT.md) leaves the mapping on the old contents. A
/// file cut shorter in place by another program while mapped would fault on access:
/// Annals never does that to its own files.
package final class MappedFile: @unchecked Sendable {
    /// The file's bytes.
    package let bytes: UnsafeRawBufferPointer

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    deinit {
        if let base = bytes.baseAddress, bytes.count > 0 {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }

    /// Maps `path`, or nil if it does not exist. `populate` reads every page in at
    /// once (for a file about to be read whole, such as by a checksum).
    package static func map(_ path: String, populate: Bool = false, io: FileIO = .system) throws -> MappedFile? {
        guard io.exists(path) else { return nil }
        let fd = try io.open(path, O_RDONLY)
        defer { io.close(fd) }
        let size = Int(try io.size(fd, path: path))
        guard size > 0 else { return MappedFile(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }
        let flags = MAP_PRIVATE | (populate ? MAP_POPULATE : 0)
        let base = mmap(nil, size, PROT_READ, flags, fd, 0)
        guard let base, base != MAP_FAILED else { throw FileIO.error(errno, "mmap", path) }
        return MappedFile(bytes: UnsafeRawBufferPointer(start: base, count: size))
    }
}
