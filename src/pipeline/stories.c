/* stories.c: the story step of ak_analyze: every stored article clustered with
 * all its features in publication order, then the stories whose membership
 * changed rewritten with title, header, cited summary and merged timeline. */
#include "pipeline/pipeline_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "story/cluster.h"
#include "story/features.h"
#include "time/events.h"
#include "text/utf8.h"
#include "store/store_internal.h"
#include "util/buf.h"
#include "util/error.h"

/* Entity types given to the clusterer as keys. */
/* Entity types given to the clusterer as keys: people. Places and bodies (the
 * kingdom, the ministry) recur in unrelated stories of a day; adding them lowered
 * BCubed F1 on the tuning day (docs/story.md). */
static int clustered_type(const char *type)
{
    return !strcmp(type, "PER");
}

/* Per article only what the story step needs after clustering (titles and texts
 * are read again for the stories written): memory per article stays small. */
typedef struct art {
    const char *id;  /* borrowed: the key of art_index */
    uint32_t source; /* index into ctx.sources, or NO_SOURCE */
    char dct[11];
    size_t story;    /* index into the story list, NO_STORY before its story is known */
    int duplicate;
    int stored;      /* mark_changed found its stored row */
    long long analyzed; /* article_meta.analyzed (its content stamp), -1 when none */
} art;
#define NO_SOURCE UINT32_MAX
#define NO_STORY SIZE_MAX

typedef struct story {
    const char *id;  /* the id of its earliest article (borrowed from arts) */
    size_t *members; /* indices into arts, in publication order */
    size_t n, cap;
    int changed;
} story;

/* A connection and the story step's read statements. The writer thread reads
 * through the caller's connection; with worker threads on a WAL database each
 * worker takes a read-only connection of its own, so the reads (texts,
 * entities, dates) run beside the clustering and the writing. */
typedef struct reader {
    ak_sql *db;
    sqlite3 *lite; /* a worker's own SQLite connection, closed with db */
    ak_sqlq *q_row, *q_ents, *q_dates, *q_text, *q_ment, *q_tx, *q_hdr;
    ak_sqlq *q_stored, *q_count; /* a story's stored rows (job_changed) */
} reader;

typedef struct ctx {
    ak_sql *db;
    art *arts;
    size_t n_arts;
    story *st;
    size_t n_st, st_cap;
    ak_strmap art_index; /* id -> index into arts */
    ak_strmap source_index; /* outlet name -> index into sources */
    char **sources;
    size_t n_sources;
    reader main;         /* on the caller's connection */
    reader *pool;        /* the workers' connections (none: all reads on the writer thread) */
    reader **avail;      /* those not in use */
    size_t n_pool, n_avail;
    pthread_mutex_t pool_mu;
    unsigned summary_sentences, threads;
    char opts[512];      /* the options as the stamp records them */
    long long gen0;      /* story_stamp.gen when the pass began */
    int rewrite_all;     /* the last pass had other options: every story is rewritten */
} ctx;

/* ---- clustering ---- */

typedef struct strs { char **v; size_t n, cap; int failed; } strs;

static void strs_add(strs *s, const char *x)
{
    if (s->failed) return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        char **p = realloc(s->v, cap * sizeof *p);
        if (!p) { s->failed = 1; return; }
        s->v = p;
        s->cap = cap;
    }
    if (!(s->v[s->n] = strdup(x))) { s->failed = 1; return; }
    s->n++;
}

static void strs_clear(strs *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i]);
    s->n = 0;
}

/* Day- and month-precise resolved dates: what ties reports of one happening. */
static int usable_date(const char *v)
{
    size_t len = strlen(v);
    return (len == 10 || len == 7) && !strchr(v, 'X') && v[0] >= '0' && v[0] <= '9';
}

/* The headline as the clusterer should weigh it: a first line of more than
 * MAX_HEADLINE_WORDS words is a lead paragraph, not a headline (a .txt file's
 * first line). Returns title or NULL. */
#define MAX_HEADLINE_WORDS 20
static size_t count_words(const char *s, const char *end)
{
    size_t words = 0;
    for (const char *p = s; p < end && *p; p++)
        if (*p != ' ' && *p != '\n' && (p == s || p[-1] == ' ' || p[-1] == '\n')) words++;
    return words;
}

static const char *headline(const char *title)
{
    return title && count_words(title, title + strlen(title)) <= MAX_HEADLINE_WORDS ? title : NULL;
}

/* Code points of the dateline that opens a text ("إيلاف من لندن:", "الرياض:"): a
 * prefix of at most 4 words ending in ':' on the first line. Names in it are the
 * outlet and the place of filing, not actors of the story; the same names later
 * in the article are the outlet speaking of itself ("قال لإيلاف"). */
static long long dateline_end(const char *text)
{
    const char *nl = strchr(text, '\n'), *colon = strchr(text, ':');
    if (!colon || (nl && colon > nl) || count_words(text, colon) > 4) return 0;
    return (long long)ak_utf8_count(text, (size_t)(colon - text) + 1);
}

/* One article as the clusterer gets it: read from the store, its features built
 * on a worker thread (the stemming: the costly part of the story step). */
typedef struct row {
    long long seq, analyzed;                /* analyzed: -1 when not analyzed */
    char *id, *title, *text, *source, *dct; /* title, source, dct may be NULL */
    strs ents, dates;                       /* PER keys, usable dates */
    ak_story_feats f;
    int rc;
    char err[256];                          /* a worker's error message */
} row;

static void row_free(row *r)
{
    free(r->id); free(r->title); free(r->text); free(r->source); free(r->dct);
    strs_clear(&r->ents); free(r->ents.v);
    strs_clear(&r->dates); free(r->dates.v);
    ak_story_feats_clear(&r->f);
    memset(r, 0, sizeof *r);
}

/* Outlets are few: each name is kept once. */
static int source_id(ctx *c, const char *name, uint32_t *out)
{
    long long k = ak_strmap_get(&c->source_index, name, -1);
    if (k < 0) {
        if (c->n_sources % 64 == 0) {
            char **p = realloc(c->sources, (c->n_sources + 64) * sizeof *p);
            if (!p) return ak_set_error(AK_ENOMEM, "stories: out of memory");
            c->sources = p;
        }
        if (!(c->sources[c->n_sources] = strdup(name))) return ak_set_error(AK_ENOMEM, "stories: out of memory");
        k = (long long)c->n_sources++;
        if (ak_strmap_put(&c->source_index, name, k)) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    }
    *out = (uint32_t)k;
    return AK_OK;
}

/* The article's texts (by rowid, so the ordering query sorts no text), its
 * people (PER keys, outside the dateline) and its usable dates. */
static int row_fetch(reader *rd, row *r)
{
    ak_sqlq_reset(rd->q_row);
    ak_sqlq_bind_int64(rd->q_row, 1, r->seq);
    if (ak_sqlq_step(rd->q_row) != AK_SQL_ROW) {
        int rc = pl_dberr(rd->db, "reading an article");
        ak_sqlq_reset(rd->q_row);
        return rc;
    }
    const char *v[4];
    char **out[4] = {&r->id, &r->title, &r->text, &r->source};
    for (int k = 0; k < 4; k++) {
        v[k] = k == 0 || k == 2 ? pl_col(rd->q_row, k) : pl_col_or_null(rd->q_row, k);
        *out[k] = v[k] ? strdup(v[k]) : NULL;
        if (v[k] && !*out[k]) { ak_sqlq_reset(rd->q_row); return ak_set_error(AK_ENOMEM, "stories: out of memory"); }
    }
    ak_sqlq_reset(rd->q_row);
    const char *id = r->id, *text = r->text;
    strs *ents = &r->ents, *dates = &r->dates;
    ak_sqlq_reset(rd->q_ents);
    ak_sqlq_bind_text(rd->q_ents, 1, id, -1);
    ak_sqlq_bind_int64(rd->q_ents, 2, dateline_end(text));
    ak_sqlq_reset(rd->q_dates);
    ak_sqlq_bind_text(rd->q_dates, 1, id, -1);
    /* both in one round trip on PostgreSQL */
    int rc = ak_sqlq_send(rd->q_ents);
    if (rc == AK_OK) rc = ak_sqlq_send(rd->q_dates);
    if (rc) return rc;
    char key[600];
    while (ak_sqlq_step(rd->q_ents) == AK_SQL_ROW) {
        if (!clustered_type(pl_col(rd->q_ents, 0))) continue;
        snprintf(key, sizeof key, "%s:%s", pl_col(rd->q_ents, 0), pl_col(rd->q_ents, 1));
        strs_add(ents, key);
    }
    ak_sqlq_reset(rd->q_ents);
    const char *dct0 = r->dct;
    int32_t today = dct0 ? ak_story_day(dct0) : AK_STORY_NO_DAY;
    while (ak_sqlq_step(rd->q_dates) == AK_SQL_ROW) {
        const char *v = pl_col(rd->q_dates, 0);
        char part[11];
        /* a range of days ties by its first and last day */
        if (strlen(v) == 21 && v[10] == '/') {
            for (int k = 0; k < 2; k++) {
                snprintf(part, sizeof part, "%.10s", v + 11 * k);
                if (usable_date(part) && !(today != AK_STORY_NO_DAY && ak_story_day(part) == today)) strs_add(dates, part);
            }
            continue;
        }
        if (!usable_date(v)) continue;
        /* "today" is in every report of the day: it ties nothing */
        if (today != AK_STORY_NO_DAY && strlen(v) == 10 && ak_story_day(v) == today) continue;
        strs_add(dates, v);
    }
    ak_sqlq_reset(rd->q_dates);
    if (ents->failed || dates->failed) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    return AK_OK;
}

