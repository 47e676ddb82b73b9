#!/usr/bin/env bash
# Runs the machine's own PostgreSQL server for the local topology when no container runtime answers.
# Started by Eucaim.AppHost as the `postgres` resource. Environment:
#   PG_BIN            folder with initdb, postgres, pg_ctl, pg_isready
#   PGDATA            data folder (created and initialised on first start)
#   PGPORT            TCP port to listen on (127.0.0.1 only)
#   PG_PASSWORD_FILE  file holding the password of the `postgres` superuser
set -euo pipefail

fail() { echo "postgres: $*" >&2; exit 1; }

[[ -x "${PG_BIN:-}/postgres" ]] || fail "server binaries not found in '${PG_BIN:-}'; install them with: sudo apt-get install -y postgresql"
[[ -n "${PGDATA:-}" && -n "${PGPORT:-}" && -r "${PG_PASSWORD_FILE:-}" ]] || fail "PGDATA, PGPORT and PG_PASSWORD_FILE must be set (start through Eucaim.AppHost)"

# PostgreSQL refuses to run as root: drop to the unprivileged `postgres` OS user.
as_server_user=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || fail "running as root needs the 'postgres' OS user; create it with: useradd --system --home-dir /var/lib/postgresql postgres"
  mkdir -p "$PGDATA"
  chown postgres: "$PGDATA" "$(dirname "$PGDATA")"
  chmod 700 "$PGDATA"
  as_server_user=(setpriv --reuid=postgres --regid="$(id -g postgres)" --init-groups)
  "${as_server_user[@]}" test -x "$PGDATA" || fail "the 'postgres' user cannot reach $PGDATA; move the checkout out of a private home folder or set Eucaim:StateDirectory to a folder it can reach"
fi
run() { "${as_server_user[@]}" "$@"; }

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  echo "postgres: initialising a new cluster in $PGDATA"
  pwfile=$(mktemp)
  cp "$PG_PASSWORD_FILE" "$pwfile"
  [[ ${#as_server_user[@]} -gt 0 ]] && chown postgres: "$pwfile"
  run "$PG_BIN/initdb" --pgdata="$PGDATA" --username=postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi

# A server left behind by an AppHost that was killed hard still holds the data folder: stop it
# (fast shutdown keeps every committed transaction) so this start can recover cleanly.
if [[ -f "$PGDATA/postmaster.pid" ]]; then
  old_pid=$(head -n 1 "$PGDATA/postmaster.pid")
  if kill -0 "$old_pid" 2>/dev/null; then
    echo "postgres: stopping a server left running from an earlier start (pid $old_pid)"
    run "$PG_BIN/pg_ctl" stop --pgdata="$PGDATA" --mode=fast --wait >/dev/null || kill -INT "$old_pid"
  fi
fi

# Orchestrators stop processes with SIGTERM, which PostgreSQL treats as a "smart" shutdown that
# waits for every client to leave. SIGINT is the fast, clean shutdown: forward it instead.
server_pid=
stop() { [[ -n "$server_pid" ]] && kill -INT "$server_pid" 2>/dev/null || true; }
trap stop TERM INT

# Started directly rather than through run(): a function in the background is a subshell that
# would receive our SIGINT instead of the server.
"${as_server_user[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
  -c logging_collector=off -c log_min_messages=warning &
server_pid=$!
echo "postgres: listening on 127.0.0.1:$PGPORT (pid $server_pid)"

# `wait` returns early when a trapped signal arrives; keep waiting until the server has exited.
status=0
while kill -0 "$server_pid" 2>/dev/null; do
  if wait "$server_pid"; then status=0; else status=$?; fi
done
echo "postgres: stopped"
exit "$status"
