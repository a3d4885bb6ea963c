/* articles.c: the per-article step of ak_analyze: the publication date (DCT),
 * time expressions resolved against it, and entity mentions linked to the
 * store's entities; one transaction per batch. */
#include "pipeline/pipeline_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pthread.h>

#include "ner/ner_internal.h"
#include "text/utf8.h"
#include "store/store_internal.h"
#include "util/buf.h"
#include "util/error.h"

static int lineage_word(const char *w, size_t n)
{
    return (n == 4 && !memcmp(w, "\xD8\xA8\xD9\x86", 4)) ||                 /* بن */
           (n == 6 && (!memcmp(w, "\xD8\xA7\xD8\xA8\xD9\x86", 6) ||       /* ابن */
                       !memcmp(w, "\xD8\xA8\xD9\x86\xD8\xAA", 6)));       /* بنت */
}

/* "أحمد بن جعفر المجيشي" and "أحمد جعفر المجيشي" are one man: a بن/ابن/بنت between
 * name parts is left out of a person's key when three words or more remain, so a
 * short name ("محمد بن سلمان") never meets a different man ("محمد سلمان"). */
static void drop_lineage(char *k)
{
    size_t words = 1, kept = 0;
    for (const char *p = k; *p; p++) words += *p == ' ';
    const char *p = k;
    for (size_t i = 0; i < words; i++) {
        size_t n = strcspn(p, " ");
        if (i == 0 || i + 1 == words || !lineage_word(p, n)) kept++;
        p += n + (p[n] == ' ');
    }
    if (kept < 3 || kept == words) return;
    char *o = k;
    p = k;
    for (size_t i = 0; i < words; i++) {
        size_t n = strcspn(p, " ");
        if (i == 0 || i + 1 == words || !lineage_word(p, n)) {
            if (o != k) *o++ = ' ';
            memmove(o, p, n);
            o += n;
        }
        p += n + (p[n] == ' ');
    }
    *o = '\0';
}

/* "عبد العزيز" and "عبدالعزيز" are one name, written both ways: a person's key joins عبد
 * to the word after it. */
static void join_abd(char *k)
{
    static const char abd[] = "\xD8\xB9\xD8\xA8\xD8\xAF "; /* "عبد " */
    for (char *p = k; (p = strstr(p, abd)) != NULL;) {
        if (p == k || p[-1] == ' ') memmove(p + 6, p + 7, strlen(p + 7) + 1);
        p += 6;
    }
}

/* The ruling houses of the Gulf, whose members the news names with and without the house:
 * "سلمان بن عبدالعزيز آل سعود" is "سلمان بن عبدالعزيز". Only these: in other families the
 * family name is what tells two men of the same father's name apart. Folded forms. */
static const char *const HOUSES[] = {
    "\xD8\xB3\xD8\xB9\xD9\x88\xD8\xAF",                                 /* سعود */
    "\xD9\x86\xD9\x87\xD9\x8A\xD8\xA7\xD9\x86",                       /* نهيان */
    "\xD9\x85\xD9\x83\xD8\xAA\xD9\x88\xD9\x85",                       /* مكتوم */
    "\xD8\xAB\xD8\xA7\xD9\x86\xD9\x8A",                                 /* ثاني */
    "\xD8\xAE\xD9\x84\xD9\x8A\xD9\x81\xD9\x87",                       /* خليفه (ة folded) */
    "\xD8\xA7\xD9\x84\xD8\xB5\xD8\xA8\xD8\xA7\xD8\xAD",             /* الصباح */
    "\xD8\xB3\xD8\xB9\xD9\x8A\xD8\xAF",                                 /* سعيد */
};

/* A trailing "آل <house>" (folded "ال <house>") is left out of a person's key when two name
 * words or more remain before it (not counting بن): "عبدالعزيز آل سعود" stays whole. */
static void drop_house(char *k)
{
    char *last = strrchr(k, ' ');
    if (!last || last == k) return;
    char *al = last - 1;
    while (al > k && al[-1] != ' ') al--;
    if (al == k || last - al != 4 || memcmp(al, "\xD8\xA7\xD9\x84", 4)) return; /* "ال" */
    int house = 0;
    for (size_t i = 0; i < sizeof HOUSES / sizeof HOUSES[0]; i++) house |= !strcmp(last + 1, HOUSES[i]);
    if (!house) return;
    size_t names = 0;
    for (const char *p = k; p < al - 1;) {
        size_t n = strcspn(p, " ");
        names += !lineage_word(p, n);
        p += n + 1;
    }
    if (names >= 2) al[-1] = '\0';
}

/* "محمد بن نايف بن عبدالعزيز" is "محمد بن نايف": the news names the Saudi founder's grandsons
 * by themselves and their fathers, adding "بن عبدالعزيز" at times. Only a chain of exactly three
 * generations ending in عبدالعزيز is cut to two: other grandfathers tell different men of one
 * short name apart ("بندر بن سعود بن خالد", "بندر بن سعود بن محمد"), as does a longer chain
 * ("عبدالله بن عبدالعزيز بن مساعد" is not King Abdullah). Folded, عبد joined. */
static void cut_chain(char *k)
{
    static const char founder[] = "\xD8\xB9\xD8\xA8\xD8\xAF\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB2\xD9\x8A\xD8\xB2"; /* عبدالعزيز */
    const char *w[6];
    size_t len[6], words = 0;
    for (const char *p = k; *p && words < 6; words++) {
        w[words] = p;
        len[words] = strcspn(p, " ");
        p += len[words] + (p[len[words]] == ' ');
    }
    if (words != 5 || !lineage_word(w[1], len[1]) || !lineage_word(w[3], len[3]) || lineage_word(w[2], len[2]) ||
        len[4] != sizeof founder - 1 || memcmp(w[4], founder, len[4]))
        return;
    k[(size_t)(w[2] - k) + len[2]] = '\0';
}

/* The matching key of a name: type, ':' and the folded words (alef forms,
 * teh marbuta, marks), so spelling variants meet in one entity. */
static void entity_key(const char *type, const char *name, char *out, size_t cap)
{
    char f[512];
    size_t n = ner_fold(name, strlen(name), f, sizeof f);
    int w = snprintf(out, cap, "%s:", type);
    size_t o = w > 0 ? (size_t)w : 0;
    int space = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (f[i] == ' ') { space = o > (size_t)w; continue; }
        if (space && o + 2 < cap) out[o++] = ' ';
        space = 0;
        out[o++] = f[i];
    }
    out[o < cap ? o : cap - 1] = '\0';
    if (!strcmp(type, "PER")) {
        char *name_part = out + (w > 0 ? w : 0);
        join_abd(name_part);
        drop_house(name_part);
        cut_chain(name_part);
        drop_lineage(name_part);
    }
}

