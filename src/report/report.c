/* report.c: the report model of `akhbar run` (articles, duplicates, rejections,
 * later stages' sections), its JSON form (docs/report.md) and writing to disk. */
#include "report/report_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

size_t rp_flush_bytes = RP_FLUSH;

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Copies an optional field; *ok goes to 0 on allocation failure or bad UTF-8. */
static char *opt_dup(const char *s, int *ok)
{
    if (!s || !*ok) return NULL;
    size_t n = strlen(s), bad;
    if (!ak_utf8_valid(s, n, &bad)) { *ok = -1; return NULL; }
    char *p = dup_n(s, n);
    if (!p) *ok = 0;
    return p;
}

int ak_report_new(ak_report **out)
{
    if (!out) return ak_set_error(AK_EINVAL, "ak_report_new: out is NULL");
    *out = calloc(1, sizeof **out);
    return *out ? AK_OK : ak_set_error(AK_ENOMEM, "ak_report_new: out of memory");
}

void rp_article_free(rp_article *a)
{
    free(a->id); free(a->source); free(a->title); free(a->url); free(a->origin);
    free(a->published); free(a->published_from); free(a->published_evidence);
    free(a->duplicate_of); free(a->text);
    for (size_t i = 0; i < a->n_removed; i++) { free(a->removed[i].text); free(a->removed[i].reason_own); }
    free(a->removed);
    for (size_t i = 0; i < a->n_times; i++) free(a->times[i].text);
    free(a->times);
    for (size_t i = 0; i < a->n_ments; i++) free(a->ments[i].name);
    free(a->ments);
    free(a->story); free(a->near_of); free(a->near_class);
    memset(a, 0, sizeof *a);
}

void ak_report_free(ak_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_art; i++) rp_article_free(&r->art[i]);
    rp_stream_free(r->db);
    ak_strmap_free(&r->keep);
    free(r->keep_seq);
    free(r->art);
    for (size_t i = 0; i < r->n_dups; i++) { free(r->dups[i].a); free(r->dups[i].b); }
    free(r->dups);
    for (size_t i = 0; i < r->n_rej; i++) { free(r->rej[i].origin); free(r->rej[i].reason); }
    free(r->rej);
    for (size_t i = 0; i < r->n_inputs; i++) free(r->inputs[i]);
    free(r->inputs);
    for (size_t i = 0; i < r->n_sec; i++) {
        free(r->sec[i].id); free(r->sec[i].heading); free(r->sec[i].json); free(r->sec[i].html);
        if (r->sec[i].jf) fclose(r->sec[i].jf);
        if (r->sec[i].hf) fclose(r->sec[i].hf);
    }
    free(r->sec);
    free(r);
}

/* Lists the article's time expressions, resolved against its date: the first
 * analysis stage that exists, and a check of the date a reader can see. */
static int add_times(rp_article *a)
{
    if (!a->text || !*a->text) return AK_OK;
    char dct[11] = "";
    if (a->published && strlen(a->published) >= 10) memcpy(dct, a->published, 10);
    ak_timex *tx = NULL;
    size_t n = 0;
    int st = ak_timex_tag(a->text, strlen(a->text), dct[0] ? dct : NULL, &tx, &n);
    if (st != AK_OK) return st == AK_ENOMEM ? st : AK_OK; /* a date the tagger refuses: no list */
    if (n) {
        a->times = calloc(n, sizeof *a->times);
        if (!a->times) { ak_free(tx); return AK_ENOMEM; }
    }
    for (size_t i = 0; i < n; i++) {
        rp_time *t = &a->times[i];
        t->text = dup_n(a->text + tx[i].byte_start, tx[i].byte_end - tx[i].byte_start);
        if (!t->text) { a->n_times = i; ak_free(tx); return AK_ENOMEM; }
        memcpy(t->type, tx[i].type, sizeof t->type);
        memcpy(t->value, tx[i].value, sizeof t->value);
        memcpy(t->mod, tx[i].mod, sizeof t->mod);
        t->type[sizeof t->type - 1] = t->value[sizeof t->value - 1] = t->mod[sizeof t->mod - 1] = '\0';
    }
    a->n_times = n;
    ak_free(tx);
    return AK_OK;
}

