# _lib.py: finds libakhbar.so, declares the C prototypes the binding uses (include/akhbar.h)
# and turns a failing status into an AkhbarError carrying ak_last_error().
import ctypes
import ctypes.util
import os

c_size_p = ctypes.POINTER(ctypes.c_size_t)
c_char_pp = ctypes.POINTER(ctypes.c_char_p)


class AkhbarError(Exception):
    """A failed library call: `status` is the ak_status code (negative), `name` its
    short name ("invalid UTF-8", ...), the message is the library's ak_last_error()."""

    def __init__(self, status, name, message):
        super().__init__(message or name)
        self.status = status
        self.name = name
        self.message = message


# ---- structures mirrored from include/akhbar.h ----

class Token(ctypes.Structure):
    _fields_ = [("start", ctypes.c_size_t), ("end", ctypes.c_size_t),
                ("byte_start", ctypes.c_size_t), ("byte_end", ctypes.c_size_t), ("kind", ctypes.c_int)]


class Timex(ctypes.Structure):
    _fields_ = [("start", ctypes.c_size_t), ("end", ctypes.c_size_t),
                ("byte_start", ctypes.c_size_t), ("byte_end", ctypes.c_size_t),
                ("type", ctypes.c_char * 12), ("value", ctypes.c_char * 48), ("mod", ctypes.c_char * 8),
                ("granularity", ctypes.c_int)]


class NerEntity(ctypes.Structure):
    _fields_ = [("start", ctypes.c_size_t), ("end", ctypes.c_size_t),
                ("byte_start", ctypes.c_size_t), ("byte_end", ctypes.c_size_t), ("type", ctypes.c_char * 8)]


class DctGuess(ctypes.Structure):
    _fields_ = [("date", ctypes.c_char * 11), ("confidence", ctypes.c_double), ("evidence", ctypes.c_char * 160)]


class DedupOpts(ctypes.Structure):
    _fields_ = [("shingle", ctypes.c_uint), ("hashes", ctypes.c_uint), ("threshold", ctypes.c_double),
                ("max_bytes", ctypes.c_size_t)]


class DupSpan(ctypes.Structure):
    _fields_ = [("a_start", ctypes.c_size_t), ("a_end", ctypes.c_size_t),
                ("b_start", ctypes.c_size_t), ("b_end", ctypes.c_size_t), ("words", ctypes.c_size_t)]


AK_DUP_MAX_SPANS = 16


class DupResult(ctypes.Structure):
    _fields_ = [("cls", ctypes.c_int), ("jaccard", ctypes.c_double), ("estimate", ctypes.c_double),
                ("bigram_jaccard", ctypes.c_double), ("cover_a", ctypes.c_double), ("cover_b", ctypes.c_double),
                ("longest", ctypes.c_size_t), ("lead_a", ctypes.c_double), ("lead_b", ctypes.c_double),
                ("n_spans", ctypes.c_size_t), ("spans", DupSpan * AK_DUP_MAX_SPANS)]


class IngestEvent(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("origin", ctypes.c_char_p), ("line", ctypes.c_size_t),
                ("id", ctypes.c_char_p), ("reason", ctypes.c_char_p), ("duplicate_of", ctypes.c_char_p)]


INGEST_CB = ctypes.CFUNCTYPE(None, ctypes.POINTER(IngestEvent), ctypes.c_void_p)


class IngestOptions(ctypes.Structure):
    _fields_ = [("max_record", ctypes.c_size_t), ("batch_size", ctypes.c_size_t),
                ("on_record", INGEST_CB), ("ctx", ctypes.c_void_p), ("max_batch_bytes", ctypes.c_size_t)]


class IngestCounts(ctypes.Structure):
    _fields_ = [("added", ctypes.c_size_t), ("duplicates", ctypes.c_size_t), ("rejected", ctypes.c_size_t),
                ("recleaned", ctypes.c_size_t)]


class StoredRemoved(ctypes.Structure):
    _fields_ = [("start", ctypes.c_size_t), ("end", ctypes.c_size_t), ("reason", ctypes.c_char_p)]