/* ---- the step ---- */

typedef struct job {
    char *id, *text, *published, *published_from;
    size_t len;
    long long stamp;     /* the value article_meta.analyzed takes: from the content hash */
    char dct[11];
    const char *dct_from;
} job;

typedef struct step {
    ak_sql *db;
    const ak_ner *m;
    ak_strmap ents;
    ak_strmap surnames;     /* "PER:last word" of known full names -> id, -1 when two share it */
    /* what the stored variants and roles of an entity hold, once read or written in this step:
     * "<id> v<string>" (or r) -> 1, and "<id> v" -> the array's size. An article naming an
     * entity with nothing new (the common case) then neither reads nor parses them again */
    ak_strmap seen;
    ak_buf seen_key;
    long long *touched;  /* entities that lost mentions: aggregates recounted from the table */
    size_t n_touched, cap_touched;
    /* one (entity, DCT) per new article naming it: the batch's additions to the aggregates,
     * applied without re-reading the entity's earlier mentions (that grew with the corpus) */
    struct added { long long id; char dct[11]; } *added;
    size_t n_added, cap_added;
    ak_sqlq *del_tx, *del_em, *old_em, *ins_tx, *ins_em, *ins_meta, *ins_ent, *get_ent, *upd_ent, *agg_ent,
        *add_ent;
    ak_analyze_counts *c;
    /* the tagger's word caches, one per worker at a time: a word's features are
     * computed once per run instead of once per article */
    pthread_mutex_t pool_mu;
    ner_wcache *pool[64];
    size_t npool;
} step;

static ner_wcache *cache_take(step *s)
{
    pthread_mutex_lock(&s->pool_mu);
    ner_wcache *c = s->npool ? s->pool[--s->npool] : NULL;
    pthread_mutex_unlock(&s->pool_mu);
    return c ? c : ner_wcache_new(s->m, 1); /* NULL (no memory): the tagger makes its own */
}

static void cache_give(step *s, ner_wcache *c)
{
    pthread_mutex_lock(&s->pool_mu);
    if (c && s->npool < sizeof s->pool / sizeof *s->pool) { s->pool[s->npool++] = c; c = NULL; }
    pthread_mutex_unlock(&s->pool_mu);
    ner_wcache_free(c);
}

