#!/usr/bin/env python3
# sample.py SEED PER_FORM [DAYS [OUTLETS]] [--families A,B]: draws real SaudiNewsNet sentences to label, PER_FORM for each of ten form
# families (regexes below), one sentence per article, articles 12000 on, skipping articles already
# in a *.tsv here. Prints form, article id, DCT (published), sentence. snn2.tsv came from seed 7 (5
# per form) and seed 11 (3 per form, minus the articles seed 7 drew), run when written/snn/forward.tsv
# were the labelled files; snn3.tsv from seed 23 (3 per form) with snn2.tsv present too. A re-run now
# skips all those articles and so draws new ones. DAYS (optional, comma-separated published dates)
# keeps only articles of those days: snn5.tsv came from seed 41, 4 per form, DAYS 2015-07-27 (a day the
# earlier batches hardly drew from; its outlets include almadina, sabq and alweeam, rare before).
# OUTLETS (optional, comma-separated `source` names) keeps only those outlets: snn6.tsv came from seed
# 53, 4 per form, DAYS 2015-07-31, OUTLETS all but aawsat and alriyadh (the two most drawn before);
# snn7.tsv from seed 67, 4 per form, DAYS 2015-08-02,2015-08-03 (the two days drawn least), OUTLETS
# aljazirah,3alyoum,sabq,okaz,alwatan,alweeam (all but the four drawn most).
# snn8.tsv from seed 79, 4 per form, DAYS 2015-08-01,2015-08-04 (drawn least after 27 July), OUTLETS
# aljazirah,3alyoum,sabq,okaz,alwatan,alweeam,almadina,was,arriyadiyah (all but the four drawn most).
# snn9.tsv from seed 97, 4 per form, DAYS 2015-08-09,2015-08-11 (drawn least for their size), the same OUTLETS.
# snn10.tsv from seed 109, 5 per form, DAYS 2015-08-10,2015-07-31, OUTLETS the eight drawn least for their
# size (almadina,aljazirah,okaz,alyaum,was,3alyoum,sabq,alwatan); snn11.tsv from seed 127, DAYS
# 2015-08-02,2015-08-11, OUTLETS almadina,alriyadh,aljazirah,okaz,alyaum,sabq,was,alwatan; snn12.tsv from
# seed 131, DAYS 2015-07-31,2015-08-04, OUTLETS almadina,alriyadh,aljazirah,okaz,sabq,alyaum,3alyoum,alwatan;
# snn13.tsv from seed 137, DAYS 2015-08-03,2015-08-09, OUTLETS almadina,aljazirah,alriyadh,okaz,aleqtisadiya,sabq,alwatan,alyaum;
# snn14.tsv from seed 149, DAYS 2015-08-01,2015-08-10, OUTLETS almadina,aljazirah,okaz,alriyadh,sabq,alweeam,alwatan,was;
# snn15.tsv from seed 151, DAYS 2015-07-27,2015-08-11, OUTLETS almadina,aljazirah,okaz,alriyadh,sabq,alwatan,alyaum,3alyoum.
# snn16.tsv from seed 163, DAYS 2015-08-03,2015-08-04, OUTLETS aawsat,aleqtisadiya,alweeam,3alyoum,alyaum,alwatan,sabq,almadina.
# snn17.tsv from seed 173, DAYS 2015-08-09,2015-08-10, OUTLETS aawsat,aleqtisadiya,alriyadh,alyaum,alweeam,3alyoum,okaz,was.
# snn18.tsv from seed 181, DAYS 2015-08-02,2015-07-31, OUTLETS almadina,aljazirah,okaz,alriyadh,alwatan,sabq,was,3alyoum.
# snn19.tsv from seed 191, DAYS 2015-08-11,2015-07-31, OUTLETS almadina,aljazirah,okaz,alriyadh,was,alwatan,sabq,alweeam.
# snn20.tsv from seed 193, DAYS 2015-08-02,2015-08-01, OUTLETS almadina,aljazirah,okaz,alriyadh,alwatan,was,alyaum,3alyoum.
# snn21.tsv from seed 197, DAYS 2015-08-11,2015-07-31, OUTLETS almadina,okaz,aljazirah,was,alriyadh,sabq,3alyoum,alyaum.
# snn22.tsv from seed 199, DAYS 2015-08-10,2015-07-27, OUTLETS almadina,aljazirah,okaz,was,alwatan,alyaum,sabq,3alyoum.
# snn23.tsv from seed 211, DAYS 2015-08-02,2015-08-11, OUTLETS almadina,aljazirah,okaz,was,sabq,aleqtisadiya,alriyadh,3alyoum.
# snn24.tsv from seed 223, DAYS 2015-08-03,2015-07-31, OUTLETS almadina,aljazirah,okaz,was,sabq,alriyadh,alwatan,alyaum.
# snn25.tsv from seed 227, DAYS 2015-08-10,2015-08-04, OUTLETS almadina,okaz,aljazirah,was,sabq,alwatan,alweeam,alyaum.
# snn26.tsv from seed 229, DAYS 2015-08-11,2015-08-09, OUTLETS almadina,okaz,aljazirah,was,sabq,3alyoum,alweeam,alriyadh.
# snn27.tsv from seed 233, DAYS 2015-08-02,2015-08-01, OUTLETS almadina,okaz,aljazirah,was,sabq,alwatan,alyaum,aleqtisadiya.
# snn28.tsv from seed 239, DAYS 2015-08-03,2015-08-04, OUTLETS almadina,okaz,aljazirah,was,sabq,alriyadh,aawsat,alwatan.
# snn29.tsv from seed 241, DAYS 2015-07-31,2015-07-27, OUTLETS almadina,okaz,aljazirah,was,3alyoum,alweeam,arriyadiyah,alriyadh.
# snn30.tsv from seed 251, DAYS 2015-08-11,2015-08-10, OUTLETS almadina,was,okaz,aljazirah,arriyadiyah,sabq,alwatan,alriyadh.
# snn31.tsv from seed 257, DAYS 2015-08-10,2015-08-03, OUTLETS almadina,okaz,aljazirah,was,sabq,alyaum,alwatan,3alyoum,
# and seed 263, 1 per form, on the same days and outlets with seed 257's articles set aside.
# snn32.tsv from seed 269, DAYS 2015-08-11,2015-07-27, OUTLETS almadina,okaz,aljazirah,was,sabq,alwatan,aleqtisadiya,3alyoum,
# and seed 271, 1 per form, on the same days and outlets with seed 269's articles set aside.
# snn33.tsv from seed 277, DAYS 2015-08-02,2015-08-04, OUTLETS almadina,okaz,aljazirah,was,aawsat,alriyadh,alyaum,sabq.
# snn34.tsv from seed 283, DAYS 2015-07-31,2015-08-09, OUTLETS almadina,okaz,aljazirah,was,alriyadh,alweeam,alwatan,3alyoum.
# snn190.tsv from seed 1399, 3 per form, every day and outlet (the filtered pools were nearly used up).
# snn191.tsv from seed 1409, 4 per form, likewise; snn192.tsv from seed 1423, 4 per form, likewise;
# snn193.tsv from seed 1427, 4 per form, likewise; snn194.tsv from seed 1429, 4 per form, likewise;
# snn195.tsv from seed 1433, 4 per form, likewise; snn196.tsv from seed 1439, 4 per form, likewise;
# snn197.tsv from seed 1447, 4 per form, likewise; snn198.tsv from seed 1451, 4 per form, likewise;
# snn199.tsv from seed 1453, 4 per form, likewise; snn200.tsv from seed 1459, 4 per form, likewise;
# snn201.tsv from seed 1471, 4 per form, likewise; snn202.tsv from seed 1481, 4 per form, likewise;
# snn203.tsv from seed 1483, 4 per form, likewise; snn204.tsv from seed 1487, 4 per form, likewise;
# snn205.tsv from seed 1489, 4 per form, likewise; snn206.tsv from seed 1493, 4 per form, likewise;
# snn207.tsv from seed 1499, 4 per form, likewise; snn208.tsv from seed 1511, 4 per form, likewise.
# snn209.tsv to snn235.tsv, 4 per form, likewise, from seeds 1523, 1531, 1543, 1549, 1553, 1559,
# 1567, 1571, 1579, 1583, 1597, 1601, 1607, 1609, 1613, 1619, 1621, 1627, 1637, 1657, 1663, 1669
# (1667 drawn before it and put aside), 1693, 1697, 1699, 1709 and 1721; snn236.tsv from seed 1723, 4
# per form. snn237.tsv to snn267.tsv, every day and outlet, from seeds 1733 (4 per form), 1741, 1747,
# 1753, 1759, 1777 (6), 1783, 1787, 1789, 1801, 1811, 1823, 1831, 1847, 1861, 1867, 1871 (10), 1873,
# 1877, 1879, 1889, 1901, 1907, 1913 (14), 1931, 1933, 1949, 1951, 1973, 1979 and 1987 (18): a larger draw, since most sentences
# of a small one had been labelled already or were other printings of labelled ones. snn268.tsv to
# snn294.tsv likewise from seeds 1993, 1997, 1999, 2003, 2011, 2017, 2027, 2029, 2039 (18), 2053,
# 2063, 2069, 2081 (24), 2083, 2087, 2089, 2099, 2111, 2113 (30), 2129 (36), 2131, 2137, 2141,
# 2143, 2153, 2161 (48) and 2179 (96). snn295.tsv to snn303.tsv from seeds 2203 (6 per family),
# 2207, 2213, 2221, 2237, 2239, 2243, 2251 and 2267 (7), every day and outlet, with --families
# cur,edge,year,dur,ahead,since,clock (the ten old families' sentences are mostly labelled now).
# snn304.tsv to snn327.tsv likewise from seeds 2269, 2273, 2281, 2287, 2293, 2297, 2309, 2311,
# 2333, 2339, 2341, 2347, 2351, 2357, 2371, 2377, 2381, 2383, 2389, 2393 (7 per family), 2399,
# 2411, 2417, 2423, 2437 and 2441 (12); 2447, 2459, 2467, 2473, 2477, 2503, 2521, 2531, 2539 and
# 2543 (12); then --families word,dual,numeric,offset: 2549, 2551, 2557, 2579, 2591, 2593, 2609 and
# 2617 (6), 2621 and 2633 (5); 2647, 2657, 2659, 2663, 2671, 2677, 2683, 2687, 2689, 2693, 2699,
# 2707, 2711, 2713, 2719, 2729, 2731, 2741, 2749, 2753 and 2767 (6); then --families
# approx,rate,hist: 2777, 2789 (before hist matched whole words only) and 2791 (6).
# snn371.tsv to snn381.tsv with --uniform (news as it comes, not by form) from seeds 2797 (30
# sentences), 2801, 2803 (40), 2819, 2833, 2837, 2843, 2851, 2857, 2861 and 2879 (50), each less
# the sentences drawn by an earlier seed, those sharing half their word 3-grams with a labelled
# one (other printings), chrome ("رابط الخبر بصحيفة الوئام") and two whose weekday disagrees with
# their Hijri date. snn382.tsv to snn397.tsv likewise from 2887, 2897, 2903, 2909, 2917, 2927,
# 2939, 2953, 2957, 2963, 2969, 2971, 2999, 3001, 3011 and 3019 (50), after the rules the first
# eleven showed (a chronology line whose year lost its first digit, "911 - الإيطاليون", left out).
# snn398.tsv to snn422.tsv likewise from 3023, 3037, 3041, 3049, 3061, 3067, 3079, 3083, 3089,
# 3109, 3119, 3121, 3137, 3163, 3167, 3169, 3181, 3187, 3191, 3203, 3209, 3217, 3221, 3229 and 3251
# (50), each scored with the rules of the batches before it; snn423.tsv to snn447.tsv likewise from
# 3253, 3257, 3259, 3271, 3299, 3301, 3307, 3313, 3319, 3323, 3329, 3331, 3343, 3347, 3359, 3361,
# 3371, 3373, 3389, 3391, 3407, 3413, 3433, 3449 and 3457 (a sentence two seeds drew kept once);
# snn448.tsv to snn455.tsv from 3461, 3463, 3467, 3469, 3491, 3499, 3511 and 3517.
# Run from the source root: python3 tests/data/timex/sample.py 7 5 (AK_SHARED_DIR: the shared data).
import gzip, glob, json, os, random, re, sys
used = set()
for f in glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), '*.tsv')):
    for l in open(f, encoding='utf-8'):
        if l.startswith('snn-'): used.add(l.split('\t')[0])
