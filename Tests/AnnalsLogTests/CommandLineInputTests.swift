import Foundation
import Testing

/// `annals import FILE` reads whatever a shell hands it as a file name, and a
/// command line the parser refuses is reported as every error is (CLI.md).
@Suite struct CommandLineInputTests {
    @Test func anUnknownOptionIsAnErrorLineWithTheUsage() throws {
        let run = try CommandRun.annals(["import", "--no-such-option", "x.jsonl"])
        #expect(!run.crashed && run.status != 0)
        #expect(run.errors.hasPrefix("error: Unknown option '--no-such-option'"), "\(run.errors)")
        #expect(run.errors.contains("Usage: annals import"))
        let help = try CommandRun.annals(["import", "--help"])
        #expect(help.succeeded && help.text.contains("USAGE: annals import"))
    }

    @Test func importReadsAPipeFromProcessSubstitution() throws {
        let dir = TemporaryDirectory()
        let archive = dir.path + "/archive"
        #expect(try CommandRun.annals(["init", "--archive", archive]).succeeded)
        let sample = Reliability.repository.appendingPathComponent("Fixtures/samples/one-meeting.jsonl").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "\"$0\" import <(cat \"$1\") --archive \"$2\" >/dev/null", annalsExecutable(), sample, archive]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let export = try CommandRun.annals(["export", "--archive", archive])
        #expect(export.lines.count == 12)
    }

    @Test func importOfDevNullOpensTheArchiveAndAppendsNothing() throws {
        let dir = TemporaryDirectory()
        let archive = dir.path + "/archive"
        #expect(try CommandRun.annals(["init", "--archive", archive]).succeeded)
        let run = try CommandRun.annals(["import", "/dev/null", "--archive", archive])
        #expect(run.succeeded, "\(run.summary)")
        #expect(run.text == "appended 0 events\n")
    }

    @Test func aMissingFileIsNamedWithTheReason() throws {
        let dir = TemporaryDirectory()
        let run = try CommandRun.annals(["import", dir.path + "/absent.jsonl", "--archive", dir.path])
        #expect(run.refusedCleanly)
        #expect(run.errors.contains("absent.jsonl: No such file or directory"), "\(run.errors)")
    }
}

/// `annals flags --format json` lists exactly the flags `import` counted (issue 12).
@Suite struct FlagsCommandTests {
    @Test func theFlagsCommandListsExactlyTheFlagsImportCounted() throws {
        let dir = TemporaryDirectory()
        let archive = dir.path + "/archive"
        #expect(try CommandRun.annals(["init", "--archive", archive]).succeeded)
        let sample = Reliability.repository.appendingPathComponent("Fixtures/samples/one-meeting.jsonl").path
        let imported = try CommandRun.annals(["import", sample, "--archive", archive, "--format", "json"])
        #expect(imported.succeeded, "\(imported.summary)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(imported.text.utf8)) as? [String: Any])
        let counted = try #require(report["flagged"] as? Int)
        #expect(counted > 0)
        let listed = try CommandRun.annals(["flags", "--archive", archive, "--format", "json"])
        #expect(listed.succeeded, "\(listed.summary)")
        let flags = try #require(try JSONSerialization.jsonObject(with: Data(listed.text.utf8)) as? [[String: Any]])
        #expect(flags.count == counted)
        #expect(flags.allSatisfy { $0["rule"] is String && $0["stream"] is String && $0["at"] is String && $0["detail"] is String })
        let none = try CommandRun.annals(["flags", "--archive", archive, "--format", "json", "--rule", "no.such_rule"])
        #expect(none.text == "[]\n")
    }

    @Test func initChoosesTheNumberFormOfTheFonds() throws {
        let dir = TemporaryDirectory()
        let archive = dir.path + "/archive"
        let created = try CommandRun.annals(["init", "--archive", archive, "--number-format", "dat13"])
        #expect(created.succeeded && created.text.contains("DA/T 13-2022"), "\(created.summary)")
        let wrong = try CommandRun.annals(["init", "--archive", dir.path + "/other", "--number-format", "dat99"])
        #expect(wrong.refusedCleanly && wrong.errors.contains("expected dat22 or dat13"))
    }
}
