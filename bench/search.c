/* search.c: the search stage's benchmark and relevance runner.
 *   bench_search rank DB TOKENIZER QUERIES.tsv  top-10 ids per query (qid<TAB>rank<TAB>id) with one
 *       tokenizer: "akhbar" runs ak_search itself; anything else ("unicode61 remove_diacritics 2",
 *       "akhbar stem 0", ...) builds a TEMP FTS5 table over the same articles and ranks it the same way.
 *   bench_search bench JSONL [N_QUERIES]  indexing MB/s and queries/s on a JSONL corpus: the akhbar
 *       tokenizer vs unicode61 vs scanning the normalized text; peak RSS. Prints key=value lines.
 *       Times are CPU seconds of this process (the machine is shared with other jobs).
 *   bench_search queries DB QUERIES.txt [N]  one query a line (bench/search-queries.py), each asked once
 *       through ak_search on an existing store with the page cache off: queries/s, p50/p99 (wall ms,
 *       one thread; CPU ms of the thread with AK_BENCH_CPU=1), overall and by number of matches.
 *       AK_BENCH_EACH=FILE writes each query's ms, total and text there (the tail's queries).
 *       AK_BENCH_SQL_RANK=1 ranks through SQL as before ak_topk; AK_BENCH_FTS_SNIPPETS=1 makes the
 *       snippets with FTS5 statements as before ak_snippet_make; AK_BENCH_PRAGMA runs SQL first.
 *   bench_search dump DB QUERIES.txt [N]  every query's page as one JSON line (total, ids, scores to
 *       the bit, titles, snippets; AK_BENCH_LIMIT hits, default 20): two builds' outputs compared
 *       with cmp prove a change left the answers as they were.
 *   bench_search print-queries JSONL [N]  the queries `bench` asks (one a line), for dump. */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "akhbar.h"
#include "search/search_internal.h"


/* CPU time of this process: the machine is shared, so wall time mostly measures the neighbours. */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static int exec_sql(sqlite3 *h, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_search: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return 1;
    }
    return 0;
}

/* Builds temp.alt(title, text) with the given tokenizer over main.articles. */
static int build_alt(sqlite3 *h, const char *tokenizer)
{
    char *sql = sqlite3_mprintf("DROP TABLE IF EXISTS temp.alt; CREATE VIRTUAL TABLE temp.alt USING fts5(title, text,"
                                " tokenize=%Q); INSERT INTO temp.alt(rowid, title, text) SELECT seq, title, text"
                                " FROM main.articles", tokenizer);
    int rc = exec_sql(h, sql);
    sqlite3_free(sql);
    return rc;
}

/* ---- rank ---- */

typedef struct rank_ctx { const char *qid; int n; } rank_ctx;

static int print_rank(const ak_search_hit *h, void *c)
{
    rank_ctx *r = c;
    printf("%s\t%d\t%s\n", r->qid, ++r->n, h->id);
    return 0;
}

static int rank_alt(sqlite3 *h, const char *qid, const char *expr)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT a.id FROM temp.alt JOIN main.articles a ON a.seq = alt.rowid WHERE alt MATCH ?1"
                              " ORDER BY bm25(alt, 3.0, 1.0), a.seq LIMIT 10", -1, &st, NULL) != SQLITE_OK)
        return 1;
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) printf("%s\t%d\t%s\n", qid, ++n, sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return 0;
}

static int cmd_rank(const char *db_path, const char *tokenizer, const char *queries)
{
    ak_db *db = NULL;
    if (ak_db_open(&db, db_path) != AK_OK) { fprintf(stderr, "bench_search: %s\n", ak_last_error()); return 1; }
    sqlite3 *h = ak_db_sqlite(db);
    int own = strcmp(tokenizer, "akhbar") == 0;
    if (!own && build_alt(h, tokenizer)) { ak_db_close(db); return 1; }
    FILE *f = fopen(queries, "r");
    if (!f) { perror(queries); ak_db_close(db); return 1; }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab) continue;
        *tab = '\0';
        const char *qid = line, *text = tab + 1;
        if (own) {
            ak_search_query q = {0};
            q.q = text;
            q.limit = 10;
            rank_ctx r = {qid, 0};
            if (ak_search(db, &q, print_rank, &r, NULL) != AK_OK) fprintf(stderr, "%s: %s\n", qid, ak_last_error());
        } else {
            char *expr = NULL;
            if (ak_search_match_expr(text, &expr) == AK_OK) rank_alt(h, qid, expr);
            free(expr);
        }
    }
    fclose(f);
    ak_db_close(db);
    return 0;
}

