# pipeline.py: the steps of a corpus run that the single-machine path and the Dask path share:
# planning partitions, ingesting and analyzing one partition, candidate pairs from key groups,
# verification, stories, and writing results. distributed.py runs them on a Dask cluster.
from array import array
import hashlib
import json
import os
import shutil
import tempfile
import time

from . import core, stories as st
from .core import KEY_MAX_DOCS, PASSAGE_MIN_HITS
from .store import Database

GSEQ_STRIDE = 10 ** 9  # global order = partition index * stride + order within the partition
WANTED = (".txt", ".html", ".htm", ".jsonl")


# ---------------------------------------------------------------- partitions

def _walk(path, depth=0):
    """Files of a directory as ak_ingest reads them: byte order of names, recursive, no dot files."""
    for name in sorted(os.listdir(path), key=lambda n: n.encode()):
        if name.startswith("."):
            continue
        full = os.path.join(path, name)
        if os.path.isdir(full) and depth < 64:
            yield from _walk(full, depth + 1)
        elif os.path.isfile(full) and name.endswith(WANTED):
            yield full


def plan_partitions(inputs, partition_bytes=4 << 20, files_per_partition=200):
    """Splits the inputs, in the order ak_ingest would read them, into partitions: byte ranges of
    JSONL files (cut at line ends by the reader) or runs of .txt/.html files."""
    files = []
    for p in inputs:
        files.extend(_walk(p) if os.path.isdir(p) else [p])
    parts, run = [], []

    def flush():
        if run:
            parts.append({"kind": "files", "paths": list(run)})
            run.clear()

    for f in files:
        if f.endswith(".jsonl"):
            flush()
            size = os.path.getsize(f)
            for start in range(0, max(size, 1), partition_bytes):
                parts.append({"kind": "jsonl", "path": f, "start": start, "end": min(size, start + partition_bytes)})
        else:
            run.append(f)
            if len(run) >= files_per_partition:
                flush()
    flush()
    for i, p in enumerate(parts):
        p["index"] = i
    return parts


def read_range(path, start, end):
    """The whole lines of path that start in [start, end): a line belongs to the range its first
    byte is in, so consecutive ranges cover every line exactly once."""
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            if f.read(1) != b"\n":
                f.readline()  # the line in progress belongs to the previous range
        out = []
        while f.tell() < end:
            line = f.readline()
            if not line:
                break
            out.append(line)
        return b"".join(out)


# ---------------------------------------------------------------- per partition

def _slim(a, gseq, group=0, story=None):
    """The analysis as a plain dict, keeping what later steps and the output need; group names the
    store the article was ingested in; story: the compact story record (stories.features)."""
    return {
        "gseq": gseq, "group": group, "id": a.id, "source": a.source, "title": a.title, "published": a.published,
        "published_from": a.published_from, "day": a.day, "text": a.text, "hash": a.hash,
        "words": a.words, "sentences": a.sentences,
        "times": [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value, "mod": t.mod}
                  for t in a.times],
        "entities": [{"start": e.start, "end": e.end, "text": e.text, "type": e.type} for e in a.entities],
        "fingerprinted": a.error is None, "put": a.shingles > 0, "band_keys": a.band_keys,
        "passage_keys": a.passage_keys, "story": story,
    }


def load_model(model_path, with_entities):
    """The NER model of a run: model_path, else the library's default (as `akhbar run` finds it);
    None without entities."""
    if not with_entities:
        return None
    return core.NerModel(model_path) if model_path else core.NerModel(None)


def analyze_record(rec, gseq, group, model):
    """One stored article through the library: the analysis (NER once: its mentions serve the
    entity list and the story links) and the compact story record."""
    a = core.analyze(rec, with_entities=False, with_story=False)
    a.hash = rec.get("hash")
    men = None
    if model is not None and a.text:
        men = model.mentions(a.text)
        a.entities = [core.Entity(m[0], m[1], a.text[m[0]:m[1]], m[4]) for m in men]
    return _slim(a, gseq, group, st.features(rec, gseq, model, men))


def analyze_stored(db, index, model):
    return [analyze_record(rec, index * GSEQ_STRIDE + rec["seq"], stable_key(("part", index)), model)
            for rec in db.articles()]


