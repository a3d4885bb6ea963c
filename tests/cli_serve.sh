#!/bin/bash
# cli_serve.sh: `akhbar serve` as a black box over a store built by `akhbar run` on examples/: every
# endpoint, the 4xx answers to bad input, POST with the token, POSTs while searching (nothing lost or
# doubled), slow and malformed clients, a 1 MB query string, a too-large body, clean stop.
set -u
fail() { echo "FAIL: $*"; [ -s "${work:-/nonexistent}/srv.err" ] && sed 's/^/server: /' "$work/srv.err" | tail -n 20; exit 1; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
command -v curl >/dev/null || { echo "SKIP: curl absent"; exit 0; }
# Debian's python starts in a tenth of the time of a version-manager shim; each check runs one.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "SKIP: python3 absent"; exit 0; }
work=$(mktemp -d)
srv=
cleanup() { [ -n "$srv" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db=$work/a.db
TOKEN=s3cret-token

# ---- usage errors ----
echo "-- usage errors (${SECONDS}s)"
"$AKHBAR" serve --port abc >/dev/null 2>&1; [ $? -eq 2 ] || fail "--port abc should exit 2"
"$AKHBAR" serve --threads 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--threads 0 should exit 2"
"$AKHBAR" serve --bogus x >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$AKHBAR" serve --list-cache-mb -1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--list-cache-mb -1 should exit 2"
"$AKHBAR" serve --db "$work/x.db" --bind not-an-address --port 0 >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad --bind should exit 1"

# ---- the store: the examples through the whole pipeline ----
echo "-- the store: the examples through the whole pipeline (${SECONDS}s)"
"$AKHBAR" run --db "$db" --out "$work/report" "$AK_SOURCE_DIR/examples" >/dev/null 2>&1 || fail "akhbar run: exit $?"
# The analysis tables are filled by `akhbar run`; where this build's pipeline leaves one empty, a
# fixture stands in so the story and entity endpoints are still exercised.
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 (the shell) absent"; exit 0; }
empty() { [ "$(sqlite3 "$db" "SELECT count(*) FROM $1")" = 0 ]; }
if empty stories; then
    sqlite3 "$db" <<'SQL' || fail "fixture"
INSERT INTO stories(id,title,header,first_day,last_day,n_articles,summary,timeline) VALUES
 ('flood-zarqa-1','سيول الزرقاء','أين: الزرقاء · متى: 2024-03-12','2024-03-12','2024-03-13',2,
  '[{"text":"سيول جارفة تغمر أحياء في مدينة الزرقاء.","article":"flood-zarqa-1"}]',
  '[{"value":"2024-03-12","granularity":"day","text":"السيول","sources":[{"article":"flood-zarqa-1","start":0,"end":4}]}]');
INSERT INTO story_articles(article,story,duplicate) VALUES('flood-zarqa-1','flood-zarqa-1',0),('flood-zarqa-2','flood-zarqa-1',0);
SQL
fi
if empty entities; then
    sqlite3 "$db" <<'SQL' || fail "fixture"
INSERT INTO entities(id,type,name,variants,n_articles) VALUES(1,'LOC','الزرقاء','["الزرقاء"]',2);
INSERT INTO entity_mentions(article,start,end,entity,text) SELECT id,0,4,1,substr(text,1,4) FROM articles WHERE id='flood-zarqa-1';
SQL
fi
if empty article_timex; then
    sqlite3 "$db" "INSERT INTO article_timex(article,start,end,type,value,text) SELECT id,5,10,'DATE','2024-03-12',substr(text,6,5) FROM articles WHERE id='flood-zarqa-1'" || fail "fixture"
fi

# ---- start on a free port ----
echo "-- start on a free port (${SECONDS}s)"
start() {
    # the redirection below happens in the child: an old srv.out must not be read as this server's
    rm -f "$work/srv.out"
    "$AKHBAR" serve --db "$db" --port 0 --threads 4 --max-body 1048576 "$@" >"$work/srv.out" 2>"$work/srv.err" &
    srv=$!
    for _ in $(seq 100); do grep -q '^listening on' "$work/srv.out" 2>/dev/null && break; sleep 0.1; done
    port=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$work/srv.out")
    [ -n "$port" ] || fail "server did not start: $(cat "$work/srv.err")"
    base=http://127.0.0.1:$port
}
start --token "$TOKEN"

# req METHOD PATH [curl args...]: sets $code and leaves the body in $work/body
req() {
    local m=$1 p=$2
    shift 2
    code=$(curl -s --path-as-is -o "$work/body" -w '%{http_code}' -X "$m" "$@" "$base$p") || code=000
}
# get PATH EXPECTED_CODE: and the body must be JSON
get() {
    req GET "$1"
    [ "$code" = "$2" ] || fail "GET $1: $code, expected $2: $(head -c 300 "$work/body")"
    [ "$(head -c 1 "$work/body")" = "{" ] || fail "GET $1: body is not a JSON object"   # py parses it fully
}
# py EXPR: a Python assertion over the last body (d)
py() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); assert $1, d" "$work/body" 2>/dev/null || fail "assertion $1 on $(head -c 400 "$work/body")"; }
enc() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# ---- the page ----
echo "-- the page (${SECONDS}s)"
req GET /
[ "$code" = 200 ] || fail "GET /: $code"
grep -q '<html lang="ar" dir="rtl">' "$work/body" || fail "page is not RTL Arabic"
curl -s -D - -o /dev/null "$base/" | grep -qi '^content-security-policy:' || fail "page without CSP"
req HEAD /index.html -I; [ "$code" = 200 ] || fail "HEAD /index.html: $code"

# ---- reading ----
echo "-- reading (${SECONDS}s)"
get /api/health 200
py 'd["status"] == "ok" and d["articles"] == 17 and d["duplicates"] == 1'
get /api/articles 200
py 'd["total"] == 17 and len(d["articles"]) == 17 and d["articles"][0]["id"] == "flood-zarqa-1"'
get '/api/articles?limit=5&offset=15' 200
py 'd["total"] == 17 and len(d["articles"]) == 2'
get '/api/articles?order=newest&limit=1' 200
py 'd["articles"][0]["id"] != "flood-zarqa-1"'
get "/api/articles?source=$(enc 'صحيفة الميدان')" 200
py 'd["total"] >= 1 and all(a["source"] == "صحيفة الميدان" for a in d["articles"])'
get '/api/articles?from=2024-03-12&to=2024-03-13' 200
py 'd["total"] >= 2 and all("2024-03-12" <= a["published"][:10] <= "2024-03-13" for a in d["articles"])'
get '/api/articles?from=2024-03' 200
get /api/articles/flood-zarqa-1 200
py 'd["id"] == "flood-zarqa-1" and len(d["text"]) > 100 and isinstance(d["dates"], list) and isinstance(d["entities"], list)'
py 'all(d["text"][x["start"]:x["end"]] == x["text"] for x in d["dates"] + d["entities"])'
get /api/articles/rates-3 200
py 'any(r["reason"] == "dateline" and r["text"] for r in d["removed"])'
get "/api/articles/$(enc 'no such/id')" 404
py 'd["error"]["status"] == 404'
get /api/articles/flood-zarqa-1-copy 404
py '"flood-zarqa-1" in d["error"]["message"]'

get /api/stories 200
py 'd["total"] >= 1 and all("story" in s and "title" in s for s in d["stories"])'
py 'all(a["last"] >= b["last"] for a, b in zip(d["stories"], d["stories"][1:]) if a["last"] and b["last"])'
story=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["stories"][0]["story"])' "$work/body")
get "/api/stories/$(enc "$story")" 200
py 'isinstance(d["summary"], list) and isinstance(d["timeline"], list) and len(d["articles"]) >= 1 and isinstance(d["entities"], list)'
get "/api/articles?story=$(enc "$story")" 200
py 'd["total"] >= 1'
get /api/stories/no-such-story 404

get /api/entities 200
py 'd["total"] >= 1 and all(e["type"] in ("PER","ORG","LOC","MISC") for e in d["entities"])'
entity=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"][0]["entity"])' "$work/body")
get "/api/entities/$entity" 200
py 'd["name"] and isinstance(d["variants"], list) and isinstance(d["articles"], list)'
get '/api/entities?type=LOC' 200
py 'all(e["type"] == "LOC" for e in d["entities"])'
get /api/entities/999999999 404
get /api/entities/abc 404

get /api/duplicates 200
py '{"id": "flood-zarqa-1-copy", "of": "flood-zarqa-1"} in d["exact"] and isinstance(d["near"], list)'

get "/api/search?q=$(enc 'الزرقاء')" 200
py 'd["total"] >= 3 and all(r["id"] and "<b>" in r["snippet"] for r in d["results"])'
get "/api/search?q=$(enc 'الزرقاء')&limit=2&offset=1" 200
py 'len(d["results"]) == 2'
get "/api/search?q=$(enc 'الزرقاء')&source=$(enc 'صحيفة الميدان')" 200
py 'all(r["source"] == "صحيفة الميدان" for r in d["results"])'
get "/api/search?q=$(enc 'الزرقاء')&from=2024-03-13&to=2024-03-13" 200
py 'all(r["published"][:10] == "2024-03-13" for r in d["results"])'

# ---- bad input: always 4xx with a JSON error, never 5xx ----
echo "-- bad input: always 4xx with a JSON error, never 5xx (${SECONDS}s)"
for p in '/api/search' '/api/search?q=' "/api/search?q=x&from=yesterday" "/api/search?q=x&limit=0" \
         "/api/search?q=x&limit=101" "/api/search?q=x&entity=abc" "/api/search?q=%FF%FE" \
         "/api/articles?limit=-1" "/api/articles?offset=x" "/api/articles?to=2024-13-01" "/api/articles?order=up" \
         "/api/entities?type=PLANET" "/api/stories?from=2024/01/01" "/api/articles?%FF=1"; do
    get "$p" 400
    py '"message" in d["error"]'
done
for q in '"' '(' 'AND' 'OR OR' '*' '"بغداد' 'NEAR(' '^' ':' "$(printf 'a%.0s' $(seq 2000))"; do
    req GET "/api/search?q=$(enc "$q")"
    case $code in 2??|4??) ;; *) fail "search for '$q' answered $code" ;; esac
