#!/usr/bin/env bash
# cli_search.sh: `akhbar search` on examples/ and the seeds: variant spellings and proclitics match,
# JSONL output with escaped snippets, filters, exit codes (1 for an unusable query, 2 for bad usage),
# and the judged query set scores above SQLite's unicode61 baseline (scripts/score-search). Run on
# SQLite, and by tests/cli_pg.sh on PostgreSQL (the relevance scoring reads a SQLite store: there
# cli_pg.sh compares every answer with SQLite's instead).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$0")/test-db.sh"
db=$(test_db "$tmp" a.db) || fail "cannot make a store"
"$AKHBAR" ingest --db "$db" "$AK_SOURCE_DIR/examples" "$AK_SHARED_DIR/seeds/" >/dev/null 2>&1

# Bare alef finds hamza-alef; the highlight shows the original spelling.
"$AKHBAR" search --db "$db" --json اوستن >"$tmp/o.json" 2>"$tmp/o.err"
[ "$(wc -l <"$tmp/o.json")" -eq 4 ] || fail "اوستن: expected 4 hits"; 
grep -q '<b>أوستن</b>' "$tmp/o.json" || fail "no highlighted أوستن"
grep -q '^{"id":"000_4b513fc99d57a73e","score":[0-9.]*,"title":' "$tmp/o.json" || fail "JSONL shape or rank"
grep -q '4 matches' "$tmp/o.err" || fail "total not reported"

"$AKHBAR" search --db "$db" --json للسيول >/dev/null 2>&1 || fail "للسيول"
"$AKHBAR" search --db "$db" --json سيول >"$tmp/s.json" 2>/dev/null
grep -q '<b>للسيول</b>' "$tmp/s.json" || fail "سيول does not find للسيول"

# Phrase, prefix, filters, paging.
n=$("$AKHBAR" search --db "$db" '"مدينة الزرقاء"' 2>/dev/null | wc -l)
[ "$n" -eq 5 ] || fail "phrase: $n hits"
"$AKHBAR" search --db "$db" --json 'الجمرك*' --limit 2 >"$tmp/p.json" 2>/dev/null
[ "$(wc -l <"$tmp/p.json")" -eq 2 ] || fail "--limit 2"
n=$("$AKHBAR" search --db "$db" --source "صحيفة الميدان" --from 2024-05-01 --to 2024-12-31 الاتفاقية 2>/dev/null | wc -l)
[ "$n" -eq 1 ] || fail "source + date filter: $n hits"
n=$("$AKHBAR" search --db "$db" --story nosuch الزرقاء 2>/dev/null | wc -l)
[ "$n" -eq 0 ] || fail "unknown story must filter everything"

# Text output: one line per hit, six tab-separated fields.
"$AKHBAR" search --db "$db" زيت الزيتون >"$tmp/t.txt" 2>/dev/null
awk -F'\t' 'NF != 6 { exit 1 }' "$tmp/t.txt" || fail "text output fields"
[ "$(head -c 1 "$tmp/t.txt")" != "" ] || fail "text output empty"

# HTML in the text is escaped in snippets.
printf '{"id":"x1","text":"خبر <script>alert(1)</script> عن الزلزال & غيره"}\n' >"$tmp/x.jsonl"
"$AKHBAR" ingest --db "$db" "$tmp/x.jsonl" >/dev/null 2>&1
"$AKHBAR" search --db "$db" --json الزلزال >"$tmp/x.json" 2>/dev/null
grep -q '&lt;script&gt;' "$tmp/x.json" || fail "snippet not escaped"
grep -q '"snippet":"[^"]*<script>' "$tmp/x.json" && fail "raw <script> in snippet"

# Exit codes: unusable query 1 with a message; FTS syntax is just text (0); usage 2.
# --optimize merges the index; the same query gives the same answer after it
"$AKHBAR" search --db "$db" --json سيول >"$tmp/before.json" 2>/dev/null
"$AKHBAR" search --db "$db" --optimize 2>"$tmp/opt.err" || fail "--optimize: $(cat "$tmp/opt.err")"
grep -q 'index optimized' "$tmp/opt.err" || fail "--optimize message"
"$AKHBAR" search --db "$db" --json سيول >"$tmp/after.json" 2>/dev/null
cmp -s "$tmp/before.json" "$tmp/after.json" || fail "results changed by --optimize"
set +e
"$AKHBAR" search --db "$db" '؟!' >/dev/null 2>"$tmp/e.err"; [ $? -eq 1 ] || fail "punctuation-only query must exit 1"
grep -q 'no word to search' "$tmp/e.err" || fail "message for an unusable query"
grep -q '^akhbar search: the query has no word' "$tmp/e.err" || fail "one 'search:' prefix: $(cat "$tmp/e.err")"
"$AKHBAR" search --db "$db" $'\xff\xfe' >/dev/null 2>"$tmp/e.err"; [ $? -eq 1 ] || fail "bad UTF-8 must exit 1"
grep -q 'UTF-8' "$tmp/e.err" || fail "message for bad UTF-8"
"$AKHBAR" search --db "$db" 'NEAR(بغداد' '"' 'AND' >/dev/null 2>&1; [ $? -eq 0 ] || fail "FTS syntax must be plain text"
"$AKHBAR" search --db "$db" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no query must exit 2"
"$AKHBAR" search --db "$db" --from 2024 x >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad date must exit 2"
"$AKHBAR" search --db "$db" --limit x y >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad limit must exit 2"
"$AKHBAR" search --bogus x >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option must exit 2"
set -e

# Relevance on the judged set: not below the unicode61 baseline, and not below a floor.
if [ -x "$AK_BUILD_DIR/bench_search" ] && [ -z "${AK_TEST_PG_HOST:-}" ]; then
    python3 "$AK_SOURCE_DIR/scripts/score-search" "$AK_BUILD_DIR" --min-ndcg 0.85 || fail "relevance regressed"
fi
echo ok