/* With no date given, the text may still tell it (a date line, weekdays). */
static int infer_date(rp_article *a)
{
    if (a->published || !a->text) return AK_OK;
    ak_dct_guess g;
    memset(&g, 0, sizeof g);
    if (ak_dct_infer(a->text, strlen(a->text), &g) != AK_OK || !g.date[0]) return AK_OK;
    a->published = dup_n(g.date, strlen(g.date));
    a->published_from = dup_n("text", 4);
    g.evidence[sizeof g.evidence - 1] = '\0';
    size_t bad;
    if (g.evidence[0] && ak_utf8_valid(g.evidence, strlen(g.evidence), &bad))
        a->published_evidence = dup_n(g.evidence, strlen(g.evidence));
    return a->published && a->published_from ? AK_OK : AK_ENOMEM;
}

int rp_copy_article(rp_article *out, const ak_report_article *in, int analyze)
{
    memset(out, 0, sizeof *out);
    if (!in || !in->id || !*in->id) return ak_set_error(AK_EINVAL, "report: article without id");
    rp_article a;
    memset(&a, 0, sizeof a);
    int ok = 1;
    a.id = opt_dup(in->id, &ok);
    a.source = opt_dup(in->source, &ok);
    a.title = opt_dup(in->title, &ok);
    a.url = opt_dup(in->url, &ok);
    a.origin = opt_dup(in->origin, &ok);
    a.published = opt_dup(in->published, &ok);
    a.published_from = opt_dup(in->published ? in->published_from : NULL, &ok);
    a.published_evidence = opt_dup(in->published_evidence, &ok);
    a.duplicate_of = opt_dup(in->duplicate_of, &ok);
    size_t bad;
    if (ok == 1 && in->text) {
        if (!ak_utf8_valid(in->text, in->text_len, &bad)) ok = -1;
        else if (!(a.text = dup_n(in->text, in->text_len))) ok = 0;
    }
    if (ok == 1 && in->n_removed) {
        a.removed = calloc(in->n_removed, sizeof *a.removed);
        if (!a.removed) ok = 0;
        for (size_t i = 0; ok == 1 && i < in->n_removed; i++) {
            const ak_report_removed *rm = &in->removed[i];
            if (!rm->text || !ak_utf8_valid(rm->text, rm->len, &bad)) { ok = -1; break; }
            a.removed[i].text = dup_n(rm->text, rm->len);
            a.removed[i].reason_own = opt_dup(rm->reason ? rm->reason : "chrome", &ok);
            a.removed[i].reason = a.removed[i].reason_own;
            a.n_removed = i + 1;
            if (!a.removed[i].text) ok = 0;
        }
    }
    int st = ok == 1 ? AK_OK : ok < 0 ? AK_EINVAL : AK_ENOMEM;
    if (st == AK_OK && analyze) st = infer_date(&a);
    if (st == AK_OK && analyze) st = add_times(&a);
    if (st != AK_OK) {
        rp_article_free(&a);
        return st == AK_EINVAL ? ak_set_error(st, "report: article %s has a field that is not valid UTF-8", in->id)
                               : ak_set_error(st, "report: out of memory");
    }
    *out = a;
    return AK_OK;
}

/* Copies a view into r->art; analyze: infer a missing date and list times. */
rp_article *rp_next_article(ak_report *r)
{
    if (r->n_art == r->cap_art) {
        size_t cap = r->cap_art ? 2 * r->cap_art : 16;
        rp_article *p = realloc(r->art, cap * sizeof *p);
        if (!p) { ak_set_error(AK_ENOMEM, "report: out of memory"); return NULL; }
        r->art = p;
        r->cap_art = cap;
    }
    return &r->art[r->n_art];
}

