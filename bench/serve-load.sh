#!/usr/bin/env bash
# serve-load.sh: load on `akhbar serve` over a store of SaudiNewsNet articles: wrk (loopback) on the
# search and article endpoints at 1, 8 and 64 connections, then a mixed run: searches while articles
# are POSTed, after which every posted article must be stored once and found by search.
# Prints requests/s, p50/p99 latency, errors, the server's CPU time and page faults per request for
# each run, and the server's peak RSS.
# Usage: bench/serve-load.sh BUILD SHARED
#   (on a machine shared with other jobs, `nice -n -20 bench/serve-load.sh ...` as root keeps them from
#   taking the cores from the server and wrk; the header line prints the niceness the run had)
#   SERVE_ARTICLES=N   articles in the store (default 5000; 24991 is all of SaudiNewsNet; more than
#                      that repeats the corpus with a marked copy number, so each copy is distinct)
#   SERVE_SECONDS=S    seconds per wrk run (default 10)   SERVE_THREADS=T  server threads (default: the server's, one per core)
#   SERVE_CONNS="1 8 64"                                   SERVE_POST_BATCH=R records per POST (default 20)
#   SERVE_DB=PATH      use this store as it is (copied for the run) instead of building one
#   SERVE_ARGS="..."   more options for `akhbar serve` (e.g. "--list-cache-mb 0")
#   SERVE_LIMIT=N      hits per search page (default: the API's, 20)
#   SERVE_QUERIES=N    distinct search queries (default 200000 from 50,000 articles on, else 60000), drawn by bench/search-queries.py
#                      from the stored titles; every wrk run walks a slice of its own, so no query
#                      is asked twice in a run and none is answered from the server's page cache
#                      (a run that asks more than its slice holds starts the slice again: then a
#                      note says so; 60,000 were too few for 10-s runs past 2,400 req/s)
#   SERVE_WARMUP=S     seconds of searches and article reads at 8 connections before the measured
#                      runs (default 10; 0: none), on a slice of queries of their own: a server that
#                      has just started has mapped none of the database's pages yet, and the first
#                      run would pay for every first touch that a running server has behind it
#   SERVE_FLOOR=0      skip the floor rows: the built-in web page (23 kB from memory, no database) at
#                      the same connection counts, what this machine's HTTP path alone allows in the
#                      same minutes (the machine's speed drifts between runs; the ratio to it less)
set -uo pipefail
BUILD=$(cd "$1" && pwd)
SHARED=$2
N=${SERVE_ARTICLES:-5000}
SECS=${SERVE_SECONDS:-10}
THREADS=${SERVE_THREADS:-}
CONNS=${SERVE_CONNS:-1 8 64}
BATCH=${SERVE_POST_BATCH:-20}
AKHBAR=$BUILD/akhbar
CORPUS=$SHARED/data/saudinewsnet/saudinewsnet.jsonl.gz
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
note() { echo "serve-load: $*" >&2; }
[ -f "$CORPUS" ] || { echo "serve-load: $CORPUS absent: skipped"; exit 0; }
command -v wrk >/dev/null || { echo "serve-load: wrk absent (scripts/install-deps --bench): skipped"; exit 0; }
[ -x "$AKHBAR" ] || { note "$AKHBAR not built"; exit 1; }
DATA=$BUILD/bench-data/serve
mkdir -p "$DATA"
work=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

# ---- the store (cached per size; rebuilt when the corpus or the binary is newer) ----
db=${SERVE_DB:-$DATA/snn-$N.db}
if [ -z "${SERVE_DB:-}" ] && { [ ! -s "$db" ] || [ "$CORPUS" -nt "$db" ] || [ "$AKHBAR" -nt "$db" ]; }; then
    rm -f "$db" "$db-wal" "$db-shm"
    "$PY" - "$CORPUS" "$N" >"$work/in.jsonl" <<'PY'
import gzip, json, sys
path, n = sys.argv[1], int(sys.argv[2])
rows = [json.loads(l) for l in gzip.open(path, "rt", encoding="utf-8")]
rows = [r for r in rows if (r.get("text") or "").strip()]
out = 0
copy = 0
while out < n:
    for r in rows:
        if out >= n:
            break
        if copy:
            # the mark goes inside the first line: a line of its own would recur in every article
            # of the source and be cut as page chrome, leaving an exact copy
            first, nl, rest = r["text"].partition("\n")
            r = dict(r, id=f"{r['id']}-c{copy}", text=f"{first} (نسخة {copy}){nl}{rest}")
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        out += 1
    copy += 1
PY
    note "ingesting $N articles into $db"
    t0=$(date +%s.%N)
    "$AKHBAR" ingest --db "$db" "$work/in.jsonl" >"$work/ingest.out" 2>/dev/null
    t1=$(date +%s.%N)
    echo "store: $(cat "$work/ingest.out") in $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s"
    rm -f "$work/in.jsonl"