static int touch(step *s, long long id)
{
    void *v = s->touched;
    int rc = pl_grow(&v, s->n_touched, &s->cap_touched, sizeof *s->touched, 256, "analysis");
    s->touched = v;
    if (rc == AK_OK) s->touched[s->n_touched++] = id;
    return rc;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int by_entity(const void *a, const void *b)
{
    return cmp_ll(&((const struct added *)a)->id, &((const struct added *)b)->id);
}

static int add_article(step *s, long long id, const char *dct)
{
    void *v = s->added;
    int rc = pl_grow(&v, s->n_added, &s->cap_added, sizeof *s->added, 256, "analysis");
    s->added = v;
    if (rc) return rc;
    s->added[s->n_added].id = id;
    snprintf(s->added[s->n_added].dct, sizeof s->added[s->n_added].dct, "%s", dct);
    s->n_added++;
    return AK_OK;
}

/* A stamp that changes when the cleaned text changes (re-cleaning): 60 bits of
 * the content hash, never 0. */
static long long stamp_of(const char *hash)
{
    unsigned long long v = 0;
    for (int i = 0; i < 15 && hash && hash[i]; i++) {
        char ch = hash[i];
        int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : 0;
        v = v << 4 | (unsigned)d;
    }
    return v ? (long long)v : 1;
}

static void job_free(job *j)
{
    free(j->id); free(j->text); free(j->published); free(j->published_from);
}

/* Article rows looked at per query while looking for stale ones: a result is read whole on
 * PostgreSQL, so the scan goes in bounded steps and reads a text only when it is needed. */
#define SCAN_ROWS 2048

/* Fills j from an article's row (seq, id, hash, analyzed, published, published_from) and its
 * text; AK_ENOMEM when a copy fails. */
static int job_fill(job *j, ak_sqlq *q, ak_sqlq *text, long long stamp)
{
    j->stamp = stamp;
    j->id = strdup(pl_col(q, 1));
    j->published = pl_col_or_null(q, 4) ? strdup(pl_col(q, 4)) : NULL;
    j->published_from = pl_col_or_null(q, 5) ? strdup(pl_col(q, 5)) : NULL;
    if (!j->id || (pl_col_or_null(q, 4) && !j->published) || (pl_col_or_null(q, 5) && !j->published_from))
        return AK_ENOMEM;
    ak_sqlq_reset(text);
    ak_sqlq_bind_int64(text, 1, ak_sqlq_int64(q, 0));
    int st = ak_sqlq_step(text);
    if (st != AK_SQL_ROW) return st < 0 ? st : AK_EDB;
    j->len = (size_t)ak_sqlq_bytes(text, 0);
    j->text = malloc(j->len + 1);
    if (j->text) { memcpy(j->text, pl_col(text, 0), j->len); j->text[j->len] = '\0'; }
    ak_sqlq_reset(text);
    return j->text ? AK_OK : AK_ENOMEM;
}

/* The next batch of articles whose analysis is missing or stale, in ingestion order. */
static int next_batch(ak_sql *db, long long *after, size_t max, job **out, size_t *n)
{
    ak_sqlq *q = NULL, *text = NULL;
    *out = NULL;
    *n = 0;
    int rc = pl_prepare(db, "SELECT a.seq, a.id, a.hash, m.analyzed, a.published, a.published_from"
                            " FROM articles a LEFT JOIN article_meta m ON m.article=a.id WHERE a.seq>?1"
                            " ORDER BY a.seq LIMIT ?2", &q);
    if (rc == AK_OK) rc = pl_prepare(db, "SELECT text FROM articles WHERE seq=?1", &text);
    job *v = rc == AK_OK ? calloc(max, sizeof *v) : NULL;
    if (rc == AK_OK && !v) rc = ak_set_error(AK_ENOMEM, "analysis: out of memory");
    for (size_t rows = SCAN_ROWS; rc == AK_OK && *n < max && rows == SCAN_ROWS;) {
        ak_sqlq_reset(q);
        ak_sqlq_bind_int64(q, 1, *after);
        ak_sqlq_bind_int64(q, 2, SCAN_ROWS);
        int st = AK_SQL_DONE;
        for (rows = 0; rc == AK_OK && *n < max && (st = ak_sqlq_step(q)) == AK_SQL_ROW; rows++) {
            *after = ak_sqlq_int64(q, 0);
            long long stamp = stamp_of(pl_col(q, 2));
            if (!ak_sqlq_is_null(q, 3) && ak_sqlq_int64(q, 3) == stamp) continue;
            rc = job_fill(&v[(*n)++], q, text, stamp);
            if (rc == AK_ENOMEM) rc = ak_set_error(AK_ENOMEM, "analysis: out of memory");
            else if (rc) rc = pl_dberr(db, "reading an article");
        }
        if (rc == AK_OK && st < 0) rc = pl_dberr(db, "reading articles");
        if (*n == max) break;
    }
    ak_sqlq_finalize(q);
    ak_sqlq_finalize(text);
    *out = v;
    return rc;
}

/* Day-precise dates the article states itself: candidates for a missing DCT. */
static size_t explicit_days(const job *j, char (*days)[11], size_t max)
{
    ak_timex *x = NULL;
    size_t nx = 0, n = 0;
    if (ak_timex_tag(j->text, j->len, NULL, &x, &nx) != AK_OK) return 0;
    for (size_t i = 0; i < nx && n < max; i++) {
        const char *v = x[i].value;
        if (x[i].granularity > AK_GRAN_DAY || v[0] < '0' || v[0] > '9' || strlen(v) < 10) continue;
        snprintf(days[n++], 11, "%.10s", v);
        /* both ends of a range ("2023-08-07/2023-08-08") */
        if (strlen(v) >= 21 && v[10] == '/' && n < max) snprintf(days[n++], 11, "%.10s", v + 11);
    }
    ak_free(x);
    return n;
}

/* DCTs: the record's or the date line's date; else inferred from the text;
 * else (related_dcts) the date among the store's known days (and the days the
 * article names) that fits its own weekday mentions ("أمس الاثنين"). Returns
 * whether an article is left without one: related_dcts is then needed, and it
 * reads the DCTs of every article written before. */
static int own_dcts(job *v, size_t n)
{
    int need = 0;
    for (size_t i = 0; i < n; i++) {
        job *j = &v[i];
        if (j->published && strlen(j->published) >= 10) {
            snprintf(j->dct, sizeof j->dct, "%.10s", j->published);
            j->dct_from = j->published_from && !strcmp(j->published_from, "chrome") ? "chrome" : "record";
            continue;
        }
        ak_dct_guess g;
        memset(&g, 0, sizeof g);
        if (ak_dct_infer(j->text, j->len, &g) == AK_OK && g.date[0] && g.confidence >= 0.9) {
            memcpy(j->dct, g.date, 11);
            j->dct_from = "text";
        }
        need |= !j->dct[0];
    }
    return need;
}

/* Called only for a batch with an article left without a DCT: the query scans every
 * analyzed article. */
static int related_dcts(ak_sql *db, job *v, size_t n)
{
    /* the known days: this batch's sure dates and the store's, most recent first */
    enum { MAXC = 512 };
    char (*cand)[11] = malloc(MAXC * sizeof *cand);
    if (!cand) return ak_set_error(AK_ENOMEM, "analysis: out of memory");
    size_t nc = 0;
    for (size_t i = 0; i < n && nc < MAXC / 2; i++)
        if (v[i].dct[0]) memcpy(cand[nc++], v[i].dct, 11);
    ak_sqlq *q = NULL;
    int rc = pl_prepare(db, "SELECT DISTINCT dct FROM article_meta WHERE dct IS NOT NULL ORDER BY dct DESC LIMIT 200", &q);
    while (rc == AK_OK && nc < MAXC / 2 && ak_sqlq_step(q) == AK_SQL_ROW) snprintf(cand[nc++], 11, "%.10s", pl_col(q, 0));
    ak_sqlq_finalize(q);
    /* and the days the batch's articles name explicitly (a story's own dates) */
    for (size_t i = 0; i < n && nc < MAXC; i++) nc += explicit_days(&v[i], cand + nc, MAXC - nc);
    const char **ptr = malloc(nc * sizeof *ptr + 1);
    if (!ptr && rc == AK_OK) rc = ak_set_error(AK_ENOMEM, "analysis: out of memory");
    for (size_t t = 0; ptr && t < nc; t++) ptr[t] = cand[t];
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        job *j = &v[i];
        if (j->dct[0]) continue;
        ak_dct_guess g;
        memset(&g, 0, sizeof g);
        if (nc && ak_dct_from_candidates(j->text, j->len, ptr, nc, &g) == AK_OK && g.date[0] && g.confidence >= 0.8) {
            memcpy(j->dct, g.date, 11);
            j->dct_from = "related";
        } else if (ak_dct_infer(j->text, j->len, &g) == AK_OK && g.date[0] && g.confidence >= 0.5) {
            memcpy(j->dct, g.date, 11);
            j->dct_from = "text";
        }
    }
    free(ptr);
    free(cand);
    return rc;
}

/* What the worker threads compute for one article (no database access). */
typedef struct analysis {
    int rc;                 /* AK_OK, or the failure the writer reports */
    char err[256];          /* its message (ak_last_error is per thread) */
    ak_timex *tx;
    size_t ntx;
    ak_ner_entity *men;     /* mentions, joined as the linker joins them */
    size_t nm;
    ak_entity *E;           /* the article's linked entities */
    size_t ne;
    long *match;            /* per mention: its entity in E, or -1 */
} analysis;

static void analysis_free(analysis *a)
{
    ak_free(a->tx);
    ak_free(a->men);
    ak_entities_free(a->E, a->ne);
    free(a->match);
    memset(a, 0, sizeof *a);
}

typedef struct span_at { size_t start, i; } span_at;