static int add_one(ctx *c, ak_clusterer *cl, row *r)
{
    const char *id = r->id;
    ak_story_feats *f = &r->f;
    strs *ents = &r->ents, *dates = &r->dates;
    /* near-duplicate links are not given to the clusterer: formula reports of
     * different happenings (congratulations differing in one name) are classed
     * duplicates too, and forcing them together lowered F1; a copy still joins its
     * original by its words, and is flagged a copy afterwards (mark_copies) */
    char *dup_of = NULL;
    int rc = r->rc;
    if (rc) return ak_set_error(rc, "%s", r->err);
    const char *dct = r->dct;
    ak_story_doc d = {
        .id = id, .dct = dct ? ak_story_day(dct) : AK_STORY_NO_DAY,
        .title_terms = f->title, .n_title_terms = f->n_title, .body_terms = f->body, .n_body_terms = f->n_body,
        .entities = (const char *const *)ents->v, .n_entities = ents->n,
        .dates = (const char *const *)dates->v, .n_dates = dates->n,
        .dup_of = dup_of, .source = r->source,
    };
    rc = ak_clusterer_add(cl, &d);
    free(dup_of);
    if (rc) return rc;
    if (c->n_arts % 1024 == 0) {
        art *p = realloc(c->arts, (c->n_arts + 1024) * sizeof *p);
        if (!p) return ak_set_error(AK_ENOMEM, "stories: out of memory");
        c->arts = p;
    }
    art *a = &c->arts[c->n_arts];
    memset(a, 0, sizeof *a);
    a->source = NO_SOURCE;
    a->story = NO_STORY;
    if (r->source && (rc = source_id(c, r->source, &a->source))) return rc;
    if (dct) snprintf(a->dct, sizeof a->dct, "%.10s", dct);
    a->analyzed = r->analyzed;
    if (ak_strmap_put(&c->art_index, id, (long long)c->n_arts)) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    a->id = ak_strmap_find(&c->art_index, id)->key;
    c->n_arts++;
    return AK_OK;
}

/* Work given after each group of rows (the overlapped pass, below): `more` readies the
 * items and says how many (at most HOOK_ITEMS), `compute` runs them on the workers and
 * `write` on the writer thread, `after` follows each group's writing. */
typedef struct hooks {
    size_t (*more)(void *h);
    int (*compute)(size_t i, void *h);
    int (*write)(size_t i, void *h);
    int (*after)(void *h, int rc);
    void *h;
} hooks;

#define CHUNK 256       /* articles in a group */
#define HOOK_ITEMS 256  /* the most items a hooks' `more` readies at once */

/* An item of the clustering's flow: a row, or (r NULL) the hooks' item i. */
typedef struct titem {
    row *r;
    size_t i;
} titem;

/* The clustering's flow and its items: it[seq % cap] is the next one queued (the flow
 * never holds more than cap, so a slot is reused only after its item was written). */
typedef struct pass {
    ctx *c;
    ak_clusterer *cl;
    const hooks *x; /* NULL: rows only */
    pl_flow *f;
    titem *it;
    size_t cap, seq;
} pass;

static reader *reader_take(ctx *c)
{
    pthread_mutex_lock(&c->pool_mu);
    reader *rd = c->avail[--c->n_avail]; /* never empty: at most n_pool workers */
    pthread_mutex_unlock(&c->pool_mu);
    return rd;
}

static void reader_give(ctx *c, reader *rd)
{
    pthread_mutex_lock(&c->pool_mu);
    c->avail[c->n_avail++] = rd;
    pthread_mutex_unlock(&c->pool_mu);
}

/* On a worker: the article's reads (with a connection of the pool) and its stems. */
static int row_compute(ctx *c, row *r)
{
    if (c->n_pool) {
        reader *rd = reader_take(c);
        r->rc = row_fetch(rd, r);
        reader_give(c, rd);
        if (r->rc) { snprintf(r->err, sizeof r->err, "%s", ak_last_error()); return r->rc; }
    }
    r->rc = ak_story_feats_build(&r->f, headline(r->title), r->text);
    if (r->rc) snprintf(r->err, sizeof r->err, "stories: out of memory");
    return r->rc;
}

static int row_write(ctx *c, ak_clusterer *cl, row *r)
{
    int rc = add_one(c, cl, r);
    ak_story_feats_clear(&r->f);
    return rc;
}

/* The next article in publication order: its place and DCT from the ordering
 * query `q`; the rest is read by row_fetch. */
static int row_read(ak_sqlq *q, row *r)
{
    const char *dct = pl_col_or_null(q, 1);
    r->seq = ak_sqlq_int64(q, 0);
    r->analyzed = ak_sqlq_is_null(q, 2) ? -1 : ak_sqlq_int64(q, 2);
    if (dct && !(r->dct = strdup(dct))) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    return AK_OK;
}

static int item_compute(void *item, void *vp)
{
    const titem *t = item;
    const pass *p = vp;
    return t->r ? row_compute(p->c, t->r) : p->x->compute(t->i, p->x->h);
}

static void pass_queue(pass *p, row *r, size_t i)
{
    titem *t = &p->it[p->seq++ % p->cap];
    t->r = r;
    t->i = i;
    pl_flow_add(p->f, t);
}

/* Reads up to CHUNK rows into r and queues them; *end once the ordering query has no
 * more (it is never stepped again). */
static int pass_read(pass *p, ak_sqlq *q, row *r, size_t *n, int *end)
{
    int rc = AK_OK;
    *n = 0;
    while (rc == AK_OK && *n < CHUNK && !(*end = ak_sqlq_step(q) != AK_SQL_ROW)) rc = row_read(q, &r[(*n)++]);
    /* without worker connections the writer thread reads */
    for (size_t i = 0; rc == AK_OK && !p->c->n_pool && i < *n; i++) rc = row_fetch(&p->c->main, &r[i]);
    for (size_t i = 0; rc == AK_OK && i < *n; i++) pass_queue(p, &r[i], 0);
    return rc;
}

/* The hooks' next items, queued; how many. */
static size_t pass_more(pass *p)
{
    size_t e = p->x ? p->x->more(p->x->h) : 0;
    for (size_t i = 0; i < e; i++) pass_queue(p, NULL, i);
    return e;
}

/* Writes a group (its n rows, then e hooks' items) as the workers finish them. */
static int pass_write(pass *p, row *rows, size_t n, size_t e)
{
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < n + e; i++) {
        const titem *t = pl_flow_take(p->f);
        rc = t->r ? row_write(p->c, p->cl, t->r) : p->x->write(t->i, p->x->h);
    }
    for (size_t i = 0; rc == AK_OK && i < n; i++) row_free(&rows[i]);
    return rc;
}

/* Publication order (undated last, then ingestion order): the order the clusterer
 * expects. The rows go in groups of CHUNK, each followed by the hooks' items readied
 * once the group before it was written; while one group is written the next is
 * queued, so the workers never wait for the writer at a group's end (the writer,
 * clustering, is the pass's bound). With hooks, the clusterer queues the stories it
 * makes final. */
static int cluster_all(ctx *c, const ak_story_options *so, unsigned threads, const hooks *x, ak_clusterer **out)
{
    ak_sqlq *q;
    int rc = pl_prepare(c->db, "SELECT a.seq, m.dct, m.analyzed FROM articles a"
                               " LEFT JOIN article_meta m ON m.article=a.id ORDER BY m.dct IS NULL, m.dct, a.seq", &q);
    if (rc) return rc;
    rc = ak_clusterer_new(out, so);
    if (rc == AK_OK && x) ak_clusterer_track_final(*out);
    /* queued at most: one group's rows and hooks' items, and the next group's rows */
    pass p = {c, *out, x, NULL, NULL, 2 * CHUNK + HOOK_ITEMS, 0};
    row *rows = calloc(2 * CHUNK, sizeof *rows); /* group g's in rows + (g & 1) * CHUNK */
    p.it = calloc(p.cap, sizeof *p.it);
    if (rc == AK_OK && (!rows || !p.it)) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    /* the writer, clustering, is busy all the pass: it is one of the threads */
    if (rc == AK_OK) rc = pl_flow_new(&p.f, p.cap, threads > 1 ? threads - 1 : 0, item_compute, &p);
    size_t n[2] = {0, 0}, e[2] = {0, 0}; /* a group's rows, and the hooks' items after them */
    int end = 0, last[2] = {0, 0};       /* last: the group whose reading found the end */
    if (rc == AK_OK) rc = pass_read(&p, q, rows, &n[0], &end);
    last[0] = end;
    if (rc == AK_OK) e[0] = pass_more(&p);
    if (rc == AK_OK && !end) rc = pass_read(&p, q, rows + CHUNK, &n[1], &end);
    last[1] = end && !last[0];
    for (size_t g = 0; rc == AK_OK; g++) {
        size_t a = g & 1, b = a ^ 1;
        rc = pass_write(&p, rows + a * CHUNK, n[a], e[a]);
        if (rc == AK_OK && x) rc = x->after(x->h, AK_OK);
        if (rc != AK_OK || last[a]) break;
        /* group g + 1 is queued: its hooks' items now, then group g + 2 in a's rows */
        e[b] = pass_more(&p);
        n[a] = e[a] = 0;
        if (!last[b]) rc = pass_read(&p, q, rows + a * CHUNK, &n[a], &end);
        last[a] = end && !last[b];
    }
    pl_flow_free(p.f); /* after a failure: the workers stop after the items they are on */
    if (rc != AK_OK && x) rc = x->after(x->h, rc); /* frees the hooks' items not written */
    for (size_t i = 0; rows && i < 2 * CHUNK; i++) row_free(&rows[i]);
    free(rows);
    free(p.it);
    ak_sqlq_finalize(q);
    return rc;
}

