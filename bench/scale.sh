#!/usr/bin/env bash
# scale.sh: the whole `akhbar run` pipeline at 10k and 100k synthetic articles made from real
# SaudiNewsNet text (bench/scale-gen.py: dates, names, 4% exact and 6% near copies); SCALE=1M
# adds a million. Per size: wall time and peak RSS of each stage, articles/s, database size.
# One `akhbar run --times` of the whole input into a fresh database, as a user runs it:
#   ingest   its ingestion (from --times)
#   analyze  the rest of it, minus
#   report   a second `akhbar run` (nothing new: re-reading the input plus writing the report)
# Then one article of 5, 10 and 50 MB through ingest and run (linear time), and a 2 GB
# JSONL stream through the reader (STREAM_GB, 0 skips): peak RSS must stay flat.
# SCALE_SIZES="N ..." and BIG_MB="M ..." replace the sizes (0: none); SCALE_THREADS="1 2" the
# `akhbar run --threads` values (each size is run once per value). Times are wall and CPU.
# SCALE_RUN2=0 skips the second run (for a million: "analyze" is then analysis + report).
# "total" is the first run's wall time: ingestion, analysis and report in one command.
# SCALE_MONTHS=K puts every date in the first K months of the year (scale-gen.py --months):
# SCALE_MONTHS=1 at 100k is about as many stories a day as a million over twelve months.
# SCALE_YEARS=Y spreads the dates over Y years (scale-gen.py --years, default 2); SCALE_YEARS=even
# gives each size one year per 50,000 articles (at least 2): the 100k's articles a day at every size.
# Usage: bench/scale.sh BUILD SHARED. Results: BUILD/scale-results.txt (and key=value lines).
set -uo pipefail
BUILD=$(cd "$1" && pwd)
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
AK=$BUILD/akhbar
CORPUS=$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz
DATA=$BUILD/bench-data
WORK=${SCALE_WORK:-$BUILD/scale-work}
OUT=$BUILD/scale-results.txt
case "${SCALE:-100k}" in
    10k) SIZES="10000" ;;
    1M) SIZES="10000 100000 1000000" ;;
    *) SIZES="10000 100000" ;;
esac
SIZES=${SCALE_SIZES:-$SIZES}   # e.g. "1000 2000" for a quick try; 0: none
[ "$SIZES" = 0 ] && SIZES=""
BIG_MB=${BIG_MB:-5 10 50}   # 0: none
[ "$BIG_MB" = 0 ] && BIG_MB=""
STREAM_GB=${STREAM_GB:-2}
THREADS=${SCALE_THREADS:-1 2}   # `akhbar run --threads` values, each on a fresh database
if [ ! -f "$CORPUS" ]; then echo "scale: $CORPUS absent: skipped"; exit 0; fi
[ -x "$AK" ] || { echo "scale: $AK not built"; exit 1; }
mkdir -p "$DATA" "$WORK"
export AKHBAR_DATA=${AKHBAR_DATA:-$HERE/../data}
unset AKHBAR_DB

# timed NAME CMD...: runs CMD under /usr/bin/time; sets T_WALL, T_CPU (user + system s),
# T_RSS_MB; keeps its output in $WORK/NAME.out. On a shared machine CPU time is the steadier figure.
timed() {
    local name=$1 line; shift
    /usr/bin/time -f '%e %M %U %S' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
    local rc=$?
    line=$(tail -1 "$WORK/$name.time")
    T_WALL=$(echo "$line" | cut -d' ' -f1)
    T_RSS_MB=$(echo "$line" | awk '{printf "%.0f", $2 / 1024}')
    T_CPU=$(echo "$line" | awk '{printf "%.1f", $3 + $4}')
    return $rc
}
fmt() { awk "BEGIN{printf \"%.${2:-1}f\", $1}"; }
# ratio A B: A / B to one decimal, or n/a when B was not measured (0)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b + 0 > 0) printf "%.1f", a / b; else printf "n/a" }'; }

