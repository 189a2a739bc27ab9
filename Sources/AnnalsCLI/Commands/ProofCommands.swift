import Annals
import AnnalsLog
import ArgumentParser
import Foundation

// The auditor-facing commands: `annals key`, `annals checkpoint`, `annals verify`,
// `annals prove` (CLI.md). Proofs and checkpoints come from the Merkle tree, which only
// the writing process holds; verification needs nothing but files.

/// Reads a text file given on the command line, naming it when it cannot be read.
func readText(_ path: String, _ what: String) throws -> String {
    String(decoding: try readInput(path, what), as: UTF8.self)
}

/// Writes `text` to `path` atomically, or prints it when `path` is nil.
func writeText(_ text: String, to path: String?, permissions: Int? = nil) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        if let permissions { try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path) }
    } catch {
        throw CLIError("cannot write \(path): \(error.localizedDescription)")
    }
}

/// The verifier keys named by `--key FILE` options (each file: one key per line).
func readVerifierKeys(_ files: [String]) throws -> [NoteVerifier] {
    var keys: [NoteVerifier] = []
    for file in files {
        for line in try readText(file, "verifier key file").split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#") else { continue }
            if text.hasPrefix("PRIVATE+KEY+") {
                throw CLIError("\(file) holds a signer (private) key; give the verifier key (the .pub file) to --key")
            }
            do { keys.append(try NoteVerifier(key: text)) } catch { throw CLIError("\(file): \(error.message)") }
        }
    }
    return keys
}

/// The signer key in `file` (`PRIVATE+KEY+…`).
func readSigner(_ file: String) throws -> NoteSigner {
    let text = try readText(file, "signer key file").trimmingCharacters(in: .whitespacesAndNewlines)
    do { return try NoteSigner(key: text) } catch { throw CLIError("\(file): \(error.message)") }
}

/// A checkpoint file (signed or bare).
func readCheckpoint(_ file: String) throws -> SignedCheckpoint {
    do { return try SignedCheckpoint(parsing: try readText(file, "checkpoint")) } catch let error as CheckpointError {
        throw CLIError("\(file): \(error.message)")
    }
}

/// Opens the archive as the writer, for what needs the Merkle tree.
func openWriter(_ archive: ArchiveLocation) throws -> Archive {
    do {
        return try Archive.open(at: archive.path)
    } catch let error as LogError where error.code == .locked {
        throw CLIError(
            "\(error.message). Checkpoints and proofs are made from the Merkle tree, which only the writing process holds: make them in that process (the embedding API: Archive.checkpoint(), Archive.auditBundle(stream:reader:), Archive.log.inclusionProof(position:treeSize:)), or stop it and run this again"
        )
    }
}

/// Checks that `checkpoint` is of this archive's log as it is now: the same origin and
/// the log's root at its size. A proof against a checkpoint the log does not match
/// would not verify, so say why here.
func requireMatches(_ checkpoint: Checkpoint, _ archive: Archive, _ what: String) throws {
    guard checkpoint.origin == archive.manifest.origin else {
        throw CLIError("the \(what) is of the log \"\(checkpoint.origin)\", this archive is \"\(archive.manifest.origin)\"")
    }
    guard checkpoint.size <= archive.log.endPosition else {
        throw CLIError(
            "the \(what) is of \(checkpoint.size) records, the log holds \(archive.log.endPosition): records were removed (run `annals verify --checkpoint`)")
    }
    let (_, root) = try archive.log.merkleRoot(size: checkpoint.size)
    guard root == checkpoint.root else {
        throw CLIError(
            "the log's first \(checkpoint.size) records do not hash to the \(what)'s root: the log was rewritten since (run `annals verify --checkpoint`)")
    }
}

