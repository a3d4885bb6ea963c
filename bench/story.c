/* story.c: runs the story clusterer over JSONL articles (assignments for the scorer)
 * and measures its speed on the real corpus plus synthetic articles made from it. */
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "akhbar.h"
#include "story/features.h"

static int all_entities; /* --all-entities: the "entities_all" field (every type) */

typedef struct rec {
    char *id, *title, *text, *dup_of, *source;
    int32_t dct;
    size_t ord;          /* arrival position: ties within a day keep it */
    char **ents, **dates;
    size_t n_ents, n_dates;
} rec;

static char *dupstr(const char *s) { return s ? strdup(s) : NULL; }

static char **str_array(json_t *a, size_t *n)
{
    *n = 0;
    if (!json_is_array(a)) return NULL;
    char **v = calloc(json_array_size(a) + 1, sizeof *v);
    for (size_t i = 0; i < json_array_size(a); i++)
        if (json_is_string(json_array_get(a, i))) v[(*n)++] = strdup(json_string_value(json_array_get(a, i)));
    return v;
}

/* Reads JSONL (gzip when the name ends in .gz); keeps only ids in `keep` when given. */
static rec *load(const char *path, char **keep, size_t n_keep, size_t *n)
{
    char cmd[4096];
    FILE *f;
    int piped = strlen(path) > 3 && strcmp(path + strlen(path) - 3, ".gz") == 0;
    if (piped) {
        snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
        f = popen(cmd, "r");
    } else {
        f = fopen(path, "r");
    }
    if (!f) { perror(path); exit(1); }
    rec *v = NULL;
    size_t cap = 0;
    *n = 0;
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) > 0) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        if (!o) continue;
        const char *id = json_string_value(json_object_get(o, "id"));
        int ok = id != NULL;
        if (ok && keep) {
            ok = 0;
            for (size_t i = 0; i < n_keep && !ok; i++) ok = strcmp(keep[i], id) == 0;
        }
        if (ok) {
            if (*n == cap) { cap = cap ? cap * 2 : 1024; v = realloc(v, cap * sizeof *v); }
            rec *r = &v[(*n)++];
            memset(r, 0, sizeof *r);
            r->id = strdup(id);
            r->ord = *n - 1;
            r->title = dupstr(json_string_value(json_object_get(o, "title")));
            r->text = dupstr(json_string_value(json_object_get(o, "text")));
            r->dup_of = dupstr(json_string_value(json_object_get(o, "dup_of")));
            r->source = dupstr(json_string_value(json_object_get(o, "source")));
            r->dct = ak_story_day(json_string_value(json_object_get(o, "published")));
            r->ents = str_array(json_object_get(o, all_entities && json_object_get(o, "entities_all") ? "entities_all" : "entities"), &r->n_ents);
            r->dates = str_array(json_object_get(o, "dates"), &r->n_dates);
        }
        json_decref(o);
    }
    free(line);
    if (piped) pclose(f); else fclose(f);
    return v;
}

static void rec_free(rec *r)
{
    free(r->id); free(r->title); free(r->text); free(r->dup_of); free(r->source);
    for (size_t i = 0; i < r->n_ents; i++) free(r->ents[i]);
    for (size_t i = 0; i < r->n_dates; i++) free(r->dates[i]);
    free(r->ents); free(r->dates);
}

/* Publication order (stable by input position for equal days). */
static int cmp_rec(const void *a, const void *b)
{
    const rec *x = a, *y = b;
    if (x->dct != y->dct) return x->dct < y->dct ? -1 : 1;
    return (x->ord > y->ord) - (x->ord < y->ord);
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* CPU seconds of ak_clusterer_add alone (the story step runs it on one thread while
 * other threads build the features): its throughput, apart from the stemming. */
static double cluster_cpu;

static int add(ak_clusterer *c, ak_story_feats *f, const rec *r, const char *id)
{
    if (ak_story_feats_build(f, r->title, r->text)) return -1;
    ak_story_doc d = {
        .id = id, .dct = r->dct,
        .title_terms = f->title, .n_title_terms = f->n_title,
        .body_terms = f->body, .n_body_terms = f->n_body,
        .entities = (const char *const *)r->ents, .n_entities = r->n_ents,
        .dates = (const char *const *)r->dates, .n_dates = r->n_dates,
        .dup_of = r->dup_of, .source = r->source,
    };
    double t0 = cpu_now();
    int rc = ak_clusterer_add(c, &d);
    cluster_cpu += cpu_now() - t0;
    return rc;
}

static int set_opt(ak_story_options *o, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq) return -1;
    double v = atof(eq + 1);
    size_t n = (size_t)(eq - kv);
#define OPT(name, field) if (n == strlen(name) && memcmp(kv, name, n) == 0) { o->field = v; return 0; }
    OPT("window", window_days) OPT("title", title_weight) OPT("text", w_text) OPT("wtitle", w_title) OPT("miss", w_miss) OPT("entity", w_entity)
    OPT("date", w_date) OPT("gap", w_gap) OPT("source", w_source) OPT("threshold", threshold) OPT("merge", merge_threshold)
    OPT("baseline", baseline)
#undef OPT
    return -1;
}