cats = {
 'lev': r'(كانون|تشرين|شباط|آذار|نيسان|أيار|حزيران|تموز|أيلول)',
 'hijri': r'(رمضان|شوال|ذي القعدة|ذو الحجة|ذي الحجة|محرم|صفر|ربيع|جمادى|رجب|شعبان|\d+ ?هـ)',
 'rel': r'(أمس|غدا|غداً|الأسبوع الماضي|الشهر المقبل|الشهر الماضي|العام الماضي|العام المقبل|منذ (ثلاثة|أربعة|خمسة|يومين|أسبوع)|قبل (يومين|أسبوع|ثلاثة))',
 'wd': r'\b(يوم )?(الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)\b',
 'range': r'(\d+ (إلى|حتى|و|-) ?\d+ (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر)|من \d{4} (إلى|حتى) \d{4}|بين عامي)',
 'decade': r'(الثمانينات|الثمانينيات|التسعينات|التسعينيات|السبعينات|السبعينيات|الستينات|الستينيات|الخمسينات|الخمسينيات)',
 'part': r'(صباح|مساء|ظهر|عصر|فجر|ليلة) (اليوم|أمس|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)',
 'yearless': r'(في|منذ|خلال|حتى) \d{1,2} (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر)[^0-9]',
 'ord': r'(الأول|الثاني|الثالث|الرابع|الخامس|العاشر|الحادي عشر|العشرين) من (يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|الشهر|رمضان|شوال)',
 'nodate': r'\d+ (مليون|ألف|نقطة|هدف|دولار|ريال|شخص)',
}
# More families, drawn only when named with --families (the ten above are the default, so that
# every seed above still draws what it drew): current periods, a period's edges, written years,
# counted lengths, periods ahead, spans after منذ/خلال, and times of day.
more = {
 'cur': r'(العام الحالي|العام الجاري|الشهر الحالي|الشهر الجاري|الأسبوع الحالي|الأسبوع الجاري|هذا العام|هذا الشهر|هذا الأسبوع|السنة الحالية)',
 'edge': r'(مطلع|أواخر|منتصف|أوائل|نهاية|بداية|أواسط) (العام|الشهر|الأسبوع|السنة|القرن|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|\d{4})',
 'year': r'(عام|العام|سنة) \d{4}',
 'dur': r'\d+ (سنوات|أعوام|عاما|شهرا|أشهر|أسابيع|يوما|أيام|ساعة|ساعات|دقيقة|دقائق)',
 'ahead': r'(الأسبوع المقبل|الأسبوع القادم|الأيام المقبلة|الأيام القادمة|العام القادم|الشهر القادم|السنوات المقبلة|الأشهر المقبلة)',
 'since': r'(منذ|خلال|طوال|لمدة) (عام|عامين|شهر|شهرين|أسبوع|أسبوعين|يوم|يومين|سنة|سنتين|سنوات|أعوام|عقود|عقد)\b',
 'clock': r'(الساعة \d|صباح اليوم|مساء اليوم|الليلة|ظهر اليوم|عصر اليوم)',
 # and, from seed 2549 on: lengths counted in words, duals, numeric dates, offsets before/after
 'word': r'(ثلاث|أربع|خمس|ست|سبع|ثماني|تسع|عشر)[ةه]? (سنوات|أعوام|أشهر|شهور|أسابيع|أيام|ساعات|دقائق)',
 'dual': r'(عامين|سنتين|شهرين|أسبوعين|يومين|ساعتين|دقيقتين|العامين|الشهرين|اليومين)',
 'numeric': r'\d{1,2} ?[/-] ?\d{1,2} ?[/-] ?\d{2,4}',
 'offset': r'(بعد|قبل) (نحو |حوالي )?(\d+|يومين|أسبوع|أسبوعين|شهر|شهرين|عام|عامين|سنة|ساعات|ساعة|أيام|أشهر|سنوات|أعوام)\b',
 # and, from seed 2777 on: lengths with about/more/less, rates, and centuries or decades
 'approx': r'(نحو|حوالي|قرابة|زهاء|ما يقارب|ما يقرب من|أكثر من|أقل من) (\d+ )?(عام|عامين|سنة|سنوات|أعوام|عاما|شهر|شهرين|أشهر|شهرا|أسبوع|أسبوعين|أسابيع|يوم|يومين|أيام|يوما|ساعة|ساعتين|ساعات|عقد|عقدين|عقود|قرن|قرنين|قرون|قرنا)\b',
 'rate': r'(يوميا|أسبوعيا|شهريا|سنويا|كل (يوم|أسبوع|شهر|عام|سنة|ساعة)|في (اليوم|الشهر|السنة|العام|الأسبوع)\b)',
 'hist': r'\b(القرن|القرون|العقد الماضي|العقود|الألفية|قبل الميلاد|الستينات|السبعينات|الثمانينات|التسعينات)\b',
}
# --uniform: news as it comes rather than by form. Every article 12000 on (labelled ones too), one
# sentence drawn at random from those of 20-400 characters with any word or figure a time expression
# needs (a superset: most such sentences hold none), PER_FORM sentences in all; a sentence already
# labelled is passed over. The draw the blind "as it comes" figure of docs/time.md is scored on.
cue = (r'[0-9٠-٩]|يناير|فبراير|مارس|بريل|مايو|يوني|يولي|غسطس|سبتمبر|كتوبر|نوفمبر|ديسمبر|كانون|تشرين|شباط|'
       r'آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|أيلول|ايلول|محرم|صفر|ربيع|جماد|رجب|شعبان|رمضان|شوال|القعدة|'
       r'الحجة|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد|يوم|أيام|ايام|ساع|'
       r'أسبوع|اسبوع|أسابيع|شهر|أشهر|اشهر|عام|أعوام|اعوام|سنة|سنو|سنين|سنتين|قرن|قرون|عقد|عقود|دقيق|دقائق|ثوان|'
       r'أمس|امس|غدا|الليلة|الآن|حاليا|صباح|مساء|ظهر|عصر|فجر|صيف|شتاء|خريف|موسم|الثمانين|التسعين|السبعين|'
       r'الستين|الخمسين|الألفية|فترة|مرحلة|الماضي|المقبل|القادم|الحالي|الجاري')
