# stories.py: the story step of `akhbar run` (ak_analyze: src/pipeline/articles.c, then
# src/pipeline/stories.c) for a corpus analyzed in parallel. Split in two:
#   features(): per article, on the workers, everything that costs (stems, time expressions, NER
#     and the linker over the one article, weekday-free date guesses), reduced to a compact record;
#   story_pass(): one sequential pass over those records in input order, doing what depends on
#     the articles before: the publication dates of undated articles (ak_analyze decides them per
#     batch of 200 from the batch's and the store's known days), the store's entity names (the first
#     full form seen, a lone surname tied to the one known full name ending with it), then the
#     library's clusterer (ak_clusterer_*) in publication order, then the copies flag.
# The answers are the library's; what is written here is the order and the bookkeeping of
# ak_analyze, so that the groupings equal `akhbar run`'s (python/tests/test_distributed.py).
import re

from . import core
from .core import AkhbarError

BATCH = 200            # ak_analyze_options_default batch_size: DCTs are decided per batch
MAX_HEADLINE_WORDS = 20
GRAN_DAY = 2           # AK_GRAN_DAY
_WORDS = re.compile(r"[^ \n]+")


def _count_words(s):
    return len(_WORDS.findall(s))


def headline(title):
    """The title as the clusterer weighs it: a first line of more than 20 words is a lead paragraph."""
    return title if title and _count_words(title) <= MAX_HEADLINE_WORDS else None


def dateline_end(text):
    """Code points of a dateline opening the text ("الرياض:"): at most 4 words ending in ':' on the
    first line. Names in it are the outlet and the place of filing, not actors."""
    colon = text.find(":")
    nl = text.find("\n")
    if colon < 0 or (nl >= 0 and colon > nl) or _count_words(text[:colon]) > 4:
        return 0
    return colon + 1


_LINEAGE = ("بن", "ابن", "بنت")
# the Gulf's ruling houses, folded (ة as ه): named with and without "آل <house>" in the news
_HOUSES = ("سعود", "نهيان", "مكتوم", "ثاني", "خليفه", "الصباح", "سعيد")


def _person_words(words):
    """A person's key words as the store matches them (src/pipeline/articles.c, entity_key): عبد
    joined to the next word, a trailing آل <ruling house> dropped when two name words remain
    before it, "X بن Y بن عبدالعزيز" (the Saudi founder's grandsons) cut to "X بن Y", and
    بن/ابن/بنت between name parts dropped when three words or more remain."""
    joined = []
    for w in words:
        if joined and joined[-1] == "عبد":
            joined[-1] += w
        else:
            joined.append(w)
    words = joined
    if len(words) >= 3 and words[-2] == "ال" and words[-1] in _HOUSES and \
            sum(1 for w in words[:-2] if w not in _LINEAGE) >= 2:
        words = words[:-2]
    if len(words) == 5 and words[1] in _LINEAGE and words[3] in _LINEAGE and words[2] not in _LINEAGE and \
            words[4] == "عبدالعزيز":
        words = words[:3]  # the Saudi founder's grandson: the man and his father
    kept = [w for i, w in enumerate(words) if i == 0 or i + 1 == len(words) or w not in _LINEAGE]
    return kept if 3 <= len(kept) < len(words) else words


def fold_key(etype, name):
    """The store's matching key of an entity name: type, ':' and the words folded by the library's
    normalizer (the first 256 bytes, ASCII lowered), single spaces; a person's as _person_words."""
    b = name.encode("utf-8")
    cut = min(len(b), 256)
    while 0 < cut < len(b) and (b[cut] & 0xC0) == 0x80:
        cut -= 1
    try:
        f = core.normalize(b[:cut])
    except AkhbarError:
        f = name
    f = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in f)
    words = [w for w in f.split(" ") if w]
    if etype == "PER":
        words = _person_words(words)
    return "%s:%s" % (etype, " ".join(words))


def _explicit_days(text):
    """Day-precise dates the text states itself (both ends of a range): DCT candidates."""
    try:
        times = core.timex(text, None)
    except AkhbarError as e:
        if e.status == -2:
            raise
        return []
    out = []
    for t in times:
        v = t.value
        if t.granularity > GRAN_DAY or not v[:1].isascii() or not v[:1].isdigit() or len(v) < 10:
            continue
        out.append(v[:10])
        if len(v) >= 21 and v[10] == "/":
            out.append(v[11:21])
    return out


def _date_values(text, dct):
    """DATE values of the text resolved against dct, as the story step reads article_timex: one
    expression per start (the first), in text order, each value once."""
    try:
        times = core.timex(text, dct)
    except AkhbarError as e:
        if e.status == -2:
            raise
        return []
    by_start = {}
    for t in times:
        by_start.setdefault(t.start, t)
    out, seen = [], set()
    for s in sorted(by_start):
        t = by_start[s]
        if t.type == "DATE" and t.value not in seen:
            seen.add(t.value)
            out.append(t.value)
    return out


