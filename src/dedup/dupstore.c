/* dupstore.c: duplicates in the SQLite store: signatures, band keys and sampled passage keys
 * persisted per article (tables: migration 2 in store/schema.c), so a new article is compared only with the articles sharing a key. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup_internal.h"
#include "dedup/tasks.h"
#include "store/sql.h"
#include "store/store_internal.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

/* kind 0: LSH band key; kind 1: a shingle whose hash is 0 mod PASSAGE_SAMPLE, so that
 * two articles sharing a passage of ~20 words likely share one (content-defined sample). */
#define PASSAGE_SAMPLE 8
#define PASSAGE_MIN_HITS 2
#define KEY_MAX_DOCS 50 /* a key in more articles is boilerplate: not a candidate source */


static int dberr(ak_sql *db, const char *what)
{
    char w[96];
    snprintf(w, sizeof w, "dups: %s", what);
    return ak_sql_error(db, w);
}

typedef struct cand { char *id; int band, hits; } cand;
/* The candidates of one article, indexed by id: a new article can meet thousands of ids
 * through its keys, so finding one must not scan the list. */
typedef struct cands { cand *v; size_t n, cap; ak_strmap at; } cands;

static int cand_add(cands *c, const char *id, int kind)
{
    long long i = ak_strmap_get(&c->at, id, -1);
    if (i >= 0) {
        if (kind == 0) c->v[i].band = 1; else c->v[i].hits++;
        return AK_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        cand *v = realloc(c->v, cap * sizeof *v);
        if (!v) return AK_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    char *d = strdup(id);
    if (!d || ak_strmap_put(&c->at, id, (long long)c->n) != AK_OK) { free(d); return AK_ENOMEM; }
    c->v[c->n++] = (cand){ d, kind == 0, kind == 1 };
    return AK_OK;
}

static void cands_free(cands *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->v[i].id);
    free(c->v);
    ak_strmap_free(&c->at);
}

/* Looks up one key: skipped when more than KEY_MAX_DOCS articles hold it. */
static int lookup(ak_sqlq *q, uint64_t key, int kind, cands *c)
{
    ak_sqlq_reset(q);
    ak_sqlq_bind_int64(q, 1, key);
    ak_sqlq_bind_int64(q, 2, kind);
    const char *ids[KEY_MAX_DOCS + 1];
    char *copy[KEY_MAX_DOCS + 1];
    int n = 0, rc;
    while ((rc = ak_sqlq_step(q)) == AK_SQL_ROW && n <= KEY_MAX_DOCS) {
        copy[n] = strdup(ak_sqlq_text(q, 0));
        ids[n] = copy[n];
        n++;
    }
    int st = AK_OK;
    if (n <= KEY_MAX_DOCS)
        for (int i = 0; i < n && st == AK_OK; i++) st = ids[i] ? cand_add(c, ids[i], kind) : AK_ENOMEM;
    for (int i = 0; i < n; i++) free(copy[i]);
    return st;
}

static int grow_to(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return AK_OK;
    size_t c = *cap ? *cap * 2 : 64;
    while (c < need) c *= 2;
    void *p = realloc(*v, c * size);
    if (!p) return AK_ENOMEM;
    *v = p;
    *cap = c;
    return AK_OK;
}
/* The key index of a bulk pass (the first load, or one resumed after a kill), in memory: per
 * (key, kind) the ids in insertion order, which is the order the SQL look-up returns (the
 * index is on key, ties in rowid order). Inserting ~75 keys per article at random places of
 * the on-disk index costs a page write per key once the index outgrows the page cache, so a
 * bulk pass drops the index, appends its rows to the table, looks keys up here, and builds
 * the index once at the end (one sort). Slot: the first article (bit 31: kind), then a
 * chain of the later ones, newest first. Past a byte budget the pass builds the index and
 * goes on with the SQL look-ups: the results are the same either way. */
typedef struct kslot { uint64_t key; uint32_t first, chain; } kslot;
typedef struct knode { uint32_t art, next; } knode;
typedef struct keymap {
    kslot *slot; size_t cap, used;  /* cap: a power of 2 */
    knode *node; size_t nnode, capnode; /* node 0 unused: chain 0 is none */
    char **ids; size_t nids, capids;
    ak_strmap id_at;                /* id -> number in ids */
    size_t budget;
} keymap;

#define KM_EMPTY UINT32_MAX
#define KM_KIND 0x80000000u

static size_t dups_keymap_mb = 3072;
/* For the tests: the byte budget of a bulk pass's key map (0: never bulk). */
void ak_dups_set_keymap_mb(size_t mb);
void ak_dups_set_keymap_mb(size_t mb) { dups_keymap_mb = mb; }

static size_t km_bytes(const keymap *m)
{
    return m->cap * sizeof *m->slot + m->capnode * sizeof *m->node + m->capids * sizeof *m->ids + m->nids * 48;
}

static void km_free(keymap *m)
{
    for (size_t i = 0; i < m->nids; i++) free(m->ids[i]);
    free(m->ids);
    free(m->slot);
    free(m->node);
    ak_strmap_free(&m->id_at);
    memset(m, 0, sizeof *m);
}

static size_t km_hash(uint64_t key, int kind)
{
    uint64_t h = (key ^ (kind ? 0x9e3779b97f4a7c15ull : 0)) * 0xff51afd7ed558ccdull;
    return (size_t)(h ^ (h >> 29));
}

/* The slot of (key, kind): found, or the empty one where it goes. */
static kslot *km_find(const keymap *m, uint64_t key, int kind)
{
    uint32_t k = kind ? KM_KIND : 0;
    for (size_t i = km_hash(key, kind) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        kslot *s = &m->slot[i];
        if (s->first == KM_EMPTY || (s->key == key && (s->first & KM_KIND) == k)) return s;
    }
}

static int km_grow(keymap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1 << 16;
    kslot *old = m->slot, *v = malloc(cap * sizeof *v);
    if (!v) return AK_ENOMEM;
    for (size_t i = 0; i < cap; i++) v[i].first = KM_EMPTY;
    size_t ocap = m->cap;
    m->slot = v;
    m->cap = cap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].first != KM_EMPTY) *km_find(m, old[i].key, (old[i].first & KM_KIND) != 0) = old[i];
    free(old);
    return AK_OK;
}