static int add_copy(ak_report *r, const ak_report_article *in, int analyze)
{
    if (!r) return ak_set_error(AK_EINVAL, "report: NULL report");
    /* the store's articles come first: read them in before this one */
    int st = r->db ? rp_stream_materialize(r) : AK_OK;
    if (st != AK_OK) return st;
    rp_article *slot = rp_next_article(r);
    if (!slot) return AK_ENOMEM;
    st = rp_copy_article(slot, in, analyze);
    if (st == AK_OK) r->n_art++;
    return st;
}

int ak_report_add_article(ak_report *r, const ak_report_article *in)
{
    return add_copy(r, in, 1);
}

int rp_add_plain(ak_report *r, const ak_report_article *in, rp_article **out)
{
    int st = add_copy(r, in, 0);
    *out = st == AK_OK ? &r->art[r->n_art - 1] : NULL;
    return st;
}

static int grow(void **arr, size_t n, size_t size)
{
    void *p = realloc(*arr, (n + 1) * size);
    if (!p) return AK_ENOMEM;
    *arr = p;
    return AK_OK;
}

int ak_report_add_duplicate(ak_report *r, const char *id, const char *of)
{
    if (!r || !id || !of) return ak_set_error(AK_EINVAL, "report: duplicate needs id and of");
    int ok = 1;
    rp_pair p = {opt_dup(id, &ok), opt_dup(of, &ok)};
    if (ok != 1 || grow((void **)&r->dups, r->n_dups, sizeof *r->dups)) {
        free(p.a); free(p.b);
        return ok < 0 ? ak_set_error(AK_EINVAL, "report: duplicate id is not valid UTF-8")
                      : ak_set_error(AK_ENOMEM, "report: out of memory");
    }
    r->dups[r->n_dups++] = p;
    return AK_OK;
}

/* A rejection message may quote raw bytes of a bad record: keep it valid UTF-8. */
static char *sanitized(const char *s)
{
    if (!s) s = "";
    ak_buf b = AK_BUF_INIT;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) { ak_buf_puts(&b, "\xEF\xBF\xBD"); i++; continue; }
        ak_buf_append(&b, s + i, k);
        i += k;
    }
    if (b.failed) { ak_buf_free(&b); return NULL; }
    return ak_buf_detach(&b, NULL);
}

int ak_report_add_rejection(ak_report *r, const char *origin, size_t line, const char *reason)
{
    if (!r) return ak_set_error(AK_EINVAL, "report: NULL report");
    rp_reject j = {sanitized(origin), line, sanitized(reason)};
    if (!j.origin || !j.reason || grow((void **)&r->rej, r->n_rej, sizeof *r->rej)) {
        free(j.origin); free(j.reason);
        return ak_set_error(AK_ENOMEM, "report: out of memory");
    }
    r->rej[r->n_rej++] = j;
    return AK_OK;
}

int ak_report_add_input(ak_report *r, const char *path)
{
    if (!r || !path) return ak_set_error(AK_EINVAL, "report: NULL input");
    char *p = sanitized(path);
    if (!p || grow((void **)&r->inputs, r->n_inputs, sizeof *r->inputs)) {
        free(p);
        return ak_set_error(AK_ENOMEM, "report: out of memory");
    }
    r->inputs[r->n_inputs++] = p;
    return AK_OK;
}

static int valid_section_id(const char *id)
{
    if (!id || !*id || strlen(id) > 64) return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return 0;
    return 1;
}

int ak_report_add_section(ak_report *r, const char *id, const char *heading, const char *json,
                          const char *html)
{
    if (!r || !valid_section_id(id)) return ak_set_error(AK_EINVAL, "report: section id must be [a-z0-9-]+");
    for (size_t i = 0; i < r->n_sec; i++)
        if (!strcmp(r->sec[i].id, id)) return ak_set_error(AK_EINVAL, "report: section %s added twice", id);
    json_error_t err;
    json_t *v = json_loads(json ? json : "", JSON_DECODE_ANY, &err);
    if (!v) return ak_set_error(AK_EINVAL, "report: section %s: JSON line %d column %d: %s", id, err.line,
                                err.column, err.text);
    json_decref(v);
    int ok = 1;
    rp_section s = {opt_dup(id, &ok), opt_dup(heading ? heading : id, &ok), opt_dup(json, &ok),
                    opt_dup(html ? html : "", &ok), NULL, NULL};
    if (ok != 1 || grow((void **)&r->sec, r->n_sec, sizeof *r->sec)) {
        free(s.id); free(s.heading); free(s.json); free(s.html);
        return ok < 0 ? ak_set_error(AK_EINVAL, "report: section %s is not valid UTF-8", id)
                      : ak_set_error(AK_ENOMEM, "report: out of memory");
    }
    r->sec[r->n_sec++] = s;
    return AK_OK;
}

