#!/bin/sh
# cli_crash.sh: a few SIGKILL trials of scripts/crash-trials (ingest, run, ner model
# loading): the database opens, passes integrity_check, and a re-run converges to the
# state of an uninterrupted run. The long campaign (>= 200 trials) is documented in
# docs/reliability.md.
set -u
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
command -v python3 >/dev/null || { echo "skip: no python3"; exit 0; }
AKHBAR_DATA="${AKHBAR_DATA:-$AK_SOURCE_DIR/data}" export AKHBAR_DATA
# a fixed seed keeps make check reproducible; CRASH_SEED varies it
exec python3 "$AK_SOURCE_DIR/scripts/crash-trials" --akhbar "$AKHBAR" --trials "${CRASH_TRIALS:-4}" \
    --records 200 --seed "${CRASH_SEED:-7}" --quiet
