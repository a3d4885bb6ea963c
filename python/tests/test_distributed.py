# test_distributed.py: the Dask run on a LocalCluster of worker processes finds the same exact
# duplicates, near-duplicate pairs and stories as the single-machine path through the same library,
# and that path finds the same pairs as the C store (`akhbar dups`).
import json
import os
import subprocess
import sys

import pytest

from akhbar import pipeline as pl
from conftest import EXAMPLES, SEEDS, SOURCE

distributed = pytest.importorskip("akhbar.distributed", reason="python3-distributed not installed")


def extra_corpus(path, seeds):
    """Records that cross partition boundaries: a near copy of a seed, an exact copy of an
    example under another id, a line that is not JSON, an article with no date."""
    first = json.loads(open(os.path.join(EXAMPLES, "articles.jsonl"), encoding="utf-8").readline())
    near = seeds["000"].replace("الثلاثاء", "يوم الثلاثاء", 1)
    rows = [json.dumps({"id": "copy-of-000", "source": "نسخة", "text": near}, ensure_ascii=False),
            "{not json",
            json.dumps(dict(first, id="again-" + first["id"]), ensure_ascii=False),
            json.dumps({"id": "undated", "text": seeds["004"][:1500]}, ensure_ascii=False)]
    # one outlet whose closing line repeats: the store learns it as chrome only from 5 articles of
    # the source on, so the Dask run must see the source's records together (spread over partitions)
    words = seeds["003"].split()
    for i in range(8):
        body = " ".join(words[i * 40:(i + 1) * 40])
        rows.append(json.dumps({"id": "outlet-%d" % i, "source": "جريدة الاختبار", "published": "2021-07-%02d" % (10 + i),
                                "text": body + "\n// انتهى //"}, ensure_ascii=False))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds):
    d = tmp_path_factory.mktemp("corpus")
    extra_corpus(str(d / "extra.jsonl"), seeds)
    return [EXAMPLES, SEEDS, str(d / "extra.jsonl")]


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("local"))
    stats = pl.run_local(corpus, out, with_entities=False)
    return stats, pl.read_results(out)


@pytest.fixture(scope="module")
def client():
    c, cluster = distributed.connect(workers=2)
    yield c
    c.close()
    cluster.close()


def test_local_path_finds_what_the_seeds_say(local):
    stats, res = local
    assert stats["rejected"] == 1
    assert ("copy-of-000", "000_4b513fc99d57a73e", "duplicate") in {(b, a, c) for a, b, c in res["pairs"]}
    assert ("001_44a3e3d5a904009e", "002_4de39128c6cd87f4", "shares-passage") in res["pairs"]
    assert any(e[0].startswith("again-") for e in res["exact"])
    story_of = {a: s for s in res["stories"] for a in s}
    assert story_of["flood-zarqa-1"] == story_of["flood-zarqa-2"]
    assert story_of["rates-1"] != story_of["flood-zarqa-1"]


def test_repeated_line_is_chrome_for_the_whole_source(corpus, tmp_path):
    import akhbar
    with akhbar.Database(tmp_path / "x.db") as db:
        db.ingest([corpus[2]])
        texts = {a["id"]: a["text"] for a in db.articles() if a["id"].startswith("outlet-")}
    assert len(texts) == 8 and "انتهى" not in texts["outlet-7"]


def test_local_pairs_equal_the_c_store(corpus, local, tmp_path):
    akhbar_bin = os.environ.get("AKHBAR") or os.path.join(os.environ.get("AK_BUILD_DIR", ""), "akhbar")
    if not os.path.exists(akhbar_bin):
        pytest.skip("no akhbar binary (set AKHBAR)")
    db = str(tmp_path / "c.db")
    subprocess.run([akhbar_bin, "ingest", "--db", db] + corpus, capture_output=True)
    out = subprocess.run([akhbar_bin, "dups", "--db", db, "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    c_pairs = {(r["a"], r["b"], r["class"]) for r in map(json.loads, out.stdout.splitlines())}
    assert c_pairs == local[1]["pairs"] and len(c_pairs) >= 6


@pytest.mark.parametrize("partition_bytes", [3000, 1 << 20])
def test_dask_equals_local(corpus, local, client, tmp_path, partition_bytes):
    out = str(tmp_path / "dask")
    stats = distributed.run(corpus, out, client, with_entities=False, partition_bytes=partition_bytes)
    assert stats["workers"] == 2
    if partition_bytes == 3000:
        assert stats["partitions"] >= 8  # the JSONL is cut into many ranges
    res = pl.read_results(out)
    want = local[1]
    assert res["pairs"] == want["pairs"]
    assert res["exact"] == want["exact"]
    assert res["stories"] == want["stories"] and res["story_ids"] == want["story_ids"]
    assert res["articles"] == want["articles"] == local[0]["articles"]
    # the same cleaned texts: the same bytes and the same keys went through the shuffle
    assert (stats["text_bytes"], stats["key_records"]) == (local[0]["text_bytes"], local[0]["key_records"])
    assert stats["rejected"] == 1


def test_read_range_covers_every_line_once(tmp_path):
    p = tmp_path / "x.jsonl"
    lines = [("line %d " % i) * (i % 7 + 1) + "\n" for i in range(200)]
    p.write_text("".join(lines))
    size = p.stat().st_size
    for step in (1, 7, 100, 4096):
        got = b"".join(pl.read_range(str(p), s, min(size, s + step)) for s in range(0, size, step))
        assert got.decode() == "".join(lines)


def test_cli_script(corpus, tmp_path):
    script = os.path.join(SOURCE, "scripts", "akhbar-dask")
    r = subprocess.run([sys.executable, script, "--local", "--no-entities", "--out", str(tmp_path / "o")] + corpus,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["mode"] == "local"
    r = subprocess.run([sys.executable, script, "--local", str(tmp_path / "missing")], capture_output=True, text=True)
    assert r.returncode == 2 and "no such file" in r.stderr
