#!/bin/sh
# cli_text.sh: `akhbar normalize`, `akhbar tokens` and `akhbar sentences` as black boxes: output
# format, line structure, offsets, exit codes 0 (ok), 1 (bad input) and 2 (usage).
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${AKHBAR:?set AKHBAR to the akhbar binary}"
tmp=${TMPDIR:-/tmp}/cli_text.$$
trap 'rm -f "$tmp".*' EXIT

# normalize: the seeds, line structure kept (empty lines too), --keep-teh-marbuta
out=$(printf 'اللٓجنة\n\nاجتماعاً\n٢٣ يوليو ٢٠٢١\n' | "$AKHBAR" normalize) || fail "normalize exit $?"
[ "$out" = "$(printf 'اللجنه\n\nاجتماعا\n23 يوليو 2021')" ] || fail "normalize seeds: $out"
out=$(printf 'مدرسة أحمد' | "$AKHBAR" normalize --keep-teh-marbuta -) || fail "keep exit $?"
[ "$out" = "مدرسة احمد" ] || fail "--keep-teh-marbuta: $out"
[ "$(printf 'a\nb' | "$AKHBAR" normalize | wc -l)" -eq 1 ] || fail "no newline added at the end"

# tokens: TSV with 5 columns, code-point offsets
printf 'لـ«التحالف» والمعلمون 7.5\n' >"$tmp.in"
out=$("$AKHBAR" tokens "$tmp.in") || fail "tokens exit $?"
echo "$out" | awk -F'\t' 'NF != 5 { bad = 1 } END { exit bad }' || fail "tokens: not 5 columns: $out"
echo "$out" | grep -q "$(printf '^0\t2\tلـ\tل\tل$')" || fail "proclitic token: $out"
echo "$out" | grep -q "$(printf '^3\t10\tالتحالف\tالتحالف\tتحالف$')" || fail "light10 default: $out"
echo "$out" | grep -q "$(printf '^12\t21\tوالمعلمون\tوالمعلمون\tمعلم$')" || fail "stem: $out"
echo "$out" | grep -q "$(printf '^22\t25\t7.5\t7.5\t7.5$')" || fail "number: $out"
out=$("$AKHBAR" tokens --stem none "$tmp.in") || fail "stem none exit $?"
echo "$out" | grep -q "$(printf '\tوالمعلمون\tوالمعلمون\tوالمعلمون$')" || fail "--stem none: $out"
"$AKHBAR" tokens --stem snowball "$tmp.in" >/dev/null || fail "--stem snowball exit $?"
# offsets continue across lines
out=$(printf 'أ\nب\n' | "$AKHBAR" tokens --stem=none) || fail "exit $?"
echo "$out" | grep -q "$(printf '^2\t3\tب')" || fail "second line offsets: $out"

# sentences: one a line
out=$(printf 'قال د. محمد إن النمو 7.5. وأضاف: «لن نتراجع. أبدا» ثم غادر! هل؟\n' | "$AKHBAR" sentences) || fail "sentences exit $?"
[ "$(echo "$out" | wc -l)" -eq 3 ] || fail "sentences: $out"
echo "$out" | head -n1 | grep -q '^قال د. محمد إن النمو 7.5.$' || fail "first sentence: $out"

# bad UTF-8: exit 1, the byte offset and line named, valid lines still processed
printf 'سطر\nab\377c\nآخر\n' >"$tmp.bad"
for cmd in normalize tokens sentences; do
    "$AKHBAR" $cmd "$tmp.bad" >"$tmp.out" 2>"$tmp.err"; rc=$?
    [ $rc -eq 1 ] || fail "$cmd bad UTF-8 exit $rc"
    grep -q 'line 2' "$tmp.err" && grep -q 'byte 9' "$tmp.err" || fail "$cmd error message: $(cat "$tmp.err")"
    grep -q 'اخر\|آخر' "$tmp.out" || fail "$cmd stopped at the bad line"
done
[ "$(cat "$tmp.out" | wc -l)" -ge 2 ] || fail "valid lines missing"

# usage: exit 2 with usage on stderr; --help exit 0
for cmd in normalize tokens sentences; do
    "$AKHBAR" $cmd --bogus </dev/null 2>"$tmp.err"; rc=$?
    [ $rc -eq 2 ] || fail "$cmd unknown option exit $rc"
    grep -q usage "$tmp.err" || fail "$cmd: no usage on stderr"
    "$AKHBAR" $cmd --help >/dev/null || fail "$cmd --help"
done
"$AKHBAR" tokens --stem porter </dev/null 2>/dev/null; [ $? -eq 2 ] || fail "bad --stem should exit 2"
"$AKHBAR" normalize /nonexistent/file 2>/dev/null; [ $? -eq 1 ] || fail "missing file should exit 1"
echo ok