{
echo "akhbar scale benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "times: wall seconds (CPU seconds, user + system, all threads); art/s from the total wall time"
echo "analysis steps (akhbar run --times): dups = near-duplicates, art = per-article analysis (NER, time"
echo "expressions, entities; on --threads N), sto = stories; each wall/CPU"
printf '%-8s %2s %7s | %14s | %14s %22s | %14s | %14s %7s %6s %6s\n' articles th stored "ingest s" "analyze s" \
    "dups / art / sto (wall)" "report s" "total s" "art/s" "RSS MB" "db MB"
declare -A TOTAL TOTALC ING ANA REP STEP
for n in $SIZES; do
    months=${SCALE_MONTHS:-12} years=${SCALE_YEARS:-2}
    if [ "$years" = even ]; then years=$(( (n + 49999) / 50000 )); [ "$years" -ge 2 ] || years=2; fi
    in=$DATA/scale-$n$([ "$months" = 12 ] || echo "-m$months")$([ "$years" = 2 ] || echo "-y$years").jsonl
    [ -s "$in" ] || python3 "$HERE/scale-gen.py" "$CORPUS" "$n" "$in" --seed 42 --months "$months" --years "$years" ||
        { echo "scale: generator failed"; exit 1; }
    for th in $THREADS; do
        db=$WORK/scale-$n.db
        rm -f "$db" "$db-wal" "$db-shm"; rm -rf "$WORK/out-$n"
        timed run1-$n-$th "$AK" run --threads "$th" --times --db "$db" --out "$WORK/out-$n" "$in"; run1=$T_WALL; run1_rss=$T_RSS_MB; run1c=$T_CPU
        # "times (wall s / CPU s): ingest W / C, near-duplicates W / C, articles W / C, stories W / C"
        ing=$(sed -n 's/.*: ingest \([0-9.]*\) \/ .*/\1/p' "$WORK/run1-$n-$th.err"); ing=${ing:-0}
        ingc=$(sed -n 's/.*: ingest [0-9.]* \/ \([0-9.]*\),.*/\1/p' "$WORK/run1-$n-$th.err"); ingc=${ingc:-0}
        added=$(sed -n 's/^analyzed \([0-9]*\),.*/\1/p' "$WORK/run1-$n-$th.out")
        if [ "${SCALE_RUN2:-1}" = 1 ]; then
            timed run2-$n-$th "$AK" run --threads "$th" --db "$db" --out "$WORK/out-$n" "$in"; run2=$T_WALL; run2c=$T_CPU
        else run2=0; run2c=0; fi
        ana=$(fmt "$run1 - $ing - $run2" 1); anac=$(fmt "$run1c - $ingc - $run2c" 1)
        total=$run1; totalc=$run1c
        steps=$(sed -n 's/.*near-duplicates \([0-9.]*\) \/ [0-9.]*, articles \([0-9.]*\) \/ [0-9.]*, stories \([0-9.]*\) \/ [0-9.]*/\1 \/ \2 \/ \3/p' "$WORK/run1-$n-$th.err")
        stepsc=$(sed -n 's/.*near-duplicates [0-9.]* \/ \([0-9.]*\), articles [0-9.]* \/ \([0-9.]*\), stories [0-9.]* \/ \([0-9.]*\)/\1 \/ \2 \/ \3/p' "$WORK/run1-$n-$th.err")
        dbmb=$(fmt "$(cat "$db" "$db-wal" 2>/dev/null | wc -c) / 1048576" 0)
        TOTAL[$n.$th]=$total TOTALC[$n.$th]=$totalc ING[$n.$th]=$ing ANA[$n.$th]=$ana REP[$n.$th]=$run2
        read -r STEP[$n.$th.dups] _ STEP[$n.$th.art] _ STEP[$n.$th.sto] <<<"${steps:-0 / 0 / 0}"
        printf '%-8s %2s %7s | %14s | %14s %22s | %14s | %14s %7s %6s %6s\n' "$n" "$th" "${added:-?}" \
            "$ing ($ingc)" "$ana ($anac)" "${steps:-?}" "$run2 ($run2c)" "$total ($totalc)" \
            "$(fmt "$n / $total" 0)" "$run1_rss" "$dbmb"
        echo "         analysis steps, CPU s: ${stepsc:-?} (dups / art / sto)"
        grep -h '^analyzed\|^records' "$WORK/run1-$n-$th.out" | sed 's/^/         run: /'
        grep -h 'akhbar' "$WORK/run1-$n-$th.err" | grep -v 'times (wall' | sort | uniq -c | head -3 | sed 's/^/         stderr: /'
        echo "scale_${n}_t${th}_ingest_s=$ing scale_${n}_t${th}_analyze_s=$ana scale_${n}_t${th}_report_s=$run2" \
             "scale_${n}_t${th}_total_s=$total scale_${n}_t${th}_total_cpu_s=$totalc scale_${n}_t${th}_rss_mb=$run1_rss" \
             "scale_${n}_t${th}_db_mb=$dbmb" >>"$WORK/keys"
    done
done
set -- $SIZES
if [ $# -ge 2 ]; then
    for th in $THREADS; do
        prev=
        for cur in $SIZES; do
            if [ -n "$prev" ]; then
                echo
                echo "growth $prev -> $cur with --threads $th (wall time ratio; linear = $(fmt "$cur / $prev")):"
                echo "  ingest $(ratio "${ING[$cur.$th]}" "${ING[$prev.$th]}"), analyze $(ratio "${ANA[$cur.$th]}" "${ANA[$prev.$th]}")" \
                     "(dups $(ratio "${STEP[$cur.$th.dups]}" "${STEP[$prev.$th.dups]}"), art $(ratio "${STEP[$cur.$th.art]}" "${STEP[$prev.$th.art]}")," \
                     "sto $(ratio "${STEP[$cur.$th.sto]}" "${STEP[$prev.$th.sto]}")), report $(ratio "${REP[$cur.$th]}" "${REP[$prev.$th]}")," \
                     "total $(ratio "${TOTAL[$cur.$th]}" "${TOTAL[$prev.$th]}")"
            fi
            prev=$cur
        done
        last=${!#}
        echo "  estimate for 1,000,000 at the $last rate (linear): $(fmt "${TOTAL[$last.$th]} * 1000000 / $last / 60" 0) min of wall time," \
             "$(fmt "${TOTALC[$last.$th]} * 1000000 / $last / 60" 0) min of CPU (the goal: 30 min of wall time on 2 cores)"
    done
fi

echo
echo "one large article (real paragraphs, no line repeated within 1 MB): ingest and run, --max-size 64 MB"
printf '%-8s | %16s %7s | %16s %7s | %s\n' size "ingest s" "RSS MB" "run s" "RSS MB" "CPU s per MB (run)"
for mb in $BIG_MB; do
    in=$DATA/scale-article-${mb}mb.jsonl
    [ -s "$in" ] || python3 "$HERE/scale-gen.py" "$CORPUS" 1 "$in" --article-mb "$mb" --seed 7
    db=$WORK/big-$mb.db; rm -f "$db" "$db-wal" "$db-shm"
    timed big-ingest-$mb "$AK" ingest --max-size 67108864 --db "$db" "$in"; bi="$T_WALL ($T_CPU)"; bir=$T_RSS_MB
    rm -f "$db" "$db-wal" "$db-shm"
    timed big-run-$mb "$AK" run --max-size 67108864 --db "$db" --out "$WORK/big-out-$mb" "$in"; br="$T_WALL ($T_CPU)"; brr=$T_RSS_MB
    printf '%-8s | %16s %7s | %16s %7s | %s\n' "${mb} MB" "$bi" "$bir" "$br" "$brr" "$(fmt "$T_CPU / $mb" 2)"
    echo "big_${mb}mb_run_cpu_s=$T_CPU big_${mb}mb_run_rss_mb=$brr" >>"$WORK/keys"
done

if [ "$STREAM_GB" != 0 ]; then
    # the reader streams: every record after the first few has a known id, so this measures
    # reading, JSON parsing and the id look-up over STREAM_GB of input, not storage
    echo
    stream=$DATA/stream-${STREAM_GB}gb.jsonl
    if [ ! -s "$stream" ]; then
        python3 - "$stream" "$STREAM_GB" <<'PY'
import json, sys
body = "تقرير إخباري طويل عن الاجتماع الوزاري في الرياض. " * 40
line = json.dumps({"id": "same", "source": "s", "text": body}, ensure_ascii=False) + "\n"
want = float(sys.argv[2]) * 1e9
with open(sys.argv[1], "w", encoding="utf-8") as f:
    n = 0
    chunk = line * 1000
    while n < want:
        f.write(chunk); n += len(chunk.encode())
PY
    fi
    head -c 20000000 "$stream" >"$DATA/stream-20mb.jsonl"
    db=$WORK/stream.db; rm -f "$db" "$db-wal" "$db-shm"
    timed stream-small "$AK" ingest --db "$db" "$DATA/stream-20mb.jsonl"; s_w=$T_WALL; s_r=$T_RSS_MB
    rm -f "$db" "$db-wal" "$db-shm"
    timed stream-big "$AK" ingest --db "$db" "$stream"; b_w=$T_WALL; b_r=$T_RSS_MB
    echo "streaming: 20 MB in $s_w s, peak RSS $s_r MB; $(fmt "$(stat -c %s "$stream") / 1e9" 2) GB in $b_w s" \
         "($(fmt "$(stat -c %s "$stream") / 1048576 / $b_w" 0) MB/s), peak RSS $b_r MB"
    echo "stream_small_rss_mb=$s_r stream_big_rss_mb=$b_r stream_big_s=$b_w" >>"$WORK/keys"
fi
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (2 shared cores: other work slows every row)"
} | tee "$OUT"
echo "scale: results in $OUT"
