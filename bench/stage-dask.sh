#!/usr/bin/env bash
# stage-dask.sh: `make bench` piece of the scale-out path: bench/dask.sh (the Dask run equals `akhbar run`
# on 100,000 synthetic articles; articles/s on 1, 2, 4 local workers; the 10-million-a-day estimate).
# Usage: bench/stage-dask.sh BUILD SHARED   (about an hour on 2 cores; DASK_N / DASK_SPEED_N to shrink it)
set -uo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/dask.sh" "$1" "$2"