static int by_start(const void *x, const void *y)
{
    const span_at *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* keep[i] = 1 for the spans the store keeps: one row per start (the tables' key), the first
 * written, as INSERT OR IGNORE keeps it. Known beforehand, the rows are written without asking
 * how many were stored, so that PostgreSQL can queue them (ak_sqlq_defer). v[i].start given,
 * v[i].i = i (-1: not written); v is sorted here. */
static void keep_first_at_start(span_at *v, size_t n, unsigned char *keep)
{
    memset(keep, 0, n);
    qsort(v, n, sizeof *v, by_start);
    for (size_t k = 0; k < n; k++)
        if (v[k].i != (size_t)-1 && (k == 0 || v[k].start != v[k - 1].start || v[k - 1].i == (size_t)-1))
            keep[v[k].i] = 1;
}

static int write_times(step *s, const job *j, const analysis *a)
{
    const ak_timex *x = a->tx;
    span_at *v = a->ntx ? malloc(a->ntx * (sizeof *v + 1)) : NULL;
    if (a->ntx && !v) return ak_set_error(AK_ENOMEM, "analysis: out of memory");
    unsigned char *keep = v ? (unsigned char *)(v + a->ntx) : NULL;
    for (size_t i = 0; i < a->ntx; i++) v[i] = (span_at){x[i].start, i};
    if (a->ntx) keep_first_at_start(v, a->ntx, keep);
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < a->ntx; i++) {
        if (!keep[i]) continue;
        ak_sqlq *q = s->ins_tx;
        ak_sqlq_reset(q);
        ak_sqlq_bind_text(q, 1, j->id, -1);
        ak_sqlq_bind_int64(q, 2, (long long)x[i].start);
        ak_sqlq_bind_int64(q, 3, (long long)x[i].end);
        ak_sqlq_bind_text(q, 4, x[i].type, -1);
        ak_sqlq_bind_text(q, 5, x[i].value, -1);
        if (x[i].mod[0]) ak_sqlq_bind_text(q, 6, x[i].mod, -1);
        else ak_sqlq_bind_null(q, 6);
        ak_sqlq_bind_text(q, 7, j->text + x[i].byte_start, (int)(x[i].byte_end - x[i].byte_start));
        ak_sqlq_bind_int64(q, 8, x[i].granularity);
        if (ak_sqlq_step(q) != AK_SQL_DONE) rc = pl_dberr(s->db, "storing time expressions");
        else s->c->timexes++;
    }
    free(v);
    return rc;
}

/* Adds the strings of arr (n) missing from the JSON array text `have`; returns
 * a new JSON text (free) or NULL when nothing is added. */
static char *merge_json(const char *have, char *const *arr, size_t n)
{
    json_t *a = json_loads(have && *have ? have : "[]", 0, NULL);
    if (!a || !json_is_array(a)) { json_decref(a); a = json_array(); }
    int added = 0;
    for (size_t i = 0; i < n && a; i++) {
        size_t k;
        json_t *v;
        int found = 0;
        json_array_foreach(a, k, v) if (json_is_string(v) && !strcmp(json_string_value(v), arr[i])) found = 1;
        if (!found && json_array_size(a) < 64) { json_array_append_new(a, json_string(arr[i])); added = 1; }
    }
    char *out = added && a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return out;
}

static const char *seen_key(step *s, long long id, char kind, const char *str)
{
    char head[32];
    size_t n = 0;
    unsigned long long v = id < 0 ? 0 : (unsigned long long)id;
    do { head[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (size_t i = 0; i < n / 2; i++) { char t = head[i]; head[i] = head[n - 1 - i]; head[n - 1 - i] = t; }
    head[n++] = ' ';
    head[n++] = kind;
    ak_buf_reset(&s->seen_key);
    ak_buf_append(&s->seen_key, head, n);
    if (str) ak_buf_puts(&s->seen_key, str);
    return s->seen_key.failed ? NULL : ak_buf_cstr(&s->seen_key);
}

/* The same for a new entity's arrays, straight from the strings merge_json("[]", arr) keeps:
 * the distinct ones, first seen first, at most 64. */
static int seen_fill_new(step *s, long long id, char kind, char *const *arr, size_t n)
{
    long long size = 0;
    for (size_t i = 0; i < n && size < 64; i++) {
        if (!ak_utf8_valid(arr[i], strlen(arr[i]), NULL)) continue; /* json_string refuses it: not stored */
        const char *key = seen_key(s, id, kind, arr[i]);
        if (!key) return AK_ENOMEM;
        if (ak_strmap_get(&s->seen, key, 0)) continue;
        if (ak_strmap_put(&s->seen, key, 1)) return AK_ENOMEM;
        size++;
    }
    const char *key = seen_key(s, id, kind, NULL);
    return key && !ak_strmap_put(&s->seen, key, size) ? AK_OK : AK_ENOMEM;
}

/* Notes the strings of the stored JSON array `json` (variants 'v' or roles 'r') of entity id. */
static int seen_fill(step *s, long long id, char kind, const char *json)
{
    json_t *a = json_loads(json && *json ? json : "[]", 0, NULL);
    int rc = AK_OK;
    if (a && json_is_array(a)) {
        size_t k;
        json_t *v;
        json_array_foreach(a, k, v) {
            const char *key = json_is_string(v) ? seen_key(s, id, kind, json_string_value(v)) : NULL;
            if (key && ak_strmap_put(&s->seen, key, 1)) rc = AK_ENOMEM;
        }
        const char *key = seen_key(s, id, kind, NULL);
        if (!key || ak_strmap_put(&s->seen, key, (long long)json_array_size(a))) rc = AK_ENOMEM;
    }
    json_decref(a);
    return rc;
}

/* Whether merging arr into the stored array of entity id would add nothing: every string is
 * in it already, or it is full (merge_json adds nothing to 64 strings). 0 when not known. */
static int seen_all(step *s, long long id, char kind, char *const *arr, size_t n)
{
    const char *key = seen_key(s, id, kind, NULL);
    long long size = key ? ak_strmap_get(&s->seen, key, -1) : -1;
    if (size < 0) return 0;
    if (size >= 64) return 1;
    for (size_t i = 0; i < n; i++)
        if (!(key = seen_key(s, id, kind, arr[i])) || !ak_strmap_get(&s->seen, key, 0)) return 0;
    return 1;
}

/* The store's id of entity e (created when new, its variants and roles merged). */
/* Remembers the last word of a person's full name ("PER:الخطيب" for سامر الخطيب). */
static int note_surname(step *s, const char *key, long long id)
{
    const char *sp = strrchr(key, ' ');
    if (strncmp(key, "PER:", 4) || !sp) return AK_OK;
    char k[600];
    snprintf(k, sizeof k, "PER:%s", sp + 1);
    long long have = ak_strmap_get(&s->surnames, k, 0);
    return ak_strmap_put(&s->surnames, k, have && have != id ? -1 : id);
}

static int entity_id(step *s, const ak_entity *e, long long *id)
{
    char key[600];
    entity_key(e->type, e->name, key, sizeof key);
    ak_strslot *slot = ak_strmap_find(&s->ents, key), found;
    /* a person named by one word in this article ("الخطيب") is the one known
     * person whose full name ends with it, as the linker does within an article */
    if ((!slot || !slot->key) && !strncmp(key, "PER:", 4) && !strchr(key, ' ')) {
        long long known = ak_strmap_get(&s->surnames, key, 0);
        if (known > 0) { found.key = key; found.val = known; slot = &found; }
    }
    int rc = AK_OK;
    if (slot && slot->key) {
        *id = slot->val;
        if (seen_all(s, *id, 'v', e->variants, e->n_variants) && seen_all(s, *id, 'r', e->roles, e->n_roles))
            return AK_OK;
        ak_sqlq_reset(s->get_ent);
        ak_sqlq_bind_int64(s->get_ent, 1, *id);
        if (ak_sqlq_step(s->get_ent) == AK_SQL_ROW) {
            char *v = merge_json(pl_col(s->get_ent, 0), e->variants, e->n_variants);
            char *r = merge_json(pl_col(s->get_ent, 1), e->roles, e->n_roles);
            /* the arrays as they are stored after this merge */
            rc = seen_fill(s, *id, 'v', v ? v : pl_col(s->get_ent, 0));
            if (rc == AK_OK) rc = seen_fill(s, *id, 'r', r ? r : pl_col(s->get_ent, 1));
            if (rc) rc = ak_set_error(AK_ENOMEM, "analysis: out of memory");
            /* a statement left on its row keeps the WAL read snapshot past COMMIT:
             * no checkpoint could then copy the log back and the WAL grows with the run */
            ak_sqlq_reset(s->get_ent);
            if (rc == AK_OK && (v || r)) {
                ak_sqlq_reset(s->upd_ent);
                ak_sqlq_bind_int64(s->upd_ent, 1, *id);
                if (v) ak_sqlq_bind_text(s->upd_ent, 2, v, -1); else ak_sqlq_bind_null(s->upd_ent, 2);
                if (r) ak_sqlq_bind_text(s->upd_ent, 3, r, -1); else ak_sqlq_bind_null(s->upd_ent, 3);
                if (ak_sqlq_step(s->upd_ent) != AK_SQL_DONE) rc = pl_dberr(s->db, "updating an entity");
            }
            free(v);
            free(r);
        }
        return rc;
    }
    char *v = merge_json("[]", e->variants, e->n_variants), *r = merge_json("[]", e->roles, e->n_roles);
    ak_sqlq_reset(s->ins_ent);
    ak_sqlq_bind_text(s->ins_ent, 1, e->type, -1);
    ak_sqlq_bind_text(s->ins_ent, 2, e->name, -1);
    ak_sqlq_bind_text(s->ins_ent, 3, v ? v : "[]", -1);
    ak_sqlq_bind_text(s->ins_ent, 4, r ? r : "[]", -1);
    int inserted = ak_sqlq_step(s->ins_ent); /* a row: the new entity's id */
    if (inserted == AK_SQL_ROW) *id = ak_sqlq_int64(s->ins_ent, 0);
    ak_sqlq_reset(s->ins_ent);
    if (inserted < 0) {
        free(v);
        free(r);
        return pl_dberr(s->db, "storing an entity");
    }
    if (inserted) {
        rc = seen_fill_new(s, *id, 'v', e->variants, e->n_variants);
        if (rc == AK_OK) rc = seen_fill_new(s, *id, 'r', e->roles, e->n_roles);
    }
    free(v);
    free(r);
    if (rc) return ak_set_error(AK_ENOMEM, "analysis: out of memory");
    if (!inserted) {
        /* same name under another spelling key: the stored row is the entity */
        ak_sqlq *q;
        rc = pl_prepare(s->db, "SELECT id FROM entities WHERE type=?1 AND name=?2", &q);
        if (rc) return rc;
        ak_sqlq_bind_text(q, 1, e->type, -1);
        ak_sqlq_bind_text(q, 2, e->name, -1);
        rc = ak_sqlq_step(q) == AK_SQL_ROW ? AK_OK : pl_dberr(s->db, "finding an entity");
        if (rc == AK_OK) *id = ak_sqlq_int64(q, 0);
        ak_sqlq_finalize(q);
        if (rc) return rc;
    }
    rc = ak_strmap_put(&s->ents, key, *id);
    return rc ? rc : note_surname(s, key, *id);
}

/* The entities' variants by "TYPE:variant" -> the first entity that has it. */
static int index_variants(const ak_entity *E, size_t ne, ak_strmap *ix, ak_buf *tmp)
{
    for (size_t k = 0; k < ne; k++)
        for (size_t v = 0; v < E[k].n_variants; v++) {
            ak_buf_reset(tmp);
            if (ak_buf_printf(tmp, "%s:", E[k].type) || ak_buf_puts(tmp, E[k].variants[v])) return AK_ENOMEM;
            ak_strslot *sl = ak_strmap_find(ix, ak_buf_cstr(tmp));
            if ((!sl || !sl->key) && ak_strmap_put(ix, ak_buf_cstr(tmp), (long long)k)) return AK_ENOMEM;
        }
    return AK_OK;
}

/* The entity of the article a mention belongs to: same type, and the longest
 * variant that the mention ends with, at most 6 bytes shorter (the linker drops
 * a leading clitic); the first entity on ties. -1 when none, -2 out of memory. */
static long match_entity(ak_strmap *ix, ak_buf *tmp, const char *type, const char *s, size_t len)
{
    for (size_t vl = len; vl > 0 && len - vl <= 6; vl--) {
        const char *suf = s + len - vl;
        if (memchr(suf, 0, vl)) continue;
        ak_buf_reset(tmp);
        if (ak_buf_printf(tmp, "%s:", type) || ak_buf_append(tmp, suf, vl)) return -2;
        long long k = ak_strmap_get(ix, ak_buf_cstr(tmp), -1);
        if (k >= 0) return (long)k;
    }
    return -1;
}

/* "للأمم المتحدة" belongs to the entity the linker named "الأمم المتحدة" (src/ner/link.c
 * writes لل as ال when the article names it so): the same look-up with ال in front. Not for
 * people, whose names the linker never rewrites so. */
static long match_double_lam(ak_strmap *ix, ak_buf *tmp, const char *type, const char *s, size_t len)
{
    if (!strcmp(type, "PER") || len < 6 || memcmp(s, "\xD9\x84\xD9\x84", 4)) return -1;
    char *alt = malloc(len + 1);
    if (!alt) return -2;
    memcpy(alt, "\xD8\xA7", 2);
    memcpy(alt + 2, s + 2, len - 2);
    long k = match_entity(ix, tmp, type, alt, len);
    free(alt);
    return k;
}

/* Keeps a failure for the writer: the status and this thread's message. */
static int failed(analysis *a, int rc)
{
    a->rc = rc;
    snprintf(a->err, sizeof a->err, "%s", ak_last_error());
    return rc;
}

/* The analysis of one article that needs no database: time expressions against
 * its DCT, entity mentions, the article's entities and each mention's entity.
 * Runs on a worker thread: reads only the job and the model. */
static int compute_one(const ak_ner *m, ner_wcache *words, const job *j, analysis *a)
{
    memset(a, 0, sizeof *a);
    int rc = ak_timex_tag(j->text, j->len, j->dct[0] ? j->dct : NULL, &a->tx, &a->ntx);
    if (rc == AK_ENOMEM) return failed(a, rc);
    if (rc != AK_OK) { a->tx = NULL; a->ntx = 0; } /* a text the tagger refuses has no dates */
    if (!m || !j->len) return AK_OK;
    rc = ner_tag_cached(m, words, j->text, j->len, &a->men, &a->nm);
    if (rc) { a->men = NULL; a->nm = 0; return rc == AK_ENOMEM ? failed(a, rc) : AK_OK; }
    /* joined as the linker joins them, so the stored spans match its entities */
    a->nm = ner_join_adjacent(j->text, a->men, a->nm);
    ak_ner_doc doc = {j->id, j->text, j->len, a->men, a->nm};
    rc = a->nm ? ak_entities_link(m, &doc, 1, NULL, &a->E, &a->ne) : AK_OK;
    if (rc) return failed(a, rc);
    a->match = malloc((a->nm ? a->nm : 1) * sizeof *a->match);
    ak_strmap ix = {0};
    ak_buf tmp = {0};
    if (!a->match || index_variants(a->E, a->ne, &ix, &tmp)) rc = AK_ENOMEM;
    for (size_t i = 0; rc == AK_OK && i < a->nm; i++) {
        long k = match_entity(&ix, &tmp, a->men[i].type, j->text + a->men[i].byte_start,
                              a->men[i].byte_end - a->men[i].byte_start);
        if (k == -1) k = match_double_lam(&ix, &tmp, a->men[i].type, j->text + a->men[i].byte_start,
                                          a->men[i].byte_end - a->men[i].byte_start);
        if (k == -2) rc = AK_ENOMEM;
        a->match[i] = k;
    }
    ak_strmap_free(&ix);
    ak_buf_free(&tmp);
    return rc ? failed(a, ak_set_error(AK_ENOMEM, "analysis: out of memory")) : AK_OK;
}

/* The article's entities into the store (new or merged), then its mentions. */
static int write_entities(step *s, const job *j, const analysis *a)
{
    long long *ids = a->ne ? calloc(a->ne + a->nm, sizeof *ids) : NULL;
    long long *named = ids + a->ne; /* per stored mention, the store id of its entity */
    size_t n_named = 0;
    span_at *v = a->nm ? malloc(a->nm * (sizeof *v + 1)) : NULL;
    unsigned char *keep = v ? (unsigned char *)(v + a->nm) : NULL;
    int rc = (a->ne && !ids) || (a->nm && !v) ? ak_set_error(AK_ENOMEM, "analysis: out of memory") : AK_OK;
    for (size_t i = 0; rc == AK_OK && i < a->nm; i++) v[i] = (span_at){a->men[i].start, a->match[i] < 0 ? (size_t)-1 : i};
    if (rc == AK_OK && a->nm) keep_first_at_start(v, a->nm, keep);
    for (size_t k = 0; rc == AK_OK && k < a->ne; k++) rc = entity_id(s, &a->E[k], &ids[k]);
    for (size_t i = 0; rc == AK_OK && i < a->nm; i++) {
        long k = a->match[i];
        if (k < 0 || !keep[i]) continue;
        const char *sp = j->text + a->men[i].byte_start;
        ak_sqlq *q = s->ins_em;
        ak_sqlq_reset(q);
        ak_sqlq_bind_text(q, 1, j->id, -1);
        ak_sqlq_bind_int64(q, 2, (long long)a->men[i].start);
        ak_sqlq_bind_int64(q, 3, (long long)a->men[i].end);
        ak_sqlq_bind_int64(q, 4, ids[k]);
        ak_sqlq_bind_text(q, 5, sp, (int)(a->men[i].byte_end - a->men[i].byte_start));
        if (ak_sqlq_step(q) != AK_SQL_DONE) rc = pl_dberr(s->db, "storing entity mentions");
        else {
            s->c->mentions++;
            named[n_named++] = ids[k];
        }
    }
    free(v);
    /* each entity once per article: two of the article's entities may be one in the store */
    if (n_named) qsort(named, n_named, sizeof *named, cmp_ll);
    for (size_t i = 0; rc == AK_OK && i < n_named; i++)
        if (!i || named[i] != named[i - 1]) rc = add_article(s, named[i], j->dct);
    free(ids);
    return rc;
}

static int bind_id_step(ak_sql *db, ak_sqlq *q, const char *id, const char *what)
{
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, id, -1);
    return ak_sqlq_step(q) == AK_SQL_DONE ? AK_OK : pl_dberr(db, what);
}

static int write_one(step *s, const job *j, const analysis *a)
{
    /* a re-cleaned article: its old spans are gone, their entities need recounting */
    ak_sqlq_reset(s->old_em);
    ak_sqlq_bind_text(s->old_em, 1, j->id, -1);
    int rc = AK_OK;
    while (rc == AK_OK && ak_sqlq_step(s->old_em) == AK_SQL_ROW) rc = touch(s, ak_sqlq_int64(s->old_em, 0));
    ak_sqlq_reset(s->old_em);
    if (rc == AK_OK) rc = bind_id_step(s->db, s->del_tx, j->id, "clearing time expressions");
    if (rc == AK_OK) rc = bind_id_step(s->db, s->del_em, j->id, "clearing entity mentions");
    if (rc == AK_OK && a->rc) rc = ak_set_error(a->rc, "%s", a->err);
    if (rc == AK_OK) rc = write_times(s, j, a);
    if (rc == AK_OK) rc = write_entities(s, j, a);
    if (rc) return rc;
    ak_sqlq *q = s->ins_meta;
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, j->id, -1);
    if (j->dct[0]) ak_sqlq_bind_text(q, 2, j->dct, -1); else ak_sqlq_bind_null(q, 2);
    if (j->dct[0]) ak_sqlq_bind_text(q, 3, j->dct_from, -1); else ak_sqlq_bind_null(q, 3);
    ak_sqlq_bind_int64(q, 4, j->stamp);
    if (ak_sqlq_step(q) != AK_SQL_DONE) return pl_dberr(s->db, "storing article metadata");
    s->c->analyzed++;
    return AK_OK;
}

/* The batch's new articles added to each entity's count and day range. */
static int add_aggregates(step *s)
{
    if (s->n_added) qsort(s->added, s->n_added, sizeof *s->added, by_entity);
    int rc = AK_OK;
    for (size_t i = 0, e; rc == AK_OK && i < s->n_added; i = e) {
        const char *lo = NULL, *hi = NULL;
        for (e = i; e < s->n_added && s->added[e].id == s->added[i].id; e++) {
            const char *d = s->added[e].dct;
            if (!*d) continue;
            if (!lo || strcmp(d, lo) < 0) lo = d;
            if (!hi || strcmp(d, hi) > 0) hi = d;
        }
        if (s->n_touched && bsearch(&s->added[i].id, s->touched, s->n_touched, sizeof *s->touched, cmp_ll))
            continue; /* recounted from the table */
        ak_sqlq *q = s->add_ent;
        ak_sqlq_reset(q);
        ak_sqlq_bind_int64(q, 1, s->added[i].id);
        ak_sqlq_bind_int64(q, 2, (long long)(e - i));
        if (lo) ak_sqlq_bind_text(q, 3, lo, -1); else ak_sqlq_bind_null(q, 3);
        if (hi) ak_sqlq_bind_text(q, 4, hi, -1); else ak_sqlq_bind_null(q, 4);
        if (ak_sqlq_step(q) != AK_SQL_DONE) rc = pl_dberr(s->db, "counting entity articles");
    }
    s->n_added = 0;
    return rc;
}

/* Article counts and day range of the entities this batch changed: recounted from the
 * table for those that lost mentions (a re-analysed article), added to for the others. */
static int update_aggregates(step *s)
{
    if (s->n_touched) qsort(s->touched, s->n_touched, sizeof *s->touched, cmp_ll);
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < s->n_touched; i++) {
        if (i && s->touched[i] == s->touched[i - 1]) continue;
        ak_sqlq_reset(s->agg_ent);
        ak_sqlq_bind_int64(s->agg_ent, 1, s->touched[i]);
        if (ak_sqlq_step(s->agg_ent) != AK_SQL_DONE) rc = pl_dberr(s->db, "counting entity articles");
    }
    if (rc == AK_OK) rc = add_aggregates(s);
    s->n_touched = 0;
    s->n_added = 0;
    return rc;
}