done
get /api/nothing 404
get /api/articles/ 200           # the collection, with a trailing slash
get '/../../etc/passwd' 404
get '/web/../../../etc/passwd' 404
get '/%2e%2e/%2e%2e/etc/passwd' 404
req DELETE /api/stories; [ "$code" = 405 ] || fail "DELETE /api/stories: $code"
req PUT /api/articles/flood-zarqa-1 -d x; [ "$code" = 405 ] || fail "PUT an article: $code"

# ---- POST: the token, per-record results, bad bodies ----
echo "-- POST: the token, per-record results, bad bodies (${SECONDS}s)"
one='{"id":"post-1","source":"وكالة الاختبار","title":"افتتاح جسر جديد","text":"افتتح وزير النقل جسرا جديدا فوق نهر دجلة في بغداد صباح اليوم بحضور مسؤولين محليين."}'
req POST /api/articles --data-binary "$one"; [ "$code" = 401 ] || fail "POST without token: $code"
grep -q 'bearer token' "$work/body" || fail "401 without a message"
req POST /api/articles -H "Authorization: Bearer wrong" --data-binary "$one"; [ "$code" = 401 ] || fail "POST, wrong token: $code"
auth=(-H "Authorization: Bearer $TOKEN")
req POST /api/articles "${auth[@]}" --data-binary "$one"; [ "$code" = 200 ] || fail "POST: $code $(cat "$work/body")"
py 'd["added"] == 1 and d["records"][0]["status"] == "added" and d["records"][0]["id"] == "post-1"'
get /api/articles/post-1 200
get "/api/search?q=$(enc 'دجلة')" 200
py 'any(r["id"] == "post-1" for r in d["results"])'
req POST /api/articles "${auth[@]}" --data-binary "$one"; [ "$code" = 200 ] || fail "POST again: $code"
py 'd["added"] == 0 and d["duplicates"] == 1 and d["records"][0]["status"] == "duplicate"'
printf '{"id":"post-2","text":"عاد الهدوء إلى المدينة بعد أسبوع من الاحتجاجات."}\n{"id":"post-3",\n{"id":"post-4","text":"  "}\n' >"$work/mixed.jsonl"
req POST /api/articles "${auth[@]}" -H 'Content-Type: application/x-ndjson' --data-binary @"$work/mixed.jsonl"
[ "$code" = 200 ] || fail "POST JSONL: $code"
py 'd["added"] == 1 and d["rejected"] == 2 and [r["record"] for r in d["records"]] == [1, 2, 3] and d["records"][1]["reason"]'
req POST /api/articles "${auth[@]}" --data-binary '[{"id":"post-5","text":"سجلت الأسواق ارتفاعا طفيفا في التداولات."},{"id":"post-6","text":"أعلنت البلدية إغلاق الطريق الرئيسي للصيانة."}]'
py 'd["added"] == 2'
req POST /api/articles "${auth[@]}" --data-binary '{"id": "x", "text": '; [ "$code" = 400 ] || fail "bad JSON: $code"
py '"bad JSON" in d["error"]["message"]'
printf '{"id":"x","text":"\377"}' >"$work/bad-utf8.json"
req POST /api/articles "${auth[@]}" --data-binary @"$work/bad-utf8.json"; [ "$code" = 400 ] || fail "bad UTF-8: $code"
py '"UTF-8" in d["error"]["message"]'
req POST /api/articles "${auth[@]}"; [ "$code" = 400 ] || fail "empty body: $code"
req POST /api/articles "${auth[@]}" --data-binary '[1, 2]'; [ "$code" = 422 ] || fail "nothing ingestible: $code"
req POST /api/articles "${auth[@]}" --data-binary '42'; [ "$code" = 400 ] || fail "a number: $code"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$work/big.txt"
req POST /api/articles "${auth[@]}" --data-binary @"$work/big.txt"; [ "$code" = 413 ] || fail "too-large body: $code"
req POST /api/articles "${auth[@]}" -H 'Transfer-Encoding: chunked' --data-binary @"$work/big.txt"
[ "$code" = 413 ] || fail "too-large chunked body: $code"

