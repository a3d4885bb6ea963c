#!/usr/bin/env python3
# test_differential.py: checks akhbar's normalize/tokens/light10 output on tests/data/differential.tsv,
# the inputs where Lucene, Snowball or ISRI disagree with akhbar. Run by cli_differential.sh; needs no peer.
"""Usage: test_differential.py AKHBAR TSV. Prints one line per failing row and a summary; exit 1 on failure."""
import re
import subprocess
import sys

ESC = re.compile(r"\\u([0-9A-Fa-f]{4})")
COMMANDS = {
    "normalize": ["normalize", "-"],
    "normalize-keep": ["normalize", "--keep-teh-marbuta", "-"],
    "tokens": ["tokens", "--stem", "none", "-"],
    "light10": ["tokens", "--stem", "light10", "-"],
}


def unescape(s):
    return ESC.sub(lambda m: chr(int(m.group(1), 16)), s)


def visible(s):
    """Shows invisible and presentation-form code points as \\uXXXX in failure messages."""
    return "".join(c if c.isprintable() and not 0xFB50 <= ord(c) <= 0xFEFF else f"\\u{ord(c):04X}" for c in s)


def rows(path):
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or fields[0] not in COMMANDS or not fields[3].strip():
                raise SystemExit(f"{path}:{lineno}: want mode<TAB>input<TAB>expected<TAB>why, got {line!r}")
            yield lineno, fields[0], unescape(fields[1]), unescape(fields[2])


def token_fields(out):
    """TSV lines start end surface normalized stem; lines not starting with a number are skipped."""
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) >= 4 and f[0].isdigit():
            yield f


def actual(akhbar, mode, text):
    p = subprocess.run([akhbar] + COMMANDS[mode], input=(text + "\n").encode("utf-8"),
                       capture_output=True, timeout=30)
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode != 0:
        return None, f"exit {p.returncode}: {err}"
    out = p.stdout.decode("utf-8", "replace")
    if mode.startswith("normalize"):
        return out[:-1] if out.endswith("\n") else out, None
    toks = list(token_fields(out))
    if mode == "tokens":
        return " ".join(f"{f[0]}:{f[1]}:{f[3]}" for f in toks), None
    return " ".join(f[4] for f in toks if len(f) >= 5), None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    akhbar, tsv = sys.argv[1], sys.argv[2]
    n = bad = 0
    for lineno, mode, text, want in rows(tsv):
        n += 1
        got, err = actual(akhbar, mode, text)
        if got != want:
            bad += 1
            shown = f"'{visible(got)}'" if got is not None else err
            print(f"FAIL {tsv}:{lineno} {mode} '{visible(text)}': want '{visible(want)}', got {shown}")
    print(f"differential: {n - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