/* ---- bench ---- */

typedef struct doc { char *title, *text; size_t tlen, xlen; } doc;

static doc *load_jsonl(const char *path, size_t *n, size_t *bytes)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return NULL; }
    size_t cap = 1024;
    doc *d = malloc(cap * sizeof *d);
    char *line = NULL;
    size_t lcap = 0;
    *n = *bytes = 0;
    while (d && getline(&line, &lcap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *text = json_string_value(json_object_get(o, "text"));
        if (text) {
            if (*n == cap) d = realloc(d, (cap *= 2) * sizeof *d);
            if (!d) break;
            d[*n].title = strdup(title ? title : "");
            d[*n].text = strdup(text);
            d[*n].tlen = strlen(d[*n].title);
            d[*n].xlen = strlen(text);
            *bytes += d[*n].tlen + d[*n].xlen;
            (*n)++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return d;
}

/* Queries drawn from the corpus itself: one word, two words, a two-word phrase and a prefix, each
 * from a document picked by a fixed LCG, so every run asks the same questions. */
static int word_at(const char *s, size_t len, size_t from, size_t *ws, size_t *we)
{
    ak_token_iter it;
    ak_token t;
    ak_token_iter_init(&it, s + from, len - from);
    while (ak_token_next(&it, &t) == 1) {
        if (t.kind != AK_TOK_ARABIC || t.byte_end - t.byte_start < 8) continue;
        *ws = from + t.byte_start;
        *we = from + t.byte_end;
        return 1;
    }
    return 0;
}

static char **make_queries(const doc *d, size_t n, size_t k)
{
    char **q = calloc(k, sizeof *q);
    unsigned long long x = 88172645463325252ULL;
    for (size_t i = 0; q && i < k; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        const doc *p = &d[x % n];
        size_t at = (size_t)((x >> 20) % (p->xlen ? p->xlen : 1));
        while (at > 0 && ((unsigned char)p->text[at] & 0xC0) == 0x80) at--;
        size_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
        char buf[512];
        if (!word_at(p->text, p->xlen, at, &a0, &a1) && !word_at(p->text, p->xlen, 0, &a0, &a1)) {
            q[i] = strdup("الرياض");
            continue;
        }
        int two = word_at(p->text, p->xlen, a1, &b0, &b1);
        switch (i % 4) {
        case 0: snprintf(buf, sizeof buf, "%.*s", (int)(a1 - a0), p->text + a0); break;
        case 1: if (two) { snprintf(buf, sizeof buf, "%.*s %.*s", (int)(a1 - a0), p->text + a0, (int)(b1 - b0), p->text + b0); break; }
                snprintf(buf, sizeof buf, "%.*s", (int)(a1 - a0), p->text + a0); break;
        case 2: if (two) { snprintf(buf, sizeof buf, "\"%.*s %.*s\"", (int)(a1 - a0), p->text + a0, (int)(b1 - b0), p->text + b0); break; }
                snprintf(buf, sizeof buf, "%.*s", (int)(a1 - a0), p->text + a0); break;
        default: snprintf(buf, sizeof buf, "%.*s*", 6, p->text + a0); break; /* three letters */
        }
        q[i] = strdup(buf);
    }
    return q;
}

static int count_terms(void *c, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    (void)colocated; (void)t; (void)n; (void)bs; (void)be;
    (*(size_t *)c)++;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints queries/s, p50 and p99 (ms) of m latencies (sorts them) and the mean number of matches. */
static void report_latency(const char *kind, double *lat, size_t m, size_t matches)
{
    if (!m) { printf("search_akhbar_%s_queries=0\n", kind); return; }
    qsort(lat, m, sizeof *lat, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < m; i++) sum += lat[i];
    printf("search_akhbar_%s_queries=%zu\nsearch_akhbar_%s_qps=%.1f\nsearch_akhbar_%s_p50_ms=%.2f\n"
           "search_akhbar_%s_p99_ms=%.2f\nsearch_akhbar_%s_mean_matches=%.0f\n", kind, m, kind, m / (sum / 1e3), kind,
           lat[m / 2], kind, lat[(m * 99) / 100 < m ? (m * 99) / 100 : m - 1], kind, (double)matches / m);
}

static int hit_count(const ak_search_hit *h, void *c)
{
    (void)h;
    (*(size_t *)c)++;
    return 0;
}

/* Top 10 of the temp.alt table with the query expression, as ak_search does (without snippets). */
static size_t alt_query(sqlite3_stmt *st, const char *expr)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) n++;
    return n;
}

/* Brute force: every document's normalized text searched for every normalized query word. */
static size_t scan_query(char *const *norm, const size_t *nlen, size_t n, const char *q)
{
    char *nq = NULL;
    size_t qn = 0;
    if (ak_normalize(q, strlen(q), AK_NORM_DEFAULT, &nq, &qn) != AK_OK) return 0;
    char *words[8];
    size_t wl[8], nw = 0;
    for (char *t = strtok(nq, " \"*"); t && nw < 8; t = strtok(NULL, " \"*")) { words[nw] = t; wl[nw++] = strlen(t); }
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = 0;
        while (w < nw && memmem(norm[i], nlen[i], words[w], wl[w])) w++;
        hits += w == nw && nw > 0;
    }
    ak_free(nq);
    return hits;
}

