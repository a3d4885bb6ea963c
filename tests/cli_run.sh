#!/bin/sh
# cli_run.sh: `akhbar run` as a black box: both report files on examples/ and on the
# seeds, counts as examples/EXPECTED.md states them, bad input (exit 1), usage (exit 2).
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
SEEDS="${AK_SHARED_DIR:-$AK_SOURCE_DIR/../shared}/seeds"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# count KEY FILE: prints counts[KEY] of a report.json (also proves it parses)
count() {
    python3 -m json.tool "$2" >/dev/null || fail "$2 is not JSON"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[2]))["counts"][sys.argv[1]])' "$1" "$2"
}

# 1. no INPUT: the sample corpus, default output folder ./akhbar-report
(cd "$work" && env -u AKHBAR_EXAMPLES "$AKHBAR" run >run.out 2>run.err) || fail "run on examples: exit $? $(cat "$work/run.err")"
[ -s "$work/akhbar-report/report.html" ] || fail "no report.html in ./akhbar-report"
[ -s "$work/akhbar-report/report.json" ] || fail "no report.json in ./akhbar-report"
# examples/EXPECTED.md: 18 records, 1 exact duplicate, 17 articles, nothing rejected
[ "$(count records "$work/akhbar-report/report.json")" = 18 ] || fail "examples: records"
[ "$(count articles "$work/akhbar-report/report.json")" = 17 ] || fail "examples: articles"
[ "$(count duplicates "$work/akhbar-report/report.json")" = 1 ] || fail "examples: duplicates"
[ "$(count rejected "$work/akhbar-report/report.json")" = 0 ] || fail "examples: rejected"
grep -q 'report.html' "$work/run.out" || fail "run does not say where the report is"
grep -q '<html lang="ar" dir="rtl">' "$work/akhbar-report/report.html" || fail "report.html is not RTL Arabic"
[ -s "$work/akhbar.db" ] || fail "no default database ./akhbar.db"
# the report covers the database: a second run over the same input adds nothing
(cd "$work" && "$AKHBAR" run --out again >/dev/null 2>&1) || fail "second run: exit $?"
[ "$(count articles "$work/again/report.json")" = 17 ] || fail "second run changed the article count"
[ "$(count duplicates "$work/again/report.json")" = 1 ] || fail "second run changed the duplicates"
# --report-stories 2: the two newest stories and their articles, the rest counted in "limit"
(cd "$work" && "$AKHBAR" run --out two --report-stories 2 >two.out 2>&1) || fail "--report-stories 2: exit $?"
grep -q 'the newest 2 of' "$work/two.out" || fail "--report-stories 2: the run does not say what it left out"
python3 - "$work/two/report.json" <<'PY' || fail "--report-stories 2: report"
import json, sys
d = json.load(open(sys.argv[1]))
stories = d["sections"]["stories"]["data"]
assert len(stories) == 2 and d["limit"]["stories"] == 2 and d["limit"]["stories_stored"] > 2, d["limit"]
listed = {a["id"] for a in d["articles"]}
members = {m for s in stories for m in s["articles"]}
assert listed == members, (listed, members)
assert d["counts"]["articles"] == len(listed) < d["limit"]["articles_stored"] == 17
PY
# --report-articles 3: whole stories, newest first, while their articles stay within 3
(cd "$work" && "$AKHBAR" run --out three --report-articles 3 >/dev/null 2>&1) || fail "--report-articles 3: exit $?"
python3 - "$work/three/report.json" <<'PY' || fail "--report-articles 3: report"
import json, sys
d = json.load(open(sys.argv[1]))
stories = d["sections"]["stories"]["data"]
listed = {a["id"] for a in d["articles"]}
assert 1 <= len(stories) == d["limit"]["stories"] and (len(listed) <= 3 or len(stories) == 1), d["limit"]
assert listed == {m for s in stories for m in s["articles"]}
PY
"$AKHBAR" run --report-stories x >/dev/null 2>&1; [ $? -eq 2 ] || fail "--report-stories x: not a usage error"
python3 - "$work/akhbar-report/report.json" <<'PY' || fail "examples: dates from date lines"
import json, sys
d = json.load(open(sys.argv[1]))
a = {x["id"]: x for x in d["articles"]}
# EXPECTED.md: these records have no date; the chrome date line gives it
for i, v in [("cup-final-3", "2024-06-09"), ("flood-zarqa-2-nabd", "2024-03-13"), ("rates-3", "2024-09-01")]:
    assert a[i]["published"].startswith(v), (i, a[i]["published"])
    assert a[i]["published_from"] in ("chrome", "text"), i
    # the date line is taken out of the text and listed as removed
    assert any(r["reason"] == "dateline" for r in a[i]["removed"]), i
    assert a[i]["published"][11:] not in a[i]["text"], i
