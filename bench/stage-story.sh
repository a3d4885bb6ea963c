#!/usr/bin/env bash
# stage-story.sh: `make bench` piece of the story stage: clustering speed on SaudiNewsNet and 100,000
# synthetic articles made from it, then BCubed F1 on the labelled days against a TF-IDF centroid
# baseline tuned on the same labels, and ROUGE of the summaries; with STORY_DB, the pipeline's story step.
# Usage: bench/stage-story.sh BUILD SHARED
set -uo pipefail
BUILD=$1
SHARED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
corpus="$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz"
[ -f "$corpus" ] || { echo "stage-story: $corpus absent: skipped"; exit 0; }
/usr/bin/time -f "story_wall_s=%e story_max_rss_kb=%M" "$BUILD/bench_story" speed "$corpus" "${STORY_SYNTHETIC:-100000}" || exit 1
echo "accuracy, SaudiNewsNet labelled days:"
/usr/bin/python3 "$HERE/../scripts/score-stories" --run "$BUILD/bench_story" "$HERE/../tests/data/stories-snn/labels.tsv" "$corpus"
echo "accuracy, written set:"
/usr/bin/python3 "$HERE/../scripts/score-stories" --run "$BUILD/bench_story" "$HERE/../tests/data/stories/articles.jsonl"
echo "summaries, ROUGE against tests/data/stories-snn/summaries.tsv (3 sentences):"
sums=$(mktemp)
"$BUILD/bench_story" summarize "$HERE/../tests/data/stories-snn/labels.tsv" "$corpus" 3 >"$sums" &&
    /usr/bin/python3 "$HERE/../scripts/score-rouge" "$HERE/../tests/data/stories-snn/summaries.tsv" "$sums" | tail -1
rm -f "$sums"
# STORY_DB=analyzed.db: the story step of `akhbar run` alone on a copy of an analyzed database
# (every story rewritten), its wall/CPU seconds and peak RSS (docs/story.md "The story step")
if [ -n "${STORY_DB:-}" ]; then
    copy=$(mktemp -d)
    sqlite3 "$STORY_DB" ".backup '$copy/s.db'" && "$BUILD/bench_story" pipeline "$copy/s.db" "${STORY_THREADS:-2}" --rewrite
    rm -rf "$copy"
fi
