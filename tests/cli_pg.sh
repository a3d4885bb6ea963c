#!/usr/bin/env bash
# cli_pg.sh: the store on PostgreSQL, on a throwaway server started here (tests/pg-server.sh;
# skipped, saying why, where none can be started or the build has no libpq):
# - the store's tests again, on PostgreSQL: test_store_basic, test_store_sql (queued writes),
#   cli_ingest.sh, cli_dups.sh, cli_search.sh,
#   cli_stories.sh (the whole analysis: golden stories, re-runs, incremental runs);
# - the same ingestion counts, byte-identical `akhbar dups --json`, and after `akhbar run` the
#   same report.json, stories and entities as SQLite on examples/, the seeds and 3,000
#   SaudiNewsNet articles, then after 1,000 more (the incremental look-ups and analysis);
# - full-text search: byte-identical `akhbar search --json` (hits, scores, snippets, totals) for
#   queries drawn from the titles, prefixes, phrases, paging and every filter, again after an
#   article is changed and one deleted behind akhbar's back (the index catches up; a read-only
#   role answers from the index as it stands until a writer's ingestion takes the change in);
# - three writers ingesting overlapping inputs at once: each id stored once, the same ids stored
#   or recorded as copies as by one writer on SQLite;
# - a writer killed mid-batch loses nothing committed, and the next run completes the store and
#   its full-text index;
# - the HTTP API over both stores: the same answers byte for byte to its GET endpoints, a POST
#   stored alike; search among them;
# - errors: an unreachable server (exit 1, the password never printed).
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/ak_cli_pg.XXXXXX") || exit 1
PGDIR="$T/pg"
trap '"$HERE/pg-server.sh" stop "$PGDIR"; rm -rf "$T"' EXIT

# a build without libpq refuses URLs; that is the only reason to skip here besides the server
out=$("$AKHBAR" ingest --db "postgresql://x@/x?host=/nonexistent" /dev/null 2>&1)
case "$out" in *"built without PostgreSQL"*) echo "skip: this build has no libpq (libpq-dev)"; exit 77 ;; esac
command -v psql >/dev/null || { echo "skip: psql not installed (Debian postgresql-client)"; exit 77; }
SOCK=$("$HERE/pg-server.sh" start "$PGDIR") || { echo "skip: no PostgreSQL server could be started"; exit 77; }
export AK_TEST_PG_HOST=$SOCK
psql_q() { psql -X -q -A -t -d "$1" -c "$2"; }
newdb() { psql_q "postgresql://postgres@/postgres?host=$SOCK" "CREATE DATABASE $1" >/dev/null && echo "postgresql://postgres@/$1?host=$SOCK"; }

# 1. the store's own tests, on PostgreSQL
for t in test_store_basic test_store_sql; do
    "$AK_BUILD_DIR/$t" >"$T/unit.out" 2>&1 || { cat "$T/unit.out"; fail "$t on PostgreSQL"; }
done
for t in cli_ingest.sh cli_dups.sh cli_search.sh cli_stories.sh; do
    bash "$HERE/$t" >"$T/$t.out" 2>&1 || { cat "$T/$t.out"; fail "$t on PostgreSQL"; }
done

# 2. the same counts and pairs as SQLite
inputs=("$AK_SOURCE_DIR/examples" "$AK_SHARED_DIR/seeds")
more=()
CORPUS=$AK_SHARED_DIR/data/saudinewsnet/saudinewsnet.jsonl.gz
# 3,000 records then 1,000 more, each step analyzed; under the sanitizers (10x slower) 1,000 then
# 300, the second analyzed only by the release build's run
n_a=3000 n_b=1000 again=1
ldd "$AKHBAR" 2>/dev/null | grep -q libasan && n_a=1000 n_b=300 again=0
if [ -f "$CORPUS" ]; then
    gzip -dc "$CORPUS" | head -$((n_a + n_b)) >"$T/snn.jsonl"
    head -$n_a "$T/snn.jsonl" >"$T/snn-a.jsonl"
    tail -n +$((n_a + 1)) "$T/snn.jsonl" >"$T/snn-b.jsonl"
    inputs+=("$T/snn-a.jsonl")
    more=("$T/snn-b.jsonl")
