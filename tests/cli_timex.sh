#!/bin/sh
# cli_timex.sh: `akhbar timex` as a black box: JSONL contract, DCT from the date line,
# usage errors (exit 2) and bad input (exit 1).
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
# regression over the labelled set: value accuracy must not fall below the floor. A process per
# sentence: under the sanitizers (each start about 0.2 s) the dev split only, the whole set in the
# plain build's pass
split=all
if ldd "$AKHBAR" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' || nm "$AKHBAR" 2>/dev/null | grep -q ' __asan_init'; then
    split=dev
fi
if command -v python3 >/dev/null 2>&1 && [ -n "${AK_SOURCE_DIR:-}" ]; then
    python3 "$AK_SOURCE_DIR/scripts/score-timex" --akhbar "$AKHBAR" --no-peer --floor 0.95 --split "$split" \
        || fail "labelled set below the accuracy floor"
fi
echo ok
