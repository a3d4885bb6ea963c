/* test_link_scale.c: the entity linker on articles with many person mentions, where it
 * resolves short names over an index instead of comparing every pair: the entities must
 * be those of the plain rule (written out below as the reference), mention for mention,
 * for one article and across articles, and a large article must link in linear time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akhbar.h"

#include "ner_model.h"

/* Names whose folded form is the name itself (no alef forms, teh marbuta or clitics). */
static const char *const first[] = {"محمد", "خالد", "سعد"};
static const char *const middle[] = {"علي", "صالح"};
static const char *const last[] = {"العمري", "الشهري", "القحطاني"};

typedef struct ref { char key[256]; unsigned words; size_t doc; char surface[256]; } ref;

static unsigned nwords(const char *s)
{
    unsigned w = 1;
    for (; *s; s++) w += *s == ' ';
    return w;
}
static const char *lastw(const char *s) { const char *p = strrchr(s, ' '); return p ? p + 1 : s; }
static size_t firstlen(const char *s) { return strcspn(s, " "); }

/* The rule as the linker states it: a short name takes the key of the one longer name
 * it fits (one word: the last word; more: the same first and last word), first within
 * its article, then across all; in mention order, each result visible to the next. */
static void reference(ref *v, size_t n)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            long found = -1;
            int many = 0;
            for (size_t j = 0; j < n && !many; j++) {
                if (v[j].words <= v[i].words || (!pass && v[j].doc != v[i].doc) || !strcmp(v[j].key, v[i].key)) continue;
                int fits = v[i].words == 1 ? !strcmp(lastw(v[j].key), v[i].key)
                                           : !strcmp(lastw(v[j].key), lastw(v[i].key)) &&
                                                 firstlen(v[j].key) == firstlen(v[i].key) &&
                                                 !memcmp(v[j].key, v[i].key, firstlen(v[i].key));
                if (!fits) continue;
                if (found >= 0 && strcmp(v[found].key, v[j].key)) many = 1;
                found = (long)j;
            }
            if (found >= 0 && !many) {
                memmove(v[i].key, v[found].key, strlen(v[found].key) + 1);
                v[i].words = v[found].words;
            }
        }
}

/* n random person mentions over nd articles, linked by the library and by the reference. */
static void compare(unsigned seed, size_t n, size_t nd)
{
    srand(seed);
    ref *v = calloc(n, sizeof *v);
    char **text = calloc(nd, sizeof *text);
    size_t *len = calloc(nd, sizeof *len), *cap = calloc(nd, sizeof *cap), *cnt = calloc(nd, sizeof *cnt);
    ak_ner_entity **men = calloc(nd, sizeof *men);
    assert_non_null(v); assert_non_null(text); assert_non_null(men);
    for (size_t i = 0; i < n; i++) {
        size_t d = i * nd / n;
        int shape = rand() % 5;
        const char *f = first[rand() % 3], *m = middle[rand() % 2], *l = last[rand() % 3];
        if (shape == 0) snprintf(v[i].surface, sizeof v[i].surface, "%s", l);
        else if (shape == 1) snprintf(v[i].surface, sizeof v[i].surface, "%s %s", f, l);
        else if (shape == 2) snprintf(v[i].surface, sizeof v[i].surface, "%s %s %s", f, m, l);
        else if (shape == 3) snprintf(v[i].surface, sizeof v[i].surface, "%s", f);
        else snprintf(v[i].surface, sizeof v[i].surface, "%s %s", m, l);
        snprintf(v[i].key, sizeof v[i].key, "%s", v[i].surface);
        v[i].words = nwords(v[i].surface);
        v[i].doc = d;
        /* "NAME. " so no role word precedes it and no two mentions are adjacent */
        size_t sl = strlen(v[i].surface);
        if (len[d] + sl + 3 > cap[d]) {
            cap[d] = (cap[d] + sl + 3) * 2;
            text[d] = realloc(text[d], cap[d]);
            men[d] = realloc(men[d], cap[d] * sizeof **men);
            assert_non_null(text[d]); assert_non_null(men[d]);
        }
        ak_ner_entity *e = &men[d][cnt[d]++];
        memset(e, 0, sizeof *e);
        e->byte_start = len[d];
        e->byte_end = len[d] + sl;
        snprintf(e->type, sizeof e->type, "PER");
        memcpy(text[d] + len[d], v[i].surface, sl);
        memcpy(text[d] + len[d] + sl, ". ", 3);
        len[d] += sl + 2;
    }
    ak_ner_doc *docs = calloc(nd, sizeof *docs);
    char (*ids)[24] = calloc(nd, sizeof *ids);
    for (size_t d = 0; d < nd; d++) {
        snprintf(ids[d], sizeof ids[d], "d%zu", d);
        docs[d] = (ak_ner_doc){ids[d], text[d], len[d], men[d], cnt[d]};
    }
    ak_entity *E = NULL;
    size_t ne = 0;
    assert_int_equal(ak_entities_link(model, docs, nd, "/nonexistent/aliases", &E, &ne), AK_OK);
    reference(v, n);
    /* the reference's entities: keys in first-seen order with their mention counts */
    size_t nk = 0, *count = calloc(n, sizeof *count), *of = calloc(n, sizeof *of);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < nk && strcmp(v[of[k]].key, v[i].key)) k++;
        if (k == nk) of[nk++] = i;
        count[k]++;
    }
    assert_int_equal(ne, nk);
    /* the same entities in the same order: most mentioned first, then first seen */
    int *used = calloc(nk, sizeof *used);
    for (size_t e = 0; e < ne; e++) {
        size_t best = nk;
        for (size_t k = 0; k < nk; k++)
            if (!used[k] && (best == nk || count[k] > count[best])) best = k;
        used[best] = 1;
        assert_int_equal(E[e].mentions, count[best]);
        /* the key's first mention's surface is among the entity's variants, and every
         * variant is the surface of a mention with that key */
        int has = 0;
        for (size_t j = 0; j < E[e].n_variants; j++) {
            has |= !strcmp(E[e].variants[j], v[of[best]].surface);
            int ok = 0;
            for (size_t i = 0; i < n && !ok; i++) ok = !strcmp(v[i].key, v[of[best]].key) && !strcmp(v[i].surface, E[e].variants[j]);
            assert_true(ok);
        }
        assert_true(has);
    }
    ak_entities_free(E, ne);
    for (size_t d = 0; d < nd; d++) { free(text[d]); free(men[d]); }
    free(used); free(count); free(of); free(docs); free(ids);
    free(v); free(text); free(len); free(cap); free(cnt); free(men);
}

