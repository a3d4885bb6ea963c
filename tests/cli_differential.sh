#!/usr/bin/env bash
# cli_differential.sh: ctest entry for the differential test (tests/data/differential.tsv): akhbar's
# normalize, tokens and Light10 output on inputs where Lucene, Snowball or ISRI disagree. No peer needed.
set -euo pipefail
: "${AKHBAR:?set AKHBAR to the akhbar binary}"
: "${AK_SOURCE_DIR:?set AK_SOURCE_DIR to the source tree}"
exec python3 "$AK_SOURCE_DIR/tests/test_differential.py" "$AKHBAR" "$AK_SOURCE_DIR/tests/data/differential.tsv"
