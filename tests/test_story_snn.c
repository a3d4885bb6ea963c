/* test_story_snn.c: story clustering scored on real articles labelled by reading
 * (tests/data/stories-snn: tuning day 2015-08-09, test days 2015-08-10/11), BCubed F1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "story/features.h"

/* Floors set a little under the figures measured in this arrival order (by day,
 * then id) when the weights were fixed (docs/story.md): tuning 0.933, test 0.918.
 * They catch regressions; the goal (0.95) is not reached yet. */
#define TUNING_FLOOR 0.91
#define TEST_FLOOR 0.90

typedef struct item {
    char id[40];
    char story[64];
    char *title, *text, *source;
    int32_t dct;
} item;

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const item *)a)->id, ((const item *)b)->id);
}

static int cmp_day(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->dct != y->dct) return x->dct < y->dct ? -1 : 1;
    return strcmp(x->id, y->id);
}

static item *read_labels(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    item *v = calloc(1024, sizeof *v);
    char line[512];
    *n = 0;
    while (fgets(line, sizeof line, f) && *n < 1024) {
        if (line[0] == '#' || line[0] == '\n') continue;
        char *t = strchr(line, '\t');
        if (!t) continue;
        *t++ = '\0';
        t[strcspn(t, "\t\n")] = '\0';
        snprintf(v[*n].id, sizeof v[*n].id, "%.39s", line);
        snprintf(v[*n].story, sizeof v[*n].story, "%.63s", t);
        (*n)++;
    }
    fclose(f);
    qsort(v, *n, sizeof *v, cmp_id);
    return v;
}

/* Fills title/text/dct of the labelled items from the gzipped corpus; returns how many were found. */
static size_t read_corpus(const char *gz, item *v, size_t n)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "gzip -dc '%s' 2>/dev/null", gz);
    FILE *f = popen(cmd, "r");
    if (!f) return 0;
    char *line = NULL;
    size_t cap = 0, found = 0;
    while (getline(&line, &cap, f) > 0) {
        /* only labelled lines are parsed: the id is the first field of every record */
        const char *p = strstr(line, "\"id\": \"");
        if (!p) continue;
        item key;
        snprintf(key.id, sizeof key.id, "%.*s", (int)strcspn(p + 7, "\""), p + 7);
        item *it = bsearch(&key, v, n, sizeof *v, cmp_id);
        if (!it || it->text) continue;
        json_t *o = json_loads(line, 0, NULL);
        if (!o) continue;
        const char *t = json_string_value(json_object_get(o, "title"));
        const char *x = json_string_value(json_object_get(o, "text"));
        const char *so = json_string_value(json_object_get(o, "source"));
        it->source = so ? strdup(so) : NULL;
        it->title = strdup(t ? t : "");
        it->text = strdup(x ? x : "");
        it->dct = ak_story_day(json_string_value(json_object_get(o, "published")));
        found++;
        json_decref(o);
    }
    free(line);
    pclose(f);
    return found;
}

/* BCubed F1 of the clusterer's assignment against the labels. */
static double bcubed_f1(item *v, size_t n, const ak_story_options *o)
{
    qsort(v, n, sizeof *v, cmp_day);
    ak_clusterer *c;
    assert_int_equal(ak_clusterer_new(&c, o), AK_OK);
    ak_story_feats f = {0};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(ak_story_feats_build(&f, v[i].title, v[i].text), AK_OK);
        ak_story_doc d = {v[i].id, v[i].dct, f.title, f.n_title, f.body, f.n_body, NULL, 0, NULL, 0, NULL, v[i].source};
        assert_int_equal(ak_clusterer_add(c, &d), AK_OK);
    }
    ak_story_feats_clear(&f);
    ak_story_assignment *a;
    size_t na;
    assert_int_equal(ak_clusterer_assignments(c, &a, &na), AK_OK);
    assert_int_equal(na, n);
    /* assignments come in the order added, which is v's order */
    double p = 0, r = 0;
    for (size_t i = 0; i < n; i++) {
        size_t same_c = 0, same_g = 0, both = 0;
        for (size_t j = 0; j < n; j++) {
            int sc = strcmp(a[i].story, a[j].story) == 0;
            int sg = strcmp(v[i].story, v[j].story) == 0;
            same_c += sc;
            same_g += sg;
            both += sc && sg;
        }
        p += (double)both / same_c;
        r += (double)both / same_g;
    }
    ak_free(a);
    ak_clusterer_free(c);
    p /= n;
    r /= n;
    print_message("n=%zu BCubed P=%.3f R=%.3f F1=%.3f\n", n, p, r, 2 * p * r / (p + r));
    return 2 * p * r / (p + r);
}

static void score_set(const char *labels, double floor)
{
    const char *shared = getenv("AK_SHARED_DIR"), *src = getenv("AK_SOURCE_DIR");
    char lp[1024], cp[1024];
    snprintf(lp, sizeof lp, "%s/tests/data/stories-snn/%s", src ? src : ".", labels);
    snprintf(cp, sizeof cp, "%s/data/saudinewsnet/saudinewsnet.jsonl.gz", shared ? shared : "../shared");
    FILE *probe = fopen(cp, "rb");
    if (!probe) {
        print_message("skipped: %s not found (the real labelled set needs SaudiNewsNet)\n", cp);
        skip();
    }
    fclose(probe);
    size_t n;
    item *v = read_labels(lp, &n);
    assert_non_null(v);
    assert_true(n >= 100);
    assert_int_equal(read_corpus(cp, v, n), n);
    ak_story_options o;
    ak_story_options_default(&o);
    assert_true(bcubed_f1(v, n, &o) >= floor);
    for (size_t i = 0; i < n; i++) { free(v[i].title); free(v[i].text); free(v[i].source); }
    free(v);
}

static void tuning_day_is_clustered_as_labelled(void **state)
{
    (void)state;
    score_set("tuning.tsv", TUNING_FLOOR);
}

static void test_days_are_clustered_as_labelled(void **state)
{
    (void)state;
    score_set("labels.tsv", TEST_FLOOR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tuning_day_is_clustered_as_labelled),
        cmocka_unit_test(test_days_are_clustered_as_labelled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
