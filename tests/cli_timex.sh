#!/bin/sh
# cli_timex.sh: `akhbar timex` as a black box: JSONL contract, DCT from the date line,
# usage errors (exit 2), bad input (exit 1) and many articles at once (--articles).
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$(printf 'وصل أمس الخميس في 5 كانون الثاني يناير 2020\n' | "$AKHBAR" timex --dct 2021-07-23) || fail "exit $?"
echo "$out" | grep -q '"start":4,"end":14,"text":"أمس الخميس","type":"DATE","value":"2021-07-22"' || fail "relative day: $out"
echo "$out" | grep -q '"value":"2020-01-05"' || fail "paired months: $out"
out=$(printf 'الجمعة ٢٣ يوليو ٢٠٢١ - ٠٩:٠١ بتوقيت غرينتش\nيصل يوم الاثنين المقبل\n' | "$AKHBAR" timex -) || fail "exit $?"
echo "$out" | grep -q '"value":"2021-07-26"' || fail "DCT from date line: $out"
"$AKHBAR" timex --dct 2021-02-30 /dev/null 2>/dev/null; [ $? -eq 2 ] || fail "bad dct should exit 2"
"$AKHBAR" timex --bogus 2>/dev/null; [ $? -eq 2 ] || fail "unknown option should exit 2"
printf '\377\376' | "$AKHBAR" timex - 2>/dev/null; [ $? -eq 1 ] || fail "invalid UTF-8 should exit 1"
"$AKHBAR" timex /nonexistent/file 2>/dev/null; [ $? -eq 1 ] || fail "missing file should exit 1"
# timeline over the seeds: the same event from several articles is one entry
if [ -n "${AK_SHARED_DIR:-}" ] && [ -d "$AK_SHARED_DIR/seeds" ]; then
    tl=$("$AKHBAR" timeline "$AK_SHARED_DIR"/seeds/*.txt 2>/dev/null) || fail "timeline exit $?"
    echo "$tl" | grep -q "^2008	year	000_4b513fc99d57a73e,002_4de39128c6cd87f4	" || fail "timeline 2008: $tl"
    echo "$tl" | grep -q "^2023-08-07/2023-08-08	day	001_44a3e3d5a904009e,002_4de39128c6cd87f4	" || fail "timeline range"
    "$AKHBAR" timeline --json "$AK_SHARED_DIR"/seeds/001_44a3e3d5a904009e.txt 2>/dev/null | \
        grep -q '"value":"2021-07-26","granularity":"day","text":"' || fail "timeline json"
fi
"$AKHBAR" timeline 2>/dev/null; [ $? -eq 2 ] || fail "timeline without input should exit 2"
# --articles: one line per article, the DCT from the record, else --dct, else the date line; a bad
# record is reported with its line and the rest still go out
recs='{"id":"a","published":"2021-07-23T09:01","text":"وصل أمس &amp;#39;الخميس&#39;"}
{"id":"b","text":"يصل غدا"}
{"id":"c","text":
{"id":"d","published":"yesterday","text":"أمس"}'
out=$(printf '%s\n' "$recs" | "$AKHBAR" timex --articles --dct 2015-01-01 - 2>/tmp/cli_timex.$$); rc=$?
err=$(cat /tmp/cli_timex.$$); rm -f /tmp/cli_timex.$$
[ $rc -eq 1 ] || fail "a bad record should exit 1, got $rc"
[ "$(echo "$out" | wc -l)" -eq 2 ] || fail "two good records, two lines: $out"
# offsets are those of the text as read: the references decoded
echo "$out" | grep -q '^{"id":"a","line":1,"dct":"2021-07-23","timex":\[{"start":4,"end":7,"text":"أمس","type":"DATE","value":"2021-07-22"},{"start":13,"end":19,"text":"الخميس",' \
    || fail "record's date: $out"
echo "$out" | grep -q '^{"id":"b","line":2,"dct":"2015-01-01","timex":\[{[^]]*"value":"2015-01-02"}\]}$' || fail "--dct as the default: $out"
echo "$err" | grep -q '<stdin>:3: ' || fail "truncated record named by line: $err"
echo "$err" | grep -q '<stdin>:4: .*yesterday' || fail "bad published date named: $err"
out=$(printf '{"id":"e","text":"لا تاريخ هنا"}\n{"text":"الجمعة ٢٣ يوليو ٢٠٢١ - ٠٩:٠١ بتوقيت غرينتش\\nيصل يوم الاثنين المقبل"}\n' \
    | "$AKHBAR" timex --articles) || fail "exit $?"
echo "$out" | grep -q '^{"id":"e","line":1,"dct":null,"timex":\[\]}$' || fail "no expression, no DCT: $out"
echo "$out" | grep -q '^{"id":null,"line":2,"dct":"2021-07-23",.*"value":"2021-07-26"' || fail "date line: $out"
d=$(mktemp -d) && printf 'يصل غدا' > "$d/x.txt" && printf '{"id":"y","published":"2020-02-28","text":"غدا"}\n' > "$d/y.jsonl"
out=$("$AKHBAR" timex --articles --dct 2020-01-01 "$d") || fail "directory exit $?"
rm -rf "$d"
echo "$out" | grep -q '^{"id":"x","line":0,"dct":"2020-01-01",.*"value":"2020-01-02"' || fail "a directory's text file: $out"
echo "$out" | grep -q '^{"id":"y","line":1,"dct":"2020-02-28",.*"value":"2020-02-29"' || fail "a directory's records: $out"
# a record over the process-wide limit ($AKHBAR_MAX_RECORD) is refused by line, as ingest refuses it
rec='{"id":"big","text":"وصل أمس الخميس إلى المدينة بعد رحلة طويلة"}'
printf '%s\n' "$rec" | AKHBAR_MAX_RECORD=40 "$AKHBAR" timex --articles --dct 2021-07-23 - 2>&1 >/dev/null \
    | grep -q '<stdin>:1: record larger than 40 bytes' || fail "record over AKHBAR_MAX_RECORD"
printf '%s\n' "$rec" | AKHBAR_MAX_RECORD=1000 "$AKHBAR" timex --articles --dct 2021-07-23 - | grep -q '"id":"big"' \
    || fail "record under AKHBAR_MAX_RECORD"
# regression over the labelled set, all of it in one process a core: value accuracy must not fall
# below the floor
if command -v python3 >/dev/null 2>&1 && [ -n "${AK_SOURCE_DIR:-}" ]; then
    python3 "$AK_SOURCE_DIR/scripts/score-timex" --akhbar "$AKHBAR" --no-peer --floor 0.95 \
        || fail "labelled set below the accuracy floor"
fi
echo ok
