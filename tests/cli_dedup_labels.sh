#!/usr/bin/env bash
# cli_dedup_labels.sh: regression on the hand-labelled SaudiNewsNet pairs: the F1 of duplicate+rewrite
# and of shares-passage on the held-out half of labels.tsv, and on the odd rows of the second batch
# (labels2.tsv: short items inside long articles, texts re-used on other days), and on the whole third
# batch (labels3.tsv: contained items and ordinary pairs of other days), must stay at the floors reached
# (docs/dedup.md).
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
f1() { grep "^$1 *$2" <<<"$out" | sed 's/.*F1=\([0-9.]*\).*/\1/'; }
dr=$(f1 lib-odd "duplicate+rewrite"); sp=$(f1 lib-odd "shares-passage")
dr2=$(f1 new-odd "duplicate+rewrite"); sp2=$(f1 new-odd "shares-passage")
dr3=$(f1 third-all "duplicate+rewrite"); sp3=$(f1 third-all "shares-passage")
awk -v dr="$dr" -v sp="$sp" -v dr2="$dr2" -v sp2="$sp2" -v dr3="$dr3" -v sp3="$sp3" \
    'BEGIN { exit !(dr >= 0.95 && sp >= 0.65 && dr2 >= 0.86 && sp2 >= 0.45 && dr3 >= 0.91 && sp3 >= 0.70) }' || {
    echo "FAIL: held-out F1 duplicate+rewrite=$dr (floor 0.95), shares-passage=$sp (floor 0.65);" \
         "second batch odd rows duplicate+rewrite=$dr2 (floor 0.86), shares-passage=$sp2 (floor 0.45);" \
         "third batch duplicate+rewrite=$dr3 (floor 0.91), shares-passage=$sp3 (floor 0.70)"; exit 1; }
echo "ok: held-out F1 duplicate+rewrite=$dr shares-passage=$sp; second batch $dr2 / $sp2; third batch $dr3 / $sp3"
