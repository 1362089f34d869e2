#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server for the store tests, then print on stdout:
#   export SAIDWHAT_TEST_PG_DSN=postgresql://saidwhat@127.0.0.1:PORT/saidwhat_test
# Usage:  eval "$(.ci/postgres.sh)"     start or reuse; prints the export line
#         .ci/postgres.sh stop          stop the server and delete its files
# PostgreSQL comes from Debian's packages (apt-get) when no server binaries are found.
# The server runs as a non-root user, listens on 127.0.0.1 only, on a free port, with its
# data in a temp dir and fsync off (test data is disposable). Everything else goes to stderr.
set -euo pipefail

ROOT="${SAIDWHAT_PG_ROOT:-${TMPDIR:-/tmp}/saidwhat-pg-ci}"
DATA="$ROOT/data"
DB=saidwhat_test
USER_NAME=saidwhat
log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

PGBIN="$(find_bin || true)"
if [ -z "$PGBIN" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and this user cannot apt-get it; install the 'postgresql' package."
    exit 1
  fi
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  PGBIN="$(find_bin)"
fi

# The server refuses to run as root: use the postgres (or nobody) account when root.
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  id -u postgres >/dev/null 2>&1 || OWNER=nobody
  RUN_AS=(runuser -u "$OWNER" --)
fi
as_owner() { "${RUN_AS[@]}" "$@"; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$DATA/postmaster.pid" ]; then as_owner "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >&2 || true; fi
  rm -rf "$ROOT"
  log "stopped"
  exit 0
fi

# Reuse a running server from an earlier call.
if [ -f "$ROOT/port" ] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  PORT="$(cat "$ROOT/port")"
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
    echo "export SAIDWHAT_TEST_PG_DSN=postgresql://$USER_NAME@127.0.0.1:$PORT/$DB"
    exit 0
  fi
fi

if [ -f "$DATA/postmaster.pid" ]; then as_owner "$PGBIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true; fi
rm -rf "$ROOT"
mkdir -p "$ROOT"
if [ "${#RUN_AS[@]}" -gt 0 ]; then chown "$OWNER" "$ROOT"; fi
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

log "starting PostgreSQL ($PGBIN) on 127.0.0.1:$PORT in $ROOT"
as_owner "$PGBIN/initdb" -D "$DATA" -U "$USER_NAME" -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
  -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" "$DB"
echo "$PORT" > "$ROOT/port"
echo "export SAIDWHAT_TEST_PG_DSN=postgresql://$USER_NAME@127.0.0.1:$PORT/$DB"
