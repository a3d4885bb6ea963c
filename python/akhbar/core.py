# core.py: the Python face of libakhbar: text, time, entities, duplicates, stories and
# one-call article analysis, each a thin wrapper over the C call of include/akhbar.h.
import ctypes
import os
from dataclasses import dataclass, field, asdict
from typing import List, Optional

from . import _lib
from ._lib import lib, check, take_string, cstr, AkhbarError

# Normalization rules (AK_NORM_*), one bit each.
NORM_MARKS, NORM_TATWEEL, NORM_ALEF, NORM_ALEF_MAKSURA, NORM_TEH_MARBUTA = 1, 2, 4, 8, 16
NORM_DIGITS, NORM_PRESENTATION, NORM_CONTROLS, NORM_PERSIAN = 32, 64, 128, 256
NORM_DEFAULT = 0x1FF
SENT_LINES = 1
SENT_DEFAULT = SENT_LINES

# The store's candidate rules for near duplicates (src/dedup/dupstore.c): a shingle whose hash is
# 0 mod PASSAGE_SAMPLE is a passage key; a candidate found only through passage keys needs
# PASSAGE_MIN_HITS of them; a key held by more than KEY_MAX_DOCS earlier articles is boilerplate.
PASSAGE_SAMPLE = 8
PASSAGE_MIN_HITS = 2
KEY_MAX_DOCS = 50


def version():
    return lib.ak_version().decode()


def _b(text):
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise TypeError("akhbar: expected str or bytes, got %s" % type(text).__name__)
    # surrogates (from undecodable input) go through as-is so the library reports the byte offset
    return text.encode("utf-8", "surrogateescape")


def _text_of(text):
    return text if isinstance(text, str) else text.decode("utf-8", "replace")


# ---------------------------------------------------------------- text

def normalize(text, flags=NORM_DEFAULT):
    """The text with the normalization rules in flags applied (idempotent)."""
    b = _b(text)
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    check(lib.ak_normalize(b, len(b), flags, ctypes.byref(out), ctypes.byref(n)), "normalize")
    return take_string(out, n.value)


@dataclass
class Span:
    """A span of the original text: code-point offsets (str indices), bytes, kind, the text."""
    start: int
    end: int
    byte_start: int
    byte_end: int
    kind: str
    text: str


def _spans(fn, text, *extra):
    b = _b(text)
    arr, n = ctypes.POINTER(_lib.Token)(), ctypes.c_size_t()
    check(fn(b, len(b), *extra, ctypes.byref(arr), ctypes.byref(n)))
    try:
        out = []
        for i in range(n.value):
            t = arr[i]
            kind = lib.ak_token_kind_name(t.kind).decode() if t.kind else "sentence"
            out.append(Span(t.start, t.end, t.byte_start, t.byte_end, kind,
                            b[t.byte_start:t.byte_end].decode("utf-8", "replace")))
        return out
    finally:
        lib.ak_free(arr)


def _count(fn, b, *extra, kinds=None):
    """Number of spans fn finds in b (of the given AK_TOK_* kinds), without making Span objects."""
    arr, n = ctypes.POINTER(_lib.Token)(), ctypes.c_size_t()
    check(fn(b, len(b), *extra, ctypes.byref(arr), ctypes.byref(n)))
    try:
        if kinds is None:
            return n.value
        return sum(1 for i in range(n.value) if arr[i].kind in kinds)
    finally:
        lib.ak_free(arr)


_WORD_KINDS = (1, 2, 3)  # AK_TOK_ARABIC, AK_TOK_LATIN, AK_TOK_NUMBER


def tokens(text):
    """Tokens with code-point and byte offsets into text, and their kind."""
    return _spans(lib.ak_tokenize, text)


def sentences(text, flags=SENT_DEFAULT):
    """Sentence spans of text (a line break ends a sentence unless flags is 0)."""
    return _spans(lib.ak_sentences, text, flags)


def light10(word):
    """The Light10 stem of one normalized word."""
    b = _b(word)
    buf = ctypes.create_string_buffer(len(b) + 1)
    n = lib.ak_light10(b, len(b), buf, len(buf))
    return buf.raw[:n].decode("utf-8")


