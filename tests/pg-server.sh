#!/usr/bin/env bash
# pg-server.sh: a throwaway PostgreSQL server for the tests: initdb in a fresh folder, trust
# authentication, a Unix socket only (no TCP port), fsync off.
#   tests/pg-server.sh start DIR   prints the socket folder on stdout; exits 77 with the reason on
#                                  stderr where no server can be started (binaries missing, initdb fails)
#   tests/pg-server.sh stop DIR    stops it (immediate) and removes DIR
# As root the server runs as the postgres account (initdb refuses root).
set -uo pipefail
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pg-server.sh start|stop DIR" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as=()
[ "$(id -u)" = 0 ] && as=(runuser -u postgres --)

if [ "$cmd" = stop ]; then
    [ -n "$bin" ] && [ -d "$dir/data" ] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
    exit 0
fi

skip() { echo "pg-server: $*" >&2; exit 77; }
[ -n "$bin" ] && [ -x "$bin/initdb" ] || skip "PostgreSQL server binaries not installed (Debian postgresql)"
if [ "$(id -u)" = 0 ]; then
    command -v runuser >/dev/null || skip "running as root without runuser"
    id postgres >/dev/null 2>&1 || skip "no postgres account to run the server as"
fi
mkdir -p "$dir/sock" || skip "cannot make $dir"
chmod 777 "$dir" "$dir/sock"
# the postgres account must be able to reach the folder
d=$dir
while d=$(dirname "$d"); [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null; done
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 ||
    skip "initdb failed: $(tail -c 300 "$dir/initdb.log")"
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
    -o "-k $dir/sock -c listen_addresses='' -c fsync=off -c max_connections=40" start >/dev/null 2>&1 ||
    skip "the server did not start: $(tail -c 300 "$dir/log" 2>/dev/null)"
echo "$dir/sock"
