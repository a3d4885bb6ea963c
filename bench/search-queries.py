#!/usr/bin/env python3
"""search-queries.py: a set of DISTINCT search queries drawn from the titles of a store, for the
search and serve benchmarks (no query repeats, so no answer can come from a cache).

Drawing: an article is picked at random (seeded), then a query from its title: 70% one word,
20% two words of the title (AND, any order), 10% two adjacent words as a "phrase". Words are title
tokens of at least 3 letters without punctuation. A query whose words are tatweel only (a
title's "ـــ" rule: no word, which the API answers 400) is skipped like a repeat. A query already drawn is skipped, so common
words appear once, in the proportion a reader drawing titles would meet them first.

usage: search-queries.py DB N [--seed S] [--format text|lua-paths]
"""
import argparse
import random
import re
import sqlite3
import sys
import urllib.parse

WORD = re.compile(r"^[\u0621-\u064A\u0660-\u0669A-Za-z0-9]{3,}$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=["text", "paths"], default="text")
    a = ap.parse_args()
    c = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    titles = []
    for (t,) in c.execute("SELECT title FROM articles WHERE title IS NOT NULL"):
        w = [x for x in t.split() if WORD.match(x)]
        if len(w) >= 1:
            titles.append(w)
    rnd = random.Random(a.seed)
    seen, out = set(), []
    tries = 0
    while len(out) < a.n and tries < 50 * a.n:
        tries += 1
        w = rnd.choice(titles)
        r = rnd.random()
        if r < 0.7 or len(w) < 2:
            q = rnd.choice(w)
        elif r < 0.9:
            x, y = rnd.sample(w, 2)
            q = f"{x} {y}"
        else:
            i = rnd.randrange(len(w) - 1)
            q = f'"{w[i]} {w[i + 1]}"'
        if q in seen or not any(x.strip('"').replace("\u0640", "") for x in q.split()):
            continue
        seen.add(q)
        out.append(q)
    for q in out:
        if a.format == "paths":
            print("/api/search?q=" + urllib.parse.quote(q))
        else:
            print(q)
    print(f"search-queries: {len(out)} distinct queries from {len(titles)} titles", file=sys.stderr)


if __name__ == "__main__":
    main()
