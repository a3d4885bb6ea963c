/* reader.c: turns input paths (JSONL, .txt, .html, directories, stdin) into
 * article records or rejections, streaming JSONL line by line in flat memory. */
#define _DEFAULT_SOURCE /* scandir, getc_unlocked, strcasecmp */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "akhbar.h"
#include "ingest/ingest.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* A string field of the record, or an integer id spelled out; NULL otherwise. */
static char *field(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return dup_n(json_string_value(v), json_string_length(v));
    if (json_is_integer(v)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
        return dup_n(tmp, strlen(tmp));
    }
    return NULL;
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') return 0;
    return 1;
}

/* Checks bytes that JSON itself would hide: raw NULs and invalid UTF-8. */
static int check_bytes(const char *s, size_t n, char *reason, size_t cap)
{
    const char *z = memchr(s, '\0', n);
    if (z) {
        snprintf(reason, cap, "NUL byte at byte %zu", (size_t)(z - s));
        return AK_EPARSE;
    }
    size_t bad = 0;
    if (!ak_utf8_valid(s, n, &bad)) {
        snprintf(reason, cap, "invalid UTF-8 at byte %zu", bad);
        return AK_EUTF8;
    }
    return AK_OK;
}

/* ---- the fast path: a flat object of string values ----
 * jansson builds a tree of every record and copies each string twice; most records
 * are one flat object of plain strings, read here straight into the fields. Anything
 * else (a number, a nested value, an escaped key, \u0000, a lone surrogate, a control
 * byte, a repeated key, or any syntax error) is left to jansson, whose result and
 * messages stay the reference: for what it accepts, this path gives the same strings. */

enum { F_TEXT, F_HTML, F_ID, F_URL, F_SOURCE, F_TITLE, F_AUTHOR, F_PUBLISHED, F_N };
static const char *const FIELD_NAMES[F_N] = {"text", "html", "id", "url", "source", "title", "author", "published"};

typedef struct fast_rec { char *v[F_N]; size_t len[F_N]; } fast_rec;

static void fast_free(fast_rec *f)
{
    for (int i = 0; i < F_N; i++) free(f->v[i]);
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static int hex4(const char *p, const char *end, uint32_t *v)
{
    if (end - p < 4) return 0;
    uint32_t x = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return 0;
        x = x << 4 | (uint32_t)d;
    }
    *v = x;
    return 1;
}

/* A string at *pp (after its opening quote) up to its closing quote; decoded into *out
 * (malloc'd, NUL-terminated) when out is not NULL. Returns 0 to leave it to jansson. */
static int fast_string(const char **pp, const char *end, char **out, size_t *out_len)
{
    const char *p = *pp;
    ak_buf b = AK_BUF_INIT;
    for (;;) {
        const char *run = p;
        while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) p++;
        if (out && p > run) ak_buf_append(&b, run, (size_t)(p - run));
        if (p >= end || (unsigned char)*p < 0x20) break;
        if (*p == '"') {
            *pp = p + 1;
            if (!out) return 1;
            ak_buf_cstr(&b);
            if (b.failed) break;
            *out_len = b.len;
            *out = ak_buf_detach(&b, NULL);
            if (!*out) *out = calloc(1, 1);
            return *out != NULL;
        }
        if (++p >= end) break;
        char e = *p++, c1 = 0;
        uint32_t cp = 0;
        switch (e) {
        case '"': c1 = '"'; break;
        case '\\': c1 = '\\'; break;
        case '/': c1 = '/'; break;
        case 'b': c1 = '\b'; break;
        case 'f': c1 = '\f'; break;
        case 'n': c1 = '\n'; break;
        case 'r': c1 = '\r'; break;
        case 't': c1 = '\t'; break;
        case 'u':
            if (!hex4(p, end, &cp)) goto fail;
            p += 4;
            if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) goto fail;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    goto fail;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            break;
        default: goto fail;
        }
        if (!out) continue;
        if (c1) ak_buf_putc(&b, c1);
        else {
            char u[4];
            ak_buf_append(&b, u, ak_utf8_encode(cp, u));
        }
    }
fail:
    ak_buf_free(&b);
    return 0;
}

