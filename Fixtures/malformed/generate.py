#!/usr/bin/env python3
"""Writes the malformed-input corpus: JSON Lines files that `annals import` must
refuse, each named for what it breaks, and `expected.tsv` (file, line, code): the
error must name that line and that rule or codec code (`error: line N: CODE: …`).

The files are committed so that they can be read; this script says how they were
made and remakes them: python3 Fixtures/malformed/generate.py

Each file is self-contained: it plans its own meeting (a stream no other file uses)
with valid lines, then the bad line, so that a file breaking a rule shows the state
the rule judges. The harness imports each into an archive holding the sample meeting
(Fixtures/samples/one-meeting.jsonl), whose state a few files build on (base-*).
Hostile query strings for `annals query` are in query/, one per file.
"""

import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "samples", "one-meeting.jsonl")

CASES = []  # (name, lines as bytes, bad line number, code)


def case(name, lines, code, line=None):
    lines = [l if isinstance(l, bytes) else l.encode() for l in lines]
    CASES.append((name, lines, line if line is not None else len(lines), code))


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# A meeting of the standard shape: 主任办公会 on Monday 2023-03-06 09:30-11:30.
PEOPLE = [
    {"person": "P001", "name": "王建国", "unit": "办公室", "position": "主任", "role": "member"},
    {"person": "P002", "name": "李芳", "unit": "财务科", "position": "科长", "role": "member"},
    {"person": "P003", "name": "张伟", "unit": "人事科", "position": "科长", "role": "member"},
    {"person": "P010", "name": "刘洋", "unit": "办公室", "position": "科员", "role": "member"},
    {"person": "P020", "name": "陈静", "unit": "监察科", "position": "科员", "role": "observer"},
]
SUBSTITUTE = {"person": "P030", "name": "赵磊", "unit": "人事科", "position": "副科长"}
DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

counter = [0]


def new_stream():
    counter[0] += 1
    return "meeting/RLB-2023-%03d" % counter[0]


def schedule_data(**changes):
    data = {
        "title": "2023年第5次主任办公会", "kind": "主任办公会", "organizer": "BGS", "chair": "P001", "recorder": "P010",
        "location": "三楼第一会议室", "starts_at": "2023-03-06T09:30:00+08:00", "ends_at": "2023-03-06T11:30:00+08:00",
        "classification": "内部", "planned": True,
        "agenda": [
            {"item": "A1", "title": "研究2023年度临聘人员经费预算", "presenter": "CWK"},
            {"item": "A2", "title": "审议《机关档案管理办法》修订稿", "presenter": "BGS"},
        ],
        "participants": PEOPLE,
    }
    data.update(changes)
    return data


# Valid data for every event type (EVENTS.md).
DATA = {
    "meeting.scheduled": schedule_data(),
    "meeting.rescheduled": {"starts_at": "2023-03-07T09:30:00+08:00", "ends_at": "2023-03-07T11:30:00+08:00", "location": "二楼会议室", "reason": "与市政府常务会议冲突"},
    "meeting.cancelled": {"reason": "主持人临时出差"},
    "meeting.notified": {"channels": ["OA", "短信"]},
    "notice.acknowledged": {"person": "P002"},
    "leave.requested": {"person": "P003", "reason": "出差", "substitute": SUBSTITUTE},
    "leave.approved": {"person": "P003", "approved_by": "P001"},
    "participant.signed_in": {"person": "P002", "signed_by": "P002"},
    "participant.left_early": {"person": "P002", "reason": "另有公务"},
    "agenda.item_added": {"item": "A3", "title": "春节期间值班安排总结", "presenter": "BGS"},
    "minutes.recorded": {"item": "A1", "speaker": "P002", "summary": "临聘人员经费较上年增加12%", "dissent": False},
    "meeting.resolved": {"decisions": [{"decision": "D1", "item": "A1", "text": "同意预算", "responsible": ["CWK"], "deadline": "2023-03-31"}]},
    "decision.progress": {"decision": "D1", "status": "in_progress", "note": "已报批"},
    "minutes.drafted": {"drafter": "P010"},
    "minutes.approved": {"approved_by": "P001"},
    "minutes.distributed": {"recipients": ["P001", "CWK"]},
    "meeting.archived": {"fonds": "Z109", "category": "WS", "year": 2023, "retention": "D30", "organization": "BGS",
                         "documents": [{"title": "会议纪要", "kind": "minutes", "digest": DIGEST}]},
    "archive.accessed": {"reader": "P010", "purpose": "审计核查"},
    "archive.inspected": {"inspector": "P011", "result": "完好"},
    "hold.placed": {"reason": "涉及审计事项", "authority": "市审计局"},
    "hold.released": {"reason": "审计事项已办结", "authority": "市审计局"},
    "retention.appraised": {"outcome": "keep", "appraisers": ["P011", "P012"]},
    "destruction.approved": {"batch": "XH-2024-01", "approvers": ["P001", "P013"]},
    "archive.destroyed": {"batch": "XH-2024-01", "witnesses": ["P014", "P015"], "method": "粉碎", "place": "档案室销毁间"},
    "minutes.reviewed": {"reviewed_by": "P002"},
    "agenda.item_submitted": {"item": "A3", "title": "2023年政务公开工作要点", "department": "BGS", "approved_by": "P001"},
    "retention.exception": {"retention": "D10", "reason": "仅通报一般性事项", "approved_by": "P001"},
}
TYPES = list(DATA)
# Added by issue 12's 督办; their cases are made last, so that the streams of the
# cases above keep their numbers.
FOLLOW_UP_TYPES = ["decision.extended", "decision.closed"]
DATA["decision.extended"] = {"decision": "D1", "deadline": "2023-04-14", "reason": "需等待市财政局批复", "approved_by": "P001"}
DATA["decision.closed"] = {"decision": "D1", "closed_by": "P010", "note": "经核实已办结，予以销号"}


def event(stream, type, at, data=None, by="clerk.wang", **envelope):
    obj = {"stream": stream, "type": type, "at": at, "by": by, "data": DATA[type] if data is None else data}
    obj.update(envelope)
    return dump(obj)