static int group(ctx *c, ak_clusterer *cl)
{
    ak_story_assignment *as = NULL;
    size_t n = 0;
    int rc = ak_clusterer_assignments(cl, &as, &n);
    if (rc) return rc;
    ak_strmap sidx = {0};
    c->st = calloc(n ? n : 1, sizeof *c->st);
    if (!c->st) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        long long ai = ak_strmap_get(&c->art_index, as[i].article, -1);
        long long ri = ak_strmap_get(&c->art_index, as[i].story, -1);
        if (ai < 0 || ri < 0) { rc = ak_set_error(AK_EINVAL, "stories: unknown article %s", as[i].article); break; }
        long long si = ak_strmap_get(&sidx, as[i].story, -1);
        if (si < 0) {
            si = (long long)c->n_st++;
            c->st[si].id = c->arts[ri].id;
            rc = ak_strmap_put(&sidx, as[i].story, si);
        }
        story *s = &c->st[si];
        if (rc == AK_OK && s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 8;
            size_t *p = realloc(s->members, cap * sizeof *p);
            if (!p) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
            else { s->members = p; s->cap = cap; }
        }
        if (rc == AK_OK) {
            s->members[s->n++] = (size_t)ai;
            c->arts[ai].story = (size_t)si;
            c->arts[ai].duplicate = as[i].duplicate;
        }
    }
    ak_strmap_free(&sidx);
    ak_free(as);
    return rc;
}

/* A member that duplicates or rewrites another member of its story is a copy,
 * not a new report. The pairs are read once (dup_pair has no index on b) and
 * grouped by copy, each group in pair order: the articles are then visited in
 * publication order, as a look-up per article would. */
static int mark_copies(ctx *c)
{
    ak_sqlq *q;
    int rc = pl_prepare(c->db, "SELECT a, b FROM dup_pair WHERE cls IN ('duplicate','rewrite') ORDER BY seq", &q);
    size_t n = 0, cap = 0;
    size_t (*pairs)[2] = NULL; /* (copy, original) as article indices */
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        long long o = ak_strmap_get(&c->art_index, pl_col(q, 0), -1), b = ak_strmap_get(&c->art_index, pl_col(q, 1), -1);
        if (o < 0 || b < 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            size_t(*p)[2] = realloc(pairs, cap * sizeof *p);
            if (!p) { rc = ak_set_error(AK_ENOMEM, "stories: out of memory"); break; }
            pairs = p;
        }
        pairs[n][0] = (size_t)b;
        pairs[n++][1] = (size_t)o;
    }
    ak_sqlq_finalize(q);
    /* counting sort by copy: stable, so each copy's originals stay in pair order */
    size_t *start = rc == AK_OK ? calloc(c->n_arts + 1, sizeof *start) : NULL;
    size_t *orig = rc == AK_OK ? malloc((n ? n : 1) * sizeof *orig) : NULL;
    if (rc == AK_OK && (!start || !orig)) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    if (rc == AK_OK) {
        for (size_t i = 0; i < n; i++) start[pairs[i][0] + 1]++;
        for (size_t i = 0; i < c->n_arts; i++) start[i + 1] += start[i];
        for (size_t i = 0; i < n; i++) orig[start[pairs[i][0]]++] = pairs[i][1];
        for (size_t i = c->n_arts; i > 0; i--) start[i] = start[i - 1];
        start[0] = 0;
        for (size_t i = 0; i < c->n_arts; i++) {
            art *a = &c->arts[i];
            if (a->duplicate) continue;
            for (size_t k = start[i]; k < start[i + 1]; k++) {
                const art *o = &c->arts[orig[k]];
                if (o->story == a->story && !o->duplicate) { a->duplicate = 1; break; }
            }
        }
    }
    free(pairs);
    free(start);
    free(orig);
    return rc;
}

/* A story changed when any member's stored story or duplicate flag differs, or
 * the member was analyzed again since (its text re-cleaned by ingestion: the
 * summary, timeline and header read it), or the stored story has members it no
 * longer has. */
static int mark_changed(ctx *c, size_t *n_changed)
{
    ak_sqlq *q;
    int rc = pl_prepare(c->db, "SELECT sa.article, sa.story, sa.duplicate, s.id IS NOT NULL, sa.analyzed FROM story_articles sa"
                               " LEFT JOIN stories s ON s.id=sa.story", &q);
    ak_strmap count = {0};
    for (size_t i = 0; rc == AK_OK && i < c->n_st; i++) rc = ak_strmap_put(&count, c->st[i].id, (long long)i);
    size_t *stored = calloc(c->n_st ? c->n_st : 1, sizeof *stored);
    if (!stored) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        long long ai = ak_strmap_get(&c->art_index, pl_col(q, 0), -1);
        long long si = ak_strmap_get(&count, pl_col(q, 1), -1);
        if (si >= 0) stored[si]++;
        if (ai < 0) continue; /* an article no longer stored */
        art *a = &c->arts[ai];
        a->stored = 1;
        long long analyzed = ak_sqlq_is_null(q, 4) ? -1 : ak_sqlq_int64(q, 4);
        if (strcmp(c->st[a->story].id, pl_col(q, 1)) || a->duplicate != ak_sqlq_int64(q, 2) ||
            !ak_sqlq_int64(q, 3) || analyzed != a->analyzed)
            c->st[a->story].changed = 1;
        if (si >= 0 && (size_t)si != a->story) c->st[si].changed = 1;
    }
    for (size_t i = 0; rc == AK_OK && i < c->n_arts; i++)
        if (!c->arts[i].stored) c->st[c->arts[i].story].changed = 1;
    for (size_t i = 0; rc == AK_OK && i < c->n_st; i++) {
        if (stored[i] != c->st[i].n) c->st[i].changed = 1;
        *n_changed += (size_t)c->st[i].changed;
    }
    free(stored);
    ak_strmap_free(&count);
    ak_sqlq_finalize(q);
    return rc;
}

/* ---- one story's title, summary, timeline and header ---- */

typedef struct member_text {
    char *text, *title; /* title may be NULL */
    size_t len;
    long long *ment;  /* code-point starts of entity mentions */
    size_t n_ment;
    long long *tx;    /* code-point starts of resolved dates */
    size_t n_tx;
    ak_timex *x;      /* its stored dates and times with a resolved value, in text order */
    size_t nx;
    int x_ok;         /* x is the tagger's whole answer: no row without its granularity */
} member_text;

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* How many of the sorted v[0..n) lie in [lo, hi). */
static size_t count_in(const long long *v, size_t n, long long lo, long long hi)
{
    size_t a = 0, b = n, c = 0, d = n;
    while (a < b) { size_t m = a + (b - a) / 2; if (v[m] < lo) a = m + 1; else b = m; }
    while (c < d) { size_t m = c + (d - c) / 2; if (v[m] < hi) c = m + 1; else d = m; }
    return c > a ? c - a : 0;
}

/* Binds a member's four reads (text, mentions, dates, entity counts) and sends them ahead: one
 * round trip on PostgreSQL instead of four. */
static int member_send(reader *rd, const char *id)
{
    ak_sqlq *qs[] = {rd->q_text, rd->q_ment, rd->q_tx, rd->q_hdr};
    int rc = AK_OK;
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
        ak_sqlq_reset(qs[k]);
        ak_sqlq_bind_text(qs[k], 1, id, -1);
    }
    for (size_t k = 0; rc == AK_OK && k < sizeof qs / sizeof *qs; k++) rc = ak_sqlq_send(qs[k]);
    return rc;
}

/* The member's stored dates and times with a resolved value (rows in text order: start, end,
 * type, value, mod, granularity): the starts of its dates, for the summary's sentences, and the
 * expressions, for its timeline. */
static int load_times(ak_sqlq *q, member_text *m)
{
    size_t cap_tx = 0, cap_x = 0;
    m->x_ok = 1;
    while (ak_sqlq_step(q) == AK_SQL_ROW) {
        const char *type = pl_col(q, 2);
        if (!strcmp(type, "DATE")) {
            void *v = m->tx;
            int rc = pl_grow(&v, m->n_tx, &cap_tx, sizeof *m->tx, 32, "stories");
            m->tx = v;
            if (rc) return rc;
            m->tx[m->n_tx++] = ak_sqlq_int64(q, 0);
        }
        if (ak_sqlq_is_null(q, 5)) m->x_ok = 0; /* stored before granularities were: tagged again */
        if (!m->x_ok) continue;
        void *v = m->x;
        int rc = pl_grow(&v, m->nx, &cap_x, sizeof *m->x, 16, "stories");
        m->x = v;
        if (rc) return rc;
        ak_timex *x = &m->x[m->nx++];
        memset(x, 0, sizeof *x);
        long long a = ak_sqlq_int64(q, 0), b = ak_sqlq_int64(q, 1);
        if (a < 0 || b < a) m->x_ok = 0;
        x->start = (size_t)(a < 0 ? 0 : a);
        x->end = (size_t)(b < a ? a : b);
        snprintf(x->type, sizeof x->type, "%s", type);
        snprintf(x->value, sizeof x->value, "%s", pl_col(q, 3));
        snprintf(x->mod, sizeof x->mod, "%s", pl_col_or_null(q, 4) ? pl_col(q, 4) : "");
        x->granularity = (int)ak_sqlq_int64(q, 5);
    }
    return AK_OK;
}

/* The byte spans of the member's stored expressions (code points in the store); 0 when one
 * does not fit the text (then it is tagged again). */
static int times_at_bytes(member_text *m)
{
    size_t cp = 0, byte = 0;
    for (size_t k = 0; k < m->nx; k++) {
        ak_timex *x = &m->x[k];
        if (x->start < cp) return 0; /* not in text order */
        for (size_t *at = &x->byte_start, want = x->start;; at = &x->byte_end, want = x->end) {
            while (cp < want && byte < m->len) {
                byte++;
                while (byte < m->len && ((unsigned char)m->text[byte] & 0xC0) == 0x80) byte++;
                cp++;
            }
            if (cp != want) return 0;
            *at = byte;
            if (at == &x->byte_end) break;
        }
        /* the next one may start inside this one: walk from this one's start again */
        cp = x->start;
        byte = x->byte_start;
    }
    return 1;
}