/* A temporary file of our own, gone once closed: $TMPDIR, else /tmp. */
static FILE *spill_file(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4200];
    snprintf(path, sizeof path, "%s/akhbar-report-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    unlink(path);
    FILE *f = fdopen(fd, "w+b");
    if (!f) close(fd);
    return f;
}

static int spill_one(ak_buf *b, FILE **f, const char *id, size_t min)
{
    if (b->failed) return ak_set_error(AK_ENOMEM, "report: out of memory");
    if (b->len < min || !b->len) return AK_OK;
    size_t bad;
    if (!ak_utf8_valid(b->data, b->len, &bad)) return ak_set_error(AK_EINVAL, "report: section %s is not valid UTF-8", id);
    if (!*f && !(*f = spill_file()))
        return ak_set_error(AK_EIO, "report: section %s: no temporary file: %s", id, strerror(errno));
    int rc = fwrite(b->data, 1, b->len, *f) == b->len ? AK_OK
             : ak_set_error(AK_EIO, "report: section %s: temporary file: %s", id, strerror(errno));
    ak_buf_reset(b);
    return rc;
}

int rp_spill_step(rp_spill *s, const char *id, size_t min)
{
    int rc = spill_one(&s->j, &s->jf, id, min);
    return rc ? rc : spill_one(&s->h, &s->hf, id, min);
}

void rp_spill_free(rp_spill *s)
{
    ak_buf_free(&s->j);
    ak_buf_free(&s->h);
    if (s->jf) fclose(s->jf);
    if (s->hf) fclose(s->hf);
    s->jf = s->hf = NULL;
}

/* A section the report built itself: no copy and no parse of the whole JSON (valid by
 * construction); what was spilled stays in its file, the rest is held as a string. */
int rp_add_section_spill(ak_report *r, const char *id, const char *heading, rp_spill *sp)
{
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < r->n_sec; i++)
        if (!strcmp(r->sec[i].id, id)) rc = ak_set_error(AK_EINVAL, "report: section %s added twice", id);
    /* a part already in a file: the rest follows it there */
    if (rc == AK_OK && sp->jf) rc = spill_one(&sp->j, &sp->jf, id, 0);
    if (rc == AK_OK && sp->hf) rc = spill_one(&sp->h, &sp->hf, id, 0);
    if (rc == AK_OK) rc = rp_spill_step(sp, id, SIZE_MAX); /* validates what stays in memory */
    size_t bad;
    if (rc == AK_OK && (!ak_utf8_valid(sp->j.data ? sp->j.data : "", sp->j.len, &bad) ||
                        !ak_utf8_valid(sp->h.data ? sp->h.data : "", sp->h.len, &bad)))
        rc = ak_set_error(AK_EINVAL, "report: section %s is not valid UTF-8", id);
    int ok = 1;
    rp_section s = {opt_dup(id, &ok), opt_dup(heading, &ok), NULL, NULL, NULL, NULL};
    if (rc == AK_OK && ok == 1) {
        s.json = sp->jf ? NULL : ak_buf_detach(&sp->j, NULL);
        s.html = sp->hf ? NULL : ak_buf_detach(&sp->h, NULL);
        if ((!sp->jf && !s.json) || (!sp->hf && !s.html) || grow((void **)&r->sec, r->n_sec, sizeof *r->sec)) ok = 0;
    }
    if (rc == AK_OK && ok != 1) rc = ak_set_error(AK_ENOMEM, "report: out of memory");
    if (rc == AK_OK) {
        s.jf = sp->jf;
        s.hf = sp->hf;
        sp->jf = sp->hf = NULL;
        r->sec[r->n_sec++] = s;
    } else {
        free(s.id); free(s.heading); free(s.json); free(s.html);
    }
    rp_spill_free(sp);
    return rc;
}

