#!/usr/bin/env bash
# Runs the given command against a throw-away PostgreSQL server started for it.
# It never uses a server the user started. Where PostgreSQL cannot be had (not root,
# no apt), it says so loudly and skips, except under CI where that is a failure.
set -euo pipefail

loud() { printf '\n\033[1;31m!!! %s\033[0m\n\n' "$*" >&2; }
skip() {
  loud "$1"
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  loud "PostgreSQL tests SKIPPED (allowed outside CI only)."
  exit 0
}

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL with apt-get..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
    BINDIR=$(find_bindir || true)
  fi
fi
[ -n "$BINDIR" ] || skip "PostgreSQL is not installed and cannot be installed here (need root and apt-get)."

# initdb refuses to run as root: run the server as the postgres user when we are root.
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  RUN_AS=(runuser -u postgres --)
fi

DATA=$(mktemp -d /tmp/passeurs-pg.XXXXXX)
chmod 700 "$DATA"
[ "$(id -u)" = "0" ] && chown postgres "$DATA"
PORT=${PG_TEST_PORT:-$(( 20000 + RANDOM % 20000 ))}

cleanup() {
  "${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$BINDIR/initdb" -D "$DATA/db" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
  || "${RUN_AS[@]}" "$BINDIR/initdb" -D "$DATA/db" -U postgres -A trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$BINDIR/pg_ctl" -D "$DATA/db" -l "$DATA/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$DATA/server.log" >&2; exit 1; }

echo "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PORT (throw-away)" >&2
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
"$@"