static char **read_ids(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    char **v = NULL;
    size_t cap = 0;
    char line[1024];
    *n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        line[strcspn(line, "\t\n")] = '\0';
        if (*n == cap) { cap = cap ? cap * 2 : 256; v = realloc(v, cap * sizeof *v); }
        v[(*n)++] = strdup(line);
    }
    fclose(f);
    return v;
}

/* xorshift64: synthetic articles and shuffled arrival orders, reproducible. */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

/* cluster [--ids FILE] [key=value ...] FILE: prints "id<TAB>story<TAB>duplicate". */
static int cmd_cluster(int argc, char **argv)
{
    ak_story_options o;
    ak_story_options_default(&o);
    char **keep = NULL;
    size_t n_keep = 0;
    const char *path = NULL;
    int json = 0, keep_order = 0;
    unsigned long long shuffle = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--ids") == 0 && i + 1 < argc) keep = read_ids(argv[++i], &n_keep);
        else if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (strcmp(argv[i], "--keep-order") == 0) keep_order = 1;
        else if (strcmp(argv[i], "--all-entities") == 0) all_entities = 1;
        else if (strncmp(argv[i], "--shuffle=", 10) == 0) shuffle = strtoull(argv[i] + 10, NULL, 10);
        else if (strchr(argv[i], '=')) { if (set_opt(&o, argv[i])) { fprintf(stderr, "bad option %s\n", argv[i]); return 2; } }
        else path = argv[i];
    }
    if (!path) { fprintf(stderr, "usage: bench_story cluster [--ids FILE] [--json] [--keep-order] [--all-entities] [--shuffle=SEED] [key=value...] FILE.jsonl[.gz]\n"); return 2; }
    size_t n;
    rec *v = load(path, keep, n_keep, &n);
    if (shuffle) {
        /* a seeded shuffle, then a stable sort by day: one possible arrival order within a day */
        rng = shuffle * 0x9E3779B97F4A7C15ull + 1;
        for (size_t i = n; i > 1; i--) { size_t j = next_rand() % i; rec t = v[i - 1]; v[i - 1] = v[j]; v[j] = t; }
        for (size_t i = 0; i < n; i++) v[i].ord = i;
    }
    if (!keep_order) qsort(v, n, sizeof *v, cmp_rec);
    ak_clusterer *c;
    if (ak_clusterer_new(&c, &o)) { fprintf(stderr, "%s\n", ak_last_error()); return 1; }
    ak_story_feats f = {0};
    for (size_t i = 0; i < n; i++)
        if (add(c, &f, &v[i], v[i].id)) fprintf(stderr, "%s\n", ak_last_error());
    if (json) {
        char *s;
        size_t len;
        if (ak_clusterer_serialize(c, &s, &len) == AK_OK) { fwrite(s, 1, len, stdout); ak_free(s); }
    } else {
        ak_story_assignment *as;
        size_t na;
        if (ak_clusterer_assignments(c, &as, &na) == AK_OK) {
            for (size_t i = 0; i < na; i++) printf("%s\t%s\t%d\n", as[i].article, as[i].story, as[i].duplicate);
            ak_free(as);
        }
    }
    ak_story_feats_clear(&f);
    ak_clusterer_free(c);
    for (size_t i = 0; i < n; i++) rec_free(&v[i]);
    free(v);
    for (size_t i = 0; i < n_keep; i++) free(keep[i]);
    free(keep);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}


