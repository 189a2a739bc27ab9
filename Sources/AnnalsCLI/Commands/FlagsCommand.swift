import Annals
import ArgumentParser
import Foundation

struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "Every compliance flag (late notice, no notice, late arrival, late minutes…): rule, stream, at, detail.",
        discussion: """
            The flags are the ones `import` counted: the log replayed through the rules in force. \
            --year is the meeting's year. Examples:
              annals flags --year 2024 --rule notice.late
              annals flags --dept BGS --kind 主任办公会 --format json
            """)
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "Only meetings of this year.") var year: Int?
    @Option(help: "Only meetings of this kind (会议类别), e.g. 主任办公会.") var kind: String?
    @Option(help: "Only meetings this department organized (its code, e.g. BGS).") var dept: String?
    @Option(help: "Only this rule, e.g. notice.late, notice.never_sent, sign_in.late, minutes.late.") var rule: String?

    func run() throws {
        let source = try openForReading(archive)
        defer { try? source.close() }
        let flags = try source.complianceFlags(FlagFilter(year: year, kind: kind, department: dept, rule: rule))
        printReport(output.format, json: FlagsReport.json(flags)) { FlagsReport.text(flags, policy: source.rules.policy) }
    }
}
