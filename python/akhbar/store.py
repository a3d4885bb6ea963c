# store.py: the library's ingestion into its SQLite store, from Python: records are decoded,
# validated and cleaned of page chrome by the C code, then read back as dicts.
import ctypes

from . import _lib
from ._lib import lib, check, cstr


class Database:
    """An akhbar database (ak_db): opened (created, migrated) at path."""

    def __init__(self, path):
        self._h = ctypes.c_void_p()
        try:
            check(lib.ak_db_open(ctypes.byref(self._h), str(path).encode()), "open")
        except Exception:
            self.close()
            raise

    def ingest(self, paths, batch_size=0):
        """Ingests files, directories or "-". Returns (counts dict, events list); an event is
        {"kind": "added"|"duplicate"|"rejected", "origin", "line", "id", "reason", "duplicate_of"}."""
        events = []
        kinds = {1: "added", 2: "duplicate", 3: "rejected"}

        def on_record(ev, _ctx):
            e = ev.contents
            events.append({"kind": kinds.get(e.kind, str(e.kind)), "origin": cstr(e.origin), "line": e.line,
                           "id": cstr(e.id), "reason": cstr(e.reason), "duplicate_of": cstr(e.duplicate_of)})

        opt = _lib.IngestOptions()
        lib.ak_ingest_options_default(ctypes.byref(opt))
        if batch_size:
            opt.batch_size = batch_size
        cb = _lib.INGEST_CB(on_record)  # kept alive for the call
        opt.on_record = cb
        arr = (ctypes.c_char_p * len(paths))(*[str(p).encode() for p in paths])
        counts = _lib.IngestCounts()
        check(lib.ak_ingest(self._h, arr, len(paths), ctypes.byref(opt), ctypes.byref(counts)), "ingest")
        return ({"added": counts.added, "duplicates": counts.duplicates, "rejected": counts.rejected}, events)

    def articles(self):
        """Stored articles in ingestion order, as record dicts (cleaned text)."""
        it = ctypes.c_void_p()
        check(lib.ak_articles_iter(self._h, ctypes.byref(it)), "articles")
        try:
            while True:
                p = ctypes.POINTER(_lib.StoredArticle)()
                more = check(lib.ak_articles_next(it, ctypes.byref(p)), "articles")
                if not more:
                    return
                a = p.contents
                yield {"id": cstr(a.id), "seq": a.seq, "url": cstr(a.url), "source": cstr(a.source),
                       "title": cstr(a.title), "author": cstr(a.author), "published": cstr(a.published),
                       "published_from": cstr(a.published_from), "origin": cstr(a.origin), "line": a.line,
                       "text": ctypes.string_at(a.text, a.text_len).decode("utf-8") if a.text else "",
                       "hash": cstr(a.hash)}
        finally:
            lib.ak_articles_iter_free(it)

    def close(self):
        if getattr(self, "_h", None):
            lib.ak_db_close(self._h)
            self._h = ctypes.c_void_p()

    __del__ = close

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---------------------------------------------------------------- result stores by URL
# The results of a run (pipeline / distributed: pairs, exact duplicates, stories, articles) in a
# database that other readers share: SQLite for one machine, PostgreSQL for several writers. Both
# hold the same tables (pgstore.SCHEMA) and answer the same calls; open_store picks one by URL.