/* The member's text and its mention and date starts (its reads sent by member_send). */
static int load_member(reader *rd, member_text *m)
{
    memset(m, 0, sizeof *m);
    if (ak_sqlq_step(rd->q_text) != AK_SQL_ROW) {
        int rc = pl_dberr(rd->db, "reading an article");
        ak_sqlq_reset(rd->q_text);
        return rc;
    }
    m->len = (size_t)ak_sqlq_bytes(rd->q_text, 0);
    m->text = malloc(m->len + 1);
    const char *title = pl_col_or_null(rd->q_text, 1);
    if (m->text) {
        memcpy(m->text, pl_col(rd->q_text, 0), m->len);
        m->text[m->len] = '\0';
    }
    if (title) m->title = strdup(title);
    ak_sqlq_reset(rd->q_text);
    if (!m->text || (title && !m->title)) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    int rc = AK_OK;
    for (size_t cap = 0; rc == AK_OK && ak_sqlq_step(rd->q_ment) == AK_SQL_ROW;) {
        void *v = m->ment;
        rc = pl_grow(&v, m->n_ment, &cap, sizeof *m->ment, 32, "stories");
        m->ment = v;
        if (rc == AK_OK) m->ment[m->n_ment++] = ak_sqlq_int64(rd->q_ment, 0);
    }
    ak_sqlq_reset(rd->q_ment);
    if (rc == AK_OK) rc = load_times(rd->q_tx, m);
    ak_sqlq_reset(rd->q_tx);
    if (rc) return rc;
    /* sorted, so each sentence counts its own by binary search (span_cb); the dates' starts
     * are in text order already (their query's ORDER BY start) */
    if (m->n_ment) qsort(m->ment, m->n_ment, sizeof *m->ment, cmp_ll);
    m->x_ok = m->x_ok && times_at_bytes(m);
    return AK_OK;
}

static void member_free(member_text *m)
{
    free(m->text);
    free(m->title);
    free(m->ment);
    free(m->tx);
    free(m->x);
}

/* Sentences of the story's reports with their stems and entity/date counts. */
typedef struct sent_set {
    ak_story_sentence *s;
    size_t n, cap;
    char **texts;       /* owned sentence texts */
    const char **terms; /* pointers into pools */
    size_t n_terms, cap_terms;
    size_t *term_start; /* per sentence: first index into terms (fixed up at the end) */
    char **pools;       /* owned stem pools, one per sentence */
    int failed;
} sent_set;

typedef struct span_ctx {
    sent_set *ss;
    const member_text *m;
    const char *article;
    unsigned pos;
    size_t cp_at, byte_at; /* running code-point count up to byte_at */
} span_ctx;

typedef struct stem_acc { ak_buf pool; size_t n; } stem_acc;

static void stem_cb(const char *stem, size_t len, void *vctx)
{
    stem_acc *a = vctx;
    ak_buf_append(&a->pool, stem, len);
    ak_buf_putc(&a->pool, '\0');
    a->n++;
}

static void span_cb(size_t start, size_t end, void *vctx)
{
    span_ctx *k = vctx;
    sent_set *ss = k->ss;
    if (ss->failed) return;
    k->cp_at += ak_utf8_count(k->m->text + k->byte_at, start - k->byte_at);
    k->byte_at = start;
    size_t cp_start = k->cp_at, cp_end = cp_start + ak_utf8_count(k->m->text + start, end - start);
    if (ss->n == ss->cap) {
        size_t cap = ss->cap ? ss->cap * 2 : 64;
        ak_story_sentence *p = realloc(ss->s, cap * sizeof *p);
        char **t = p ? realloc(ss->texts, cap * sizeof *t) : NULL;
        if (p) ss->s = p;
        if (t) ss->texts = t;
        char **pl = t ? realloc(ss->pools, cap * sizeof *pl) : NULL;
        if (pl) ss->pools = pl;
        size_t *ts = pl ? realloc(ss->term_start, (cap + 1) * sizeof *ts) : NULL;
        if (ts) ss->term_start = ts;
        if (!ts) { ss->failed = 1; return; }
        ss->cap = cap;
    }
    stem_acc acc = {AK_BUF_INIT, 0};
    ak_story_stems(k->m->text + start, end - start, stem_cb, &acc);
    char *text = malloc(end - start + 1);
    if (acc.pool.failed || !text) { free(text); ak_buf_free(&acc.pool); ss->failed = 1; return; }
    memcpy(text, k->m->text + start, end - start);
    text[end - start] = '\0';
    size_t plen = 0;
    char *pool = ak_buf_detach(&acc.pool, &plen);
    if (ss->n_terms + acc.n > ss->cap_terms) {
        size_t cap = ss->cap_terms ? ss->cap_terms : 256;
        while (cap < ss->n_terms + acc.n) cap *= 2;
        const char **p = realloc(ss->terms, cap * sizeof *p);
        if (!p) { free(text); free(pool); ss->failed = 1; return; }
        ss->terms = p;
        ss->cap_terms = cap;
    }
    ss->term_start[ss->n] = ss->n_terms;
    for (size_t i = 0, off = 0; i < acc.n; i++) {
        ss->terms[ss->n_terms++] = pool + off;
        off += strlen(pool + off) + 1;
    }
    unsigned ne = (unsigned)count_in(k->m->ment, k->m->n_ment, (long long)cp_start, (long long)cp_end),
             nd = (unsigned)count_in(k->m->tx, k->m->n_tx, (long long)cp_start, (long long)cp_end);
    ss->texts[ss->n] = text;
    ss->pools[ss->n] = pool;
    ss->s[ss->n] = (ak_story_sentence){text, k->article, k->pos++, NULL, acc.n, ne, nd};
    ss->n++;
}

static void sent_set_free(sent_set *ss)
{
    for (size_t i = 0; i < ss->n; i++) { free(ss->texts[i]); free(ss->pools[i]); }
    free(ss->s); free(ss->texts); free(ss->pools); free(ss->terms); free(ss->term_start);
}

static const char *gran_name(int g, const char *mod)
{
    if (mod[0] && strcmp(mod, "START") && strcmp(mod, "MID") && strcmp(mod, "END")) return "approximate";
    switch (g) {
    case AK_GRAN_MINUTE: case AK_GRAN_DAY: return "day";
    case AK_GRAN_WEEK: return "week";
    case AK_GRAN_MONTH: return "month";
    case AK_GRAN_QUARTER: case AK_GRAN_SEASON: return "quarter";
    case AK_GRAN_YEAR: case AK_GRAN_DECADE: return "year";
    default: return "approximate";
    }
}

static void j_str(ak_buf *b, const char *s)
{
    if (!s) { ak_buf_puts(b, "null"); return; }
    ak_buf_putc(b, '"');
    ak_buf_json_escape(b, s, strlen(s));
    ak_buf_putc(b, '"');
}

typedef struct written {
    char *title, *header, *summary, *timeline;
    char first[11], last[11];
} written;

/* One member of a story being rewritten, copied from ctx when the job is made: the
 * job is computed on a worker while the writer thread may still be adding articles
 * (growing ctx.arts and art_index), so it reads nothing of them. */
typedef struct jmember {
    const char *id;     /* borrowed: art_index's key (stable while the map grows) */
    const char *source; /* borrowed: ctx.sources' string, or NULL */
    char dct[11];
    int duplicate;
    long long analyzed;
} jmember;

/* A story to rewrite, as the worker sees it. */
typedef struct jstory {
    const char *id;
    size_t n;
    jmember *m;
    ak_strmap idx; /* member id -> index into m */
} jstory;

static const char *source_of(const jstory *s, const char *article)
{
    long long i = article ? ak_strmap_get((ak_strmap *)&s->idx, article, -1) : -1;
    return i >= 0 ? s->m[i].source : NULL;
}

/* The distinct articles among an entry's sources (one article's events are adjacent: the
 * merge keeps the events' order within an entry). */
static size_t reports_of(const ak_timeline_entry *e)
{
    size_t n = 0;
    for (size_t t = 0; t < e->n_sources; t++)
        n += t == 0 || !e->sources[t]->article || !e->sources[t - 1]->article ||
             strcmp(e->sources[t]->article, e->sources[t - 1]->article) != 0;
    return n;
}

/* The timeline: events of every report, merged by value; also picks the
 * story's main day (the day-precise entry most sources give, in its range). */
static int timeline(const jstory *s, member_text *mt, written *w, char when[11])
{
    ak_time_event *ev = NULL;
    size_t nev = 0;
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < s->n; i++) {
        const jmember *a = &s->m[i];
        if (a->duplicate || !mt[i].text) continue;
        /* the stored expressions, as the analysis found them with the same DCT; tagged again
         * only in a store whose rows lack their granularity */
        rc = mt[i].x_ok ? tx_events_of(mt[i].text, mt[i].len, mt[i].x, mt[i].nx, a->id, &ev, &nev)
                        : ak_time_events(mt[i].text, mt[i].len, a->dct[0] ? a->dct : NULL, a->id, &ev, &nev);
        if (rc && rc != AK_ENOMEM) rc = AK_OK;
    }
    ak_timeline_entry *e = NULL;
    size_t ne = 0;
    if (rc == AK_OK) rc = ak_timeline_merge(ev, nev, &e, &ne);
    ak_buf b = AK_BUF_INIT;
    ak_buf_putc(&b, '[');
    size_t best_n = 0;
    for (size_t k = 0; rc == AK_OK && k < ne; k++) {
        char day[11] = "";
        if (strlen(e[k].value) >= 10 && e[k].value[4] == '-' && e[k].value[7] == '-') snprintf(day, sizeof day, "%.10s", e[k].value);
        const ak_time_event *first = e[k].n_sources ? e[k].sources[0] : NULL;
        ak_buf_puts(&b, k ? ",{\"value\":" : "{\"value\":");
        j_str(&b, e[k].value);
        ak_buf_puts(&b, ",\"day\":");
        j_str(&b, day[0] ? day : NULL);
        ak_buf_printf(&b, ",\"granularity\":\"%s\",\"mod\":", gran_name(e[k].granularity, e[k].mod));
        j_str(&b, e[k].mod[0] ? e[k].mod : NULL);
        ak_buf_puts(&b, ",\"text\":");
        j_str(&b, e[k].text ? e[k].text : "");
        ak_buf_puts(&b, ",\"article\":");
        j_str(&b, first ? first->article : NULL);
        ak_buf_puts(&b, ",\"source\":");
        j_str(&b, first ? source_of(s, first->article) : NULL);
        ak_buf_puts(&b, ",\"sources\":[");
        for (size_t t = 0; t < e[k].n_sources; t++) {
            ak_buf_puts(&b, t ? ",{\"article\":" : "{\"article\":");
            j_str(&b, e[k].sources[t]->article);
            ak_buf_puts(&b, ",\"source\":");
            j_str(&b, source_of(s, e[k].sources[t]->article));
            ak_buf_printf(&b, ",\"start\":%zu,\"end\":%zu}", e[k].sources[t]->tx_start, e[k].sources[t]->tx_end);
        }
        ak_buf_puts(&b, "]}");
        /* the main day: stated by the most reports, within the story's days (a week's slack);
         * reports, not mentions: one article repeating its date does not outvote the others */
        size_t reports = reports_of(&e[k]);
        if (day[0] && w->first[0] && ak_story_day(day) >= ak_story_day(w->first) - 7 &&
            ak_story_day(day) <= ak_story_day(w->last) && reports >= best_n) {
            best_n = reports;
            memcpy(when, day, 11);
        }
    }
    ak_buf_putc(&b, ']');
    ak_timeline_free(e, ne);
    ak_time_events_free(ev, nev);
    if (rc == AK_OK && b.failed) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    if (rc == AK_OK) w->timeline = ak_buf_detach(&b, NULL);
    ak_buf_free(&b);
    return rc;
}