static int cmd_bench(const char *path, size_t n_queries)
{
    size_t n = 0, bytes = 0;
    double t0 = cpu();
    doc *d = load_jsonl(path, &n, &bytes);
    if (!d || !n) { fprintf(stderr, "bench_search: no documents in %s\n", path); return 1; }
    printf("search_docs=%zu\nsearch_bytes=%zu\nsearch_load_s=%.2f\n", n, bytes, cpu() - t0);

    /* The analyzer alone (normalize + Light10 + variants), no SQLite. */
    t0 = cpu();
    size_t terms = 0;
    for (size_t i = 0; i < n; i++) {
        ak_search_analyze(d[i].title, d[i].tlen, AK_SA_DEFAULT, count_terms, &terms);
        ak_search_analyze(d[i].text, d[i].xlen, AK_SA_DEFAULT, count_terms, &terms);
    }
    double ta = cpu() - t0;
    printf("search_analyze_terms=%zu\nsearch_analyze_mb_s=%.2f\n", terms, bytes / 1e6 / ta);

    char dbp[] = "/tmp/ak_bench_search_XXXXXX";
    int fd = mkstemp(dbp);
    if (fd < 0) { perror("mkstemp"); return 1; }
    remove(dbp);
    ak_db *db = NULL;
    if (ak_db_open(&db, dbp) != AK_OK) { fprintf(stderr, "bench_search: %s\n", ak_last_error()); return 1; }
    sqlite3 *h = ak_db_sqlite(db);
    /* Articles go in through the schema's trigger, so this is the real indexing path. The same rows
     * without the index are timed first to subtract the cost of storing them. */
    sqlite3_stmt *ins = NULL;
    const char *ins_sql = "INSERT INTO articles(id, title, raw, text, removed, hash) VALUES(?1, ?2, '', ?3, '[]', '')";
    double t_plain = 0, t_indexed = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && exec_sql(h, "CREATE TEMP TABLE plain(id, title, raw, text, removed, hash)")) return 1;
        sqlite3_prepare_v2(h, pass == 0 ? "INSERT INTO temp.plain VALUES(?1, ?2, '', ?3, '[]', '')" : ins_sql, -1, &ins, NULL);
        exec_sql(h, "BEGIN");
        t0 = cpu();
        for (size_t i = 0; i < n; i++) {
            char id[32];
            snprintf(id, sizeof id, "d%zu", i);
            sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 2, d[i].title, (int)d[i].tlen, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, d[i].text, (int)d[i].xlen, SQLITE_STATIC);
            sqlite3_step(ins);
            sqlite3_reset(ins);
        }
        exec_sql(h, "COMMIT");
        if (pass == 0) t_plain = cpu() - t0; else t_indexed = cpu() - t0;
        sqlite3_finalize(ins);
    }
    exec_sql(h, "DROP TABLE temp.plain");
    double t_ak = t_indexed - t_plain > 0 ? t_indexed - t_plain : t_indexed;
    printf("search_store_plain_s=%.2f\nsearch_store_indexed_s=%.2f\n", t_plain, t_indexed);
    printf("search_index_akhbar_s=%.2f\nsearch_index_akhbar_mb_s=%.2f\n", t_ak, bytes / 1e6 / t_ak);
    t0 = cpu();
    if (build_alt(h, "unicode61 remove_diacritics 2")) return 1;
    double t_u = cpu() - t0; /* includes reading the rows back: a little in akhbar's disfavour */
    printf("search_index_unicode61_s=%.2f\nsearch_index_unicode61_mb_s=%.2f\n", t_u, bytes / 1e6 / t_u);

    char **qs = make_queries(d, n, n_queries);
