# test_distributed.py: the corpus run through the binding, on one process and on a Dask LocalCluster
# of worker processes, finds the same exact duplicates, near-duplicate pairs and stories (members,
# ids, copies) as `akhbar run` on one machine, read back from the database it writes.
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from akhbar import pipeline as pl
from akhbar import equiv
from conftest import EXAMPLES, SEEDS, SOURCE, WITH_ENTITIES

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
    # undated reports whose day only their neighbours tell ("أمس الاثنين" after a Tuesday
    # record): ak_analyze dates them from the batch's known days ("related")
    rows.append(json.dumps({"id": "dated-tue", "source": "وكالة", "published": "2024-03-12",
                            "title": "الأمطار تغمر أحياء في الزرقاء",
                            "text": "غمرت الأمطار أحياء في مدينة الزرقاء وقال محمد الخالدي مدير الدفاع المدني إن"
                                    " الفرق أخلت عشرات الأسر."}, ensure_ascii=False))
    for i, day in enumerate(("أمس الاثنين", "يوم الأحد الماضي")):
        rows.append(json.dumps({"id": "undated-%d" % i, "title": "سيول الزرقاء",
                                "text": "قال الخالدي إن السيول التي ضربت الزرقاء %s أدت إلى إخلاء عشرات الأسر"
                                        " وإن الفرق ما زالت تعمل في الأحياء المنكوبة." % day},
                               ensure_ascii=False))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds):
    d = tmp_path_factory.mktemp("corpus")
    extra_corpus(str(d / "extra.jsonl"), seeds)
    return [EXAMPLES, SEEDS, str(d / "extra.jsonl")]


@pytest.fixture(scope="module")
def run_db(corpus, tmp_path_factory):
    """The database `akhbar run` writes for the corpus (the current library's answers)."""
    akhbar_bin = os.environ.get("AKHBAR") or os.path.join(os.environ.get("AK_BUILD_DIR", ""), "akhbar")
    if not os.path.exists(akhbar_bin):
        pytest.skip("no akhbar binary (set AKHBAR)")
    d = tmp_path_factory.mktemp("run")
    db = str(d / "run.db")
    r = subprocess.run([akhbar_bin, "run", "--db", db, "--out", str(d / "report")] + corpus,
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr  # 1: the line that is not JSON is rejected
    assert ("no NER model" in r.stderr) == (not WITH_ENTITIES), r.stderr
    return akhbar_bin, db


@pytest.fixture(scope="module")
def want(run_db):
    return equiv.c_results(*run_db)


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("local"))
    stats = pl.run_local(corpus, out, with_entities=WITH_ENTITIES)
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


def test_the_corpus_exercises_the_sequential_parts(run_db, want):
    """`akhbar run` dated an undated report from its neighbours and grouped several articles."""
    con = sqlite3.connect(run_db[1])
    froms = dict(con.execute("SELECT article, dct_from FROM article_meta"))
    con.close()
    assert "related" in froms.values() and froms["dated-tue"] == "record"
    assert any(len(s) >= 3 for s in want["stories"]) and want["copies"]


def test_local_equals_akhbar_run(local, want):
    stats, res = local
    assert equiv.compare(want, res) == {}
    assert res["articles"] == want["articles"] == stats["articles"]
    assert len(want["pairs"]) >= 6


@pytest.mark.parametrize("partition_bytes", [3000, 1 << 20])
def test_dask_equals_akhbar_run(corpus, local, want, client, tmp_path, partition_bytes):
    out = str(tmp_path / "dask")
    stats = distributed.run(corpus, out, client, with_entities=WITH_ENTITIES, partition_bytes=partition_bytes)
    assert stats["workers"] == 2
    if partition_bytes == 3000:
        assert stats["partitions"] >= 8  # the JSONL is cut into many ranges
    res = pl.read_results(out)
    assert equiv.compare(want, res) == {}
    assert res["exact"] == local[1]["exact"]
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