static int summary(unsigned summary_sentences, const jstory *s, member_text *mt, written *w)
{
    sent_set ss;
    memset(&ss, 0, sizeof ss);
    for (size_t i = 0; i < s->n; i++) {
        const jmember *a = &s->m[i];
        if (a->duplicate || !mt[i].text) continue;
        span_ctx k = {&ss, &mt[i], a->id, 0, 0, 0};
        ak_story_sentences(mt[i].text, mt[i].len, span_cb, &k);
    }
    int rc = ss.failed ? ak_set_error(AK_ENOMEM, "stories: out of memory") : AK_OK;
    for (size_t i = 0; rc == AK_OK && i < ss.n; i++) ss.s[i].terms = ss.terms + ss.term_start[i];
    size_t *pick = NULL, np = 0;
    if (rc == AK_OK && ss.n) rc = ak_story_summarize(ss.s, ss.n, summary_sentences, 0.7, &pick, &np);
    ak_buf b = AK_BUF_INIT;
    ak_buf_putc(&b, '[');
    for (size_t i = 0; rc == AK_OK && i < np; i++) {
        const ak_story_sentence *x = &ss.s[pick[i]];
        ak_buf_puts(&b, i ? ",{\"text\":" : "{\"text\":");
        j_str(&b, x->text);
        ak_buf_puts(&b, ",\"article\":");
        j_str(&b, x->article);
        ak_buf_puts(&b, ",\"source\":");
        j_str(&b, source_of(s, x->article));
        ak_buf_putc(&b, '}');
    }
    ak_buf_putc(&b, ']');
    /* with no titles the story is named by its lead sentence */
    if (rc == AK_OK && !w->title && ss.n) {
        const char *t = np ? ss.s[pick[0]].text : ss.s[0].text;
        size_t n = strlen(t), cut = n > 160 ? 160 : n;
        while (cut < n && cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
        w->title = malloc(cut + 4);
        if (w->title) { memcpy(w->title, t, cut); strcpy(w->title + cut, cut < n ? "…" : ""); }
    }
    ak_free(pick);
    sent_set_free(&ss);
    if (rc == AK_OK && b.failed) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    if (rc == AK_OK) w->summary = ak_buf_detach(&b, NULL);
    ak_buf_free(&b);
    return rc;
}

static int pick_title(const jstory *s, const member_text *mt, written *w)
{
    ak_story_feats *f = calloc(s->n, sizeof *f);
    const char *const **terms = calloc(s->n, sizeof *terms);
    size_t *nt = calloc(s->n, sizeof *nt), *who = calloc(s->n, sizeof *who), n = 0;
    int rc = f && terms && nt && who ? AK_OK : ak_set_error(AK_ENOMEM, "stories: out of memory");
    for (size_t i = 0; rc == AK_OK && i < s->n; i++) {
        const jmember *a = &s->m[i];
        if (a->duplicate || !mt[i].title || !*mt[i].title) continue;
        rc = ak_story_feats_build(&f[n], mt[i].title, NULL);
        terms[n] = f[n].title;
        nt[n] = f[n].n_title;
        who[n++] = i;
    }
    size_t best = 0;
    if (rc == AK_OK && n) rc = ak_story_pick_title(terms, nt, n, &best);
    if (rc == AK_OK && n && !(w->title = strdup(mt[who[best]].title))) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    for (size_t i = 0; f && i < n; i++) ak_story_feats_clear(&f[i]);
    free(f); free(terms); free(nt); free(who);
    return rc;
}

/* One story being rewritten: its members copied from ctx (job_init, writer thread),
 * whether it changed read on a worker when the pass overlaps the clustering, its
 * texts read, then its title, summary, timeline and header made on a worker, and
 * stored on the writer thread. */
typedef struct job {
    jstory s;
    int check;         /* a worker finds whether it changed (job_changed) */
    int changed;       /* to be rewritten */
    member_text *mt;   /* per member; a copy's is left empty */
    char **keys;       /* "TYPE:name" of the entities its reports mention, first seen first */
    unsigned *counts;  /* mentions of each */
    size_t n_keys, cap_keys;
    written w;
    int rc;
    char err[256];     /* the worker's message, set again on the writer thread */
} job;

static void job_free(job *j)
{
    for (size_t i = 0; j->mt && i < j->s.n; i++) member_free(&j->mt[i]);
    free(j->mt);
    free(j->s.m);
    ak_strmap_free(&j->s.idx);
    for (size_t i = 0; i < j->n_keys; i++) free(j->keys[i]);
    free(j->keys);
    free(j->counts);
    free(j->w.title); ak_free(j->w.header); free(j->w.summary); free(j->w.timeline);
    memset(j, 0, sizeof *j);
}

/* A member's entity mention counts (its read sent by member_send) added to the story's, for
 * the header; idx: key -> index into j->keys. */
static int member_headers(reader *rd, ak_strmap *idx, job *j)
{
    int rc = AK_OK;
    ak_sqlq *q = rd->q_hdr;
    char key[600];
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        snprintf(key, sizeof key, "%s:%s", pl_col(q, 0), pl_col(q, 1));
        long long k = ak_strmap_get(idx, key, -1);
        if (k < 0) {
            if (j->n_keys == j->cap_keys) {
                size_t cap = j->cap_keys ? j->cap_keys * 2 : 32;
                char **pk = realloc(j->keys, cap * sizeof *pk);
                if (pk) j->keys = pk;
                unsigned *pc = pk ? realloc(j->counts, cap * sizeof *pc) : NULL;
                if (pc) j->counts = pc;
                if (!pc) { rc = ak_set_error(AK_ENOMEM, "stories: out of memory"); break; }
                j->cap_keys = cap;
            }
            k = (long long)j->n_keys;
            if (!(j->keys[k] = strdup(key))) { rc = ak_set_error(AK_ENOMEM, "stories: out of memory"); break; }
            j->counts[j->n_keys++] = 0;
            rc = ak_strmap_put(idx, key, k);
        }
        if (rc == AK_OK) j->counts[k] += (unsigned)ak_sqlq_int64(q, 2);
    }
    ak_sqlq_reset(q);
    return rc;
}

/* The story's members as they are now, its day range and room for its members' texts. */
static int job_init(const ctx *c, const story *s, job *j)
{
    memset(j, 0, sizeof *j);
    j->s.id = s->id;
    j->s.n = s->n;
    j->changed = s->changed;
    j->s.m = calloc(s->n ? s->n : 1, sizeof *j->s.m);
    j->mt = calloc(s->n ? s->n : 1, sizeof *j->mt);
    if (!j->s.m || !j->mt) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    for (size_t i = 0; i < s->n; i++) {
        const art *a = &c->arts[s->members[i]];
        jmember *m = &j->s.m[i];
        *m = (jmember){a->id, a->source != NO_SOURCE ? c->sources[a->source] : NULL, "", a->duplicate, a->analyzed};
        memcpy(m->dct, a->dct, sizeof m->dct);
        if (!m->dct[0]) continue;
        if (!j->w.first[0] || strcmp(m->dct, j->w.first) < 0) memcpy(j->w.first, m->dct, 11);
        if (!j->w.last[0] || strcmp(m->dct, j->w.last) > 0) memcpy(j->w.last, m->dct, 11);
    }
    return AK_OK;
}

/* Whether the story's stored rows differ from it (mark_changed for one story, read
 * through a worker's connection: what the last pass committed): a member stored in
 * another story, with another copy flag or analysis stamp, or not stored, or rows
 * stored under its id that are not its members (counted: each such row's article is
 * elsewhere now, or gone). */
static int job_changed(reader *rd, job *j)
{
    int rc = AK_OK;
    j->changed = 0;
    for (size_t i = 0; rc == AK_OK && !j->changed && i < j->s.n; i++) {
        const jmember *a = &j->s.m[i];
        ak_sqlq *q = rd->q_stored;
        ak_sqlq_reset(q);
        ak_sqlq_bind_text(q, 1, a->id, -1);
        int st = ak_sqlq_step(q);
        if (st == AK_SQL_ROW) {
            long long analyzed = ak_sqlq_is_null(q, 3) ? -1 : ak_sqlq_int64(q, 3);
            j->changed = strcmp(pl_col(q, 0), j->s.id) || a->duplicate != ak_sqlq_int64(q, 1) ||
                         !ak_sqlq_int64(q, 2) || analyzed != a->analyzed;
        } else if (st == AK_SQL_DONE) j->changed = 1;
        else rc = pl_dberr(rd->db, "reading a stored story member");
        ak_sqlq_reset(q);
    }
    if (rc == AK_OK && !j->changed) {
        ak_sqlq *q = rd->q_count;
        ak_sqlq_reset(q);
        ak_sqlq_bind_text(q, 1, j->s.id, -1);
        if (ak_sqlq_step(q) != AK_SQL_ROW) rc = pl_dberr(rd->db, "counting a stored story's members");
        else j->changed = (size_t)ak_sqlq_int64(q, 0) != j->s.n;
        ak_sqlq_reset(q);
    }
    return rc;
}