def _join_adjacent(text_b, men):
    """Adjacent PER mentions separated by spaces only are one name (as the linker joins them)."""
    out = []
    for m in men:
        if out and m[4] == "PER" and out[-1][4] == "PER":
            b = out[-1][3]
            while b < m[2] and text_b[b:b + 1] == b" ":
                b += 1
            if b == m[2]:
                p = out[-1]
                out[-1] = (p[0], m[1], p[2], m[3], p[4])
                continue
        out.append(m)
    return out


def _match(E, etype, s):
    """Index of the article's entity a mention belongs to: same type, a variant the mention ends
    with (at most 6 bytes of clitic before it), the longest such variant."""
    best, best_len = -1, 0
    for k, (t, _n, variants, _r) in enumerate(E):
        if t != etype:
            continue
        for v in variants:
            vb = v.encode("utf-8")
            vl = len(vb)
            if vl and vl <= len(s) and len(s) - vl <= 6 and s.endswith(vb) and vl > best_len:
                best, best_len = k, vl
    return best


def person_links(text, model, doc_id, men=None):
    """The article's people as ak_analyze links them, before the store: ([(name, key)] in the
    linker's order, [(entity index, mention start)])."""
    if model is None or not text:
        return [], []
    tb = text.encode("utf-8")
    if men is None:
        try:
            men = model.mentions(tb)
        except AkhbarError as e:
            if e.status == -2:
                raise
            return [], []
    men = _join_adjacent(tb, men)
    if not men:
        return [], []
    E = model.link([(doc_id, tb, men)])
    per = {}
    ents = []
    for k, (t, name, _v, _r) in enumerate(E):
        if t == "PER":
            per[k] = len(ents)
            ents.append((name, fold_key(t, name)))
    mentions = []
    for (start, _e, bs, be, t) in men:
        if t != "PER":
            continue
        k = _match(E, t, tb[bs:be])
        if k >= 0 and k in per:
            mentions.append((per[k], start))
    return ents, mentions


def sure_dct(rec):
    """(dct, source, weak guess) of the first pass of ak_analyze's date decision."""
    pub = rec.get("published")
    text = rec.get("text") or ""
    if pub and len(pub.encode("utf-8")) >= 10:
        return pub.encode("utf-8")[:10].decode("utf-8", "replace"), \
            "chrome" if rec.get("published_from") == "chrome" else "record", None
    g = core.infer_dct(text) if text else None
    if g and g[1] >= 0.9:
        return g[0], "text", None
    return None, None, (g[0] if g and g[1] >= 0.5 else None)


def features(rec, gseq, model=None, mentions=None):
    """The compact story record of one stored article (a dict from Database.articles()): what the
    sequential pass needs, nothing of the text unless its DCT is still open. mentions: the raw
    mentions of model.mentions(text) when the caller has them (NER runs once)."""
    text = rec.get("text") or ""
    dct, dct_from, weak = sure_dct(rec)
    tentative = dct or weak
    ents, mentions = person_links(text, model, rec["id"], mentions)
    title = rec.get("title")
    return {
        "gseq": gseq, "id": rec["id"], "source": rec.get("source") or None, "title": title,
        "title_terms": "\n".join(core.story_terms(headline(title))),
        "body_terms": "\n".join(core.story_terms(text)),
        "dct": dct, "dct_from": dct_from, "weak": weak, "tentative": tentative,
        "days": _explicit_days(text) if text else [],
        "dates": _date_values(text, tentative) if text else [],
        "people": ents, "mentions": mentions, "dateline": dateline_end(text),
        "text": None if dct else text,  # an undated article may get a DCT from its neighbours
    }


# ---------------------------------------------------------------- the sequential pass

def _decide_batch(batch, known_days):
    """ak_analyze's DCTs for one batch: sure dates first; then, for the rest, the day among the
    batch's and the store's known days and the batch's stated days that fits the weekday
    mentions (confidence >= 0.8, "related"), else the weaker guess from the text (>= 0.5)."""
    if all(f["dct"] for f in batch):
        return
    cand = [f["dct"] for f in batch if f["dct"]][:256]
    for d in sorted(known_days, reverse=True)[:200]:
        if len(cand) >= 256:
            break
        cand.append(d)
    for f in batch:
        room = 512 - len(cand)
        if room <= 0:
            break
        cand.extend(f["days"][:room])
    for f in batch:
        if f["dct"]:
            continue
        try:
            g = core.dct_from_candidates(f["text"], cand) if cand else None
        except AkhbarError as e:  # a text the library refuses: no related day, as ak_analyze
            if e.status == -2:
                raise
            g = None
        if g and g[1] >= 0.8:
            f["dct"], f["dct_from"] = g[0], "related"
        elif f["weak"]:
            f["dct"], f["dct_from"] = f["weak"], "text"


