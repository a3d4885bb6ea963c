/* test_story_seeds.c: golden test on the five seed articles: stories {000,001,002} and {003,004},
 * and a cited 3-5 sentence summary of story A; plus the title picker and the header line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "story/features.h"

/* The entity and date features of the seeds are transcribed from EXPECTED.md into
 * tests/data/story-seeds/features.tsv: the NER and time stages are not in akhbar.h
 * yet. When they are, this test must build the records from them instead. The
 * stems come from the story module's own tokenizer (src/story/features.c). */

#define NSEED 5

typedef struct seed {
    char id[64];
    char *text;
    int32_t dct;
    char *ent_buf, *date_buf;
    const char *ents[16], *dates[16];
    size_t n_ents, n_dates;
    ak_story_feats f;
} seed;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, f) != (size_t)n) { free(s); fclose(f); return NULL; }
    s[n] = '\0';
    fclose(f);
    return s;
}

static size_t split(char *s, const char **out, size_t max)
{
    size_t n = 0;
    for (char *p = strtok(s, ";"); p && n < max; p = strtok(NULL, ";")) out[n++] = p;
    return n;
}

/* Loads the seeds; returns 0 (and skips) when the shared folder is absent. */
static int load(seed *s)
{
    const char *shared = getenv("AK_SHARED_DIR");
    const char *src = getenv("AK_SOURCE_DIR");
    char path[1024];
    if (!shared || !src) return 0;
    snprintf(path, sizeof path, "%s/tests/data/story-seeds/features.tsv", src);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, f) && n < NSEED) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\n")] = '\0';
        char *col[4];
        char *p = line;
        for (int i = 0; i < 4; i++) { col[i] = p; p = strchr(p, '\t'); if (p) *p++ = '\0'; else p = line + strlen(line); }
        seed *x = &s[n++];
        memset(x, 0, sizeof *x);
        snprintf(x->id, sizeof x->id, "%.3s", col[0]);
        x->dct = strcmp(col[1], "-") == 0 ? AK_STORY_NO_DAY : ak_story_day(col[1]);
        x->ent_buf = strdup(col[2]);
        x->date_buf = strdup(col[3]);
        x->n_ents = split(x->ent_buf, x->ents, 16);
        x->n_dates = split(x->date_buf, x->dates, 16);
        snprintf(path, sizeof path, "%s/seeds/%s.txt", shared, col[0]);
        x->text = slurp(path);
        if (!x->text) { fclose(f); return 0; }
        assert_int_equal(ak_story_feats_build(&x->f, NULL, x->text), AK_OK);
    }
    fclose(f);
    return n == NSEED;
}

static void unload(seed *s)
{
    for (int i = 0; i < NSEED; i++) {
        free(s[i].text);
        free(s[i].ent_buf);
        free(s[i].date_buf);
        ak_story_feats_clear(&s[i].f);
    }
}

static const char *story_of(const ak_story_assignment *a, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].article, id) == 0) return a[i].story;
    return "";
}

static void seeds_form_exactly_two_stories(void **state)
{
    (void)state;
    seed s[NSEED];
    if (!load(s)) { print_message("skipped: ../shared/seeds or tests/data/story-seeds not found\n"); skip(); }
    /* two arrival orders: by publication day, and newest first (out of order);
     * the undated article (004) comes last in both, as the pipeline orders it */
    static const int orders[2][NSEED] = {{3, 0, 2, 1, 4}, {1, 2, 0, 3, 4}};
    for (int o = 0; o < 2; o++) {
        ak_clusterer *c;
        assert_int_equal(ak_clusterer_new(&c, NULL), AK_OK);
        for (int k = 0; k < NSEED; k++) {
            seed *x = &s[orders[o][k]];
            ak_story_doc d = {x->id, x->dct, NULL, 0, x->f.body, x->f.n_body, x->ents, x->n_ents,
                              x->dates, x->n_dates, NULL, NULL};
            assert_int_equal(ak_clusterer_add(c, &d), AK_OK);
        }
        ak_story_assignment *a;
        size_t n;
        assert_int_equal(ak_clusterer_assignments(c, &a, &n), AK_OK);
        assert_int_equal(n, NSEED);
        const char *sa = story_of(a, n, "000"), *sb = story_of(a, n, "003");
        assert_string_equal(story_of(a, n, "001"), sa);
        assert_string_equal(story_of(a, n, "002"), sa);
        assert_string_equal(story_of(a, n, "004"), sb);
        assert_true(strcmp(sa, sb) != 0);
        assert_int_equal(ak_clusterer_story_count(c), 2);
        ak_free(a);
        ak_clusterer_free(c);
    }
    unload(s);
}