def _events(events, part):
    """Exact duplicates and rejections reported by the ingest, with where they came from."""
    out = []
    for e in events:
        if e["kind"] == "added":
            continue
        if part.get("kind") == "jsonl":
            e["origin"] = "%s@%d" % (part["path"], part["start"])  # line is counted from that byte offset
        out.append(e)
    return out


def read_lines(part):
    """The lines of a JSONL partition routed for the ingest shuffle: (group key, global order, line).
    The group is the record's source, so that one store sees every article of a source in input
    order and learns the same per-source chrome model as a single store would; records without a
    source (or not JSON) stay with their partition."""
    out = []
    data = read_range(part["path"], part["start"], part["end"])
    pieces = data.split(b"\n")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    for n, line in enumerate(p + b"\n" for p in pieces):
        try:
            rec = json.loads(line)
            source = rec.get("source") if isinstance(rec, dict) else None
        except ValueError:
            source = None
        key = ("source", source) if isinstance(source, str) and source else ("part", part["index"])
        out.append((stable_key(key), part["index"] * GSEQ_STRIDE + n, line))
    return out


def ingest_lines(group, with_entities=True, model_path=None):
    """Ingests the lines of one group (in global order) into a throwaway store and analyzes every
    stored article; an article's global order is its line's. Same result shape as ingest_partition."""
    key, lines = group
    lines = sorted(lines, key=lambda x: x[1])
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="akhbar-group-")
    try:
        chunk = os.path.join(tmp, "group.jsonl")
        with open(chunk, "wb") as f:
            for _k, _g, line in lines:
                f.write(line if line.endswith(b"\n") else line + b"\n")
        with Database(os.path.join(tmp, "group.db")) as db:
            _counts, events = db.ingest([chunk])
            t1 = time.time()
            model = load_model(model_path, with_entities)
            arts = [analyze_record(rec, lines[rec["line"] - 1][1], key, model) for rec in db.articles()]
        for e in events:
            if e["kind"] != "added" and e["line"]:
                g = lines[e["line"] - 1][1]
                e["origin"], e["line"] = "record@%d" % g, 0
        return {"index": lines[0][1] if lines else 0, "articles": arts,
                "events": [e for e in events if e["kind"] != "added"],
                "ingest_seconds": t1 - t0, "analyze_seconds": time.time() - t1}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ingest_partition(part, with_entities=True, model_path=None):
    """Ingests one partition into a throwaway store (cleaning, validation and exact duplicates by
    the library), then analyzes every stored article. Returns {"index","articles","events","seconds"}."""
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="akhbar-part-")
    try:
        if part["kind"] == "jsonl":
            chunk = os.path.join(tmp, "part.jsonl")
            with open(chunk, "wb") as f:
                f.write(read_range(part["path"], part["start"], part["end"]))
            paths = [chunk]
        else:
            paths = part["paths"]
        with Database(os.path.join(tmp, "part.db")) as db:
            _counts, events = db.ingest(paths)
            t1 = time.time()
            model = load_model(model_path, with_entities)
            arts = analyze_stored(db, part["index"], model)
        return {"index": part["index"], "articles": arts, "events": _events(events, part),
                "ingest_seconds": t1 - t0, "analyze_seconds": time.time() - t1}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- duplicates

