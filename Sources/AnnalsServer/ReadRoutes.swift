import Annals
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore

/// The archivists' reads: search, minutes, sign-in sheet, a stream's events, the
/// catalogue (JSON or CSV), the retention review, the register, decisions, stats and
/// the accounts. Each answers with the bytes of the report the CLI prints with
/// `--format json`.
struct ReadRoutes {
    let state: ServerState
    var views: ReaderViews { ReaderViews(state: state) }

    func add(to router: Router<AnnalsRequestContext>) {
        router.get("/api/v1/search") { request, context in try search(request, context) }
        router.get("/api/v1/minutes") { request, context in try minutes(request, context) }
        router.get("/api/v1/signin-sheet") { request, context in try signInSheet(request, context) }
        router.get("/api/v1/events") { request, context in try events(request, context) }
        router.get("/api/v1/catalogue") { request, context in try catalogue(request, context) }
        router.get("/api/v1/retention") { request, context in try retention(request, context) }
        router.get("/api/v1/register") { _, context in
            try context.require(AccountRole.keepers)
            return jsonResponse(RegisterReport.json(try views.register(reader: try context.reader())))
        }
        router.get("/api/v1/decisions") { request, context in try decisions(request, context) }
        router.get("/api/v1/stats") { request, context in try stats(request, context) }
        router.get("/api/v1/accounts") { request, context in try accounts(request, context) }
    }

    func search(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.readers)
        let parameters = try request.queryString()
        guard let text = parameters.get("q"), !text.isEmpty else { throw APIError.badRequest("q (the query) is required", parameter: "q") }
        let limit = try integer(parameters.get("limit"), "limit", default: 20, range: 0...500)
        let offset = try integer(parameters.get("offset"), "offset", default: 0, range: 0...1_000_000)
        // `sort` is the query language's own `sort:` term, appended when given apart.
        var expression = text
        if let sort = parameters.get("sort"), !sort.isEmpty {
            guard ["relevance", "date", "-date", "number", "-number"].contains(sort) else {
                throw APIError.badRequest("sort \(sort): expected relevance, date, -date, number or -number", parameter: "sort")
            }
            if sort != "relevance" { expression += " sort:" + sort }
        }
        let query: Query
        do {
            query = try Query(parsing: expression, limit: limit, offset: offset)
        } catch {  // a QuerySyntaxError (typed throws)
            throw APIError(
                .badRequest, "query_syntax", error.message,
                extra: [("column", .integer(error.position + 1)), ("query", .string(error.query))])
        }
        let result = try views.search(query, text: text, reader: try context.reader())
        return jsonResponse(QueryReport.json(result))
    }

    func minutes(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        jsonResponse(MinutesReport.json(try meeting(request, context, purpose: "server: minutes")))
    }

    func signInSheet(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        jsonResponse(SignInSheetReport.json(try meeting(request, context, purpose: "server: sign-in sheet")))
    }

    /// The meeting `?stream=` names, as of `?as_of=`, read for the signed-in account.
    private func meeting(_ request: Request, _ context: AnnalsRequestContext, purpose: String) throws -> Minutes {
        try context.require(AccountRole.readers)
        let stream = try required(request, "stream")
        return try views.minutes(of: stream, asOf: try asOfParameter(request), reader: try context.reader(), purpose: purpose)
    }

    func events(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        let account = try context.require(AccountRole.readers)
        let stream = try required(request, "stream")
        let lines = try views.events(of: stream, reader: try context.reader(), account: account)
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: lines)))
    }

    func catalogue(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.readers)
        let parameters = try request.queryString()
        let year = try parameters.get("year").map { try integer($0, "year", default: 0, range: 1900...2999) }
        let fonds = parameters.get("fonds")
        let (rows, format) = try views.catalogue(year: year, fonds: fonds, reader: try context.reader())
        switch parameters.get("format") ?? "json" {
        case "json": return jsonResponse(CatalogueReport.json(rows, format: format))
        case "csv":
            var response = textResponse(CatalogueReport.csv(rows, format: format), contentType: "text/csv; charset=utf-8")
            response.headers[.contentDisposition] = #"attachment; filename="catalogue.csv""#
            return response
        case let other: throw APIError.badRequest("format \(other): expected json or csv", parameter: "format")
        }
    }

    func retention(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.keepers)
        let year = try integer(try request.queryString().get("year"), "year", default: nil, range: 1900...2999)
        let (review, format) = try views.retentionReview(year: year, reader: try context.reader())
        return jsonResponse(RetentionReport.json(review, format: format))
    }

    func decisions(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.readers)
        let parameters = try request.queryString()
        var filter: DecisionFilter?
        if let status = parameters.get("status") {
            guard let parsed = DecisionFilter(rawValue: status) else {
                throw APIError.badRequest("status \(status): expected \(DecisionFilter.allCases.map(\.rawValue).joined(separator: ", "))", parameter: "status")
            }
            filter = parsed
        }
        let rows = try views.decisions(
            asOf: try asOfParameter(request), filter: filter, department: parameters.get("dept"), reader: try context.reader())
        return jsonResponse(DecisionsReport.json(rows))
    }

    func stats(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require(AccountRole.readers)
        let by = try request.queryString().get("by") ?? "dept"
        // Attendance by person would say who sat in classified meetings: the CLI's.
        guard let breakdown = StatsBreakdown(rawValue: by), breakdown != .person else {
            throw APIError.badRequest("by \(by): expected dept, kind or month", parameter: "by")
        }
        return jsonResponse(StatsReport.json(try views.compliance(reader: try context.reader()), by: breakdown))
    }

    func accounts(_ request: Request, _ context: AnnalsRequestContext) throws -> Response {
        try context.require([.auditor])
        var date: CivilDate?
        if let on = try request.queryString().get("on") {
            guard let parsed = CivilDate(on) else { throw APIError.badRequest("on \(on): expected a date such as 2026-03-01", parameter: "on") }
            date = parsed
        }
        let rows = AccountReport.rows(try state.archive.accounts(), on: date, secrets: try state.credentials.load(), now: state.now())
        return jsonResponse(AccountReport.json(rows))
    }
}

/// A required query parameter.
func required(_ request: Request, _ name: String) throws -> String {
    guard let value = try request.queryString().get(name), !value.isEmpty else {
        throw APIError.badRequest("\(name) is required", parameter: name)
    }
    return value
}

/// An integer parameter within `range`; `default` when absent (required when nil).
func integer(_ text: String?, _ name: String, default value: Int?, range: ClosedRange<Int>) throws -> Int {
    guard let text else {
        guard let value else { throw APIError.badRequest("\(name) is required", parameter: name) }
        return value
    }
    guard let number = Int(text), range.contains(number) else {
        throw APIError.badRequest("\(name) \(text): expected a whole number from \(range.lowerBound) to \(range.upperBound)", parameter: name)
    }
    return number
}

/// `as_of`: a time, a date, or `@POSITION` (the CLI's `--as-of`).
func asOfParameter(_ request: Request) throws -> AsOf {
    guard let sent = try request.queryString().get("as_of"), !sent.isEmpty else { return .latest }
    // A time's offset sent unescaped (`as_of=2023-03-06T18:00:00+08:00`) reaches us as
    // a space, form decoding being what it is; no as_of has a space of its own.
    let text = String(sent.map { $0 == " " ? "+" : $0 })
    guard let value = AsOf(text) else {
        throw APIError.badRequest(
            "as_of \(text): expected an RFC 3339 time such as 2023-03-06T18:00:00+08:00, a date such as 2023-03-06, or @POSITION", parameter: "as_of")
    }
    return value
}
