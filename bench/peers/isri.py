#!/usr/bin/python3
# isri.py: NLTK's ISRI Arabic stemmer as a peer for bench/run-all and bench/differential-peers.
# Runs under Debian's /usr/bin/python3 (python3-nltk). Slow, so the benchmark feeds it a slice.
"""Usage:
  isri.py [--runs N] FILE   split FILE into words (untimed), stem them all (timed, best of N);
                            prints key=value lines; the rate applies to the slice given
  isri.py --print           stems the words of each stdin line, writes them separated by spaces"""
import re
import resource
import sys
import time

from nltk.stem.isri import ISRIStemmer

# Words: runs of letters, digits and combining marks (\w misses the marks, so they are added).
WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]+")


def print_mode(st):
    for line in sys.stdin:
        sys.stdout.write(" ".join(st.stem(w) for w in WORD.findall(line)) + "\n")


def bench(st, path, runs):
    with open(path, "rb") as f:
        data = f.read()
    words = WORD.findall(data.decode("utf-8"))
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        chars = 0
        for w in words:
            chars += len(st.stem(w))
        best = min(best, time.perf_counter() - t0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peer=isri\nbytes={len(data)}\ntokens={len(words)}\nstem_chars={chars}")
    print(f"seconds={best:.6f}\nmb_s={len(data) / 1e6 / best:.2f}\ntokens_s={len(words) / best:.0f}")
    print(f"peak_rss_kb={rss}")


def main():
    args = sys.argv[1:]
    st = ISRIStemmer()
    if args == ["--print"]:
        print_mode(st)
        return 0
    runs = 3
    if len(args) == 3 and args[0] == "--runs":
        runs, args = int(args[1]), args[2:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    bench(st, args[0], runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