static int load_entities(step *s)
{
    ak_sqlq *q;
    int rc = pl_prepare(s->db, "SELECT id, type, name FROM entities", &q);
    char key[600];
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        entity_key(pl_col(q, 1), pl_col(q, 2), key, sizeof key);
        rc = ak_strmap_put(&s->ents, key, ak_sqlq_int64(q, 0));
        if (rc == AK_OK) rc = note_surname(s, key, ak_sqlq_int64(q, 0));
    }
    ak_sqlq_finalize(q);
    return rc;
}

static int prepare_all(step *s)
{
    struct { ak_sqlq **q; const char *sql; } st[] = {
        {&s->del_tx, "DELETE FROM article_timex WHERE article=?1"},
        {&s->del_em, "DELETE FROM entity_mentions WHERE article=?1"},
        {&s->old_em, "SELECT DISTINCT entity FROM entity_mentions WHERE article=?1"},
        {&s->ins_tx, "INSERT OR IGNORE INTO article_timex(article,start,\"end\",type,value,mod,text,gran)"
                     " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"},
        {&s->ins_em, "INSERT OR IGNORE INTO entity_mentions(article,start,\"end\",entity,text) VALUES(?1,?2,?3,?4,?5)"},
        {&s->ins_meta, "INSERT INTO article_meta(article,dct,dct_from,analyzed) VALUES(?1,?2,?3,?4) ON CONFLICT(article)"
                       " DO UPDATE SET dct=excluded.dct, dct_from=excluded.dct_from, analyzed=excluded.analyzed"},
        /* not ON CONFLICT: PostgreSQL would spend a sequence number on the row not made, and ids
         * would then differ from SQLite's; the write lock keeps the check and the insert together */
        {&s->ins_ent, "INSERT INTO entities(type,name,variants,roles) SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT),"
                      " CAST(?3 AS TEXT), CAST(?4 AS TEXT) WHERE NOT EXISTS"
                      " (SELECT 1 FROM entities WHERE type=?1 AND name=?2) RETURNING id"},
        {&s->get_ent, "SELECT variants, roles FROM entities WHERE id=?1"},
        {&s->upd_ent, "UPDATE entities SET variants=coalesce(?2,variants), roles=coalesce(?3,roles) WHERE id=?1"},
        {&s->agg_ent, "UPDATE entities SET"
                      " n_articles=(SELECT count(DISTINCT article) FROM entity_mentions WHERE entity=?1),"
                      " first_day=(SELECT min(m.dct) FROM entity_mentions e JOIN article_meta m ON m.article=e.article"
                      "  WHERE e.entity=?1),"
                      " last_day=(SELECT max(m.dct) FROM entity_mentions e JOIN article_meta m ON m.article=e.article"
                      "  WHERE e.entity=?1) WHERE id=?1"},
        {&s->add_ent, "UPDATE entities SET n_articles=n_articles+?2,"
                      " first_day=CASE WHEN CAST(?3 AS TEXT) IS NULL THEN first_day WHEN first_day IS NULL OR ?3<first_day"
                      "  THEN ?3 ELSE first_day END,"
                      " last_day=CASE WHEN CAST(?4 AS TEXT) IS NULL THEN last_day WHEN last_day IS NULL OR ?4>last_day"
                      "  THEN ?4 ELSE last_day END WHERE id=?1"},
    };
    for (size_t i = 0; i < sizeof st / sizeof *st; i++) {
        int rc = pl_prepare(s->db, st[i].sql, st[i].q);
        if (rc) return rc;
    }
    /* written, never read back: queued on PostgreSQL */
    ak_sqlq *write_only[] = {s->del_tx, s->del_em, s->ins_tx, s->ins_em, s->ins_meta, s->upd_ent, s->agg_ent, s->add_ent};
    for (size_t i = 0; i < sizeof write_only / sizeof *write_only; i++) ak_sqlq_defer(write_only[i]);
    return AK_OK;
}