static int cmd_speed(int argc, char **argv)
{
    if (argc < 1) { fprintf(stderr, "usage: bench_story speed SAUDINEWSNET.jsonl.gz [N_SYNTHETIC]\n"); return 2; }
    size_t n_syn = argc > 1 ? (size_t)atol(argv[1]) : 100000;
    size_t n;
    double t0 = now();
    rec *v = load(argv[0], NULL, 0, &n);
    qsort(v, n, sizeof *v, cmp_rec);
    printf("loaded %zu articles in %.1f s\n", n, now() - t0);

    ak_clusterer *c;
    ak_clusterer_new(&c, NULL);
    ak_story_feats f = {0};
    t0 = now();
    cluster_cpu = 0;
    for (size_t i = 0; i < n; i++) add(c, &f, &v[i], v[i].id);
    double dt = now() - t0;
    printf("real: %zu articles, %zu stories, %.2f s, %.0f articles/s (features + clustering); clustering alone"
           " %.2f CPU s, %.0f articles per CPU second\n",
           n, ak_clusterer_story_count(c), dt, n / dt, cluster_cpu, n / cluster_cpu);
    ak_clusterer_free(c);

    ak_clusterer_new(&c, NULL);
    char *text = NULL;
    size_t tcap = 0;
    char id[64];
    t0 = now();
    cluster_cpu = 0;
    for (size_t i = 0; i < n_syn; i++) {
        const rec *base = &v[next_rand() % n];
        size_t tl = 0;
        for (int k = 0; k < 3; k++) {
            const rec *src = k == 0 ? base : &v[next_rand() % n];
            const char *t = src->text ? src->text : "";
            size_t len = strlen(t);
            size_t start = len ? next_rand() % (len / 2 + 1) : 0;
            while (start > 0 && start < len && t[start] != '\n' && t[start] != ' ') start++;
            size_t take = len - start < 1500 ? len - start : 1500;
            if (tl + take + 2 > tcap) { tcap = (tl + take + 2) * 2; text = realloc(text, tcap); }
            memcpy(text + tl, t + start, take);
            tl += take;
            text[tl++] = '\n';
        }
        text[tl] = '\0';
        rec r = *base;
        r.text = text;
        r.dct = ak_story_day("2015-07-21") + (int32_t)(i * 100 / n_syn);
        r.dup_of = NULL;
        snprintf(id, sizeof id, "syn-%zu", i);
        add(c, &f, &r, id);
    }
    dt = now() - t0;
    printf("synthetic: %zu articles over 100 days, %zu stories, %.2f s, %.0f articles/s; clustering alone %.2f CPU s,"
           " %.0f articles per CPU second\n",
           n_syn, ak_clusterer_story_count(c), dt, n_syn / dt, cluster_cpu, n_syn / cluster_cpu);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS: %.1f MB (includes the %zu loaded real articles)\n", ru.ru_maxrss / 1024.0, n);
    ak_clusterer_free(c);
    ak_story_feats_clear(&f);
    free(text);
    for (size_t i = 0; i < n; i++) rec_free(&v[i]);
    free(v);
    return 0;
}

/* Sentences of one article with their stems, for the summarizer. */
typedef struct sent_list {
    ak_story_sentence *s;
    size_t n, cap;
    char **texts;             /* owned sentence texts */
    ak_story_feats *feats;    /* owned stems per sentence */
} sent_list;

struct split_ctx { sent_list *l; const char *text; const char *article; unsigned pos; };

static void on_sentence(size_t a, size_t b, void *ctx)
{
    struct split_ctx *k = ctx;
    sent_list *l = k->l;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->s = realloc(l->s, l->cap * sizeof *l->s);
        l->texts = realloc(l->texts, l->cap * sizeof *l->texts);
        l->feats = realloc(l->feats, l->cap * sizeof *l->feats);
    }
    char *t = strndup(k->text + a, b - a);
    l->texts[l->n] = t;
    memset(&l->feats[l->n], 0, sizeof l->feats[l->n]);
    l->n++;
    (void)k->pos;
}

