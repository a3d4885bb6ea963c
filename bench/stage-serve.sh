#!/usr/bin/env bash
# stage-serve.sh: `make bench` piece of the server: bench/serve-load.sh (wrk on search and article
# endpoints at 1, 8 and 64 connections, then searches while POSTing) over SaudiNewsNet articles.
# Usage: bench/stage-serve.sh BUILD SHARED   (SERVE_ARTICLES=N, default 5000; 100000 for the full run;
#   SERVE_DB=PATH an existing store; SERVE_LIMIT=N hits a page; the search runs use distinct queries)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
out=$1/bench-serve.txt
"$HERE/serve-load.sh" "$1" "$2" | tee "$out"
rc=${PIPESTATUS[0]}
echo "serve: table saved to $out"
exit "$rc"
