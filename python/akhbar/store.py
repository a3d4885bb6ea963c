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