class Meeting:
    """Builds one meeting's lines: `m.add(type, at, data)` returns self for chaining.
    `year` moves the meeting's own history (plan, session, minutes, filing) from 2023
    to that year; lines added afterwards keep the dates they are given."""

    def __init__(self, year=2023, **schedule_changes):
        self.stream = new_stream()
        self.year = year
        self.lines = [self.moved(event(self.stream, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(**schedule_changes)))]

    def moved(self, line):
        if self.year == 2023:
            return line
        return line.replace('"2024-03-15', '"%d-03-15' % (self.year + 1)).replace('"2023-0', '"%d-0' % self.year)

    def add(self, type, at, data=None, own=False):
        line = event(self.stream, type, at, data)
        self.lines.append(self.moved(line) if own else line)
        return self

    def line(self, type, at, data=None):
        return event(self.stream, type, at, data)

    def held(self):
        """Notified, attended, minuted and resolved."""
        return (self.add("meeting.notified", "2023-03-01T10:05:00+08:00", own=True)
                .add("participant.signed_in", "2023-03-06T09:25:00+08:00", {"person": "P001", "signed_by": "P001"}, own=True)
                .add("participant.signed_in", "2023-03-06T09:26:00+08:00", {"person": "P002", "signed_by": "P002"}, own=True)
                .add("minutes.recorded", "2023-03-06T09:50:00+08:00", own=True)
                .add("meeting.resolved", "2023-03-06T11:20:00+08:00", own=True))

    def approved(self):
        return (self.held().add("minutes.drafted", "2023-03-06T16:00:00+08:00", own=True)
                .add("minutes.approved", "2023-03-07T10:00:00+08:00", own=True))

    def archived(self, retention="Y"):
        """Filed in the meeting's year; a 主任办公会 is permanent (Y) by the retention table."""
        data = dict(DATA["meeting.archived"], retention=retention, year=self.year)
        return self.approved().add("meeting.archived", "2024-03-15T10:00:00+08:00", data, own=True)


def ten_year_record(**changes):
    """A 科务会 of 2013, kept ten years (D10): expired on 2024-01-01."""
    return Meeting(year=2013, kind="科务会", **changes).archived(retention="D10")


def appraised_for_destruction():
    return ten_year_record().add("retention.appraised", "2024-02-01T10:00:00+08:00",
                                 {"outcome": "destroy", "appraisers": ["P011", "P012"]})


def approved_for_destruction():
    return appraised_for_destruction().add("destruction.approved", "2024-03-01T10:00:00+08:00")


def with_bad(meeting, bad):
    return meeting.lines + [bad]


def valid_schedule():
    return Meeting().lines


# ---------------------------------------------------------------- JSON syntax
def syntax(name, bad, code="syntax"):
    case("json-" + name, valid_schedule() + [bad], code)


syntax("unterminated-object", b'{"stream":"meeting/RLB-2023-900","type":"meeting.cancelled",')
syntax("unterminated-string", b'{"stream":"meeting/RLB-2023-900,"type":"meeting.cancelled"}')
syntax("unterminated-array", b'{"stream":"meeting/RLB-2023-900","type":"meeting.notified","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"channels":["OA"}}')
syntax("trailing-comma-in-object", b'{"stream":"meeting/RLB-2023-900","type":"meeting.cancelled","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"reason":"x"},}')
syntax("trailing-comma-in-array", b'{"stream":"meeting/RLB-2023-900","type":"meeting.notified","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"channels":["OA",]}}')
syntax("missing-colon", b'{"stream" "meeting/RLB-2023-900"}')
syntax("missing-comma", b'{"stream":"meeting/RLB-2023-900" "type":"meeting.cancelled"}')
syntax("single-quotes", b"{'stream':'meeting/RLB-2023-900'}")
syntax("unquoted-key", b'{stream:"meeting/RLB-2023-900"}')
syntax("line-comment", b'// a comment')
syntax("block-comment", b'{/* note */"stream":"meeting/RLB-2023-900"}')
syntax("nan-literal", b'{"stream":"meeting/RLB-2023-900","position":NaN}')
syntax("infinity-literal", b'{"stream":"meeting/RLB-2023-900","position":Infinity}')
syntax("leading-zero-number", b'{"stream":"meeting/RLB-2023-900","position":007}')
syntax("hex-number", b'{"stream":"meeting/RLB-2023-900","position":0x10}')
syntax("plus-sign-number", b'{"stream":"meeting/RLB-2023-900","position":+1}')
syntax("bare-fraction", b'{"stream":"meeting/RLB-2023-900","position":.5}')
syntax("dangling-exponent", b'{"stream":"meeting/RLB-2023-900","position":1e}')
syntax("number-overflowing-double", b'{"stream":"meeting/RLB-2023-900","position":1e999}')
syntax("two-objects-on-one-line", b'{"stream":"a"}{"stream":"b"}')
syntax("trailing-garbage", event("meeting/RLB-2023-900", "meeting.cancelled", "2023-03-01T10:05:00+08:00").encode() + b" x")
syntax("raw-control-character-in-string", b'{"stream":"meeting/RLB\x01-2023-900"}')
syntax("raw-tab-in-string", b'{"stream":"meeting/RLB\t2023-900"}')
syntax("invalid-escape", b'{"stream":"meeting\\q"}')
syntax("short-unicode-escape", b'{"stream":"meeting\\u12"}')
syntax("non-hex-unicode-escape", b'{"stream":"meeting\\uZZZZ"}')
syntax("lone-high-surrogate-escape", b'{"stream":"meeting/\\ud800","type":"meeting.cancelled","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"reason":"x"}}')
syntax("lone-low-surrogate-escape", b'{"stream":"meeting/\\udc00","type":"meeting.cancelled","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"reason":"x"}}')
syntax("nesting-17-deep", b'{"stream":"s","data":' + b'[' * 16 + b']' * 16 + b'}')
syntax("nesting-100000-deep", b'[' * 100000 + b']' * 100000)
syntax("unclosed-nesting-100000-deep", b'{"a":' * 100000)
syntax("empty-key-then-nothing", b'{"":')
syntax("only-a-brace", b'{')
syntax("only-a-closing-brace", b'}')
syntax("nul-byte-between-tokens", b'{"stream":\x00"meeting/RLB-2023-900"}')
syntax("nul-byte-in-string", b'{"stream":"meeting/RLB\x002023-900"}')
syntax("line-of-nul-bytes", b'\x00' * 64)
syntax("vertical-tab-line", b'\x0b')
syntax("form-feed-line", b'\x0c')
syntax("no-break-space-line", "\u00a0".encode())
syntax("ideographic-space-line", "\u3000".encode())
syntax("zero-width-no-break-space-line", "\ufeff".encode())
syntax("bom-before-an-object", b'\xef\xbb\xbf' + event("meeting/RLB-2023-900", "meeting.cancelled", "2023-03-01T10:05:00+08:00").encode())
syntax("fullwidth-braces", "｛“stream”：“meeting/RLB-2023-900”｝".encode())
syntax("chinese-curly-quotes", '{“stream”:“meeting/RLB-2023-900”}'.encode())
syntax("json-array-of-events", b'[' + event("meeting/RLB-2023-900", "meeting.cancelled", "2023-03-01T10:05:00+08:00").encode() + b']', code="wrong_type")
syntax("top-level-string", b'"meeting.cancelled"', code="wrong_type")
syntax("top-level-number", b'42', code="wrong_type")
syntax("top-level-null", b'null', code="wrong_type")
syntax("top-level-true", b'true', code="wrong_type")
syntax("duplicate-key", b'{"stream":"meeting/RLB-2023-900","stream":"meeting/RLB-2023-901","type":"meeting.cancelled","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"reason":"x"}}')

