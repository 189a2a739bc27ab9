import Annals
import ArgumentParser
import Foundation

struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "Every compliance flag (late notice, no notice, late arrival, late minutes…): rule, stream, at, detail.",
        discussion: """
            The flags are the ones `import` counted: the log replayed through the rules in force; \
            a destroyed record's are the ones its destruction register kept. --year is the meeting's year. \
            A flag's detail above --clearance reads 受限; each meeting of 秘密 or above whose details are \
            shown is recorded as read (archive.accessed). Examples:
              annals flags --year 2024 --rule notice.late
              annals flags --dept BGS --kind 主任办公会 --format json
            """)
    @OptionGroup var archive: ArchiveLocation
    @OptionGroup var output: FormatOptions
    @Option(help: "Only meetings of this year.") var year: Int?
    @Option(help: "Only meetings of this kind (会议类别), e.g. 主任办公会.") var kind: String?
    @Option(help: "Only meetings this department organized (its code, e.g. BGS).") var dept: String?
    @Option(help: "Only this rule, e.g. notice.late, notice.never_sent, sign_in.late, minutes.late.") var rule: String?

    @OptionGroup var reading: ReaderOptions

    func run() throws {
        let reader = try reading.reader
        let filter = FlagFilter(year: year, kind: kind, department: dept, rule: rule)
        let (flags, policy) = try viewing(archive) { source in
            (try source.complianceFlags(reader: reader, filter, purpose: reading.purpose), source.rules.policy)
        }
        printReport(output.format, json: FlagsReport.json(flags)) { FlagsReport.text(flags, policy: policy) }
    }
}