void ak_report_get_counts(const ak_report *r, ak_report_counts *c)
{
    memset(c, 0, sizeof *c);
    if (!r) return;
    c->articles = r->n_art + r->n_db_art; /* stored articles have no duplicate_of */
    c->duplicates = r->n_dups;
    for (size_t i = 0; i < r->n_art; i++)
        if (r->art[i].duplicate_of) c->duplicates++;
    c->rejected = r->n_rej;
    c->records = c->articles + r->n_dups + r->n_rej;
}

/* ---- JSON ---- */

static void j_str(ak_buf *b, const char *key, const char *v)
{
    ak_buf_printf(b, "\"%s\":", key);
    if (!v) { ak_buf_puts(b, "null"); return; }
    ak_buf_putc(b, '"');
    ak_buf_json_escape(b, v, strlen(v));
    ak_buf_putc(b, '"');
}

static void j_article(ak_buf *b, const rp_article *a)
{
    ak_buf_putc(b, '{');
    j_str(b, "id", a->id); ak_buf_putc(b, ',');
    j_str(b, "source", a->source); ak_buf_putc(b, ',');
    j_str(b, "title", a->title); ak_buf_putc(b, ',');
    j_str(b, "url", a->url); ak_buf_putc(b, ',');
    j_str(b, "origin", a->origin); ak_buf_putc(b, ',');
    j_str(b, "published", a->published); ak_buf_putc(b, ',');
    j_str(b, "published_from", a->published_from); ak_buf_putc(b, ',');
    j_str(b, "published_evidence", a->published_evidence); ak_buf_putc(b, ',');
    j_str(b, "duplicate_of", a->duplicate_of); ak_buf_putc(b, ',');
    j_str(b, "text", a->text ? a->text : ""); ak_buf_puts(b, ",\"removed\":[");
    for (size_t i = 0; i < a->n_removed; i++) {
        ak_buf_puts(b, i ? ",{" : "{");
        j_str(b, "text", a->removed[i].text); ak_buf_putc(b, ',');
        j_str(b, "reason", a->removed[i].reason);
        ak_buf_putc(b, '}');
    }
    ak_buf_puts(b, "],\"times\":[");
    for (size_t i = 0; i < a->n_times; i++) {
        const rp_time *t = &a->times[i];
        ak_buf_puts(b, i ? ",{" : "{");
        j_str(b, "text", t->text); ak_buf_putc(b, ',');
        j_str(b, "type", t->type); ak_buf_putc(b, ',');
        j_str(b, "value", t->value);
        if (t->mod[0]) { ak_buf_putc(b, ','); j_str(b, "mod", t->mod); }
        if (t->has_span) ak_buf_printf(b, ",\"start\":%zu,\"end\":%zu", t->start, t->end);
        ak_buf_putc(b, '}');
    }
    ak_buf_puts(b, "],\"entities\":[");
    for (size_t i = 0; i < a->n_ments; i++) {
        const rp_mention *m = &a->ments[i];
        ak_buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"type\":\"%s\",", i ? "," : "", m->start, m->end, m->type);
        j_str(b, "entity", m->name);
        ak_buf_putc(b, '}');
    }
    ak_buf_puts(b, "],");
    j_str(b, "story", a->story); ak_buf_putc(b, ',');
    j_str(b, "near_duplicate_of", a->near_of); ak_buf_putc(b, ',');
    j_str(b, "near_duplicate_class", a->near_class);
    ak_buf_putc(b, '}');
}

/* Writes b's bytes to f once it holds at least min bytes (min 0: all of it), so a
 * report of a million articles is never one string in memory. No file: kept. */
int rp_flush(ak_buf *b, FILE *f, size_t min)
{
    if (!f || b->failed || b->len < min || !b->len) return AK_OK;
    int bad = fwrite(b->data, 1, b->len, f) != b->len;
    ak_buf_reset(b);
    return bad ? ak_set_error(AK_EIO, "report: write failed: %s", strerror(errno)) : AK_OK;
}

