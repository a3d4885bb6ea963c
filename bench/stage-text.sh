#!/usr/bin/env bash
# stage-text.sh: `make bench` piece of the text core: akhbar's normalize+tokenize+Light10 chain, the C
# floor (read + UTF-8 decode) and Lucene's Arabic chain (in-JVM, after warm-up) on the same input,
# interleaved in ROUNDS rounds (default 5) so a busy spell of the shared machine hits all three; each
# round is one process per program (best of 1 pass for akhbar/floor, 1 warm-up + 1 pass for Lucene).
# Prints per-program medians of MB/s and peak RSS and the ratios of the medians.
# Usage: bench/stage-text.sh BUILD SHARED   (TEXT_ROUNDS=N, TEXT_INPUT=snn.txt|anercorp-50mb.txt,
#        TEXT_BASELINE=path of an older bench_text to compare in the same rounds)
set -uo pipefail
BUILD=$1
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${TEXT_ROUNDS:-5}
INPUT=${TEXT_INPUT:-snn.txt}
DATA=$BUILD/bench-data
PEERS=$BUILD/peers
LUCENE_CP=/usr/share/java/lucene-core-4.10.4.jar:/usr/share/java/lucene-analyzers-common-4.10.4.jar
if [ ! -d "$SHARED/data/saudinewsnet" ] || [ ! -d "$SHARED/data/anercorp" ]; then
    echo "stage-text: $SHARED/data absent: skipped"
    exit 0
fi
"$HERE/prepare-corpus" "$SHARED" "$DATA" >/dev/null || { echo "stage-text: prepare-corpus failed"; exit 1; }
mkdir -p "$PEERS"
cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$PEERS/floor" "$HERE/peers/floor.c" || exit 1
have_lucene=0
if command -v javac >/dev/null && [ -f /usr/share/java/lucene-core-4.10.4.jar ]; then
    [ "$PEERS/LuceneArabic.class" -nt "$HERE/peers/LuceneArabic.java" ] ||
        javac -d "$PEERS" -cp "$LUCENE_CP" "$HERE/peers/LuceneArabic.java" || exit 1
    have_lucene=1
fi
f=$DATA/$INPUT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# run NAME CMD...: appends "mb_s rss_kb" of one process to $tmp/NAME.
run() {
    local name=$1
    shift
    /usr/bin/time -f '%M' -o "$tmp/time" "$@" >"$tmp/out" 2>/dev/null || { echo "stage-text: $name failed"; return 1; }
    echo "$(sed -n 's/^mb_s=//p' "$tmp/out" | head -n1) $(cat "$tmp/time")" >>"$tmp/$name"
}
for ((r = 0; r < ROUNDS; r++)); do
    run akhbar "$BUILD/bench_text" --mode chain --runs 1 "$f" || exit 1
    [ -n "${TEXT_BASELINE:-}" ] && { run baseline "$TEXT_BASELINE" --mode chain --runs 1 "$f" || exit 1; }
    run floor "$PEERS/floor" "$f" || exit 1
    [ $have_lucene = 1 ] && { run lucene java -cp "$PEERS:$LUCENE_CP" LuceneArabic --mode chain --warmup 1 --runs 1 "$f" || exit 1; }
done
median() { sort -g | awk '{v[NR]=$1} END{printf "%.2f", NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
echo "text chain side by side: $INPUT, $ROUNDS interleaved rounds, medians; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %10s %28s\n' "" "MB/s" "RSS MB" "all MB/s"
declare -A M R
for p in akhbar baseline floor lucene; do
    [ -f "$tmp/$p" ] || continue
    M[$p]=$(cut -d' ' -f1 "$tmp/$p" | median)
    R[$p]=$(cut -d' ' -f2 "$tmp/$p" | median)
    printf '%-34s %10s %10.1f %28s\n' "$p" "${M[$p]}" "$(awk "BEGIN{print ${R[$p]}/1024}")" "$(cut -d' ' -f1 "$tmp/$p" | tr '\n' ' ')"
done
# Ratios of programs run in the same round, then their median: a busy spell of the shared
# machine hits both sides of one ratio, which the ratio of the medians does not ensure.
paired() { paste -d' ' <(cut -d' ' -f1 "$tmp/$1") <(cut -d' ' -f1 "$tmp/$2") | awk '{print $1/$2}' | median; }
echo "text_akhbar_over_floor_speed=$(awk "BEGIN{printf \"%.3f\", ${M[akhbar]}/${M[floor]}}")"
echo "text_akhbar_over_floor_speed_paired=$(paired akhbar floor)"
echo "text_akhbar_over_floor_rss=$(awk "BEGIN{printf \"%.2f\", ${R[akhbar]}/${R[floor]}}")"
if [ -n "${M[baseline]:-}" ]; then
    echo "text_akhbar_over_baseline_speed=$(awk "BEGIN{printf \"%.3f\", ${M[akhbar]}/${M[baseline]}}")"
    echo "text_akhbar_over_baseline_speed_paired=$(paired akhbar baseline)"
    [ -n "${M[lucene]:-}" ] && echo "text_baseline_over_lucene_speed=$(awk "BEGIN{printf \"%.2f\", ${M[baseline]}/${M[lucene]}}")" &&
        echo "text_baseline_over_lucene_speed_paired=$(paired baseline lucene)"
fi
if [ -n "${M[lucene]:-}" ]; then
    echo "text_akhbar_over_lucene_speed=$(awk "BEGIN{printf \"%.2f\", ${M[akhbar]}/${M[lucene]}}")"
    echo "text_akhbar_over_lucene_speed_paired=$(paired akhbar lucene)"
    echo "text_akhbar_over_lucene_rss=$(awk "BEGIN{printf \"%.3f\", ${R[akhbar]}/${R[lucene]}}")"
fi