/* The number of id in the map, added if new. */
static int km_art(keymap *m, const char *id, uint32_t *art)
{
    long long at = ak_strmap_get(&m->id_at, id, -1);
    if (at >= 0) { *art = (uint32_t)at; return AK_OK; }
    if (m->nids >= KM_KIND - 1 || grow_to((void **)&m->ids, &m->capids, m->nids + 1, sizeof *m->ids) != AK_OK)
        return AK_ENOMEM;
    char *d = strdup(id);
    if (!d || ak_strmap_put(&m->id_at, id, (long long)m->nids) != AK_OK) { free(d); return AK_ENOMEM; }
    m->ids[m->nids] = d;
    *art = (uint32_t)m->nids++;
    return AK_OK;
}

/* Appends one row (key, kind, id), as INSERT INTO dup_key does. */
static int km_put(keymap *m, uint64_t key, int kind, const char *id)
{
    uint32_t art;
    if (km_art(m, id, &art) != AK_OK) return AK_ENOMEM;
    if ((m->used + 1) * 4 > m->cap * 3 && km_grow(m) != AK_OK) return AK_ENOMEM;
    kslot *s = km_find(m, key, kind);
    if (s->first == KM_EMPTY) {
        *s = (kslot){ key, art | (kind ? KM_KIND : 0), 0 };
        m->used++;
        return AK_OK;
    }
    if (grow_to((void **)&m->node, &m->capnode, (m->nnode ? m->nnode : 1) + 1, sizeof *m->node) != AK_OK)
        return AK_ENOMEM;
    if (!m->nnode) m->nnode = 1;
    m->node[m->nnode] = (knode){ art, s->chain };
    s->chain = (uint32_t)m->nnode++;
    return m->nnode < UINT32_MAX ? AK_OK : AK_ENOMEM;
}

/* As lookup(), from the map. */
static int km_lookup(const keymap *m, uint64_t key, int kind, cands *c)
{
    if (!m->cap) return AK_OK;
    const kslot *s = km_find(m, key, kind);
    if (s->first == KM_EMPTY) return AK_OK;
    uint32_t later[KEY_MAX_DOCS];
    int n = 0;
    for (uint32_t k = s->chain; k; k = m->node[k].next) {
        if (n == KEY_MAX_DOCS - 1) return AK_OK; /* more than KEY_MAX_DOCS in all */
        later[n++] = m->node[k].art;
    }
    int st = cand_add(c, m->ids[s->first & ~KM_KIND], kind);
    for (int i = n - 1; i >= 0 && st == AK_OK; i--) st = cand_add(c, m->ids[later[i]], kind);
    return st;
}

static void spans_json(const ak_dup_result *r, ak_buf *b)
{
    ak_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_spans; i++)
        ak_buf_printf(b, "%s{\"a\":[%zu,%zu],\"b\":[%zu,%zu],\"words\":%zu}", i ? "," : "", r->spans[i].a_start,
                      r->spans[i].a_end, r->spans[i].b_start, r->spans[i].b_end, r->spans[i].words);
    ak_buf_puts(b, "]");
}

/* Fingerprints kept during one pass, by id, oldest evicted first (FIFO) past a byte budget:
 * a candidate seen again (a wire story copied several times, an article of the current chunk)
 * is compared without reading and re-fingerprinting its stored text. The map has no delete:
 * it holds a ticket per id, valid while the ring still holds that ticket; it is rebuilt when
 * stale ids pile up. The results never depend on it: a fingerprint is a function of the text. */
typedef struct fpent { char *id; ak_fp *fp; size_t bytes; long long ticket; } fpent;
typedef struct fpcache {
    fpent *ring;
    size_t cap, head, n, bytes, budget; /* head: oldest entry */
    long long next;                     /* ticket of the next insert */
    ak_strmap at;
    size_t hits, misses; /* candidates found here / read from the store (for measurements) */
    /* while comparisons run beside the pass's thread (a pipelined pass), they may still hold an
     * evicted fingerprint: evicted ones wait here until the pass frees them (cache_bury) */
    int keep;
    ak_fp **grave;
    size_t ngrave, capgrave;
} fpcache;

static const ak_fp *cache_get(fpcache *c, const char *id)
{
    if (!c->cap) return NULL;
    long long t = ak_strmap_get(&c->at, id, -1);
    if (t < 0 || t < c->next - (long long)c->n) return NULL;
    fpent *e = &c->ring[(size_t)t % c->cap];
    return e->ticket == t ? e->fp : NULL;
}

/* A fingerprint the cache lets go: freed, or kept until cache_bury while comparisons may hold it. */
static void cache_drop(fpcache *c, ak_fp *fp)
{
    if (!c->keep) ak_fp_free(fp);
    else if (grow_to((void **)&c->grave, &c->capgrave, c->ngrave + 1, sizeof *c->grave) == AK_OK) c->grave[c->ngrave++] = fp;
    /* else: out of memory, and a comparison may hold it: left unfreed */
}

static void cache_evict_one(fpcache *c)
{
    fpent *e = &c->ring[c->head];
    c->bytes -= e->bytes;
    free(e->id);
    cache_drop(c, e->fp);
    *e = (fpent){ 0 };
    c->head = (c->head + 1) % c->cap;
    c->n--;
}

/* Rebuilds the id map from the live entries (the map only grows otherwise). */
static int cache_reindex(fpcache *c)
{
    ak_strmap_free(&c->at);
    memset(&c->at, 0, sizeof c->at);
    for (size_t k = 0; k < c->n; k++) {
        fpent *e = &c->ring[(c->head + k) % c->cap];
        if (ak_strmap_put(&c->at, e->id, e->ticket) != AK_OK) return AK_ENOMEM;
    }
    return AK_OK;
}

/* Takes fp (trimmed) whatever happens; entries go out oldest first past the budget. */
static int cache_put(fpcache *c, const char *id, ak_fp *fp)
{
    size_t bytes = ak_fp_trim(fp);
    if (!c->cap || bytes > c->budget) { cache_drop(c, fp); return AK_OK; }
    while (c->n && (c->n == c->cap || c->bytes + bytes > c->budget)) cache_evict_one(c);
    char *d = strdup(id);
    if (!d) { cache_drop(c, fp); return AK_ENOMEM; }
    size_t slot = (size_t)c->next % c->cap; /* == (head + n) % cap: tickets are consecutive */
    c->ring[slot] = (fpent){ d, fp, bytes, c->next };
    c->n++;
    c->bytes += bytes;
    if (ak_strmap_put(&c->at, id, c->next++) != AK_OK) return AK_ENOMEM;
    return c->at.n > 4 * c->cap ? cache_reindex(c) : AK_OK;
}

/* Frees the fingerprints evicted while comparisons were running (none runs now). */
static void cache_bury(fpcache *c)
{
    for (size_t i = 0; i < c->ngrave; i++) ak_fp_free(c->grave[i]);
    c->ngrave = 0;
}