class ResultStore:
    """What both result stores do. load() merges a run's result folder (a repeated load changes
    nothing; several writers may load at once); the readers return plain Python values."""

    url = ""

    def load(self, out_dir):
        raise NotImplementedError

    def query(self, sql, args=()):
        """Rows of a SELECT with ? placeholders, as tuples of str/int/float/None."""
        raise NotImplementedError

    def count(self, table):
        from .pgstore import TABLES
        if table not in {t[0] for t in TABLES}:
            raise ValueError("store: no table %s" % table)
        return int(self.query("SELECT count(*) FROM %s" % table)[0][0])

    def pairs(self):
        return {(a, b, c) for a, b, c in self.query("SELECT a, b, class FROM ak_dup_pairs")}

    def stories(self):
        """{story id: frozenset of member ids}."""
        out = {}
        for art, story in self.query("SELECT article, story FROM ak_story_articles"):
            out.setdefault(story, set()).add(art)
        return {k: frozenset(v) for k, v in out.items()}

    def copies(self):
        return {a for (a,) in self.query("SELECT article FROM ak_story_articles WHERE duplicate = 1")}

    def story_of(self, article):
        rows = self.query("SELECT story FROM ak_story_articles WHERE article = ?", (article,))
        return rows[0][0] if rows else None

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class SqliteStore(ResultStore):
    """The result tables in an SQLite file (Python's sqlite3); writers serialize on BEGIN IMMEDIATE."""

    def __init__(self, path, timeout=60.0):
        import sqlite3
        from .pgstore import SCHEMA
        self.url = "sqlite:///" + str(path)
        self.path = str(path)
        try:
            self._c = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._c.executescript(SCHEMA.replace("jsonb", "text"))
        except sqlite3.Error as e:
            raise StoreError("sqlite: %s: %s" % (self.path, e)) from None

    def load(self, out_dir):
        import json
        from .pgstore import TABLES, _rows
        data = _rows(out_dir)
        c = self._c
        c.execute("BEGIN IMMEDIATE")
        try:
            for table, cols, keys, json_cols in TABLES:
                update = ", ".join("%s = excluded.%s" % (k, k) for k in cols if k not in keys)
                sql = "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO %s" % (
                    table, ", ".join(cols), ", ".join("?" * len(cols)), ", ".join(keys),
                    ("UPDATE SET " + update) if update else "NOTHING")
                c.executemany(sql, [[json.dumps(r.get(k), ensure_ascii=False) if k in json_cols and r.get(k) is not None
                                     else r.get(k) for k in cols] for r in data[table]])
            c.execute("COMMIT")
        except Exception:
            c.execute("ROLLBACK")
            raise
        return {t: len(v) for t, v in data.items()}

    def query(self, sql, args=()):
        return [tuple(r) for r in self._c.execute(sql, args)]

    def close(self):
        if getattr(self, "_c", None) is not None:
            self._c.close()
            self._c = None


class PgStore(ResultStore):
    """The result tables in PostgreSQL, through psql (pgstore)."""

    def __init__(self, url):
        from . import pgstore
        self.url = url
        self._pg = pgstore
        try:
            pgstore.psql(url, "SELECT pg_advisory_xact_lock(727274);" + pgstore.SCHEMA)
        except pgstore.PgError as e:
            raise StoreError(str(e)) from None

    def load(self, out_dir):
        return self._pg.write_results(out_dir, self.url)

    def query(self, sql, args=()):
        # ? placeholders become quoted literals: psql -c has no bind parameters
        parts = sql.split("?")
        if len(parts) != len(args) + 1:
            raise ValueError("store: %d placeholders, %d values" % (len(parts) - 1, len(args)))
        lit = ["'" + str(a).replace("'", "''") + "'" if a is not None else "NULL" for a in args]
        text = parts[0] + "".join(v + p for v, p in zip(lit, parts[1:]))
        out = self._pg.psql(self.url, text, sep="\x1f")
        rows = []
        for line in out.split("\n"):
            if line:
                rows.append(tuple(None if v == "\x1e" else v for v in line.split("\x1f")))
        return rows

    def count(self, table):
        return int(super().count(table))


class StoreError(Exception):
    """A result store that cannot be opened or written; the message names the store."""


def open_store(url):
    """A result store by URL: "sqlite:///path/to/file.db" (a path after the third slash, so
    "sqlite:////abs/x.db" is absolute) or "postgresql://user@host/db" ("postgres://" too; any
    libpq URI, e.g. "postgresql:///akhbar?host=/run/postgresql")."""
    if url.startswith("sqlite:///"):
        return SqliteStore(url[len("sqlite:///"):])
    if url.startswith(("postgresql://", "postgres://")):
        return PgStore(url)
    raise StoreError("store: unknown URL %r (want sqlite:///PATH or postgresql://...)" % url)
