#!/usr/bin/env bash
# cli_dups.sh: `akhbar dups` on the seeds: one pair, 001-002 shares-passage with spans; a second run
# reads nothing again (0 new pairs) and prints the same; bad usage exits 2. Run on SQLite, and by
# tests/cli_pg.sh on PostgreSQL.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/test-db.sh"
DB=$(test_db "$tmp" a.db)
"$AKHBAR" ingest --db "$DB" "$AK_SHARED_DIR/seeds/" >/dev/null
"$AKHBAR" dups --db "$DB" --json >"$tmp/1.json" 2>"$tmp/1.err"
[ "$(wc -l <"$tmp/1.json")" -eq 1 ] || { echo "FAIL: expected one pair"; cat "$tmp/1.json"; exit 1; }
grep -q '"a":"001_44a3e3d5a904009e","b":"002_4de39128c6cd87f4","class":"shares-passage"' "$tmp/1.json" \
    || { echo "FAIL: 001-002 not shares-passage"; cat "$tmp/1.json"; exit 1; }
grep -q '"spans":\[{"a":\[[0-9]*,[0-9]*\],"b":\[[0-9]*,[0-9]*\]' "$tmp/1.json" || { echo "FAIL: no spans"; exit 1; }
"$AKHBAR" dups --db "$DB" --json >"$tmp/2.json" 2>"$tmp/2.err"
cmp -s "$tmp/1.json" "$tmp/2.json" || { echo "FAIL: second run differs"; exit 1; }
grep -q "(0 new)" "$tmp/2.err" || { echo "FAIL: second run found new pairs"; cat "$tmp/2.err"; exit 1; }
set +e
"$AKHBAR" dups --bogus >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: bad usage must exit 2"; exit 1; }
echo ok
