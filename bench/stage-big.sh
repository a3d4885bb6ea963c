#!/usr/bin/env bash
# stage-big.sh: `make bench` piece of the reliability work: ONE large article made of real
# SaudiNewsNet paragraphs (bench/scale-gen.py --article-mb) of 5, 25 and 50 MB (BIG_MB), through
# `akhbar ingest --max-size` and then `akhbar run --max-size` on that database (the analysis:
# NER, linking, time expressions, near-duplicate fingerprint, story features, summary, report).
# Prints CPU seconds and CPU seconds per MB of each step; linear time = a flat s/MB column.
# Then one dated sentence repeated to 50 MB (BIG_REPEAT_MB; empty for none): the timeline's worst case.
# Usage: bench/stage-big.sh BUILD SHARED. Results: BUILD/big-results.txt
set -uo pipefail
BUILD=$(cd "$1" && pwd)
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
AK=$BUILD/akhbar
CORPUS=$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz
DATA=$BUILD/bench-data
WORK=$BUILD/big-work
SIZES=${BIG_MB:-5 25 50}
MAX=67108864   # --max-size for every size here: 64 MB
[ -f "$CORPUS" ] || { echo "stage-big: $CORPUS absent: skipped"; exit 0; }
[ -x "$AK" ] || { echo "stage-big: $AK not built"; exit 1; }
mkdir -p "$DATA" "$WORK"
export AKHBAR_DATA=${AKHBAR_DATA:-$HERE/../data}
unset AKHBAR_DB AKHBAR_MAX_RECORD

# timed NAME CMD...: sets CPU (user + system s), WALL, RSS (MB)
timed() {
    local name=$1; shift
    /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || return 1
    read -r WALL RSS U S <"$WORK/$name.time"
    RSS=$((RSS / 1024))
    CPU=$(awk "BEGIN{printf \"%.1f\", $U + $S}")
}
{
echo "akhbar one large article, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU seconds (user + system), s/MB = CPU per MB of input; run = analysis + report over the ingested article"
printf '%-6s | %8s %6s %7s | %8s %6s %7s %6s\n' size "ingest" "s/MB" "RSS MB" "run" "s/MB" "RSS MB" "wall"
for mb in $SIZES; do
    in=$DATA/scale-article-${mb}mb.jsonl
    [ -s "$in" ] || python3 "$HERE/scale-gen.py" "$CORPUS" 1 "$in" --article-mb "$mb" --seed 7 || exit 1
    db=$WORK/big-$mb.db
    rm -f "$db" "$db-wal" "$db-shm"
    timed ingest-$mb "$AK" ingest --max-size $MAX --db "$db" "$in" || { echo "stage-big: ingest of $mb MB failed: $(cat "$WORK/ingest-$mb.err")"; exit 1; }
    ic=$CPU irss=$RSS
    timed run-$mb "$AK" run --max-size $MAX --db "$db" --out "$WORK/out-$mb" "$in" || { echo "stage-big: run of $mb MB failed: $(cat "$WORK/run-$mb.err")"; exit 1; }
    printf '%-6s | %8s %6s %7s | %8s %6s %7s %6s\n' "$mb MB" "$ic" "$(awk "BEGIN{printf \"%.2f\", $ic / $mb}")" "$irss" \
        "$CPU" "$(awk "BEGIN{printf \"%.2f\", $CPU / $mb}")" "$RSS" "$WALL"
    echo "big_${mb}mb_ingest_cpu_s=$ic big_${mb}mb_run_cpu_s=$CPU big_${mb}mb_run_rss_mb=$RSS" >>"$WORK/keys"
    rm -f "$db" "$db-wal" "$db-shm"
done
# the worst case for the timeline: one dated sentence repeated through the whole article (the
# same date thousands of times in one story; merged in pairs this was quadratic)
for mb in ${BIG_REPEAT_MB-50}; do
    in=$DATA/repeat-article-${mb}mb.jsonl
    [ -s "$in" ] || python3 - "$in" "$mb" <<'PY' || exit 1
import json, sys
s = "وقال وزير الخارجية فؤاد حسين في بغداد يوم الاثنين 26 يوليو 2021 إن الحوار مع الولايات المتحدة مستمر. "
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "repeat", "source": "s", "text": s * (int(sys.argv[2]) * 1048576 // len(s.encode()))},
                       ensure_ascii=False) + "\n")
PY
    db=$WORK/repeat-$mb.db
    rm -f "$db" "$db-wal" "$db-shm"
    timed ingest-r$mb "$AK" ingest --max-size $MAX --db "$db" "$in" || { echo "stage-big: ingest of the repeated $mb MB failed"; exit 1; }
    ic=$CPU irss=$RSS
    timed run-r$mb "$AK" run --max-size $MAX --db "$db" --out "$WORK/out-r$mb" "$in" || { echo "stage-big: run of the repeated $mb MB failed: $(cat "$WORK/run-r$mb.err")"; exit 1; }
    printf '%-6s | %8s %6s %7s | %8s %6s %7s %6s  (one sentence repeated)\n' "$mb MB" "$ic" "$(awk "BEGIN{printf \"%.2f\", $ic / $mb}")" "$irss" \
        "$CPU" "$(awk "BEGIN{printf \"%.2f\", $CPU / $mb}")" "$RSS" "$WALL"
    echo "big_repeat_${mb}mb_run_cpu_s=$CPU big_repeat_${mb}mb_run_rss_mb=$RSS" >>"$WORK/keys"
    rm -f "$db" "$db-wal" "$db-shm"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (2 shared cores: other work slows every row; CPU time is the steadier figure)"
} | tee "$BUILD/big-results.txt"
