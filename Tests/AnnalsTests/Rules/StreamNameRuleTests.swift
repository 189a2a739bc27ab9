import Annals
import Testing

/// Stream names follow one grammar (issue 11): a known kind prefix, then ASCII
/// letters, digits and `-`; paths, control and format characters and look-alikes
/// are refused with a clear error.
@Suite struct StreamNameRuleTests {
    static let book = RuleBook(policy: MeetingHistory.policy, clock: { MeetingHistory.now.microseconds })

    func refusal(_ stream: String) -> RuleViolation? {
        let event = Event(stream: stream, at: MeetingHistory.scheduledAt, by: Sample.clerk, Sample.scheduled())
        do {
            _ = try Self.book.admit(event, to: MeetingState(stream: stream))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "../../etc/passwd", "meeting/../../etc/passwd", "meeting/BGS\u{0}2023", "meeting/BGS-2023\u{202E}100",
        "meeting/BGS\u{200B}-2023-001", "meeting\u{FF0F}BGS-2023-001", "meeting/\u{0412}GS-2023-001", "meeting/BGS 2023",
        "meeting/BGS/2023", "meeting/", "meeting/-BGS", "minutes/BGS-2023-001", "BGS-2023-001", "meeting/BGS.2023",
    ])
    func aStreamNameOutsideTheGrammarIsRefused(_ stream: String) throws {
        let error = try #require(refusal(stream))
        #expect(error.rule == .streamInvalidName)
        #expect(error.field == "stream")
        #expect(error.message.contains("stream name"))
        // Control and format characters are shown escaped, never printed raw.
        #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 || (0x200B...0x202E).contains($0.value) })
    }

    @Test func aMeetingEventOnAnotherKindOfStreamIsRefused() throws {
        let error = try #require(refusal("account/P0042"))
        #expect(error.rule == .streamWrongKind)
    }

    @Test(arguments: ["meeting/BGS-2023-007", "meeting/ZHK-2024-0101", "meeting/a1"])
    func aStreamNameInTheGrammarIsAccepted(_ stream: String) {
        #expect(refusal(stream) == nil)
        #expect(StreamName.problem(stream) == nil)
    }

    @Test func theOtherKindsOfStreamFollowTheGrammarToo() {
        #expect(StreamName.problem("account/P0042") == nil)
        #expect(StreamName.problem("plan/BGS-2024") == nil)
        #expect(StreamName.problem("account/P0042/../x") != nil)
    }
}