fi

# ---- request lists: distinct queries drawn from the titles, stored ids ----
QUERIES=${SERVE_QUERIES:-$([ "$N" -ge 50000 ] && echo 200000 || echo 60000)}
"$PY" "$(dirname "$0")/search-queries.py" "$db" "$QUERIES" >"$work/queries.txt"
"$PY" - "$db" "$work" "${SERVE_LIMIT:-}" <<'PY'
import random, sqlite3, sys, urllib.parse
db, work, limit = sys.argv[1], sys.argv[2], sys.argv[3]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
rows = c.execute("SELECT id FROM articles ORDER BY seq").fetchall()
rnd = random.Random(7)
ids = [r[0] for r in rnd.sample(rows, min(1000, len(rows)))]
queries = [l.rstrip("\n") for l in open(f"{work}/queries.txt", encoding="utf-8")]
def lua(name, paths):
    with open(f"{work}/{name}.lua", "w", encoding="utf-8") as f:
        f.write("local paths = {\n" + ",\n".join('"' + p + '"' for p in paths) + "}\n")
        f.write(open(f"{work}/common.lua").read())
# Run r of k (wrk's argument "r k") walks slice r of the list; its threads split the slice.
open(f"{work}/common.lua", "w").write('''
local i, first, last, threads = 0, 1, 1, 0
setup = function(thread) threads = threads + 1; thread:set("id", threads - 1) end
init = function(args)
  local r, k, n = tonumber(args[1] or 0), tonumber(args[2] or 1), tonumber(args[3] or 1)
  local part = math.max(math.floor(#paths / k / n), 1)
  first = (r * n + (id or 0)) * part % #paths + 1
  last = first + part - 1
  i = first - 1
end
request = function()
  i = i + 1
  if i > last then i = first end
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
done = function(s, lat, req)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d\\n",
    s.requests / s.duration * 1e6, lat:percentile(50) / 1000, lat:percentile(99) / 1000, s.requests,
    s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout, s.errors.status))
end
''')
page = f"&limit={limit}" if limit else ""
lua("search", ["/api/search?q=" + urllib.parse.quote(q) + page for q in queries])
lua("article", ["/api/articles/" + urllib.parse.quote(i, safe="") for i in ids])
lua("floor", ["/"])
print(f"requests: {len(queries)} distinct search queries drawn from titles (bench/search-queries.py), {len(ids)} article ids")
PY

# ---- the server, on a copy: the POSTs of the mixed run leave the cached store as built ----
cp "$db" "$work/run.db"
# written to disk before the server starts, so that the copy's writeback (hundreds of MB, due 30 s
# after the copy) does not overlap the measured runs
sync "$work/run.db"
# shellcheck disable=SC2086 # SERVE_ARGS is a list of options
"$AKHBAR" serve --db "$work/run.db" --port 0 ${THREADS:+--threads "$THREADS"} --token bench ${SERVE_ARGS:-} >"$work/srv.out" 2>"$work/srv.err" &
srv=$!
for _ in $(seq 100); do grep -q '^listening on' "$work/srv.out" 2>/dev/null && break; sleep 0.1; done
THREADS=$(sed -n 's/^listening on .*, \([0-9]*\) threads,.*/\1/p' "$work/srv.out")
port=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$work/srv.out")
[ -n "$port" ] || { note "server did not start: $(cat "$work/srv.err")"; exit 1; }
base=http://127.0.0.1:$port
articles=$(curl -s "$base/api/health" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["articles"])')