class _Entities:
    """The store's people: key -> id, id -> canonical name, surname -> the one full name."""

    def __init__(self):
        self.ids, self.names, self.surnames = {}, [], {}

    def resolve(self, name, key):
        got = self.ids.get(key)
        if got is None and " " not in key:
            known = self.surnames.get(key, 0)
            if known > 0:
                return known
        if got is not None:
            return got
        self.names.append(name)
        eid = len(self.names)  # ids from 1; 0 and -1 mean none / ambiguous in surnames
        self.ids[key] = eid
        sp = key.rfind(" ")
        if sp >= 0:
            sk = "PER:" + key[sp + 1:]
            have = self.surnames.get(sk, 0)
            self.surnames[sk] = -1 if have and have != eid else eid
        return eid


def _story_dates(values, dct):
    """Resolved day/month dates as the clusterer gets them: a range by both ends, never the
    article's own day ("today" is in every report of the day)."""
    today = core.story_day(dct) if dct else None

    def usable(v):
        return len(v) in (10, 7) and "X" not in v and v[:1] in tuple("0123456789")

    out = []
    for v in values:
        if len(v) == 21 and v[10] == "/":
            for part in (v[:10], v[11:21]):
                if usable(part) and not (today is not None and core.story_day(part) == today):
                    out.append(part)
            continue
        if not usable(v):
            continue
        if today is not None and len(v) == 10 and core.story_day(v) == today:
            continue
        out.append(v)
    return out


def _terms(s):
    return s.split("\n") if s else []


def story_pass(feats):
    """Stories of the whole corpus from the compact records, exactly as ak_analyze forms them.
    Returns (assignments [(id, story, duplicate)] in clustering order, {id: dct}, {story: title})."""
    feats = sorted(feats, key=lambda f: f["gseq"])
    known = set()
    ents = _Entities()
    docs = []
    for i in range(0, len(feats), BATCH):
        batch = feats[i:i + BATCH]
        _decide_batch(batch, known)
        for f in batch:
            if f["dct"] != f["tentative"] and f["text"] is not None:
                f["dates"] = _date_values(f["text"], f["dct"])
            ids = [ents.resolve(n, k) for n, k in f["people"]]
            cut = {ids[k] for k, start in f["mentions"] if start < f["dateline"]}
            keys = sorted({ents.names[ids[k] - 1] for k, _s in f["mentions"] if ids[k] not in cut})
            docs.append((f, ["PER:" + n for n in keys], _story_dates(f["dates"], f["dct"])))
        known.update(f["dct"] for f in batch if f["dct"])
    docs.sort(key=lambda d: (d[0]["dct"] is None, d[0]["dct"] or "", d[0]["gseq"]))
    c = core.StoryClusterer()
    try:
        for f, people, dates in docs:
            c.add(f["id"], core.story_day(f["dct"]), _terms(f["title_terms"]), _terms(f["body_terms"]),
                  people, dates, None, f["source"])
        assign = c.assignments()
    finally:
        c.close()
    leads = {s for _a, s, _d in assign}
    return assign, {f["id"]: f["dct"] for f, _p, _d in docs}, \
        {f["id"]: f["title"] for f, _p, _d in docs if f["id"] in leads}


def mark_copies(assign, pairs):
    """A member that duplicates or rewrites another member of its story (not itself a copy) is a
    copy; pairs: (a, b, class) with b the later article. Returns {id: duplicate}."""
    story = {a: s for a, s, _d in assign}
    dup = {a: d for a, _s, d in assign}
    sources = {}
    for a, b, cls in pairs:
        if cls in ("duplicate", "rewrite"):
            sources.setdefault(b, []).append(a)
    for a, s, _d in assign:
        if dup[a]:
            continue
        for o in sources.get(a, ()):
            if story.get(o) == s and not dup[o]:
                dup[a] = True
                break
    return dup


def story_records(assign, dcts, titles, pairs):
    """Story records {"story","title","articles","duplicates","first","last"} (story id = its
    earliest article, the lead's title; members in publication order)."""
    dup = mark_copies(assign, pairs)
    groups, order = {}, []
    for a, s, _d in assign:
        if s not in groups:
            groups[s] = []
            order.append(s)
        groups[s].append(a)
    out = []
    for s in order:
        days = sorted(dcts[a] for a in groups[s] if dcts.get(a))
        out.append({"story": s, "title": titles.get(s) or s, "articles": groups[s],
                    "duplicates": [a for a in groups[s] if dup[a]],
                    "first": days[0] if days else None, "last": days[-1] if days else None})
    return out