def is_stopword(word):
    b = _b(word)
    return bool(lib.ak_is_stopword(b, len(b)))


def html_to_text(html):
    b = _b(html)
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    check(lib.ak_html_to_text(b, len(b), ctypes.byref(out), ctypes.byref(n)), "html")
    return take_string(out, n.value)


# ---------------------------------------------------------------- time

@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str
    granularity: int


def timex(text, dct=None):
    """Time expressions of text resolved against dct ("YYYY-MM-DD"; None leaves X placeholders)."""
    b = _b(text)
    arr, n = ctypes.POINTER(_lib.Timex)(), ctypes.c_size_t()
    d = dct.encode() if isinstance(dct, str) else dct
    check(lib.ak_timex_tag(b, len(b), d, ctypes.byref(arr), ctypes.byref(n)), "timex")
    try:
        return [TimeExpr(t.start, t.end, b[t.byte_start:t.byte_end].decode("utf-8", "replace"),
                         t.type.decode(), t.value.decode(), t.mod.decode(), t.granularity)
                for t in (arr[i] for i in range(n.value))]
    finally:
        lib.ak_free(arr)


def infer_dct(text):
    """(date, confidence, evidence) of a publication date read from the text, or None."""
    b = _b(text)
    g = _lib.DctGuess()
    check(lib.ak_dct_infer(b, len(b), ctypes.byref(g)), "dct")
    if not g.date:
        return None
    return g.date.decode(), g.confidence, g.evidence.decode("utf-8", "replace")


def dct_from_candidates(text, candidates):
    """(date, confidence, evidence) of the candidate day ("YYYY-MM-DD", each also tried up to 2
    days later) that the text's own weekday mentions agree with, or None when none fits."""
    b = _b(text)
    arr = (ctypes.c_char_p * max(1, len(candidates)))(*[c.encode() for c in candidates])
    g = _lib.DctGuess()
    check(lib.ak_dct_from_candidates(b, len(b), arr, len(candidates), ctypes.byref(g)), "dct")
    if not g.date:
        return None
    return g.date.decode(), g.confidence, g.evidence.decode("utf-8", "replace")


def story_day(iso):
    """Days since 1970-01-01 of "YYYY-MM-DD..." as the story clusterer counts them, or None."""
    if not iso or len(iso) < 10 or iso[4] != "-" or iso[7] != "-":
        return None
    y, m, d = iso[0:4], iso[5:7], iso[8:10]
    if any(ch not in "0123456789" for ch in y + m + d):  # ASCII digits only, as the library
        return None
    y, m, d = int(y), int(m), int(d)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    y -= m <= 2  # days from the civil calendar, the same arithmetic as the library
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


# ---------------------------------------------------------------- entities

@dataclass
class Entity:
    start: int
    end: int
    text: str
    type: str


def default_model_path():
    """data/ner.model in $AKHBAR_DATA, else in the source tree beside the package."""
    data = os.environ.get("AKHBAR_DATA")
    if data:
        return os.path.join(data, "ner.model")
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "data", "ner.model"))