static void cache_free(fpcache *c)
{
    while (c->n) cache_evict_one(c);
    cache_bury(c);
    free(c->grave);
    free(c->ring);
    ak_strmap_free(&c->at);
}

/* One new article of a chunk, and one candidate to verify against it. */
typedef struct item { char *id, *text; size_t len; ak_fp *fp; int rc, skip, indexed; } item;
typedef struct job { size_t art; char *cid; const ak_fp *cfp; size_t fetched; ak_dup_result r; int rc; } job;
/* A candidate's stored text read for this chunk, fingerprinted on the workers. */
typedef struct fetched { char *id, *text; size_t len; ak_fp *fp; int rc; } fetched;

/* A chunk of the pass: its articles, their candidates and the comparisons queued for them. */
typedef struct chunk {
    item *it; size_t nit;
    job *jobs; size_t njobs, capjobs;
    fetched *fe; size_t nfe, capfe;
    ak_strmap fe_at; /* id -> index in fe */
    ak_strmap it_at; /* id -> index in it, for the chunk's articles already indexed */
    dd_task t_fp, t_fe, t_cmp;
} chunk;

typedef struct upd {
    ak_sql *db;
    ak_lsh *lsh;
    ak_sqlq *has, *look, *insk, *insf, *insp, *text;
    ak_sqlq *insk_many; /* KEY_ROWS keys in one statement (a piped pass's rows, store_keys) */
    ak_sqlq *look_all; /* PostgreSQL: an article's keys at once */
    size_t added;
    dd_pool pool;
    fpcache cache;
    chunk ch[3];
    chunk *prev;     /* piped: the chunk indexed before, its comparisons perhaps still running */
    keymap km;       /* a bulk pass's keys (bulk: 1), else looked up in the table */
    int bulk;
    /* A bulk pass on SQLite with worker threads is piped: a chunk's look-ups need only the map, so
     * its writes wait until it finishes, and the pass's thread indexes a chunk, reads the next and
     * finishes the one before (writes its keys, signatures and pairs, commits) while the workers
     * compare and fingerprint. */
    int piped;
    int fresh; /* no signature was stored when the pass began: none of its articles has one */
    /* PostgreSQL: keys waiting to be stored, as array literals of keys, kinds and ids (one
     * statement stores many: a statement per key costs a round trip to the server each) */
    ak_buf pk_key, pk_kind, pk_id;
    size_t npk;
} upd;

static void fp_item(size_t i, void *ctx)
{
    chunk *ch = ctx;
    item *a = &ch->it[i];
    if (!a->skip) a->rc = ak_fp_build(a->text, a->len, NULL, 1, &a->fp);
}

static void fp_fetched(size_t i, void *ctx)
{
    chunk *ch = ctx;
    fetched *f = &ch->fe[i];
    f->rc = ak_fp_build(f->text, f->len, NULL, 0, &f->fp); /* compared only: no signature */
}

static void compare_job(size_t i, void *ctx)
{
    chunk *ch = ctx;
    job *j = &ch->jobs[i];
    const ak_fp *cfp = j->cfp;
    if (!cfp) {
        fetched *f = &ch->fe[j->fetched];
        if (f->rc != AK_OK) { j->rc = f->rc; return; }
        cfp = f->fp;
    }
    j->rc = ak_dup_compare(cfp, ch->it[j->art].fp, &j->r);
}

static int record_pair(upd *u, const char *a, const char *b, const ak_dup_result *r)
{
    ak_buf js = { 0 };
    spans_json(r, &js);
    ak_sqlq *q = u->insp;
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, a, -1);
    ak_sqlq_bind_text(q, 2, b, -1);
    ak_sqlq_bind_text(q, 3, ak_dup_class_name(r->cls), -1);
    ak_sqlq_bind_double(q, 4, r->jaccard);
    ak_sqlq_bind_double(q, 5, r->bigram_jaccard);
    ak_sqlq_bind_double(q, 6, r->cover_a);
    ak_sqlq_bind_double(q, 7, r->cover_b);
    ak_sqlq_bind_int64(q, 8, r->longest);
    ak_sqlq_bind_text(q, 9, ak_buf_cstr(&js), -1);
    int rc = ak_sqlq_step(q);
    ak_buf_free(&js);
    if (rc != AK_SQL_DONE) return dberr(u->db, "recording a pair");
    u->added += (size_t)ak_sqlq_changes(q);
    return AK_OK;
}

#define PG_KEY_ROWS 1024

/* The n-th key of a PostgreSQL array pair (keys waiting to be stored, an article's look-up list): the
 * key and its kind as array-literal elements. */
static void key_elem(ak_buf *kb, ak_buf *tb, size_t n, uint64_t key, int kind)
{
    ak_buf_printf(kb, "%s%lld", n ? "," : "{", (long long)key);
    ak_buf_printf(tb, "%s%d", n ? "," : "{", kind);
}

/* Stores the waiting keys (PostgreSQL), in the order they came. */
static int keys_flush(upd *u)
{
    if (!u->npk) return AK_OK;
    ak_buf *b[3] = { &u->pk_key, &u->pk_kind, &u->pk_id };
    for (int k = 0; k < 3; k++) ak_buf_putc(b[k], '}');
    int failed = u->pk_key.failed || u->pk_kind.failed || u->pk_id.failed;
    ak_sqlq_reset(u->insk);
    for (int k = 0; k < 3 && !failed; k++) ak_sqlq_bind_text(u->insk, k + 1, b[k]->data, (int)b[k]->len);
    int rc = failed ? ak_set_error(AK_ENOMEM, "dups: out of memory")
                    : ak_sqlq_step(u->insk) == AK_SQL_DONE ? AK_OK : dberr(u->db, "storing keys");
    ak_sqlq_reset(u->insk);
    for (int k = 0; k < 3; k++) b[k]->len = 0;
    u->npk = 0;
    return rc;
}

/* An element of a PostgreSQL array literal: the id in double quotes, `"` and `\` escaped. */
static void pk_quote(ak_buf *b, const char *id)
{
    ak_buf_putc(b, '"');
    for (const char *p = id; *p; p++) {
        if (*p == '"' || *p == '\\') ak_buf_putc(b, '\\');
        ak_buf_putc(b, *p);
    }
    ak_buf_putc(b, '"');
}

static int key_row(upd *u, uint64_t key, int kind, const char *id)
{
    ak_sqlq_reset(u->insk);
    ak_sqlq_bind_int64(u->insk, 1, key);
    ak_sqlq_bind_int64(u->insk, 2, kind);
    ak_sqlq_bind_text(u->insk, 3, id, -1);
    return ak_sqlq_step(u->insk) == AK_SQL_DONE ? AK_OK : dberr(u->db, "storing a key");
}