# Files as a whole: a byte-order mark on line 1, UTF-16, old Mac line ends, and bad
# lines after empty ones (line numbers count every line).
case("file-utf8-bom", [b'\xef\xbb\xbf' + valid_schedule()[0].encode()], "syntax", line=1)
case("file-utf16le-with-bom", [b'\xff\xfe' + valid_schedule()[0].encode("utf-16-le")], "syntax", line=1)
case("file-utf16be-without-bom", [valid_schedule()[0].encode("utf-16-be")], "syntax", line=1)
case("file-cr-line-ends", [b'\r'.join(l.encode() for l in Meeting().held().lines)], "syntax", line=1)
case("file-empty-lines-before-a-bad-line", valid_schedule() + [b"", b"   ", b"\t", b"\r", b'{"stream":'], "syntax")
m = Meeting()
speeches = [m.line("minutes.recorded", "2023-03-06T09:50:00+08:00", dict(DATA["minutes.recorded"], summary="第%d条发言" % i)) for i in range(998)]
case("file-bad-line-at-1000", m.lines + speeches + [b'{"stream":'], "syntax")
case("file-crlf-then-bad-line", [l.encode() + b"\r" for l in Meeting().held().lines] + [b'{"stream":\r'], "syntax")
case("file-gzip-compressed", [b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00'], "syntax", line=1)

# ---------------------------------------------------------------- invalid UTF-8
def utf8(name, raw):
    case("utf8-" + name, valid_schedule() + [b'{"stream":"meeting/RLB-2023-900","type":"meeting.cancelled","at":"2023-03-01T10:05:00+08:00","by":"c","data":{"reason":"' + raw + b'"}}'], "syntax")


utf8("lone-continuation-byte", b'\x80')
utf8("truncated-two-byte-sequence", b'\xc3')
utf8("truncated-three-byte-chinese", "会议".encode()[:-1])
utf8("overlong-slash", b'\xc0\xaf')
utf8("overlong-three-byte", b'\xe0\x80\xaf')
utf8("encoded-surrogate", b'\xed\xa0\x80')
utf8("above-u10ffff", b'\xf4\x90\x80\x80')
utf8("byte-ff", b'\xff')
utf8("gbk-encoded-chinese", "主任办公会".encode("gbk"))
utf8("latin1-accent", "réunion".encode("latin-1"))
case("utf8-invalid-in-a-key", valid_schedule() + [b'{"str\xe9am":"meeting/RLB-2023-900"}'], "syntax")
case("utf8-invalid-outside-strings", valid_schedule() + [b'{"stream":"meeting/RLB-2023-900"\xa0}'], "syntax")

# ---------------------------------------------------------------- the envelope
GOOD = {"stream": "meeting/RLB-2023-900", "type": "meeting.cancelled", "at": "2023-03-01T10:05:00+08:00", "by": "clerk.wang", "data": {"reason": "临时出差"}}


def envelope(name, code, drop=None, **changes):
    obj = dict(GOOD)
    if drop:
        del obj[drop]
    obj.update(changes)
    case("envelope-" + name, valid_schedule() + [dump(obj)], code)


for key in ["stream", "type", "at", "by", "data"]:
    envelope("missing-" + key, "missing_field", drop=key)
envelope("stream-is-a-number", "wrong_type", stream=42)
envelope("stream-is-null", "wrong_type", stream=None)
envelope("type-is-an-array", "wrong_type", type=["meeting.cancelled"])
envelope("at-is-a-number", "wrong_type", at=1677636300)
envelope("by-is-an-object", "wrong_type", by={"person": "P010"})
envelope("data-is-an-array", "wrong_type", data=[{"reason": "x"}])
envelope("data-is-null", "wrong_type", data=None)
envelope("data-is-a-string", "wrong_type", data='{"reason":"x"}')
envelope("id-is-a-number", "wrong_type", id=7)
envelope("id-is-not-a-uuid", "invalid_value", id="event-0001")
envelope("id-is-empty", "invalid_value", id="")
envelope("stream-is-empty", "invalid_value", stream="")
envelope("by-is-empty", "invalid_value", by="")
envelope("unknown-key", "unknown_field", priority="high")
envelope("key-in-camel-case", "unknown_field", recordedAt="2023-03-01T10:05:00+08:00")
envelope("position-is-a-string", "wrong_type", position="12")
envelope("position-is-negative", "invalid_value", position=-1)
envelope("position-is-a-fraction", "wrong_type", position=1.5)
envelope("position-beyond-int64", "syntax", position=123456789012345678901234567890)
envelope("version-is-a-bool", "wrong_type", version=True)
envelope("recorded-at-is-not-a-time", "invalid_value", recorded_at="yesterday")
envelope("digest-is-not-hex", "invalid_value", digest="z" * 64)
envelope("digest-is-short", "invalid_value", digest=DIGEST[:63])

# ---------------------------------------------------------------- types
for name, type in [("unknown", "meeting.postponed"), ("empty", ""), ("upper-case", "MEETING.CANCELLED"),
                   ("trailing-space", "meeting.cancelled "), ("with-nul", "meeting.cancelled\u0000"),
                   ("chinese", "会议.取消"), ("very-long", "meeting." + "x" * 300)]:
    envelope("type-" + name, "unknown_type", type=type)

# ---------------------------------------------------------------- each type's fields
def data_case(name, type, data, code):
    line = event("meeting/RLB-2023-900", type, "2023-03-06T10:00:00+08:00", data)
    case("data-%s-%s" % (type, name), valid_schedule() + [line], code)


WRONG = {str: 42, bool: "yes", int: "2023", list: {"0": "x"}, dict: ["x"]}
def field_cases(types):
    for type in types:
        data = dict(DATA[type])
        data_case("unknown-field", type, dict(data, mood="good"), "unknown_field")
        first = next(iter(data))
        data_case("wrong-type-" + first.replace("_", "-"), type, dict(data, **{first: WRONG[data[first].__class__]}), "wrong_type")
        required = "documents" if type == "meeting.archived" else first  # the archive fills the others in
        data_case("missing-" + required.replace("_", "-"), type, {k: v for k, v in data.items() if k != required}, "missing_field")


field_cases(TYPES)

# Values of the right JSON type that are not allowed.
def value(name, type, code="invalid_value", **changes):
    data_case(name, type, dict(DATA[type], **changes), code)


for text in ["2023-03-06T09:30:00+25:00", "2023-03-06T09:30:00+08:60", "2023-03-06T09:30:00+0800", "2023-03-06T09:30:00",
             "2023-03-06T09:30:00+08", "2023-03-06T09:30:00 UTC", "2023-03-06T09:30:00+08:00[Asia/Shanghai]",
             "2023-03-06 09:30:00+08:00", "2023-02-29T09:30:00+08:00", "2023-13-06T09:30:00+08:00", "2023-00-06T09:30:00+08:00",
             "0000-03-06T09:30:00+08:00", "2023-03-06T24:00:00+08:00", "2023-03-06T23:59:60+08:00", "2023-03-06T09:30:00.1234567+08:00",
             "2023-03-06T09:30:00.+08:00", "2023-03-06", "周一上午九点半", "2023-03-06T09:30:00+08:00 ", "２０２３-03-06T09:30:00+08:00"]:
    slug = "".join(c if c.isalnum() else "-" for c in text.encode("ascii", "replace").decode()).strip("-")[:40]
    value("starts-at-" + slug, "meeting.rescheduled", starts_at=text)
envelope("at-with-offset-24h", "invalid_value", at="2023-03-01T10:05:00+24:00")
envelope("at-negative-zero-offset-malformed", "invalid_value", at="2023-03-01T10:05:00-0:00")
value("deadline-is-a-time", "meeting.resolved", decisions=[dict(DATA["meeting.resolved"]["decisions"][0], deadline="2023-03-31T17:00:00+08:00")])
value("deadline-does-not-exist", "meeting.resolved", decisions=[dict(DATA["meeting.resolved"]["decisions"][0], deadline="2023-04-31")])
value("classification-unknown", "meeting.scheduled", classification="绝密★")
value("classification-wrong-case", "meeting.scheduled", classification="Secret")
value("role-chair", "meeting.scheduled", participants=[dict(PEOPLE[0], role="chair")])
value("retention-d20", "meeting.archived", retention="D20")
value("retention-lower-case", "meeting.archived", retention="d10")
value("document-kind-unknown", "meeting.archived", documents=[{"title": "照片", "kind": "photo"}])
value("document-digest-not-hex", "meeting.archived", documents=[{"title": "纪要", "kind": "minutes", "digest": "g" * 64}])
value("outcome-burn", "retention.appraised", outcome="burn")
value("status-finished", "decision.progress", status="finished")
value("year-is-a-fraction", "meeting.archived", code="wrong_type", year=2023.5)

# ---------------------------------------------------------------- sizes
huge = "很" * (64 << 10)  # 192 KiB of UTF-8: over the 64 KiB field limit, under the 1 MiB line limit
value("summary-over-the-field-limit", "minutes.recorded", code="field_too_long", summary=huge)
value("title-one-byte-over-the-field-limit", "agenda.item_added", code="field_too_long", title="x" * ((64 << 10) + 1))
envelope("stream-one-byte-over-the-log-limit", "field_too_long", stream="meeting/" + "x" * (65536 - 8))
value("line-over-the-line-limit-in-small-fields", "minutes.distributed", code="line_too_long", recipients=["P%06d" % i for i in range(120000)])
value("ten-mebibyte-field", "minutes.recorded", code="field_too_long", summary="记" * ((10 << 20) // 3))
value("many-participants-over-the-line-limit", "meeting.scheduled", code="line_too_long",
      participants=[dict(PEOPLE[1], person="P%06d" % i) for i in range(20000)])

# ---------------------------------------------------------------- rules
def rule(rule_id, lines, suffix=""):
    case("rule-" + rule_id + suffix, lines, rule_id)


def fresh_line(type, at="2023-03-06T10:00:00+08:00", data=None):
    return event(new_stream(), type, at, data)


m = Meeting(); rule("meeting.first_event", m.lines + [m.line("meeting.scheduled", "2023-03-02T10:00:00+08:00", schedule_data())])
rule("meeting.not_scheduled", [fresh_line("meeting.notified", "2023-03-01T10:05:00+08:00")])
rule("meeting.not_scheduled", [fresh_line("archive.accessed")], "-custody-on-an-empty-stream")
s = new_stream(); rule("meeting.end_before_start", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(ends_at="2023-03-06T09:00:00+08:00"))])
m = Meeting(); rule("meeting.end_before_start", m.lines + [m.line("meeting.rescheduled", "2023-03-02T10:00:00+08:00", dict(DATA["meeting.rescheduled"], ends_at="2023-03-07T09:30:00+08:00"))], "-rescheduled")
s = new_stream(); rule("meeting.ad_hoc_needs_approver", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(planned=False))])
s = new_stream(); rule("meeting.duplicate_participant", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(participants=PEOPLE + [PEOPLE[1]]))])
m = Meeting().held(); rule("meeting.change_after_resolved", m.lines + [m.line("meeting.rescheduled", "2023-03-06T11:40:00+08:00")])
m = Meeting().held(); rule("meeting.change_after_resolved", m.lines + [m.line("meeting.cancelled", "2023-03-06T11:40:00+08:00")], "-cancelled")
m = Meeting().add("meeting.cancelled", "2023-03-02T10:00:00+08:00"); rule("meeting.cancelled", m.lines + [m.line("meeting.notified", "2023-03-02T11:00:00+08:00")])
m = Meeting().archived(); rule("archive.frozen", m.lines + [m.line("minutes.recorded", "2024-03-16T10:00:00+08:00")])
m = Meeting().archived(); rule("archive.already_archived", m.lines + [m.line("meeting.archived", "2024-03-16T10:00:00+08:00")])
m = Meeting(); rule("archive.not_archived", m.lines + [m.line("archive.inspected", "2023-03-07T10:00:00+08:00")])
m = Meeting().approved(); rule("archive.not_archived", m.lines + [m.line("hold.placed", "2023-03-08T10:00:00+08:00")], "-hold")
m = approved_for_destruction().add("archive.destroyed", "2024-03-08T15:00:00+08:00", dict(DATA["archive.destroyed"], batch="XH-2024-01"))
rule("record.destroyed", m.lines + [m.line("hold.placed", "2024-04-01T10:00:00+08:00")])
m = Meeting(); rule("sign_in.proxy", m.lines + [m.line("participant.signed_in", "2023-03-06T09:20:00+08:00", {"person": "P002", "signed_by": "P010"})])
m = Meeting(); rule("sign_in.not_invited", m.lines + [m.line("participant.signed_in", "2023-03-06T09:20:00+08:00", {"person": "P099", "signed_by": "P099"})])
m = Meeting().add("leave.requested", "2023-03-02T09:00:00+08:00")
rule("sign_in.substitute_not_approved", m.lines + [m.line("participant.signed_in", "2023-03-06T09:20:00+08:00", {"person": "P030", "signed_by": "P030"})])
m = Meeting().add("participant.signed_in", "2023-03-06T09:20:00+08:00")
rule("sign_in.twice", m.lines + [m.line("participant.signed_in", "2023-03-06T09:21:00+08:00")])
m = Meeting(); rule("sign_in.after_end", m.lines + [m.line("participant.signed_in", "2023-03-06T11:31:00+08:00")])
m = Meeting(); rule("left_early.not_signed_in", m.lines + [m.line("participant.left_early", "2023-03-06T10:20:00+08:00")])
m = Meeting().add("participant.signed_in", "2023-03-06T09:20:00+08:00").add("participant.left_early", "2023-03-06T10:20:00+08:00")
rule("left_early.twice", m.lines + [m.line("participant.left_early", "2023-03-06T10:30:00+08:00")])
m = Meeting().add("participant.signed_in", "2023-03-06T09:20:00+08:00")
rule("left_early.after_end", m.lines + [m.line("participant.left_early", "2023-03-06T11:45:00+08:00")])
m = Meeting(); rule("minutes.before_meeting", m.lines + [m.line("minutes.drafted", "2023-03-05T16:00:00+08:00")])
m = Meeting().approved(); rule("minutes.already_approved", m.lines + [m.line("minutes.drafted", "2023-03-08T10:00:00+08:00")])
m = Meeting().approved(); rule("minutes.already_approved", m.lines + [m.line("minutes.approved", "2023-03-08T10:00:00+08:00")], "-twice")
m = Meeting().held(); rule("minutes.not_drafted", m.lines + [m.line("minutes.approved", "2023-03-07T10:00:00+08:00")])
m = Meeting().held().add("minutes.drafted", "2023-03-06T16:00:00+08:00")
rule("minutes.not_approved", m.lines + [m.line("minutes.distributed", "2023-03-07T10:00:00+08:00")])
m = Meeting(classification="秘密").approved()
rule("minutes.distribution_not_invited", m.lines + [m.line("minutes.distributed", "2023-03-07T14:00:00+08:00", {"recipients": ["P001", "P099"]})])
m = Meeting().held(); rule("archive.minutes_not_approved", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00")])
m = Meeting().approved(); rule("archive.invalid_fonds", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], fonds="z109"))])
m = Meeting().approved(); rule("archive.invalid_fonds", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], fonds="Z1090"))], "-five-characters")
m = Meeting().approved(); rule("archive.invalid_year", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], year=123))])
m = Meeting().archived(); rule("hold.not_held", m.lines + [m.line("hold.released", "2024-04-01T10:00:00+08:00")])
m = Meeting().archived(retention="Y")
rule("destruction.permanent", m.lines + [m.line("destruction.approved", "2024-04-01T10:00:00+08:00")])
m = Meeting().archived(retention="Y")
rule("destruction.permanent", m.lines + [m.line("retention.appraised", "2024-04-01T10:00:00+08:00", {"outcome": "destroy", "appraisers": ["P011", "P012"]})], "-appraised")
m = appraised_for_destruction().add("hold.placed", "2024-02-10T10:00:00+08:00")
rule("destruction.held", m.lines + [m.line("destruction.approved", "2024-03-01T10:00:00+08:00")])
m = appraised_for_destruction()
rule("destruction.not_expired", m.lines + [m.line("destruction.approved", "2023-12-20T10:00:00+08:00")])
m = ten_year_record(); rule("destruction.not_appraised", m.lines + [m.line("destruction.approved", "2024-03-01T10:00:00+08:00")])
m = appraised_for_destruction()
rule("destruction.needs_two_approvers", m.lines + [m.line("destruction.approved", "2024-03-01T10:00:00+08:00", {"batch": "XH-2024-01", "approvers": ["P001", "P001"]})])
m = appraised_for_destruction(); rule("destruction.not_approved", m.lines + [m.line("archive.destroyed", "2024-03-08T15:00:00+08:00")])
m = approved_for_destruction()
rule("destruction.batch_mismatch", m.lines + [m.line("archive.destroyed", "2024-03-08T15:00:00+08:00", dict(DATA["archive.destroyed"], batch="XH-2024-02"))])
m = approved_for_destruction()
rule("destruction.needs_two_witnesses", m.lines + [m.line("archive.destroyed", "2024-03-08T15:00:00+08:00", dict(DATA["archive.destroyed"], witnesses=["P011", ""]))])
m = Meeting(); rule("resolve.before_start", m.lines + [m.line("meeting.resolved", "2023-03-06T09:00:00+08:00")])
m = Meeting(); rule("resolve.no_decisions", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": []})])
D1 = DATA["meeting.resolved"]["decisions"][0]
m = Meeting(); rule("decision.duplicate_id", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [D1, D1]})])
m = Meeting().held(); rule("decision.duplicate_id", m.lines + [m.line("meeting.resolved", "2023-03-06T11:25:00+08:00")], "-in-a-second-resolution")
m = Meeting(); rule("decision.unknown_item", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [dict(D1, item="A9")]})])
m = Meeting(); rule("decision.needs_department", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [dict(D1, responsible=[])]})])
m = Meeting(); rule("decision.needs_deadline", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [{k: v for k, v in D1.items() if k != "deadline"}]})])
m = Meeting(); rule("decision.deadline_before_meeting", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [dict(D1, deadline="2023-03-01")]})])
m = Meeting().held(); rule("decision.unknown", m.lines + [m.line("decision.progress", "2023-03-20T17:00:00+08:00", {"decision": "D9", "status": "done"})])
m = Meeting().held().add("decision.progress", "2023-03-20T17:00:00+08:00", {"decision": "D1", "status": "done"})
rule("decision.already_done", m.lines + [m.line("decision.progress", "2023-03-21T17:00:00+08:00")])
s = new_stream(); rule("agenda.duplicate_item", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(agenda=[DATA["meeting.scheduled"]["agenda"][0]] * 2))])
m = Meeting(); rule("agenda.duplicate_item", m.lines + [m.line("agenda.item_added", "2023-03-06T09:40:00+08:00", {"item": "A1", "title": "临时议题"})], "-added-in-session")
m = Meeting(); rule("speech.unknown_item", m.lines + [m.line("minutes.recorded", "2023-03-06T09:50:00+08:00", dict(DATA["minutes.recorded"], item="A9"))])
m = Meeting(); rule("speech.before_start", m.lines + [m.line("minutes.recorded", "2023-03-06T09:00:00+08:00")])
m = Meeting().archived(); rule("appraisal.needs_appraisers", m.lines + [m.line("retention.appraised", "2024-04-01T10:00:00+08:00", {"outcome": "keep", "appraisers": []})])
m = Meeting().archived(); rule("appraisal.extend_needs_retention", m.lines + [m.line("retention.appraised", "2024-04-01T10:00:00+08:00", {"outcome": "extend", "appraisers": ["P011"]})])
m = Meeting().archived(); rule("appraisal.shortens", m.lines + [m.line("retention.appraised", "2024-04-01T10:00:00+08:00", {"outcome": "extend", "retention": "D10", "appraisers": ["P011"]})])
m = Meeting().archived(); rule("appraisal.shortens", m.lines + [m.line("retention.appraised", "2024-04-01T10:00:00+08:00", {"outcome": "keep", "retention": "D10", "appraisers": ["P011"]})], "-keep")
m = Meeting(kind="科务会").archived(retention="D10")
rule("appraisal.destroy_before_expiry", m.lines + [m.line("retention.appraised", "2025-04-01T10:00:00+08:00", {"outcome": "destroy", "appraisers": ["P011"]})])
m = Meeting(); rule("leave.not_invited", m.lines + [m.line("leave.requested", "2023-03-02T09:00:00+08:00", {"person": "P099", "reason": "出差"})])
m = Meeting().add("participant.signed_in", "2023-03-06T09:20:00+08:00", {"person": "P003", "signed_by": "P003"})
rule("leave.after_sign_in", m.lines + [m.line("leave.requested", "2023-03-06T09:40:00+08:00")])
m = Meeting(); rule("leave.substitute_is_invited", m.lines + [m.line("leave.requested", "2023-03-02T09:00:00+08:00", {"person": "P003", "reason": "出差", "substitute": dict(SUBSTITUTE, person="P002")})])
m = Meeting(); rule("leave.not_requested", m.lines + [m.line("leave.approved", "2023-03-02T10:00:00+08:00")])
m = Meeting().add("leave.requested", "2023-03-02T09:00:00+08:00").add("leave.approved", "2023-03-02T10:00:00+08:00")
rule("leave.already_approved", m.lines + [m.line("leave.approved", "2023-03-02T11:00:00+08:00")])
m = Meeting().add("leave.requested", "2023-03-02T09:00:00+08:00")
rule("leave.approver_not_allowed", m.lines + [m.line("leave.approved", "2023-03-02T10:00:00+08:00", {"person": "P003", "approved_by": "P002"})])
m = Meeting(); rule("notice.needs_channel", m.lines + [m.line("meeting.notified", "2023-03-01T10:05:00+08:00", {"channels": []})])
m = Meeting(); rule("notice.needs_channel", m.lines + [m.line("meeting.notified", "2023-03-01T10:05:00+08:00", {"channels": [""]})], "-empty-channel")
m = Meeting(); rule("notice.recipient_not_invited", m.lines + [m.line("meeting.notified", "2023-03-01T10:05:00+08:00", {"channels": ["OA"], "recipients": ["P002", "P099"]})])
m = Meeting(); rule("notice.not_notified", m.lines + [m.line("notice.acknowledged", "2023-03-01T11:00:00+08:00")])
m = Meeting().add("meeting.notified", "2023-03-01T10:05:00+08:00").add("notice.acknowledged", "2023-03-01T11:00:00+08:00")
rule("notice.already_acknowledged", m.lines + [m.line("notice.acknowledged", "2023-03-01T12:00:00+08:00")])