class NerModel:
    """A loaded tagger; read-only, so one model serves every call of a process."""

    def __init__(self, path=None):
        self._h = ctypes.c_void_p()
        p = path or default_model_path()
        check(lib.ak_ner_load(ctypes.byref(self._h), p.encode()), "ner model")
        self.path = p

    def tag(self, text):
        b = _b(text)
        arr, n = ctypes.POINTER(_lib.NerEntity)(), ctypes.c_size_t()
        check(lib.ak_ner_tag(self._h, b, len(b), ctypes.byref(arr), ctypes.byref(n)), "ner")
        try:
            return [Entity(e.start, e.end, b[e.byte_start:e.byte_end].decode("utf-8", "replace"), e.type.decode())
                    for e in (arr[i] for i in range(n.value))]
        finally:
            lib.ak_free(arr)

    def mentions(self, text):
        """Raw mentions of text as (start, end, byte_start, byte_end, type) tuples (ak_ner_tag)."""
        b = _b(text)
        arr, n = ctypes.POINTER(_lib.NerEntity)(), ctypes.c_size_t()
        check(lib.ak_ner_tag(self._h, b, len(b), ctypes.byref(arr), ctypes.byref(n)), "ner")
        try:
            return [(e.start, e.end, e.byte_start, e.byte_end, e.type.decode())
                    for e in (arr[i] for i in range(n.value))]
        finally:
            lib.ak_free(arr)

    def link(self, docs, aliases=None):
        """Links the mentions of docs [(id, text, mentions or None)] (ak_entities_link); mentions
        are tuples as mentions() returns. Returns [(type, name, variants, roles)], most mentioned
        first; aliases None: aliases-ar.txt of the data folder, as the library finds it."""
        keep = []
        arr = (_lib.NerDoc * max(1, len(docs)))()
        for i, (did, text, men) in enumerate(docs):
            b = _b(text)
            m = None
            if men is not None:
                m = (_lib.NerEntity * max(1, len(men)))()
                for k, (s, e, bs, be, t) in enumerate(men):
                    m[k] = _lib.NerEntity(s, e, bs, be, t.encode())
            keep.append((b, m))
            arr[i] = _lib.NerDoc(str(did).encode(), b, len(b),
                                 ctypes.cast(m, ctypes.POINTER(_lib.NerEntity)) if m is not None else None,
                                 len(men) if men is not None else 0)
        out, n = ctypes.POINTER(_lib.LinkedEntity)(), ctypes.c_size_t()
        check(lib.ak_entities_link(self._h, arr, len(docs), aliases.encode() if aliases else None,
                                   ctypes.byref(out), ctypes.byref(n)), "entities")
        try:
            res = []
            for i in range(n.value):
                e = out[i]
                res.append((e.type.decode(), cstr(e.name), [cstr(e.variants[k]) for k in range(e.n_variants)],
                            [cstr(e.roles[k]) for k in range(e.n_roles)]))
            return res
        finally:
            lib.ak_entities_free(out, n.value)

    def close(self):
        if self._h:
            lib.ak_ner_free(self._h)
            self._h = ctypes.c_void_p()

    __del__ = close


_models = {}


def ner(text, model=None):
    """Entity mentions of text; model: a NerModel, a path, or None for the default model."""
    if not isinstance(model, NerModel):
        key = model or default_model_path()
        if key not in _models:
            _models[key] = NerModel(key)
        model = _models[key]
    return model.tag(text)


# ---------------------------------------------------------------- duplicates

def _opts(shingle=0, hashes=0, threshold=0.0, max_bytes=0):
    return _lib.DedupOpts(shingle, hashes, threshold, max_bytes)


class Fingerprint:
    """The fingerprint of one text (ak_fp): exact hash, MinHash signature, shingle set."""

    def __init__(self, text, shingle=0, hashes=0, threshold=0.0):
        b = _b(text)
        self._h = ctypes.c_void_p()
        o = _opts(shingle, hashes, threshold)
        check(lib.ak_fp_new(b, len(b), ctypes.byref(o), ctypes.byref(self._h)), "fingerprint")

    @property
    def exact(self):
        return lib.ak_fp_exact(self._h)

    def signature_array(self):
        n = ctypes.c_size_t()
        p = lib.ak_fp_signature(self._h, ctypes.byref(n))
        return (ctypes.c_uint32 * n.value).from_address(ctypes.addressof(p.contents)) if n.value else \
            (ctypes.c_uint32 * 0)()

    @property
    def signature(self):
        return list(self.signature_array())

    @property
    def shingle_set(self):
        n = ctypes.c_size_t()
        p = lib.ak_fp_shingle_set(self._h, ctypes.byref(n))
        return [p[i] for i in range(n.value)]

    def passage_keys(self):
        """The sampled shingles the store keys passages on."""
        return [s for s in self.shingle_set if s % PASSAGE_SAMPLE == 0]

    @property
    def words(self):
        return lib.ak_fp_words(self._h)

    @property
    def shingles(self):
        return lib.ak_fp_shingles(self._h)

    def jaccard(self, other):
        return lib.ak_fp_jaccard(self._h, other._h)

    def compare(self, other):
        """The verdict on (self, other): a DupVerdict."""
        r = _lib.DupResult()
        check(lib.ak_dup_compare(self._h, other._h, ctypes.byref(r)), "compare")
        return DupVerdict(lib.ak_dup_class_name(r.cls).decode(), r.jaccard, r.estimate, r.bigram_jaccard,
                          r.cover_a, r.cover_b, r.longest,
                          [(s.a_start, s.a_end, s.b_start, s.b_end, s.words) for s in r.spans[:r.n_spans]])

    def close(self):
        if self._h:
            lib.ak_fp_free(self._h)
            self._h = ctypes.c_void_p()

    __del__ = close