static int fp_row(upd *u, const item *a)
{
    ak_sqlq_reset(u->insf);
    ak_sqlq_bind_text(u->insf, 1, a->id, -1);
    ak_sqlq_bind_int64(u->insf, 2, a->fp->exact);
    ak_sqlq_bind_blob(u->insf, 3, a->fp->sig, (int)(a->fp->K * sizeof *a->fp->sig));
    return ak_sqlq_step(u->insf) == AK_SQL_DONE ? AK_OK : dberr(u->db, "storing a signature");
}

/* Stores a key of an indexed article (a piped pass: in the map now, the row when the chunk finishes). */
static int put_key(upd *u, uint64_t key, int kind, const char *id)
{
    if (ak_sql_is_pg(u->db)) {
        key_elem(&u->pk_key, &u->pk_kind, u->npk, key, kind);
        ak_buf_puts(&u->pk_id, u->npk ? "," : "{");
        pk_quote(&u->pk_id, id);
        int rc = ++u->npk >= PG_KEY_ROWS ? keys_flush(u) : AK_OK;
        if (rc != AK_OK) return rc;
        return !u->bulk || km_put(&u->km, key, kind, id) == AK_OK ? AK_OK : ak_set_error(AK_ENOMEM, "dups: out of memory");
    }
    if (!u->piped) {
        int rc = key_row(u, key, kind, id);
        if (rc != AK_OK) return rc;
    }
    return !u->bulk || km_put(&u->km, key, kind, id) == AK_OK ? AK_OK : ak_set_error(AK_ENOMEM, "dups: out of memory");
}

/* 1 when the article already has its keys (from a previous pass). */
static int has_fp(upd *u, const char *id)
{
    ak_sqlq_reset(u->has);
    ak_sqlq_bind_text(u->has, 1, id, -1);
    int r = ak_sqlq_step(u->has) == AK_SQL_ROW;
    ak_sqlq_reset(u->has);
    return r;
}

static int grow(void **v, size_t *cap, size_t need, size_t size)
{
    return grow_to(v, cap, need, size) == AK_OK ? AK_OK : ak_set_error(AK_ENOMEM, "dups: out of memory");
}

/* Where candidate id's fingerprint comes from: this chunk or (piped) the one indexed before it,
 * the cache, a text already read for this chunk, or its stored text read now. *skip: the article
 * is gone (a key left behind). */
static int resolve(upd *u, chunk *ch, const char *id, job *j, int *skip)
{
    *skip = 0;
    long long at = ak_strmap_get(&ch->it_at, id, -1), pat = -1;
    if (at >= 0) j->cfp = ch->it[at].fp;
    else if (u->prev && (pat = ak_strmap_get(&u->prev->it_at, id, -1)) >= 0) j->cfp = u->prev->it[pat].fp;
    else j->cfp = cache_get(&u->cache, id);
    if (j->cfp) { u->cache.hits++; return AK_OK; }
    long long f = ak_strmap_get(&ch->fe_at, id, -1);
    if (f >= 0) { j->fetched = (size_t)f; return AK_OK; }
    u->cache.misses++;
    ak_sqlq_reset(u->text);
    ak_sqlq_bind_text(u->text, 1, id, -1);
    int r = ak_sqlq_step(u->text);
    if (r == AK_SQL_DONE) { ak_sqlq_reset(u->text); *skip = 1; return AK_OK; }
    if (r != AK_SQL_ROW) { ak_sqlq_reset(u->text); return dberr(u->db, "reading a candidate"); }
    int rc = grow((void **)&ch->fe, &ch->capfe, ch->nfe + 1, sizeof *ch->fe);
    fetched *fe = rc == AK_OK ? &ch->fe[ch->nfe] : NULL;
    if (fe) {
        const char *t = ak_sqlq_text(u->text, 0);
        *fe = (fetched){ .len = (size_t)ak_sqlq_bytes(u->text, 0) };
        fe->text = malloc(fe->len + 1);
        fe->id = strdup(id);
        if (fe->text && fe->id) {
            memcpy(fe->text, t ? t : "", t ? fe->len : 0);
            fe->text[t ? fe->len : 0] = 0;
            if (!t) fe->len = 0;
            rc = ak_strmap_put(&ch->fe_at, id, (long long)ch->nfe);
        } else rc = ak_set_error(AK_ENOMEM, "dups: out of memory");
        ch->nfe++; /* freed with the chunk whatever happened */
    }
    ak_sqlq_reset(u->text);
    j->fetched = (size_t)(ch->nfe - 1);
    return rc;
}

/* PostgreSQL: every key of an article looked up in one statement (one round trip instead of one
 * per key), in the order the SQLite pass takes them, each key's ids in insertion order and no
 * more of them than lookup() reads; each key's rows then go through lookup()'s rule. */
static int lookup_all(upd *u, const ak_fp *fp, cands *c)
{
    ak_buf kb = AK_BUF_INIT, tb = AK_BUF_INIT;
    unsigned nb = ak_lsh_bands(u->lsh);
    size_t n = 0;
    for (unsigned b = 0; b < nb; b++) key_elem(&kb, &tb, n++, ak_lsh_band_key(u->lsh, fp->sig, b), 0);
    for (size_t k = 0; k < fp->nset; k++)
        if (fp->set[k] % PASSAGE_SAMPLE == 0) key_elem(&kb, &tb, n++, fp->set[k], 1);
    ak_buf_putc(&kb, '}');
    ak_buf_putc(&tb, '}');
    if (kb.failed || tb.failed || !n) {
        ak_buf_free(&kb);
        ak_buf_free(&tb);
        return n ? ak_set_error(AK_ENOMEM, "dups: out of memory") : AK_OK;
    }
    ak_sqlq *q = u->look_all;
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, kb.data, (int)kb.len);
    ak_sqlq_bind_text(q, 2, tb.data, (int)tb.len);
    int rc = AK_OK, r = ak_sqlq_step(q);
    while (rc == AK_OK && r == AK_SQL_ROW) { /* rows: the key's place in the list, its kind, an id */
        long long place = ak_sqlq_int64(q, 0);
        int kind = (int)ak_sqlq_int64(q, 1), m = 0;
        const char *ids[KEY_MAX_DOCS + 1]; /* the result's, valid until the reset */
        for (; r == AK_SQL_ROW && ak_sqlq_int64(q, 0) == place; r = ak_sqlq_step(q))
            if (m <= KEY_MAX_DOCS) ids[m++] = ak_sqlq_text(q, 2);
        if (m <= KEY_MAX_DOCS)
            for (int k = 0; k < m && rc == AK_OK; k++)
                rc = cand_add(c, ids[k], kind) == AK_OK ? AK_OK : ak_set_error(AK_ENOMEM, "dups: out of memory");
    }
    if (rc == AK_OK && r != AK_SQL_DONE) rc = dberr(u->db, "looking up keys");
    ak_sqlq_reset(q);
    ak_buf_free(&kb);
    ak_buf_free(&tb);
    return rc;
}

