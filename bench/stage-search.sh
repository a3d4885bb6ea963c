#!/usr/bin/env bash
# stage-search.sh: `make bench` piece of the search stage: indexing MB/s and queries/s on SaudiNewsNet
# (akhbar tokenizer vs unicode61 vs scanning the text; peak RSS), then relevance on the judged set.
# Usage: bench/stage-search.sh BUILD SHARED
#   SEARCH_DB=PATH  also: distinct queries (bench/search-queries.py, 3,000) on that existing store
#                   through `bench_search queries`, CPU ms per query at 10 and 20 hits a page
set -uo pipefail
BUILD=$1
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
corpus="$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz"
if [ -f "$corpus" ]; then
    mkdir -p "$BUILD/bench-data"
    jsonl="$BUILD/bench-data/snn.jsonl"
    [ "$jsonl" -nt "$corpus" ] || gzip -dc "$corpus" >"$jsonl"
    /usr/bin/time -f "search_wall_s=%e search_max_rss_kb=%M" "$BUILD/bench_search" bench "$jsonl" \
        "${SEARCH_QUERIES:-400}"
else
    echo "stage-search: $corpus absent: speed benchmark skipped"
fi
if [ -n "${SEARCH_DB:-}" ]; then
    qs=$(mktemp)
    python3 "$HERE/search-queries.py" "$SEARCH_DB" 40000 >"$qs"
    for limit in 10 20; do
        echo "search_store_queries limit=$limit"
        AK_BENCH_CPU=1 AK_BENCH_LIMIT=$limit "$BUILD/bench_search" queries "$SEARCH_DB" "$qs" 3000
    done
    rm -f "$qs"
fi
AK_SHARED_DIR=$SHARED python3 "$HERE/../scripts/score-search" "$BUILD"
