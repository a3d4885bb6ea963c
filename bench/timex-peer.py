#!/usr/bin/env python3
# timex-peer.py: python3-dateparser's search_dates on a slice of SaudiNewsNet texts (MB/s), to
# print beside bench_timex; run: bench/timex-peer.py [N_DOCS] [AKHBAR_MB_S].
import gzip, json, os, sys, time, datetime

def main():
    shared = os.environ.get('AK_SHARED_DIR', os.path.join(os.path.dirname(__file__), '..', '..', 'shared'))
    path = os.path.join(shared, 'data', 'saudinewsnet', 'saudinewsnet.jsonl.gz')
    if not os.path.exists(path):
        print(f'timex-peer: {path} not found, skipped'); return
    try:
        from dateparser.search import search_dates
    except ImportError:
        print('timex-peer: python3-dateparser not installed, skipped'); return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    texts = []
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        for line in f:
            t = json.loads(line)['text']
            if t:
                texts.append(t)
            if len(texts) >= n:
                break
    size = sum(len(t.encode()) for t in texts)
    settings = {'PREFER_DATES_FROM': 'past', 'RELATIVE_BASE': datetime.datetime(2015, 8, 5)}
    search_dates('اليوم', languages=['ar'], settings=settings)  # load language data outside the clock
    t0 = time.time()
    found = 0
    for t in texts:
        found += len(search_dates(t, languages=['ar'], settings=settings) or [])
    s = time.time() - t0
    mbs = size / 1e6 / s
    print(f'timex-peer: dateparser {len(texts)} docs, {size / 1e6:.2f} MB, {found} dates, {s:.1f} s, {mbs:.4f} MB/s')
    if len(sys.argv) > 2:
        print(f'timex-peer: akhbar / dateparser = {float(sys.argv[2]) / mbs:.0f}x')

main()
