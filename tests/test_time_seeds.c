/* test_time_seeds.c: golden test on the seed corpus: every date of the EXPECTED.md
 * timeline that comes from one article is found with the right value under its DCT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

typedef struct { const char *file, *dct, *value, *mod; } row;

/* From EXPECTED.md (rows and DCTs); 004 is "a Thursday in 2021 after mid-April":
 * its rows do not depend on which one, so the first such Thursday is used. */
static const row rows[] = {
    {"000_4b513fc99d57a73e.txt", "2023-08-08", "2008", ""},
    {"000_4b513fc99d57a73e.txt", "2023-08-08", "2021-07", ""},
    {"000_4b513fc99d57a73e.txt", "2023-08-08", "2021-12-31", ""},
    {"000_4b513fc99d57a73e.txt", "2023-08-08", "2023-08-07", ""},
    {"000_4b513fc99d57a73e.txt", "2023-08-08", "2023-08-08", ""},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2021-07-26", ""},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2021", "END"},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2023-02", ""},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2023-08-07", ""},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2023-08-07/2023-08-08", ""},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2023-08-09", ""},
    {"001_44a3e3d5a904009e.txt", "2023-08-10", "2021-07", ""},
    {"002_4de39128c6cd87f4.txt", "2023-08-09", "2008", ""},
    {"002_4de39128c6cd87f4.txt", "2023-08-09", "2023-02", ""},
    {"002_4de39128c6cd87f4.txt", "2023-08-09", "2023-08-07/2023-08-08", ""},
    {"002_4de39128c6cd87f4.txt", "2023-08-09", "2021-07", ""},
    {"003_6b94d0cceead2250.txt", "2021-07-23", "2021-06", "START"},
    {"003_6b94d0cceead2250.txt", "2021-07-23", "2021-07-26", ""},
    {"003_6b94d0cceead2250.txt", "2021-07-23", "2021", "END"},
    {"003_6b94d0cceead2250.txt", "2021-07-23", "2021-07-23T09:01", ""},
    {"004_f63168924004b052.txt", "2021-04-22", "2020-01-05", ""},
    {"004_f63168924004b052.txt", "2021-04-22", "2021-01", "END"},
    {"004_f63168924004b052.txt", "2021-04-22", "2021-04", "MID"},
    {"004_f63168924004b052.txt", "2021-04-22", "2021", "END"},
};

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)sz + 1);
    if (s && fread(s, 1, (size_t)sz, f) != (size_t)sz) {
        free(s);
        s = NULL;
    }
    fclose(f);
    if (s) {
        s[sz] = '\0';
        *n = (size_t)sz;
    }
    return s;
}

static void every_single_article_timeline_date_is_found(void **state)
{
    (void)state;
    const char *shared = getenv("AK_SHARED_DIR");
    if (!shared)
        shared = "../../shared";
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/seeds/%s", shared, rows[i].file);
        size_t n;
        char *s = slurp(path, &n);
        if (!s)
            skip();
        ak_timex *x;
        size_t nx;
        assert_int_equal(ak_timex_tag(s, n, rows[i].dct, &x, &nx), AK_OK);
        int ok = 0;
        for (size_t k = 0; k < nx; k++)
            ok |= !strcmp(x[k].value, rows[i].value) && !strcmp(x[k].mod, rows[i].mod);
        if (!ok)
            fail_msg("%s: %s %s not found", rows[i].file, rows[i].value, rows[i].mod);
        ak_free(x);
        free(s);
    }
}

