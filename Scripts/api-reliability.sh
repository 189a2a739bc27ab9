#!/usr/bin/env bash
# `make reliability`'s API part: schemathesis (PyPI) against `annals serve`'s
# /openapi.json, signed in with a token of an admin account, on a small generated
# archive. Passes when no response is a 5xx and every response conforms to the
# document (status code, content type, schema).
set -euo pipefail
cd "$(dirname "$0")/.."
ANNALS=${ANNALS_BIN:-.build/release/annals}
WORK=$(mktemp -d /tmp/annals-api-XXXXXX)
PORT=${ANNALS_API_PORT:-18089}
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

python3 -c 'import schemathesis' 2>/dev/null || python3 -m pip install -q schemathesis

# The generated data passes the rules under the generator's own policy (who leads,
# who heads each department, year by year), so the archive is made with it.
"$ANNALS" generate --years 1 --seed 7 --policy-out "$WORK/policy.json" > "$WORK/agency.jsonl"
"$ANNALS" init --archive "$WORK/archive" --policy "$WORK/policy.json" >/dev/null
"$ANNALS" import --archive "$WORK/archive" "$WORK/agency.jsonl" >/dev/null
echo 'schemathesis-2026' | "$ANNALS" account add api.tester --archive "$WORK/archive" --name 接口测试 \
	--roles admin --clearance 机密 --password-stdin --by make-reliability >/dev/null
TOKEN=$("$ANNALS" account token api.tester --archive "$WORK/archive" --days 1)

"$ANNALS" serve --archive "$WORK/archive" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
	curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
	sleep 0.1
done

echo "schemathesis against http://127.0.0.1:$PORT/openapi.json (signed in as api.tester)"
status=0
python3 -m schemathesis.cli run "http://127.0.0.1:$PORT/openapi.json" \
	--header "Authorization: Bearer $TOKEN" \
	--checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
	--max-examples "${ANNALS_API_EXAMPLES:-30}" --workers 1 \
	--request-timeout 40 || status=$?  # above the feed's longest long poll (wait ≤ 30 s)

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || { echo "annals serve did not stop cleanly on SIGTERM"; cat "$WORK/serve.log"; status=1; }
SERVER_PID=
grep -q "the archive is closed and checkpointed" "$WORK/serve.log" || { echo "no clean shutdown in the log:"; cat "$WORK/serve.log"; status=1; }
exit $status