typedef struct sents {
    ak_story_sentence s[512];
    ak_story_feats f[512];
    size_t n;
    const char *text, *article;
    unsigned pos;
    char *copies[512];
} sents;

static void on_span(size_t a, size_t b, void *ctx)
{
    sents *k = ctx;
    if (k->n >= 512) return;
    char *t = strndup(k->text + a, b - a);
    k->copies[k->n] = t;
    memset(&k->f[k->n], 0, sizeof k->f[k->n]);
    ak_story_feats_build(&k->f[k->n], NULL, t);
    k->s[k->n] = (ak_story_sentence){t, k->article, k->pos++, k->f[k->n].body, k->f[k->n].n_body, 0, 0};
    k->n++;
}

static void story_a_summary_has_3_to_5_cited_distinct_sentences(void **state)
{
    (void)state;
    seed s[NSEED];
    if (!load(s)) { print_message("skipped: ../shared/seeds not found\n"); skip(); }
    sents *k = calloc(1, sizeof *k);
    for (int i = 0; i < 3; i++) {
        k->text = s[i].text;
        k->article = s[i].id;
        k->pos = 0;
        ak_story_sentences(s[i].text, strlen(s[i].text), on_span, k);
    }
    assert_true(k->n > 10);
    size_t *pick, np;
    assert_int_equal(ak_story_summarize(k->s, k->n, 4, 0.7, &pick, &np), AK_OK);
    assert_true(np >= 3 && np <= 5);
    int from[3] = {0, 0, 0};
    for (size_t i = 0; i < np; i++) {
        const ak_story_sentence *x = &k->s[pick[i]];
        assert_true(strcmp(x->article, "000") == 0 || strcmp(x->article, "001") == 0 || strcmp(x->article, "002") == 0);
        from[x->article[2] - '0'] = 1;
        /* a summary sentence is a real sentence of its article, not page chrome */
        assert_true(x->n_terms >= 5);
        for (size_t j = 0; j < i; j++) assert_true(strcmp(x->text, k->s[pick[j]].text) != 0);
        /* reading order */
        if (i > 0 && strcmp(x->article, k->s[pick[i - 1]].article) == 0) assert_true(x->position > k->s[pick[i - 1]].position);
    }
    /* three sources tell the story: the summary draws on more than one */
    assert_true(from[0] + from[1] + from[2] >= 2);
    ak_free(pick);
    for (size_t i = 0; i < k->n; i++) { free(k->copies[i]); ak_story_feats_clear(&k->f[i]); }
    free(k);
    unload(s);
}

static void title_is_the_most_central_and_header_names_who_where_when(void **state)
{
    (void)state;
    static const char *t0[] = {"العباسي", "اوستن", "واشنطن"};
    static const char *t1[] = {"حوار", "تعاون", "امني", "العراق", "واشنطن"};
    static const char *t2[] = {"حوار", "تعاون", "امني", "واشنطن"};
    static const char *t3[] = {"بيان", "مشترك"};
    const char *const *titles[] = {t0, t1, t2, t3};
    size_t nt[] = {3, 5, 4, 2};
    size_t best = 99;
    assert_int_equal(ak_story_pick_title(titles, nt, 4, &best), AK_OK);
    assert_true(best == 1 || best == 2);

    const char *ents[] = {"LOC:واشنطن", "PER:لويد أوستن", "PER:ثابت العباسي", "ORG:البنتاغون", "PER:ثابت العباسي"};
    unsigned cnt[] = {3, 2, 5, 1, 5};
    char *h;
    assert_int_equal(ak_story_header(ents, cnt, 5, "حوار التعاون الأمني", "2023-08-08", &h), AK_OK);
    assert_string_equal(h, "من: ثابت العباسي، لويد أوستن · ماذا: حوار التعاون الأمني · أين: واشنطن · متى: 2023-08-08");
    ak_free(h);
    assert_int_equal(ak_story_header(NULL, NULL, 0, NULL, NULL, &h), AK_OK);
    assert_string_equal(h, "");
    ak_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seeds_form_exactly_two_stories),
        cmocka_unit_test(story_a_summary_has_3_to_5_cited_distinct_sentences),
        cmocka_unit_test(title_is_the_most_central_and_header_names_who_where_when),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
