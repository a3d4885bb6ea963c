#!/bin/sh
# cli_ner.sh: `akhbar ner` as a black box: JSONL with code-point offsets, --conll keeping
# lines and blank lines, usage errors (exit 2), bad input and a missing model (exit 1).
set -u
fail() { echo "FAIL: $*"; exit 1; }
out=$(printf 'وقال وزير الدفاع ثابت العباسي في بغداد.\n' | "$AKHBAR" ner) || fail "exit $?"
echo "$out" | grep -q '"start":17,"end":29,"text":"ثابت العباسي","type":"PER"' || fail "PER: $out"
echo "$out" | grep -q '"text":"بغداد","type":"LOC"' || fail "LOC: $out"
out=$(printf 'وقال O\nوزير O\nالدفاع O\nثابت B-PERS\nالعباسي I-PERS\nفي O\nبغداد B-LOC\n\nفي O\n' | "$AKHBAR" ner --conll -) || fail "conll exit $?"
[ "$(echo "$out" | wc -l)" -eq 9 ] || fail "conll keeps every line: $out"
echo "$out" | sed -n 4p | grep -q '^ثابت B-PERS B-PER$' || fail "conll appends the tag: $out"
echo "$out" | sed -n 5p | grep -q '^العباسي I-PERS I-PER$' || fail "conll appends the tag: $out"
[ -z "$(echo "$out" | sed -n 8p)" ] || fail "blank line kept: $out"
"$AKHBAR" ner --bogus 2>/dev/null; [ $? -eq 2 ] || fail "unknown option should exit 2"
printf '\377\376' | "$AKHBAR" ner - 2>/dev/null; [ $? -eq 1 ] || fail "invalid UTF-8 should exit 1"
"$AKHBAR" ner /nonexistent/file 2>/dev/null; [ $? -eq 1 ] || fail "missing file should exit 1"
err=$(echo x | AKHBAR_DATA=/nonexistent "$AKHBAR" ner 2>&1); [ $? -eq 1 ] || fail "missing model should exit 1"
echo "$err" | grep -q 'ner.model' || fail "missing model message: $err"
# the scorer: exact span and type; PERS counts as PER
out=$(printf 'a B-PERS B-PER\nb I-PERS I-PER\nc O B-LOC\nd B-ORG O\n' | python3 "$AK_SOURCE_DIR/scripts/score-ner" -) || fail "score-ner exit $?"
echo "$out" | grep -Eq '^micro +50\.00 +50\.00 +50\.00 +2 +2$' || fail "score-ner micro: $out"
echo "$out" | grep -Eq '^PER +100\.00 +100\.00 +100\.00 +1 +1$' || fail "score-ner PER: $out"
echo "$out" | grep -Eq '^no-MISC +50\.00' || fail "score-ner no-MISC: $out"
# entities over the seeds through the store
db=$(mktemp -d)/ak.db
"$AKHBAR" ingest --db "$db" "$AK_SHARED_DIR"/seeds/*.txt >/dev/null || fail "ingest exit $?"
out=$("$AKHBAR" entities --db "$db" --json) || fail "entities exit $?"
echo "$out" | grep -q '"entity":"PER:ثابت العباسي"' || fail "entities: العباسي missing"
echo "$out" | grep '"entity":"PER:لويد أوستن"' | grep -q 'لويد اوستن' || fail "entities: أوستن variants not merged"
"$AKHBAR" entities --bogus 2>/dev/null; [ $? -eq 2 ] || fail "entities: unknown option should exit 2"
rm -rf "$(dirname "$db")"
echo ok
