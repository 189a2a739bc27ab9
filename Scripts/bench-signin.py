#!/usr/bin/env python3
"""10,000 sign-ins with wrong passwords against a running `annals serve` (issue 15).

    bench-signin.py --url http://127.0.0.1:PORT --pid SERVER_PID --account zhang.wei \
        --password RIGHT_PASSWORD [--attempts 10000] [--connections 32]

It first signs in once with the right password, to measure what one password check
(bcrypt) costs the server in CPU time, then sends the wrong guesses from
`--connections` keep-alive connections at once: half for the real account, half for
made-up ones. It counts the answers by status and reads the server's CPU time
(utime + stime in /proc/PID/stat) before and after. It fails (exit 1) if any guess
signed in, or if the flood cost the server more CPU than `threshold` password checks
plus a cheap refusal (at most 1 ms of CPU) for every other guess: once an account or
address is locked out, the server must refuse without running bcrypt.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # Fields 14 and 15 (utime, stime), counted from 1 with the command's name as 2.
    return (int(fields[11]) + int(fields[12])) / TICKS


def sign_in(connection, account, password):
    body = json.dumps({"account": account, "password": password})
    connection.request("POST", "/api/v1/session", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    return response.status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threshold", type=int, default=5, help="the server's lockout threshold")
    arguments = parser.parse_args()
    url = urllib.parse.urlparse(arguments.url)

    def connect():
        return http.client.HTTPConnection(url.hostname, url.port, timeout=60)

    # One right sign-in: the CPU of one password check (and of one answered request).
    before = cpu_seconds(arguments.pid)
    status = sign_in(connect(), arguments.account, arguments.password)
    bcrypt = cpu_seconds(arguments.pid) - before
    if status != 201:
        print(f"the right password was refused ({status}); cannot measure", file=sys.stderr)
        return 2
    print(f"one right sign-in: 201, {bcrypt * 1000:.0f} ms of server CPU (one bcrypt check)")

    counts = {}
    lock = threading.Lock()
    next_attempt = [0]

    def worker():
        connection = connect()
        while True:
            with lock:
                n = next_attempt[0]
                if n >= arguments.attempts:
                    return
                next_attempt[0] += 1
            account = arguments.account if n % 2 == 0 else f"guess.{n}"
            try:
                status = sign_in(connection, account, f"wrong-{n}-猜测")
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = connect()
                status = "error"
            with lock:
                counts[status] = counts.get(status, 0) + 1

    before = cpu_seconds(arguments.pid)
    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(arguments.connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(arguments.pid) - before

    answered = ", ".join(f"{counts[k]} × {k}" for k in sorted(counts, key=str))
    print(f"{arguments.attempts} wrong sign-ins in {elapsed:.1f} s over {arguments.connections} connections: {answered}")
    checks = counts.get(401, 0)
    bound = arguments.threshold * 2 * bcrypt + arguments.attempts * 0.001
    print(
        f"server CPU for the flood: {cpu:.2f} s ({cpu / arguments.attempts * 1e6:.0f} µs per attempt; "
        f"{checks} answered 401 after a password check, about {cpu / bcrypt if bcrypt else 0:.1f} bcrypt checks' worth); "
        f"bound: {arguments.threshold} checks per key (account, address) + 1 ms per refusal = {bound:.2f} s")
    ok = True
    if counts.get(201, 0):
        print(f"FAIL: {counts[201]} wrong passwords signed in")
        ok = False
    if counts.get("error", 0):
        print(f"FAIL: {counts['error']} attempts got no answer")
        ok = False
    if cpu > bound:
        print("FAIL: the flood cost the server more CPU than the configured slowdown allows")
        ok = False
    print("none succeeded; within the bound" if ok else "")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