/* Everything a worker needs, read from the store: texts, titles, entity counts. */
static int job_read(reader *rd, job *j)
{
    ak_strmap idx = {0};
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < j->s.n; i++) {
        const jmember *a = &j->s.m[i];
        if (a->duplicate) continue; /* a copy is not a new report */
        rc = member_send(rd, a->id);
        if (rc == AK_OK) rc = load_member(rd, &j->mt[i]);
        if (rc == AK_OK) rc = member_headers(rd, &idx, j);
    }
    ak_strmap_free(&idx);
    return rc;
}

typedef struct jobs {
    ctx *c;
    job *j;
    ak_sqlq *ins_story, *ins_member, *del_members;
    char now[21];
    size_t written;
} jobs;

/* Title, summary, timeline, then the header ("من/ماذا/أين/متى" from the entities
 * the story's reports mention most). */
static int job_make(unsigned summary_sentences, job *j)
{
    char when[11] = "";
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < j->s.n; i++) rc = ak_strmap_put(&j->s.idx, j->s.m[i].id, (long long)i);
    if (rc) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    if (rc == AK_OK) rc = pick_title(&j->s, j->mt, &j->w);
    if (rc == AK_OK) rc = summary(summary_sentences, &j->s, j->mt, &j->w);
    if (rc == AK_OK) rc = timeline(&j->s, j->mt, &j->w, when);
    if (rc == AK_OK)
        rc = ak_story_header((const char *const *)j->keys, j->counts, j->n_keys, j->w.title,
                             when[0] ? when : j->w.first[0] ? j->w.first : NULL, &j->w.header);
    return rc;
}

/* On a worker: whether the story changed (when asked), its reads (with a connection of
 * the pool) and what is written of it. */
static int job_compute(size_t i, void *vk)
{
    jobs *k = vk;
    job *j = &k->j[i];
    if (j->rc) return j->rc; /* job_init failed: the writer reports it */
    int rc = AK_OK;
    reader *rd = k->c->n_pool ? reader_take(k->c) : NULL;
    if (rd && j->check) rc = job_changed(rd, j);
    if (rc == AK_OK && rd && j->changed) rc = job_read(rd, j);
    if (rd) reader_give(k->c, rd);
    if (rc == AK_OK && j->changed) rc = job_make(k->c->summary_sentences, j);
    if (rc) snprintf(j->err, sizeof j->err, "%s", ak_last_error());
    /* the texts are no longer needed: free them before the writer gets to this story */
    for (size_t m = 0; j->mt && m < j->s.n; m++) member_free(&j->mt[m]);
    free(j->mt);
    j->mt = NULL;
    return j->rc = rc;
}

static int job_write(size_t i, void *vk)
{
    jobs *k = vk;
    ctx *c = k->c;
    job *j = &k->j[i];
    const jstory *s = &j->s;
    const written *w = &j->w;
    if (j->rc) return ak_set_error(j->rc, "%s", j->err);
    if (!j->changed) { job_free(j); return AK_OK; }
    int rc = AK_OK;
    ak_sqlq *q = k->ins_story;
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, s->id, -1);
    ak_sqlq_bind_text(q, 2, w->title ? w->title : s->id, -1);
    ak_sqlq_bind_text(q, 3, w->header ? w->header : "", -1);
    if (w->first[0]) ak_sqlq_bind_text(q, 4, w->first, -1); else ak_sqlq_bind_null(q, 4);
    if (w->last[0]) ak_sqlq_bind_text(q, 5, w->last, -1); else ak_sqlq_bind_null(q, 5);
    ak_sqlq_bind_int64(q, 6, (long long)s->n);
    ak_sqlq_bind_text(q, 7, w->summary ? w->summary : "[]", -1);
    ak_sqlq_bind_text(q, 8, w->timeline ? w->timeline : "[]", -1);
    ak_sqlq_bind_text(q, 9, k->now, -1);
    if (ak_sqlq_step(q) != AK_SQL_DONE) rc = pl_dberr(c->db, "storing a story");
    if (rc == AK_OK) {
        ak_sqlq_reset(k->del_members);
        ak_sqlq_bind_text(k->del_members, 1, s->id, -1);
        if (ak_sqlq_step(k->del_members) != AK_SQL_DONE) rc = pl_dberr(c->db, "clearing story members");
    }
    for (size_t m = 0; rc == AK_OK && m < s->n; m++) {
        const jmember *a = &s->m[m];
        ak_sqlq_reset(k->ins_member);
        ak_sqlq_bind_text(k->ins_member, 1, a->id, -1);
        ak_sqlq_bind_text(k->ins_member, 2, s->id, -1);
        ak_sqlq_bind_int64(k->ins_member, 3, a->duplicate);
        if (a->analyzed >= 0) ak_sqlq_bind_int64(k->ins_member, 4, a->analyzed);
        else ak_sqlq_bind_null(k->ins_member, 4);
        if (ak_sqlq_step(k->ins_member) != AK_SQL_DONE) rc = pl_dberr(c->db, "storing story members");
    }
    if (rc == AK_OK) k->written++;
    job_free(j);
    return rc;
}

#define JOB_STORIES 256  /* changed stories read ahead for the workers */
#define JOB_MEMBERS 2048 /* ... or fewer, when they hold this many reports */
_Static_assert(JOB_STORIES <= HOOK_ITEMS, "the clustering's flow holds a batch of story jobs");

/* Rewrites the changed stories, in story order. */
static int write_changed(ctx *c, jobs *k)
{
    job *j = calloc(JOB_STORIES, sizeof *j);
    int rc = j ? AK_OK : ak_set_error(AK_ENOMEM, "stories: out of memory");
    k->j = j;
    for (size_t i = 0; rc == AK_OK && i < c->n_st;) {
        size_t n = 0, members = 0;
        for (; rc == AK_OK && i < c->n_st && n < JOB_STORIES && members < JOB_MEMBERS; i++) {
            if (!c->st[i].changed) continue;
            rc = job_init(c, &c->st[i], &j[n]);
            /* without worker connections the writer thread reads */
            if (rc == AK_OK && !c->n_pool) rc = job_read(&c->main, &j[n]);
            members += c->st[i].n;
            n++;
        }
        if (rc == AK_OK && n) rc = pl_ordered(n, c->threads, job_compute, job_write, k);
        for (size_t m = 0; m < n; m++) job_free(&j[m]);
    }
    free(j);
    k->j = NULL;
    return rc;
}

/* Stories stored under an id no story has now (merged away, or articles gone). */
static int delete_gone(ctx *c)
{
    ak_strmap now = {0};
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < c->n_st; i++) rc = ak_strmap_put(&now, c->st[i].id, 1);
    ak_sqlq *q = NULL, *d1 = NULL, *d2 = NULL;
    if (rc == AK_OK) rc = pl_prepare(c->db, "SELECT id FROM stories UNION SELECT story FROM story_articles", &q);
    if (rc == AK_OK) rc = pl_prepare(c->db, "DELETE FROM stories WHERE id=?1", &d1);
    if (rc == AK_OK) rc = pl_prepare(c->db, "DELETE FROM story_articles WHERE story=?1", &d2);
    strs gone = {0};
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW)
        if (ak_strmap_get(&now, pl_col(q, 0), 0) == 0) strs_add(&gone, pl_col(q, 0));
    if (gone.failed) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    ak_sqlq_finalize(q);
    for (size_t i = 0; rc == AK_OK && i < gone.n; i++) {
        ak_sqlq *ds[2] = {d1, d2};
        for (int k = 0; k < 2 && rc == AK_OK; k++) {
            ak_sqlq_reset(ds[k]);
            ak_sqlq_bind_text(ds[k], 1, gone.v[i], -1);
            if (ak_sqlq_step(ds[k]) != AK_SQL_DONE) rc = pl_dberr(c->db, "deleting a story");
        }
    }
    strs_clear(&gone);
    free(gone.v);
    ak_sqlq_finalize(d1);
    ak_sqlq_finalize(d2);
    ak_strmap_free(&now);
    return rc;
}

/* ---- the inputs stamp (story_stamp, migration 6) ---- */

/* Bump when the clusterer or the story rewriting changes what it makes from the same
 * inputs, so that stores clustered before are clustered again. */
#define STORY_PASS_VERSION 3

/* The options that change the step's result, as text: the clustering weights (the
 * defaults when none are given), the summary length, the code's version. */
static void stamp_options(const ak_analyze_options *opt, char *out, size_t n)
{
    ak_story_options so;
    if (opt->story) so = *opt->story;
    else ak_story_options_default(&so);
    snprintf(out, n,
             "v%d window %d title %.17g text %.17g wtitle %.17g miss %.17g entity %.17g date %.17g gap %.17g"
             " source %.17g threshold %.17g merge %.17g baseline %d summary %u",
             STORY_PASS_VERSION, so.window_days, so.title_weight, so.w_text, so.w_title, so.w_miss, so.w_entity,
             so.w_date, so.w_gap, so.w_source, so.threshold, so.merge_threshold, so.baseline,
             opt->summary_sentences);
}

/* The stamp as the last completed pass left it: the changes counted since (-1: no
 * stamp row), whether that pass recorded options (not so in a database migrated from
 * before the stamp, nor in a new one), and whether they are `opts`. */
typedef struct stamp { long long gen; int has_opts, same_opts; } stamp;

