# test_store.py: the result store behind one interface (store.open_store), with the same tests run
# against SQLite and against a throwaway PostgreSQL server started here (initdb in a temporary
# folder, a Unix socket only; skipped, saying why, where that cannot be done): load, reload,
# several writers at once, and what is read back equals `akhbar run`'s duplicates and stories.
import glob
import os
import shutil
import subprocess
import threading

import pytest

from akhbar import equiv, pgstore
from akhbar import pipeline as pl
from akhbar.store import open_store, StoreError, SqliteStore
from conftest import EXAMPLES, SEEDS, WITH_ENTITIES


def _pg_bin():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    return None


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory):
    """A throwaway PostgreSQL server (initdb in a temporary folder, Unix socket only); its URL."""
    bindir = _pg_bin()
    if not bindir or not shutil.which("psql"):
        pytest.skip("PostgreSQL server binaries or psql not installed (Debian postgresql)")
    base = str(tmp_path_factory.mktemp("pg"))
    run_as = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres account
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chmod(base, 0o777)
        d = base
        while d != "/":  # the postgres account must reach the folder
            d = os.path.dirname(d)
            os.chmod(d, os.stat(d).st_mode | 0o011) if d.startswith(("/tmp", "/var/tmp")) else None
    data, sock = os.path.join(base, "data"), os.path.join(base, "sock")
    os.mkdir(sock)
    os.chmod(sock, 0o777)
    r = subprocess.run(run_as + [os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("initdb failed: %s" % r.stderr.strip()[-300:])
    r = subprocess.run(run_as + [os.path.join(bindir, "pg_ctl"), "-D", data, "-w", "-l", os.path.join(base, "log"),
                                 "-o", "-k %s -c listen_addresses='' -c fsync=off" % sock, "start"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip("PostgreSQL did not start: %s" % (r.stderr.strip()[-300:]))
    yield "postgresql://postgres@/postgres?host=%s" % sock
    subprocess.run(run_as + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
                   capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """A fresh store of each kind: an SQLite file, or a new database on the throwaway server."""
    if request.param == "sqlite":
        s = open_store("sqlite:///%s" % (tmp_path / "results.db"))
    else:
        server = request.getfixturevalue("pg_server")
        name = "t_%s" % os.urandom(6).hex()
        pgstore.psql(server, "SELECT 1")  # the server answers
        subprocess.run(["psql", "-X", "-q", "-d", server, "-c", "CREATE DATABASE %s" % name],
                       check=True, capture_output=True)
        s = open_store(server.replace("/postgres?", "/%s?" % name))
    yield s
    s.close()


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("res"))
    stats = pl.run_local([EXAMPLES, SEEDS], out, with_entities=WITH_ENTITIES)
    return out, stats


def test_open_store_picks_by_url(tmp_path):
    with open_store("sqlite:///%s" % (tmp_path / "x.db")) as s:
        assert isinstance(s, SqliteStore) and s.count("ak_articles") == 0
    with pytest.raises(StoreError, match="unknown URL"):
        open_store("mysql://localhost/x")
    with pytest.raises(StoreError, match="sqlite"):
        open_store("sqlite:///%s" % (tmp_path / "no" / "such" / "x.db"))
    if shutil.which("psql"):
        with pytest.raises(StoreError, match="psql"):
            open_store("postgresql://nobody@/x?host=/nonexistent-socket-dir")


def test_results_load_and_reload(store, results):
    out, stats = results
    given = store.load(out)
    assert store.count("ak_articles") == stats["articles"] == given["ak_articles"]
    assert store.count("ak_dup_pairs") == stats["pairs"] >= 4
    assert store.count("ak_stories") == stats["stories"]
    assert store.count("ak_exact_duplicates") == stats["exact_duplicates"]
    store.load(out)  # a repeated load changes nothing
    assert store.count("ak_articles") == stats["articles"]
    assert ("001_44a3e3d5a904009e", "002_4de39128c6cd87f4", "shares-passage") in store.pairs()
    story = store.story_of("flood-zarqa-1")
    assert story and store.story_of("flood-zarqa-2") == story and len(store.stories()[story]) >= 2
    assert store.story_of("no-such-article") is None
    assert store.query("SELECT title FROM ak_articles WHERE id = ?", ("it's",)) == []  # quoting


def test_several_writers_at_once(store, results):
    out, stats = results
    errors = []

    def load():
        try:
            with open_store(store.url) as s:
                s.load(out)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.count("ak_story_articles") == stats["articles"]
    assert store.count("ak_dup_pairs") == stats["pairs"]


@pytest.fixture(scope="module")
def want(tmp_path_factory):
    """What `akhbar run` finds on examples/ + seeds (run once for both stores)."""
    akhbar_bin = os.environ.get("AKHBAR") or os.path.join(os.environ.get("AK_BUILD_DIR", ""), "akhbar")
    if not os.path.exists(akhbar_bin):
        pytest.skip("no akhbar binary (set AKHBAR)")
    d = tmp_path_factory.mktemp("run")
    db = str(d / "run.db")
    r = subprocess.run([akhbar_bin, "run", "--db", db, "--out", str(d / "rep"), EXAMPLES, SEEDS],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return equiv.c_results(akhbar_bin, db)


def test_store_holds_what_akhbar_run_finds(store, results, want):
    """Read back from either store: the duplicates and stories of `akhbar run` on one machine."""
    store.load(results[0])
    stories = store.stories()
    got = {"pairs": store.pairs(), "stories": set(stories.values()), "story_ids": set(stories),
           "copies": store.copies()}
    assert equiv.compare(want, got) == {}