#ifdef AK_SEARCH_HAS_CACHE
    ak_search_cache_pages = 0; /* every query computed: the page cache is measured on its own below */
#endif
    /* akhbar: ak_search, top 10 with snippets and the total. */
    size_t hits = 0, total = 0, all = 0;
    t0 = cpu();
    for (size_t i = 0; i < n_queries; i++) {
        ak_search_query q = {0};
        q.q = qs[i];
        q.limit = 10;
        if (ak_search(db, &q, hit_count, &hits, &total) == AK_OK) all += total;
    }
    double t_q = cpu() - t0;
    printf("search_queries=%zu\nsearch_akhbar_qps=%.1f\nsearch_akhbar_mean_matches=%.1f\n", n_queries,
           n_queries / t_q, (double)all / n_queries);
    /* The same per kind of query, with latency percentiles (CPU ms of one call); one-word queries
     * also split into common (2,000 matches or more) and rare (fewer than 100). */
    static const char *const kinds[] = {"word", "two_words", "phrase", "prefix3"};
    double *lat = malloc((n_queries / 4 + 1) * sizeof *lat);
    double *common = malloc((n_queries / 4 + 1) * sizeof *lat), *rare = malloc((n_queries / 4 + 1) * sizeof *lat);
    size_t n_common = 0, n_rare = 0, m_common = 0, m_rare = 0;
    for (int k = 0; k < 4 && lat && common && rare; k++) {
        size_t m = 0, matches = 0;
        for (size_t i = (size_t)k; i < n_queries; i += 4) {
            ak_search_query q = {0};
            q.q = qs[i];
            q.limit = 10;
            double s0 = cpu();
            total = 0;
            if (ak_search(db, &q, hit_count, &hits, &total) == AK_OK) matches += total;
            lat[m++] = (cpu() - s0) * 1e3;
            if (k == 0 && total >= 2000) { common[n_common++] = lat[m - 1]; m_common += total; }
            if (k == 0 && total < 100) { rare[n_rare++] = lat[m - 1]; m_rare += total; }
        }
        report_latency(kinds[k], lat, m, matches);
    }
    if (common && rare) {
        report_latency("common_word", common, n_common, m_common);
        report_latency("rare_word", rare, n_rare, m_rare);
    }
#ifdef AK_SEARCH_HAS_CACHE
    /* The page cache: the first 64 queries (the cache's size) asked once, then again. */
    ak_search_cache_pages = 1;
    size_t n_rep = n_queries < 64 ? n_queries : 64;
    for (int pass = 0; pass < 2 && lat; pass++)
        for (size_t i = 0; i < n_rep; i++) {
            ak_search_query q = {0};
            q.q = qs[i];
            q.limit = 10;
            double s0 = cpu();
            ak_search(db, &q, hit_count, &hits, &total);
            lat[i] = (cpu() - s0) * 1e3;
        }
    if (lat) report_latency("cached", lat, n_rep, 0);
    ak_search_cache_pages = 0;