/* Looks up the keys of chunk article i, queues its candidates as jobs (in the order of the
 * one-article-at-a-time pass, so pairs are recorded in the same order), then stores its keys
 * (piped: in the map; the rows and the signature wait for store_keys). */
static int index_item(upd *u, chunk *ch, size_t i)
{
    item *a = &ch->it[i];
    ak_fp *fp = a->fp;
    cands c = { 0 };
    int rc = u->bulk ? AK_OK : keys_flush(u); /* the look-ups see the earlier articles' keys */
    unsigned nb = ak_lsh_bands(u->lsh);
    int all = !u->bulk && ak_sql_is_pg(u->db);
    if (rc == AK_OK && all) rc = lookup_all(u, fp, &c);
    for (unsigned b = 0; b < nb && rc == AK_OK && !all; b++) {
        uint64_t key = ak_lsh_band_key(u->lsh, fp->sig, b);
        rc = u->bulk ? km_lookup(&u->km, key, 0, &c) : lookup(u->look, key, 0, &c);
    }
    for (size_t k = 0; k < fp->nset && rc == AK_OK && !all; k++)
        if (fp->set[k] % PASSAGE_SAMPLE == 0)
            rc = u->bulk ? km_lookup(&u->km, fp->set[k], 1, &c) : lookup(u->look, fp->set[k], 1, &c);
    for (size_t k = 0; k < c.n && rc == AK_OK; k++) {
        if (!c.v[k].band && c.v[k].hits < PASSAGE_MIN_HITS) continue;
        rc = grow((void **)&ch->jobs, &ch->capjobs, ch->njobs + 1, sizeof *ch->jobs);
        if (rc != AK_OK) break;
        job *j = &ch->jobs[ch->njobs];
        *j = (job){ .art = i, .fetched = SIZE_MAX };
        int skip = 0;
        rc = resolve(u, ch, c.v[k].id, j, &skip);
        if (rc == AK_OK && !skip) {
            j->cid = c.v[k].id; /* the job owns it now */
            c.v[k].id = NULL;
            ch->njobs++;
        }
    }
    for (unsigned b = 0; b < nb && rc == AK_OK && fp->nset; b++)
        rc = put_key(u, ak_lsh_band_key(u->lsh, fp->sig, b), 0, a->id);
    for (size_t k = 0; k < fp->nset && rc == AK_OK; k++)
        if (fp->set[k] % PASSAGE_SAMPLE == 0) rc = put_key(u, fp->set[k], 1, a->id);
    if (rc == AK_OK && !u->piped) rc = fp_row(u, a);
    if (rc == AK_OK && ak_strmap_put(&ch->it_at, a->id, (long long)i) != AK_OK)
        rc = ak_set_error(AK_ENOMEM, "dups: out of memory");
    a->indexed = rc == AK_OK;
    cands_free(&c);
    return rc;
}

static void chunk_free(chunk *ch)
{
    for (size_t i = 0; i < ch->nit; i++) { free(ch->it[i].id); free(ch->it[i].text); ak_fp_free(ch->it[i].fp); }
    for (size_t i = 0; i < ch->njobs; i++) free(ch->jobs[i].cid);
    for (size_t i = 0; i < ch->nfe; i++) { free(ch->fe[i].id); free(ch->fe[i].text); ak_fp_free(ch->fe[i].fp); }
    ch->nit = ch->njobs = ch->nfe = 0;
    ak_strmap_free(&ch->fe_at);
    memset(&ch->fe_at, 0, sizeof ch->fe_at);
    ak_strmap_free(&ch->it_at);
    memset(&ch->it_at, 0, sizeof ch->it_at);
}

/* Key rows waiting for one statement of KEY_ROWS: ~75 keys an article, and the pass's own thread
 * bounds a piped pass, so fewer statements for the same rows; their ids are the chunk's. */
#define KEY_ROWS 128
typedef struct key_rows { uint64_t key[KEY_ROWS]; int kind[KEY_ROWS]; const char *id[KEY_ROWS]; size_t n; } key_rows;

static int key_rows_flush(upd *u, key_rows *w)
{
    int rc = AK_OK;
    if (w->n == KEY_ROWS) {
        ak_sqlq *q = u->insk_many;
        ak_sqlq_reset(q);
        for (size_t i = 0; i < KEY_ROWS; i++) {
            ak_sqlq_bind_int64(q, (int)(3 * i + 1), (long long)w->key[i]);
            ak_sqlq_bind_int64(q, (int)(3 * i + 2), w->kind[i]);
            ak_sqlq_bind_text(q, (int)(3 * i + 3), w->id[i], -1);
        }
        rc = ak_sqlq_step(q) == AK_SQL_DONE ? AK_OK : dberr(u->db, "storing keys");
        ak_sqlq_reset(q);
    } else {
        for (size_t i = 0; i < w->n && rc == AK_OK; i++) rc = key_row(u, w->key[i], w->kind[i], w->id[i]);
    }
    w->n = 0;
    return rc;
}

static int key_rows_add(upd *u, key_rows *w, uint64_t key, int kind, const char *id)
{
    w->key[w->n] = key;
    w->kind[w->n] = kind;
    w->id[w->n++] = id;
    return w->n == KEY_ROWS ? key_rows_flush(u, w) : AK_OK;
}

/* A piped pass's rows for the chunk's indexed articles, in the order an unpiped pass writes them. */
static int store_keys(upd *u, chunk *ch)
{
    unsigned nb = ak_lsh_bands(u->lsh);
    int rc = AK_OK;
    key_rows w;
    w.n = 0;
    for (size_t i = 0; i < ch->nit && rc == AK_OK; i++) {
        const item *a = &ch->it[i];
        if (!a->indexed) continue;
        const ak_fp *fp = a->fp;
        for (unsigned b = 0; b < nb && rc == AK_OK && fp->nset; b++)
            rc = key_rows_add(u, &w, ak_lsh_band_key(u->lsh, fp->sig, b), 0, a->id);
        for (size_t k = 0; k < fp->nset && rc == AK_OK; k++)
            if (fp->set[k] % PASSAGE_SAMPLE == 0) rc = key_rows_add(u, &w, fp->set[k], 1, a->id);
        if (rc == AK_OK) rc = fp_row(u, a);
    }
    return rc == AK_OK ? key_rows_flush(u, &w) : rc;
}

