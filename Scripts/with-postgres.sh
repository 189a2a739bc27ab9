#!/usr/bin/env bash
# with-postgres.sh COMMAND...: runs COMMAND beside a throwaway PostgreSQL server.
#
# The server is Debian's PostgreSQL (installed with apt-get when missing), started as
# the `postgres` user (it refuses to run as root) on a unix socket only, with its data
# in a temporary folder, and stopped (and its folder removed) whatever COMMAND does.
# COMMAND sees:
#   ANNALS_PG_SOCKET  the socket file, e.g. /tmp/annals-pg.XXXX/.s.PGSQL.5432
#   ANNALS_PG_URL     postgres://annals@localhost/annals?host=/tmp/annals-pg.XXXX
#   ANNALS_PG_DATA    the cluster's data directory (for tests that read its files)
#   ANNALS_PG_BIN     the server's bin directory (pg_ctl, psql), for stop/start tests
# If the server cannot start, this script fails (exit 3) and COMMAND does not run:
# the PostgreSQL suites never skip in silence.
set -euo pipefail

APT_GET="apt-get"
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then APT_GET="sudo apt-get"; fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "installing postgresql with apt-get" >&2
    $APT_GET update -qq && $APT_GET install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d -t annals-pg.XXXXXX)
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi

stop() {
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT
trap "exit 143" TERM INT HUP

if ! as_postgres "$bindir/initdb" -D "$dir/data" -A trust -U annals --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    echo "error: PostgreSQL could not be initialised in $dir (see above)" >&2
    exit 3
fi
# fsync stays on: the fault suite stops the server with `-m immediate` and expects
# every acknowledged append back. wal_recycle=off keeps old WAL files from being
# reused, so the destruction test can look for bytes in them.
if ! as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c max_connections=200 -c wal_recycle=off" start >/dev/null; then
    cat "$dir/server.log" >&2 || true
    echo "error: the PostgreSQL server could not start (log above)" >&2
    exit 3
fi
if ! as_postgres "$bindir/psql" -h "$dir" -U annals -d postgres -qAtc "CREATE DATABASE annals" >/dev/null; then
    echo "error: PostgreSQL started but the database could not be created" >&2
    exit 3
fi

export ANNALS_PG_SOCKET="$dir/.s.PGSQL.5432"
export ANNALS_PG_URL="postgres://annals@localhost/annals?host=$dir"
export ANNALS_PG_DATA="$dir/data"
export ANNALS_PG_BIN="$bindir"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $ANNALS_PG_SOCKET" >&2

set +e
"$@"
status=$?
set -e
exit $status