/* Appends s, a string the report already holds (a section): straight to f when there
 * is one, after what b holds, so a large section is not copied into b. */
int rp_put_big(ak_buf *b, FILE *f, const char *s)
{
    if (!f) return ak_buf_puts(b, s);
    int rc = rp_flush(b, f, 0);
    size_t n = strlen(s);
    if (rc == AK_OK && !b->failed && fwrite(s, 1, n, f) != n)
        rc = ak_set_error(AK_EIO, "report: write failed: %s", strerror(errno));
    return rc;
}

int rp_put_section(ak_buf *b, FILE *f, const rp_section *s, int json)
{
    FILE *src = json ? s->jf : s->hf;
    if (!src) return rp_put_big(b, f, json ? s->json : s->html);
    int rc = rp_flush(b, f, 0);
    if (rc == AK_OK && fseek(src, 0, SEEK_SET) != 0)
        rc = ak_set_error(AK_EIO, "report: section %s: temporary file: %s", s->id, strerror(errno));
    char chunk[1 << 16];
    size_t n;
    while (rc == AK_OK && (n = fread(chunk, 1, sizeof chunk, src)) > 0) {
        if (!f) { if (ak_buf_append(b, chunk, n)) rc = ak_set_error(AK_ENOMEM, "report: out of memory"); }
        else if (fwrite(chunk, 1, n, f) != n) rc = ak_set_error(AK_EIO, "report: write failed: %s", strerror(errno));
    }
    if (rc == AK_OK && ferror(src)) rc = ak_set_error(AK_EIO, "report: section %s: temporary file: read error", s->id);
    return rc;
}

typedef struct jctx { ak_buf *b; FILE *f; size_t i; } jctx;

static int j_streamed(const rp_article *a, long long seq, void *vctx)
{
    (void)seq;
    jctx *c = vctx;
    ak_buf_puts(c->b, c->i++ ? ",\n" : "\n");
    j_article(c->b, a);
    return rp_flush(c->b, c->f, rp_flush_bytes);
}

/* report.json into b, flushed to f (when not NULL) every RP_FLUSH bytes. */
static int json_emit(const ak_report *r, ak_buf *b, FILE *f)
{
    int rc = AK_OK;
    ak_report_counts c;
    ak_report_get_counts(r, &c);
    ak_buf_printf(b, "{\"version\":%d,\"generator\":\"akhbar %s\",\"inputs\":[", AK_REPORT_SCHEMA_VERSION,
                  ak_version());
    for (size_t i = 0; i < r->n_inputs; i++) {
        ak_buf_puts(b, i ? ",\"" : "\"");
        ak_buf_json_escape(b, r->inputs[i], strlen(r->inputs[i]));
        ak_buf_putc(b, '"');
    }
    ak_buf_printf(b, "],\n\"counts\":{\"records\":%zu,\"articles\":%zu,\"duplicates\":%zu,\"rejected\":%zu},\n",
                  c.records, c.articles, c.duplicates, c.rejected);
    if (r->limited)
        ak_buf_printf(b, "\"limit\":{\"stories\":%zu,\"stories_stored\":%zu,\"articles_stored\":%zu},\n",
                      r->stories_listed, r->stories_stored, r->articles_stored);
    ak_buf_puts(b, "\"articles\":[");
    for (size_t i = 0; rc == AK_OK && i < r->n_art; i++) {
        ak_buf_puts(b, i ? ",\n" : "\n");
        j_article(b, &r->art[i]);
        rc = rp_flush(b, f, rp_flush_bytes);
    }
    jctx jc = {b, f, r->n_art};
    if (rc == AK_OK && r->db) rc = rp_stream_each(r, j_streamed, &jc);
    ak_buf_puts(b, "],\n\"duplicates\":[");
    for (size_t i = 0; i < r->n_dups; i++) {
        ak_buf_puts(b, i ? ",{" : "{");
        j_str(b, "id", r->dups[i].a); ak_buf_putc(b, ',');
        j_str(b, "of", r->dups[i].b);
        ak_buf_putc(b, '}');
    }
    ak_buf_puts(b, "],\n\"rejected\":[");
    for (size_t i = 0; i < r->n_rej; i++) {
        ak_buf_puts(b, i ? ",{" : "{");
        j_str(b, "origin", r->rej[i].origin);
        ak_buf_printf(b, ",\"line\":%zu,", r->rej[i].line);
        j_str(b, "reason", r->rej[i].reason);
        ak_buf_putc(b, '}');
    }
    ak_buf_puts(b, "],\n\"sections\":{");
    for (size_t i = 0; i < r->n_sec; i++) {
        ak_buf_printf(b, "%s\"%s\":{", i ? "," : "", r->sec[i].id);
        j_str(b, "heading", r->sec[i].heading);
        ak_buf_puts(b, ",\"data\":");
        if (rc == AK_OK) rc = rp_put_section(b, f, &r->sec[i], 1);
        ak_buf_putc(b, '}');
    }
    ak_buf_puts(b, "}}\n");
    if (b->failed) return ak_set_error(AK_ENOMEM, "report: out of memory");
    return rc ? rc : rp_flush(b, f, 0);
}

