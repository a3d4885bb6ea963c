#!/usr/bin/env bash
# stage-scale.sh: `make bench` piece of the reliability work: bench/scale.sh (10k and 100k
# articles through `akhbar run` with --threads 1 and 2, SCALE=1M for a million; a 2 GB
# stream). The large single article is bench/stage-big.sh (BIG_MB here adds it to scale.sh).
# Usage: bench/stage-scale.sh BUILD SHARED
BIG_MB=${BIG_MB:-0} exec "$(dirname "$0")/scale.sh" "$@"
