#!/usr/bin/env bash
# cli_ner_written.sh: the tagger on news written the way Iraqi and Gulf papers write it, in the
# two sets of tests/data/ner (README there): micro F1 at the floors reached, and public bodies
# (وزارة، قيادة، هيئة ... X) found: the figure falls without them (--no-bodies, ANERcorp's
# conventions). docs/ner.md, "Public bodies".
set -euo pipefail
if ! command -v python3 >/dev/null; then echo "SKIP: python3 absent"; exit 0; fi
data="$AK_SOURCE_DIR/tests/data/ner"
f1() { "$AKHBAR" ner --conll "$@" | python3 "$AK_SOURCE_DIR/scripts/score-ner" | awk '$1 == "micro" { print $4 }'; }
check() { # set floor
    on=$(f1 "$data/$1"); off=$(f1 --no-bodies "$data/$1")
    echo "$1: micro F1 $on ($off with --no-bodies), floor $2"
    awk -v a="$on" -v b="$off" -v f="$2" 'BEGIN { exit !(a >= f && a > b + 5) }' ||
        { echo "FAIL: $1 below its floor or no better than without bodies"; exit 1; }
}
check iraq-written-tune.conll 77
check iraq-written-heldout.conll 74
