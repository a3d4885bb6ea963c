/* test_dedup_core.c: unit tests of fingerprints, MinHash, LSH and pair classes on constructed texts:
 * estimates against exact Jaccard, determinism, the S-curve, passage spans, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "dedup/dedup_internal.h"

/* Appends n words "w<first+i*step>" to buf (space separated); returns new length. */
static size_t words(char *buf, size_t len, unsigned first, unsigned n, unsigned step)
{
    for (unsigned i = 0; i < n; i++) len += (size_t)sprintf(buf + len, "w%u ", first + i * step);
    return len;
}

static ak_fp *fp_of(const char *s)
{
    ak_fp *fp = NULL;
    assert_int_equal(ak_fp_new(s, strlen(s), NULL, &fp), AK_OK);
    return fp;
}

/* The class ak_dup_compare gives a against b. */
static int cls_of(const ak_fp *a, const ak_fp *b)
{
    ak_dup_result r;
    assert_int_equal(ak_dup_compare(a, b, &r), AK_OK);
    return r.cls;
}

/* Two texts share a run of `common` words and each has `own` words of its own:
 * with 5-shingles the exact Jaccard is known and MinHash must land near it. */
static void test_estimate_close_to_exact(void **state)
{
    (void)state;
    static char a[200000], b[200000];
    unsigned commons[] = { 0, 100, 300, 600, 900 };
    for (size_t c = 0; c < sizeof commons / sizeof *commons; c++) {
        size_t la = words(a, 0, 1, commons[c], 1), lb = words(b, 0, 1, commons[c], 1);
        la = words(a, la, 100000, 1000 - commons[c], 1);
        lb = words(b, lb, 200000, 1000 - commons[c], 1);
        a[la] = b[lb] = 0;
        ak_fp *fa = fp_of(a), *fb = fp_of(b);
        ak_dup_result r;
        assert_int_equal(ak_dup_compare(fa, fb, &r), AK_OK);
        /* shared shingles: commons-4 (none when commons < 5); each side has 996 */
        double inter = commons[c] >= 5 ? commons[c] - 4.0 : 0.0;
        double j = inter / (2 * 996.0 - inter);
        assert_true(r.jaccard > j - 1e-9 && r.jaccard < j + 1e-9);
        /* 128 hashes: standard deviation <= 0.045; 4 sigma */
        assert_true(r.estimate > j - 0.18 && r.estimate < j + 0.18);
        ak_fp_free(fa);
        ak_fp_free(fb);
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    const char *t = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في الرياض بحضور الوزراء";
    ak_fp *a = fp_of(t), *b = fp_of(t);
    size_t na, nb;
    const uint32_t *sa = ak_fp_signature(a, &na), *sb = ak_fp_signature(b, &nb);
    assert_int_equal(na, 128);
    assert_int_equal(na, nb);
    assert_memory_equal(sa, sb, na * sizeof *sa);
    assert_true(ak_fp_exact(a) == ak_fp_exact(b));
    /* Diacritics, tatweel and hamza forms do not change the fingerprint. */
    const char *marked = "قالَ المتحدثُ باسم الوزارة إنّ الاجتمـــاع سيعقد غداً في الرياض بحضور الوزراء";
    ak_fp *c = fp_of(marked);
    assert_true(ak_fp_exact(a) == ak_fp_exact(c));
    ak_dup_result r;
    assert_int_equal(ak_dup_compare(a, c, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_DUPLICATE);
    ak_fp_free(a);
    ak_fp_free(b);
    ak_fp_free(c);
}

/* Pairs at Jaccard s: the share found by the index follows 1-(1-s^r)^b. */
static void test_lsh_s_curve(void **state)
{
    (void)state;
    unsigned bands, rows;
    ak_lsh_params(0.5, 128, &bands, &rows);
    assert_true(bands * rows <= 128);
    assert_true(ak_lsh_probability(0.9, bands, rows) > 0.99);
    assert_true(ak_lsh_probability(0.1, bands, rows) < 0.01);
    for (int i = 1; i < 20; i++)
        assert_true(ak_lsh_probability(i / 20.0, bands, rows) >= ak_lsh_probability((i - 1) / 20.0, bands, rows));

    ak_lsh *lsh = NULL;
    assert_int_equal(ak_lsh_new(NULL, &lsh), AK_OK);
    assert_int_equal(ak_lsh_bands(lsh), bands);
    static char buf[100000];
    enum { N = 60 };
    ak_fp *base[N];
    for (unsigned d = 0; d < N; d++) {
        size_t l = words(buf, 0, 1000000 * (d + 1), 400, 1);
        buf[l] = 0;
        base[d] = fp_of(buf);
        assert_int_equal(ak_lsh_add(lsh, d, ak_fp_signature(base[d], NULL)), AK_OK);
    }
    int hi_found = 0, lo_found = 0;
    for (unsigned d = 0; d < N; d++) {
        /* high: one word in 40 changed (J about 0.78); low: 330 of 400 words new (J about 0.1) */
        size_t l = 0;
        for (unsigned i = 0; i < 400; i++)
            l += (size_t)sprintf(buf + l, "w%u ", i % 40 == 7 ? 5u + i : 1000000 * (d + 1) + i);
        buf[l] = 0;
        ak_fp *hi = fp_of(buf);
        l = words(buf, 0, 1000000 * (d + 1), 70, 1);
        l = words(buf, l, 900000000 + d * 1000, 330, 1);
        buf[l] = 0;
        ak_fp *lo = fp_of(buf);
        uint64_t *ids;
        size_t n;
        assert_int_equal(ak_lsh_query(lsh, ak_fp_signature(hi, NULL), &ids, &n), AK_OK);
        for (size_t k = 0; k < n; k++) hi_found += ids[k] == d;
        for (size_t k = 1; k < n; k++) assert_true(ids[k - 1] < ids[k]);
        ak_free(ids);
        assert_int_equal(ak_lsh_query(lsh, ak_fp_signature(lo, NULL), &ids, &n), AK_OK);
        for (size_t k = 0; k < n; k++) lo_found += ids[k] == d;
        ak_free(ids);
        ak_fp_free(hi);
        ak_fp_free(lo);
    }
    assert_true(hi_found >= N * 9 / 10);
    assert_true(lo_found <= N / 10);
    for (unsigned d = 0; d < N; d++) ak_fp_free(base[d]);
    ak_lsh_free(lsh);
}

static size_t cps(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* A 29-word Arabic passage quoted inside two unrelated texts: one span, at the
 * code-point offsets where the passage was put, in both. */
static void test_passage_spans(void **state)
{
    (void)state;
    const char *p = "وأكد الجانبان التزامهما بتعزيز الشراكة الأمنية ودعم قدرات القوات المسلحة في مواجهة "
                    "الإرهاب وحماية الحدود وتبادل المعلومات وتطوير برامج التدريب المشترك وفق الاتفاقية "
                    "الموقعة بين البلدين في العام الماضي";
    static char a[20000], b[20000];
    size_t la = words(a, 0, 1, 150, 1), lb = words(b, 0, 5000, 60, 1);
    size_t pa = la, pb = lb;
    la += (size_t)sprintf(a + la, "%s ", p);
    lb += (size_t)sprintf(b + lb, "«%s» ", p);
    pb += 2; /* the opening quote mark */
    la = words(a, la, 9000, 40, 1);
    lb = words(b, lb, 7000, 200, 1);
    a[la] = b[lb] = 0;
    ak_fp *fa = fp_of(a), *fb = fp_of(b);
    ak_dup_result r;
    assert_int_equal(ak_dup_compare(fa, fb, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_SHARES_PASSAGE);
    assert_int_equal(r.n_spans, 1);
    assert_int_equal(r.spans[0].a_start, cps(a, pa));
    assert_int_equal(r.spans[0].a_end, cps(a, pa + strlen(p)));
    assert_int_equal(r.spans[0].b_start, cps(b, pb));
    assert_int_equal(r.spans[0].b_end, cps(b, pb + strlen(p)));
    assert_int_equal(r.longest, 29); /* words of p */
    ak_fp_free(fa);
    ak_fp_free(fb);
}

/* A short item found whole far down a long article: quoted inside a paragraph, it is a shared
 * passage; printed as a paragraph of its own, or opening with و/ف (an agency's follow-up part),
 * it is the item printed whole: a rewrite. */
static void test_item_printed_whole(void **state)
{
    (void)state;
    static const char item[] = "أعلنت الهيئة العامة للأرصاد أن موجة الحر ستستمر حتى نهاية الأسبوع مع درجات حرارة "
                               "تتجاوز الخمسين في المناطق الشرقية والوسطى وتوقعت رياحا نشطة مثيرة للأتربة";
    static const char conj[] = "وأضاف المتحدث أن موجة الحر ستستمر حتى نهاية الأسبوع مع درجات حرارة "
                               "تتجاوز الخمسين في المناطق الشرقية والوسطى وتوقعت رياحا نشطة مثيرة للأتربة";
    static char inline_q[20000], own_par[20000];
    size_t a = words(inline_q, 0, 1, 120, 1), b = words(own_par, 0, 1, 120, 1);
    a += (size_t)sprintf(inline_q + a, "وقال %s ", item);
    b += (size_t)sprintf(own_par + b, "\n%s\n", item);
    a = words(inline_q, a, 500, 40, 1);
    b = words(own_par, b, 500, 40, 1);
    inline_q[a] = own_par[b] = 0;
    ak_fp *fi = fp_of(item), *fc = fp_of(conj), *fq = fp_of(inline_q), *fo = fp_of(own_par);
    ak_dup_result r;
    assert_int_equal(ak_dup_compare(fi, fq, &r), AK_OK);
    assert_true(r.lead_b > 0.4 && r.cover_a >= 0.6);
    assert_int_equal(r.cls, AK_DUP_SHARES_PASSAGE);
    assert_int_equal(cls_of(fo, fi), AK_DUP_REWRITE); /* either order */
    static char conj_q[20000];
    size_t c = words(conj_q, 0, 1, 120, 1);
    c += (size_t)sprintf(conj_q + c, "%s ", conj);
    c = words(conj_q, c, 500, 40, 1);
    conj_q[c] = 0;
    ak_fp *fcq = fp_of(conj_q);
    assert_int_equal(cls_of(fc, fcq), AK_DUP_REWRITE);
    ak_fp_free(fi);
    ak_fp_free(fc);
    ak_fp_free(fq);
    ak_fp_free(fo);
    ak_fp_free(fcq);
}

/* A long article on another meeting whose first words share only an official's title string
 * (19 words: a passage, but too short to be an item) with a short item that it quotes whole far
 * down, inside a paragraph: the quoted item is a shared passage. Opened by the whole item, the
 * same article is that item extended. */
static void test_title_string_is_not_the_lead(void **state)
{
    (void)state;
    static const char title[] = "صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد النائب الثاني "
                                "لرئيس مجلس الوزراء وزير الدفاع";
    static const char body[] = "رئيس حزب القوات اللبنانية سمير جعجع وجرى خلال الاجتماع استعراض مستجدات الأوضاع "
                               "على الساحة اللبنانية والتطورات في المنطقة وسبل دعم الاستقرار";
    static char item[4000], quoting[40000], opening[40000];
    sprintf(item, "اجتمع %s في جدة مساء أمس مع %s", title, body);
    size_t q = (size_t)sprintf(quoting, "التقى %s أمس ", title);
    q = words(quoting, q, 1, 150, 1);
    q += (size_t)sprintf(quoting + q, "كما %s ", item);
    q = words(quoting, q, 500, 20, 1);
    size_t o = (size_t)sprintf(opening, "%s\n", item);
    o = words(opening, o, 1, 170, 1);
    quoting[q] = opening[o] = 0;
    ak_fp *fi = fp_of(item), *fq = fp_of(quoting), *fo = fp_of(opening);
    ak_dup_result r;
    /* read from the long article, the title string at its top is the first passage in both */
    assert_int_equal(ak_dup_compare(fq, fi, &r), AK_OK);
    assert_true(r.lead_a < 0.1 && r.lead_b < 0.1);
    assert_true(r.cover_b >= 0.6 && r.cover_a < 0.4 && r.longest >= 20);
    assert_int_equal(r.cls, AK_DUP_SHARES_PASSAGE);
    assert_int_equal(cls_of(fi, fq), AK_DUP_SHARES_PASSAGE); /* either order */
    assert_int_equal(cls_of(fi, fo), AK_DUP_REWRITE);
    ak_fp_free(fi);
    ak_fp_free(fq);
    ak_fp_free(fo);
}

/* An item quoted in a roundup after a turn to another item ("إلى ذلك", "من جهة أخرى") is a
 * shared passage even near the roundup's top, where it would read as the item extended; the same
 * article without the turn, or with it far before the item, is a rewrite. */
static void test_turn_before_item_is_a_quote(void **state)
{
    (void)state;
    static char item[4000], turned[8000], plain[8000], far[8000];
    size_t i = words(item, 0, 5000, 60, 1);
    size_t t = words(turned, 0, 1, 40, 1);
    t += (size_t)sprintf(turned + t, "إلى ذلك، ");
    size_t p = words(plain, 0, 1, 40, 1);
    size_t f = words(far, 0, 1, 5, 1);
    f += (size_t)sprintf(far + f, "من جهة أخرى ");
    f = words(far, f, 100, 35, 1);
    t = words(turned, t, 5000, 60, 1);
    p = words(plain, p, 5000, 60, 1);
    f = words(far, f, 5000, 60, 1);
    t = words(turned, t, 9000, 40, 1);
    p = words(plain, p, 9000, 40, 1);
    f = words(far, f, 9000, 40, 1);
    item[i] = turned[t] = plain[p] = far[f] = 0;
    ak_fp *fi = fp_of(item), *ft = fp_of(turned), *fp = fp_of(plain), *ff = fp_of(far);
    assert_int_equal(cls_of(fi, ft), AK_DUP_SHARES_PASSAGE);
    assert_int_equal(cls_of(ft, fi), AK_DUP_SHARES_PASSAGE); /* either order */
    assert_int_equal(cls_of(fi, fp), AK_DUP_REWRITE);
    assert_int_equal(cls_of(fi, ff), AK_DUP_REWRITE);
    ak_fp_free(fi);
    ak_fp_free(ft);
    ak_fp_free(fp);
    ak_fp_free(ff);
}

/* A one-word edit inside the passage does not split it. */
static void test_passage_survives_edit(void **state)
{
    (void)state;
    static char a[20000], b[20000];
    size_t la = words(a, 0, 1, 100, 1), lb = words(b, 0, 1, 100, 1);
    la = words(a, la, 50000, 60, 1);
    for (unsigned i = 0; i < 60; i++) lb += (size_t)sprintf(b + lb, "w%u ", i == 30 ? 77777u : 50000 + i);
    la = words(a, la, 1000, 100, 1);
    lb = words(b, lb, 3000, 100, 1);
    a[la] = b[lb] = 0;
    ak_fp *fa = fp_of(a), *fb = fp_of(b);
    ak_dup_result r;
    assert_int_equal(ak_dup_compare(fa, fb, &r), AK_OK);
    assert_int_equal(r.n_spans, 1);
    assert_int_equal(r.spans[0].words, 160); /* 100 shared lead words + the edited 60 */
    assert_int_equal(r.cls, AK_DUP_REWRITE);
    ak_fp_free(fa);
    ak_fp_free(fb);
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* The set sort (bucket + insertion up to 4096 values, radix above) against qsort, with
 * repeats, equal top bytes and sizes on both sides of the switch. */
static void test_sort_unique(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 3, 255, 400, 4096, 4097, 9000};
    uint64_t seed = 12345;
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++)
        for (int mode = 0; mode < 3; mode++) {
            size_t n = sizes[t];
            uint64_t *v = malloc((n + 1) * sizeof *v), *w = malloc((n + 1) * sizeof *w), *tmp = malloc((n + 1) * sizeof *tmp);
            for (size_t i = 0; i < n; i++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                uint64_t x = seed ^ (seed >> 29);
                if (mode == 1) x &= 0xFF000000000000FFull; /* few distinct values, many repeats */
                if (mode == 2) x = (x & 0x00FFFFFFFFFFFFFFull) | (0x42ull << 56); /* one top byte */
                v[i] = w[i] = x;
            }
            size_t m = ak_dedup_sort_unique(v, tmp, n);
            qsort(w, n, sizeof *w, cmp_u64);
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (!i || w[i] != w[k - 1]) w[k++] = w[i];
            assert_int_equal(m, k);
            if (k) assert_memory_equal(v, w, k * sizeof *v);
            free(v);
            free(w);
            free(tmp);
        }
}

/* Signatures are reproducible across builds and machines: a fixed text's signature, as
 * computed by the first version of the code; the AVX2 path (normal builds on x86-64)
 * and the portable one (sanitizer builds, other CPUs) must both give it. */
static void test_signature_golden(void **state)
{
    (void)state;
    const char *t = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في الرياض بحضور الوزراء من الدول الأعضاء";
    ak_fp *fp = fp_of(t);
    size_t K;
    const uint32_t *s = ak_fp_signature(fp, &K);
    assert_int_equal(K, 128);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < K; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    assert_int_equal(s[0], 0x0e80d181);
    assert_int_equal(s[1], 0x098ada1a);
    assert_int_equal(s[127], 0x4c38d396);
    assert_true(h == 0xf6e8c7f4ffd70b6full);
    ak_fp_free(fp);
}

static void test_bad_input(void **state)
{
    (void)state;
    ak_fp *e = fp_of(""), *one = fp_of("كلمة"), *one2 = fp_of("كلمة");
    ak_fp *dig = fp_of("1 2 3 4 5 6 7 8 9 10 11 12"), *lat = fp_of("The quick brown fox jumps over the lazy dog");
    ak_dup_result r;
    assert_int_equal(ak_fp_words(e), 0);
    assert_int_equal(ak_fp_shingles(e), 0);
    assert_int_equal(ak_dup_compare(e, e, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_UNRELATED);
    assert_int_equal(ak_dup_compare(one, one2, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_DUPLICATE);
    assert_int_equal(ak_dup_compare(one, e, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_UNRELATED);
    assert_int_equal(ak_dup_compare(dig, lat, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_UNRELATED);
    ak_fp *lat2 = fp_of("the QUICK brown fox jumps over the lazy dog!");
    assert_int_equal(ak_dup_compare(lat, lat2, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_DUPLICATE);
    ak_fp *bad = NULL;
    assert_int_equal(ak_fp_new("abc \xff def", 9, NULL, &bad), AK_EUTF8);
    assert_null(bad);
    ak_dedup_opts o = { .max_bytes = 10 };
    assert_int_equal(ak_fp_new("0123456789ab", 12, &o, &bad), AK_ETOOBIG);
    assert_non_null(strstr(ak_last_error(), "limit"));
    ak_dedup_opts o2 = { .shingle = 3 };
    assert_int_equal(ak_fp_new("a b c d", 7, &o2, &bad), AK_OK);
    assert_int_equal(ak_dup_compare(bad, lat, &r), AK_EINVAL);
    ak_fp_free(bad);
    ak_fp_free(e); ak_fp_free(one); ak_fp_free(one2); ak_fp_free(dig); ak_fp_free(lat); ak_fp_free(lat2);
}

/* A large article (8 MB here, to keep the ASan run short) is fingerprinted in linear time. */
static void test_large(void **state)
{
    (void)state;
    size_t cap = 8u << 20;
    char *big = malloc(cap + 64);
    assert_non_null(big);
    size_t l = 0;
    unsigned i = 0;
    while (l < cap) l += (size_t)sprintf(big + l, "w%u ", i++ % 50000);
    ak_fp *fp = NULL;
    assert_int_equal(ak_fp_new(big, l, NULL, &fp), AK_OK);
    assert_int_equal(ak_fp_words(fp), i);
    ak_dup_result r;
    assert_int_equal(ak_dup_compare(fp, fp, &r), AK_OK);
    assert_int_equal(r.cls, AK_DUP_DUPLICATE);
    ak_fp_free(fp);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_estimate_close_to_exact),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_lsh_s_curve),
        cmocka_unit_test(test_passage_spans),
        cmocka_unit_test(test_passage_survives_edit),
        cmocka_unit_test(test_item_printed_whole),
        cmocka_unit_test(test_title_string_is_not_the_lead),
        cmocka_unit_test(test_turn_before_item_is_a_quote),
        cmocka_unit_test(test_sort_unique),
        cmocka_unit_test(test_signature_golden),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
