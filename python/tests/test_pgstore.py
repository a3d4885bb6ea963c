# test_pgstore.py: the results of a run loaded into a throwaway PostgreSQL server started here
# (initdb in a temporary folder, a Unix socket only); skipped, saying why, where that cannot be done.
import glob
import os
import shutil
import subprocess
import threading

import pytest

from akhbar import pipeline as pl
from akhbar import pgstore
from conftest import EXAMPLES, SEEDS


def _pg_bin():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
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
    yield "host=%s dbname=postgres user=postgres" % sock
    subprocess.run(run_as + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
                   capture_output=True)


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("res"))
    stats = pl.run_local([EXAMPLES, SEEDS], out, with_entities=False)
    return out, stats


def count(dsn, table):
    return int(pgstore.psql(dsn, "SELECT count(*) FROM %s" % table).strip())


def test_results_load_and_reload(server, results):
    out, stats = results
    given = pgstore.write_results(out, server)
    assert count(server, "ak_articles") == stats["articles"] == given["ak_articles"]
    assert count(server, "ak_dup_pairs") == stats["pairs"] >= 4
    assert count(server, "ak_stories") == stats["stories"]
    assert count(server, "ak_exact_duplicates") == stats["exact_duplicates"]
    pgstore.write_results(out, server)  # a repeated load changes nothing
    assert count(server, "ak_articles") == stats["articles"]
    row = pgstore.psql(server, "SELECT class FROM ak_dup_pairs WHERE a = '001_44a3e3d5a904009e'"
                               " AND b = '002_4de39128c6cd87f4'").strip()
    assert row == "shares-passage"
    story = pgstore.psql(server, "SELECT count(*) FROM ak_story_articles s JOIN ak_story_articles t"
                                 " ON s.story = t.story WHERE s.article = 'flood-zarqa-1'").strip()
    assert int(story) >= 2


def test_several_writers_at_once(server, results):
    out, stats = results
    errors = []

    def load():
        try:
            pgstore.write_results(out, server)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert count(server, "ak_story_articles") == sum(1 for _ in open(os.path.join(out, "articles-0.jsonl")))


def test_bad_connection_is_an_error(results):
    if not shutil.which("psql"):
        pytest.skip("psql not installed")
    with pytest.raises(pgstore.PgError, match="psql"):
        pgstore.write_results(results[0], "host=/nonexistent-socket-dir dbname=x")
