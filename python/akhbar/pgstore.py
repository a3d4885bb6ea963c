# pgstore.py: the PostgreSQL side of the result store (store.open_store("postgresql://...")):
# writes the results of a run (the JSONL files of pipeline / distributed) through `psql`
# (postgresql-client, no Python driver): each writer COPYs into temporary tables and merges with
# INSERT ... ON CONFLICT in one transaction, so several writers may load at once and a load
# repeated changes nothing. The tables (SCHEMA) are the same in the SQLite store (store.py).
import csv
import io
import json
import os
import shutil
import subprocess

SCHEMA = """
CREATE TABLE IF NOT EXISTS ak_articles (
  id text PRIMARY KEY, source text, title text, published text, published_from text,
  words integer, sentences integer, times jsonb, entities jsonb);
CREATE TABLE IF NOT EXISTS ak_dup_pairs (
  a text NOT NULL, b text NOT NULL, class text NOT NULL, jaccard real, bigram_jaccard real,
  cover_a real, cover_b real, longest integer, spans jsonb, PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS ak_exact_duplicates (id text PRIMARY KEY, of_id text NOT NULL, reason text);
CREATE TABLE IF NOT EXISTS ak_stories (story text PRIMARY KEY, title text, first_day text, last_day text);
CREATE TABLE IF NOT EXISTS ak_story_articles (article text PRIMARY KEY, story text NOT NULL,
  duplicate integer NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS ak_story_articles_story ON ak_story_articles (story);
"""

# (table, columns, key columns, JSON columns); rows come from the result files
TABLES = [
    ("ak_articles", ["id", "source", "title", "published", "published_from", "words", "sentences", "times",
                     "entities"], ["id"], {"times", "entities"}),
    ("ak_dup_pairs", ["a", "b", "class", "jaccard", "bigram_jaccard", "cover_a", "cover_b", "longest", "spans"],
     ["a", "b"], {"spans"}),
    ("ak_exact_duplicates", ["id", "of_id", "reason"], ["id"], set()),
    ("ak_stories", ["story", "title", "first_day", "last_day"], ["story"], set()),
    ("ak_story_articles", ["article", "story", "duplicate"], ["article"], set()),
]


class PgError(Exception):
    pass


def _rows(out_dir):
    def read(name):
        p = os.path.join(out_dir, name)
        if not os.path.exists(p):
            return []
        with open(p, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    arts = []
    for name in sorted(os.listdir(out_dir)):
        if name.startswith("articles-") and name.endswith(".jsonl"):
            arts.extend(read(name))
    stories = read("stories.jsonl")
    return {
        "ak_articles": arts,
        "ak_dup_pairs": read("duplicates.jsonl"),
        "ak_exact_duplicates": [dict(e, of_id=e["of"]) for e in read("exact-duplicates.jsonl")],
        "ak_stories": [dict(s, first_day=s["first"], last_day=s["last"]) for s in stories],
        "ak_story_articles": [{"article": a, "story": s["story"], "duplicate": int(a in set(s.get("duplicates", ())))}
                              for s in stories for a in s["articles"]],
    }


def _csv(rows, cols, json_cols):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(["\\N" if r.get(c) is None else json.dumps(r[c], ensure_ascii=False) if c in json_cols
                    else r[c] for c in cols])
    return buf.getvalue()


def psql(dsn, sql, script=False, sep=None):
    """Runs sql through psql in one transaction, stopping at the first error; a script (with
    COPY data inline) goes on stdin. Returns psql's output (unaligned, tuples only; fields
    separated by sep, NULL written as \\x1e, when sep is given)."""
    exe = shutil.which("psql")
    if not exe:
        raise PgError("psql not found (Debian postgresql-client)")
    cmd = [exe, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-1", "-d", dsn]
    if sep:
        cmd += ["-F", sep, "-P", "null=\x1e"]
    r = subprocess.run(cmd + (["-f", "-"] if script else ["-c", sql]), input=sql if script else None,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise PgError("psql: %s" % r.stderr.strip())
    return r.stdout


def write_results(out_dir, dsn):
    """Loads the result files of out_dir into the database at dsn ("postgresql://..." or
    "host=... dbname=..."). Returns {table: rows given}."""
    data = _rows(out_dir)
    # DDL of two writers at once would collide in the catalogs: one at a time, in its own transaction
    psql(dsn, "SELECT pg_advisory_xact_lock(727274);" + SCHEMA)
    script = []
    for table, cols, keys, json_cols in TABLES:
        tmp = "tmp_" + table
        script.append("CREATE TEMP TABLE %s (LIKE %s) ON COMMIT DROP;" % (tmp, table))
        script.append("COPY %s (%s) FROM STDIN WITH (FORMAT csv, NULL '\\N');" % (tmp, ", ".join(cols)))
        script.append(_csv(data[table], cols, json_cols) + "\\.")
        update = ", ".join("%s = EXCLUDED.%s" % (c, c) for c in cols if c not in keys)
        # rows in key order, so concurrent writers lock rows in the same order (no deadlock)
        script.append("INSERT INTO %s (%s) SELECT DISTINCT ON (%s) %s FROM %s ORDER BY %s ON CONFLICT (%s) DO %s;"
                      % (table, ", ".join(cols), ", ".join(keys), ", ".join(cols), tmp, ", ".join(keys),
                         ", ".join(keys),
                         ("UPDATE SET " + update) if update else "NOTHING"))
    psql(dsn, "\n".join(script) + "\n", script=True)
    return {t: len(v) for t, v in data.items()}
