#!/bin/sh
# cli_threads.sh: `akhbar run --threads N` (docs/pipeline.md): the per-article analysis on
# worker threads writes in input order, so the database after --threads 1, 2 and 3 is the
# same row for row (ids included) on examples/ and the seeds; bad values exit 2. With worker
# threads the story step writes each story as the clusterer makes it final, during the
# clustering (with one thread, after it): the story tables hold the same rows, compared by
# key, in another physical order; also when a second run adds articles to stored stories.
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
SEEDS="${AK_SHARED_DIR:-$AK_SOURCE_DIR/../shared}/seeds"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# dump DB: every ordinary table row by row in rowid order, the story tables by key (clock times
# left out; the full-text index is virtual and needs akhbar's tokenizer: its content tables are
# compared)
dump() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"):
    cols = [r[1] for r in db.execute("PRAGMA table_info(\"%s\")" % t) if (t, r[1]) not in (("stories", "updated"), ("ingest_runs", "started"), ("ingest_runs", "finished"))]
    sel = ",".join('"%s"' % c for c in cols)
    print("##", t)
    try:
        if t in ("stories", "story_articles"):
            rows = db.execute("SELECT %s FROM \"%s\" ORDER BY 1" % (sel, t)).fetchall()
        else:
            rows = db.execute("SELECT rowid,%s FROM \"%s\" ORDER BY rowid" % (sel, t)).fetchall()
    except sqlite3.OperationalError:  # WITHOUT ROWID
        rows = db.execute("SELECT %s FROM \"%s\" ORDER BY %s" % (sel, t, sel)).fetchall()
    for r in rows:
        print(repr(r))
PY
}

for n in 1 2 3; do
    "$AKHBAR" run --threads $n --db "$work/t$n.db" --out "$work/out$n" "$SEEDS" "$AK_SOURCE_DIR/examples" \
        >"$work/run$n.out" 2>"$work/run$n.err" || fail "run --threads $n: exit $? $(cat "$work/run$n.err")"
    dump "$work/t$n.db" >"$work/dump$n.txt" || fail "dump of t$n.db"
done
grep -q '^analyzed [1-9]' "$work/run1.out" || fail "nothing analyzed: $(cat "$work/run1.out")"
[ "$(grep -c . "$work/dump1.txt")" -gt 100 ] || fail "dump too short"
grep -q "^## entity_mentions" "$work/dump1.txt" || fail "no entity_mentions table in the dump"
for n in 2 3; do
    grep -v '^report:\|^  ' "$work/run1.out" >"$work/c1"; grep -v '^report:\|^  ' "$work/run$n.out" >"$work/c$n"
    cmp -s "$work/c1" "$work/c$n" || fail "run counts differ with --threads $n: $(diff "$work/c1" "$work/c$n")"
    cmp -s "$work/dump1.txt" "$work/dump$n.txt" ||
        fail "database differs between --threads 1 and $n: $(diff "$work/dump1.txt" "$work/dump$n.txt" | head -5)"
done
grep -q "^## story_articles" "$work/dump1.txt" || fail "no story_articles table in the dump"

# a second run adding articles: the stories that changed are found the same way by both passes
for n in 1 2; do
    "$AKHBAR" run --threads $n --db "$work/i$n.db" --out "$work/iout$n" "$SEEDS" >/dev/null 2>"$work/i$n.err" &&
        "$AKHBAR" run --threads $n --db "$work/i$n.db" --out "$work/iout$n" "$AK_SOURCE_DIR/examples" \
            >"$work/irun$n.out" 2>>"$work/i$n.err" || fail "two runs with --threads $n: $(cat "$work/i$n.err")"
    dump "$work/i$n.db" >"$work/idump$n.txt" || fail "dump of i$n.db"
done
grep -q 'written)' "$work/irun1.out" || fail "no story count: $(cat "$work/irun1.out")"
cmp -s "$work/idump1.txt" "$work/idump2.txt" ||
    fail "database after two runs differs between --threads 1 and 2: $(diff "$work/idump1.txt" "$work/idump2.txt" | head -5)"
[ "$(grep 'written)' "$work/irun1.out")" = "$(grep 'written)' "$work/irun2.out")" ] ||
    fail "stories written differ: $(grep 'written)' "$work/irun1.out" "$work/irun2.out")"

# the stored mentions are not empty: the comparison covered the threaded part
[ "$(grep -A1 '^## entity_mentions' "$work/dump1.txt" | tail -1 | cut -c1)" = "(" ] || fail "no mentions stored"

for bad in 0 257 x ""; do
    "$AKHBAR" run --threads "$bad" --db "$work/bad.db" "$SEEDS" >/dev/null 2>"$work/bad.err"
    [ $? -eq 2 ] || fail "--threads '$bad' should exit 2"
    grep -q -- '--threads' "$work/bad.err" || fail "--threads '$bad': message $(cat "$work/bad.err")"
done
"$AKHBAR" run --db "$work/bad.db" --threads 2>/dev/null; [ $? -eq 2 ] || fail "--threads without a value should exit 2"
echo ok