// MARK: - annals key

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Signing keys for checkpoints.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an Ed25519 key pair for signing checkpoints.",
            discussion: """
                Writes PREFIX.key, the signer key (secret: PRIVATE+KEY+<name>+<hash>+<key>, mode 0600), and \
                PREFIX.pub, the verifier key (public: <name>+<hash>+<key>), in the C2SP signed-note form that \
                Go's golang.org/x/mod/sumdb/note also reads. The name is what signature lines carry: use the \
                institution's domain and the archive, e.g. archives.example.gov.cn/annals.

                The archive's operator signs with `annals checkpoint --key PREFIX.key`; a second institution \
                generates its own pair and cosigns with `annals checkpoint cosign`. Auditors keep the .pub files \
                and pass them to `annals verify --key`.
                """)
        @Option(help: "The key's name (no spaces, no '+'), e.g. archives.example.gov.cn/annals.") var name: String
        @Option(help: "Write PREFIX.key and PREFIX.pub (default: the name with '/' as '_').") var out: String?

        func run() throws {
            let keys: (signerKey: String, verifierKey: String)
            do { keys = try NoteSigner.generate(name: name) } catch { throw CLIError(error.message) }
            let prefix = out ?? name.replacingOccurrences(of: "/", with: "_")
            for path in [prefix + ".key", prefix + ".pub"] where FileManager.default.fileExists(atPath: path) {
                throw CLIError("\(path) exists; a key is never overwritten (choose another --out)")
            }
            try writeText(keys.signerKey + "\n", to: prefix + ".key", permissions: 0o600)
            try writeText(keys.verifierKey + "\n", to: prefix + ".pub")
            Output.line(keys.verifierKey)
            if Output.stderrIsTerminal { Output.status("wrote \(prefix).key (secret) and \(prefix).pub (give this to auditors)\n") }
        }
    }
}

// MARK: - annals checkpoint

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print a checkpoint of the log (signed if a key is given); cosign one.",
        subcommands: [Make.self, Cosign.self], defaultSubcommand: Make.self)

    struct Make: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "make",
            abstract: "Print a checkpoint of the log as it stands (C2SP tlog-checkpoint), signed if a key is given.",
            discussion: """
                The checkpoint is the log's origin (from archive.json), its size and its Merkle root. Keep it \
                outside the archive: `annals verify --checkpoint FILE` later checks that the log still extends it. \
                Made by the writer (from its tree); when another process holds the archive for writing, the root \
                is recomputed from the records instead (reads the whole log).
                """)
        @OptionGroup var archive: ArchiveLocation
        @Option(help: "Sign with the signer key in FILE (PRIVATE+KEY+…; see `annals key generate`).") var key: String?
        @Option(help: "A checkpoint of the first N records instead of all.") var size: UInt64?
        @Option(help: "Write the checkpoint to FILE instead of printing it.") var out: String?

        func run() throws {
            let signers = try key.map { [try readSigner($0)] } ?? []
            let checkpoint: Checkpoint
            do {
                let target = try Archive.open(at: archive.path)
                defer { try? target.close() }
                checkpoint = try target.checkpoint(size: size).checkpoint
            } catch let error as LogError where error.code == .locked {
                checkpoint = try Self.fromRecords(archive, size: size)
            } catch let error as LogError where error.code == .invalidArgument {
                throw CLIError(error.message)
            }
            do { try writeText(try checkpoint.signed(by: signers).text, to: out) } catch let error as CheckpointError {
                throw CLIError(error.message)
            }
        }

        /// The root recomputed from the records' headers, read-only.
        static func fromRecords(_ archive: ArchiveLocation, size: UInt64?) throws -> Checkpoint {
            let manifest = try Archive.manifest(at: archive.path)
            let log = try LogCommand.openReadOnly(archive)
            defer { try? log.close() }
            let end = size ?? log.endPosition
            guard end <= log.endPosition else { throw CLIError("the log holds \(log.endPosition) records, not \(end)") }
            var frontier = MerkleFrontier()
            try log.scan(from: 0, to: end) { view in
                frontier.append(view.leafHash)
                return true
            }
            return try Checkpoint(origin: manifest.origin, size: end, root: frontier.root)
        }
    }

    struct Cosign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a signature to a checkpoint (a second institution cosigning).",
            discussion: """
                Prints the checkpoint with the signatures it had and this key's. Before cosigning, check the \
                checkpoint against your own copy of the log (`annals verify --checkpoint FILE`) or a consistency \
                proof from a checkpoint you signed earlier.
                """)
        @Option(help: "The checkpoint file (signed or not).") var checkpoint: String
        @Option(help: "The cosigner's signer key file (PRIVATE+KEY+…).") var key: String
        @Option(help: "Write the cosigned checkpoint to FILE instead of printing it.") var out: String?

        func run() throws {
            var signed = try readCheckpoint(checkpoint)
            do { try signed.cosign(with: try readSigner(key)) } catch let error as CheckpointError { throw CLIError(error.message) }
            try writeText(signed.text, to: out)
        }
    }
}

// MARK: - annals verify

