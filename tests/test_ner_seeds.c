/* test_ner_seeds.c: golden test of the tagger and the linker on the five seed articles:
 * recall and precision of PER entities against EXPECTED.md, merges and the same-name trap;
 * recall of its ORG examples (a list of examples, so no precision against it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ner/ner_internal.h"

/* Floors measured on the shipped model (docs/ner.md gives the figures). */
#define MIN_RECALL 0.90
#define MIN_PRECISION 0.90

typedef struct { char names[4][128]; int n; } expected;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = 0;
    fclose(f);
    return s;
}

static void folded(const char *s, char *out) { ner_fold(s, strlen(s), out, 128); }

static int load_expected(const char *file, expected *e, int cap)
{
    char path[1024], line[1024];
    snprintf(path, sizeof path, "%s/tests/data/ner/%s", getenv("AK_SOURCE_DIR"), file);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int n = 0;
    while (n < cap && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\t\n")] = 0;
        e[n].n = 0;
        for (char *p = strtok(line, "="); p && e[n].n < 4; p = strtok(NULL, "=")) {
            while (*p == ' ') p++;
            size_t l = strlen(p);
            while (l && p[l - 1] == ' ') p[--l] = 0;
            folded(p, e[n].names[e[n].n++]);
        }
        n++;
    }
    fclose(f);
    return n;
}

/* Does linked entity x stand for expected entity y (its name or a variant)? */
static int matches(const ak_entity *x, const expected *y)
{
    char a[128];
    for (int k = 0; k < y->n; k++) {
        folded(x->name, a);
        if (!strcmp(a, y->names[k])) return 1;
    }
    return 0;
}

static ak_entity *find(ak_entity *e, size_t n, const char *name)
{
    char a[128], b[128];
    folded(name, b);
    for (size_t i = 0; i < n; i++) {
        folded(e[i].name, a);
        if (!strcmp(e[i].type, "PER") && !strcmp(a, b)) return &e[i];
    }
    return NULL;
}

/* How many of the expected entities are among the linked ones of that type (missed ones printed
 * when say is set). */
static int found_of_type(const ak_entity *e, size_t ne, const char *type, const expected *ex, int nex, int say)
{
    int found = 0;
    for (int j = 0; j < nex; j++) {
        size_t i = 0;
        while (i < ne && !(!strcmp(e[i].type, type) && matches(&e[i], &ex[j]))) i++;
        if (i < ne) found++;
        else if (say) print_message("missed: %s\n", ex[j].names[0]);
    }
    return found;
}

/* Links the entities of the five seed articles; 0 when ../shared is not there. */
static int link_seeds(ak_ner *m, ak_ner_doc *docs, char ids[8][4], ak_entity **e, size_t *ne)
{
    const char *shared = getenv("AK_SHARED_DIR");
    if (!shared) return 0;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/seeds", shared);
    struct dirent **nl;
    int k = scandir(dir, &nl, NULL, alphasort);
    assert_true(k > 0);
    int nd = 0;
    for (int i = 0; i < k; i++) {
        const char *nm = nl[i]->d_name;
        if (nd < 8 && strlen(nm) > 4 && !strcmp(nm + strlen(nm) - 4, ".txt")) {
            char p[2048];
            snprintf(p, sizeof p, "%s/%s", dir, nm);
            memcpy(ids[nd], nm, 3);
            ids[nd][3] = 0;
            docs[nd].id = ids[nd];
            docs[nd].text = slurp(p, &docs[nd].len);
            assert_non_null(docs[nd].text);
            nd++;
        }
        free(nl[i]);
    }
    free(nl);
    assert_int_equal(nd, 5);
    assert_int_equal(ak_entities_link(m, docs, (size_t)nd, NULL, e, ne), AK_OK);
    return nd;
}

static void free_seeds(ak_ner_doc *docs, int nd)
{
    for (int i = 0; i < nd; i++) free((void *)docs[i].text);
}

/* The shipped model (public bodies on or off) and the seeds' linked entities. */
typedef struct seeds_run {
    ak_ner *m;
    ak_ner_doc docs[8];
    char ids[8][4];
    ak_entity *e;
    size_t ne;
    int nd;
} seeds_run;

static int seeds_open(seeds_run *r, int bodies)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(ak_ner_load(&r->m, NULL), AK_OK);
    ak_ner_set_bodies(r->m, bodies);
    r->nd = link_seeds(r->m, r->docs, r->ids, &r->e, &r->ne);
    if (!r->nd) ak_ner_free(r->m);
    return r->nd;
}

static void seeds_close(seeds_run *r)
{
    ak_entities_free(r->e, r->ne);
    free_seeds(r->docs, r->nd);
    ak_ner_free(r->m);
}

static void seeds_per_entities(void **state)
{
    (void)state;
    seeds_run r;
    if (!seeds_open(&r, 1)) skip();
    ak_entity *e = r.e;
    size_t ne = r.ne;

    expected ex[32];
    int nex = load_expected("seeds-per.txt", ex, 32);
    assert_int_equal(nex, 18);
    int found = found_of_type(e, ne, "PER", ex, nex, 1), per = 0, good = 0;
    for (size_t i = 0; i < ne; i++) {
        if (strcmp(e[i].type, "PER")) continue;
        per++;
        int j = 0;
        while (j < nex && !matches(&e[i], &ex[j])) j++;
        if (j < nex) good++;
        else print_message("not expected: %s\n", e[i].name);
    }
    double recall = (double)found / nex, precision = per ? (double)good / per : 0;
    print_message("seeds PER: recall %.3f (%d/%d), precision %.3f (%d/%d)\n", recall, found, nex, precision,
                  good, per);
    assert_true(recall >= MIN_RECALL);
    assert_true(precision >= MIN_PRECISION);

    /* spelling variants across articles are one entity */
    ak_entity *austin = find(e, ne, "لويد أوستن");
    assert_non_null(austin);
    assert_true(austin->n_articles >= 3);
    /* the trap: two people named عبد الأمير stay apart */
    ak_entity *a = find(e, ne, "عبد الأمير رشيد يار الله"), *b = find(e, ne, "عبد الأمير الشمري");
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    for (size_t i = 0; i < b->n_articles; i++) assert_string_not_equal(b->articles[i], "000");
    seeds_close(&r);
}

/* The public bodies EXPECTED.md names ("جهاز مكافحة الإرهاب", "قيادة العمليات المشتركة") are
 * found as ORG entities; ANERcorp's conventions (ak_ner_set_bodies(m, 0)) find few of them. */
static void seeds_org_examples(void **state)
{
    (void)state;
    expected ex[32];
    int nex = load_expected("seeds-org.txt", ex, 32);
    assert_int_equal(nex, 13);
    int found[2] = {0, 0};
    for (int bodies = 1; bodies >= 0; bodies--) {
        seeds_run r;
        if (!seeds_open(&r, bodies)) skip();
        found[bodies] = found_of_type(r.e, r.ne, "ORG", ex, nex, bodies);
        seeds_close(&r);
    }
    print_message("seeds ORG examples found: %d/%d (%d with ANERcorp's conventions)\n", found[1], nex, found[0]);
    assert_true(found[1] >= 11); /* 12 of 13 on the shipped model; عملية العزم الصلب is missed */
    assert_true(found[0] < found[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(seeds_per_entities), cmocka_unit_test(seeds_org_examples)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