fi
# `akhbar run` with nothing new to ingest: the analysis and the report; what it stored, read back
analysis() {
    (cd "$T" && "$AKHBAR" run --db "$1" --out "$T/$2.r$3" "$AK_SHARED_DIR/seeds" >"$T/$2.run$3" 2>"$T/$2.run$3.err") ||
        fail "$2 run: $(cat "$T/$2.run$3.err")"
    "$AKHBAR" stories --db "$1" --json >"$T/$2.s$3" || fail "$2 stories"
    "$AKHBAR" entities --db "$1" --json >"$T/$2.e$3" || fail "$2 entities"
}
same_analysis() {
    [ "$(grep -v "$T" "$T/lite.run$1")" = "$(grep -v "$T" "$T/pg.run$1")" ] ||
        fail "run counts differ: $(cat "$T/lite.run$1") / $(cat "$T/pg.run$1")"
    for f in r$1/report.json r$1/report.html s$1 e$1; do
        [ -s "$T/pg.$f" ] || fail "nothing in $f on PostgreSQL"
        cmp -s "$T/lite.$f" "$T/pg.$f" || fail "$f differs: $(diff "$T/lite.$f" "$T/pg.$f" | head -c 400)"
    done
}
PG=$(newdb eq) || fail "cannot make a database"
LITE=$T/eq.db
for db in "$LITE" "$PG"; do
    k=$([ "$db" = "$LITE" ] && echo lite || echo pg)
    "$AKHBAR" ingest --db "$db" "${inputs[@]}" >"$T/$k.in1" 2>"$T/$k.in1.err"
    "$AKHBAR" dups --db "$db" --json >"$T/$k.d1" 2>"$T/$k.d1.err" || fail "$k dups: $(cat "$T/$k.d1.err")"
    analysis "$db" "$k" 1
    if [ ${#more[@]} -gt 0 ]; then
        "$AKHBAR" ingest --db "$db" "${more[@]}" >"$T/$k.in2" 2>/dev/null
        "$AKHBAR" dups --db "$db" --json >"$T/$k.d2" 2>/dev/null || fail "$k dups (incremental)"
        [ $again = 1 ] && analysis "$db" "$k" 2
    fi
done
cmp -s "$T/lite.in1" "$T/pg.in1" || fail "ingest counts differ: $(cat "$T/lite.in1") / $(cat "$T/pg.in1")"
cmp -s "$T/lite.in1.err" "$T/pg.in1.err" || fail "ingest messages differ"
[ -s "$T/pg.d1" ] || fail "no pairs on PostgreSQL"
cmp -s "$T/lite.d1" "$T/pg.d1" || fail "pairs differ: $(diff "$T/lite.d1" "$T/pg.d1" | head -5)"
if [ ${#more[@]} -gt 0 ]; then
    cmp -s "$T/lite.in2" "$T/pg.in2" || fail "second ingest counts differ"
    cmp -s "$T/lite.d2" "$T/pg.d2" || fail "pairs after the second batch differ"
    [ "$(wc -l <"$T/pg.d2")" -gt "$(wc -l <"$T/pg.d1")" ] || fail "the second batch added no pairs"
fi
same_analysis 1
[ ${#more[@]} -gt 0 ] && [ $again = 1 ] && same_analysis 2
echo "equivalence: $(cat "$T/pg.in1"); $(wc -l <"$T/pg.d1") pairs, $(wc -l <"$T/pg.s1") stories," \
    "$(wc -l <"$T/pg.e1") entities and the report, the same as SQLite"

# 2b. search: the same answers byte for byte. Queries drawn from the titles (words, two words,
# phrases), prefixes of their words, common words, and filters on a source, dates, a story, an entity.
n_q=60
ldd "$AKHBAR" 2>/dev/null | grep -q libasan && n_q=20
python3 "$AK_SOURCE_DIR/bench/search-queries.py" "$LITE" $n_q --seed 11 >"$T/q.txt" 2>/dev/null || fail "drawing queries"
python3 - "$T/q.txt" >"$T/qp.txt" <<'PY'
import random, sys
random.seed(3)
words = [w.strip('"') for l in open(sys.argv[1]) for w in l.split() if len(w.strip('"')) >= 3]
for w in random.sample(words, min(15, len(words))):
    print(w[:random.randint(2, len(w))] + "*")
PY
printf '%s\n' 'ال*' 'و*' 'في' '"المملكة العربية السعودية"' '"خادم الحرمين"*' 'العراق الولايات' >>"$T/qp.txt"
cat "$T/qp.txt" >>"$T/q.txt"
source1=$(sqlite3 "$LITE" "SELECT source FROM articles GROUP BY source ORDER BY count(*) DESC, source LIMIT 1")
story1=$(sqlite3 "$LITE" "SELECT story FROM story_articles GROUP BY story ORDER BY count(*) DESC, story LIMIT 1")
entity1=$(sqlite3 "$LITE" "SELECT id FROM entities ORDER BY n_articles DESC, id LIMIT 1")
same_search() { # LABEL QUERYFILE [options]: every query on both stores
    local label=$1 file=$2 n=0 q
    shift 2
    while IFS= read -r q; do
        "$AKHBAR" search --db "$LITE" --json "$@" "$q" >"$T/sl" 2>"$T/sl.err"
        "$AKHBAR" search --db "$PG" --json "$@" "$q" >"$T/sp" 2>"$T/sp.err"
        cmp -s "$T/sl" "$T/sp" && cmp -s "$T/sl.err" "$T/sp.err" ||
            fail "search $label '$q' $*: $(cat "$T/sp.err") $(diff "$T/sl" "$T/sp" | head -c 400)"
        n=$((n + 1))
    done <"$file"
    echo "search $label: $n queries answered the same"
}
same_search "drawn" "$T/q.txt"
head -12 "$T/q.txt" >"$T/q20.txt"
cat "$T/qp.txt" >>"$T/q20.txt"
same_search "paged" "$T/q20.txt" --limit 3 --offset 2
same_search "by source" "$T/q20.txt" --source "$source1"
same_search "by dates" "$T/q20.txt" --from 2015-01-01 --to 2015-06-30
same_search "by story" "$T/qp.txt" --story "$story1"
same_search "by entity" "$T/qp.txt" --entity "$entity1"
# 3. the server over both stores: the same answers, byte for byte
serve_on() { # DB NAME: starts a server, sets $base
    rm -f "$T/$2.srv"
    "$AKHBAR" serve --db "$1" --port 0 --threads 2 --token tok >"$T/$2.srv" 2>"$T/$2.srv.err" &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^listening on' "$T/$2.srv" 2>/dev/null && break; sleep 0.1; done
    base=$(sed -n 's/^listening on \(http:\/\/[^/]*\)\/.*/\1/p' "$T/$2.srv")
    [ -n "$base" ] || fail "$2 server did not start: $(cat "$T/$2.srv.err")"
}
pids=()
trap '[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null; "$HERE/pg-server.sh" stop "$PGDIR"; rm -rf "$T"' EXIT
serve_on "$LITE" lite; lite_base=$base
serve_on "$PG" pg; pg_base=$base
story=$(curl -s "$lite_base/api/stories?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["story"])')
entity=$(curl -s "$lite_base/api/entities?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"][0]["entity"])')
paths=("/api/stories?limit=30" "/api/stories?limit=5&offset=40&from=2015-01-01" "/api/stories/$story"
    "/api/stories?q=%D8%A7%D9%84%D9%85%D9%84%D9%83" "/api/entities?limit=30" "/api/entities?type=LOC&limit=10"
    "/api/entities?q=%D8%B3%D9%84%D9%85%D8%A7%D9%86" "/api/entities/$entity" "/api/articles?limit=30&order=newest"
    "/api/articles?story=$story" "/api/articles/$story" "/api/duplicates?limit=30" "/api/duplicates?cls=rewrite"
    "/api/search?q=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82" "/api/search?q=%D8%A7%D9%84*&limit=50&offset=10"
    "/api/search?q=%D8%A7%D9%84%D9%85%D9%85%D9%84%D9%83%D8%A9&story=$story"
    "/api/search?q=%D9%81%D9%8A&entity=$entity&from=2015-01-01")
# a story's "updated" is when its run wrote it; a posted record's origin, the server's spool file
get_same() { curl -s -w ' %{http_code}' "$1" | sed 's/"updated":"[^"]*"/"updated":""/g; s/"origin":"[^"]*"/"origin":""/g'; }
for p in "${paths[@]}"; do
    a=$(get_same "$lite_base$p") b=$(get_same "$pg_base$p")
    [ "${a##* }" = 200 ] || fail "GET $p on SQLite: ${a: -200}"
    [ "$a" = "$b" ] || fail "GET $p differs: $(diff <(echo "$a") <(echo "$b") | head -c 400)"
done
# a POST stores the record alike on both
rec='{"id":"pg-post-1","source":"test","published":"2015-08-20","title":"اجتماع","text":"عقد مجلس الوزراء اجتماعه الأسبوعي يوم الخميس في الرياض."}'
for u in "$lite_base" "$pg_base"; do
    c=$(curl -s -o "$T/post.out" -w '%{http_code}' -X POST -H "Authorization: Bearer tok" --data-binary "$rec" "$u/api/articles")
    [ "$c" = 200 ] || fail "POST on $u: $c $(cat "$T/post.out")"
done
a=$(get_same "$lite_base/api/articles/pg-post-1") b=$(get_same "$pg_base/api/articles/pg-post-1")
[ "$a" = "$b" ] && [ -n "$a" ] || fail "the posted article differs: $(diff <(echo "$a") <(echo "$b") | head -c 300)"
kill "${pids[@]}" 2>/dev/null
wait "${pids[@]}" 2>/dev/null
pids=()
echo "server: ${#paths[@]} requests and a POST answered the same on both"

# 3b. behind akhbar's back (psql): an article's text changed, another deleted. The index catches up at
# the next search and answers as an index built afresh over the same articles does.
changed=$(psql_q "$PG" "SELECT id FROM articles ORDER BY seq LIMIT 1 OFFSET 5")
gone=$(psql_q "$PG" "SELECT id FROM articles ORDER BY seq LIMIT 1 OFFSET 9")
gone_word=$(psql_q "$PG" "SELECT split_part(title, ' ', 1) FROM articles WHERE id = '$gone'")
psql_q "$PG" "UPDATE articles SET text = 'نص جديد عن الزرقاء ' || text WHERE id = '$changed';
    DELETE FROM articles WHERE id = '$gone'" >/dev/null || fail "changing the PostgreSQL store"
pg_answers() { # OUT: the answers to qp.txt and two more on PostgreSQL
    while IFS= read -r q; do "$AKHBAR" search --db "$PG" --json --limit 100 "$q" 2>&1; done \
        < <(cat "$T/qp.txt"; echo '"نص جديد عن الزرقاء"'; echo "$gone_word") >"$1"
}
pg_answers "$T/changed.out"
[ "$(psql_q "$PG" "SELECT count(*) FROM search_queue")" = 0 ] || fail "the index did not catch up"
grep -q "\"id\":\"$changed\"" "$T/changed.out" || fail "the changed text is not found"
grep -q "\"id\":\"$gone\"" "$T/changed.out" && fail "a deleted article is still found"
psql_q "$PG" "TRUNCATE search_postings, search_docs; UPDATE search_totals SET docs = 0, tokens = 0;
    INSERT INTO search_queue(seq, old) SELECT seq, false FROM articles" >/dev/null || fail "rebuilding the index"
pg_answers "$T/afresh.out"
cmp -s "$T/changed.out" "$T/afresh.out" || fail "caught up and afresh differ: $(diff "$T/changed.out" "$T/afresh.out" | head -c 400)"
echo "search after a change and a deletion: the same as an index built afresh"
# a reader that cannot write (a read-only role) answers from the index as it stands; the next
# ingestion by a writer takes the change in
psql_q "$PG" "CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA public TO reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;
    UPDATE articles SET text = 'قرنفلستان ' || text WHERE id = '$changed'" >/dev/null || fail "a read-only role"
RO=${PG/postgres@/reader@}
"$AKHBAR" search --db "$RO" --json "قرنفلستان" >"$T/ro.out" 2>"$T/ro.err" || fail "read-only search: $(cat "$T/ro.err")"
[ ! -s "$T/ro.out" ] && grep -q "0 matches" "$T/ro.err" || fail "read-only search: $(cat "$T/ro.out" "$T/ro.err")"
: >"$T/none.jsonl"
"$AKHBAR" ingest --db "$PG" "$T/none.jsonl" >/dev/null 2>&1 || fail "an empty ingestion"
"$AKHBAR" search --db "$RO" --json "قرنفلستان" >"$T/ro.out" 2>"$T/ro.err" || fail "read-only search: $(cat "$T/ro.err")"
grep -q "\"id\":\"$changed\"" "$T/ro.out" || fail "the change was not taken in: $(cat "$T/ro.out" "$T/ro.err")"

# 4. several writers at once: overlapping thirds, each id stored once
if [ -f "$CORPUS" ]; then
    PGW=$(newdb writers) || fail "cannot make a database"
    head -$((n_a * 2 / 3)) "$T/snn-a.jsonl" >"$T/w1.jsonl"
    tail -n +$((n_a / 3 + 1)) "$T/snn-a.jsonl" >"$T/w2.jsonl"
    tac "$T/snn-a.jsonl" >"$T/w3.jsonl"
    for i in 1 2 3; do "$AKHBAR" ingest --db "$PGW" --batch 100 "$T/w$i.jsonl" >"$T/w$i.out" 2>"$T/w$i.err" & done
    wait
    for i in 1 2 3; do
        grep -q "^added " "$T/w$i.out" || fail "writer $i: $(tail -2 "$T/w$i.err")"
        grep -qv "snn\|w$i.jsonl:" "$T/w$i.err" && fail "writer $i: $(grep -v "w$i.jsonl:" "$T/w$i.err" | head -2)"
    done
    ids_pg=$(psql_q "$PGW" "SELECT id FROM articles UNION ALL SELECT id FROM duplicates" | sort)
    "$AKHBAR" ingest --db "$T/one.db" "$T/snn-a.jsonl" >/dev/null 2>&1 # one writer, SQLite
    ids_lite=$(sqlite3 "$T/one.db" "SELECT id FROM articles UNION ALL SELECT id FROM duplicates" | sort)
    [ -n "$ids_pg" ] || fail "writers stored nothing"
    [ "$ids_pg" = "$ids_lite" ] || fail "three writers: $(echo "$ids_pg" | wc -l) ids, one writer: $(echo "$ids_lite" | wc -l)"
    echo "writers: $(echo "$ids_pg" | wc -l) ids each stored once, as by one writer"
    "$AKHBAR" dups --db "$PGW" >/dev/null 2>&1 || fail "dups after the writers"
fi

# 5. a writer killed mid-run: the next run completes the store
if [ -f "$CORPUS" ]; then
    PGK=$(newdb killed) || fail "cannot make a database"
    "$AKHBAR" ingest --db "$PGK" --batch 50 "$T/snn-a.jsonl" >/dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    "$AKHBAR" ingest --db "$PGK" "$T/snn-a.jsonl" >/dev/null 2>&1
    n_pg=$(psql_q "$PGK" "SELECT count(*) FROM articles")
    n_lite=$(sqlite3 "$T/one.db" "SELECT count(*) FROM articles")
    [ "$n_pg" = "$n_lite" ] || fail "after a kill: $n_pg articles, $n_lite uninterrupted"
    # the full-text index committed with its batches: every article in it once, nothing queued
    idx=$(psql_q "$PGK" "SELECT (SELECT docs FROM search_totals), (SELECT count(*) FROM search_docs), (SELECT count(*) FROM search_queue)")
    [ "$idx" = "$n_pg|$n_pg|0" ] || fail "after a kill the index holds docs|indexed|queued $idx for $n_pg articles"
fi

# 6. errors
"$AKHBAR" ingest --db "postgresql://u:s3cret@/nodb?host=$T/none" "$AK_SHARED_DIR/seeds" >/dev/null 2>"$T/err"
[ $? -eq 1 ] || fail "an unreachable server should exit 1"
grep -q "cannot connect" "$T/err" || fail "unreachable server message: $(cat "$T/err")"
grep -q "s3cret" "$T/err" && fail "the password was printed: $(cat "$T/err")"
(cd "$T" && "$AKHBAR" run --db "postgresql://u@/nodb?host=$T/none" --out "$T/out" "$AK_SHARED_DIR/seeds" >/dev/null 2>&1)
[ ! -e "$T/postgresql:" ] || fail "run made a folder of the URL"
echo ok