class StoredArticle(ctypes.Structure):
    _fields_ = [("seq", ctypes.c_longlong), ("id", ctypes.c_char_p), ("url", ctypes.c_char_p),
                ("source", ctypes.c_char_p), ("title", ctypes.c_char_p), ("author", ctypes.c_char_p),
                ("published", ctypes.c_char_p), ("published_from", ctypes.c_char_p),
                ("origin", ctypes.c_char_p), ("line", ctypes.c_size_t),
                ("raw", ctypes.c_void_p), ("raw_len", ctypes.c_size_t),
                ("text", ctypes.c_void_p), ("text_len", ctypes.c_size_t),
                ("removed", ctypes.POINTER(StoredRemoved)), ("n_removed", ctypes.c_size_t),
                ("removed_json", ctypes.c_char_p), ("hash", ctypes.c_char_p)]


AK_STORY_NO_DAY = -2147483648


class NerDoc(ctypes.Structure):
    _fields_ = [("id", ctypes.c_char_p), ("text", ctypes.c_char_p), ("len", ctypes.c_size_t),
                ("mentions", ctypes.POINTER(NerEntity)), ("n_mentions", ctypes.c_size_t)]


class LinkedEntity(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("type", ctypes.c_char * 8),
                ("variants", c_char_pp), ("n_variants", ctypes.c_size_t),
                ("roles", c_char_pp), ("n_roles", ctypes.c_size_t),
                ("articles", c_char_pp), ("n_articles", ctypes.c_size_t), ("mentions", ctypes.c_size_t)]


class StoryDoc(ctypes.Structure):
    _fields_ = [("id", ctypes.c_char_p), ("dct", ctypes.c_int32),
                ("title_terms", c_char_pp), ("n_title_terms", ctypes.c_size_t),
                ("body_terms", c_char_pp), ("n_body_terms", ctypes.c_size_t),
                ("entities", c_char_pp), ("n_entities", ctypes.c_size_t),
                ("dates", c_char_pp), ("n_dates", ctypes.c_size_t),
                ("dup_of", ctypes.c_char_p), ("source", ctypes.c_char_p)]


class StoryAssignment(ctypes.Structure):
    _fields_ = [("article", ctypes.c_char_p), ("story", ctypes.c_char_p), ("duplicate", ctypes.c_int)]


# ---- finding the library ----

def _candidates():
    env = os.environ.get("AKHBAR_LIB")
    if env:
        yield os.path.join(env, "libakhbar.so") if os.path.isdir(env) else env
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libakhbar.so")                      # beside the package (installed copy)
    yield os.path.join(here, "..", "..", "build", "libakhbar.so")  # the source tree's build dir
    found = ctypes.util.find_library("akhbar")                      # the system
    if found:
        yield found
    yield "libakhbar.so.0"


def _load():
    env = os.environ.get("AKHBAR_LIB")
    if env:  # an explicit choice is used or fails loudly, never silently replaced
        p = next(_candidates())
        try:
            return ctypes.CDLL(p), p
        except OSError as e:
            raise OSError("akhbar: AKHBAR_LIB=%s: %s" % (env, e)) from None
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise OSError("akhbar: libakhbar.so not found; set AKHBAR_LIB. Tried: " + "; ".join(tried))


lib, path = _load()

