# distributed.py: the corpus run on a Dask cluster (a LocalCluster of worker processes, or a
# scheduler by address). Partitions of the input are ingested and analyzed by the library on the
# workers; exact duplicates, LSH band and passage keys, and the verification join are shuffles
# (dask.bag groupby, task-based shuffle, grouped on ints only: a str's hash() differs between worker
# processes); stories are clustered in one sequential task over compact per-article records.
import json
import os
import time

import dask
import dask.bag as db
from dask.distributed import Client, LocalCluster

from . import pipeline as pl
from . import stories as st


def connect(scheduler=None, workers=2, threads_per_worker=1, memory_limit="4GB"):
    """A client of the scheduler at `scheduler` ("tcp://host:8786"), or of a new LocalCluster of
    `workers` processes. The caller closes client (and cluster, when one was made)."""
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker, processes=True,
                           memory_limit=memory_limit, dashboard_address=":0", silence_logs=40)
    return Client(cluster), cluster


def _first_of_halves(group):
    """Hop 1 of the verification join, grouped by the earlier article a: its text goes to every b."""
    _a, items = group
    doc = [x for x in items if x[1] == "doc"]
    if not doc:
        return []
    _g, _t, aid, atext = doc[0]
    return [(x[2], "half", x[0], aid, atext) for x in items if x[1] == "cand"]


def _verify_group(group):
    """Hop 2, grouped by the later article b: verify b against each earlier a that reached it."""
    _b, items = group
    doc = [x for x in items if x[1] == "doc"]
    halves = [(x[2], x[3], x[4]) for x in items if x[1] == "half"]
    if not doc or not halves:
        return []
    g, _t, bid, btext = doc[0]
    return pl.verify_against((g, bid, btext), halves)


def _timed_story_pass(feats):
    t = time.time()
    out = st.story_pass(feats)
    return time.time() - t, out


def _write_part(records, path):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    return len(records)


