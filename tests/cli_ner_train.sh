#!/bin/sh
# cli_ner_train.sh: the model-building tools on small inputs: akhbar-clusters writes
# `form<TAB>12-bit path` lines, deterministically; akhbar-train on a few hundred
# ANERcorp sentences writes a model (with those clusters) that loads and tags, the
# same bytes twice. (The full `make model` run is too slow for the test suite.)
set -u
fail() { echo "FAIL: $*"; exit 1; }
tools="$AK_BUILD_DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# clusters from plain text lines (news-like, repeated so words pass the count floor)
i=0
while [ $i -lt 40 ]; do
  printf 'قال وزير الدفاع ثابت العباسي في بغداد إن الجيش مستعد\nقال وزير الخارجية فؤاد حسين في أربيل إن الحكومة مستعدة\n'
  i=$((i + 1))
done > "$tmp/plain.txt"
"$tools/akhbar-clusters" --plain < "$tmp/plain.txt" > "$tmp/c1.txt" 2>/dev/null || fail "clusters exit $?"
"$tools/akhbar-clusters" --plain < "$tmp/plain.txt" > "$tmp/c2.txt" 2>/dev/null || fail "clusters exit $?"
cmp -s "$tmp/c1.txt" "$tmp/c2.txt" || fail "clusters are not deterministic"
[ "$(wc -l < "$tmp/c1.txt")" -ge 10 ] || fail "too few clustered words: $(cat "$tmp/c1.txt")"
head -1 "$tmp/c1.txt" | grep -q '^# ' || fail "no header line"
sed 1d "$tmp/c1.txt" | grep -qvP '^[^\t#]+\t[01]{12}$' && fail "bad line: $(sed 1d "$tmp/c1.txt" | grep -vP '^[^\t#]+\t[01]{12}$' | head -1)"
grep -qP '^عباسي\t' "$tmp/c1.txt" || fail "forms are clitic-stripped: $(head -3 "$tmp/c1.txt")"
# JSONL input: the text field; empty input is an error
printf '{"id":"a","text":"قال الوزير في بغداد"}\n{"id":"b"}\n' | "$tools/akhbar-clusters" --min 1 > "$tmp/j.txt" 2>/dev/null || fail "jsonl exit $?"
grep -qP '^بغداد\t' "$tmp/j.txt" || fail "jsonl text not read: $(cat "$tmp/j.txt")"
: | "$tools/akhbar-clusters" > /dev/null 2>&1 && fail "empty input should fail"
"$tools/akhbar-clusters" --bogus < /dev/null > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option should exit 2"
# a small training run
train="$AK_SHARED_DIR/data/anercorp/train.txt"
if [ ! -r "$train" ]; then echo "skip training smoke test: no $train"; exit 0; fi
mkdir -p "$tmp/data"
cp "$AK_SOURCE_DIR"/data/gazetteer-*.txt "$AK_SOURCE_DIR"/data/triggers-*.txt "$AK_SOURCE_DIR"/data/aliases-ar.txt "$tmp/data/"
cp "$tmp/c1.txt" "$tmp/data/ner-clusters.txt"
head -n 4000 "$train" > "$tmp/small.txt"
"$tools/akhbar-train" --data "$tmp/data" --epochs 2 --bags 2 "$tmp/small.txt" "$tmp/data/ner.model" 2>"$tmp/log" || fail "train exit $?: $(cat "$tmp/log")"
grep -q 'clustered words' "$tmp/log" || fail "train log: $(cat "$tmp/log")"
"$tools/akhbar-train" --data "$tmp/data" --epochs 2 --bags 2 "$tmp/small.txt" "$tmp/m2.model" 2>/dev/null || fail "train exit $?"
cmp -s "$tmp/data/ner.model" "$tmp/m2.model" || fail "training is not deterministic"
out=$(printf 'قال وزير الدفاع في بغداد.\n' | AKHBAR_DATA="$tmp/data" "$AKHBAR" ner) || fail "the small model does not load"
"$tools/akhbar-train" --bags 0 "$tmp/small.txt" "$tmp/x.model" 2>/dev/null; [ $? -eq 2 ] || fail "--bags 0 should exit 2"
echo ok
