#!/bin/sh
# cli_ingest.sh: `akhbar ingest` as a black box: counts on stdout, FILE:LINE: reason on
# stderr, exit 0 / 1 (something rejected) / 2 (usage), idempotent re-runs, stdin. Run on SQLite,
# and by tests/cli_pg.sh on PostgreSQL.
set -u
fail() { echo "FAIL: $*"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ak_cli_ingest.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/test-db.sh"
DB=$(test_db "$T" t.db) || fail "cannot make a store"

# usage errors
"$AKHBAR" ingest --db "$DB" 2>/dev/null; [ $? -eq 2 ] || fail "no input should exit 2"
"$AKHBAR" ingest --bogus x 2>/dev/null; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$AKHBAR" ingest --max-size abc x 2>/dev/null; [ $? -eq 2 ] || fail "bad --max-size should exit 2"
"$AKHBAR" ingest --db 2>/dev/null; [ $? -eq 2 ] || fail "--db without value should exit 2"

# a clean batch, then the same again: nothing added
printf '{"id":"a","text":"خبر أول."}\n{"id":"b","text":"خبر ثان."}\n' > "$T/ok.jsonl"
out=$("$AKHBAR" ingest --db "$DB" "$T/ok.jsonl") || fail "clean batch exit $?"
[ "$out" = "added 2, duplicates 0, rejected 0" ] || fail "counts: $out"
out=$("$AKHBAR" ingest --db "$DB" "$T/ok.jsonl") || fail "re-run exit $?"
[ "$out" = "added 0, duplicates 2, rejected 0" ] || fail "idempotent re-run: $out"

# a batch with bad records: the good ones still go in, each bad one on stderr, exit 1
{
    printf '{"id":"c","text":"خبر ثالث."}\n'
    printf '{"id":"d","text":"مقطوع\n'
    printf '[1]\n'
    printf '{"id":"e"}\n'
    printf '{"id":"f","text":"\377"}\n'
    printf '{"id":"g","text":"نسخة"}\n'
    printf '{"id":"h","text":"نسخة"}\n'
    printf '{"id":"i","text":"Skip to main content"}\n'
} > "$T/bad.jsonl"
out=$("$AKHBAR" ingest --db "$DB" "$T/bad.jsonl" 2>"$T/err"); rc=$?
[ $rc -eq 1 ] || fail "rejections should exit 1, got $rc"
[ "$out" = "added 2, duplicates 1, rejected 5" ] || fail "counts with rejections: $out"
grep -q "^$T/bad.jsonl:2: bad JSON at column" "$T/err" || fail "truncated JSON: $(cat "$T/err")"
grep -q "^$T/bad.jsonl:3: not a JSON object$" "$T/err" || fail "non-object"
grep -q "^$T/bad.jsonl:4: missing \"text\"$" "$T/err" || fail "missing text"
grep -q "^$T/bad.jsonl:5: invalid UTF-8 at byte 18$" "$T/err" || fail "invalid UTF-8"
grep -q "^$T/bad.jsonl:8: empty text after removing page chrome$" "$T/err" || fail "empty after chrome"
[ "$(wc -l < "$T/err")" -eq 5 ] || fail "one stderr line per rejection: $(cat "$T/err")"

# size limit, files, stdin
head -c 3000 /dev/zero | tr '\0' 'x' > "$T/big.txt"
"$AKHBAR" ingest --db "$DB" --max-size 1000 "$T/big.txt" 2>"$T/err" >/dev/null; [ $? -eq 1 ] || fail "oversize exit"
grep -q "^$T/big.txt: record larger than 1000 bytes$" "$T/err" || fail "oversize message: $(cat "$T/err")"
out=$(printf 'نص من الدخل القياسي\n' | "$AKHBAR" ingest --db "$DB" -) || fail "stdin text exit $?"
[ "$out" = "added 1, duplicates 0, rejected 0" ] || fail "stdin text: $out"
out=$(printf '{"id":"s1","text":"سطر"}\n' | "$AKHBAR" ingest --db "$DB" -) || fail "stdin jsonl exit $?"
[ "$out" = "added 1, duplicates 0, rejected 0" ] || fail "stdin jsonl: $out"
"$AKHBAR" ingest --db "$DB" "$T/nonexistent.jsonl" 2>"$T/err" >/dev/null; [ $? -eq 1 ] || fail "missing file exit"
grep -q "^$T/nonexistent.jsonl: cannot open" "$T/err" || fail "missing file message"

# the seeds as a directory: five articles, the second time none
if [ -n "${AK_SHARED_DIR:-}" ] && [ -d "$AK_SHARED_DIR/seeds" ]; then
    S=$(test_db "$T" s.db) || fail "cannot make a store"
    out=$("$AKHBAR" ingest --db "$S" "$AK_SHARED_DIR/seeds") || fail "seeds exit $?"
    [ "$out" = "added 5, duplicates 0, rejected 0" ] || fail "seeds: $out"
    out=$("$AKHBAR" ingest --db "$S" "$AK_SHARED_DIR/seeds") || fail "seeds again exit $?"
    [ "$out" = "added 0, duplicates 5, rejected 0" ] || fail "seeds again: $out"
fi
echo ok