def run(inputs, out_dir, client, with_entities=True, model_path=None, partition_bytes=4 << 20,
        files_per_partition=200, write_articles=True):
    """Runs the corpus through the cluster of `client`; writes the same files as pipeline.run_local
    (article files one per partition, written by the workers: out_dir must be visible to them).
    Returns stats."""
    t0 = time.time()
    inputs = [os.path.abspath(p) for p in inputs]
    out_dir = os.path.abspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    parts = pl.plan_partitions(inputs, partition_bytes, files_per_partition)
    with dask.config.set({"dataframe.shuffle.method": "tasks", "shuffle": "tasks"}):
        kw = dict(with_entities=with_entities, model_path=model_path)
        jsonl = [p for p in parts if p["kind"] == "jsonl"]
        files = [p for p in parts if p["kind"] != "jsonl"]
        steps = []
        if jsonl:  # JSONL records are shuffled by source first: one store per source (chrome model)
            lines = db.from_sequence(jsonl, npartitions=len(jsonl)).map(pl.read_lines).flatten()
            steps.append(lines.groupby(lambda x: x[0], shuffle="tasks").map(pl.ingest_lines, **kw))
        if files:
            steps.append(db.from_sequence(files, npartitions=len(files)).map(pl.ingest_partition, **kw))
        res = (db.concat(steps) if len(steps) > 1 else steps[0]).persist()
        arts = res.pluck("articles").flatten()
        events = res.pluck("events").flatten()

        # exact duplicates across partitions: shuffle by id and by content hash
        exact_bag = arts.map(pl.exact_key_records).flatten().groupby(pl.exact_group_key, shuffle="tasks") \
            .map(pl.exact_dups_of_group).flatten()
        ev, cross = dask.compute(events, exact_bag)
        t1 = time.time()
        dropped = {c[0] for c in cross}
        surv = arts.filter(lambda a, d=frozenset(dropped): a["gseq"] not in d).persist()

        # near duplicates: shuffle by LSH band key / passage key, candidates, fold per pair
        cands = surv.map(pl.key_records).flatten().groupby(lambda r: (r[0], r[1]), shuffle="tasks") \
            .map(pl.candidates_of_group).flatten()
        # folded per partition, then per pair in a shuffle: a foldby would merge every partition's
        # dict in one task (millions of pairs at 100,000 articles of the synthetic corpus)
        pair_list = cands.map_partitions(pl.fold_candidates).groupby(lambda kv: kv[0], shuffle="tasks") \
            .map(pl.kept_pair).filter(lambda p: p is not None).compute()
        # verification join in two hops: a's text travels to b, then b verifies; only the texts of
        # articles in a candidate pair enter the shuffle (the pair list is small: ~1 per article)
        need_a = frozenset(p[0] for p in pair_list)
        need_b = frozenset(p[1] for p in pair_list)
        pairs = db.from_sequence(pair_list or [None], npartitions=surv.npartitions).filter(lambda p: p is not None)
        hop1 = db.concat([surv.filter(lambda a, n=need_a: a["gseq"] in n)
                          .map(lambda a: (a["gseq"], "doc", a["id"], a["text"])),
                          pairs.map(lambda p: (p[0], "cand", p[1]))]) \
            .groupby(lambda x: x[0], shuffle="tasks").map(_first_of_halves).flatten()
        verified = db.concat([surv.filter(lambda a, n=need_b: a["gseq"] in n)
                              .map(lambda a: (a["gseq"], "doc", a["id"], a["text"])), hop1]) \
            .groupby(lambda x: x[0], shuffle="tasks").map(_verify_group).flatten()

        # stories: the expensive features were made by the map; one sequential task over the compact
        # records decides what depends on earlier articles (undated DCTs, entity names) and runs
        # the library's clusterer in publication order, as `akhbar run` does (stories.py)
        stories = dask.delayed(_timed_story_pass)(surv.map(pl.story_features))
        sizes = surv.map(lambda a: (len(a["band_keys"]) + len(a["passage_keys"]), len(a["text"].encode()))) \
            .fold(lambda x, y: (x[0] + y[0], x[1] + y[1]), initial=(0, 0))
        outs = [verified, stories, sizes]
        if write_articles:
            records = surv.map(pl.article_record)
            paths = [os.path.join(out_dir, "articles-%d.jsonl" % i) for i in range(surv.npartitions)]
            writes = [dask.delayed(_write_part)(p, path) for p, path in zip(records.to_delayed(), paths)]
            outs.append(writes)
        for name in os.listdir(out_dir):
            if name.startswith("articles-") and name.endswith(".jsonl"):
                os.remove(os.path.join(out_dir, name))
        got = dask.compute(*outs)
        pair_recs, story_out, (n_keys, text_bytes) = got[0], got[1], got[2]
        n_cands = len(pair_list)
    t2 = time.time()
    pair_recs = sorted(pair_recs, key=lambda r: r["_order"])
    for p in pair_recs:
        p.pop("_order")
    story_seconds, story_out = story_out
    story_recs = st.story_records(*story_out, [(p["a"], p["b"], p["class"]) for p in pair_recs])
    exact = [{"id": e["id"], "of": e["duplicate_of"], "reason": e["reason"]} for e in ev if e["kind"] == "duplicate"]
    exact += [{"id": c[1], "of": c[2], "reason": c[3]} for c in sorted(cross)]
    rejected = [{"origin": e["origin"], "line": e["line"], "reason": e["reason"]} for e in ev if e["kind"] == "rejected"]
    pl.write_results(out_dir, pair_recs, story_recs, exact, rejected)
    stats = client.gather(client.compute(res.map(lambda r: (len(r["articles"]), r["ingest_seconds"],
                                                            r["analyze_seconds"]))))
    n = sum(s[0] for s in stats)
    return {"mode": "dask", "workers": len(client.scheduler_info()["workers"]), "partitions": len(parts),
            "articles": n - len(dropped), "exact_duplicates": len(exact), "rejected": len(rejected),
            "pairs": len(pair_recs), "stories": len(story_recs), "seconds": round(time.time() - t0, 3),
            "candidate_pairs": n_cands, "key_records": n_keys, "text_bytes": text_bytes,
            "map_seconds": round(t1 - t0, 3), "story_seconds": round(story_seconds, 3),
            "shuffle_verify_story_seconds": round(t2 - t1, 3),
            "worker_ingest_seconds": round(sum(s[1] for s in stats), 3),
            "worker_analyze_seconds": round(sum(s[2] for s in stats), 3)}