/* The chunk's articles, in order: fingerprinted on the workers; indexed one after the other
 * (an article's candidates include the chunk's earlier articles); then the candidates'
 * fingerprints and the comparisons queued for the workers. */
static int chunk_index(upd *u, chunk *ch)
{
    dd_pool_wait(&u->pool, &ch->t_fp);
    int rc = AK_OK;
    for (size_t i = 0; i < ch->nit && rc == AK_OK; i++) {
        item *a = &ch->it[i];
        if (a->skip) continue;
        if (a->rc == AK_ETOOBIG || a->rc == AK_EUTF8) continue; /* not fingerprinted: never a candidate */
        if (a->rc != AK_OK) return ak_set_error(a->rc, "dups: fingerprinting %s failed", a->id);
        rc = index_item(u, ch, i);
    }
    if (rc == AK_OK) rc = keys_flush(u); /* the ids are the chunk's */
    /* a lookup can stop before its last row: reset so nothing reads across the commit */
    ak_sqlq_reset(u->look);
    if (rc != AK_OK) return rc;
    dd_pool_submit(&u->pool, &ch->t_fe, ch->nfe, fp_fetched, ch, NULL);
    dd_pool_submit(&u->pool, &ch->t_cmp, ch->njobs, compare_job, ch, &ch->t_fe);
    return AK_OK;
}

/* Waits for the chunk's comparisons, then (rc AK_OK) writes what a piped pass put off and the
 * pairs, in order, and keeps the fingerprints for the next chunks; frees the chunk either way. */
static int chunk_finish(upd *u, chunk *ch, int rc)
{
    dd_pool_wait(&u->pool, &ch->t_fe);
    dd_pool_wait(&u->pool, &ch->t_cmp);
    /* fingerprints evicted at the chunk before's finish: only comparisons queued before then,
     * now done, could hold them (the next chunk's were queued after, from the cache as it is) */
    cache_bury(&u->cache);
    if (rc == AK_OK && u->piped) rc = store_keys(u, ch);
    for (size_t k = 0; k < ch->njobs && rc == AK_OK; k++) {
        job *j = &ch->jobs[k];
        if (j->rc != AK_OK) rc = ak_set_error(j->rc, "dups: comparing %s with %s failed", j->cid, ch->it[j->art].id);
        else if (j->r.cls != AK_DUP_UNRELATED) rc = record_pair(u, j->cid, ch->it[j->art].id, &j->r);
    }
    /* keep the fingerprints for the next chunks (after the jobs: they point into them) */
    for (size_t i = 0; i < ch->nit && rc == AK_OK; i++)
        if (ch->it[i].fp && ch->it[i].rc == AK_OK) { rc = cache_put(&u->cache, ch->it[i].id, ch->it[i].fp); ch->it[i].fp = NULL; }
    for (size_t i = 0; i < ch->nfe && rc == AK_OK; i++)
        if (ch->fe[i].fp && !cache_get(&u->cache, ch->fe[i].id)) { rc = cache_put(&u->cache, ch->fe[i].id, ch->fe[i].fp); ch->fe[i].fp = NULL; }
    /* after an error, the comparisons queued since may hold this chunk's fingerprints */
    for (int k = 0; k < 3 && rc != AK_OK; k++) {
        dd_pool_wait(&u->pool, &u->ch[k].t_fp);
        dd_pool_wait(&u->pool, &u->ch[k].t_fe);
        dd_pool_wait(&u->pool, &u->ch[k].t_cmp);
    }
    chunk_free(ch);
    return rc == AK_ENOMEM ? ak_set_error(AK_ENOMEM, "dups: out of memory") : rc;
}

static int prepare(ak_sql *db, const char *sql, ak_sqlq **q)
{
    return ak_sql_prepare(db, sql, 0, q) == AK_OK ? AK_OK : dberr(db, "prepare");
}

#define DUPS_CACHE_KIB 65536
#define DUPS_BATCH 500
#define DUPS_FP_CACHE_MB 128 /* fingerprints kept across chunks (about 4,000 news articles) */
#define DUPS_FP_CACHE_MAX 65536

/* Reads the next DUPS_BATCH articles after seq *last (in seq order) into the chunk; *n: how many.
 * The texts are read first and the query reset before any work: a statement left open across a
 * commit keeps the connection's read snapshot, and then no checkpoint can copy the WAL back to
 * the database, so the WAL grows (and is searched) without bound over a long pass. */
static int chunk_read(upd *u, chunk *ch, ak_sqlq *page, long long *last, size_t *n)
{
    *n = 0;
    ak_sqlq_reset(page);
    ak_sqlq_bind_int64(page, 1, *last);
    ak_sqlq_bind_int64(page, 2, DUPS_BATCH);
    int r = AK_SQL_DONE, rc = AK_OK;
    while (rc == AK_OK && (r = ak_sqlq_step(page)) == AK_SQL_ROW) {
        *last = ak_sqlq_int64(page, 0);
        const char *id = ak_sqlq_text(page, 1);
        const char *t = ak_sqlq_text(page, 2);
        item *a = &ch->it[ch->nit];
        *a = (item){ .len = t ? (size_t)ak_sqlq_bytes(page, 2) : 0 };
        a->id = id ? strdup(id) : NULL;
        a->text = malloc(a->len + 1);
        ch->nit++;
        if (!a->id || !a->text) { rc = ak_set_error(AK_ENOMEM, "out of memory"); break; }
        memcpy(a->text, t ? t : "", a->len);
        a->text[a->len] = 0;
        (*n)++;
    }
    if (rc == AK_OK && r != AK_SQL_DONE && r != AK_SQL_ROW) rc = dberr(u->db, "reading articles");
    ak_sqlq_reset(page);
    for (size_t i = 0; i < ch->nit && rc == AK_OK && !u->fresh; i++) ch->it[i].skip = has_fp(u, ch->it[i].id);
    if (rc == AK_OK) dd_pool_submit(&u->pool, &ch->t_fp, ch->nit, fp_item, ch, NULL); /* chunk_index waits */
    return rc;
}

/* Sets the connection's page cache (PRAGMA cache_size: pages, or KiB when negative); returns the old
 * value (SQLite's default on PostgreSQL, where nothing is set). */
static int page_cache(ak_sql *c, int value) { return ak_sql_pragma_swap(c, "cache_size", value, -2000); }

/* Builds the index on dup_key (the statement of the schema, store/schema.c) in the open transaction. */
static int make_index(ak_sql *db)
{
    return ak_sql_exec(db, "CREATE INDEX dup_key_key ON dup_key(key)", "dups") == AK_OK
               ? AK_OK : dberr(db, "building the key index");
}