static void finalize_all(step *s)
{
    ak_sqlq *all[] = {s->del_tx, s->del_em, s->old_em, s->ins_tx, s->ins_em, s->ins_meta,
                           s->ins_ent, s->get_ent, s->upd_ent, s->agg_ent, s->add_ent};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) ak_sqlq_finalize(all[i]);
}

/* One article on the flow: its job and what a worker makes of it. */
typedef struct item {
    const job *j;
    analysis a;
} item;

static int item_compute(void *it, void *ctx)
{
    step *s = ctx;
    item *x = it;
    ner_wcache *words = s->m ? cache_take(s) : NULL;
    int rc = compute_one(s->m, words, x->j, &x->a);
    cache_give(s, words);
    return rc;
}

/* A batch read ahead: its articles are queued on the flow (or held, when their DCTs
 * wait for the batches before them to be written). */
typedef struct ahead {
    job *v;
    item *it;
    size_t n; /* v's articles (next_batch leaves the rest of v zeroed) */
} ahead;

static void ahead_free(ahead *b)
{
    for (size_t i = 0; b->it && i < b->n; i++) analysis_free(&b->it[i].a);
    for (size_t i = 0; b->v && i < b->n; i++) job_free(&b->v[i]);
    free(b->it);
    free(b->v);
    memset(b, 0, sizeof *b);
}

