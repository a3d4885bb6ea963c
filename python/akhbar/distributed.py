# distributed.py: the corpus run on a Dask cluster (a LocalCluster of worker processes, or a
# scheduler by address). Partitions of the input are ingested and analyzed by the library on the
# workers; exact duplicates and the verification join are shuffles (dask.bag groupby, task-based
# shuffle, grouped on ints only: a str's hash() differs between worker processes), the LSH band and
# passage keys an exchange of packed buckets between partitions (_candidate_pairs); stories are
# clustered in one sequential task over compact per-article records.
import json
import os
import time

import dask
import dask.bag as db
from dask.distributed import Client, LocalCluster

from . import pipeline as pl
from . import stories as st


def connect(scheduler=None, workers=2, threads_per_worker=1, memory_limit="auto"):
    """A client of the scheduler at `scheduler` ("tcp://host:8786"), or of a new LocalCluster of
    `workers` processes, each allowed `memory_limit` ("auto": the machine's memory shared among
    them; a fixed 4 GB had one worker on 200,000 articles killed and restarted by its nanny). The
    caller closes client (and cluster, when one was made)."""
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker, processes=True,
                           memory_limit=memory_limit, dashboard_address=":0", silence_logs=40)
    return Client(cluster), cluster


def _texts_for(arts, wanted, nb):
    """This partition's texts that other partitions need: (gseq, id, text) lists, one per destination."""
    out = [[] for _ in range(nb)]
    if wanted:
        by_g = {a["gseq"]: a for a in arts}
        for j, gs in wanted.items():
            out[j] = [(g, by_g[g]["id"], by_g[g]["text"]) for g in gs]
    return tuple(out)


def _verify_part(arts, incoming, earlier):
    """Verifies each article b of this partition against the earlier articles (earlier[b]) whose
    texts came in."""
    texts = {x[0]: x for lst in incoming for x in lst}
    out = []
    for b in arts:
        want = earlier.get(b["gseq"])
        if want:
            out.extend(pl.verify_against((b["gseq"], b["id"], b["text"]), [texts[g] for g in want]))
    return out


def _verify(surv, pair_list):
    """The verified pairs of the candidate list, as one delayed list: texts travel partition to
    partition once each (not one record per pair), and only those of articles in a pair."""
    parts = surv.to_delayed()
    nb = len(parts)
    owner = {}
    for j, gs in enumerate(dask.compute(*[dask.delayed(lambda arts: [a["gseq"] for a in arts])(p)
                                          for p in parts])):
        owner.update((g, j) for g in gs)
    wanted = [{} for _ in range(nb)]    # source partition -> destination -> gseqs
    earlier = [{} for _ in range(nb)]   # destination partition -> later gseq -> earlier gseqs
    for a, b in pair_list:
        j = owner[b]
        wanted[owner[a]].setdefault(j, set()).add(a)
        earlier[j].setdefault(b, []).append(a)
    texts = [dask.delayed(_texts_for, nout=nb)(p, {j: sorted(gs) for j, gs in wanted[i].items()}, nb)
             for i, p in enumerate(parts)]
    checks = [dask.delayed(_verify_part)(p, [t[j] for t in texts], earlier[j]) for j, p in enumerate(parts)]
    return dask.delayed(lambda lists: [r for lst in lists for r in lst])(checks)


def _candidate_pairs(surv):
    """The candidate pairs (earlier gseq, later gseq) of the surviving articles, sorted: two all-to-all
    exchanges of packed buckets, one bucket per partition on each side."""
    parts = surv.to_delayed()
    nb = max(1, len(parts))
    keys = [dask.delayed(pl.key_buckets, nout=nb)(p, nb) for p in parts]
    cands = [dask.delayed(pl.candidates_of_buckets, nout=nb)([k[r] for k in keys], nb) for r in range(nb)]
    kept = [dask.delayed(pl.kept_pairs)([c[q] for c in cands]) for q in range(nb)]
    return sorted(p for part in dask.compute(*kept) for p in part)


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

        # near duplicates: key records shuffled by LSH band key / passage key as packed buckets,
        # candidates found per key, folded per pair in the bucket, then summed per pair in a second
        # bucket shuffle (a pair shares keys that land in different buckets)
        pair_list = _candidate_pairs(surv)
        # verification join: each earlier article's text goes once to every partition holding a
        # later article it may duplicate, where the later one verifies it
        verified = _verify(surv, pair_list)

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
