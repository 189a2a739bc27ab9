import Foundation
import Testing

@testable import Annals

/// 密级 names (issue 11, item 5): the English aliases follow the official translation
/// of the Law on Guarding State Secrets (保守国家秘密法), wherever a name is read.
@Suite struct ClassificationNameTests {
    static let translation: [(alias: String, name: String, level: Classification)] = [
        ("public", "公开", .open), ("internal", "内部", .internal), ("confidential", "秘密", .confidential),
        ("secret", "机密", .secret), ("top_secret", "绝密", .topSecret),
    ]

    @Test func theAliasesAreTheOfficialTranslation() {
        for (alias, name, level) in Self.translation {
            #expect(Classification(name: alias) == level, "\(alias)")
            #expect(Classification(name: name) == level, "\(name)")
            #expect(level.alias == alias && level.name == name)
        }
        // Ordered by level: 秘密 below 机密 below 绝密.
        #expect(Classification.confidential < .secret && Classification.secret < .topSecret)
        #expect(Classification(name: "Secret") == nil && Classification(name: "top secret") == nil)
    }

    @Test func anImportedAliasIsExportedInChinese() throws {
        let codec = EventJSONCodec()
        let line = codec.encode(Sample.everyType[0])
        #expect(line.contains(#""classification":"内部""#))
        for (alias, name, level) in Self.translation {
            let aliased = line.replacingOccurrences(of: #""classification":"内部""#, with: #""classification":"\#(alias)""#)
            let decoded = try codec.decode(line: aliased).event
            guard case .meetingScheduled(let meeting) = decoded.data else {
                Issue.record("not a meeting.scheduled")
                continue
            }
            #expect(meeting.classification == level, "\(alias)")
            #expect(codec.encode(decoded).contains(#""classification":"\#(name)""#), "\(alias) is written as \(name)")
        }
    }

    @Test func theQueryLanguageReadsTheAliasesAsTheChineseNames() throws {
        for (alias, name, _) in Self.translation {
            #expect(try Query(parsing: "class:\(alias)") == Query(parsing: "class:\(name)"), "\(alias)")
        }
        #expect(try Query(parsing: "class:confidential..") == Query(parsing: "class:秘密.."))
        // The refusal names the aliases in the translation's order.
        #expect(throws: (any Error).self) { try Query(parsing: "class:restricted") }
        do {
            _ = try Query(parsing: "class:restricted")
        } catch {
            #expect("\(error)".contains("confidential, secret, top_secret"), "\(error)")
        }
    }
}