def stable_key(key):
    """A 64-bit int of a string key, the same in every process: Python's hash() of a str is salted
    per process, so a shuffle across worker processes must not group on it."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest(), "little")


def exact_key_records(a):
    return [(("id", a["id"]), a["gseq"], a["id"], a["group"]), (("hash", a["hash"]), a["gseq"], a["id"], a["group"])]


def exact_group_key(r):
    return stable_key(r[0])


def exact_dups_of_group(group):
    """Articles sharing an id or a content hash with an earlier article (input order) ingested in
    another store. Within one store the library already decided, when the article came in, with the
    chrome model of that moment; its later re-cleaning may make two texts equal that the store kept
    apart, and one machine would keep them apart too. (The group holds the keys of one stable_key,
    so it is split by the real key again.)"""
    _h, members = group
    by_key = {}
    for m in sorted(members, key=lambda m: m[1]):
        by_key.setdefault(m[0], []).append(m)
    out = []
    for key, ms in by_key.items():
        reason = "same id" if key[0] == "id" else "same text"
        first = ms[0]
        out.extend((m[1], m[2], first[2], reason) for m in ms[1:] if m[3] != first[3])
    return out


def key_records(a):
    """(kind, key, gseq, put) for every band key (kind 0) and sampled passage key (kind 1). No id:
    these are most of the shuffled records (~70 per article), and the global order names the
    article until the verification join brings its id and text."""
    if not a["fingerprinted"]:
        return []
    g, put = a["gseq"], a["put"]
    return [(0, k, g, put) for k in a["band_keys"]] + [(1, k, g, put) for k in a["passage_keys"]]


def key_buckets(arts, nb):
    """A partition's key records packed by key into nb buckets, for the candidate shuffle: each
    bucket an array of (kind, key, gseq, put) quadruples. Packed unsigned 64-bit words pickle as one
    buffer: shuffling ~70 records an article one Python tuple at a time was most of the run."""
    buckets = [array("Q") for _ in range(nb)]
    for a in arts:
        for kind, key, g, put in key_records(a):
            buckets[key % nb].extend((kind, key, g, put))
    return tuple(buckets)


def _candidates_of_holders(members, kind, found):
    """The store's rule for one key, in input order: a later article meets the earlier holders,
    unless more than KEY_MAX_DOCS hold the key. Adds (earlier, later) -> [band, passage hits]."""
    held = []
    for g, put in sorted(members, key=lambda m: m[0]):
        if len(held) <= KEY_MAX_DOCS:
            for hg in held:
                f = found.get((hg, g))
                if f is None:
                    f = found[(hg, g)] = [0, 0]
                if kind == 0:
                    f[0] = 1
                else:
                    f[1] += 1
        if put:
            held.append(g)


def candidates_of_buckets(parts, nq):
    """One key bucket from every partition: the candidate pairs of its keys, folded per pair and
    packed into nq buckets by pair as (earlier, later, shares a band, passage keys shared)."""
    by_key = {}
    for packed in parts:
        for i in range(0, len(packed), 4):
            by_key.setdefault((packed[i], packed[i + 1]), []).append((packed[i + 2], packed[i + 3]))
    found = {}
    for (kind, _key), members in by_key.items():
        if len(members) > 1:
            _candidates_of_holders(members, kind, found)
    out = [array("Q") for _ in range(nq)]
    for (a, b), (band, hits) in found.items():
        out[(a * 1000003 + b) % nq].extend((a, b, band, hits))
    return tuple(out)


def keep_candidate(band, hits):
    return band or hits >= PASSAGE_MIN_HITS


def kept_pairs(parts):
    """One pair bucket from every key bucket: the pairs that count as candidates, summed over keys."""
    acc = {}
    for packed in parts:
        for i in range(0, len(packed), 4):
            pair = (packed[i], packed[i + 1])
            band, hits = acc.get(pair, (0, 0))
            acc[pair] = (band or packed[i + 2], hits + packed[i + 3])
    return sorted(pair for pair, (band, hits) in acc.items() if keep_candidate(band, hits))


def verdict_record(a_id, b_id, v):
    return {"a": a_id, "b": b_id, "class": v.cls, "jaccard": round(v.jaccard, 3),
            "bigram_jaccard": round(v.bigram_jaccard, 3), "cover_a": round(v.cover_a, 3),
            "cover_b": round(v.cover_b, 3), "longest": v.longest,
            "spans": [{"a": [s[0], s[1]], "b": [s[2], s[3]], "words": s[4]} for s in v.spans]}


def verify_against(b, halves):
    """Verifies the candidates (a_gseq, a_id, a_text) of article b; returns the related pairs."""
    fb = core.Fingerprint(b[2])
    out = []
    try:
        for ag, aid, atext in sorted(halves):
            fa = core.Fingerprint(atext)
            v = fa.compare(fb)
            fa.close()
            if v.cls != "unrelated":
                rec = verdict_record(aid, b[1], v)
                rec["_order"] = (b[0], ag)
                out.append(rec)
    finally:
        fb.close()
    return out


# ---------------------------------------------------------------- stories

def story_features(a):
    return a["story"]


def stories_of(feats, pairs):
    """Story records of the corpus from the compact story records and the related pairs, exactly
    as `akhbar run` groups them (stories.py)."""
    assign, dcts, titles = st.story_pass(feats)
    return st.story_records(assign, dcts, titles, [(p["a"], p["b"], p["class"]) for p in pairs])


# ---------------------------------------------------------------- output

def article_record(a):
    return {k: a[k] for k in ("id", "source", "title", "published", "published_from", "words", "sentences",
                              "times", "entities")}


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def write_results(out_dir, pairs, stories, exact, rejected, articles=None):
    os.makedirs(out_dir, exist_ok=True)
    write_jsonl(os.path.join(out_dir, "duplicates.jsonl"), pairs)
    write_jsonl(os.path.join(out_dir, "stories.jsonl"), stories)
    write_jsonl(os.path.join(out_dir, "exact-duplicates.jsonl"), exact)
    write_jsonl(os.path.join(out_dir, "rejected.jsonl"), rejected)
    if articles is not None:
        write_jsonl(os.path.join(out_dir, "articles-0.jsonl"), articles)


def read_results(out_dir):
    """{"pairs": set of (a, b, class), "stories": set of frozensets of ids, "exact": set, "articles": n}."""
    def rows(name):
        p = os.path.join(out_dir, name)
        if not os.path.exists(p):
            return []
        with open(p, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    n = 0
    for name in os.listdir(out_dir):
        if name.startswith("articles-") and name.endswith(".jsonl"):
            n += len(rows(name))
    return {"pairs": {(r["a"], r["b"], r["class"]) for r in rows("duplicates.jsonl")},
            "stories": {frozenset(r["articles"]) for r in rows("stories.jsonl")},
            "story_ids": {r["story"] for r in rows("stories.jsonl")},
            "copies": {a for r in rows("stories.jsonl") for a in r.get("duplicates", ())},
            "exact": {(r["id"], r["of"]) for r in rows("exact-duplicates.jsonl")},
            "articles": n}


# ---------------------------------------------------------------- one machine

def run_local(inputs, out_dir, with_entities=True, model_path=None, write_articles=True):
    """The whole run in this process through the same library: one store, articles in input order,
    candidates through an in-memory key index with the store's rules. Returns stats."""
    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="akhbar-local-")
    try:
        with Database(os.path.join(tmp, "run.db")) as db:
            _counts, events = db.ingest(list(inputs))
            t1 = time.time()
            model = load_model(model_path, with_entities)
            arts = analyze_stored(db, 0, model)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    t2 = time.time()
    holders, cands = {}, {}
    for a in arts:  # the store's incremental candidate search, article by article
        found = {}
        for kind, key, g, put in key_records(a):
            held = holders.setdefault((kind, key), [])
            if len(held) <= KEY_MAX_DOCS:
                for hg in held:
                    band, hits = found.get(hg, (False, 0))
                    found[hg] = (band or kind == 0, hits + (kind == 1))
            if put:
                held.append(g)
        for hg, (band, hits) in found.items():
            if keep_candidate(band, hits):
                cands.setdefault(a["gseq"], []).append(hg)
    by_gseq = {a["gseq"]: a for a in arts}
    pairs = []
    for bg in sorted(cands):
        b = by_gseq[bg]
        pairs.extend(verify_against((bg, b["id"], b["text"]),
                                    [(ag, by_gseq[ag]["id"], by_gseq[ag]["text"]) for ag in cands[bg]]))
    for p in pairs:
        p.pop("_order")
    t3 = time.time()
    stories = stories_of([story_features(a) for a in arts], pairs)
    t4 = time.time()
    exact = [{"id": e["id"], "of": e["duplicate_of"], "reason": e["reason"]} for e in events if e["kind"] == "duplicate"]
    rejected = [{"origin": e["origin"], "line": e["line"], "reason": e["reason"]} for e in events if e["kind"] == "rejected"]
    write_results(out_dir, pairs, stories, exact, rejected, [article_record(a) for a in arts] if write_articles else None)
    return {"mode": "local", "articles": len(arts), "exact_duplicates": len(exact), "rejected": len(rejected),
            "candidate_pairs": sum(len(v) for v in cands.values()),
            "key_records": sum(len(a["band_keys"]) + len(a["passage_keys"]) for a in arts),
            "text_bytes": sum(len(a["text"].encode()) for a in arts),
            "pairs": len(pairs), "stories": len(stories), "seconds": round(time.time() - t0, 3),
            "ingest_seconds": round(t1 - t0, 3), "analyze_seconds": round(t2 - t1, 3),
            "dedup_seconds": round(t3 - t2, 3), "story_seconds": round(t4 - t3, 3)}
