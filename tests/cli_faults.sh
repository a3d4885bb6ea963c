#!/bin/bash
# cli_faults.sh: the CLI under faults it cannot prevent: disk full, read-only database,
# a database locked by another writer, corrupt database files, missing or corrupt model,
# unreadable input. Each must give a clear message, a non-zero exit, no crash, and leave
# nothing half-written: a database either unchanged or holding whole batches only.
set -u
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skip: $*"; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/ak_cli_faults.XXXXXX") || exit 1
MNT=""
cleanup() { [ -n "$MNT" ] && umount "$MNT" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
chmod 755 "$T"
unset AKHBAR_DB

# sql DB QUERY: one value from the database, read-only (sqlite3 CLI or python)
sql() {
    python3 -c 'import sqlite3,sys; c=sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True); print(c.execute(sys.argv[2]).fetchone()[0])' "$1" "$2"
}
# crashed RC: a signal (or sanitizer abort) rather than an exit status
crashed() { [ "$1" -ge 126 ]; }
# files hash of a database and its -wal, to show "unchanged"
state() { cat "$1" "$1-wal" 2>/dev/null | cksum; }

# 1500 articles of ~1.8 KB, all distinct, one source: 2.7 MB of JSONL
python3 - "$T/big.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1500):
        words = " ".join("كلمة%d" % ((i * 7 + j) % 997) for j in range(150))
        f.write(json.dumps({"id": "x%d" % i, "source": "s", "text": "خبر رقم %d %s." % (i, words)},
                           ensure_ascii=False) + "\n")
PY
chmod 644 "$T/big.jsonl"

# ---- 1. disk full -------------------------------------------------------------
# check_full DB ERRFILE RC: a clear message, exit 1, a database that passes
# integrity_check and holds whole batches of 100 only
check_full() {
    local db=$1 err=$2 rc=$3
    crashed "$rc" && fail "disk full: crashed ($rc): $(cat "$err")"
    [ "$rc" -eq 1 ] || fail "disk full: exit $rc"
    grep -Eq '^akhbar ingest: .*(full|disk I/O error|File too large)' "$err" || fail "disk full message: $(cat "$err")"
    [ "$(sql "$db" 'PRAGMA integrity_check')" = ok ] || fail "disk full: integrity_check"
    n=$(sql "$db" 'SELECT count(*) FROM articles')
    [ $((n % 100)) -eq 0 ] && [ "$n" -lt 1500 ] || fail "disk full: $n articles is not whole batches"
}
# a small tmpfs when this user may mount one (root), else a file-size limit
mkdir -p "$T/mnt"
if mount -t tmpfs -o size=1m tmpfs "$T/mnt" 2>/dev/null; then
    MNT="$T/mnt"
    "$AKHBAR" ingest --batch 100 --db "$MNT/a.db" "$T/big.jsonl" >/dev/null 2>"$T/err"
    check_full "$MNT/a.db" "$T/err" $?
    # with room again, the same input completes: nothing lost, nothing doubled
    cp "$MNT"/a.db* "$T/"
    "$AKHBAR" ingest --batch 100 --db "$T/a.db" "$T/big.jsonl" >/dev/null 2>&1 || fail "re-run after disk full: exit $?"
    [ "$(sql "$T/a.db" 'SELECT count(*) FROM articles')" = 1500 ] || fail "re-run after disk full: count"
    # the report: no partial report.json when the disk fills while writing it
    rm -f "$MNT"/a.db*
    head -c 2000000 /dev/zero >"$MNT/filler" 2>/dev/null
    "$AKHBAR" run --db "$T/ex.db" --out "$MNT/out" "$AK_SOURCE_DIR/examples" >/dev/null 2>"$T/err"
    rc=$?
    crashed "$rc" && fail "report on full disk: crashed"
    [ "$rc" -eq 1 ] || fail "report on full disk: exit $rc"
    grep -q 'No space left on device' "$T/err" || fail "report on full disk message: $(cat "$T/err")"
    [ -e "$MNT/out/report.json" ] && fail "partial report.json left on a full disk"
    umount "$MNT"; MNT=""
else
    skip "tmpfs (not allowed to mount)"
fi
# RLIMIT_FSIZE, with SIGXFSZ ignored so writes fail with EFBIG instead of killing
(trap '' XFSZ; ulimit -f 1024; exec "$AKHBAR" ingest --batch 100 --db "$T/f.db" "$T/big.jsonl") >/dev/null 2>"$T/err"
check_full "$T/f.db" "$T/err" $?

# ---- 2. read-only database file and folder ------------------------------------
# as_other CMD...: runs CMD as a user without write permission (root ignores modes)
as_other() {
    if [ "$(id -u)" != 0 ]; then "$@"
    elif command -v setpriv >/dev/null; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
    else return 125; fi
}
printf '{"id":"r1","text":"خبر للقراءة فقط."}\n' >"$T/one.jsonl"; chmod 644 "$T/one.jsonl"
mkdir -p "$T/rw" "$T/rodir"
"$AKHBAR" ingest --db "$T/rw/a.db" "$AK_SOURCE_DIR/examples" >/dev/null 2>&1
"$AKHBAR" ingest --db "$T/rodir/a.db" "$AK_SOURCE_DIR/examples" >/dev/null 2>&1
chmod 777 "$T/rw"; chmod 444 "$T/rw/a.db"; chmod 555 "$T/rodir"; chmod 644 "$T/rodir/a.db"
before=$(state "$T/rw/a.db")
as_other "$AKHBAR" ingest --db "$T/rw/a.db" "$T/one.jsonl" >/dev/null 2>"$T/err"; rc=$?
if [ $rc -ne 125 ]; then
    crashed "$rc" && fail "read-only db: crashed"
    [ $rc -eq 1 ] || fail "read-only db file: exit $rc"
    grep -q 'readonly database' "$T/err" || fail "read-only db message: $(cat "$T/err")"
    [ "$(state "$T/rw/a.db")" = "$before" ] || fail "read-only db changed"
    before=$(state "$T/rodir/a.db")
    as_other "$AKHBAR" ingest --db "$T/rodir/a.db" "$T/one.jsonl" >/dev/null 2>"$T/err"; rc=$?
    [ $rc -eq 1 ] || fail "read-only folder: exit $rc"
    grep -Eq 'readonly database|unable to open' "$T/err" || fail "read-only folder message: $(cat "$T/err")"
    [ "$(state "$T/rodir/a.db")" = "$before" ] || fail "db in read-only folder changed"
    as_other "$AKHBAR" ingest --db "$T/rodir/new.db" "$T/one.jsonl" >/dev/null 2>"$T/err"; rc=$?
    [ $rc -eq 1 ] || fail "new db in read-only folder: exit $rc"
    grep -q 'unable to open database file (does its folder exist and is it writable?)' "$T/err" \
        || fail "new db in read-only folder message: $(cat "$T/err")"
    [ -e "$T/rodir/new.db" ] && fail "db created in read-only folder"
else
    skip "read-only database (root without setpriv)"
fi
chmod 755 "$T/rodir"; chmod 644 "$T/rw/a.db"

# ---- 3. database locked by another writer -------------------------------------
# hold SECONDS: holds a write transaction on $T/l.db for SECONDS in the background
hold() {
    python3 - "$T/l.db" "$1" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO schema_version VALUES(999)")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
PY
    HOLDER=$!
}
"$AKHBAR" ingest --db "$T/l.db" "$AK_SOURCE_DIR/examples" >/dev/null 2>&1
n0=$(sql "$T/l.db" 'SELECT count(*) FROM articles')
hold 1 >"$T/held"; while [ ! -s "$T/held" ]; do sleep 0.05; done
out=$("$AKHBAR" ingest --db "$T/l.db" "$T/one.jsonl" 2>"$T/err") || fail "lock released after 1 s: exit $? $(cat "$T/err")"
[ "$out" = "added 1, duplicates 0, rejected 0" ] || fail "after waiting for a lock: $out"
wait $HOLDER
hold 9 >"$T/held"; while [ ! -s "$T/held" ]; do sleep 0.05; done
printf '{"id":"r2","text":"خبر ينتظر القفل."}\n' >"$T/two.jsonl"
start=$(date +%s)
"$AKHBAR" ingest --db "$T/l.db" "$T/two.jsonl" >/dev/null 2>"$T/err"; rc=$?
took=$(( $(date +%s) - start ))
kill $HOLDER 2>/dev/null; wait $HOLDER 2>/dev/null
[ $rc -eq 1 ] || fail "held lock: exit $rc"
grep -q 'database is locked (another process holds a write lock; waited 5000 ms)' "$T/err" || fail "lock message: $(cat "$T/err")"
[ "$took" -ge 4 ] || fail "gave up on the lock after ${took}s, before the 5 s wait"
[ "$(sql "$T/l.db" 'SELECT count(*) FROM articles')" = $((n0 + 1)) ] || fail "locked ingest wrote something"
[ "$(sql "$T/l.db" 'PRAGMA integrity_check')" = ok ] || fail "lock: integrity_check"

# ---- 4. corrupt database files ------------------------------------------------
# corrupt NAME: a clear message, exit 1, no crash, the file left as it was
corrupt() {
    local db="$T/$1" before rc
    before=$(cksum <"$db")
    for cmd in ingest run; do
        if [ $cmd = ingest ]; then "$AKHBAR" ingest --db "$db" "$T/one.jsonl" >/dev/null 2>"$T/err"
        else "$AKHBAR" run --db "$db" --out "$T/out-$1" "$T/one.jsonl" >/dev/null 2>"$T/err"; fi
        rc=$?
        crashed "$rc" && fail "corrupt $1 ($cmd): crashed $rc: $(cat "$T/err")"
        [ $rc -eq 1 ] || fail "corrupt $1 ($cmd): exit $rc"
        grep -Eq "$db: .*(file is not a database|malformed)" "$T/err" || fail "corrupt $1 ($cmd) message: $(cat "$T/err")"
        [ "$(cksum <"$db")" = "$before" ] || fail "corrupt $1 ($cmd): file written"
    done
    [ -e "$T/out-$1/report.json" ] && fail "corrupt $1: a report from a database that did not open"
    return 0
}
head -c 20000 /dev/urandom >"$T/random.db"; corrupt random.db
printf 'SQLite format 3\000' >"$T/header.db"; head -c 20000 /dev/urandom >>"$T/header.db"; corrupt header.db
cp "$T/l.db" "$T/cut.db"; rm -f "$T"/cut.db-*
sqlite3_ok=$(sql "$T/cut.db" 'PRAGMA page_count')
truncate -s 6000 "$T/cut.db"; corrupt cut.db
[ "$sqlite3_ok" -gt 2 ] || fail "test database too small to cut"
# pages scribbled over in the middle: must not crash; an error or a clean refusal
cp "$T/l.db" "$T/mid.db"
python3 - "$T/mid.db" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(0, 2); size = f.tell()
    for k in range(1, 8):
        f.seek(size * k // 8); f.write(b"\xa5" * 300)
PY
rm -f "$T"/mid.db-*
for cmd in ingest run; do
    if [ $cmd = ingest ]; then "$AKHBAR" ingest --db "$T/mid.db" "$T/one.jsonl" >/dev/null 2>"$T/err"
    else "$AKHBAR" run --db "$T/mid.db" --out "$T/mid-out" "$T/one.jsonl" >/dev/null 2>"$T/err"; fi
    rc=$?
    crashed "$rc" && fail "scribbled db ($cmd): crashed $rc: $(cat "$T/err")"
    [ $rc -le 1 ] || fail "scribbled db ($cmd): exit $rc"
    # SQLite's "malformed", or a later check (e.g. the report refusing invalid UTF-8)
    [ $rc -eq 0 ] || grep -Eq "^akhbar $cmd: " "$T/err" || fail "scribbled db ($cmd) message: $(cat "$T/err")"
done

# ---- 5. missing or corrupt model ----------------------------------------------
printf 'قال محمد في بغداد.\n' >"$T/ner.txt"
mkdir -p "$T/nomodel" "$T/badmodel" "$T/cutmodel" "$T/dirmodel/ner.model"
head -c 4000 /dev/urandom >"$T/badmodel/ner.model"
if [ -f "$AK_SOURCE_DIR/data/ner.model" ]; then head -c 30000 "$AK_SOURCE_DIR/data/ner.model" >"$T/cutmodel/ner.model"
else cp "$T/badmodel/ner.model" "$T/cutmodel/ner.model"; fi
for m in nomodel badmodel cutmodel dirmodel; do
    AKHBAR_DATA="$T/$m" "$AKHBAR" ner "$T/ner.txt" >"$T/out" 2>"$T/err"; rc=$?
    crashed "$rc" && fail "$m: crashed $rc"
    [ $rc -eq 1 ] || fail "$m: exit $rc"
    grep -q "^akhbar ner: $T/$m/ner.model: " "$T/err" || fail "$m message: $(cat "$T/err")"
    [ -s "$T/out" ] && fail "$m: output despite no model"
done

# ---- 6. unreadable input ------------------------------------------------------
"$AKHBAR" ingest --db "$T/u.db" "$T/nonexistent.jsonl" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "nonexistent.jsonl: cannot open: No such file or directory" "$T/err" || fail "missing input: $rc $(cat "$T/err")"
"$AKHBAR" ingest --db "$T/u.db" /proc/self/mem >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "^/proc/self/mem: read error" "$T/err" || fail "read error input: $rc $(cat "$T/err")"
cp "$T/one.jsonl" "$T/secret.jsonl"; chmod 000 "$T/secret.jsonl"; chmod 777 "$T"
as_other "$AKHBAR" ingest --db "$T/u2.db" "$T/secret.jsonl" >/dev/null 2>"$T/err"; rc=$?
if [ $rc -ne 125 ]; then
    [ $rc -eq 1 ] && grep -q "secret.jsonl: cannot open: Permission denied" "$T/err" || fail "unreadable input: $rc $(cat "$T/err")"
    [ "$(sql "$T/u2.db" 'SELECT count(*) FROM articles')" = 0 ] || fail "unreadable input stored something"
fi
"$AKHBAR" run --db "$T/u.db" --out "$T/u-out" "$T/nonexistent.jsonl" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "nonexistent.jsonl" "$T/err" || fail "run on missing input: $rc $(cat "$T/err")"
echo ok
