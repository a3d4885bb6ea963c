# equiv.py: what `akhbar run` on one machine found, read back in the shape of
# pipeline.read_results, so a distributed run can be compared with it (tests, bench/dask.sh).
# usage: python3 -m akhbar.equiv AKHBAR_BIN RUN_DB OUT_DIR  -> one JSON line, exit 1 on a difference
import json
import sqlite3
import subprocess
import sys

from . import pipeline as pl


def c_results(akhbar_bin, db_path):
    """{"pairs","stories","story_ids","copies","articles"} of the database `akhbar run` wrote:
    near-duplicate pairs from `akhbar dups --json`, stories from story_articles."""
    out = subprocess.run([akhbar_bin, "dups", "--db", db_path, "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("akhbar dups: %s" % out.stderr.strip())
    pairs = {(r["a"], r["b"], r["class"]) for r in map(json.loads, out.stdout.splitlines()) if r}
    con = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    try:
        groups, copies = {}, set()
        for art, story, dup in con.execute("SELECT article, story, duplicate FROM story_articles"):
            groups.setdefault(story, set()).add(art)
            if dup:
                copies.add(art)
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    return {"pairs": pairs, "stories": {frozenset(v) for v in groups.values()}, "story_ids": set(groups),
            "copies": copies, "articles": n}


def compare(c, d):
    """Differences between `akhbar run`'s results c and a run's d: {} when they agree."""
    diff = {}
    for k in ("pairs", "stories", "story_ids", "copies"):
        if c[k] != d[k]:
            only_c, only_d = c[k] - d[k], d[k] - c[k]
            diff[k] = {"only_run": len(only_c), "only_dask": len(only_d),
                       "examples": [sorted(x) if isinstance(x, frozenset) else x for x in list(only_c)[:2] +
                                    list(only_d)[:2]]}
    if d.get("articles") and c["articles"] != d["articles"]:
        diff["articles"] = {"run": c["articles"], "dask": d["articles"]}
    return diff


def main(argv):
    c = c_results(argv[1], argv[2])
    d = pl.read_results(argv[3])
    diff = compare(c, d)
    print(json.dumps({"same": not diff, "articles": c["articles"], "pairs": len(c["pairs"]),
                      "stories": len(c["stories"]), "copies": len(c["copies"]), "diff": diff},
                     ensure_ascii=False, default=str))
    return 0 if not diff else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