/* Ends a bulk pass's map: the index is built, and the pass goes on, if it does, with the SQL look-ups. */
static int bulk_end(upd *u)
{
    if (!u->bulk) return AK_OK;
    u->bulk = 0;
    km_free(&u->km);
    return make_index(u->db);
}

static int exists(ak_sql *db, const char *sql, int *yes)
{
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(db, sql, 0, &q) != AK_OK) return dberr(db, "prepare");
    int r = ak_sqlq_step(q);
    *yes = r == AK_SQL_ROW;
    ak_sqlq_finalize(q);
    return r == AK_SQL_ROW || r == AK_SQL_DONE ? AK_OK : dberr(db, "reading the key index");
}

/* A pass is bulk when no article has its keys yet (the first load) or the key index is missing
 * (a bulk pass was killed): the keys already stored are read into the map, in rowid order, and
 * the index is dropped until the end of the pass. Otherwise (a few new articles against a
 * large store) the keys are looked up in the index. */
static int bulk_start(upd *u)
{
    int has_index = 0, has_fp = 0;
    int pg = ak_sql_is_pg(u->db);
    int rc = exists(u->db, pg ? "SELECT 1 FROM pg_indexes WHERE indexname='dup_key_key' AND schemaname=current_schema()"
                              : "SELECT 1 FROM sqlite_master WHERE type='index' AND name='dup_key_key'", &has_index);
    if (rc == AK_OK) rc = exists(u->db, "SELECT 1 FROM dup_fp LIMIT 1", &has_fp);
    if (rc != AK_OK) return rc;
    u->fresh = !has_fp; /* the pass reads each article once, after the ones it stores */
    if (!dups_keymap_mb || (has_index && has_fp)) /* no map: the look-ups need the index */
        return has_index ? AK_OK : make_index(u->db);
    u->bulk = 1;
    u->km.budget = dups_keymap_mb << 20;
    ak_sqlq *q = NULL;
    rc = prepare(u->db, pg ? "SELECT key,kind,id FROM dup_key ORDER BY seq" : "SELECT key,kind,id FROM dup_key ORDER BY rowid", &q);
    int r = AK_SQL_DONE;
    while (rc == AK_OK && (r = ak_sqlq_step(q)) == AK_SQL_ROW) {
        const char *id = ak_sqlq_text(q, 2);
        if (km_put(&u->km, (uint64_t)ak_sqlq_int64(q, 0), (int)ak_sqlq_int64(q, 1), id ? id : "") != AK_OK)
            rc = ak_set_error(AK_ENOMEM, "dups: out of memory");
        else if (km_bytes(&u->km) > u->km.budget) break; /* too many: keep the index */
    }
    if (rc == AK_OK && r != AK_SQL_ROW && r != AK_SQL_DONE) rc = dberr(u->db, "reading keys");
    ak_sqlq_finalize(q);
    if (rc != AK_OK) return rc;
    if (r == AK_SQL_ROW) {
        u->bulk = 0;
        km_free(&u->km);
        return has_index ? AK_OK : make_index(u->db);
    }
    if (has_index && ak_sql_exec(u->db, "DROP INDEX dup_key_key", "dups") != AK_OK)
        return dberr(u->db, "dropping the key index");
    return AK_OK;
}

/* Commits after a chunk: a killed pass keeps what it did, and the next one goes on from there.
 * No statement is open here, so the commit ends the read snapshot and the WAL can be
 * checkpointed and reset (see chunk_read). A piped pass has written nothing of the chunk
 * indexed since: a kill loses only that one, done again by the next pass. */
static int commit_chunk(upd *u)
{
    return ak_sql_commit(u->db) == AK_OK && ak_sql_begin_write(u->db) == AK_OK ? AK_OK : dberr(u->db, "commit");
}

static void upd_free(upd *u)
{
    dd_pool_stop(&u->pool); /* after whatever is still queued */
    for (int k = 0; k < 3; k++) {
        chunk_free(&u->ch[k]);
        free(u->ch[k].it);
        free(u->ch[k].jobs);
        free(u->ch[k].fe);
    }
    cache_free(&u->cache);
    km_free(&u->km);
    ak_buf_free(&u->pk_key);
    ak_buf_free(&u->pk_kind);
    ak_buf_free(&u->pk_id);
    ak_sqlq_finalize(u->look_all);
    ak_sqlq_finalize(u->has);
    ak_sqlq_finalize(u->look);
    ak_sqlq_finalize(u->insk);
    ak_sqlq_finalize(u->insk_many);
    ak_sqlq_finalize(u->insf);
    ak_sqlq_finalize(u->insp);
    ak_sqlq_finalize(u->text);
    ak_lsh_free(u->lsh);
}

