#!/bin/sh
# cli_ner_golden.sh: the tagger's output is pinned. Tags and mentions of the seeds, examples/ and
# the first 6,000 lines of ANERcorp's test split are compared with files saved from the build before
# the speed work (tests/data/ner/golden): a faster tagger must not change a single tag.
# To refresh after a deliberate model change: rerun the commands below and commit the files.
set -u
fail() { echo "FAIL: $*"; exit 1; }
gold="$AK_SOURCE_DIR/tests/data/ner/golden"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$AK_SHARED_DIR"/seeds/*.txt "$AK_SOURCE_DIR"/examples/*.txt; do
  [ -f "$f" ] || continue
  b=$(basename "$f" .txt)
  [ -f "$gold/$b.jsonl" ] || fail "no golden file for $f"
  "$AKHBAR" ner "$f" > "$tmp/$b.jsonl" || fail "ner $f: exit $?"
  cmp -s "$tmp/$b.jsonl" "$gold/$b.jsonl" || fail "$b: mentions differ: $(diff "$gold/$b.jsonl" "$tmp/$b.jsonl" | head -5)"
  n=$((n + 1))
done
[ "$n" -ge 3 ] || fail "only $n texts compared"
test_split="$AK_SHARED_DIR/data/anercorp/test.txt"
if [ -f "$test_split" ]; then
  head -6000 "$test_split" | "$AKHBAR" ner --conll - | awk '{print $NF}' > "$tmp/aner.tags" || fail "conll exit $?"
  cmp -s "$tmp/aner.tags" "$gold/anercorp-test-6000.tags" ||
    fail "ANERcorp tags differ at line $(cmp "$tmp/aner.tags" "$gold/anercorp-test-6000.tags" | sed 's/.*line //')"
  # the file is not all O: the comparison has entities to lose
  [ "$(grep -vc '^O$' "$tmp/aner.tags")" -ge 500 ] || fail "too few entity tags"
else
  echo "ANERcorp absent: seeds and examples only"
fi
echo ok
