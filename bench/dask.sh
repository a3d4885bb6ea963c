#!/usr/bin/env bash
# dask.sh: articles/s of the Dask run (scripts/akhbar-dask) on 1, 2 and 4 local worker processes and of
# the single-machine path, on a SaudiNewsNet-derived corpus, then an estimate of the machines needed for
# 10 million articles a day from the measured per-article costs and shuffle sizes (docs/python.md).
# Usage: bench/dask.sh BUILD SHARED [N]   (N articles, default 3000; DASK_FULL=1: 200000)
set -uo pipefail
if [ $# -lt 2 ]; then echo "usage: bench/dask.sh BUILD SHARED [N]" >&2; exit 2; fi
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$1" && pwd)
SHARED=$2
N=${3:-${DASK_N:-3000}}
[ "${DASK_FULL:-0}" = 1 ] && N=200000
PY=/usr/bin/python3
corpus=$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz
if [ ! -f "$corpus" ]; then echo "dask.sh: $corpus absent: skipped"; exit 0; fi
if ! $PY -c 'import dask.distributed' 2>/dev/null; then
    echo "dask.sh: python3-distributed missing (scripts/install-deps): skipped"; exit 0
fi
export AKHBAR_LIB=$BUILD/libakhbar.so
export AKHBAR_DATA=${AKHBAR_DATA:-$HERE/../data}
data=$BUILD/bench-data
out=$BUILD/bench-dask
mkdir -p "$data" "$out"
input=$data/dask-$N.jsonl
[ -s "$input" ] || $PY "$HERE/../python/akhbar/benchdata.py" "$corpus" "$N" "$input" >/dev/null || exit 1
# entities with the default model; when it does not load, with one trained here from ANERcorp
# (a few seconds), else without (said in the table)
ner=()
loads() { $PY -c "import sys; sys.path.insert(0, '$HERE/../python'); import akhbar; akhbar.NerModel(sys.argv[1] or None)" "$1" 2>/dev/null; }
if ! loads ""; then
    ner=(--no-entities)
    train=$SHARED/data/anercorp/train.txt
    if [ -x "$BUILD/akhbar-train" ] && [ -f "$train" ] && "$BUILD/akhbar-train" "$train" "$data/ner-bench.model" >/dev/null 2>&1 &&
        loads "$data/ner-bench.model"; then
        ner=(--ner-model "$data/ner-bench.model")
    fi
fi
stats=$out/stats.jsonl
: >"$stats"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run() { # run LABEL ARGS...: one line of stats, with peak RSS of the driver
    local label=$1
    shift
    if "$PY" "$HERE/../scripts/akhbar-dask" "${ner[@]}" --out "$out/$label" "$@" "$input" >"$out/$label.json" 2>"$out/$label.err"; then
        $PY -c "import json,sys; d=json.load(open(sys.argv[1])); d['label']=sys.argv[2]; print(json.dumps(d))" \
            "$out/$label.json" "$label" >>"$stats"
    else
        echo "dask.sh: $label failed: $(tail -n 3 "$out/$label.err")" >&2
        return 1
    fi
}
failed=0
run local --local || failed=1
for w in 1 2 4; do run "workers-$w" --workers "$w" || failed=1; done
$PY - "$stats" "$N" "$(nproc)" "$load_before" "${ner[*]:-}" <<'PYEOF'
import json, math, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n, cores, load, ner = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
print("akhbar Dask benchmark: %s input records (SaudiNewsNet + varied repeats), %d cores, load before %s, %s"
      % (n, cores, load, "no NER (no model loads)" if "no-entities" in ner else
         "NER with a model trained here" if ner else "NER with the default model"))
print("%-10s %9s %9s %10s %8s %8s %9s %9s" % ("run", "articles", "seconds", "articles/s", "pairs", "stories",
                                              "map s", "rest s"))
for r in rows:
    rest = r.get("shuffle_verify_story_seconds", r.get("dedup_seconds", 0) + r.get("story_seconds", 0))
    mp = r.get("map_seconds", r.get("ingest_seconds", 0) + r.get("analyze_seconds", 0))
    print("%-10s %9d %9.1f %10.1f %8d %8d %9.1f %9.1f" % (r["label"], r["articles"], r["seconds"],
          r["articles"] / r["seconds"], r["pairs"], r["stories"], mp, rest))
same = len({(r["pairs"], r["stories"], r["articles"]) for r in rows}) == 1
print("same articles, pairs and stories in every run: %s" % ("yes" if same else "NO"))
loc = next((r for r in rows if r["label"] == "local"), None)
if not loc:
    sys.exit(0)
a = loc["articles"]
per_art = (loc["ingest_seconds"] + loc["analyze_seconds"]) / a       # embarrassingly parallel part
per_dup = loc["dedup_seconds"] / a                                    # candidates + verification
per_story = loc["story_seconds"] / a                                  # sequential clusterer
keys, cands, tb = loc["key_records"] / a, loc["candidate_pairs"] / a, loc["text_bytes"] / a
day = 10_000_000
print("\nper article (single process, wall on a shared machine): ingest+analysis %.2f ms, dedup %.2f ms, "
      "stories %.2f ms" % (per_art * 1e3, per_dup * 1e3, per_story * 1e3))
print("per article shuffle: %.0f key records (band + passage keys, ~40 bytes each pickled), %.2f candidate "
      "pairs (each moves one text of ~%.0f bytes twice), the text once by source" % (keys, cands, tb))
core_s = day * (per_art + per_dup)
peak = 3.0   # news arrives unevenly: size for three times the mean rate
cores_needed = core_s * peak / 86400 / 0.6   # 60% useful CPU under Dask overheads
machines = math.ceil(cores_needed / 16)
shuffle_gb = day * (keys * 40 + cands * tb * 2 + tb) / 1e9   # keys, verification join, ingest by source
print("10M articles/day: %.0f core-hours/day of map + dedup work; at 3x peak and 60%% efficiency %.0f cores"
      " = %d machine(s) of 16 cores; shuffle %.1f GB/day (%.1f MB/s mean); the story clusterer is one "
      "sequential task: %.1f h/day at %.2f ms/article, %s"
      % (core_s / 3600, cores_needed, machines, shuffle_gb, shuffle_gb * 1e3 / 86400, day * per_story / 3600,
         per_story * 1e3, "fits one core" if day * per_story < 86400 * 0.5 else "must be split by time window"))
PYEOF
exit $failed
