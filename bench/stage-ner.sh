#!/usr/bin/env bash
# stage-ner.sh: `make bench` piece of the NER stage: model load time, tagging speed and peak RSS on
# ANERcorp's test text against the floor (read + UTF-8 decode of the same text), then entity-level F1
# on the held-out split. No Arabic NER peer is packaged in Debian; published peers' F1 are in the README.
# Usage: bench/stage-ner.sh BUILD SHARED
set -uo pipefail
BUILD=$1
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
test_split="$SHARED/data/anercorp/test.txt"
[ -f "$test_split" ] || { echo "stage-ner: $test_split absent: skipped"; exit 0; }
AK_SHARED_DIR=$SHARED /usr/bin/time -f "ner_wall_s=%e ner_max_rss_kb=%M" "$BUILD/bench_ner" "$test_split" || exit 1
# the floor: the same running text (first column) read and decoded
mkdir -p "$BUILD/bench-data" "$BUILD/peers"
text=$BUILD/bench-data/anercorp-test-text.txt
awk 'NF { printf "%s ", $1 } !NF { print "" }' "$test_split" >"$text"
[ -x "$BUILD/peers/floor" ] || cc -O2 -std=c11 -D_GNU_SOURCE -o "$BUILD/peers/floor" "$HERE/peers/floor.c"
"$BUILD/peers/floor" "$text" | sed -n 's/^mb_s=/floor_mb_s=/p'
echo "ner CLI end to end (whole process, model load included):"
/usr/bin/time -f "cli_wall_s=%e cli_max_rss_kb=%M bytes=$(stat -c %s "$text")" "$BUILD/akhbar" ner "$text" >/dev/null
echo "accuracy (ANERcorp test split, entity-level exact match, ANERcorp's conventions: --no-bodies):"
"$BUILD/akhbar" ner --conll --no-bodies "$test_split" | /usr/bin/python3 "$HERE/../scripts/score-ner"
echo "the same with public bodies and listed names tagged (the default):"
"$BUILD/akhbar" ner --conll "$test_split" | /usr/bin/python3 "$HERE/../scripts/score-ner" | grep micro