/// The one verification of an archive's log, shared by `annals verify` and
/// `annals log verify`: every checksum, the Merkle tree, and an earlier checkpoint.
enum ArchiveVerification {
    /// What is served besides the log: the manifest (a damaged one refuses every
    /// open), and the derived files an open would trust, against the log.
    static func derivedProblems(_ archive: ArchiveLocation) -> [VerifyProblem] {
        do {
            _ = try Archive.manifest(at: archive.path)
        } catch {
            return [VerifyProblem(file: "archive.json", message: "\(error)")]
        }
        var options = Annals.ArchiveOptions()
        options.readOnly = true
        // A log that does not open has its problems reported already.
        guard let opened = try? Archive.open(at: archive.path, options: options) else { return [] }
        defer { try? opened.close() }
        do {
            return try opened.checkDerivedFiles().map { VerifyProblem(file: $0.file, message: $0.message) }
        } catch {
            return [VerifyProblem(file: "projections", message: "the derived files could not be checked: \(error)")]
        }
    }

    static func run(
        _ archive: ArchiveLocation, format: OutputFormat, checkpoint: SignedCheckpoint? = nil, keys: [NoteVerifier] = []
    ) throws {
        var signatureProblems: [VerifyProblem] = []
        var signedBy: [String] = []
        if let checkpoint {
            if let manifest = try? Archive.manifest(at: archive.path), manifest.origin != checkpoint.checkpoint.origin {
                signatureProblems.append(
                    VerifyProblem(
                        file: "checkpoint",
                        message: "the checkpoint is of the log \"\(checkpoint.checkpoint.origin)\", this archive is \"\(manifest.origin)\""))
            }
            if !keys.isEmpty {
                do {
                    signedBy = try checkpoint.verify(trustedKeys: keys).map { $0.name }
                } catch {
                    signatureProblems.append(VerifyProblem(file: "checkpoint", message: error.message))
                }
            }
        }
        let logPath = archive.logPath
        guard FileManager.default.fileExists(atPath: logPath) else {
            throw CLIError("no archive at \(archive.path) (run `annals init` first, or pass --archive PATH)")
        }
        let started = Date()
        var report = try Log.verify(directory: logPath, against: checkpoint.map { ($0.checkpoint.size, $0.checkpoint.root) }) { done in
            if Output.stderrIsTerminal, done % 65_536 == 0 { Output.status("\rverifying: \(Output.count(done)) records") }
        }
        if Output.stderrIsTerminal {
            Output.status(String(format: "\rverified %@ records in %.1f s\n", Output.count(report.records), Date().timeIntervalSince(started)))
        }
        report.problems = signatureProblems + report.problems + Self.derivedProblems(archive)
        switch format {
        case .json:
            var document: [String: Any] = [
                "ok": report.ok, "records": report.records, "segments": report.segments, "bytes": report.bytes,
                "tree_size": report.treeSize, "root": report.root.map { $0.hex } ?? NSNull(),
                "problems": report.problems.map { p -> [String: Any] in
                    ["file": p.file, "block": p.block ?? NSNull(), "position": p.position ?? NSNull(), "message": p.message]
                },
            ]
            if let c = report.checkpoint {
                document["checkpoint"] = [
                    "size": c.size, "root": c.root.hex, "consistent": c.consistent,
                    "signature_verified": keys.isEmpty ? NSNull() : !signedBy.isEmpty, "signed_by": signedBy,
                ] as [String: Any]
            }
            try Output.json(document)
        case .text:
            if report.ok {
                Output.line(
                    "ok: \(Output.count(report.records)) records in \(report.segments) segments; every checksum, digest and Merkle node holds")
                if let root = report.root { Output.line("root: \(root.hex) (\(report.treeSize) records)") }
                if let c = report.checkpoint {
                    let signed = signedBy.isEmpty ? "" : ", signed by \(signedBy.joined(separator: ", "))"
                    Output.line("the log extends the checkpoint of \(Output.count(c.size)) records\(signed)")
                }
            } else {
                for problem in report.problems { Output.line("problem: \(problem)") }
                Output.line("\(report.problems.count) problem(s) in \(Output.count(report.records)) records")
            }
        }
        if !report.ok { throw ExitCode(1) }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every checksum, the Merkle tree and an older checkpoint; or check a proof or audit bundle offline.",
        discussion: """
            With no --proof or --bundle: reads every file of the archive's log (read-only, safe while it is written) \
            and checks each checksum and digest, recomputes every Merkle leaf and the log's root, audits the stored \
            tree and index files, and, given --checkpoint, that the log extends that checkpoint (nothing before its \
            size rewritten, reordered or dropped, the tail not truncated). With --key, the checkpoint's signature \
            must verify by one of the keys.
            json: {"ok", "records", "segments", "bytes", "tree_size", "root", "problems": [{"file", "block", \
            "position", "message"}], "checkpoint": {"size", "root", "consistent", "signature_verified", "signed_by"}}. \
            Exit 1 when anything is wrong.

            --proof FILE --checkpoint FILE: checks a proof file from `annals prove` against the checkpoint, with no \
            archive (a consistency proof also needs --from-checkpoint, the earlier one).
            --bundle FILE: checks an audit bundle from `annals prove --stream`, with no archive. An event shown \
            without its content passes only if a verified archive.destroyed in the bundle lists its digest \
            (docs/FORMAT.md, "Audit bundle"); otherwise the bundle withholds it, and the event is named.
            """)
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "A checkpoint the log must extend (or that --proof is against).") var checkpoint: String?
    @Option(help: "A trusted verifier key file (repeatable); the checkpoint must carry a valid signature by one.")
    var key: [String] = []
    @Option(help: "Check this proof file (from `annals prove`) offline.") var proof: String?
    @Option(help: "For a consistency --proof: the earlier checkpoint.") var fromCheckpoint: String?
    @Option(help: "Check this audit bundle (from `annals prove --stream`) offline.") var bundle: String?

    func run() throws {
        let keys = try readVerifierKeys(key)
        if let bundle {
            try verifyBundle(bundle, keys: keys)
        } else if let proof {
            try verifyProof(proof, keys: keys)
        } else {
            try ArchiveVerification.run(archive, format: output.format, checkpoint: try checkpoint.map(readCheckpoint), keys: keys)
        }
    }

    private func verifyProof(_ file: String, keys: [NoteVerifier]) throws {
        guard let checkpoint else { throw CLIError("--proof needs --checkpoint, the checkpoint the proof is against") }
        let result: Result<ProofFile.Verification, any Error> = Result {
            try ProofFile.verify(
                proofFile: try readText(file, "proof file"), checkpoint: try readText(checkpoint, "checkpoint"), trustedKeys: keys,
                earlierCheckpoint: try fromCheckpoint.map { try readText($0, "earlier checkpoint") }, requireTrustedSignature: !keys.isEmpty)
        }
        try report(result.map { v -> [String: Any] in
            switch v.proof {
            case .inclusion(let p):
                ["type": "inclusion", "position": p.index, "tree_size": p.treeSize, "leaf_hash": p.leafHash.hex]
            case .consistency(let p):
                ["type": "consistency", "size1": p.size1, "size2": p.size2]
            }
        }, signatures: (try? result.get())?.signatures ?? [], what: "proof")
    }

    private func verifyBundle(_ file: String, keys: [NoteVerifier]) throws {
        let result: Result<AuditBundle.Verification, any Error> = Result {
            try AuditBundle(json: try readText(file, "audit bundle")).verify(trustedKeys: keys, requireTrustedSignature: !keys.isEmpty)
        }
        try report(result.map { v -> [String: Any] in
            ["type": "bundle", "events": v.events, "destroyed": v.destroyed, "tree_size": v.checkpoint.size, "root": v.checkpoint.root.hex]
        }, signatures: (try? result.get())?.signatures ?? [], what: "bundle")
    }

    private func report(_ result: Result<[String: Any], any Error>, signatures: [NoteSignature], what: String) throws {
        switch result {
        case .success(var fields):
            var names: [String] = []
            for name in signatures.map(\.name) where !names.contains(name) { names.append(name) }
            fields["ok"] = true
            fields["signed_by"] = names
            switch output.format {
            case .json: try Output.json(fields)
            case .text:
                let signed = names.isEmpty ? " (signature not checked: no --key)" : ", signed by " + names.joined(separator: ", ")
                Output.line("ok: the \(what) verifies\(signed)")
            }
        case .failure(let error):
            if error is CLIError { throw error }
            let message = (error as? MerkleError)?.message ?? (error as? CheckpointError)?.message ?? "\(error)"
            switch output.format {
            case .json: try Output.json(["ok": false, "message": message] as [String: Any])
            case .text: Output.line("problem: \(message)")
            }
            throw ExitCode(1)
        }
    }
}