static void seed_dcts_come_from_chrome_lines_and_the_story(void **state)
{
    (void)state;
    const char *shared = getenv("AK_SHARED_DIR");
    if (!shared)
        shared = "../../shared";
    char path[1024];
    size_t n;
    ak_dct_guess g;
    snprintf(path, sizeof path, "%s/seeds/001_44a3e3d5a904009e.txt", shared);
    char *s = slurp(path, &n);
    if (!s)
        skip();
    assert_int_equal(ak_dct_infer(s, n, &g), AK_OK);
    assert_string_equal(g.date, "2023-08-10");
    free(s);
    snprintf(path, sizeof path, "%s/seeds/003_6b94d0cceead2250.txt", shared);
    s = slurp(path, &n);
    assert_non_null(s);
    assert_int_equal(ak_dct_infer(s, n, &g), AK_OK);
    assert_string_equal(g.date, "2021-07-23");
    free(s);
    /* 000 has no date; its story's dates (7-8 Aug 2023) and its weekdays fix it */
    snprintf(path, sizeof path, "%s/seeds/000_4b513fc99d57a73e.txt", shared);
    s = slurp(path, &n);
    assert_non_null(s);
    const char *cands[] = {"2023-08-07", "2023-08-08"};
    assert_int_equal(ak_dct_from_candidates(s, n, cands, 2, &g), AK_OK);
    assert_string_equal(g.date, "2023-08-08");
    free(s);
}

/* The merged timeline of EXPECTED.md: events told by several articles become one entry. */
static void seed_timeline_merges_the_same_event_across_articles(void **state)
{
    (void)state;
    const char *shared = getenv("AK_SHARED_DIR");
    if (!shared)
        shared = "../../shared";
    static const char *files[] = {"000_4b513fc99d57a73e.txt", "001_44a3e3d5a904009e.txt", "002_4de39128c6cd87f4.txt",
                                  "003_6b94d0cceead2250.txt", "004_f63168924004b052.txt"};
    static const char *dcts[] = {"2023-08-08", "2023-08-10", "2023-08-09", "2021-07-23", "2021-04-22"};
    static const char *ids[] = {"000", "001", "002", "003", "004"};
    char *texts[5] = {0};
    ak_time_event *ev = NULL;
    size_t n = 0;
    for (int i = 0; i < 5; i++) {
        char path[1024];
        size_t len;
        snprintf(path, sizeof path, "%s/seeds/%s", shared, files[i]);
        texts[i] = slurp(path, &len);
        if (!texts[i])
            skip();
        assert_int_equal(ak_time_events(texts[i], len, dcts[i], ids[i], &ev, &n), AK_OK);
    }
    ak_timeline_entry *e;
    size_t ne;
    assert_int_equal(ak_timeline_merge(ev, n, &e, &ne), AK_OK);
    /* value, mod, the sources EXPECTED.md lists */
    static const struct { const char *value, *mod, *src; } want[] = {
        {"2008", "", "000 002"}, {"2021-07-26", "", "001 003"}, {"2023-02", "", "001 002"},
        {"2023-08-07", "", "000 001"}, {"2023-08-07/2023-08-08", "", "001 002"}, {"2021-07", "", "000 001 002"},
        {"2021", "END", "001 003 004"},
    };
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        size_t hits = 0;
        for (size_t k = 0; k < ne; k++) {
            if (strcmp(e[k].value, want[w].value) || strcmp(e[k].mod, want[w].mod))
                continue;
            hits++;
            for (const char *p = want[w].src; *p; p += p[3] ? 4 : 3) {
                int found = 0;
                for (size_t s = 0; s < e[k].n_sources; s++)
                    found |= !strncmp(e[k].sources[s]->article, p, 3);
                if (!found)
                    fail_msg("%s: source %.3s missing", want[w].value, p);
            }
        }
        if (hits != 1)
            fail_msg("%s %s: %zu entries, want one", want[w].value, want[w].mod, hits);
    }
    /* entries come ordered by value */
    for (size_t k = 1; k < ne; k++)
        assert_true(strcmp(e[k - 1].value, e[k].value) <= 0);
    ak_timeline_free(e, ne);
    ak_time_events_free(ev, n);
    for (int i = 0; i < 5; i++)
        free(texts[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_single_article_timeline_date_is_found),
        cmocka_unit_test(seed_dcts_come_from_chrome_lines_and_the_story),
        cmocka_unit_test(seed_timeline_merges_the_same_event_across_articles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
