/* search_page.h: what the search tests compare of a result page (ids, snippets, scores to the
 * bit, total), collected by one ak_search callback, compared, and the removal of a test's folder.
 * Include after cmocka.h. */
#ifndef AK_TEST_SEARCH_PAGE_H
#define AK_TEST_SEARCH_PAGE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

#define PAGE_SCORES 128

typedef struct page { char ids[8192]; char snippets[65536]; double scores[PAGE_SCORES]; size_t n, total; } page;

static int collect(const ak_search_hit *h, void *ctx)
{
    page *p = ctx;
    if (p->n < PAGE_SCORES) p->scores[p->n] = h->score;
    p->n++;
    strncat(p->ids, h->id, sizeof p->ids - strlen(p->ids) - 2);
    strcat(p->ids, " ");
    strncat(p->snippets, h->snippet, sizeof p->snippets - strlen(p->snippets) - 2);
    strcat(p->snippets, "\n");
    return 0;
}

/* One page of text's hits from offset: ak_search's status. */
static int search_page(ak_db *db, const char *text, size_t offset, size_t limit, page *p)
{
    memset(p, 0, sizeof *p);
    ak_search_query q = {0};
    q.q = text;
    q.offset = offset;
    q.limit = limit;
    return ak_search(db, &q, collect, p, &p->total);
}

/* Two pages alike: ids, count, total, every score to the bit, snippets (cmocka's checks). */
static inline void assert_same(const page *a, const page *b, const char *what)
{
    if (strcmp(a->ids, b->ids) != 0) fail_msg("%s: ids differ:\n%s\n%s", what, a->ids, b->ids);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->total, b->total);
    for (size_t i = 0; i < a->n && i < PAGE_SCORES; i++)
        if (a->scores[i] != b->scores[i]) fail_msg("%s: score %zu differs: %.17g %.17g", what, i, a->scores[i], b->scores[i]);
    assert_string_equal(a->snippets, b->snippets);
}

/* The test's temporary folder and everything in it. */
static int remove_tree(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
