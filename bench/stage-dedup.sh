#!/usr/bin/env bash
# stage-dedup.sh: `make bench` piece of the duplicates stage: 1,000,000 synthetic articles (signatures,
# index, latency, RSS), brute force vs LSH on 4,000 synthetic and on all 24,716 real articles,
# synthetic edited pairs and the labelled pairs.
# Usage: bench/stage-dedup.sh BUILD SHARED
set -uo pipefail
BUILD=$1
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
/usr/bin/time -f "dedup_wall_s=%e dedup_max_rss_kb=%M" "$BUILD/bench_dedup" "${DEDUP_DOCS:-1000000}" \
    "${DEDUP_SIDE:-4000}" "$SHARED"/seeds/*.txt
corpus="$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz"
if [ -f "$corpus" ] && "$HERE/prepare-corpus" "$SHARED" "$BUILD/bench-data" >/dev/null; then
    # LSH recall against the exact all-pairs truth on every SaudiNewsNet article (one per line of
    # snn.txt), true brute force timed on the first DEDUP_BRUTE of them.
    "$BUILD/bench_dedup" --real "$BUILD/bench-data/snn.txt" "${DEDUP_REAL:-1000000}" "${DEDUP_BRUTE:-2000}"
fi
if [ -f "$corpus" ]; then
    python3 "$HERE/gen-pairs.py" "$BUILD" "$corpus" 100
    AK_SHARED_DIR=$SHARED python3 "$HERE/../scripts/score-dups" "$BUILD"
else
    echo "stage-dedup: $corpus absent: labelled and synthetic pairs skipped"
fi