static int stamp_read(ak_sql *db, const char *opts, stamp *out)
{
    ak_sqlq *q;
    int rc = pl_prepare(db, "SELECT gen, opts FROM story_stamp WHERE id=1", &q);
    if (rc) return rc;
    *out = (stamp){-1, 0, 0};
    int st = ak_sqlq_step(q);
    if (st == AK_SQL_ROW) {
        const char *o = pl_col_or_null(q, 1);
        *out = (stamp){ak_sqlq_int64(q, 0), o != NULL, o && !strcmp(o, opts)};
    } else if (st != AK_SQL_DONE) rc = pl_dberr(db, "reading the story stamp");
    ak_sqlq_finalize(q);
    return rc;
}

/* Opens the story transaction and its write statements; *record: no other connection
 * changed an input since the pass read the stamp (then the stamp is written at the end). */
static int tx_begin(ctx *c, jobs *k, int *record)
{
    memset(k, 0, sizeof *k);
    k->c = c;
    pl_now(k->now);
    int rc = ak_sql_begin_write(c->db);
    if (rc) return rc;
    /* another connection changed an input while this pass read them: the stories are
     * stored all the same, but the stamp is left counting, so the next call runs again */
    stamp now_st;
    rc = stamp_read(c->db, c->opts, &now_st);
    *record = rc == AK_OK && now_st.gen == c->gen0;
    if (rc == AK_OK)
        rc = pl_prepare(c->db, "INSERT INTO stories(id,title,header,first_day,last_day,n_articles,summary,timeline,updated)"
                               " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(id) DO UPDATE SET title=excluded.title,"
                               " header=excluded.header, first_day=excluded.first_day, last_day=excluded.last_day,"
                               " n_articles=excluded.n_articles, summary=excluded.summary, timeline=excluded.timeline,"
                               " updated=excluded.updated", &k->ins_story);
    if (rc == AK_OK) rc = pl_prepare(c->db, "INSERT INTO story_articles(article,story,duplicate,analyzed) VALUES(?1,?2,?3,?4)"
                                          " ON CONFLICT(article) DO UPDATE SET story=excluded.story,"
                                          " duplicate=excluded.duplicate, analyzed=excluded.analyzed", &k->ins_member);
    if (rc == AK_OK) rc = pl_prepare(c->db, "DELETE FROM story_articles WHERE story=?1", &k->del_members);
    if (rc == AK_OK) { /* written, never read back: queued on PostgreSQL */
        ak_sqlq_defer(k->ins_story);
        ak_sqlq_defer(k->ins_member);
        ak_sqlq_defer(k->del_members);
    }
    return rc;
}

/* Ends the story transaction: the stamp (when *record) and the commit, or a rollback
 * when rc is an error. */
static int tx_end(ctx *c, jobs *k, int record, int rc)
{
    /* members of an unchanged story that moved out of a rewritten one were deleted with it: none,
     * since a story losing or gaining a member is itself marked changed */
    ak_sqlq_finalize(k->ins_story);
    ak_sqlq_finalize(k->ins_member);
    ak_sqlq_finalize(k->del_members);
    /* in the transaction of the stories it vouches for: a pass cut short records nothing.
     * The writes above counted themselves: gen goes back to 0 ("as the last pass left it") */
    ak_sqlq *q = NULL;
    if (rc == AK_OK && record)
        rc = pl_prepare(c->db, "INSERT INTO story_stamp(id, gen, opts) VALUES(1, 0, ?1)"
                              " ON CONFLICT(id) DO UPDATE SET gen=0, opts=excluded.opts", &q);
    if (rc == AK_OK && record) {
        ak_sqlq_bind_text(q, 1, c->opts, -1);
        if (ak_sqlq_step(q) != AK_SQL_DONE) rc = pl_dberr(c->db, "recording the story stamp");
    }
    ak_sqlq_finalize(q);
    if (rc == AK_OK) return pl_exec(c->db, "COMMIT");
    if (ak_sql_in_transaction(c->db)) ak_sql_rollback(c->db);
    return rc;
}

/* One transaction: the changed stories (when any), the stories no article belongs to
 * any more deleted, and the stamp; with no story changed only the stamp is written. */
static int persist(ctx *c, size_t *written)
{
    jobs k;
    int record = 0, rc = tx_begin(c, &k, &record);
    if (rc == AK_OK) rc = delete_gone(c);
    if (rc == AK_OK) rc = write_changed(c, &k);
    *written = k.written;
    return tx_end(c, &k, record, rc);
}

/* The pass after the clustering: every story grouped, its copies marked, the changed
 * ones found against the stored rows, then written (persist). */
static int stories_after(ctx *c, const ak_story_options *so, size_t *written)
{
    ak_clusterer *cl = NULL;
    int rc = cluster_all(c, so, c->threads, NULL, &cl);
    if (rc == AK_OK) rc = group(c, cl);
    if (rc == AK_OK) rc = mark_copies(c);
    ak_clusterer_free(cl);
    size_t n_changed = 0;
    if (rc == AK_OK) rc = mark_changed(c, &n_changed);
    /* other options than those the stored stories were made with (summary length, the
     * code's version): every story is made again, as a pass from scratch would */
    if (rc == AK_OK && c->rewrite_all)
        for (size_t i = 0; i < c->n_st; i++) c->st[i].changed = 1;
    return rc == AK_OK ? persist(c, written) : rc;
}

/* ---- the pass overlapped with the clustering ----
 *
 * A story the clusterer retires is final: no later article can join or merge it. So
 * while the writer thread clusters the next articles, the workers (otherwise idle
 * then) find whether each final story changed and make its title, summary, timeline
 * and header; the writer stores it after the chunk's articles. The same stories as
 * the pass after the clustering (persist), written in another order. Used when the
 * workers read through connections of their own: they then see the stories as the
 * last pass committed, not those this transaction has written. */

/* The near-duplicate pairs that make a member a copy (mark_copies), by copy: read
 * before the clustering, looked up as each story becomes final. */
typedef struct copies {
    ak_strmap head; /* copy id -> its first pair */
    char **orig;    /* per pair: the original's id */
    long long *next; /* per pair: the copy's next pair, -1 at the end */
    size_t n, cap;
} copies;

static void copies_free(copies *cp)
{
    for (size_t i = 0; i < cp->n; i++) free(cp->orig[i]);
    free(cp->orig);
    free(cp->next);
    ak_strmap_free(&cp->head);
}

static int copies_read(ctx *c, copies *cp)
{
    ak_sqlq *q = NULL;
    int rc = pl_prepare(c->db, "SELECT a, b FROM dup_pair WHERE cls IN ('duplicate','rewrite') ORDER BY seq", &q);
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        if (cp->n == cp->cap) {
            size_t cap = cp->cap ? cp->cap * 2 : 1024;
            char **o = realloc(cp->orig, cap * sizeof *o);
            if (o) cp->orig = o;
            long long *nx = o ? realloc(cp->next, cap * sizeof *nx) : NULL;
            if (nx) cp->next = nx;
            if (!nx) { rc = ak_set_error(AK_ENOMEM, "stories: out of memory"); break; }
            cp->cap = cap;
        }
        if (!(cp->orig[cp->n] = strdup(pl_col(q, 0)))) { rc = ak_set_error(AK_ENOMEM, "stories: out of memory"); break; }
        cp->next[cp->n] = ak_strmap_get(&cp->head, pl_col(q, 1), -1);
        if (ak_strmap_put(&cp->head, pl_col(q, 1), (long long)cp->n)) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
        cp->n++;
    }
    ak_sqlq_finalize(q);
    return rc;
}

/* mark_copies for the members of story si, in publication order (an original later
 * in the story is not yet marked, as there). */
static void story_copies(ctx *c, const copies *cp, size_t si)
{
    const story *s = &c->st[si];
    for (size_t m = 0; m < s->n; m++) {
        art *a = &c->arts[s->members[m]];
        for (long long p = ak_strmap_get((ak_strmap *)&cp->head, a->id, -1); p >= 0 && !a->duplicate;
             p = cp->next[p]) {
            long long o = ak_strmap_get(&c->art_index, cp->orig[p], -1);
            if (o >= 0 && c->arts[o].story == si && !c->arts[o].duplicate) a->duplicate = 1;
        }
    }
}

typedef struct overlap {
    ctx *c;
    ak_clusterer *cl;
    jobs k;         /* k.j: JOB_STORIES slots */
    size_t n_jobs;
    copies cp;
    size_t *pend;   /* final stories not yet given to the workers */
    size_t n_pend, pend_at, pend_cap;
} overlap;

/* Room in *p (*cap elements of size elem) for one more after n: -1 when it cannot grow. */
static int room(void **p, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) return 0;
    size_t c = *cap ? *cap * 2 : 1024;
    void *q = realloc(*p, c * elem);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* A story the clusterer made final, on the writer thread between chunks: listed,
 * its copies marked, queued for the workers. */
static int on_final(void *vo, uint32_t first, const uint32_t *members, size_t n)
{
    overlap *o = vo;
    ctx *c = o->c;
    if (room((void **)&c->st, &c->st_cap, c->n_st, sizeof *c->st) ||
        room((void **)&o->pend, &o->pend_cap, o->n_pend, sizeof *o->pend))
        return ak_set_error(AK_ENOMEM, "stories: out of memory");
    size_t si = c->n_st;
    story *s = &c->st[si];
    memset(s, 0, sizeof *s);
    if (!(s->members = malloc((n ? n : 1) * sizeof *s->members))) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    s->id = c->arts[first].id;
    s->n = s->cap = n;
    s->changed = c->rewrite_all;
    for (size_t i = 0; i < n; i++) {
        s->members[i] = members[i];
        c->arts[members[i]].story = si;
        c->arts[members[i]].duplicate = 0; /* the clusterer's own flag: no dup_of is given */
    }
    c->n_st++;
    story_copies(c, &o->cp, si);
    o->pend[o->n_pend++] = si;
    return AK_OK;
}

