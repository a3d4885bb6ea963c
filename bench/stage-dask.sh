#!/usr/bin/env bash
# stage-dask.sh: `make bench` piece of the scale-out path: bench/dask.sh (articles/s on 1, 2, 4 local
# Dask workers and the 10-million-a-day estimate). Usage: bench/stage-dask.sh BUILD SHARED
set -uo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/dask.sh" "$1" "$2"