@dataclass
class DupVerdict:
    cls: str
    jaccard: float
    estimate: float
    bigram_jaccard: float
    cover_a: float
    cover_b: float
    longest: int
    spans: list


class Lsh:
    """Band keys of signatures (ak_lsh): what the distributed shuffle keys on."""

    def __init__(self, hashes=0, threshold=0.0):
        self._h = ctypes.c_void_p()
        o = _opts(0, hashes, threshold)
        check(lib.ak_lsh_new(ctypes.byref(o), ctypes.byref(self._h)), "lsh")
        self.bands = lib.ak_lsh_bands(self._h)

    def band_keys(self, signature):
        arr = signature if isinstance(signature, ctypes.Array) else (ctypes.c_uint32 * len(signature))(*signature)
        return [lib.ak_lsh_band_key(self._h, arr, b) for b in range(self.bands)]

    def close(self):
        if self._h:
            lib.ak_lsh_free(self._h)
            self._h = ctypes.c_void_p()

    __del__ = close


def compare(text_a, text_b):
    """Verdict on two texts, fingerprinted with the default options."""
    return Fingerprint(text_a).compare(Fingerprint(text_b))


# ---------------------------------------------------------------- stories

def story_terms(text):
    """The stems the story clusterer reads from a title or body."""
    if not text:
        return []
    b = _b(text)
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    check(lib.ak_story_terms(b, len(b), ctypes.byref(out), ctypes.byref(n)), "story terms")
    return take_string(out, n.value).split("\n")[:-1]


def story_dates(times):
    """Day- and month-precise resolved DATE values: what ties reports of one happening."""
    return [t.value for t in times
            if t.type == "DATE" and len(t.value) in (10, 7) and "X" not in t.value]


def _carr(strs):
    return (ctypes.c_char_p * max(1, len(strs)))(*[s.encode() for s in strs])


class StoryClusterer:
    """The incremental story clusterer (ak_clusterer): add articles in publication order."""

    def __init__(self):
        self._h = ctypes.c_void_p()
        check(lib.ak_clusterer_new(ctypes.byref(self._h), None), "clusterer")

    def add(self, id, day=None, title_terms=(), body_terms=(), entities=(), dates=(), dup_of=None, source=None):
        keep = [_carr(list(title_terms)), _carr(list(body_terms)), _carr(list(entities)), _carr(list(dates))]
        d = _lib.StoryDoc(id.encode(), _lib.AK_STORY_NO_DAY if day is None else day,
                          keep[0], len(title_terms), keep[1], len(body_terms), keep[2], len(entities),
                          keep[3], len(dates), dup_of.encode() if dup_of else None,
                          source.encode() if source else None)
        check(lib.ak_clusterer_add(self._h, ctypes.byref(d)), "clusterer")

    def assignments(self):
        """[(article, story, duplicate)] in the order added."""
        arr, n = ctypes.POINTER(_lib.StoryAssignment)(), ctypes.c_size_t()
        check(lib.ak_clusterer_assignments(self._h, ctypes.byref(arr), ctypes.byref(n)), "clusterer")
        try:
            return [(cstr(a.article), cstr(a.story), bool(a.duplicate)) for a in (arr[i] for i in range(n.value))]
        finally:
            lib.ak_free(arr)

    def story_count(self):
        return lib.ak_clusterer_story_count(self._h)

    def close(self):
        if self._h:
            lib.ak_clusterer_free(self._h)
            self._h = ctypes.c_void_p()

    __del__ = close


