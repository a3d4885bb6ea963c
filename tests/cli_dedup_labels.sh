#!/usr/bin/env bash
# cli_dedup_labels.sh: regression on the hand-labelled SaudiNewsNet pairs: the F1 of duplicate+rewrite
# and of shares-passage on the held-out half must stay at the floors reached (docs/dedup.md).
set -euo pipefail
corpus="$AK_SHARED_DIR/data/saudinewsnet/saudinewsnet.jsonl.gz"
if [ ! -f "$corpus" ]; then echo "SKIP: $corpus absent"; exit 0; fi
if ! command -v python3 >/dev/null; then echo "SKIP: python3 absent"; exit 0; fi
if ! out=$(python3 "$AK_SOURCE_DIR/scripts/score-dups" "$AK_BUILD_DIR" 2>&1); then
    # A sanitizer build cannot be loaded into python; the plain build runs this test.
    if grep -q -i "asan\|sanitizer" <<<"$out"; then echo "SKIP: sanitizer build"; exit 0; fi
    echo "$out"; exit 1
fi
echo "$out"
f1() { grep "^lib-odd *$1" <<<"$out" | sed 's/.*F1=\([0-9.]*\).*/\1/'; }
dr=$(f1 "duplicate+rewrite"); sp=$(f1 "shares-passage")
awk -v dr="$dr" -v sp="$sp" 'BEGIN { exit !(dr >= 0.94 && sp >= 0.55) }' || {
    echo "FAIL: held-out F1 duplicate+rewrite=$dr (floor 0.94), shares-passage=$sp (floor 0.55)"; exit 1; }
echo "ok: held-out F1 duplicate+rewrite=$dr shares-passage=$sp"