// MARK: - annals prove

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "An inclusion or consistency proof, or a meeting's audit bundle, checkable without the archive.",
        discussion: """
            `annals prove POSITION [--checkpoint FILE]`: the inclusion proof (JSON) of the record at POSITION in \
            the log of the checkpoint (default: of the log as it stands, whose checkpoint is then made too: \
            written to --checkpoint-out, or printed after the proof). Check it with \
            `annals verify --proof FILE --checkpoint FILE`.
            `annals prove --consistency --from-checkpoint OLD [--checkpoint NEW]`: the proof that the log of NEW \
            (default: as it stands) extends OLD; check it with `annals verify --proof FILE --checkpoint NEW \
            --from-checkpoint OLD`.
            `annals prove --stream STREAM --out FILE`: a meeting's audit bundle (every event, its proof and the \
            checkpoint); check it with `annals verify --bundle FILE`.

            Proofs come from the Merkle tree, which only the writing process holds: this opens the archive for \
            writing, and fails if another process has it open so.
            """)
    @OptionGroup var archive: ArchiveLocation
    @Argument(help: "The position of the record to prove.") var position: UInt64?
    @Option(help: "The checkpoint to prove against (default: a new one of the log as it stands).") var checkpoint: String?
    @Flag(help: "Make a consistency proof from --from-checkpoint.") var consistency = false
    @Option(help: "For --consistency: the earlier checkpoint.") var fromCheckpoint: String?
    @Option(help: "Make the audit bundle of this stream (meeting).") var stream: String?
    @Option(help: "Sign a newly made checkpoint with this signer key file.") var key: String?
    @Option(help: "Write the proof or bundle to FILE instead of printing it.") var out: String?
    @Option(help: "Write a newly made checkpoint to FILE.") var checkpointOut: String?
    @OptionGroup var reading: ReaderOptions

    func validate() throws {
        let modes = [position != nil, consistency, stream != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give one of POSITION, --consistency or --stream") }
        if consistency, fromCheckpoint == nil { throw ValidationError("--consistency needs --from-checkpoint OLD") }
        if stream != nil, out == nil { throw ValidationError("--stream needs --out FILE for the bundle") }
    }

    func run() throws {
        let signers = try key.map { [try readSigner($0)] } ?? []
        let target = try openWriter(archive)
        defer { try? target.close() }
        do {
            if let stream {
                let bundle = try target.auditBundle(stream: stream, reader: try reading.reader, signers: signers, purpose: reading.purpose)
                try writeText(bundle.json, to: out)
                Output.line("wrote the audit bundle of \(stream): \(bundle.entries.count) events, proved against \(try SignedCheckpoint(parsing: bundle.checkpoint).checkpoint.size) records")
                return
            }
            // The checkpoint proved against: given, or made now.
            var made: SignedCheckpoint?
            let later: Checkpoint
            if let checkpoint {
                later = try readCheckpoint(checkpoint).checkpoint
                try requireMatches(later, target, "checkpoint")
            } else {
                let signed = try target.checkpoint(signers: signers)
                made = signed
                later = signed.checkpoint
            }
            let proof: ProofFile
            if let position {
                guard position < later.size else {
                    throw CLIError("position \(position) is not in the log of the checkpoint (\(later.size) records)")
                }
                let leaf = try target.log.leafHashes(position..<position + 1)[0]
                proof = .inclusion(
                    InclusionProof(
                        index: position, treeSize: later.size, leafHash: leaf,
                        proof: try target.log.inclusionProof(position: position, treeSize: later.size)))
            } else {
                let earlier = try readCheckpoint(fromCheckpoint!).checkpoint
                try requireMatches(earlier, target, "earlier checkpoint")
                guard earlier.size > 0 else { throw CLIError("every log extends the empty checkpoint; there is nothing to prove") }
                guard earlier.size <= later.size else {
                    throw CLIError("the earlier checkpoint (\(earlier.size) records) is larger than the later (\(later.size))")
                }
                proof = .consistency(
                    ConsistencyProof(
                        size1: earlier.size, size2: later.size, proof: try target.log.consistencyProof(from: earlier.size, to: later.size)))
            }
            try writeText(proof.json, to: out)
            if let made {
                if let checkpointOut {
                    try writeText(made.text, to: checkpointOut)
                } else {
                    Output.line()
                    try writeText(made.text, to: nil)
                }
            }
        } catch let error as LogError {
            throw CLIError(error.message)
        } catch let error as MerkleError {
            throw CLIError(error.message)
        } catch let error as CheckpointError {
            throw CLIError(error.message)
        }
    }
}
