#!/bin/sh
# cli_beside.sh: `akhbar run` analyzes the articles already inserted beside the ingestion
# (ak_ingest_analyze, docs/pipeline.md "The per-article step beside the ingestion"): on 1,500
# SaudiNewsNet articles it does analyze some there, and the store then holds, row for row, what
# `akhbar ingest` followed by `akhbar run` leaves (the analysis after the ingestion), with one
# thread and with two; a second run over the same input changes nothing.
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
CORPUS="${AK_SHARED_DIR:-$AK_SOURCE_DIR/../shared}/data/saudinewsnet/saudinewsnet.jsonl.gz"
[ -f "$CORPUS" ] || { echo "SKIP: $CORPUS absent"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 absent"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$AK_SOURCE_DIR/bench/scale-gen.py" "$CORPUS" 1500 "$work/in.jsonl" --seed 5 --months 1 >/dev/null 2>&1 ||
    fail "cannot make the input"
: >"$work/empty.jsonl"

# every ordinary table row by row (the story tables by key), leaving out what differs between
# one command and two: clock times and the ingestion run numbers
dump() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
skip = {("stories", "updated"), ("articles", "run"), ("duplicates", "run")}
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"):
    if t == "ingest_runs":
        continue
    cols = [r[1] for r in db.execute("PRAGMA table_info(\"%s\")" % t) if (t, r[1]) not in skip]
    sel = ",".join('"%s"' % c for c in cols)
    print("##", t)
    try:
        order = "1" if t in ("stories", "story_articles") else "rowid"
        rows = db.execute("SELECT %s FROM \"%s\" ORDER BY %s" % (sel, t, order)).fetchall()
    except sqlite3.OperationalError:  # WITHOUT ROWID
        rows = db.execute("SELECT %s FROM \"%s\" ORDER BY %s" % (sel, t, sel)).fetchall()
    for r in rows:
        print(repr(r))
PY
}

"$AKHBAR" ingest --db "$work/after.db" "$work/in.jsonl" >/dev/null 2>"$work/after.err" || fail "ingest: $(cat "$work/after.err")"
"$AKHBAR" run --threads 2 --times --db "$work/after.db" --out "$work/o0" "$work/empty.jsonl" >/dev/null 2>>"$work/after.err" ||
    fail "run after ingest: $(cat "$work/after.err")"
grep -q "^akhbar run: 0 of the [1-9][0-9]* articles analyzed beside the ingestion" "$work/after.err" ||
    fail "nothing to analyze beside an empty ingestion, all after it: $(cat "$work/after.err")"
dump "$work/after.db" >"$work/after.txt"
[ "$(grep -c "^##" "$work/after.txt")" -gt 10 ] || fail "dump: too few tables"

for n in 1 2; do
    "$AKHBAR" run --threads $n --times --db "$work/b$n.db" --out "$work/o$n" "$work/in.jsonl" >"$work/b$n.out" 2>"$work/b$n.err" ||
        fail "run --threads $n: $(cat "$work/b$n.err")"
    beside=$(sed -n 's/^akhbar run: \([0-9]*\) of the \([0-9]*\) articles analyzed beside.*/\1/p' "$work/b$n.err")
    total=$(sed -n 's/^akhbar run: \([0-9]*\) of the \([0-9]*\) articles analyzed beside.*/\2/p' "$work/b$n.err")
    [ -n "$beside" ] && [ "$beside" -gt 0 ] || fail "--threads $n: nothing analyzed beside the ingestion: $(cat "$work/b$n.err")"
    [ "$beside" -lt "$total" ] || fail "--threads $n: the last batches are left to the step after: $beside of $total"
    dump "$work/b$n.db" >"$work/b$n.txt"
    cmp -s "$work/after.txt" "$work/b$n.txt" ||
        fail "--threads $n: the store differs from ingest then run: $(diff "$work/after.txt" "$work/b$n.txt" | head -5)"
    echo "--threads $n: $beside of $total articles analyzed beside the ingestion, the same store"
done

# the same input again: nothing new, nothing analyzed, the store as it was
"$AKHBAR" run --threads 2 --db "$work/b2.db" --out "$work/o3" "$work/in.jsonl" >"$work/again.out" 2>"$work/again.err" ||
    fail "second run: $(cat "$work/again.err")"
grep -q "^analyzed 0, near-duplicate pairs 0" "$work/again.out" || fail "second run: $(cat "$work/again.out")"
dump "$work/b2.db" >"$work/again.txt"
cmp -s "$work/b2.txt" "$work/again.txt" || fail "a second run changed the store"
echo "ok"