# ---- hostile clients: the server stays up and answers others ----
echo "-- hostile clients: the server stays up and answers others (${SECONDS}s)"
exec 3<>"/dev/tcp/127.0.0.1/$port"          # a slow client: headers never finished
printf 'GET /api/health HTTP/1.1\r\nHost: x\r\n' >&3
exec 4<>"/dev/tcp/127.0.0.1/$port"          # malformed HTTP
printf 'THIS IS NOT HTTP\r\n\r\n' >&4
exec 5<>"/dev/tcp/127.0.0.1/$port"          # half-closed after a partial request
printf 'POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc' >&5
get /api/health 200
code=$("$PY" - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
try:
    s.sendall(b"GET /api/search?q=" + b"q" * (1 << 20) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
except OSError:
    pass  # the server may answer and close before reading it all
print(s.recv(64).split(b" ")[1].decode())
PY
) || code=000
case $code in 4??) ;; *) fail "1 MB query string answered $code" ;; esac
exec 3>&- 4>&- 5>&-
get /api/health 200

# ---- concurrency: POSTs while searching; every posted article is there once ----
echo "-- concurrency: POSTs while searching; every posted article is there once (${SECONDS}s)"
W=4 B=5 R=5
qload=$(enc 'الكتابالتجريبي')
for w in $(seq $W); do
    (
        for b in $(seq $B); do
            body=
            for r in $(seq $R); do
                body+="{\"id\":\"load-$w-$b-$r\",\"source\":\"مصدر الحمل\",\"text\":\"خبر تجريبي رقم $w $b $r عن معرض الكتابالتجريبي في مدينة اختبارية وفيه تفاصيل كثيرة $w$b$r.\"}"$'\n'
            done
            c=$(curl -s -o /dev/null -w '%{http_code}' -X POST "${auth[@]}" --data-binary "$body" "$base/api/articles")
            [ "$c" = 200 ] || echo "post $w $b: $c" >>"$work/errors"
        done
    ) &
