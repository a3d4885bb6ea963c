#!/usr/bin/env python3
# gen-pairs.py: labelled synthetic pairs made from real SaudiNewsNet text with controlled edits
# (chrome, headline, diacritics, typos, sentence deletion/insertion/reordering, truncation, a quoted
# paragraph, unrelated), scored against akhbar's classes. Usage: gen-pairs.py BUILD_DIR CORPUS [N]
import sys, os, gzip, json, random, re, collections
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import dedup_ffi as d

MARKS = "\u064e\u064f\u0650\u0651\u064b"

def sentences(t):
    return [s.strip() for s in re.split(r"(?<=[.!؟])\s+", t) if s.strip()]

def diacritize(t, rnd):
    return "".join(c + (rnd.choice(MARKS) if "\u0621" <= c <= "\u064a" and rnd.random() < 0.3 else "") for c in t)

def typos(t, rnd, n=4):
    w = t.split(" ")
    for _ in range(n):
        i = rnd.randrange(len(w))
        if len(w[i]) > 3:
            j = rnd.randrange(len(w[i]) - 1)
            w[i] = w[i][:j] + w[i][j + 1] + w[i][j] + w[i][j + 2:] if rnd.random() < 0.5 else w[i][:j] + w[i][j + 1:]
    return " ".join(w)

def make(a, other, rnd):
    """Yields (edit, gold class, text a, text b)."""
    s = sentences(a)
    chrome = "تابعونا على تويتر وفيسبوك\nجميع الحقوق محفوظة للصحيفة"
    yield "chrome-added", "duplicate", a, a + "\n" + chrome
    yield "chrome-removed", "duplicate", "الرياض - واس\n" + a + "\n" + chrome, a
    yield "headline", "duplicate", "عنوان الخبر الأول\n" + a, "عنوان آخر مختلف تماما للخبر\n" + a
    yield "diacritics", "duplicate", a, diacritize(a, rnd)
    yield "typos", "duplicate", a, typos(a, rnd)
    k = max(1, len(s) // 4)
    drop = set(rnd.sample(range(len(s)), k))
    yield "sentences-deleted", "rewrite", a, " ".join(x for i, x in enumerate(s) if i not in drop)
    ins = sentences(other)[:k]
    b = list(s)
    for x in ins:
        b.insert(rnd.randrange(len(b) + 1), x)
    yield "sentences-inserted", "rewrite", a, " ".join(b)
    b = list(s)
    half = len(b) // 2
    yield "reordered", "rewrite", a, " ".join(b[half:] + b[:half])
    yield "truncated", "rewrite", a, " ".join(s[: max(2, int(len(s) * 0.6))])
    para = " ".join(s[1:4])
    o = sentences(other)
    yield "quoted-paragraph", "shares-passage", a, " ".join(o[:3] + ["وجاء في البيان: «" + para + "»"] + o[3:])
    yield "unrelated", "unrelated", a, other

def prf(gold, pred, c):
    tp = sum(g == c and p == c for g, p in zip(gold, pred))
    fp = sum(g != c and p == c for g, p in zip(gold, pred))
    fn = sum(g == c and p != c for g, p in zip(gold, pred))
    P = tp / (tp + fp) if tp + fp else 1.0
    R = tp / (tp + fn) if tp + fn else 1.0
    return P, R, 2 * P * R / (P + R) if P + R else 0.0

def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen-pairs.py BUILD_DIR CORPUS [N]")
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    if not os.path.exists(sys.argv[2]):
        print("gen-pairs: SKIP: %s absent" % sys.argv[2])
        return
    lib = d.load(sys.argv[1])
    rnd = random.Random(7)
    arts = []
    with gzip.open(sys.argv[2], "rt", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)["text"]
            if len(t) > 1500 and len(sentences(t)) >= 8:
                arts.append(t)
            if len(arts) >= 4 * n:
                break
    rnd.shuffle(arts)
    gold, pred, by_edit = [], [], collections.defaultdict(collections.Counter)
    for i in range(n):
        for edit, g, x, y in make(arts[2 * i], arts[2 * i + 1], rnd):
            r = d.compare(lib, d.Fp(lib, x), d.Fp(lib, y))
            p = d.CLASSES[r.cls]
            gold.append(g)
            pred.append(p)
            by_edit[edit][p] += 1
    for c in ("duplicate", "rewrite", "shares-passage", "unrelated"):
        print("gen_pairs %-15s P=%.3f R=%.3f F1=%.3f" % ((c,) + prf(gold, pred, c)))
    dr_g = ["dr" if g in ("duplicate", "rewrite") else g for g in gold]
    dr_p = ["dr" if p in ("duplicate", "rewrite") else p for p in pred]
    print("gen_pairs %-15s P=%.3f R=%.3f F1=%.3f" % (("dup+rewrite",) + prf(dr_g, dr_p, "dr")))
    for e, c in by_edit.items():
        print("  %-20s %s" % (e, dict(c)))

main()
