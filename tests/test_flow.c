/* The ordered loop over a stream (pl_flow, src/pipeline/parallel.c): items queued
 * while earlier ones are computed are each computed once and taken in the order
 * they were added, for any number of threads; freeing it with items still queued
 * stops the workers first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "pipeline/pipeline_internal.h"

typedef struct cell {
    unsigned long in, out, noise;
    int computed; /* times computed */
} cell;

/* some work that takes a while, so the workers overlap the caller */
static int square_slowly(void *item, void *ctx)
{
    (void)ctx;
    cell *c = item;
    unsigned long x = c->in;
    for (int k = 0; k < 2000; k++) x = (x * 2654435761u + 1) % 1000003u;
    c->noise = x;
    c->out = c->in * c->in;
    c->computed++;
    return 0;
}

/* Adds n cells in batches of b, keeping at most `ahead` batches queued, and takes them
 * as a writer would: the same order, each computed once. */
static void stream(unsigned threads, size_t n, size_t b, size_t ahead)
{
    cell *v = calloc(n, sizeof *v);
    assert_non_null(v);
    pl_flow *f = NULL;
    assert_int_equal(pl_flow_new(&f, ahead * b, threads, square_slowly, NULL), 0);
    size_t added = 0, taken = 0;
    while (taken < n) {
        while (added < n && pl_flow_queued(f) + b <= ahead * b)
            for (size_t k = 0; k < b && added < n; k++, added++) {
                v[added].in = added;
                pl_flow_add(f, &v[added]);
            }
        for (size_t k = 0; k < b && taken < n; k++, taken++) {
            cell *c = pl_flow_take(f);
            assert_ptr_equal(c, &v[taken]);
            assert_int_equal(c->computed, 1);
            assert_int_equal(c->out, (unsigned long)taken * taken);
        }
    }
    assert_null(pl_flow_take(f));
    assert_int_equal(pl_flow_queued(f), 0);
    pl_flow_free(f);
    free(v);
}

static void items_are_taken_in_order_computed_once(void **state)
{
    (void)state;
    stream(1, 1000, 200, 3);
    stream(2, 1000, 200, 3);
    stream(4, 1003, 7, 2);
    stream(2, 1, 1, 1);
}

/* With no workers the caller computes each item when it takes it. */
static void one_thread_computes_on_take(void **state)
{
    (void)state;
    pl_flow *f = NULL;
    cell c = {.in = 3};
    assert_int_equal(pl_flow_new(&f, 4, 1, square_slowly, NULL), 0);
    pl_flow_add(f, &c);
    assert_int_equal(c.computed, 0);
    assert_ptr_equal(pl_flow_take(f), &c);
    assert_int_equal(c.computed, 1);
    assert_int_equal(c.out, 9);
    pl_flow_free(f);
}

/* A writer that fails stops with items queued: freeing the flow joins the workers,
 * so the caller may then free the items (ASan sees any computing after). */
static void freed_with_items_queued(void **state)
{
    (void)state;
    enum { N = 600 };
    cell *v = calloc(N, sizeof *v);
    assert_non_null(v);
    pl_flow *f = NULL;
    assert_int_equal(pl_flow_new(&f, N, 2, square_slowly, NULL), 0);
    for (size_t i = 0; i < N; i++) {
        v[i].in = i;
        pl_flow_add(f, &v[i]);
    }
    assert_ptr_equal(pl_flow_take(f), &v[0]);
    pl_flow_free(f);
    size_t done = 0;
    for (size_t i = 0; i < N; i++) {
        assert_true(v[i].computed <= 1);
        done += (size_t)v[i].computed;
    }
    assert_true(done >= 1);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(items_are_taken_in_order_computed_once),
        cmocka_unit_test(one_thread_computes_on_take),
        cmocka_unit_test(freed_with_items_queued),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
