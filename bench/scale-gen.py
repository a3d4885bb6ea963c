#!/usr/bin/env python3
"""scale-gen.py: N synthetic news articles (JSONL) made from real SaudiNewsNet text, for
bench/scale.sh. Each article joins paragraphs of 2-3 real articles of the same outlet
(a quarter of their words swapped for other corpus words), swaps in names from a pool (so entities recur across articles), gets a date sentence and
a published date spread over two years (--years); about 4% are exact copies of an earlier article
under another id (wire copy) and 6% near copies (a paragraph dropped, a word changed).
Deterministic for a given seed.

Epochs: the real pool holds ~25k articles, so past a few thousand synthetic articles the same
real paragraph is borrowed again and again, and articles sharing a passage grow with the square
of N; real news reuses text within days, not across a year. So the articles come in epochs of
EPOCH (10,000): inside one epoch paragraphs are drawn as before (the first 10,000 articles are
byte for byte those of the earlier generator), and from the second epoch on every word of 4+
letters of the borrowed text is replaced, with probability 1/2, by a corpus word picked by a
hash of (epoch, word): the same word gets the same replacement throughout an epoch, so reuse
inside an epoch is unchanged while two epochs share about 1 in 60 five-word shingles. The
density of shared passages per article then stays at its 10k level at any N.

usage: scale-gen.py CORPUS.jsonl.gz N OUT.jsonl [--seed S] [--months K] [--years Y] [--article-mb M]
  --months K:     dates in the first K months of each year only (default 12): K times
                  denser news per day, so that 100,000 articles with K = 1 hold about as many
                  stories per day as a million over the twelve months.
  --years Y:      the years the dates cycle through, 50,000 articles each (default 2): with
                  N / 50,000 years every size has the 100k's articles a day, so growth in the
                  corpus is told apart from growth in the news a day.
  --article-mb M: instead, ONE article of about M MB (real paragraphs, no repeats of
                  a paragraph within 1 MB), for the linear-time check.
"""
import argparse
import gzip
import hashlib
import json
import random
import sys

PEOPLE = ["محمد بن سلمان", "عادل الجبير", "خالد الفيصل", "عبدالعزيز بن سعود", "فيصل بن فرحان",
          "إبراهيم العساف", "محمد الجدعان", "سلمان بن عبدالعزيز", "أحمد الخطيب", "ماجد القصبي",
          "توفيق الربيعة", "نايف الحجرف", "يوسف العثيمين", "بان كي مون", "جون كيري", "سيرغي لافروف"]
PLACES = ["الرياض", "جدة", "مكة المكرمة", "المدينة المنورة", "الدمام", "أبها", "تبوك", "القاهرة",
          "دبي", "عمّان", "بيروت", "واشنطن", "لندن", "موسكو", "جنيف", "الكويت"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
          "نوفمبر", "ديسمبر"]


def load(path):
    by_src = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            paras = [p.strip() for p in (a.get("text") or "").split("\n") if len(p.strip()) > 40]
            if len(paras) < 2:
                continue
            by_src.setdefault(a.get("source") or "x", []).append((a.get("title") or "", paras))
    return by_src


VOCAB = []
EPOCH = 10000  # articles per epoch (see the docstring)
MONTHS_SPAN = 12  # months of the year the dates fall in (--months)
YEARS = 2  # years the dates cycle through (--years)
EPOCH_MAP = {}  # (epoch, word) -> replacement, memoized


def epoch_word(e, w):
    """w as epoch e writes it: itself, or (half of the words of 4+ letters) a corpus word."""
    if e == 0 or len(w) < 4:
        return w
    k = (e, w)
    r = EPOCH_MAP.get(k)
    if r is None:
        h = int.from_bytes(hashlib.blake2b(("%d\t%s" % k).encode(), digest_size=8).digest(), "little")
        r = VOCAB[(h >> 1) % len(VOCAB)] if h & 1 else w
        if len(EPOCH_MAP) > 2000000:
            EPOCH_MAP.clear()
        EPOCH_MAP[k] = r
    return r


def epoch_text(e, text):
    return text if e == 0 else " ".join(epoch_word(e, w) for w in text.split(" "))


def vary(rng, para):
    """A quarter of the words swapped for corpus words: two articles that borrow the same
    real paragraph share few 5-word shingles, so near copies come from the 6% made on
    purpose and not from reusing a fixed pool of 25k real articles (which would make the
    number of near pairs grow with the square of N)."""
    words = para.split(" ")
    for j in range(len(words)):
        if rng.random() < 0.25:
            words[j] = VOCAB[rng.randrange(len(VOCAB))]
    return " ".join(words)


def one_article(rng, by_src, sources, i):
    src = sources[i % len(sources)]
    pool = by_src[src]
    picks = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(2, 3))]
    e = i // EPOCH
    title = epoch_text(e, picks[0][0])
    paras = []
    for _, ps in picks:
        k = rng.randint(1, min(4, len(ps)))
        start = rng.randrange(len(ps) - k + 1)
        paras.extend(vary(rng, epoch_text(e, p)) for p in ps[start:start + k])
    who, where = rng.choice(PEOPLE), rng.choice(PLACES)
    y, m, d = 2015 + (i // 50000) % YEARS, 1 + rng.randrange(MONTHS_SPAN), 1 + rng.randrange(28)
    paras.insert(1, "وقال %s في %s يوم %d %s %d إن العمل مستمر." % (who, where, d, MONTHS[m - 1], y))
    return {"id": "syn-%d" % i, "source": src, "title": title, "published": "%d-%02d-%02d" % (y, m, d),
            "text": "\n".join(paras)}


def near_copy(rng, a, i):
    paras = a["text"].split("\n")
    if len(paras) > 2:
        del paras[rng.randrange(1, len(paras))]
    words = paras[0].split(" ")
    words[rng.randrange(len(words))] = rng.choice(PLACES)
    paras[0] = " ".join(words)
    return dict(a, id="syn-%d" % i, text="\n".join(paras))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--article-mb", type=float, default=0)
    ap.add_argument("--months", type=int, default=12, choices=range(1, 13), metavar="1..12")
    ap.add_argument("--years", type=int, default=2, choices=range(1, 41), metavar="1..40")
    a = ap.parse_args()
    global MONTHS_SPAN, YEARS
    MONTHS_SPAN, YEARS = a.months, a.years
    rng = random.Random(a.seed)
    by_src = load(a.corpus)
    sources = sorted(by_src)
    seen = set()
    for s in sources:
        for _, ps in by_src[s][:300]:
            seen.update(w for w in ps[0].split(" ") if len(w) > 2)
    VOCAB.extend(sorted(seen))
    with open(a.out, "w", encoding="utf-8") as f:
        if a.article_mb:
            every = [p for s in sources for _, ps in by_src[s] for p in ps]
            rng.shuffle(every)
            want, parts, size, k = int(a.article_mb * 1e6), [], 0, 0
            while size < want:
                p = every[k % len(every)]
                k += 1
                parts.append(p)
                size += len(p.encode()) + 1
            f.write(json.dumps({"id": "big-%g" % a.article_mb, "source": "big", "text": "\n".join(parts)},
                               ensure_ascii=False) + "\n")
            return 0
        recent = []
        for i in range(a.n):
            r = rng.random()
            if recent and r < 0.04:
                art = dict(rng.choice(recent), id="syn-%d" % i)
            elif recent and r < 0.10:
                art = near_copy(rng, rng.choice(recent), i)
            else:
                art = one_article(rng, by_src, sources, i)
            recent.append(art)
            if len(recent) > 200:  # copies follow their original closely, as wire copy does
                recent.pop(0)
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