done
for s in $(seq 2); do
    (
        for i in $(seq 25); do
            c=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/search?q=$qload")
            [ "$c" = 200 ] || echo "search: $c" >>"$work/errors"
            c=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/articles/flood-zarqa-1")
            [ "$c" = 200 ] || echo "article: $c" >>"$work/errors"
        done
    ) &
done
wait $(jobs -p | grep -v "^$srv$")
[ -s "$work/errors" ] && fail "errors under load: $(sort "$work/errors" | uniq -c | head)"
get "/api/articles?source=$(enc 'مصدر الحمل')&limit=1" 200
py "d['total'] == $((W * B * R))"
get "/api/search?q=$(enc 'الكتابالتجريبي')&limit=1" 200
py "d['total'] == $((W * B * R))"
for id in load-1-1-1 "load-$W-$B-$R" load-2-5-3; do get "/api/articles/$id" 200; done

# ---- a clean stop ----
echo "-- a clean stop (${SECONDS}s)"
kill -TERM "$srv"
wait "$srv"; rc=$?
srv=
[ $rc -eq 0 ] || fail "SIGTERM: exit $rc"
ls "${TMPDIR:-/tmp}"/akhbar-serve-* >/dev/null 2>&1 && ! ls -d "${TMPDIR:-/tmp}"/akhbar-serve-*/post-* >/dev/null 2>&1 || true

# ---- POST open when no token is set; the page from --web ----
echo "-- POST open when no token is set; the page from --web (${SECONDS}s)"
mkdir -p "$work/web"
printf '<!doctype html><html lang="ar" dir="rtl"><title>t</title>صفحة</html>\n' >"$work/web/index.html"
start --web "$work/web" --list-cache-mb 0
req POST /api/articles --data-binary '{"id":"open-1","text":"خبر بلا رمز دخول."}'
[ "$code" = 200 ] || fail "POST without a configured token: $code"
req GET "/api/search?q=$(printf 'رمز' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
[ "$code" = 200 ] && grep -q 'open-1' "$work/body" || fail "search with --list-cache-mb 0: $code $(head -c 300 "$work/body")"
req GET /; grep -q 'صفحة' "$work/body" || fail "--web page not served"
kill -TERM "$srv"; wait "$srv"; srv=
"$AKHBAR" serve --db "$db" --web "$work/none" --port 0 >/dev/null 2>&1; [ $? -eq 1 ] || fail "missing --web folder should exit 1"
echo "cli_serve: all passed"