uniform = '--uniform' in sys.argv
if uniform:
    sys.argv.remove('--uniform')
    labelled = set()
    for f in glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), '*.tsv')):
        for l in open(f, encoding='utf-8'):
            labelled.update(l.rstrip('\n').split('\t'))
    used = set()
if '--families' in sys.argv:
    k = sys.argv.index('--families')
    names = sys.argv[k + 1].split(',')
    del sys.argv[k:k + 2]
    cats = {n: {**cats, **more}[n] for n in names}
rng = random.Random(int(sys.argv[1]))
per = int(sys.argv[2])
days = set(sys.argv[3].split(',')) if len(sys.argv) > 3 else None
outlets = set(sys.argv[4].split(',')) if len(sys.argv) > 4 else None
arts = []
corpus = os.path.join(os.environ.get('AK_SHARED_DIR', '../shared'), 'data', 'saudinewsnet', 'saudinewsnet.jsonl.gz')
with gzip.open(corpus, 'rt', encoding='utf-8') as f:
    for n, l in enumerate(f):
        if n < 12000: continue
        a = json.loads(l)
        if a['id'] in used or not a.get('text') or not a.get('published'): continue
        if days and a['published'] not in days: continue
        if outlets and a.get('source') not in outlets: continue
        arts.append(a)
rng.shuffle(arts)
if uniform:
    n = 0
    for a in arts:
        sents = [s.strip() for s in re.split(r'(?<=[.!؟])\s+|\n+', a['text'])]
        sents = [s for s in sents if 20 <= len(s) <= 400 and re.search(cue, s) and s not in labelled]
        if not sents: continue
        print(f"any\t{a['id']}\t{a['published']}\t{rng.choice(sents)}")
        n += 1
        if n >= per: break
    sys.exit(0)
got = {k: [] for k in cats}
seen = set()
for a in arts:
    sents = [s.strip() for s in re.split(r'(?<=[.!؟])\s+|\n+', a['text']) if 40 <= len(s.strip()) <= 260]
    for s in sents:
        for k, rx in cats.items():
            if len(got[k]) < per and a['id'] not in seen and re.search(rx, s):
                got[k].append((a['id'], a['published'], s)); seen.add(a['id']); break
    if all(len(v) >= per for v in got.values()): break
for k, v in got.items():
    for i, d, s in v:
        print(f'{k}\t{i}\t{d}\t{s}')