/* 1: the record read into f; 0: not handled here (f left empty). */
static int fast_parse(const char *line, size_t n, fast_rec *f)
{
    enum { MAX_OTHER = 16 };
    const char *end = line + n, *p = skip_ws(line, end);
    const char *other[MAX_OTHER];
    size_t other_len[MAX_OTHER], n_other = 0;
    memset(f, 0, sizeof *f);
    if (p >= end || *p++ != '{') return 0;
    p = skip_ws(p, end);
    for (;;) {
        if (p >= end || *p++ != '"') goto fail;
        const char *key = p;
        while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) p++;
        if (p >= end || *p != '"') goto fail;
        size_t kl = (size_t)(p - key);
        p = skip_ws(p + 1, end);
        if (p >= end || *p++ != ':') goto fail;
        p = skip_ws(p, end);
        if (p >= end || *p++ != '"') goto fail;
        int k = 0;
        while (k < F_N && !(strlen(FIELD_NAMES[k]) == kl && !memcmp(FIELD_NAMES[k], key, kl))) k++;
        if (k < F_N) {
            if (f->v[k] || !fast_string(&p, end, &f->v[k], &f->len[k])) goto fail;
        } else {
            for (size_t i = 0; i < n_other; i++)
                if (other_len[i] == kl && !memcmp(other[i], key, kl)) goto fail;
            if (n_other == MAX_OTHER || !fast_string(&p, end, NULL, NULL)) goto fail;
            other[n_other] = key;
            other_len[n_other++] = kl;
        }
        p = skip_ws(p, end);
        if (p < end && *p == ',') { p = skip_ws(p + 1, end); continue; }
        if (p < end && *p == '}') { p++; break; }
        goto fail;
    }
    if (skip_ws(p, end) != end || (!f->v[F_TEXT] && !f->v[F_HTML])) goto fail;
    return 1;
fail:
    fast_free(f);
    memset(f, 0, sizeof *f);
    return 0;
}

/* The record's fields in `a`, from the text (or html) and the optional strings. */
static int finish_record(ak_article *a, const char *s, size_t sl, int is_html, char *reason, size_t cap)
{
    if (memchr(s, '\0', sl)) {
        snprintf(reason, cap, "NUL character in \"%s\"", is_html ? "html" : "text");
        return AK_EPARSE;
    }
    if (is_html) {
        int rc = ak_html_extract(s, sl, &a->raw, &a->raw_len);
        if (rc != AK_OK) {
            snprintf(reason, cap, "HTML could not be read");
            return rc;
        }
    } else {
        a->raw = dup_n(s, sl);
        a->raw_len = a->raw ? ak_charref_decode(a->raw, sl) : 0;
    }
    return AK_OK;
}

/* What both paths do once the fields are read. */
static int tidy_record(ak_article *a, char *reason, size_t cap)
{
    if (!a->raw) {
        ak_article_clear(a);
        snprintf(reason, cap, "out of memory");
        return AK_ENOMEM;
    }
    if (a->title) a->title[ak_title_tidy(a->title, strlen(a->title))] = '\0';
    /* Empty strings in optional fields mean absent. */
    char **opt[] = {&a->id, &a->url, &a->source, &a->title, &a->author, &a->published};
    for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
        if (*opt[i] && only_space(*opt[i], strlen(*opt[i]))) { free(*opt[i]); *opt[i] = NULL; }
    if (a->published) a->published_from = "record";
    if (only_space(a->raw, a->raw_len)) {
        ak_article_clear(a);
        snprintf(reason, cap, "empty text");
        return AK_EPARSE;
    }
    return AK_OK;
}

static int parse_with_jansson(const char *line, size_t n, ak_article *a, char *reason, size_t cap);

int ak_jsonl_parse(const char *line, size_t n, ak_article *a, char *reason, size_t cap)
{
    int rc = check_bytes(line, n, reason, cap);
    if (rc != AK_OK) return rc;
    fast_rec f;
    if (fast_parse(line, n, &f)) {
        int is_html = !f.v[F_TEXT];
        int t = is_html ? F_HTML : F_TEXT;
        rc = finish_record(a, f.v[t], f.len[t], is_html, reason, cap);
        if (rc != AK_OK) { fast_free(&f); return rc; }
        /* a field holding a NUL cannot come here (\u0000 is left to jansson): moved as they are */
        char **dst[] = {&a->id, &a->url, &a->source, &a->title, &a->author, &a->published};
        for (int i = 0; i < 6; i++) {
            *dst[i] = f.v[F_ID + i];
            f.v[F_ID + i] = NULL;
        }
        fast_free(&f);
        return tidy_record(a, reason, cap);
    }
    return parse_with_jansson(line, n, a, reason, cap);
}

int ak_jsonl_parse_reference(const char *line, size_t n, ak_article *a, char *reason, size_t cap)
{
    int rc = check_bytes(line, n, reason, cap);
    return rc != AK_OK ? rc : parse_with_jansson(line, n, a, reason, cap);
}