AK_API int ak_dups_update_opts(ak_db *adb, unsigned threads, size_t cache_mb, size_t *added)
{
    if (!adb) return ak_set_error(AK_EINVAL, "dups: no database");
    upd u = { .db = ak_db_sql(adb) };
    dd_pool_start(&u.pool, threads > 1 ? threads - 1 : 0); /* the pass's thread works too */
    if (added) *added = 0;
    u.cache.budget = cache_mb << 20;
    u.cache.cap = cache_mb ? DUPS_FP_CACHE_MAX : 0;
    u.cache.ring = u.cache.cap ? calloc(u.cache.cap, sizeof *u.cache.ring) : NULL;
    int no_mem = u.cache.cap && !u.cache.ring;
    for (int k = 0; k < 3; k++) no_mem |= !(u.ch[k].it = calloc(DUPS_BATCH, sizeof *u.ch[k].it));
    if (no_mem) {
        upd_free(&u);
        return ak_set_error(AK_ENOMEM, "dups: out of memory");
    }
    int rc = ak_lsh_new(NULL, &u.lsh);
    if (rc != AK_OK) { upd_free(&u); return rc; }
    /* The key index is read at random for every article: a larger page cache for the pass
     * saves most of the reads from the OS (restored after). */
    int cache = page_cache(u.db, -DUPS_CACHE_KIB);
    if (ak_sql_begin_write(u.db) != AK_OK) {
        rc = dberr(u.db, "begin");
        upd_free(&u);
        page_cache(u.db, cache);
        return rc;
    }
    rc = prepare(u.db, "SELECT 1 FROM dup_fp WHERE id=?", &u.has);
    if (rc == AK_OK && ak_sql_is_pg(u.db))
        rc = prepare(u.db, "SELECT x.n, x.t, d.id FROM unnest(CAST(?1 AS text)::bigint[], CAST(?2 AS text)::bigint[])"
                           " WITH ORDINALITY AS x(k, t, n) CROSS JOIN LATERAL (SELECT id, seq FROM dup_key"
                           " WHERE key = x.k AND kind = x.t ORDER BY seq LIMIT 51) d ORDER BY x.n, d.seq", &u.look_all);
    /* the ids in insertion order (SQLite: the index on key, ties in rowid order); no more than the
     * look-up reads */
    _Static_assert(KEY_MAX_DOCS == 50, "the PostgreSQL look-up's LIMIT is KEY_MAX_DOCS + 1");
    if (rc == AK_OK)
        rc = prepare(u.db, ak_sql_is_pg(u.db) ? "SELECT id FROM dup_key WHERE key=? AND kind=? ORDER BY seq LIMIT 51"
                                              : "SELECT id FROM dup_key WHERE key=? AND kind=?", &u.look);
    if (rc == AK_OK)
        rc = prepare(u.db, ak_sql_is_pg(u.db) ? "INSERT INTO dup_key(key,kind,id) SELECT k, t, i FROM"
                                                " unnest(CAST(?1 AS text)::bigint[], CAST(?2 AS text)::bigint[],"
                                                " CAST(?3 AS text)::text[]) WITH ORDINALITY AS x(k, t, i, n) ORDER BY n"
                                              : "INSERT INTO dup_key(key,kind,id) VALUES(?,?,?)", &u.insk);
    if (rc == AK_OK && !ak_sql_is_pg(u.db)) {
        ak_buf b = AK_BUF_INIT;
        ak_buf_puts(&b, "INSERT INTO dup_key(key,kind,id) VALUES(?,?,?)");
        for (int i = 1; i < KEY_ROWS; i++) ak_buf_puts(&b, ",(?,?,?)");
        rc = b.failed ? ak_set_error(AK_ENOMEM, "dups: out of memory") : prepare(u.db, ak_buf_cstr(&b), &u.insk_many);
        ak_buf_free(&b);
    }
    if (rc == AK_OK) rc = prepare(u.db, "INSERT INTO dup_fp(id,exact,sig) VALUES(?,?,?)", &u.insf);
    if (rc == AK_OK)
        rc = prepare(u.db, "INSERT OR IGNORE INTO dup_pair(a,b,cls,jaccard,bigram,cover_a,cover_b,longest,spans)"
                           " VALUES(?,?,?,?,?,?,?,?,?)", &u.insp);
    if (rc == AK_OK) rc = prepare(u.db, "SELECT text FROM articles WHERE id=?", &u.text);
    ak_sqlq *page = NULL;
    if (rc == AK_OK) rc = prepare(u.db, "SELECT seq,id,text FROM articles WHERE seq>? ORDER BY seq LIMIT ?", &page);
    if (rc == AK_OK) rc = bulk_start(&u);
    u.piped = u.cache.keep = u.bulk && u.pool.started && !ak_sql_is_pg(u.db);
    long long last = LLONG_MIN;
    size_t n = 0;
    chunk *rd = &u.ch[0]; /* read, its fingerprints queued */
    if (rc == AK_OK) rc = chunk_read(&u, rd, page, &last, &n);
    while (rc == AK_OK && n) {
        rc = chunk_index(&u, rd);
        chunk *next = rd;
        if (u.piped) { /* the next chunk read and the one before finished while the workers compare */
            next = &u.ch[(rd - u.ch + 1) % 3];
            if (next == u.prev) next = &u.ch[(rd - u.ch + 2) % 3];
            if (rc == AK_OK) rc = chunk_read(&u, next, page, &last, &n);
            if (u.prev) rc = chunk_finish(&u, u.prev, rc);
            u.prev = rd;
        } else {
            rc = chunk_finish(&u, rd, rc);
        }
        if (rc == AK_OK) rc = commit_chunk(&u);
        if (rc == AK_OK && u.bulk && km_bytes(&u.km) > u.km.budget) {
            if (u.prev) rc = chunk_finish(&u, u.prev, rc); /* the map's last chunk, before the index */
            if (rc == AK_OK && u.prev) rc = commit_chunk(&u);
            u.prev = NULL;
            u.piped = u.cache.keep = 0;
            if (rc == AK_OK) rc = bulk_end(&u);
        }
        if (rc == AK_OK && next == rd) rc = chunk_read(&u, next, page, &last, &n);
        rd = next;
    }
    if (u.prev) { /* a piped pass's last chunk; after an error, its lists waited for before it is freed */
        int ok = rc == AK_OK;
        rc = chunk_finish(&u, u.prev, rc);
        if (rc == AK_OK && ok) rc = commit_chunk(&u);
        u.prev = NULL;
    }
    if (rc == AK_OK) rc = bulk_end(&u);
    ak_sqlq_finalize(page);
    upd_free(&u);
    if (rc != AK_OK) {
        ak_sql_rollback(u.db);
        page_cache(u.db, cache);
        return rc;
    }
    int committed = ak_sql_commit(u.db) == AK_OK ? AK_OK : dberr(u.db, "commit");
    page_cache(u.db, cache);
    if (committed != AK_OK) return committed;
    if (added) *added = u.added;
    return AK_OK;
}

AK_API int ak_dups_update(ak_db *adb, size_t *added)
{
    return ak_dups_update_opts(adb, 1, DUPS_FP_CACHE_MB, added);
}

AK_API int ak_dups_each(ak_db *adb, int (*fn)(const ak_dup_pair *p, void *ctx), void *ctx)
{
    if (!adb || !fn) return ak_set_error(AK_EINVAL, "dups: bad argument");
    ak_sql *db = ak_db_sql(adb);
    ak_sqlq *q;
    if (prepare(db, "SELECT a,b,cls,jaccard,bigram,cover_a,cover_b,longest,spans FROM dup_pair ORDER BY seq", &q))
        return AK_EDB;
    int rc, ret = AK_OK;
    while ((rc = ak_sqlq_step(q)) == AK_SQL_ROW) {
        ak_dup_pair p = { ak_sqlq_text(q, 0), ak_sqlq_text(q, 1),
                          ak_sqlq_text(q, 2), ak_sqlq_double(q, 3),
                          ak_sqlq_double(q, 4), ak_sqlq_double(q, 5), ak_sqlq_double(q, 6),
                          (size_t)ak_sqlq_int64(q, 7), ak_sqlq_text(q, 8) };
        if ((ret = fn(&p, ctx)) != 0) break;
    }
    if (rc != AK_SQL_ROW && rc != AK_SQL_DONE) ret = dberr(db, "reading pairs");
    ak_sqlq_finalize(q);
    return ret;
}