# run NAME CONNS: one wrk run, one table row
row() { printf '%-34s %6s %10s %9s %9s %8s %13s %10s\n' "$@"; }
# The server's CPU time so far, in clock ticks (user + system): per request, it says what a run
# costs the server whatever else the machine is doing (wall figures depend on the other jobs).
srv_ticks() { awk '{print $14 + $15}' "/proc/$srv/stat"; }
# and its page faults so far (minor + major): a mapped page the kernel took away costs one when read again
srv_faults() { awk '{print $10 + $12}' "/proc/$srv/stat"; }
HZ=$(getconf CLK_TCK)
WARMUP=${SERVE_WARMUP:-10}
# the warm-up (slice 0), the search runs and the mixed one: a slice of queries each
slice=1
slices=$(( $(echo $CONNS | wc -w) + 2 ))
run() {
    local name=$1 c=$2 t=2 r
    [ "$c" -lt 2 ] && t=1
    local t0 f0
    t0=$(srv_ticks)
    f0=$(srv_faults)
    wrk -t"$t" -c"$c" -d"${SECS}s" --timeout 10s -s "$work/${name%%-*}.lua" "$base/" -- "$slice" "$slices" "$t" \
        >"$work/wrk.out" 2>&1
    local ticks=$(( $(srv_ticks) - t0 )) faults=$(( $(srv_faults) - f0 ))
    [ "${name%%-*}" = search ] && slice=$((slice + 1))
    r=$(sed -n 's/^RESULT //p' "$work/wrk.out")
    [ -n "$r" ] || { row "$name" "$c" fail - - - - -; note "wrk: $(tail -n 3 "$work/wrk.out")"; return; }
    eval "$r"
    row "$name" "$c" "$rps" "$p50_ms" "$p99_ms" "$((errors + non2xx))" \
        "$(awk "BEGIN{printf \"%.2f\", $ticks * 1000 / $HZ / ($requests > 0 ? $requests : 1)}")" \
        "$(awk "BEGIN{printf \"%.2f\", $faults / ($requests > 0 ? $requests : 1)}")"
    local per_slice=$(( $(wc -l <"$work/queries.txt") / slices ))
    [ "${name%%-*}" = search ] && [ "$requests" -gt "$per_slice" ] &&
        note "$name at $c: $requests requests for a slice of $per_slice queries: some were asked again (page cache)"
    return 0
}

echo "akhbar serve load, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $articles articles stored," \
     "server threads $THREADS${SERVE_ARGS:+ ($SERVE_ARGS)}, wrk ${SECS}s per run, loopback, search limit ${SERVE_LIMIT:-20}; load average $(cut -d' ' -f1-3 /proc/loadavg), niceness $(nice)"
if [ "$WARMUP" -gt 0 ]; then
    wrk -t2 -c8 -d"${WARMUP}s" --timeout 10s -s "$work/search.lua" "$base/" -- 0 "$slices" 2 >/dev/null 2>&1
    wrk -t2 -c8 -d"$(( (WARMUP + 1) / 2 ))s" --timeout 10s -s "$work/article.lua" "$base/" -- 0 "$slices" 2 >/dev/null 2>&1
    echo "warm-up: ${WARMUP} s of searches and $(( (WARMUP + 1) / 2 )) s of article reads at 8 connections, not measured (queries of their own)"
fi
row "endpoint" "conns" "req/s" "p50 ms" "p99 ms" "errors" "srv cpu ms/req" "faults/req"
for c in $CONNS; do run search "$c"; done
for c in $CONNS; do run article "$c"; done
[ "${SERVE_FLOOR:-1}" = 0 ] || for c in $CONNS; do run floor "$c"; done

# ---- mixed: searches while POSTing; then every posted article exactly once ----
post_loop() {
    local b=0 body r
    while [ ! -f "$work/stop" ]; do
        b=$((b + 1))
        body=
        for r in $(seq "$BATCH"); do
            body+="{\"id\":\"bench-post-$b-$r\",\"source\":\"bench-post\",\"title\":\"خبر مرسل $b\",\"text\":\"خبر مرسل أثناء القياس رقم $b $r عن افتتاح معرضالقياس في المدينة مع تفاصيل إضافية عن الحدث والمشاركين فيه.\"}"$'\n'
        done
        curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Authorization: Bearer bench' --data-binary "$body" \
            "$base/api/articles" >>"$work/post-codes"
    done
}
post_loop &
poster=$!
run search-while-posting 8
touch "$work/stop"
wait "$poster"
posts=$(wc -l <"$work/post-codes")
bad=$(grep -vc '^200$' "$work/post-codes")
expect=$((posts * BATCH))
stored=$(curl -s "$base/api/articles?source=bench-post&limit=1" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
found=$(curl -s "$base/api/search?q=%D9%85%D8%B9%D8%B1%D8%B6%D8%A7%D9%84%D9%82%D9%8A%D8%A7%D8%B3&limit=1" |
        "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "mixed: $posts POSTs of $BATCH articles during the search run ($bad not 200): $expect sent, $stored stored," \
     "$found found by search"
rss=$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$srv/status")
# The readers map the database: RSS counts the file pages they touched once per connection (pages of
# the OS cache, shared), so the server's own memory is the anonymous part.
anon=$(awk '/RssAnon/ {printf "%.1f", $2 / 1024}' "/proc/$srv/status")
file=$(awk '/RssFile/ {printf "%.1f", $2 / 1024}' "/proc/$srv/status")
echo "server peak RSS: $rss MB (now: $anon MB anonymous, $file MB of mapped files)"
status=0
if [ "$bad" = 0 ] && [ "$stored" = "$expect" ] && [ "$found" = "$expect" ]; then
    echo "  [met]     every posted article stored once and searchable"
else
    echo "  [NOT MET] every posted article stored once and searchable"
    status=1
fi
kill "$srv"; wait "$srv" 2>/dev/null; srv=
exit $status
