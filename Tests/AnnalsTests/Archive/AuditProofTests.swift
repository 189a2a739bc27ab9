import Foundation
import Testing

@testable import Annals

/// Audit bundles (a meeting's history with its proofs, checked with no archive) and the
/// auditor's commands, `annals checkpoint`, `annals prove` and `annals verify`.
@Suite(.serialized) struct AuditProofTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let sample = try! String(contentsOf: root.appendingPathComponent("Fixtures/samples/one-meeting.jsonl"), encoding: .utf8)
    static let stream = "meeting/BGS-2023-0042"

    /// The same meeting under another number and other ids: a second history.
    static let secondMeeting = sample.replacingOccurrences(of: "BGS-2023-0042", with: "BGS-2023-0043")
        .replacingOccurrences(of: "6f1c2a40", with: "7f1c2a40")

    final class Folder {
        let path = NSTemporaryDirectory() + "annals-audit-\(UUID().uuidString.prefix(8))"
        init() { try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func file(_ name: String) -> String { path + "/" + name }
        func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }
        func write(_ name: String, _ text: String) { try! text.write(toFile: file(name), atomically: true, encoding: .utf8) }
    }

    static func archive(in folder: Folder) throws -> Archive {
        let archive = try Archive.create(at: folder.file("archive"))
        _ = try archive.importLines(Array(sample.utf8))
        return archive
    }

    // MARK: Library

    @Test func anAuditBundleRoundTripsAndVerifiesWithNoArchive() throws {
        let folder = Folder()
        let archive = try Self.archive(in: folder)
        let signer = try NoteSigner(key: try NoteSigner.generate(name: "archives.example.gov.cn/annals").signerKey)
        let bundle = try archive.auditBundle(stream: Self.stream, signers: [signer])
        let origin = archive.manifest.origin
        try archive.close()

        let received = try AuditBundle(json: bundle.json)
        #expect(received == bundle)
        let result = try received.verify(trustedKeys: [signer.verifier], origin: origin)
        #expect(result.events == 12 && result.destroyed == 0 && result.checkpoint.size == 12)
        #expect(received.entries.allSatisfy { $0.line?.contains("\"digest\"") == true })
        #expect(received.entries[0].line?.contains("2023年第5次主任办公会") == true)

        // A bundle signed by someone else, or from another log, is refused.
        let stranger = try NoteSigner(key: try NoteSigner.generate(name: "archives.example.gov.cn/annals").signerKey)
        #expect(throws: CheckpointError.self) { try received.verify(trustedKeys: [stranger.verifier]) }
        #expect(throws: CheckpointError.self) { try received.verify(trustedKeys: [signer.verifier], origin: "annals.archive/Z109/other") }
    }

    @Test func aModifiedEventLineInTheBundleFailsNamingTheEventAndField() throws {
        let folder = Folder()
        let archive = try Self.archive(in: folder)
        let bundle = try archive.auditBundle(stream: Self.stream)
        try archive.close()
        #expect(try bundle.verify(trustedKeys: [], requireTrustedSignature: false).events == 12)

        func expectFailure(_ change: (inout AuditBundle) -> Void, at position: UInt64?, saying words: String) {
            var forged = bundle
            change(&forged)
            do {
                try forged.verify(trustedKeys: [], requireTrustedSignature: false)
                Issue.record("a forged bundle verified (\(words))")
            } catch let error as AuditBundleError {
                #expect(error.position == position)
                #expect(error.message.contains(words), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        let place = try #require(bundle.entries[0].line?.range(of: "三楼"))
        expectFailure({ $0.entries[0].line!.replaceSubrange(place, with: "四楼") }, at: 0, saying: "data differs")
        expectFailure({ $0.entries[3].line = $0.entries[3].line!.replacingOccurrences(of: "\"by\":\"clerk.wang\"", with: "\"by\":\"clerk.li\"") }, at: 3, saying: "by differs")
        expectFailure({ $0.entries[2].line = $0.entries[2].line!.replacingOccurrences(of: "\"position\":2", with: "\"position\":7") }, at: 2, saying: "position differs")
        // Changing the stored payload too (to match an altered line) breaks its digest.
        expectFailure({ $0.entries[1].payload![5] ^= 1 }, at: 1, saying: "digest")
        // Changing the header (to match an altered payload) breaks the inclusion proof.
        expectFailure({ $0.entries[4].header.recordedAt += 1 }, at: 4, saying: "not proved")
        // Leaving an event out of the history.
        expectFailure({ $0.entries.remove(at: 5) }, at: 6, saying: "missing")
    }

    /// The scenario's meeting/KJK-2012-001 is appraised, approved and destroyed.
    static let destroyedStream = "meeting/KJK-2012-001"

    @Test func theGenuineBundleOfADestroyedMeetingVerifiesEachEventAgainstTheRegister() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.file("archive"))
        _ = try archive.importLines(Array(DestructionAndCheckpointTests.scenario), options: ImportOptions(skipInvalid: true))
        let bundle = try archive.auditBundle(stream: Self.destroyedStream, reader: Reader(id: "P0500", clearance: .confidential))
        try archive.close()
        let received = try AuditBundle(json: bundle.json)
        let withheld = received.entries.filter { $0.line == nil }
        #expect(!withheld.isEmpty)
        let result = try received.verify(trustedKeys: [], requireTrustedSignature: false)
        #expect(result.destroyed == withheld.count && result.events == received.entries.count)
    }

    @Test func aBundleWithholdingALiveEventIsRefusedNamingIt() throws {
        let folder = Folder()
        let archive = try Self.archive(in: folder)
        let bundle = try archive.auditBundle(stream: Self.stream)
        try archive.close()
        // The decision (position 9) shown as if destroyed: line, nonce and payload removed.
        var forged = bundle
        forged.entries[9].line = nil
        forged.entries[9].nonce = nil
        forged.entries[9].payload = nil
        do {
            try forged.verify(trustedKeys: [], requireTrustedSignature: false)
            Issue.record("a bundle that withholds a live decision verified")
        } catch let error as AuditBundleError {
            #expect(error.position == 9)
            #expect(error.message.contains("meeting.resolved") && error.message.contains("withholds"), "\(error)")
        }
        #expect(try bundle.verify(trustedKeys: [], requireTrustedSignature: false).destroyed == 0)

        // The same at the command line: `verify --bundle` fails naming the event.
        folder.write("forged.json", forged.json)
        let refused = try Self.run(folder, ["verify", "--bundle", "forged.json"])
        #expect(refused.status == 1 && (refused.out + refused.err).contains("position 9"), "\(refused)")
        #expect((refused.out + refused.err).contains("withholds"), "\(refused)")
        folder.write("genuine.json", bundle.json)
        #expect(try Self.run(folder, ["verify", "--bundle", "genuine.json"]).status == 0)
    }

    @Test func aShreddedEventNoDestructionListsIsRefusedThoughItsHeaderIsProved() throws {
        let folder = Folder()
        let archive = try Self.archive(in: folder)
        let before = try archive.auditBundle(stream: Self.stream)
        #expect(try archive.log.shred([4]) == 1)
        let after = try archive.auditBundle(stream: Self.stream)
        try archive.close()
        #expect(after.entries[4].line == nil && after.entries[4].payload == nil && after.entries[4].nonce == nil)
        #expect(after.entries[4].header == before.entries[4].header)
        #expect(after.checkpoint == before.checkpoint, "the same leaves, so the same root")
        // Proved in the log, but no archive.destroyed of the meeting accounts for it.
        #expect(throws: AuditBundleError.self) { try after.verify(trustedKeys: [], requireTrustedSignature: false) }
        #expect(try before.verify(trustedKeys: [], requireTrustedSignature: false).destroyed == 0)
    }

    @Test func aCustodyEventShownWithoutContentIsRefused() throws {
        let folder = Folder()
        let archive = try Archive.create(at: folder.file("archive"))
        _ = try archive.importLines(Array(DestructionAndCheckpointTests.scenario), options: ImportOptions(skipInvalid: true))
        let bundle = try archive.auditBundle(stream: Self.destroyedStream)
        try archive.close()
        // The destruction itself hidden: the register that would account for the rest goes with it.
        let last = try #require(bundle.entries.lastIndex { $0.header.type == "archive.destroyed" })
        var forged = bundle
        forged.entries[last].line = nil
        forged.entries[last].nonce = nil
        forged.entries[last].payload = nil
        do {
            try forged.verify(trustedKeys: [], requireTrustedSignature: false)
            Issue.record("a bundle that withholds its archive.destroyed verified")
        } catch let error as AuditBundleError {
            #expect(error.message.contains("withholds"), "\(error)")
        }
    }

    // MARK: Command line

    static func annals() -> String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("annals").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return root.appendingPathComponent(".build/debug/annals").path
    }

    /// Runs `annals` with `arguments` in `folder`; exit status, stdout, stderr.
    @discardableResult
    static func run(_ folder: Folder, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: annals())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var environment = ProcessInfo.processInfo.environment
        environment["ANNALS_ARCHIVE"] = folder.file("archive")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func signedCheckpointsProofsAndBundlesThroughTheCommandLine() throws {
        let folder = Folder()
        try Self.archive(in: folder).close()
        #expect(try Self.run(folder, ["key", "generate", "--name", "archives.example.gov.cn/annals", "--out", "office"]).status == 0)
        #expect(try Self.run(folder, ["key", "generate", "--name", "audit.example.gov.cn", "--out", "auditor"]).status == 0)
        #expect(folder.read("office.key").hasPrefix("PRIVATE+KEY+archives.example.gov.cn/annals+"))

        // A signed, cosigned checkpoint that the log extends.
        #expect(try Self.run(folder, ["checkpoint", "--key", "office.key", "--out", "old.txt"]).status == 0)
        #expect(try Self.run(folder, ["checkpoint", "cosign", "--checkpoint", "old.txt", "--key", "auditor.key", "--out", "old.txt"]).status == 0)
        let verified = try Self.run(folder, ["verify", "--checkpoint", "old.txt", "--key", "office.pub", "--key", "auditor.pub", "--format", "json"])
        #expect(verified.status == 0, "\(verified)")
        let report = Self.json(verified.out)
        #expect(report["ok"] as? Bool == true && report["records"] as? Int == 12)
        let checkpoint = report["checkpoint"] as? [String: Any] ?? [:]
        #expect(checkpoint["consistent"] as? Bool == true && checkpoint["size"] as? Int == 12)
        #expect((checkpoint["signed_by"] as? [String])?.count == 2)

        // An inclusion proof, checked with no archive.
        #expect(try Self.run(folder, ["prove", "5", "--checkpoint", "old.txt", "--out", "p5.json"]).status == 0)
        #expect(try Self.run(folder, ["verify", "--proof", "p5.json", "--checkpoint", "old.txt", "--key", "office.pub", "--archive", "/nonexistent"]).status == 0)

        // The log grows; a consistency proof from the old checkpoint to a new one.
        let archive = try Archive.open(at: folder.file("archive"))
        _ = try archive.importLines(Array(Self.secondMeeting.utf8))
        try archive.close()
        let consistency = try Self.run(folder, [
            "prove", "--consistency", "--from-checkpoint", "old.txt", "--key", "office.key", "--out", "c.json", "--checkpoint-out", "new.txt",
        ])
        #expect(consistency.status == 0, "\(consistency)")
        #expect(try Self.run(folder, ["verify", "--proof", "c.json", "--checkpoint", "new.txt", "--from-checkpoint", "old.txt", "--key", "office.pub"]).status == 0)
        #expect(try Self.run(folder, ["verify", "--checkpoint", "old.txt", "--key", "office.pub"]).status == 0)

        // A meeting's audit bundle.
        #expect(try Self.run(folder, ["prove", "--stream", "meeting/BGS-2023-0043", "--out", "b.json", "--key", "office.key"]).status == 0)
        let bundle = try Self.run(folder, ["verify", "--bundle", "b.json", "--key", "office.pub", "--format", "json"])
        #expect(bundle.status == 0 && Self.json(bundle.out)["events"] as? Int == 12, "\(bundle)")
        folder.write("b2.json", folder.read("b.json").replacingOccurrences(of: "三楼", with: "四楼"))
        let forged = try Self.run(folder, ["verify", "--bundle", "b2.json", "--key", "office.pub"])
        #expect(forged.status == 1 && forged.out.contains("data differs"), "\(forged)")
    }

    @Test func aTamperedOrWronglySignedCheckpointFailsAtTheCommandLine() throws {
        let folder = Folder()
        try Self.archive(in: folder).close()
        try Self.run(folder, ["key", "generate", "--name", "archives.example.gov.cn/annals", "--out", "office"])
        try Self.run(folder, ["key", "generate", "--name", "archives.example.gov.cn/annals", "--out", "impostor"])
        try Self.run(folder, ["checkpoint", "--key", "office.key", "--out", "cp.txt"])
        try Self.run(folder, ["prove", "3", "--checkpoint", "cp.txt", "--out", "p3.json"])
        let text = folder.read("cp.txt")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        // Signed by a key the auditor does not trust.
        let wrongKey = try Self.run(folder, ["verify", "--checkpoint", "cp.txt", "--key", "impostor.pub", "--format", "json"])
        #expect(wrongKey.status == 1)
        let problems = Self.json(wrongKey.out)["problems"] as? [[String: Any]] ?? []
        #expect(problems.first?["file"] as? String == "checkpoint")
        #expect((problems.first?["message"] as? String)?.contains("no signature by a trusted key") == true)
        #expect(try Self.run(folder, ["verify", "--proof", "p3.json", "--checkpoint", "cp.txt", "--key", "impostor.pub"]).status == 1)

        // The size changed under the signature: the signature and the log both disagree.
        var bigger = lines
        bigger[1] = "13"
        folder.write("bigger.txt", bigger.joined(separator: "\n"))
        let size = try Self.run(folder, ["verify", "--checkpoint", "bigger.txt", "--key", "office.pub"])
        #expect(size.status == 1 && size.out.contains("does not verify") && size.out.contains("removed from its end"), "\(size)")

        // The root changed, with and without its signature.
        var otherRoot = lines
        otherRoot[2] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        folder.write("root.txt", otherRoot.joined(separator: "\n"))
        let root = try Self.run(folder, ["verify", "--checkpoint", "root.txt", "--key", "office.pub", "--format", "json"])
        #expect(root.status == 1)
        #expect((Self.json(root.out)["checkpoint"] as? [String: Any])?["consistent"] as? Bool == false)
        folder.write("root-bare.txt", otherRoot.prefix(3).joined(separator: "\n") + "\n")
        let bare = try Self.run(folder, ["verify", "--checkpoint", "root-bare.txt"])
        #expect(bare.status == 1 && bare.out.contains("does not extend the checkpoint"), "\(bare)")
        #expect(try Self.run(folder, ["verify", "--proof", "p3.json", "--checkpoint", "root.txt"]).status == 1)
    }

    @Test func proofsNeedTheWriterAndSaySoWhenAnotherProcessHasIt() throws {
        let folder = Folder()
        let archive = try Self.archive(in: folder)
        defer { try? archive.close() }
        let refused = try Self.run(folder, ["prove", "1"])
        #expect(refused.status != 0)
        #expect(refused.err.contains("only the writing process holds"), "\(refused.err)")
        // A checkpoint is still made, from the records, and agrees with the writer's tree.
        let made = try Self.run(folder, ["checkpoint"])
        #expect(made.status == 0)
        let expected = try archive.checkpoint().checkpoint
        #expect(try Checkpoint(text: made.out) == expected)
        // And verify reads while the writer holds the archive.
        #expect(try Self.run(folder, ["verify"]).status == 0)
    }
}