#endif
    free(lat);
    free(common);
    free(rare);
    /* akhbar without snippets and total: the ranking alone, as unicode61 is measured. */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(h, "SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
                          " WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 3.0, 1.0) LIMIT 10", -1, &st, NULL);
    t0 = cpu();
    for (size_t i = 0; i < n_queries; i++) {
        char *expr = NULL;
        if (ak_search_match_expr(qs[i], &expr) == AK_OK) alt_query(st, expr);
        free(expr);
    }
    printf("search_akhbar_rank_only_qps=%.1f\n", n_queries / (cpu() - t0));
    sqlite3_finalize(st);
    sqlite3_prepare_v2(h, "SELECT a.id FROM temp.alt JOIN articles a ON a.seq = alt.rowid WHERE alt MATCH ?1"
                          " ORDER BY bm25(alt, 3.0, 1.0) LIMIT 10", -1, &st, NULL);
    t0 = cpu();
    for (size_t i = 0; i < n_queries; i++) {
        char *expr = NULL;
        if (ak_search_match_expr(qs[i], &expr) == AK_OK) alt_query(st, expr);
        free(expr);
    }
    printf("search_unicode61_rank_only_qps=%.1f\n", n_queries / (cpu() - t0));
    sqlite3_finalize(st);
    /* Brute force over the normalized text (normalizing once is not timed). */
    char **norm = malloc(n * sizeof *norm);
    size_t *nlen = malloc(n * sizeof *nlen);
    for (size_t i = 0; i < n; i++)
        if (ak_normalize(d[i].text, d[i].xlen, AK_NORM_DEFAULT, &norm[i], &nlen[i]) != AK_OK) { norm[i] = NULL; nlen[i] = 0; }
    size_t scan_n = n_queries < 50 ? n_queries : 50; /* slow: a sample is enough */
    t0 = cpu();
    size_t scan_hits = 0;
    for (size_t i = 0; i < scan_n; i++) scan_hits += scan_query(norm, nlen, n, qs[i]);
    double t_s = cpu() - t0;
    printf("search_scan_queries=%zu\nsearch_scan_qps=%.2f\nsearch_scan_mean_matches=%.1f\n", scan_n, scan_n / t_s,
           (double)scan_hits / scan_n);
    sqlite3_int64 pages = 0;
    sqlite3_stmt *ps = NULL;
    if (sqlite3_prepare_v2(h, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'", -1, &ps, NULL) == SQLITE_OK &&
        sqlite3_step(ps) == SQLITE_ROW)
        pages = sqlite3_column_int64(ps, 0);
    sqlite3_finalize(ps);
    if (pages) printf("search_index_bytes=%lld\n", (long long)pages);
    printf("search_peak_rss_mb=%ld\n", rss_mb());
    for (size_t i = 0; i < n; i++) { free(d[i].title); free(d[i].text); ak_free(norm[i]); }
    for (size_t i = 0; i < n_queries; i++) free(qs[i]);
    free(qs); free(norm); free(nlen); free(d);
    ak_db_close(db);
    char side[64];
    const char *keep = getenv("AK_BENCH_KEEP_DB"); /* for profiling queries on the same index */
    if (keep && rename(dbp, keep) == 0) return 0;
    remove(dbp);
    snprintf(side, sizeof side, "%s-wal", dbp); remove(side);
    snprintf(side, sizeof side, "%s-shm", dbp); remove(side);
    return 0;
}

/* ---- queries: distinct queries on an existing store ---- */

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this thread: the per-query figures when AK_BENCH_CPU=1 (steadier on a shared machine). */
static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* AK_BENCH_LIST_MB: the list cache's bound in MB (0: off; default the library's). */
static void list_cache_option(void)
{
#ifdef AK_DOCLIST_FALLBACK
    const char *direct = getenv("AK_BENCH_DOCLIST"); /* 0: every phrase walked through FTS5 */
    if (direct && *direct == '0') ak_search_doclist = 0;
#endif
#ifdef AK_SEARCH_LIST_MIN
    const char *mb = getenv("AK_BENCH_LIST_MB");
    if (mb && *mb) ak_search_list_cache_max = (size_t)strtoul(mb, NULL, 10) << 20;
    const char *rows = getenv("AK_BENCH_LIST_MIN"); /* shortest list kept, in rows */
    if (rows && *rows) ak_search_list_min = (size_t)strtoul(rows, NULL, 10);
    const char *admit = getenv("AK_BENCH_LIST_ADMIT"); /* misses before a list is kept */
    if (admit && *admit) ak_search_list_admit = atoi(admit);
#endif
}

