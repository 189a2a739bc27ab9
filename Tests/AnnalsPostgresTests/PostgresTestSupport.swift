import AnnalsLog
import Foundation
import Testing

@testable import AnnalsPostgres

/// Every suite that talks to the server runs inside this one, one test at a time:
/// the fault suite stops and restarts the server, which no other test may see.
@Suite(.serialized) struct PostgreSQLSuites {}

/// A fresh schema in the throwaway server that `Scripts/with-postgres.sh` (run by
/// `make test`) started, dropped when the test ends. Without that server the test
/// fails: the PostgreSQL suites never skip in silence.
func withArchiveSchema(_ body: (PostgresLocation) async throws -> Void) async throws {
    guard let url = ProcessInfo.processInfo.environment["ANNALS_PG_URL"] else {
        Issue.record("ANNALS_PG_URL is not set: run the tests through `make test` (Scripts/with-postgres.sh starts PostgreSQL)")
        return
    }
    var location = try PostgresLocation(url: url)
    location.schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    let admin = try await PostgresEventStore.connect(location, connections: 2)
    try await admin.createSchema()
    do {
        try await body(location)
    } catch {
        try? await admin.execute("DROP SCHEMA \"\(location.schema)\" CASCADE")
        await admin.close()
        throw error
    }
    try await admin.execute("DROP SCHEMA \"\(location.schema)\" CASCADE")
    await admin.close()
}

/// A meeting's event as the domain would append it (the payload is the event's JSON).
func event(_ type: String, _ text: String, id: EventID = .random()) -> NewRecord {
    NewRecord(id: id, type: type, payload: Array(#"{"text":"\#(text)"}"#.utf8))
}

/// What an async call gave, as a value.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
