/* test_story_scale.c: the clusterer with a vocabulary past 65,536 keys (every byte of a
 * key id sorted on), repeated terms, days spread over many windows (stories retired
 * while others are open): each story's reports, and only
 * they, end in one story, whatever the interleaving. */
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

#define STORIES 120
#define PER_STORY 4
#define NOISE 160 /* terms of one article only: 480 x 160 = 76,800 keys */
#define STORY_TERMS 10

typedef struct art {
    char id[32];
    char words[3 + 2 * STORY_TERMS + NOISE][24];
    const char *title[3], *body[2 * STORY_TERMS + NOISE];
    size_t n_body;
} art;

/* Article k of story s: a headline of the story's 3 terms, its 10 terms twice
 * in the body, and NOISE terms no other article has. */
static void make(art *a, int s, int k)
{
    snprintf(a->id, sizeof a->id, "a%03d-%d", s, k);
    size_t w = 0;
    for (int i = 0; i < 3; i++) {
        snprintf(a->words[w], sizeof a->words[w], "s%dt%d", s, i);
        a->title[i] = a->words[w++];
    }
    a->n_body = 0;
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < STORY_TERMS; i++) {
            snprintf(a->words[w], sizeof a->words[w], "s%dt%d", s, i);
            a->body[a->n_body++] = a->words[w++];
        }
    for (int i = 0; i < NOISE; i++) {
        snprintf(a->words[w], sizeof a->words[w], "n%d-%d-%d", s, k, i);
        a->body[a->n_body++] = a->words[w++];
    }
}

static void one_story_per_happening(void **state)
{
    (void)state;
    ak_clusterer *c = NULL;
    assert_int_equal(ak_clusterer_new(&c, NULL), AK_OK);
    art *a = malloc(sizeof *a);
    assert_non_null(a);
    /* two stories a day, their reports interleaved within the day */
    for (int day = 0; day < STORIES / 2; day++)
        for (int k = 0; k < PER_STORY; k++)
            for (int s = 2 * day; s < 2 * day + 2; s++) {
                make(a, s, k);
                char dct[11];
                snprintf(dct, sizeof dct, "2024-%02d-%02d", 1 + day / 28, 1 + day % 28);
                ak_story_doc d = {a->id, ak_story_day(dct), a->title, 3, a->body, a->n_body,
                                  NULL, 0, NULL, 0, NULL, s % 3 ? "outlet" : NULL};
                assert_int_equal(ak_clusterer_add(c, &d), AK_OK);
            }
    free(a);
    assert_int_equal(ak_clusterer_story_count(c), STORIES);
    ak_story_assignment *as = NULL;
    size_t n = 0;
    assert_int_equal(ak_clusterer_assignments(c, &as, &n), AK_OK);
    assert_int_equal(n, STORIES * PER_STORY);
    for (size_t i = 0; i < n; i++) {
        int s = -1, k = -1;
        assert_int_equal(sscanf(as[i].article, "a%d-%d", &s, &k), 2);
        char want[32];
        snprintf(want, sizeof want, "a%03d-0", s); /* the story's earliest report names it */
        assert_string_equal(as[i].story, want);
        assert_int_equal(as[i].duplicate, 0);
    }
    ak_free(as);
    ak_clusterer_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_story_per_happening),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