# EXPECTED.md: the page chrome of the three articles that carry it is gone; nothing else is removed
chrome = {
    "flood-zarqa-2-nabd": ["كتب: هاني الربيعي", "شارك هذا الخبر", "(تصوير: علي منصور)", "اقرأ أيضاً: كيف تحمي", "Share on Facebook"],
    "flood-zarqa-2-mayadeen": ["بقلم: ريم العزام", "(تصوير: محمود قاسم)", "اقرأ أيضاً: الأرصاد", "شارك هذا الخبر"],
    "cup-final-3": ["كتب: فراس العلي", "شارك هذا الخبر", "اقرأ أيضاً: جدول مباريات"],
}
for i, x in a.items():
    for line in chrome.get(i, []):
        assert line not in x["text"], (i, line)
    if i not in chrome and i != "rates-3":
        assert not x["removed"], (i, x["removed"])
assert a["flood-zarqa-1"]["published"] == "2024-03-12" and a["flood-zarqa-1"]["published_from"] == "record"
assert d["duplicates"] == [{"id": "flood-zarqa-1-copy", "of": "flood-zarqa-1"}], d["duplicates"]
# stories section: every article in exactly one story; B and E (same actors, six months apart) apart
st = {}
for s in d["sections"]["stories"]["data"]:
    for x in s["articles"]:
        assert x not in st, x
        st[x] = s["story"]
assert sorted(st) == sorted(a), "stories do not cover the articles"
assert st["visit-tunis-2"] != st["trade-committee-1"], "stories B and E merged"
assert st["rates-1"] != st["flood-zarqa-1"]
PY
grep -q 'id="sec-stories"' "$work/akhbar-report/report.html" || fail "no stories section in report.html"

# AKHBAR_EXAMPLES points the default elsewhere
mkdir -p "$work/alt"
printf '{"id":"x1","source":"وكالة","text":"افتتح المعرض في 3 آذار 2024."}\n' >"$work/alt/a.jsonl"
(cd "$work" && AKHBAR_EXAMPLES="$work/alt" "$AKHBAR" run --db alt.db --out alt-out >/dev/null) || fail "AKHBAR_EXAMPLES: exit $?"
[ "$(count articles "$work/alt-out/report.json")" = 1 ] || fail "AKHBAR_EXAMPLES not used"

# 2. the seeds: five articles, nothing rejected
"$AKHBAR" run --db "$work/new/dir/s.db" --out "$work/seeds" "$SEEDS" >/dev/null || fail "run on seeds: exit $?"
[ -s "$work/seeds/report.html" ] || fail "seeds: no report.html"
[ "$(count articles "$work/seeds/report.json")" = 5 ] || fail "seeds: articles"
[ "$(count rejected "$work/seeds/report.json")" = 0 ] || fail "seeds: rejected"

# 3. bad input: exit 1 after writing the report with the good records
mkdir -p "$work/bad"
printf '{"id":"g1","source":"وكالة","title":"<script>alert(1)</script>","text":"عقد الاجتماع في 5 أيار 2024."}\n{"id":"g2",\n' >"$work/bad/a.jsonl"
printf 'عنوان\n\377\376 نص\n' >"$work/bad/b.txt"
"$AKHBAR" run --db "$work/bad.db" --out "$work/bad-out" "$work/bad" >/dev/null 2>"$work/bad.err"
[ $? -eq 1 ] || fail "bad input should exit 1"
grep -q 'a.jsonl:2' "$work/bad.err" || fail "rejection without file:line: $(cat "$work/bad.err")"
[ "$(count articles "$work/bad-out/report.json")" = 1 ] || fail "bad input: good record lost"
[ "$(count rejected "$work/bad-out/report.json")" = 2 ] || fail "bad input: rejections"
grep -q '<script>alert' "$work/bad-out/report.html" && fail "title not escaped in report.html"
"$AKHBAR" run --db "$work/m.db" --out "$work/missing-out" /nonexistent/input.jsonl >/dev/null 2>&1
[ $? -eq 1 ] || fail "missing input should exit 1"
[ -s "$work/missing-out/report.json" ] || fail "missing input: no report"

# 4. usage
"$AKHBAR" run --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$AKHBAR" run --out >/dev/null 2>&1; [ $? -eq 2 ] || fail "--out without value should exit 2"
echo ok