static int cmd_queries(const char *db_path, const char *file, size_t max)
{
    const char *lim = getenv("AK_BENCH_LIMIT"); /* hits per page (default 10; the HTTP API's is 20) */
    size_t limit = lim && atoi(lim) > 0 ? (size_t)atoi(lim) : 10;
    const char *use_cpu = getenv("AK_BENCH_CPU");
    double (*clock_of)(void) = use_cpu && *use_cpu == '1' ? thread_cpu : wall;
    FILE *f = fopen(file, "r");
    if (!f) { fprintf(stderr, "bench_search: %s: cannot open\n", file); return 1; }
    ak_db *db = NULL;
    if (ak_db_open(&db, db_path) != AK_OK) { fprintf(stderr, "bench_search: %s\n", ak_last_error()); fclose(f); return 1; }
#ifdef AK_SEARCH_HAS_CACHE
    ak_search_cache_pages = 0;
#endif
    list_cache_option();
#ifdef AK_SEARCH_HAS_TOPK
    const char *sql_rank = getenv("AK_BENCH_SQL_RANK"); /* 1: rank through SQL, as before ak_topk */
    if (sql_rank && *sql_rank == '1') ak_search_topk = 0;
#endif
#ifdef AK_SNIPPET_WIDTH
    const char *fts_snip = getenv("AK_BENCH_FTS_SNIPPETS"); /* 1: snippets by FTS5 statements, as before */
    if (fts_snip && *fts_snip == '1') ak_search_fast_snippets = 0;
#endif
    const char *pragma = getenv("AK_BENCH_PRAGMA"); /* connection settings to compare */
    if (pragma && exec_sql(ak_db_sqlite(db), pragma)) { fclose(f); ak_db_close(db); return 1; }
    const char *each_path = getenv("AK_BENCH_EACH"); /* a file: each query's ms, total and text */
    FILE *each = each_path && *each_path ? fopen(each_path, "w") : NULL;
    enum { B = 4 };
    static const char *const names[B] = {"all", "lt100", "100_2000", "ge2000"};
    size_t cap = max ? max : 100000, m[B] = {0}, matches[B] = {0}, failed = 0;
    double *lat[B];
    for (int b = 0; b < B; b++) lat[b] = malloc(cap * sizeof(double));
    char line[4096];
    double t0 = wall(), c0 = cpu();
    while (m[0] < cap && fgets(line, sizeof line, f) && lat[0] && lat[1] && lat[2] && lat[3]) {
        line[strcspn(line, "\n")] = 0;
        ak_search_query q = {0};
        q.q = line;
        q.limit = limit;
        size_t hits = 0, total = 0;
        double s0 = clock_of();
        if (ak_search(db, &q, hit_count, &hits, &total) != AK_OK) failed++;
        double ms = (clock_of() - s0) * 1e3;
        if (each) fprintf(each, "%.3f\t%zu\t%s\n", ms, total, line);
        int b = total < 100 ? 1 : total < 2000 ? 2 : 3;
        lat[0][m[0]++] = ms; matches[0] += total;
        lat[b][m[b]++] = ms; matches[b] += total;
    }
    double t = wall() - t0, c = cpu() - c0;
    printf("queries=%zu failed=%zu wall_s=%.2f cpu_s=%.2f qps_wall=%.1f\n", m[0], failed, t, c, m[0] / t);
    for (int b = 0; b < B; b++) { report_latency(names[b], lat[b], m[b], matches[b]); free(lat[b]); }
#ifdef AK_SEARCH_LIST_MIN
    size_t hits = 0, misses = 0, bytes = ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses);
    printf("list_cache_mb=%.1f list_cache_hits=%zu list_cache_misses=%zu\n", bytes / 1048576.0, hits, misses);