static void many_mentions_one_article(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 20; seed++) compare(seed, 40 + seed * 25, 1);
}

static void many_mentions_across_articles(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 10; seed++) compare(100 + seed, 300, 1 + seed % 7);
}

static void few_mentions(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 20; seed++) compare(200 + seed, 5 + seed, 1 + seed % 3);
}

/* 4x the mentions in one article: the plain rule would take 16x, the index about 4x
 * (the reference itself is quadratic, so only the library's part is timed here). */
static void linear_in_mentions(void **state)
{
    (void)state;
    size_t n = 20000;
    char *text = malloc(n * 32);
    ak_ner_entity *men = calloc(4 * n, sizeof *men);
    assert_non_null(text); assert_non_null(men);
    double t[2];
    for (int r = 0; r < 2; r++) {
        size_t m = r ? 4 * n : n, len = 0;
        char *tx = r ? realloc(text, m * 32) : text;
        assert_non_null(tx);
        text = tx;
        for (size_t i = 0; i < m; i++) {
            char name[128];
            snprintf(name, sizeof name, i % 3 ? "%s %s" : "%s", i % 3 == 2 ? first[i % 3] : last[(i / 3) % 3],
                     last[(i / 3) % 3]);
            size_t sl = strlen(name);
            men[i] = (ak_ner_entity){.byte_start = len, .byte_end = len + sl, .type = "PER"};
            memcpy(text + len, name, sl);
            memcpy(text + len + sl, ". ", 2);
            len += sl + 2;
        }
        ak_ner_doc d = {"big", text, len, men, m};
        ak_entity *E;
        size_t ne;
        clock_t t0 = clock();
        assert_int_equal(ak_entities_link(model, &d, 1, "/nonexistent/aliases", &E, &ne), AK_OK);
        t[r] = (double)(clock() - t0) / CLOCKS_PER_SEC;
        assert_true(ne >= 1);
        ak_entities_free(E, ne);
    }
    printf("link: %zu mentions %.3f s, %zu mentions %.3f s of CPU\n", n, t[0], 4 * n, t[1]);
    /* quadratic would be 16x; below 0.02 s the ratio is noise; sanitizers slow unevenly */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    (void)t;
#else
    assert_true(t[0] < 0.02 || t[1] < 8 * t[0]);
#endif
    free(text);
    free(men);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(few_mentions),
        cmocka_unit_test(many_mentions_one_article),
        cmocka_unit_test(many_mentions_across_articles),
        cmocka_unit_test(linear_in_mentions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
