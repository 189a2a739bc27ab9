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