# (name, restype, argtypes); int-returning calls are checked by `check`.
_P = ctypes.c_void_p
_PROTOS = [
    ("ak_last_error", ctypes.c_char_p, []),
    ("ak_status_name", ctypes.c_char_p, [ctypes.c_int]),
    ("ak_version", ctypes.c_char_p, []),
    ("ak_free", None, [_P]),
    ("ak_normalize", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.POINTER(_P), c_size_p]),
    ("ak_tokenize", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.POINTER(Token)), c_size_p]),
    ("ak_token_kind_name", ctypes.c_char_p, [ctypes.c_int]),
    ("ak_sentences", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint,
                                    ctypes.POINTER(ctypes.POINTER(Token)), c_size_p]),
    ("ak_light10", ctypes.c_size_t, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]),
    ("ak_is_stopword", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t]),
    ("ak_html_to_text", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_P), c_size_p]),
    ("ak_timex_tag", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                    ctypes.POINTER(ctypes.POINTER(Timex)), c_size_p]),
    ("ak_dct_infer", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(DctGuess)]),
    ("ak_ner_load", ctypes.c_int, [ctypes.POINTER(_P), ctypes.c_char_p]),
    ("ak_ner_free", None, [_P]),
    ("ak_ner_tag", ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_size_t,
                                  ctypes.POINTER(ctypes.POINTER(NerEntity)), c_size_p]),
    ("ak_dct_from_candidates", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, c_char_pp, ctypes.c_size_t,
                                              ctypes.POINTER(DctGuess)]),
    ("ak_entities_link", ctypes.c_int, [_P, ctypes.POINTER(NerDoc), ctypes.c_size_t, ctypes.c_char_p,
                                        ctypes.POINTER(ctypes.POINTER(LinkedEntity)), c_size_p]),
    ("ak_entities_free", None, [ctypes.POINTER(LinkedEntity), ctypes.c_size_t]),
    ("ak_fp_new", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(DedupOpts), ctypes.POINTER(_P)]),
    ("ak_fp_free", None, [_P]),
    ("ak_fp_exact", ctypes.c_uint64, [_P]),
    ("ak_fp_signature", ctypes.POINTER(ctypes.c_uint32), [_P, c_size_p]),
    ("ak_fp_shingle_set", ctypes.POINTER(ctypes.c_uint64), [_P, c_size_p]),
    ("ak_fp_words", ctypes.c_size_t, [_P]),
    ("ak_fp_shingles", ctypes.c_size_t, [_P]),
    ("ak_fp_jaccard", ctypes.c_double, [_P, _P]),
    ("ak_lsh_new", ctypes.c_int, [ctypes.POINTER(DedupOpts), ctypes.POINTER(_P)]),
    ("ak_lsh_free", None, [_P]),
    ("ak_lsh_bands", ctypes.c_uint, [_P]),
    ("ak_lsh_band_key", ctypes.c_uint64, [_P, ctypes.POINTER(ctypes.c_uint32), ctypes.c_uint]),
    ("ak_dup_compare", ctypes.c_int, [_P, _P, ctypes.POINTER(DupResult)]),
    ("ak_dup_class_name", ctypes.c_char_p, [ctypes.c_int]),
    ("ak_db_open", ctypes.c_int, [ctypes.POINTER(_P), ctypes.c_char_p]),
    ("ak_db_close", None, [_P]),
    ("ak_ingest_options_default", None, [ctypes.POINTER(IngestOptions)]),
    ("ak_ingest", ctypes.c_int, [_P, c_char_pp, ctypes.c_size_t, ctypes.POINTER(IngestOptions),
                                 ctypes.POINTER(IngestCounts)]),
    ("ak_articles_iter", ctypes.c_int, [_P, ctypes.POINTER(_P)]),
    ("ak_articles_next", ctypes.c_int, [_P, ctypes.POINTER(ctypes.POINTER(StoredArticle))]),
    ("ak_articles_iter_free", None, [_P]),
    ("ak_story_terms", ctypes.c_int, [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_P), c_size_p]),
    ("ak_clusterer_new", ctypes.c_int, [ctypes.POINTER(_P), _P]),
    ("ak_clusterer_free", None, [_P]),
    ("ak_clusterer_add", ctypes.c_int, [_P, ctypes.POINTER(StoryDoc)]),
    ("ak_clusterer_assignments", ctypes.c_int, [_P, ctypes.POINTER(ctypes.POINTER(StoryAssignment)), c_size_p]),
    ("ak_clusterer_story_count", ctypes.c_size_t, [_P]),
]
missing = []  # symbols an older library lacks: the calls that need them raise AttributeError
for _name, _res, _args in _PROTOS:
    try:
        _f = getattr(lib, _name)
    except AttributeError:
        missing.append(_name)
        continue
    _f.restype = _res
    _f.argtypes = _args

def check(status, what=""):
    """Raises AkhbarError for a negative status; returns it otherwise. ak_last_error is per
    thread in C and a ctypes call runs on the calling thread, so this reads that call's message."""
    if status >= 0:
        return status
    msg = lib.ak_last_error().decode("utf-8", "replace")
    name = lib.ak_status_name(status).decode("utf-8", "replace")
    raise AkhbarError(status, name, msg or ("%s: %s" % (what, name) if what else name))


def take_string(ptr, n):
    """Copies an allocated UTF-8 buffer into a str and frees it with ak_free."""
    try:
        return ctypes.string_at(ptr, n).decode("utf-8") if ptr else ""
    finally:
        lib.ak_free(ptr)


def cstr(b):
    return b.decode("utf-8") if b is not None else None
