import Annals
import AnnalsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The archivists' reads, each the CLI's JSON, for the signed-in account's clearance.
@Suite struct ReadTests {
    @Test func searchGivesHitsSnippetsWithHighlightsAndFacetsAndRecordsClassifiedReads() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let director = try await client.signIn("wang.fang", ServerFixture.directorPassword)
            let response = try await client.get("/api/v1/search?q=\(encoded("text:星火计划"))&limit=5", token: director)
            #expect(response.status == .ok)
            let result = try object(response)
            #expect(result["total"] as? Int == 1)
            let hit = try #require((result["hits"] as? [[String: Any]])?.first)
            #expect(hit["title"] as? String == "2023年度预算专题会议（星火计划）")
            let snippet = try #require(hit["snippet"] as? String)
            let ranges = try #require(hit["highlights"] as? [[Int]])
            #expect(!ranges.isEmpty)
            let utf16 = Array(snippet.utf16)
            for range in ranges {
                #expect(String(decoding: utf16[range[0]..<range[1]], as: UTF16.self).contains("星火") || String(decoding: utf16[range[0]..<range[1]], as: UTF16.self).contains("计划"))
            }
            let facets = try #require(result["facets"] as? [String: [String: Int]])
            #expect(facets["class"] == ["机密": 1])
            #expect(facets["kind"] == ["主任办公会": 1])
            #expect(facets["dept"] == ["BGS": 1])
            #expect(result["recorded_accesses"] as? [String] == [ServerFixture.secret])
            #expect(try fixture.accesses(ServerFixture.secret).map(\.reader) == ["wang.fang"])
            // Sorting and paging.
            let all = try object(try await client.get("/api/v1/search?q=\(encoded("year:2023"))&sort=-date&limit=1&offset=1", token: director))
            #expect(all["total"] as? Int == 2)
            #expect((all["hits"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func aPlusInTheQueryStringIsASpaceAsFormsEncodeIt() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let director = try await client.signIn("wang.fang", ServerFixture.directorPassword)
            // As a browser's form sends `text:星火计划 kind:主任办公会`: two terms, one hit.
            let plus = try await client.get("/api/v1/search?q=\(encoded("text:星火计划"))+\(encoded("kind:主任办公会"))", token: director)
            #expect(plus.status == .ok, "\(String(buffer: plus.body))")
            let spaced = try object(try await client.get("/api/v1/search?q=\(encoded("text:星火计划 kind:主任办公会"))", token: director))
            let result = try object(plus)
            #expect(result["total"] as? Int == 1)
            #expect(result["total"] as? Int == spaced["total"] as? Int)
            #expect((result["hits"] as? [[String: Any]])?.first?["stream"] as? String == ServerFixture.secret)
            // A literal + is %2B: part of the term, which no record has.
            let literal = try object(try await client.get("/api/v1/search?q=\(encoded("text:星火计划"))%2B\(encoded("kind:主任办公会"))", token: director))
            #expect(literal["total"] as? Int == 0)
            // A time's offset sent unescaped still reads as +08:00.
            let asOf = try await client.get("/api/v1/minutes?stream=\(encoded(ServerFixture.kept))&as_of=2023-03-06T18:00:00+08:00", token: director)
            #expect(asOf.status == .ok, "\(String(buffer: asOf.body))")
            // A broken %-escape is named, not guessed at.
            let broken = try await client.get("/api/v1/search?q=%E9%A2", token: director)
            #expect(broken.status == .badRequest)
        }
    }

    @Test func aSyntaxErrorIs400WithTheColumnAndBadParametersAreNamed() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let error = try await client.get("/api/v1/search?q=\(encoded("year:2023 AND (kind:主任办公会"))", token: clerk)
            #expect(error.status == .badRequest)
            let body = try object(error)
            #expect(body["error"] as? String == "query_syntax")
            #expect((body["column"] as? Int ?? 0) > 1)
            for (uri, parameter) in [
                ("/api/v1/search", "q"), ("/api/v1/search?q=a&limit=-1", "limit"), ("/api/v1/search?q=a&sort=title", "sort"),
                ("/api/v1/minutes", "stream"), ("/api/v1/minutes?stream=\(encoded(ServerFixture.kept))&as_of=yesterday", "as_of"),
                ("/api/v1/catalogue?format=xlsx", "format"), ("/api/v1/decisions?status=late", "status"), ("/api/v1/stats?by=person", "by"),
            ] {
                let response = try await client.get(uri, token: clerk)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(try object(response)["parameter"] as? String == parameter, "\(uri)")
            }
        }
    }

    @Test func minutesSheetAndEventsOfAMeetingWithinClearance() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let stream = encoded(ServerFixture.kept)
            let minutes = try object(try await client.get("/api/v1/minutes?stream=\(stream)", token: clerk))
            #expect(minutes["title"] as? String == "2023年第7次主任办公会")
            #expect((minutes["present"] as? [[String: Any]])?.count == 3)
            #expect((minutes["speeches"] as? [[String: Any]])?.first?["summary"] as? String == "一季度预算执行率为23.5%，略低于序时进度。")
            // As of the day before the meeting: nobody had signed in yet.
            let before = try object(try await client.get("/api/v1/minutes?stream=\(stream)&as_of=2023-03-05", token: clerk))
            #expect((before["present"] as? [[String: Any]])?.isEmpty == true)
            let sheetResponse = try await client.get("/api/v1/signin-sheet?stream=\(stream)", token: clerk)
            let sheet = try object(sheetResponse)
            #expect((sheet["rows"] as? [[String: Any]])?.map { $0["name"] as? String } == ["王芳", "李强", "刘洋"])
            #expect(sheet["counts"] as? [String: Int] == ["expected": 3, "present": 3, "substitutes": 0, "observers": 0])
            #expect(sheet["speeches"] == nil)
            // One encoder: the bytes of `annals sign-in --format json`.
            let library = try #require(try fixture.archive.minutes(of: ServerFixture.kept, reader: Reader(id: "liu.yang", clearance: .internal)))
            #expect(String(buffer: sheetResponse.body) == String(decoding: SignInSheetReport.json(library), as: UTF8.self))
            let events = try await client.get("/api/v1/events?stream=\(stream)", token: clerk)
            #expect(events.status == .ok)
            #expect(events.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            let lines = String(buffer: events.body).split(separator: "\n")
            #expect(lines.count == 10)
            #expect(lines.first?.contains(#""type":"meeting.scheduled""#) == true)
            #expect(try await client.get("/api/v1/minutes?stream=\(encoded("meeting/BGS-2031-0001"))", token: clerk).status == .notFound)
            #expect(try await client.get("/api/v1/events?stream=\(encoded("meeting/BGS-2031-0001"))", token: clerk).status == .notFound)
            // Account streams are the auditors'.
            #expect(try await client.get("/api/v1/events?stream=\(encoded("account/wang.fang"))", token: clerk).status == .forbidden)
            #expect(try await client.get("/api/v1/events?stream=\(encoded("account/wang.fang"))", token: fixture.auditorToken).status == .ok)
        }
    }

    @Test func aRecordAboveTheClearanceIsRefusedAndAClassifiedReadIsRecordedOnce() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let director = try await client.signIn("wang.fang", ServerFixture.directorPassword)
            let stream = encoded(ServerFixture.secret)
            for path in ["minutes", "signin-sheet", "events"] {
                let refused = try await client.get("/api/v1/\(path)?stream=\(stream)", token: clerk)
                #expect(refused.status == .forbidden, "\(path)")
                #expect(!String(buffer: refused.body).contains("星火"), "\(path)")
            }
            #expect(try fixture.accesses(ServerFixture.secret).isEmpty)
            let minutes = try object(try await client.get("/api/v1/minutes?stream=\(stream)", token: director))
            #expect(minutes["title"] as? String == "2023年度预算专题会议（星火计划）")
            let recorded = try fixture.accesses(ServerFixture.secret)
            #expect(recorded.count == 1)
            #expect(recorded.first?.reader == "wang.fang")
        }
    }

    @Test func theCatalogueDecisionsAndCountsLeaveOutWhatTheReaderMayNotSee() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let director = try await client.signIn("wang.fang", ServerFixture.directorPassword)
            let forClerk = try array(try await client.get("/api/v1/catalogue", token: clerk))
            // The 机密 record is listed by number, kind and year only, its title 受限.
            #expect(forClerk.map { $0["stream"] as? String } == [ServerFixture.kept, ServerFixture.secret])
            #expect(forClerk.map { $0["restricted"] as? Bool ?? false } == [false, true])
            #expect(forClerk.last?["title"] as? String == Reader.restrictedMarker)
            #expect(try fixture.accesses(ServerFixture.secret).isEmpty, "a restricted row is not a read")
            let forDirector = try array(try await client.get("/api/v1/catalogue?year=2023", token: director))
            #expect(forDirector.count == 2)
            #expect(try fixture.accesses(ServerFixture.secret).map(\.reader) == ["wang.fang"])
            let csv = try await client.get("/api/v1/catalogue?format=csv", token: clerk)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let rows = String(buffer: csv.body).split(separator: "\r\n")
            #expect(rows.first == "archive_number,stream,title,kind,year,retention,organization,documents,destroyed")
            #expect(rows.count == 3 && rows[1].contains("2023年第7次主任办公会") && rows[2].contains(Reader.restrictedMarker))
            #expect(!String(buffer: csv.body).contains("星火"))
            let decisions = try array(try await client.get("/api/v1/decisions?status=overdue", token: clerk))
            #expect(decisions.map { $0["stream"] as? String } == [ServerFixture.kept])
            let stats = try object(try await client.get("/api/v1/stats?by=kind", token: clerk))
            #expect(stats["meetings"] as? Int == 2)
        }
    }

    @Test func theKeepersReadTheRetentionReviewAndTheRegisterAndAuditorsTheAccounts() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let clerk = try await client.signIn("liu.yang", ServerFixture.clerkPassword)
            let director = try await client.signIn("wang.fang", ServerFixture.directorPassword)
            #expect(try await client.get("/api/v1/retention?year=2034", token: clerk).status == .forbidden)
            let review = try object(try await client.get("/api/v1/retention?year=2034", token: director))
            #expect((review["due"] as? [[String: Any]])?.count == 2)
            #expect(try await client.get("/api/v1/retention", token: director).status == .badRequest)
            #expect(try array(try await client.get("/api/v1/register", token: director)).isEmpty)
            #expect(try await client.get("/api/v1/accounts", token: director).status == .forbidden)
            let accounts = try array(try await client.get("/api/v1/accounts?on=2026-11-03", token: fixture.auditorToken))
            #expect(accounts.map { $0["account"] as? String } == ["liu.yang", "oa.system", "wang.fang", "zhao.min"])
            #expect(accounts.first { $0["account"] as? String == "wang.fang" }?["clearance"] as? String == "机密")
            #expect(!String(data: try JSONSerialization.data(withJSONObject: accounts), encoding: .utf8)!.contains("$2b$"))
        }
    }
}