# ---------------------------------------------------------------- authority, chronology, retention floor (issue 11)
# The archive of the harness has the standard policy: it names no leaders, heads
# or places for classified destruction, so whoever is named is refused for that.
s = new_stream(); rule("meeting.ad_hoc_approver_not_allowed", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(planned=False, approved_by="P002"))])
s = new_stream(); rule("meeting.chair_not_invited", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(chair="P099"))])
s = new_stream(); rule("meeting.recorder_not_invited", [event(s, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data(recorder="P099"))])
m = Meeting().held().add("minutes.drafted", "2023-03-06T16:00:00+08:00")
rule("minutes.approver_is_drafter", m.lines + [m.line("minutes.approved", "2023-03-07T10:00:00+08:00", {"approved_by": "P010"})])
m = Meeting().held().add("minutes.drafted", "2023-03-06T16:00:00+08:00")
rule("minutes.approver_not_allowed", m.lines + [m.line("minutes.approved", "2023-03-07T10:00:00+08:00", {"approved_by": "P003"})])
m = Meeting().held().add("minutes.drafted", "2023-03-06T11:21:00+08:00")
rule("minutes.approved_too_early", m.lines + [m.line("minutes.approved", "2023-03-06T11:25:00+08:00", {"approved_by": "P001"})])
m = Meeting().held().add("minutes.drafted", "2023-03-06T16:00:00+08:00")
rule("minutes.reviewer_not_allowed", m.lines + [m.line("minutes.reviewed", "2023-03-06T17:00:00+08:00", {"reviewed_by": "P003"})])
m = Meeting(); rule("leave.after_end", m.lines + [m.line("leave.requested", "2023-03-06T12:00:00+08:00", {"person": "P003", "reason": "临时有事"})])
m = Meeting(); rule("sign_in.before_opening", m.lines + [m.line("participant.signed_in", "2023-03-06T07:00:00+08:00")])
m = Meeting().held(); rule("decision.progress_before_decision", m.lines + [m.line("decision.progress", "2023-03-06T11:00:00+08:00")])
m = Meeting().approved(); rule("archive.foreign_fonds", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], fonds="Z110", retention="Y"))])
m = Meeting().approved(); rule("archive.invalid_category", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], category="XX", retention="Y"))])
m = Meeting().approved(); rule("archive.wrong_year", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], year=1900, retention="Y"))])
m = Meeting().approved(); rule("archive.before_meeting", m.lines + [m.line("meeting.archived", "2023-03-06T11:00:00+08:00", dict(DATA["meeting.archived"], retention="Y"))])
m = Meeting(kind="专题会议").approved()
rule("archive.needs_retention", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", {k: v for k, v in DATA["meeting.archived"].items() if k != "retention"})])
m = Meeting().approved(); rule("archive.below_retention_floor", m.lines + [m.line("meeting.archived", "2024-03-15T10:00:00+08:00", dict(DATA["meeting.archived"], retention="D10"))])
m = Meeting().approved(); rule("retention.exception_approver_not_allowed", m.lines + [m.line("retention.exception", "2024-03-14T10:00:00+08:00")])
m = Meeting().approved(); rule("retention.exception_needs_reason", m.lines + [m.line("retention.exception", "2024-03-14T10:00:00+08:00", dict(DATA["retention.exception"], reason=""))])
m = appraised_for_destruction()
rule("destruction.approver_is_appraiser", m.lines + [m.line("destruction.approved", "2024-03-01T10:00:00+08:00", {"batch": "XH-2024-01", "approvers": ["P011", "P013"]})])
m = approved_for_destruction()
rule("destruction.witness_not_independent", m.lines + [m.line("archive.destroyed", "2024-03-08T15:00:00+08:00", dict(DATA["archive.destroyed"], witnesses=["P011", "P015"]))])
m = ten_year_record(classification="秘密").add("retention.appraised", "2024-02-01T10:00:00+08:00", {"outcome": "destroy", "appraisers": ["P011", "P012"]}).add("destruction.approved", "2024-03-01T10:00:00+08:00")
rule("destruction.classified_method", m.lines + [m.line("archive.destroyed", "2024-03-08T15:00:00+08:00", dict(DATA["archive.destroyed"], method="扔进垃圾桶", place="办公室"))])
m = ten_year_record(classification="秘密").add("retention.appraised", "2024-02-01T10:00:00+08:00", {"outcome": "destroy", "appraisers": ["P011", "P012"]}).add("destruction.approved", "2024-03-01T10:00:00+08:00")
rule("destruction.classified_place", m.lines + [m.line("archive.destroyed", "2024-03-08T15:00:00+08:00", dict(DATA["archive.destroyed"], place="办公室"))])
m = Meeting(); rule("agenda.submission_approver_not_allowed", m.lines + [m.line("agenda.item_submitted", "2023-03-02T10:00:00+08:00")])
m = Meeting(); rule("chronology.future", m.lines + [m.line("meeting.notified", "2099-03-01T10:05:00+08:00")])
for suffix, stream in [("-path-traversal", "meeting/../../etc/passwd"), ("-nul", "meeting/RLB\\u00002023-900"),
                       ("-right-to-left-override", "meeting/RLB\\u202e-2023-900"), ("-zero-width-space", "meeting/RLB\\u200b-2023-900"),
                       ("-fullwidth-solidus", "meeting\\uff0fRLB-2023-900"), ("-cyrillic-look-alike", "meeting/RL\\u0412-2023-900"),
                       ("-unknown-kind", "minutes/RLB-2023-900")]:
    line = event("STREAM", "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data()).replace('"STREAM"', '"%s"' % stream)
    rule("stream.invalid_name", [line], suffix)
rule("stream.wrong_kind", [event("account/RLB-2023-900", "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data())])

# ---------------------------------------------------------------- the archive's own state
# Lines for the sample meeting already in the archive (meeting/BGS-2023-0042).
BASE = "meeting/BGS-2023-0042"
rule("meeting.first_event", [event(BASE, "meeting.scheduled", "2023-03-01T10:00:00+08:00", schedule_data())], "-in-the-archive")
rule("sign_in.twice", [event(BASE, "participant.signed_in", "2023-03-06T09:30:00+08:00", {"person": "P001", "signed_by": "P001"})], "-in-the-archive")
rule("minutes.already_approved", [event(BASE, "minutes.approved", "2023-03-08T10:00:00+08:00", {"approved_by": "P001"})], "-in-the-archive")
rule("decision.duplicate_id", [event(BASE, "meeting.resolved", "2023-03-06T11:25:00+08:00")], "-in-the-archive")

# ---------------------------------------------------------------- ids
m = Meeting()
first = event(m.stream, "meeting.notified", "2023-03-01T10:05:00+08:00", id="6f1c2a40-1b2c-4d3e-8f00-0000000000a1")
second = event(m.stream, "meeting.notified", "2023-03-01T10:06:00+08:00", {"channels": ["电话"]}, id="6f1c2a40-1b2c-4d3e-8f00-0000000000a1")
case("id-given-to-two-events-in-one-file", m.lines + [first, second], "duplicate_id")
# The id of the sample meeting's first event (meeting.scheduled of meeting/BGS-2023-0042),
# already in the archive: an id names one event in the whole archive.
SAMPLE_ID = "6f1c2a40-1b2c-4d3e-8f00-000000000001"
m = Meeting()
case("id-of-an-archived-event-given-to-another-stream",
     m.lines + [event(m.stream, "meeting.notified", "2023-03-01T10:05:00+08:00", id=SAMPLE_ID)], "idempotency_conflict")
case("id-of-an-archived-event-given-to-another-event-of-its-stream",
     [event(BASE, "meeting.notified", "2023-03-01T10:05:00+08:00", id=SAMPLE_ID)], "idempotency_conflict")


# ---------------------------------------------------------------- query strings
# For `annals query 'EXPR'`, one per file, passed as one argument: each must be
# answered or refused with `error: …`, never crash or hang, and change nothing.
QUERIES = {
    "empty": b"",
    "only-spaces": b"     ",
    "empty-value": "kind:".encode(),
    "only-a-colon": b":",
    "unknown-key": b"colour:red",
    "year-overflowing-int64": b"year:99999999999999999999999",
    "year-negative": b"year:-1",
    "year-not-a-number": "year:二〇二三".encode(),
    "year-range-reversed": b"year:2024..2023",
    "year-range-open-both-ends": b"year:..",
    "year-range-three-parts": b"year:2021..2022..2023",
    "date-that-does-not-exist": b"date:2023-02-29",
    "status-unknown": b"status:finished",
    "status-twice-contradicting": b"status:overdue status:done",
    "unterminated-double-quote": 'text:"预算'.encode(),
    "unterminated-single-quote": b"text:'budget",
    "trailing-backslash": "text:预算\\".encode(),
    "ten-thousand-open-parens": b"(" * 10000 + b"kind:x",
    "ten-thousand-close-parens": b"kind:x" + b")" * 10000,
    "boolean-operators-only": b"AND OR NOT AND OR",
    "sql-injection": b"text:'; DROP TABLE events; --",
    "regex-catastrophic": b"text:(a+)+$ text:.* text:%",
    "shell-metacharacters": b"kind:$(reboot) dept:`id` text:${HOME}",
    "terminal-escape-sequences": b"text:\x1b[2J\x1b[31mred",
    "control-characters": bytes(range(1, 32)).replace(b"\n", b""),
    "newline-inside": "kind:主任办公会\nkind:科务会".encode(),
    "invalid-utf8": b"text:\xc3\x28 kind:\xff",
    "gbk-encoded-chinese": "text:".encode() + "预算".encode("gbk"),
    "right-to-left-override": "text:\u202e算预".encode(),
    "combining-marks": ("text:a" + "\u0301" * 5000).encode(),
    "emoji": "text:📁📄🗑️".encode(),
    "very-long-person": b"person:P" + b"0" * 100000,
    "very-long-chinese-text": ("text:" + "预算" * 15000).encode(),
    "fifty-thousand-terms": b"a " * 50000,
    "repeated-key-ten-thousand-times": b"dept:BGS " * 10000,
    "looks-like-an-option": b"--limit 1000000000",
    "limit-key-negative": b"limit:-1",
    "clearance-escalation": "classification:绝密 clearance:绝密".encode(),
    "nul-in-the-middle": b"kind:\x00x",
}


def write():
    for name in os.listdir(HERE):
        if name.endswith(".jsonl") or name == "expected.tsv":
            os.remove(os.path.join(HERE, name))
    names = set()
    rows = ["# file\tline\tcode: `annals import FILE` must exit 1 with `error: line LINE: CODE: …` and write nothing"]
    for name, lines, line, code in CASES:
        assert name not in names, name
        names.add(name)
        with open(os.path.join(HERE, name + ".jsonl"), "wb") as f:
            f.write(b"\n".join(lines) + b"\n")
        rows.append("%s.jsonl\t%d\t%s" % (name, line, code))
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    queries = os.path.join(HERE, "query")
    shutil.rmtree(queries, ignore_errors=True)
    os.makedirs(queries)
    for name, text in QUERIES.items():
        with open(os.path.join(queries, name + ".txt"), "wb") as f:
            f.write(text)
    print("wrote %d files and %d queries" % (len(CASES), len(QUERIES)))


field_cases(FOLLOW_UP_TYPES)
data_case("missing-deadline", "decision.extended", {k: v for k, v in DATA["decision.extended"].items() if k != "deadline"}, "missing_field")
value("deadline-is-a-time", "decision.extended", deadline="2023-04-14T17:00:00+08:00")

# 督办 (issue 12 item 5): lead and person, extensions (延期) and closings (销号). The
# default policy names no department heads and no leaders, so no one may extend.
m = Meeting(); rule("decision.lead_not_responsible", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [dict(D1, lead="BGS")]})])
m = Meeting(); rule("decision.empty_person", m.lines + [m.line("meeting.resolved", "2023-03-06T11:20:00+08:00", {"decisions": [dict(D1, person="")]})])
m = Meeting().held(); rule("extension.approver_not_allowed", m.lines + [m.line("decision.extended", "2023-03-28T10:00:00+08:00")])
m = Meeting().held(); rule("extension.not_later", m.lines + [m.line("decision.extended", "2023-03-28T10:00:00+08:00", dict(DATA["decision.extended"], deadline="2023-03-31"))])
m = Meeting().held(); rule("extension.needs_reason", m.lines + [m.line("decision.extended", "2023-03-28T10:00:00+08:00", dict(DATA["decision.extended"], reason=""))])
m = Meeting().held(); rule("decision.progress_before_decision", m.lines + [m.line("decision.extended", "2023-03-06T11:00:00+08:00")], "-extended")
m = Meeting().held(); rule("close.not_done", m.lines + [m.line("decision.closed", "2023-03-28T10:00:00+08:00")])
m = Meeting().held().add("decision.progress", "2023-03-20T17:00:00+08:00", {"decision": "D1", "status": "done"})
rule("close.needs_closer", m.lines + [m.line("decision.closed", "2023-03-28T10:00:00+08:00", {"decision": "D1", "closed_by": ""})])
m = Meeting().held().add("decision.progress", "2023-03-20T17:00:00+08:00", {"decision": "D1", "status": "done"}).add("decision.closed", "2023-03-22T10:00:00+08:00")
rule("decision.already_closed", m.lines + [m.line("decision.closed", "2023-03-23T10:00:00+08:00")])
m = Meeting().held().add("decision.progress", "2023-03-20T17:00:00+08:00", {"decision": "D1", "status": "done"})
rule("decision.already_done", m.lines + [m.line("decision.extended", "2023-03-21T10:00:00+08:00")], "-extended")


write()