/* Decides the rest of the held batch's DCTs (every batch before it is written) and
 * queues its articles. */
static int ahead_queue(step *s, pl_flow *f, ahead *b, int need)
{
    int rc = need ? related_dcts(s->db, b->v, b->n) : AK_OK;
    b->it = rc == AK_OK ? calloc(b->n, sizeof *b->it) : NULL;
    if (rc == AK_OK && !b->it) rc = ak_set_error(AK_ENOMEM, "analysis: out of memory");
    for (size_t i = 0; rc == AK_OK && i < b->n; i++) {
        b->it[i].j = &b->v[i];
        pl_flow_add(f, &b->it[i]);
    }
    return rc;
}

/* Writes the oldest queued batch, in order, as its articles are computed. */
static int ahead_write(step *s, pl_flow *f, ahead *b)
{
    int rc = AK_OK;
    for (size_t i = 0; i < b->n; i++) {
        item *x = pl_flow_take(f);
        if (rc == AK_OK) rc = write_one(s, x->j, &x->a);
        analysis_free(&x->a);
    }
    return rc;
}

#define AHEAD 3 /* batches queued: the workers go on into the next while one is written and committed */

/* Batches are committed together once commit_articles are written: a commit writes every page the
 * batches changed, and the entity, index and aggregate pages each batch rewrites are then written
 * once per commit rather than once per batch (the DCTs are still decided per batch, so the answers
 * do not change). A killed run loses at most that many articles' analysis, done again next time.
 * The next batches are read and queued before one is written, so the workers never wait for the
 * writer's reads, aggregates and commits; a batch with an article whose DCT needs the store's
 * days waits until the batches before it are written, as it would one at a time. */