#endif
#ifdef AK_DOCLIST_FALLBACK
    printf("doclist_reads=%zu doclist_fallbacks=%zu\n", ak_search_doclist_reads, ak_search_doclist_fallbacks);
#endif
    if (each) fclose(each);
    fclose(f);
    ak_db_close(db);
    return 0;
}

/* ---- dump: the answers themselves, for comparing two builds ---- */

static int dump_hit(const ak_search_hit *h, void *c)
{
    json_t *a = c, *o = json_object();
    json_object_set_new(o, "id", json_string(h->id ? h->id : ""));
    char score[40];
    snprintf(score, sizeof score, "%.17g", h->score); /* to the bit */
    json_object_set_new(o, "score", json_string(score));
    json_object_set_new(o, "title", h->title ? json_string(h->title) : json_null());
    json_object_set_new(o, "snippet", h->snippet ? json_string(h->snippet) : json_null());
    json_array_append_new(a, o);
    return 0;
}

static int cmd_dump(const char *db_path, const char *file, size_t max)
{
    const char *lim = getenv("AK_BENCH_LIMIT");
    size_t limit = lim && atoi(lim) > 0 ? (size_t)atoi(lim) : 20;
    FILE *f = fopen(file, "r");
    if (!f) { fprintf(stderr, "bench_search: %s: cannot open\n", file); return 1; }
    ak_db *db = NULL;
    if (ak_db_open(&db, db_path) != AK_OK) { fprintf(stderr, "bench_search: %s\n", ak_last_error()); fclose(f); return 1; }
#ifdef AK_SEARCH_HAS_CACHE
    ak_search_cache_pages = 0;
#endif
    list_cache_option();
    char line[4096];
    for (size_t i = 0; (!max || i < max) && fgets(line, sizeof line, f); i++) {
        line[strcspn(line, "\n")] = 0;
        ak_search_query q = {0};
        q.q = line;
        q.limit = limit;
        size_t total = 0;
        json_t *o = json_object(), *hits = json_array();
        int rc = ak_search(db, &q, dump_hit, hits, &total);
        json_object_set_new(o, "q", json_string(line));
        json_object_set_new(o, "rc", json_integer(rc));
        json_object_set_new(o, "total", json_integer((json_int_t)total));
        json_object_set_new(o, "hits", hits);
        char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) puts(s);
        free(s);
        json_decref(o);
    }
    fclose(f);
    ak_db_close(db);
    return 0;
}

static int cmd_print_queries(const char *path, size_t k)
{
    size_t n = 0, bytes = 0;
    doc *d = load_jsonl(path, &n, &bytes);
    if (!d || !n) { fprintf(stderr, "bench_search: no documents in %s\n", path); return 1; }
    char **qs = make_queries(d, n, k);
    for (size_t i = 0; qs && i < k; i++) puts(qs[i]);
    return 0; /* a one-shot command: the process's exit frees the corpus */
}

int main(int argc, char **argv)
{
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "dump") == 0)
        return cmd_dump(argv[2], argv[3], argc == 5 ? (size_t)strtoul(argv[4], NULL, 10) : 0);
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "print-queries") == 0)
        return cmd_print_queries(argv[2], argc == 4 ? (size_t)strtoul(argv[3], NULL, 10) : 400);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "queries") == 0)
        return cmd_queries(argv[2], argv[3], argc == 5 ? (size_t)strtoul(argv[4], NULL, 10) : 0);
    if (argc == 5 && strcmp(argv[1], "rank") == 0) return cmd_rank(argv[2], argv[3], argv[4]);
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "bench") == 0)
        return cmd_bench(argv[2], argc == 4 ? (size_t)strtoul(argv[3], NULL, 10) : 400);
    fprintf(stderr, "usage: bench_search rank DB TOKENIZER QUERIES.tsv | bench_search bench JSONL [N_QUERIES] |"
                    " bench_search queries DB QUERIES.txt [N] |"
                    " bench_search dump DB QUERIES.txt [N] | bench_search print-queries JSONL [N]\n");
    return 2;
}
