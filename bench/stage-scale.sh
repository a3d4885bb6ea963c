#!/usr/bin/env bash
# stage-scale.sh: `make bench` piece of the reliability work: bench/scale.sh (10k and 100k
# articles through `akhbar run`, SCALE=1M for a million; one 5/10/50 MB article; a 2 GB stream).
# Usage: bench/stage-scale.sh BUILD SHARED
exec "$(dirname "$0")/scale.sh" "$@"