int ak_report_json(const ak_report *r, char **out, size_t *len)
{
    if (!r || !out) return ak_set_error(AK_EINVAL, "ak_report_json: NULL argument");
    ak_buf b = AK_BUF_INIT;
    int rc = json_emit(r, &b, NULL);
    if (rc) { ak_buf_free(&b); return rc; }
    *out = ak_buf_detach(&b, len);
    return *out ? AK_OK : ak_set_error(AK_ENOMEM, "report: out of memory");
}

/* ---- files ---- */

int rp_mkdir_p(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) return -1;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) return -1;
        path[i] = c;
    }
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* dir/name.tmp written by emit, to be renamed into place once both files are whole. */
static int write_tmp(const char *dir, const char *name, const ak_report *r,
                     int (*emit)(const ak_report *, ak_buf *, FILE *))
{
    char tmp[4210];
    snprintf(tmp, sizeof tmp, "%s/%s.tmp", dir, name);
    FILE *f = fopen(tmp, "wb");
    if (!f) return ak_set_error(AK_EIO, "%s: %s", tmp, strerror(errno));
    ak_buf b = AK_BUF_INIT;
    int rc = emit(r, &b, f);
    ak_buf_free(&b);
    int bad = fclose(f) != 0;
    if (rc == AK_OK && bad) rc = ak_set_error(AK_EIO, "%s/%s: %s", dir, name, strerror(errno));
    if (rc) remove(tmp);
    return rc;
}

static int put_in_place(const char *dir, const char *name)
{
    char path[4200], tmp[4210];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (rename(tmp, path) == 0) return AK_OK;
    int rc = ak_set_error(AK_EIO, "%s: %s", path, strerror(errno));
    remove(tmp);
    return rc;
}

/* Both files go to temporary names and are renamed once both are whole: a failed write
 * (a full disk, the store unreadable half-way) leaves the previous report as it was. */
int ak_report_write(const ak_report *r, const char *dir)
{
    if (!r || !dir) return ak_set_error(AK_EINVAL, "ak_report_write: NULL argument");
    if (rp_mkdir_p(dir) != 0) return ak_set_error(AK_EIO, "%s: cannot create directory: %s", dir, strerror(errno));
    int st = write_tmp(dir, "report.json", r, json_emit);
    if (st == AK_OK) st = write_tmp(dir, "report.html", r, rp_html_emit);
    if (st != AK_OK) {
        char tmp[4210];
        snprintf(tmp, sizeof tmp, "%s/report.json.tmp", dir);
        remove(tmp);
        return st;
    }
    st = put_in_place(dir, "report.json");
    if (st == AK_OK) st = put_in_place(dir, "report.html");
    else { char tmp[4210]; snprintf(tmp, sizeof tmp, "%s/report.html.tmp", dir); remove(tmp); }
    return st;
}