/* summarize LABELS.tsv CORPUS [N]: JSONL summaries of every labelled story. */
static int cmd_summarize(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: bench_story summarize LABELS.tsv CORPUS.jsonl[.gz] [N]\n"); return 2; }
    unsigned max = argc > 2 ? (unsigned)atoi(argv[2]) : 4;
    size_t n_ids;
    char **ids = read_ids(argv[0], &n_ids);
    /* labels: second column */
    char **lab = calloc(n_ids, sizeof *lab);
    FILE *f = fopen(argv[0], "r");
    char line[1024];
    size_t k = 0;
    while (f && fgets(line, sizeof line, f) && k < n_ids) {
        if (line[0] == '#' || line[0] == '\n') continue;
        char *t = strchr(line, '\t');
        if (!t) { k++; continue; }
        t++;
        t[strcspn(t, "\t\n")] = '\0';
        lab[k++] = strdup(t);
    }
    if (f) fclose(f);
    size_t n;
    rec *v = load(argv[1], ids, n_ids, &n);
    for (size_t a = 0; a < n_ids; a++) {
        int first = 1;
        for (size_t b = 0; b < a; b++) if (lab[b] && lab[a] && strcmp(lab[a], lab[b]) == 0) first = 0;
        if (!first || !lab[a]) continue;
        sent_list l = {0};
        const char **titles = NULL;
        size_t n_titles = 0;
        const char ***tt = NULL;
        size_t *tn = NULL;
        ak_story_feats *tf = NULL;
        const char **title_text = NULL;
        for (size_t b = 0; b < n_ids; b++) {
            if (!lab[b] || strcmp(lab[a], lab[b]) != 0) continue;
            const rec *r = NULL;
            for (size_t i = 0; i < n; i++) if (strcmp(v[i].id, ids[b]) == 0) r = &v[i];
            if (!r || !r->text) continue;
            size_t before = l.n;
            struct split_ctx ctx = {&l, r->text, r->id, 0};
            ak_story_sentences(r->text, strlen(r->text), on_sentence, &ctx);
            for (size_t i = before; i < l.n; i++) {
                ak_story_feats_build(&l.feats[i], NULL, l.texts[i]);
                l.s[i] = (ak_story_sentence){l.texts[i], r->id, (unsigned)(i - before),
                                             l.feats[i].body, l.feats[i].n_body, 0, 0};
            }
            tt = realloc(tt, (n_titles + 1) * sizeof *tt);
            tn = realloc(tn, (n_titles + 1) * sizeof *tn);
            tf = realloc(tf, (n_titles + 1) * sizeof *tf);
            title_text = realloc(title_text, (n_titles + 1) * sizeof *title_text);
            memset(&tf[n_titles], 0, sizeof tf[n_titles]);
            ak_story_feats_build(&tf[n_titles], r->title ? r->title : "", NULL);
            tt[n_titles] = tf[n_titles].title;
            tn[n_titles] = tf[n_titles].n_title;
            title_text[n_titles] = r->title ? r->title : "";
            n_titles++;
        }
        (void)titles;
        size_t *pick = NULL, np = 0, bt = 0;
        if (n_titles) ak_story_pick_title((const char *const *const *)tt, tn, n_titles, &bt);
        if (ak_story_summarize(l.s, l.n, max, 0.7, &pick, &np) == AK_OK) {
            json_t *o = json_object();
            json_object_set_new(o, "story", json_string(lab[a]));
            json_object_set_new(o, "title", json_string(n_titles ? title_text[bt] : ""));
            json_t *arr = json_array();
            for (size_t i = 0; i < np; i++) {
                json_t *x = json_object();
                json_object_set_new(x, "text", json_string(l.s[pick[i]].text));
                json_object_set_new(x, "article", json_string(l.s[pick[i]].article));
                json_array_append_new(arr, x);
            }
            json_object_set_new(o, "sentences", arr);
            char *js = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
            puts(js);
            free(js);
            json_decref(o);
            ak_free(pick);
        }
        for (size_t i = 0; i < l.n; i++) { free(l.texts[i]); ak_story_feats_clear(&l.feats[i]); }
        for (size_t i = 0; i < n_titles; i++) ak_story_feats_clear(&tf[i]);
        free(l.s); free(l.texts); free(l.feats); free(tt); free(tn); free(tf); free(title_text);
    }
    for (size_t i = 0; i < n; i++) rec_free(&v[i]);
    free(v);
    for (size_t i = 0; i < n_ids; i++) { free(ids[i]); free(lab[i]); }
    free(ids); free(lab);
    return 0;
}

/* `pipeline DB [THREADS] [--rewrite]`: the analysis of `akhbar run` over an already analyzed
 * database, so that only the story step does work (with --rewrite every stored story is
 * deleted first, so all are written again); prints the steps' times and the peak RSS. */
static int cmd_pipeline(int argc, char **argv)
{
    if (argc < 1) { fprintf(stderr, "usage: bench_story pipeline DB [THREADS] [--rewrite]\n"); return 2; }
    ak_db *db = NULL;
    if (ak_db_open(&db, argv[0])) { fprintf(stderr, "%s\n", ak_last_error()); return 1; }
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rewrite")) {
            char *err = NULL;
            if (sqlite3_exec(ak_db_sqlite(db), "DELETE FROM story_articles; DELETE FROM stories", NULL, NULL, &err)) {
                fprintf(stderr, "%s\n", err ? err : "sqlite error");
                sqlite3_free(err);
                ak_db_close(db);
                return 1;
            }
        } else {
            o.threads = (unsigned)atoi(argv[i]);
        }
    }
    ak_analyze_counts c;
    memset(&c, 0, sizeof c);
    int rc = ak_analyze(db, &o, &c);
    ak_db_close(db);
    if (rc) { fprintf(stderr, "%s\n", ak_last_error()); return 1; }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("stories %zu (%zu written); wall/CPU s: near-duplicates %.2f/%.2f, articles %.2f/%.2f, stories %.2f/%.2f;"
           " peak RSS %ld kB\n", c.stories, c.stories_written, c.wall[0], c.cpu[0], c.wall[1], c.cpu[1], c.wall[2],
           c.cpu[2], ru.ru_maxrss);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "pipeline") == 0) return cmd_pipeline(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "summarize") == 0) return cmd_summarize(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "cluster") == 0) return cmd_cluster(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "speed") == 0) return cmd_speed(argc - 2, argv + 2);
    fprintf(stderr, "usage: bench_story cluster|speed|summarize|pipeline ...\n");
    return 2;
}