static int parse_with_jansson(const char *line, size_t n, ak_article *a, char *reason, size_t cap)
{
    json_error_t err;
    json_t *o = json_loadb(line, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!o) {
        snprintf(reason, cap, "bad JSON at column %d: %s", err.column, err.text);
        return AK_EPARSE;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        snprintf(reason, cap, "not a JSON object");
        return AK_EPARSE;
    }
    json_t *t = json_object_get(o, "text");
    int is_html = 0;
    if (!t) {
        t = json_object_get(o, "html");
        is_html = 1;
    }
    if (!t) {
        json_decref(o);
        snprintf(reason, cap, "missing \"text\"");
        return AK_EPARSE;
    }
    if (!json_is_string(t)) {
        json_decref(o);
        snprintf(reason, cap, "\"%s\" is not a string", is_html ? "html" : "text");
        return AK_EPARSE;
    }
    int rc = finish_record(a, json_string_value(t), json_string_length(t), is_html, reason, cap);
    if (rc != AK_OK) {
        json_decref(o);
        return rc;
    }
    a->id = field(o, "id");
    a->url = field(o, "url");
    a->source = field(o, "source");
    a->title = field(o, "title");
    a->author = field(o, "author");
    a->published = field(o, "published");
    json_decref(o);
    return tidy_record(a, reason, cap);
}

/* ---- delivering records ---- */

typedef struct rd {
    const char *origin;
    size_t max;
    ak_record_fn fn;
    void *ctx;
} rd;

static int reject(rd *r, size_t line, const char *reason)
{
    ak_article a;
    memset(&a, 0, sizeof a);
    a.origin = dup_n(r->origin, strlen(r->origin));
    a.line = line;
    int rc = r->fn(&a, 0, reason, r->ctx);
    ak_article_clear(&a);
    return rc;
}

static int deliver(rd *r, ak_article *a, size_t line)
{
    a->origin = dup_n(r->origin, strlen(r->origin));
    a->line = line;
    int rc = r->fn(a, 1, NULL, r->ctx);
    ak_article_clear(a);
    return rc;
}

/* Lines read in 64 KB blocks (a line is copied by runs, not byte by byte). */
typedef struct line_rd { FILE *f; size_t pos, len; char buf[65536]; } line_rd;

/* Reads one line (without its '\n') into b, up to max bytes: a longer one sets *over and
 * is not kept. Returns '\n' after a line break, EOF at the end of the input. */
static int line_next(line_rd *l, ak_buf *b, size_t max, int *over)
{
    for (;;) {
        if (l->pos == l->len) {
            l->pos = 0;
            l->len = fread(l->buf, 1, sizeof l->buf, l->f);
            if (!l->len) return EOF;
        }
        const char *s = l->buf + l->pos, *nl = memchr(s, '\n', l->len - l->pos);
        size_t k = nl ? (size_t)(nl - s) : l->len - l->pos;
        if (!*over && b->len + k > max) *over = 1;
        if (!*over) ak_buf_append(b, s, k);
        l->pos += k + (nl != NULL);
        if (nl) return '\n';
    }
}

/* JSONL: one record a line; a line over the limit is skipped without being kept. */
static int read_jsonl(rd *r, FILE *f)
{
    ak_buf b = AK_BUF_INIT;
    size_t lineno = 0;
    int rc = 0, c = 0;
    line_rd *l = malloc(sizeof *l);
    if (!l) return reject(r, 0, "out of memory");
    l->f = f;
    l->pos = l->len = 0;
    while (rc == 0 && c != EOF) {
        ak_buf_reset(&b);
        int over = 0;
        lineno++;
        c = line_next(l, &b, r->max, &over);
        if (b.failed) { rc = reject(r, lineno, "out of memory"); ak_buf_free(&b); b = (ak_buf)AK_BUF_INIT; continue; }
        if (c == EOF && b.len == 0 && !over) break;
        if (over) {
            char why[96];
            snprintf(why, sizeof why, "record larger than %zu bytes", r->max);
            rc = reject(r, lineno, why);
            continue;
        }
        while (b.len > 0 && b.data[b.len - 1] == '\r') b.len--;
        if (only_space(b.data ? b.data : "", b.len)) continue; /* blank lines are allowed */
        ak_article a;
        memset(&a, 0, sizeof a);
        char why[256];
        if (ak_jsonl_parse(b.data, b.len, &a, why, sizeof why) != AK_OK)
            rc = reject(r, lineno, why);
        else
            rc = deliver(r, &a, lineno);
    }
    if (rc == 0 && ferror(f)) rc = reject(r, lineno, "read error");
    ak_buf_free(&b);
    free(l);
    return rc;
}

/* A whole file (or stream) up to max bytes; *over set when it is larger. */
static int slurp(FILE *f, size_t max, ak_buf *b, int *over)
{
    char chunk[65536];
    size_t k;
    *over = 0;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b->len + k > max) { *over = 1; return AK_OK; }
        ak_buf_append(b, chunk, k);
    }
    if (ferror(f)) return AK_EIO;
    return b->failed ? AK_ENOMEM : AK_OK;
}