/* The next queued stories as jobs (a story's member list is then no longer needed). */
static size_t ovl_more(void *vo)
{
    overlap *o = vo;
    ctx *c = o->c;
    size_t members = 0;
    o->n_jobs = 0;
    while (o->pend_at < o->n_pend && o->n_jobs < JOB_STORIES && members < JOB_MEMBERS) {
        story *s = &c->st[o->pend[o->pend_at++]];
        job *j = &o->k.j[o->n_jobs++];
        if (job_init(c, s, j)) {
            j->rc = AK_ENOMEM;
            snprintf(j->err, sizeof j->err, "stories: out of memory");
        }
        j->check = !c->rewrite_all;
        members += s->n;
        free(s->members);
        s->members = NULL;
    }
    return o->n_jobs;
}

static int ovl_compute(size_t i, void *vo) { return job_compute(i, &((overlap *)vo)->k); }
static int ovl_write(size_t i, void *vo) { return job_write(i, &((overlap *)vo)->k); }

static int ovl_after(void *vo, int rc)
{
    overlap *o = vo;
    for (size_t i = 0; i < o->n_jobs; i++) job_free(&o->k.j[i]); /* those not written */
    o->n_jobs = 0;
    return rc == AK_OK ? ak_clusterer_drain_final(o->cl, 0, on_final, o) : rc;
}

/* Clusters, writing each story as it becomes final, then the stories still open,
 * then deletes the stories gone: one transaction, as persist. */
static int stories_overlapped(ctx *c, const ak_story_options *so, size_t *written)
{
    overlap o = {.c = c};
    hooks x = {ovl_more, ovl_compute, ovl_write, ovl_after, &o};
    int record = 0, rc = tx_begin(c, &o.k, &record);
    o.k.j = calloc(JOB_STORIES, sizeof *o.k.j);
    if (rc == AK_OK && !o.k.j) rc = ak_set_error(AK_ENOMEM, "stories: out of memory");
    if (rc == AK_OK) rc = copies_read(c, &o.cp);
    if (rc == AK_OK) rc = cluster_all(c, so, c->threads, &x, &o.cl);
    if (rc == AK_OK) rc = ak_clusterer_drain_final(o.cl, 1, on_final, &o);
    while (rc == AK_OK && o.pend_at < o.n_pend) {
        size_t n = ovl_more(&o);
        rc = ovl_after(&o, pl_ordered(n, c->threads, ovl_compute, ovl_write, &o));
    }
    if (rc == AK_OK) rc = delete_gone(c);
    *written = o.k.written;
    rc = tx_end(c, &o.k, record, rc);
    for (size_t i = 0; o.k.j && i < JOB_STORIES; i++) job_free(&o.k.j[i]);
    free(o.k.j);
    free(o.pend);
    copies_free(&o.cp);
    ak_clusterer_free(o.cl);
    return rc;
}

static int reader_prepare(reader *rd)
{
    int rc = pl_prepare(rd->db, "SELECT DISTINCT e.type, e.name FROM entity_mentions x JOIN entities e ON e.id=x.entity"
                                " WHERE x.article=?1 AND e.id NOT IN (SELECT entity FROM entity_mentions WHERE article=?1 AND start < ?2)"
                                " ORDER BY e.type, e.name", &rd->q_ents);
    if (rc == AK_OK) rc = pl_prepare(rd->db, "SELECT value FROM article_timex WHERE article=?1 AND type='DATE' GROUP BY value ORDER BY min(start)", &rd->q_dates);
    if (rc == AK_OK) rc = pl_prepare(rd->db, "SELECT id, title, text, source FROM articles WHERE seq=?1", &rd->q_row);
    if (rc == AK_OK) rc = pl_prepare(rd->db, "SELECT text, title FROM articles WHERE id=?1", &rd->q_text);
    if (rc == AK_OK)
        rc = pl_prepare(rd->db, "SELECT e.type, e.name, count(*) FROM entity_mentions x JOIN entities e ON e.id=x.entity"
                                " WHERE x.article=?1 GROUP BY e.id ORDER BY e.id", &rd->q_hdr);
    if (rc == AK_OK) rc = pl_prepare(rd->db, "SELECT start FROM entity_mentions WHERE article=?1", &rd->q_ment);
    if (rc == AK_OK)
        rc = pl_prepare(rd->db, "SELECT sa.story, sa.duplicate, s.id IS NOT NULL, sa.analyzed FROM story_articles sa"
                                " LEFT JOIN stories s ON s.id=sa.story WHERE sa.article=?1", &rd->q_stored);
    if (rc == AK_OK) rc = pl_prepare(rd->db, "SELECT count(*) FROM story_articles WHERE story=?1", &rd->q_count);
    if (rc == AK_OK)
        rc = pl_prepare(rd->db, "SELECT start, \"end\", type, value, mod, gran FROM article_timex WHERE article=?1"
                                " AND type IN ('DATE', 'TIME') AND value >= '0' AND value < ':' ORDER BY start", &rd->q_tx);
    return rc;
}

static void reader_finalize(reader *rd)
{
    ak_sqlq *all[] = {rd->q_ents, rd->q_dates, rd->q_row, rd->q_text, rd->q_ment, rd->q_tx, rd->q_hdr, rd->q_stored, rd->q_count};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) ak_sqlq_finalize(all[i]);
}

static void pool_close(ctx *c)
{
    for (size_t i = 0; i < c->n_pool; i++) {
        reader_finalize(&c->pool[i]);
        ak_sql_close(c->pool[i].db);
        sqlite3_close(c->pool[i].lite);
    }
    free(c->pool);
    free(c->avail);
    c->pool = NULL;
    c->avail = NULL;
    c->n_pool = c->n_avail = 0;
}

/* A worker's connection: on PostgreSQL another one to the same database; on SQLite a
 * read-only one to the same file, when it is a WAL file (readers then see what the writer
 * has committed). */
static int reader_open(ctx *c, reader *rd)
{
    if (ak_sql_is_pg(c->db)) return ak_sql_open_pg(&rd->db, ak_sql_url(c->db));
    sqlite3 *main = ak_sql_sqlite(c->db);
    const char *path = sqlite3_db_filename(main, "main");
    if (!path || !*path) return AK_EINVAL;
    ak_sqlq *q;
    if (pl_prepare(c->db, "PRAGMA journal_mode", &q)) return AK_EDB;
    int wal = ak_sqlq_step(q) == AK_SQL_ROW && pl_col_or_null(q, 0) && !strcmp(pl_col(q, 0), "wal");
    ak_sqlq_finalize(q);
    if (!wal) return AK_EINVAL;
    if (sqlite3_open_v2(path, &rd->lite, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return AK_EDB;
    sqlite3_busy_timeout(rd->lite, 10000);
    return ak_sql_wrap_sqlite(&rd->db, rd->lite);
}

/* One connection per worker, when nothing is left uncommitted (the workers then read what
 * the writer sees: the story step changes only the story tables). Otherwise none, and the
 * writer thread reads: same results either way. */
static void pool_open(ctx *c)
{
    if (c->threads <= 1 || ak_sql_in_transaction(c->db)) return;
    c->pool = calloc(c->threads, sizeof *c->pool);
    c->avail = calloc(c->threads, sizeof *c->avail);
    if (!c->pool || !c->avail) { pool_close(c); return; }
    for (unsigned i = 0; i < c->threads; i++) {
        reader *rd = &c->pool[c->n_pool];
        int rc = reader_open(c, rd);
        if (rd->db || rd->lite) c->n_pool++;
        if (rc || reader_prepare(rd)) break;
        c->avail[c->n_avail++] = rd;
    }
    if (c->n_avail < c->threads) pool_close(c);
}

static int stories_stored(ak_sql *db, size_t *n)
{
    ak_sqlq *q;
    int rc = pl_prepare(db, "SELECT count(*) FROM stories", &q);
    if (rc == AK_OK && ak_sqlq_step(q) != AK_SQL_ROW) rc = pl_dberr(db, "counting stories");
    if (rc == AK_OK) *n = (size_t)ak_sqlq_int64(q, 0);
    ak_sqlq_finalize(q);
    return rc;
}

int pl_update_stories(ak_db *db, const ak_analyze_options *opt, ak_analyze_counts *counts)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.db = ak_db_sql(db);
    c.main.db = c.db;
    c.summary_sentences = opt->summary_sentences;
    c.threads = pl_threads(opt->threads);
    pthread_mutex_init(&c.pool_mu, NULL);
    stamp_options(opt, c.opts, sizeof c.opts);
    stamp last = {-1, 0, 0};
    int rc = stamp_read(c.db, c.opts, &last);
    c.gen0 = last.gen;
    c.rewrite_all = rc == AK_OK && last.has_opts && !last.same_opts;
    /* nothing the pass reads changed since the last completed one, same options: its
     * result would be the stored one, so no clustering and no transaction at all */
    if (rc == AK_OK && last.gen == 0 && last.same_opts) {
        pthread_mutex_destroy(&c.pool_mu);
        counts->stories_unchanged = 1;
        counts->stories_clustered = 0;
        counts->stories_written = 0;
        return stories_stored(c.db, &counts->stories);
    }
    if (rc == AK_OK) rc = reader_prepare(&c.main);
    if (rc == AK_OK) pool_open(&c);
    size_t written = 0;
    /* with the workers' own connections the stories are written while the clustering
     * goes on; otherwise after it (the same stories either way) */
    if (rc == AK_OK && c.n_pool && !getenv("AKHBAR_STORIES_AFTER")) rc = stories_overlapped(&c, opt->story, &written);
    else if (rc == AK_OK) rc = stories_after(&c, opt->story, &written);
    counts->stories = c.n_st;
    counts->stories_written = written;
    counts->stories_clustered = c.n_arts;
    counts->stories_unchanged = 0;
    pool_close(&c);
    pthread_mutex_destroy(&c.pool_mu);
    reader_finalize(&c.main);
    free(c.arts);
    for (size_t i = 0; i < c.n_sources; i++) free(c.sources[i]);
    free(c.sources);
    ak_strmap_free(&c.source_index);
    for (size_t i = 0; i < c.n_st; i++) free(c.st[i].members);
    free(c.st);
    ak_strmap_free(&c.art_index);
    return rc;
}
