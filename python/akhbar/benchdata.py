# benchdata.py: a bench corpus of n articles from SaudiNewsNet (bench/dask.sh). Beyond the real
# articles, round r repeats them with variation: ids suffixed, dates moved r x 23 days on (into
# other time windows), sentences rotated and about one word in five replaced from the corpus
# vocabulary, so the copies are mostly new texts, with the shared passages real news has.
import gzip
import json
import random
import sys
from datetime import date, timedelta


def _shift(pub, days):
    try:
        d = date(int(pub[0:4]), int(pub[5:7]), int(pub[8:10])) + timedelta(days=days)
        return d.isoformat() + pub[10:]
    except (ValueError, TypeError):
        return pub


def _vary(text, vocab, rnd):
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1:
        k = rnd.randrange(len(lines))
        lines = lines[k:] + lines[:k]
    out = []
    for ln in lines:
        words = ln.split(" ")
        out.append(" ".join(rnd.choice(vocab) if w and rnd.random() < 0.2 else w for w in words))
    return "\n".join(out)


def generate(src, n, out_path, seed=1):
    base = []
    with gzip.open(src, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                base.append(json.loads(line))
    rnd = random.Random(seed)
    vocab = [w for a in base[:2000] for w in (a.get("text") or "").split()[:200] if len(w) > 2]
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        r = 0
        while written < n:
            for a in base:
                if written >= n:
                    break
                if r:
                    a = dict(a, id="%s-r%d" % (a["id"], r), published=_shift(a.get("published"), 23 * r),
                             text=_vary(a.get("text") or "", vocab, rnd))
                out.write(json.dumps(a, ensure_ascii=False) + "\n")
                written += 1
            r += 1
    return written


if __name__ == "__main__":
    print(generate(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