/* The file name without folders and extension: the article id of a file. */
static char *base_id(const char *path)
{
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    const char *dot = strrchr(s, '.');
    size_t n = dot && dot != s ? (size_t)(dot - s) : strlen(s);
    return dup_n(s, n);
}

/* One text or HTML article from a whole buffer. */
static int one_article(rd *r, FILE *f, int is_html, char *id)
{
    ak_buf b = AK_BUF_INIT;
    int over = 0;
    int rc = slurp(f, r->max, &b, &over);
    char why[96];
    if (rc != AK_OK || over) {
        if (over) snprintf(why, sizeof why, "record larger than %zu bytes", r->max);
        else snprintf(why, sizeof why, "%s", rc == AK_EIO ? "read error" : "out of memory");
        ak_buf_free(&b);
        free(id);
        return reject(r, 0, why);
    }
    const char *s = b.data ? b.data : "";
    const char *z = memchr(s, '\0', b.len);
    if (z) {
        snprintf(why, sizeof why, "binary file (NUL byte at byte %zu)", (size_t)(z - s));
        ak_buf_free(&b);
        free(id);
        return reject(r, 0, why);
    }
    size_t bad = 0;
    if (!ak_utf8_valid(s, b.len, &bad)) {
        snprintf(why, sizeof why, "invalid UTF-8 at byte %zu", bad);
        ak_buf_free(&b);
        free(id);
        return reject(r, 0, why);
    }
    ak_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    if (is_html) {
        rc = ak_html_extract(s, b.len, &a.raw, &a.raw_len);
        ak_buf_free(&b);
        if (rc != AK_OK) { ak_article_clear(&a); return reject(r, 0, "HTML could not be read"); }
    } else {
        ak_buf_cstr(&b);
        a.raw = ak_buf_detach(&b, &a.raw_len);
        if (a.raw) a.raw_len = ak_charref_decode(a.raw, a.raw_len);
    }
    if (only_space(a.raw, a.raw_len)) {
        ak_article_clear(&a);
        return reject(r, 0, "empty text");
    }
    return deliver(r, &a, 0);
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static int read_file(rd *r, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        char why[160];
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
        int rc = reject(r, 0, why);
        return rc ? rc : AK_EIO;
    }
    int rc;
    if (ends_with(path, ".jsonl") || ends_with(path, ".json"))
        rc = read_jsonl(r, f);
    else
        rc = one_article(r, f, ends_with(path, ".html") || ends_with(path, ".htm"), base_id(path));
    fclose(f);
    return rc;
}

static int wanted(const char *name)
{
    return ends_with(name, ".txt") || ends_with(name, ".html") || ends_with(name, ".htm") ||
           ends_with(name, ".jsonl");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Directories recursively, entries in byte order of their names (deterministic). */
static int read_dir(rd *r, const char *path, int depth)
{
    struct dirent **ents = NULL;
    int n = scandir(path, &ents, NULL, by_name);
    if (n < 0) {
        r->origin = path;
        return reject(r, 0, "cannot read directory");
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = ents[i]->d_name;
        if (rc == 0 && nm[0] != '.') {
            ak_buf p = AK_BUF_INIT;
            ak_buf_printf(&p, "%s/%s", path, nm);
            const char *full = ak_buf_cstr(&p);
            struct stat st;
            if (!p.failed && stat(full, &st) == 0) {
                if (S_ISDIR(st.st_mode) && depth < 64) {
                    rc = read_dir(r, full, depth + 1);
                } else if (S_ISREG(st.st_mode) && wanted(nm)) {
                    r->origin = full;
                    int e = read_file(r, full);
                    if (e != AK_EIO) rc = e;
                }
            }
            ak_buf_free(&p);
        }
        free(ents[i]);
    }
    free(ents);
    return rc;
}

/* stdin: JSONL when it starts with '{', else one text article. */
static int read_stdin(rd *r)
{
    int c;
    while ((c = getc(stdin)) == ' ' || c == '\n' || c == '\r' || c == '\t') {}
    if (c == EOF) return reject(r, 0, "empty text");
    ungetc(c, stdin);
    if (c == '{') return read_jsonl(r, stdin);
    return one_article(r, stdin, 0, NULL);
}

int ak_read_path(const char *path, size_t max_record, ak_record_fn fn, void *ctx)
{
    ak_limits lim;
    ak_limits_get(&lim); /* 0: the process-wide limit ($AKHBAR_MAX_RECORD), 10 MB unless set */
    rd r = {path, max_record ? max_record : lim.max_record, fn, ctx};
    if (strcmp(path, "-") == 0) {
        r.origin = "<stdin>";
        return read_stdin(&r);
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        char why[160];
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
        int rc = reject(&r, 0, why);
        return rc ? rc : AK_EIO;
    }
    if (S_ISDIR(st.st_mode)) return read_dir(&r, path, 0);
    return read_file(&r, path);
}