int pl_analyze_articles(ak_db *db, const ak_ner *m, size_t batch_size, size_t commit_articles, unsigned threads,
                        ak_analyze_counts *c)
{
    step s;
    memset(&s, 0, sizeof s);
    s.db = ak_db_sql(db);
    s.m = m;
    s.c = c;
    pthread_mutex_init(&s.pool_mu, NULL);
    int rc = prepare_all(&s);
    pl_flow *f = NULL;
    if (rc == AK_OK) rc = pl_flow_new(&f, AHEAD * batch_size, threads > 1 ? threads : 0, item_compute, &s);
    int loaded = 0, open_tx = 0, eof = 0, need = 0;
    long long after = 0;
    size_t uncommitted = 0; /* articles written since the last commit */
    ahead ring[AHEAD], held = {0};
    size_t head = 0, count = 0; /* the queued batches: ring[head], ... */
    memset(ring, 0, sizeof ring);
    while (rc == AK_OK) {
        while (rc == AK_OK && count < AHEAD && (held.v || !eof)) {
            if (!held.v) {
                rc = next_batch(s.db, &after, batch_size, &held.v, &held.n);
                if (rc == AK_OK && !held.n) { ahead_free(&held); eof = 1; break; }
                if (rc == AK_OK && !loaded) { rc = load_entities(&s); loaded = 1; }
                need = rc == AK_OK && own_dcts(held.v, held.n);
            }
            if (rc != AK_OK || (need && count)) break; /* the store's days: the batches before it first */
            rc = ahead_queue(&s, f, &held, need);
            ring[(head + count++) % AHEAD] = held;
            memset(&held, 0, sizeof held);
        }
        if (rc != AK_OK || !count) break;
        ahead *b = &ring[head];
        if (!open_tx) { rc = ak_sql_begin_write(s.db); open_tx = rc == AK_OK; }
        if (rc != AK_OK) break; /* b stays queued: freed once the workers stop */
        rc = ahead_write(&s, f, b); /* takes each of b's articles from the flow */
        uncommitted += b->n;
        ahead_free(b);
        head = (head + 1) % AHEAD;
        count--;
        if (rc == AK_OK) rc = update_aggregates(&s);
        if (rc == AK_OK && open_tx && uncommitted >= commit_articles) {
            rc = pl_exec(s.db, "COMMIT");
            open_tx = 0;
            uncommitted = 0;
        }
    }
    if (rc == AK_OK && open_tx) {
        rc = pl_exec(s.db, "COMMIT");
        open_tx = 0;
    }
    pl_flow_free(f); /* the workers stop before the batches they read are freed */
    for (size_t k = 0; k < count; k++) ahead_free(&ring[(head + k) % AHEAD]);
    ahead_free(&held);
    if (open_tx && rc != AK_OK) ak_sql_rollback(s.db);
    /* PostgreSQL plans the story step's look-ups from the tables' statistics, which its
     * background analysis refreshes only later: without them a join per article scans */
    if (rc == AK_OK && c->analyzed && ak_sql_is_pg(s.db))
        rc = pl_exec(s.db, "ANALYZE articles, article_meta, article_timex, entity_mentions, entities, dup_pair");
    finalize_all(&s);
    ak_strmap_free(&s.ents);
    ak_strmap_free(&s.surnames);
    ak_strmap_free(&s.seen);
    ak_buf_free(&s.seen_key);
    free(s.touched);
    free(s.added);
    for (size_t i = 0; i < s.npool; i++) ner_wcache_free(s.pool[i]);
    pthread_mutex_destroy(&s.pool_mu);
    return rc;
}
