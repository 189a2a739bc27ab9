#!/usr/bin/env bash
# The server's figures of issue 15 that `make bench` measures (README, "Server figures"),
# both against a release build on this machine:
#
#  1. appends over HTTP, 32 concurrent clients, against the library's own rate of single
#     appends by 32 concurrent tasks, the same events (a new meeting's meeting.scheduled
#     each, durable, one event per append), in one run: wrk with
#     Scripts/bench-server-append.lua against `annals serve` on a fresh archive, then
#     `annals-bench --only single-append`; the ratio must be at least 50 %;
#  2. 10,000 sign-ins with wrong passwords (Scripts/bench-signin.py): none succeeds, and
#     the server's CPU time stays within the configured slowdown.
#
#   Scripts/bench-server.sh            (after `swift build -c release --product annals` and
#                                       `swift build -c release --package-path Benchmarks --product annals-bench`)
#
# ANNALS_BIN and ANNALS_BENCH name other binaries; BENCH_SECONDS the wrk run (20).
set -euo pipefail
cd "$(dirname "$0")/.."
A=${ANNALS_BIN:-$PWD/.build/release/annals}
B=${ANNALS_BENCH:-$PWD/Benchmarks/.build/release/annals-bench}
SECONDS_=${BENCH_SECONDS:-20}
PORT=${BENCH_PORT:-18183}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/annals-bench-server.XXXXXX")
PID=
cleanup() {
    if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

start_server() {
    "$A" serve --archive "$WORK/archive" --listen "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0; sleep 0.1; done
    echo "annals serve did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1
}
stop_server() { kill -TERM "$PID"; wait "$PID" || true; PID=; }

# A fresh archive under the default policy, with the OA system's service account and
# a clerk who signs in with a password.
"$A" init --archive "$WORK/archive" > /dev/null
"$A" account add oa.system --archive "$WORK/archive" --name OA系统 --roles service --clearance 内部 --by bench > /dev/null
echo "秘书科2026冬季" | "$A" account add zhang.wei --archive "$WORK/archive" --name 张伟 --roles reader,clerk --clearance 内部 --password-stdin --by bench > /dev/null
TOKEN=$("$A" account token oa.system --archive "$WORK/archive" --days 1)

echo "== 1. appends over HTTP: wrk -t2 -c32 -d${SECONDS_}s, one new meeting.scheduled per request"
start_server
ANNALS_TOKEN=$TOKEN ANNALS_RUN=$$ wrk -t2 -c32 -d"${SECONDS_}s" --latency -s Scripts/bench-server-append.lua \
    "http://127.0.0.1:$PORT/api/v1/events" | tee "$WORK/wrk.txt"
stop_server
HTTP_RATE=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")
grep -q " 0 other" "$WORK/wrk.txt" || { echo "FAIL: some appends over HTTP were not 201 (above)"; exit 1; }

echo "== the library: annals-bench --only single-append (32 concurrent tasks)"
"$B" --only single-append | tee "$WORK/bench.txt"
LIB_RATE=$(awk '/^archive single appends/ { for (i = 1; i <= NF; i++) if ($(i+1) == "events/s") { gsub(",", "", $i); print $i } }' "$WORK/bench.txt")
python3 - "$HTTP_RATE" "$LIB_RATE" <<'EOF'
import sys
http, library = float(sys.argv[1]), float(sys.argv[2])
ratio = http / library
print(f"appends over HTTP: {http:,.0f}/s; the library's single appends: {library:,.0f}/s; ratio {ratio:.0%} (target ≥ 50 %)")
sys.exit(0 if ratio >= 0.5 else 1)
EOF

echo "== 2. 10,000 sign-ins with wrong passwords"
start_server
python3 Scripts/bench-signin.py --url "http://127.0.0.1:$PORT" --pid "$PID" --account zhang.wei --password 秘书科2026冬季 --attempts 10000 --connections 32
stop_server