def cluster_stories(analyses):
    """A quick grouping of analyzed articles by the library's clusterer: stems, dates, day and source,
    ordered by publication day (unknown last), ties by input order; no entities and no batch dates,
    so not `akhbar run`'s stories (for those: akhbar.stories.features / story_pass).
    Returns {article id: story id}."""
    order = sorted(range(len(analyses)), key=lambda i: (
        analyses[i].day is None, analyses[i].day if analyses[i].day is not None else 0, analyses[i].seq, i))
    c = StoryClusterer()
    try:
        for i in order:
            a = analyses[i]
            c.add(a.id, a.day, a.title_terms, a.body_terms, (), a.story_dates, None, a.source)
        return {art: story for art, story, _dup in c.assignments()}
    finally:
        c.close()


# ---------------------------------------------------------------- one article

@dataclass
class Analysis:
    """What the library finds in one article: the Python objects a pipeline passes on."""
    id: str
    seq: int = 0
    source: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    published_from: Optional[str] = None
    text: str = ""
    day: Optional[int] = None
    words: int = 0
    sentences: int = 0
    times: List[TimeExpr] = field(default_factory=list)
    entities: List[Entity] = field(default_factory=list)
    exact: int = 0
    signature: List[int] = field(default_factory=list)
    band_keys: List[int] = field(default_factory=list)
    passage_keys: List[int] = field(default_factory=list)
    shingles: int = 0
    title_terms: List[str] = field(default_factory=list)
    body_terms: List[str] = field(default_factory=list)
    story_dates: List[str] = field(default_factory=list)
    hash: Optional[str] = None      # the store's content hash, when the article came from a store
    error: Optional[str] = None     # why it has no fingerprint (too big, not UTF-8)

    def to_dict(self):
        return asdict(self)


_lsh = None


def analyze(article, model=None, with_entities=True, seq=0, with_story=True):
    """Analyzes one article record {"id","title","text"|"html","published","source",...}.
    model: a NerModel or path (None: the default model); with_entities=False skips NER.
    An article with no date gets one inferred from its text (published_from "text")."""
    global _lsh
    if not isinstance(article, dict) or not article.get("id"):
        raise AkhbarError(-1, "invalid argument", "analyze: an article needs an id")
    text = article.get("text")
    if text is None and article.get("html") is not None:
        text = html_to_text(article["html"])
    text = text or ""
    a = Analysis(id=str(article["id"]), seq=article.get("seq", seq), source=article.get("source") or None,
                 title=article.get("title") or None, text=text)
    a.published, a.published_from = article.get("published") or None, article.get("published_from")
    if a.published and not a.published_from:
        a.published_from = "record"
    if not a.published and text:
        g = infer_dct(text)
        if g:
            a.published, a.published_from = g[0], "text"
    a.day = story_day(a.published)
    dct = a.published[:10] if a.published and len(a.published) >= 10 else None
    if text:
        tb = _b(text)
        a.words = _count(lib.ak_tokenize, tb, kinds=_WORD_KINDS)
        a.sentences = _count(lib.ak_sentences, tb, SENT_DEFAULT)
        try:
            a.times = timex(text, dct)
        except AkhbarError as e:  # a date the tagger refuses: no times, as the report does
            if e.status == -2:
                raise
            a.times = []
        if with_entities:
            a.entities = ner(text, model)
    try:
        fp = Fingerprint(text)
    except AkhbarError as e:  # too big or not UTF-8: never a duplicate candidate, as in the store
        if e.status == -2:
            raise
        a.error = str(e)
        fp = None
    if fp is not None:
        if _lsh is None:
            _lsh = Lsh()
        sig = fp.signature_array()
        a.exact, a.signature, a.shingles = fp.exact, list(sig), fp.shingles
        a.band_keys = _lsh.band_keys(sig) if a.shingles else []
        a.passage_keys = fp.passage_keys()
        fp.close()
    if with_story:  # the distributed run makes its own story records (stories.features)
        a.title_terms = story_terms(a.title)
        a.body_terms = story_terms(text)
        a.story_dates = story_dates(a.times)
    return a
