#!/usr/bin/env bash
# stage-time.sh: `make bench` piece of the time stage: akhbar's tagger and python3-dateparser's
# search_dates on the same SaudiNewsNet texts, and the floor (read + UTF-8 decode of those texts).
# Usage: bench/stage-time.sh BUILD SHARED   (TIMEX_DOCS, TIMEX_PEER_DOCS set the sizes)
set -uo pipefail
export PYTHONWARNINGS=ignore
BUILD=$1
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
corpus="$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz"
[ -f "$corpus" ] || { echo "stage-time: $corpus absent: skipped"; exit 0; }
docs=${TIMEX_DOCS:-3000}
out=$(AK_SHARED_DIR=$SHARED /usr/bin/time -f "rss_kb=%M" "$BUILD/bench_timex" "$docs" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
mbs=$(sed -n 's/.* \([0-9.]*\) MB\/s single thread/\1/p' <<<"$out")
cmbs=$(sed -n 's/.* \([0-9.]*\) MB\/s of this thread.s CPU time/\1/p' <<<"$out")
rss=$(sed -n 's/^rss_kb=//p' <<<"$out")
# The floor over the same texts: extracted once, then read and decoded by bench/peers/floor.
texts=$BUILD/bench-data/timex-texts.txt
mkdir -p "$BUILD/bench-data" "$BUILD/peers"
/usr/bin/python3 - "$corpus" "$docs" "$texts" <<'PY'
import gzip, json, sys
n = 0
with gzip.open(sys.argv[1], 'rt', encoding='utf-8') as f, open(sys.argv[3], 'w', encoding='utf-8') as o:
    for line in f:
        t = json.loads(line).get('text') or ''
        if t:
            o.write(t + '\n'); n += 1
        if n >= int(sys.argv[2]): break
PY
[ -x "$BUILD/peers/floor" ] || cc -O2 -std=c11 -D_GNU_SOURCE -o "$BUILD/peers/floor" "$HERE/peers/floor.c"
floor=$("$BUILD/peers/floor" "$texts" | sed -n 's/^mb_s=//p')
peer=$(AK_SHARED_DIR=$SHARED /usr/bin/time -f "peer_rss_kb=%M" /usr/bin/python3 "$HERE/timex-peer.py" "${TIMEX_PEER_DOCS:-100}" "$mbs" 2>&1)
echo "$peer"
pmbs=$(sed -n 's/.*, \([0-9.]*\) MB\/s$/\1/p' <<<"$peer")
prss=$(sed -n 's/^peer_rss_kb=//p' <<<"$peer")
printf '%-36s %10s %10s %12s\n' "" "MB/s" "RSS MB" "akhbar/peer"
printf '%-36s %10s %10.1f %12s\n' "akhbar timex (tag + resolve)" "$mbs" "$(awk "BEGIN{print $rss/1024}")" "-"
[ -n "$cmbs" ] && printf '%-36s %10s %10s %12s\n' "akhbar timex, per CPU second" "$cmbs" "-" "-"
[ -n "$pmbs" ] && printf '%-36s %10s %10.1f %11.0fx\n' "dateparser search_dates" "$pmbs" \
    "$(awk "BEGIN{print ${prss:-0}/1024}")" "$(awk "BEGIN{print $mbs/$pmbs}")"
[ -n "$floor" ] && printf '%-36s %10s %10s %11.2fx\n' "floor: read + UTF-8 decode" "$floor" "-" \
    "$(awk "BEGIN{print $mbs/$floor}")"
echo "accuracy (held-out, exact normalized value):"
/usr/bin/python3 "$HERE/../scripts/score-timex" --akhbar "$BUILD/akhbar" --split heldout 2>&1 | tail -n 12
