#!/usr/bin/env bash
# dask.sh: the Dask run (scripts/akhbar-dask) against `akhbar run` on one machine, on synthetic
# corpora of bench/scale-gen.py (docs/python.md):
#   1. equivalence on N articles (default 100,000): `akhbar run`, then the Dask run on 2 local
#      workers; the same near-duplicate pairs, stories (members and ids) and copies, or it fails;
#   2. speed on SPEED_N articles (default 20,000): `akhbar run`, then 1, 2 and 4 local workers,
#      each compared with `akhbar run` too; articles/s of each;
#   3. per-article costs, shuffle sizes and the 10-million-a-day estimate from them.
# Usage: bench/dask.sh BUILD SHARED [N]
#   env DASK_N, DASK_SPEED_N (0 skips a part), DASK_WORKERS ("1 2 4"), DASK_REUSE_RUN=1 (keep the
#   last bench's `akhbar run` of the speed part), DASK_MEMORY (per local worker, default auto), DASK_NER=1: with entities on
#   both sides (the default model; several times slower), else without on both sides (`akhbar run`
#   then sees a data folder without ner.model, as on a machine where no model is installed).
set -uo pipefail
if [ $# -lt 2 ]; then echo "usage: bench/dask.sh BUILD SHARED [N]" >&2; exit 2; fi
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$1" && pwd)
SHARED=$2
N=${3:-${DASK_N:-100000}}
SPEED_N=${DASK_SPEED_N:-20000}
WORKERS=${DASK_WORKERS:-1 2 4}
PY=/usr/bin/python3
corpus=$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz
if [ ! -f "$corpus" ]; then echo "dask.sh: $corpus absent: skipped"; exit 0; fi
if ! $PY -c 'import dask.distributed' 2>/dev/null; then
    echo "dask.sh: python3-distributed missing (scripts/install-deps): skipped"; exit 0
fi
export AKHBAR_LIB=$BUILD/libakhbar.so PYTHONPATH=$HERE/../python${PYTHONPATH:+:$PYTHONPATH}
data=$BUILD/bench-data
out=$BUILD/bench-dask
mkdir -p "$data" "$out"
ner_args=()
if [ "${DASK_NER:-0}" = 1 ]; then
    export AKHBAR_DATA=${AKHBAR_DATA:-$HERE/../data}
    ner_label="entities with the default model on both sides"
else
    # the data folder without the NER model: `akhbar run` leaves entities out, as the Dask run does
    noner=$data/data-noner
    mkdir -p "$noner"
    for f in "$HERE"/../data/*; do [ "$(basename "$f")" = ner.model ] || ln -sfn "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$noner/"; done
    export AKHBAR_DATA=$noner
    ner_args=(--no-entities)
    ner_label="no entities on either side"
fi
stats=$out/stats.jsonl
# DASK_REUSE_RUN=1: keep the `akhbar run` rows (and their stores) of the last bench on the same
# input instead of running it again (the Dask runs are still compared with it)
kept=$( [ "${DASK_REUSE_RUN:-0}" = 1 ] && grep '"mode": "run"' "$stats" 2>/dev/null )
printf '%s' "${kept:+$kept
}" >"$stats"
failed=0
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

make_input() { # make_input N -> path
    local p=$data/scale-$1.jsonl
    [ -s "$p" ] || $PY "$HERE/scale-gen.py" "$corpus" "$1" "$p" >/dev/null || return 1
    echo "$p"
}

# one measured run: label, kind (run|dask), input, workers
measure() {
    local label=$1 kind=$2 input=$3 w=${4:-0} t0 t1
    t0=$(date +%s.%N)
    if [ "$kind" = run ]; then
        rm -f "$out/$label.db"
        "$BUILD/akhbar" run --db "$out/$label.db" --out "$out/$label-report" "$input" >"$out/$label.log" 2>"$out/$label.err"
        local rc=$?
        t1=$(date +%s.%N)
        [ $rc -le 1 ] || { echo "dask.sh: $label failed: $(tail -n 3 "$out/$label.err")" >&2; return 1; }
        $PY -c "import sqlite3,json,sys; c=sqlite3.connect(sys.argv[1]); n=c.execute('select count(*) from articles').fetchone()[0]
print(json.dumps({'label':sys.argv[2],'mode':'run','articles':n,'seconds':float(sys.argv[3]),
 'stories':c.execute('select count(distinct story) from story_articles').fetchone()[0]}))" \
            "$out/$label.db" "$label" "$(echo "$t1 - $t0" | bc)" >>"$stats"
    else
        rm -rf "$out/$label"
        "$PY" "$HERE/../scripts/akhbar-dask" "${ner_args[@]}" --workers "$w" --memory-limit "${DASK_MEMORY:-auto}" \
            --no-articles --out "$out/$label" "$input" \
            >"$out/$label.json" 2>"$out/$label.err" || { echo "dask.sh: $label failed: $(tail -n 3 "$out/$label.err")" >&2; return 1; }
        local same
        same=$($PY -m akhbar.equiv "$BUILD/akhbar" "$out/$5.db" "$out/$label")
        echo "$label vs $5: $same"
        $PY -c "import json,sys; d=json.load(open(sys.argv[1])); e=json.loads(sys.argv[3]); d['label']=sys.argv[2]
d['same_as_run']=e['same']; print(json.dumps(d))" "$out/$label.json" "$label" "$same" >>"$stats"
        case $same in *'"same": true'*) ;; *) return 1 ;; esac
    fi
}

if [ "$N" -gt 0 ]; then
    input=$(make_input "$N") || exit 1
    measure "run-$N" run "$input" || failed=1
    measure "dask-$N-w2" dask "$input" 2 "run-$N" || failed=1
fi
if [ "$SPEED_N" -gt 0 ]; then
    input=$(make_input "$SPEED_N") || exit 1
    if [ "${DASK_REUSE_RUN:-0}" = 1 ] && [ -s "$out/run-$SPEED_N.db" ] && grep -q "\"run-$SPEED_N\"" "$stats"; then
        echo "dask.sh: run-$SPEED_N kept from the last bench (DASK_REUSE_RUN=1)"
    else
        measure "run-$SPEED_N" run "$input" || failed=1
    fi
    for w in $WORKERS; do measure "dask-$SPEED_N-w$w" dask "$input" "$w" "run-$SPEED_N" || failed=1; done
fi

$PY - "$stats" "$(nproc)" "$load_before" "$ner_label" <<'PYEOF'
import json, math, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
cores, load, ner = int(sys.argv[2]), sys.argv[3], sys.argv[4]
print("\nakhbar Dask benchmark: bench/scale-gen.py corpora, %d cores, load before %s, %s" % (cores, load, ner))
print("%-16s %9s %9s %10s %8s %8s %9s %9s %6s" % ("run", "articles", "seconds", "articles/s", "pairs", "stories",
                                                  "map s", "story s", "same"))
for r in rows:
    print("%-16s %9d %9.1f %10.1f %8s %8d %9s %9s %6s" % (
        r["label"], r["articles"], r["seconds"], r["articles"] / r["seconds"], r.get("pairs", "-"), r["stories"],
        "%.1f" % r["map_seconds"] if "map_seconds" in r else "-",
        "%.1f" % r["story_seconds"] if "story_seconds" in r else "-",
        {True: "yes", False: "NO"}.get(r.get("same_as_run"), "-")))
dk = [r for r in rows if r["mode"] == "dask"]
if not dk:
    sys.exit(0)
big = max(dk, key=lambda r: (r["articles"], -r["workers"]))
a = big["articles"]
per_art = (big["worker_ingest_seconds"] + big["worker_analyze_seconds"]) / a  # parallel: ingest + analysis
per_story = big["story_seconds"] / a                                             # the sequential pass
keys, cands, tb = big["key_records"] / a, big["candidate_pairs"] / a, big["text_bytes"] / a
day = 10_000_000
print("\nper article (%s, worker CPU on a shared machine): ingest + analysis %.2f ms; sequential story pass "
      "%.2f ms" % (big["label"], per_art * 1e3, per_story * 1e3))
whole = big["workers"] * big["seconds"] / a   # every core busy for the whole run: the upper bound
print("per article shuffle: %.0f key records (32 bytes packed), %.2f candidate pairs (at most one text of "
      "~%.0f bytes moved for each), the text once by source, one compact story record to the story task"
      % (keys, cands, tb))
print("per article, all of the run's cores for its whole time (includes Dask's scheduling and the shuffles): "
      "%.2f ms" % (whole * 1e3))
shuffle_gb = day * (keys * 32 + cands * tb + tb) / 1e9
for what, per in (("map work only", per_art), ("whole run", whole)):
    core_s = day * per
    cores_needed = core_s * 3.0 / 86400 / 0.6   # 3x the mean rate at the peak, 60% useful CPU under Dask
    print("10M articles/day, %s: %.0f core-hours/day; at 3x peak and 60%% efficiency %.0f cores = %d "
          "machine(s) of 16 cores" % (what, core_s / 3600, cores_needed, math.ceil(cores_needed / 16)))
print("shuffle %.0f GB/day (%.1f MB/s mean); the story pass is sequential: %.1f h/day at %.2f ms/article (%s)"
      % (shuffle_gb, shuffle_gb * 1e3 / 86400, day * per_story / 3600, per_story * 1e3,
         "fits one core" if day * per_story < 86400 * 0.5 else "too slow for one core"))
PYEOF
exit $failed
