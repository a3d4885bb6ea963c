/* ner.c: the named-entity tagger at run time: model file, Viterbi decoding,
 * a tokenizer with sentence ends, and mentions with code-point offsets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "ner/ner_internal.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

/* ---- model file: magic, version, counts, transitions, sparse int16 rows,
 * lexicon keys, then a 64-bit checksum of everything before it (little endian) ---- */
static const char MAGIC[8] = {'A', 'K', 'N', 'E', 'R', 'M', 'D', 'L'};
#define NER_VERSION 3u
#define NER_VERSION_STACKED 4u
#define NER_MAX_WINDOW 1000u
#define HEADER_BYTES (8 + 4 * 7)

static void put32(ak_buf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    ak_buf_append(b, c, 4);
}
static void put64(ak_buf *b, uint64_t v)
{
    put32(b, (uint32_t)v);
    put32(b, (uint32_t)(v >> 32));
}
static void putf(ak_buf *b, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put32(b, v);
}
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const unsigned char *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }
static float getf(const unsigned char *p)
{
    uint32_t v = get32(p);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

/* Version 3: one stage. Version 4: a stacked second stage; the header adds its
 * weight scale and window, a second transition table follows the first, and each
 * row holds both stages' weights. */
static float stage_scale(const float *w)
{
    float maxw = 0;
    for (size_t i = 0; i < (size_t)NER_NBUCKETS * NER_NTAGS; i++) {
        float a = w[i] < 0 ? -w[i] : w[i];
        if (a > maxw) maxw = a;
    }
    return maxw > 0 ? maxw / 32767.0f : 1.0f;
}

static int16_t quantize(float w, float scale)
{
    float v = w / scale;
    return (int16_t)(v < 0 ? v - 0.5f : v + 0.5f);
}

int ner_model_save(const struct ak_ner *m, const char *path)
{
    const float *w[2] = {m->w, m->w2};
    unsigned stages = m->w2 ? 2 : 1;
    float scale[2] = {stage_scale(m->w), m->w2 ? stage_scale(m->w2) : 1.0f};
    ak_buf b = AK_BUF_INIT;
    ak_buf rows = AK_BUF_INIT;
    uint32_t nrows = 0;
    for (uint32_t k = 0; k < NER_NBUCKETS; k++) {
        int16_t q[2 * NER_NTAGS];
        int any = 0;
        for (unsigned st = 0; st < stages; st++)
            for (int t = 0; t < NER_NTAGS; t++) {
                q[st * NER_NTAGS + t] = quantize(w[st][(size_t)k * NER_NTAGS + t], scale[st]);
                any |= q[st * NER_NTAGS + t] != 0;
            }
        if (!any) continue;
        put32(&rows, k);
        for (unsigned t = 0; t < stages * NER_NTAGS; t++) {
            unsigned char c[2] = {(unsigned char)(uint16_t)q[t], (unsigned char)((uint16_t)q[t] >> 8)};
            ak_buf_append(&rows, c, 2);
        }
        nrows++;
    }
    ak_buf_append(&b, MAGIC, 8);
    put32(&b, stages == 2 ? NER_VERSION_STACKED : NER_VERSION);
    put32(&b, NER_BITS);
    putf(&b, scale[0]);
    put32(&b, nrows);
    put32(&b, (uint32_t)m->lex.n);
    put32(&b, (uint32_t)m->tlex.n);
    put32(&b, (uint32_t)m->clex.n);
    if (stages == 2) {
        putf(&b, scale[1]);
        put32(&b, m->window);
    }
    for (int i = 0; i <= NER_NTAGS; i++)
        for (int t = 0; t < NER_NTAGS; t++) putf(&b, m->trans[i][t]);
    if (stages == 2)
        for (int i = 0; i <= NER_NTAGS; i++)
            for (int t = 0; t < NER_NTAGS; t++) putf(&b, m->trans2[i][t]);
    ak_buf_append(&b, rows.data, rows.len);
    for (size_t i = 0; i < m->lex.n; i++) put64(&b, m->lex.keys[i]);
    for (size_t i = 0; i < m->tlex.n; i++) put64(&b, m->tlex.keys[i]);
    for (size_t i = 0; i < m->clex.n; i++) put64(&b, m->clex.keys[i]);
    ak_buf_free(&rows);
    if (b.failed) { ak_buf_free(&b); return ak_set_error(AK_ENOMEM, "out of memory"); }
    put64(&b, ner_hash(b.data, b.len, 1));
    FILE *f = fopen(path, "wb");
    if (!f) { ak_buf_free(&b); return ak_set_error(AK_EIO, "%s: cannot write", path); }
    int ok = fwrite(b.data, 1, b.len, f) == b.len;
    ok &= fclose(f) == 0;
    ak_buf_free(&b);
    return ok ? AK_OK : ak_set_error(AK_EIO, "%s: write failed", path);
}

/* 1 on a little-endian machine: the file's int16 weights can be read in place. */
static int little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* keep: the caller keeps d for the model's life (m->file), so the rows can be read
 * where they lie. */
static int model_read(struct ak_ner *m, const unsigned char *d, size_t len, const char *name, int keep)
{
    const size_t trans_bytes = (NER_NTAGS + 1) * NER_NTAGS * 4;
    if (len < HEADER_BYTES + trans_bytes + 8 || memcmp(d, MAGIC, 8))
        return ak_set_error(AK_EPARSE, "%s: not an akhbar NER model (bad magic or too short)", name);
    uint32_t version = get32(d + 8);
    if (version != NER_VERSION && version != NER_VERSION_STACKED)
        return ak_set_error(AK_EPARSE, "%s: model version %u, expected %u or %u", name, version, NER_VERSION,
                            NER_VERSION_STACKED);
    unsigned stages = version == NER_VERSION_STACKED ? 2 : 1;
    const size_t head = HEADER_BYTES + (stages == 2 ? 8 : 0), row = 4 + 2 * NER_NTAGS * stages;
    if (get32(d + 12) != NER_BITS)
        return ak_set_error(AK_EPARSE, "%s: model has %u hash bits, expected %u", name, get32(d + 12), NER_BITS);
    float scale[2] = {getf(d + 16), 1.0f};
    uint64_t nrows = get32(d + 20), nlex = get32(d + 24), ntlex = get32(d + 28), nclex = get32(d + 32);
    if (len < head + stages * trans_bytes + 8 || nrows > NER_NBUCKETS ||
        len != head + stages * trans_bytes + nrows * row + (nlex + ntlex + nclex) * 8 + 8)
        return ak_set_error(AK_EPARSE, "%s: truncated or oversized model (%zu bytes)", name, len);
    if (get64(d + len - 8) != ner_hash(d, len - 8, 1))
        return ak_set_error(AK_EPARSE, "%s: checksum mismatch at byte %zu", name, len - 8);
    if (stages == 2) {
        scale[1] = getf(d + HEADER_BYTES);
        m->window = get32(d + HEADER_BYTES + 4);
        if (m->window > NER_MAX_WINDOW)
            return ak_set_error(AK_EPARSE, "%s: second-stage window %u over %u", name, m->window, NER_MAX_WINDOW);
    }
    for (unsigned st = 0; st < stages; st++)
        if (!(scale[st] > 0 && scale[st] < 1e6f)) return ak_set_error(AK_EPARSE, "%s: bad weight scale", name);
    m->stages = stages;
    m->stride = NER_NTAGS * stages;
    const unsigned char *p = d + head;
    for (int i = 0; i <= NER_NTAGS; i++)
        for (int t = 0; t < NER_NTAGS; t++, p += 4) m->trans[i][t] = getf(p);
    if (stages == 2)
        for (int i = 0; i <= NER_NTAGS; i++)
            for (int t = 0; t < NER_NTAGS; t++, p += 4) m->trans2[i][t] = getf(p);
    m->has = calloc(NER_NBUCKETS / 64, sizeof *m->has);
    m->rank = malloc(NER_NBUCKETS / 64 * sizeof *m->rank);
    m->lex.keys = malloc(nlex ? nlex * 8 : 1);
    m->tlex.keys = malloc(ntlex ? ntlex * 8 : 1);
    m->clex.keys = malloc(nclex ? nclex * 8 : 1);
    if (!m->has || !m->rank || !m->lex.keys || !m->tlex.keys || !m->clex.keys)
        return ak_set_error(AK_ENOMEM, "out of memory loading %s", name);
    /* which buckets have a row; in bucket order (as the trainer writes them) a row's
     * id is its place in the file */
    int ordered = 1;
    for (uint64_t r = 0; r < nrows; r++) {
        uint32_t k = get32(p + r * row);
        if (k >= NER_NBUCKETS)
            return ak_set_error(AK_EPARSE, "%s: bucket out of range at byte %zu", name, (size_t)(p + r * row - d));
        if (r && k <= get32(p + (r - 1) * row)) ordered = 0;
        m->has[k >> 6] |= 1ull << (k & 63);
    }
    uint32_t have = 0;
    for (size_t i = 0; i < NER_NBUCKETS / 64; i++) {
        m->rank[i] = have;
        have += (uint32_t)ner_popcount64(m->has[i]);
    }
    m->scale[0] = scale[0];
    m->scale[1] = scale[1];
    if (keep && ordered && little_endian() && !((uintptr_t)(p + 4) & 1)) {
        m->rows = (const int16_t *)(const void *)(p + 4); /* the file's bytes are the weights */
        m->pitch = row / 2;
    } else {
        m->own_rows = calloc(have ? (size_t)have * m->stride : 1, sizeof *m->own_rows);
        if (!m->own_rows) return ak_set_error(AK_ENOMEM, "out of memory loading %s", name);
        for (uint64_t r = 0; r < nrows; r++) { /* a bucket given twice: the last row counts */
            const unsigned char *q = p + r * row;
            int16_t *w = m->own_rows + (size_t)(ner_row_id(m, get32(q)) - 1) * m->stride;
            for (unsigned t = 0; t < m->stride; t++) w[t] = (int16_t)(uint16_t)(q[4 + 2 * t] | q[5 + 2 * t] << 8);
        }
        m->rows = m->own_rows;
        m->pitch = m->stride;
    }
    p += nrows * row;
    for (uint64_t i = 0; i < nlex; i++, p += 8) m->lex.keys[i] = get64(p);
    m->lex.n = m->lex.cap = nlex;
    for (uint64_t i = 0; i < ntlex; i++, p += 8) m->tlex.keys[i] = get64(p);
    m->tlex.n = m->tlex.cap = ntlex;
    for (uint64_t i = 0; i < nclex; i++, p += 8) m->clex.keys[i] = get64(p);
    m->clex.n = m->clex.cap = nclex;
    int rc = ner_lex_index(&m->lex);
    if (!rc) rc = ner_lex_index(&m->tlex);
    if (!rc) rc = ner_lex_index(&m->clex);
    return rc;
}

int ner_model_read(struct ak_ner *m, const unsigned char *d, size_t len, const char *name)
{
    return model_read(m, d, len, name, 0);
}

/* The size of the regular file f, 0 when unknown. */
static size_t file_size(FILE *f)
{
    struct stat sb;
    if (fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode) || sb.st_size <= 0 || (uint64_t)sb.st_size >= SIZE_MAX)
        return 0;
    return (size_t)sb.st_size;
}

/* A buffer of n bytes whose pages are made at once (one call instead of a page
 * fault for each of a model's ~1,300 pages: faults are what a load spends most
 * on); NULL when that cannot be done here. Freed with munmap. */
static unsigned char *map_buffer(size_t n)
{
#if defined(MAP_ANONYMOUS) && defined(MAP_POPULATE)
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
#else
    (void)n;
    return NULL;
#endif
}

/* f read whole into a buffer of its own: a file of known size in one go, into
 * mapped pages (*mapped = that size) when it can, else a growing buffer; NULL
 * when memory runs out. */
static unsigned char *read_file(FILE *f, size_t *n_out, size_t *mapped)
{
    size_t size = file_size(f);
    *mapped = 0;
    unsigned char *m = size ? map_buffer(size + 1) : NULL;
    if (m) {
        size_t n = fread(m, 1, size + 1, f);
        if (n == size) {
            *n_out = n;
            *mapped = size + 1;
            return m;
        }
        munmap(m, size + 1); /* the file changed size: read it again as a stream */
        rewind(f);
    }
    unsigned char *d = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : size ? size + 1 : 1 << 20;
            unsigned char *g = realloc(d, cap);
            if (!g) { free(d); return NULL; }
            d = g;
        }
        size_t r = fread(d + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    *n_out = n;
    return d;
}

AK_API int ak_ner_load_mem(ak_ner **out, const void *data, size_t len)
{
    if (!out || (!data && len)) return ak_set_error(AK_EINVAL, "ak_ner_load_mem: null argument");
    *out = NULL;
    ak_ner *m = calloc(1, sizeof *m);
    if (!m) return ak_set_error(AK_ENOMEM, "out of memory");
    int rc = ner_model_read(m, data ? data : "", len, "model");
    if (rc) { ak_ner_free(m); return rc; }
    *out = m;
    return AK_OK;
}

AK_API int ak_ner_load(ak_ner **out, const char *path)
{
    char def[4096];
    if (!out) return ak_set_error(AK_EINVAL, "ak_ner_load: null argument");
    *out = NULL;
    if (!path) {
        const char *dir = getenv("AKHBAR_DATA");
#ifdef AK_DATA_DIR
        if (!dir || !*dir) dir = AK_DATA_DIR;
#endif
        if (!dir || !*dir) dir = "data";
        snprintf(def, sizeof def, "%s/ner.model", dir);
        path = def;
    }
    FILE *f = fopen(path, "rb");
    if (!f) return ak_set_error(AK_EIO, "%s: cannot open the NER model (run `make model`)", path);
    size_t n = 0, mapped;
    unsigned char *d = read_file(f, &n, &mapped);
    if (!d) { fclose(f); return ak_set_error(AK_ENOMEM, "out of memory"); }
    int err = ferror(f);
    fclose(f);
    ak_ner *m = err ? NULL : calloc(1, sizeof *m);
    int rc = err ? ak_set_error(AK_EIO, "%s: read error", path)
           : m   ? model_read(m, d, n, path, 1)
                 : ak_set_error(AK_ENOMEM, "out of memory");
    if (!rc && !m->own_rows) { /* the rows are read in the file's bytes: kept */
        m->file = d;
        m->file_mapped = mapped;
    } else if (mapped) {
        munmap(d, mapped);
    } else {
        free(d);
    }
    if (rc) { ak_ner_free(m); return rc; }
    *out = m;
    return AK_OK;
}

AK_API void ak_ner_set_bodies(ak_ner *m, int on)
{
    if (m) m->no_bodies = !on;
}

AK_API void ak_ner_free(ak_ner *m)
{
    if (!m) return;
    free(m->w);
    free(m->has);
    free(m->rank);
    free(m->own_rows);
    if (m->file_mapped) munmap(m->file, m->file_mapped);
    else free(m->file);
    ner_lex_free(&m->lex);
    ner_lex_free(&m->tlex);
    ner_lex_free(&m->clex);
    free(m);
}

AK_API const char *ak_ner_tag_name(int tag)
{
    return tag >= 0 && tag < NER_NTAGS ? ner_tag_names[tag] : "O";
}

int ner_tag_parse(const char *s, size_t n)
{
    if (n == 1 && s[0] == 'O') return NER_O;
    if (n < 3 || (s[0] != 'B' && s[0] != 'I') || s[1] != '-') return -1;
    for (int t = 0; t < NER_NTYPES; t++) {
        size_t l = strlen(ner_type_names[t]);
        if ((n - 2 == l && !memcmp(s + 2, ner_type_names[t], l)) ||
            (t == 0 && n - 2 == 4 && !memcmp(s + 2, "PERS", 4)))
            return 1 + 2 * t + (s[0] == 'I');
    }
    return -1;
}

/* ---- decoding ---- */

/* I-X may only follow B-X or I-X: the BIO grammar is a hard constraint. */
static int allowed(int prev, int t)
{
    if (t == 0 || (t & 1)) return 1;
    return prev == t || prev == t - 1;
}

/* One Viterbi column: token i with emission scores em. */
static void viterbi_step(const float trans[NER_NTAGS + 1][NER_NTAGS], const float *em, size_t i, float *score,
                         uint8_t *back)
{
    float *s = score + i * NER_NTAGS;
    for (int t = 0; t < NER_NTAGS; t++) {
        if (i == 0) {
            s[t] = allowed(-1, t) ? em[t] + trans[NER_NTAGS][t] : -1e30f;
            back[t] = 0;
            continue;
        }
        const float *ps = s - NER_NTAGS;
        float best = -3e38f;
        int arg = 0;
        /* the tags allowed before t, in increasing order: all, or B-X and I-X */
        int p0 = allowed(0, t) ? 0 : t - 1, p1 = allowed(0, t) ? NER_NTAGS - 1 : t;
        for (int p = p0; p <= p1; p++) {
            float v = ps[p] + trans[p][t];
            if (v > best) { best = v; arg = p; }
        }
        s[t] = best + em[t];
        back[i * NER_NTAGS + t] = (uint8_t)arg;
    }
}

/* The best last tag, then back along the pointers. */
static void viterbi_back(const float *score, const uint8_t *back, size_t n, uint8_t *tags)
{
    const float *last = score + (n - 1) * NER_NTAGS;
    int t = 0;
    for (int k = 1; k < NER_NTAGS; k++)
        if (last[k] > last[t]) t = k;
    for (size_t i = n; i-- > 0;) {
        tags[i] = (uint8_t)t;
        t = back[i * NER_NTAGS + t];
    }
}

/* Over a dense weight table (the trainer's). */
void ner_viterbi(const float *w, const float trans[NER_NTAGS + 1][NER_NTAGS], const uint32_t *feats,
                 const uint8_t *nf, size_t n, uint8_t *tags, void *scratch)
{
    if (!n) return;
    float *score = scratch;                            /* n * NTAGS */
    uint8_t *back = (uint8_t *)(score + n * NER_NTAGS); /* n * NTAGS */
    for (size_t i = 0; i < n; i++) {
        float em[NER_NTAGS] = {0};
        const uint32_t *f = feats + i * NER_MAXFEAT;
#if defined(__GNUC__)
        /* the weight rows are scattered over 37 MB: fetch the next token's early */
        if (i + 1 < n)
            for (unsigned j = 0; j < nf[i + 1]; j++)
                __builtin_prefetch(w + (size_t)f[NER_MAXFEAT + j] * NER_NTAGS);
#endif
        for (unsigned j = 0; j < nf[i]; j++) {
            const float *r = w + (size_t)f[j] * NER_NTAGS;
            for (int t = 0; t < NER_NTAGS; t++) em[t] += r[t];
        }
        viterbi_step(trans, em, i, score, back);
    }
    viterbi_back(score, back, n, tags);
}

/* The rows of features [j0, nf) of a token (row ids) that the model has, in feature
 * order; the part of each that will be read ([off, off + len) weights) is fetched
 * ahead of its use. */
static unsigned token_rows(const ak_ner *m, unsigned off, unsigned len, const uint32_t *f, unsigned j0, unsigned nf,
                           const int16_t **rows)
{
    unsigned k = 0;
    for (unsigned j = j0; j < nf; j++) {
        if (!f[j]) continue;
        const int16_t *r = m->rows + (size_t)(f[j] - 1) * m->pitch;
#if defined(__GNUC__)
        __builtin_prefetch(r + off);
        __builtin_prefetch(r + off + len - 1);
#endif
        rows[k++] = r;
    }
    return k;
}

/* A month name is a date, never part of a name ("منتصف نيسان أبريل": Nissan the car
 * maker shares its word clusters in news that calls April أبريل); the path around
 * it is decided with it fixed to O. */
static void month_rule(const uint64_t *keys, size_t i, float *em)
{
    if (keys && (keys[i] & NER_KEY_MONTH))
        for (int t = 1; t < NER_NTAGS; t++) em[t] = -1e9f;
}

/* The first stage over a sentence of n tokens (the features as row ids; the
 * scratch's word cache is made with the model). Same sums in the same order as
 * over the dense table: a bucket without a row adds zeros, which change no sum (a
 * sum started at +0 is never -0); a weight is q * scale, the float the trainer's
 * quantized table holds. With a second stage, the same pass over a
 * token's rows sums their second halves too, in the same order, into base2 (slot
 * (a + i) & mask for token i): the second stage only adds its stacked features. */
static void stage1_sentence(const ak_ner *m, const uint32_t *feats, const uint8_t *nf, const uint64_t *keys,
                            size_t n, uint8_t *tags, void *scratch, float *base2, size_t a, size_t mask)
{
    if (!n) return;
    float *score = scratch;
    uint8_t *back = (uint8_t *)(score + n * NER_NTAGS);
    const int16_t *rows[2][NER_MAXFEAT];
    unsigned nr[2];
    unsigned two = base2 != NULL;
    const float s1 = m->scale[0], s2 = m->scale[1];
    nr[0] = token_rows(m, 0, m->stride, feats, 0, nf[0], rows[0]);
    for (size_t i = 0; i < n; i++) {
        /* the next token's rows are looked up (and fetched) while these are summed */
        if (i + 1 < n)
            nr[(i + 1) & 1] = token_rows(m, 0, m->stride, feats + (i + 1) * NER_MAXFEAT, 0, nf[i + 1],
                                         rows[(i + 1) & 1]);
        float em[NER_NTAGS] = {0}, e2[NER_NTAGS] = {0};
        const int16_t *const *r = rows[i & 1];
        if (two)
            for (unsigned j = 0; j < nr[i & 1]; j++) {
                for (int t = 0; t < NER_NTAGS; t++) em[t] += (float)r[j][t] * s1;
                for (int t = 0; t < NER_NTAGS; t++) e2[t] += (float)r[j][NER_NTAGS + t] * s2;
            }
        else
            for (unsigned j = 0; j < nr[i & 1]; j++)
                for (int t = 0; t < NER_NTAGS; t++) em[t] += (float)r[j][t] * s1;
        if (two) memcpy(base2 + ((a + i) & mask) * NER_NTAGS, e2, sizeof e2);
        month_rule(keys, i, em);
        viterbi_step(m->trans, em, i, score, back);
    }
    viterbi_back(score, back, n, tags);
}

/* The second stage over a sentence: its sums over the first stage's features
 * (base2), then the stacked features (feats[i * NER_MAXFEAT + nf0[i] ..
 * + nf[i]]), then Viterbi with its own transitions. */
static void stage2_sentence(const ak_ner *m, const uint32_t *feats, const uint8_t *nf0, const uint8_t *nf,
                            const uint64_t *keys, size_t n, uint8_t *tags, void *scratch, const float *base2,
                            size_t a, size_t mask)
{
    if (!n) return;
    float *score = scratch;
    uint8_t *back = (uint8_t *)(score + n * NER_NTAGS);
    const int16_t *rows[2][NER_MAXFEAT];
    unsigned nr[2];
    const float s2 = m->scale[1];
    nr[0] = token_rows(m, NER_NTAGS, NER_NTAGS, feats, nf0[a & mask], nf[0], rows[0]);
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n)
            nr[(i + 1) & 1] = token_rows(m, NER_NTAGS, NER_NTAGS, feats + (i + 1) * NER_MAXFEAT,
                                         nf0[(a + i + 1) & mask], nf[i + 1], rows[(i + 1) & 1]);
        float em[NER_NTAGS];
        memcpy(em, base2 + ((a + i) & mask) * NER_NTAGS, sizeof em);
        const int16_t *const *r = rows[i & 1];
        for (unsigned j = 0; j < nr[i & 1]; j++)
            for (int t = 0; t < NER_NTAGS; t++) em[t] += (float)r[j][NER_NTAGS + t] * s2;
        month_rule(keys, i, em);
        viterbi_step(m->trans2, em, i, score, back);
    }
    viterbi_back(score, back, n, tags);
}

/* Per-call scratch, grown as sentences need it (never per token). */
typedef struct scratch {
    uint32_t *feats;
    uint8_t *nf, *tags;
    void *vit;
    size_t cap;
    ner_wcache *words; /* forms of the call's distinct words */
    int borrowed;      /* words is the caller's */
} scratch;

static int scratch_need(const ak_ner *m, scratch *s, size_t n)
{
    if (!s->words && !(s->words = ner_wcache_new(m, 0))) return ak_set_error(AK_ENOMEM, "out of memory");
    if (n <= s->cap) return AK_OK;
    size_t cap = n < 64 ? 64 : n;
    free(s->feats); free(s->nf); free(s->tags); free(s->vit);
    s->feats = malloc(cap * NER_MAXFEAT * sizeof *s->feats);
    s->nf = malloc(cap);
    s->tags = malloc(cap);
    s->vit = malloc(cap * NER_NTAGS * (sizeof(float) + 1));
    s->cap = (s->feats && s->nf && s->tags && s->vit) ? cap : 0;
    return s->cap ? AK_OK : ak_set_error(AK_ENOMEM, "out of memory");
}

static void scratch_free(scratch *s)
{
    free(s->feats); free(s->nf); free(s->tags); free(s->vit);
    if (!s->borrowed) ner_wcache_free(s->words);
}

/* The second stage's state over a text: the stacked features' window, its tags,
 * and a ring of the first stage's per-token results it still needs (the sums of
 * base2 and the feature counts nf0, slot i & mask for token i): sentence k is
 * tagged again once the first stage has tagged sentence k + window, so the ring
 * holds the tokens of window + 1 sentences, not the whole text. */
typedef struct stage2 {
    ner_stack *sk;
    uint8_t *tags;
    float *base2;
    uint8_t *nf0;
    size_t mask, next; /* next: the next sentence the second stage tags */
} stage2;

static void stage2_free(stage2 *g)
{
    ner_stack_free(g->sk);
    free(g->tags); free(g->base2); free(g->nf0);
}

static int stage2_init(const ak_ner *m, stage2 *g, const size_t *st, size_t ns, const uint8_t *all,
                       const uint64_t *keys)
{
    size_t most = 1, cap = 64;
    for (size_t k = 0; k < ns; k++) {
        size_t e = k + m->window + 1 < ns ? k + m->window + 1 : ns;
        if (st[e] - st[k] > most) most = st[e] - st[k];
    }
    while (cap < most) cap *= 2;
    g->mask = cap - 1;
    g->sk = ner_stack_new(keys, all, st, 0, ns, m->window);
    g->tags = malloc(st[ns] ? st[ns] : 1);
    g->base2 = malloc(cap * NER_NTAGS * sizeof *g->base2);
    g->nf0 = malloc(cap);
    if (g->sk && g->tags && g->base2 && g->nf0) return AK_OK;
    stage2_free(g);
    return ak_set_error(AK_ENOMEM, "out of memory");
}

/* The second stage over sentence k (the first stage is done up to k + window). */
static void stage2_step(const ak_ner *m, stage2 *g, const size_t *st, size_t k, scratch *s, const uint64_t *keys)
{
    size_t a = st[k], n = st[k + 1] - a;
    for (size_t i = 0; i < n; i++) s->nf[i] = g->nf0[(a + i) & g->mask];
    ner_stack_sentence(g->sk, k, s->feats, s->nf, m);
    stage2_sentence(m, s->feats, g->nf0, s->nf, keys + a, n, g->tags + a, s->vit, g->base2, a, g->mask);
}

/* Tags the sentences of t (sentence k is tokens st[k] .. st[k + 1]) into all. With
 * a second stage, the first stage's tags of the sentences around give the stacked
 * features, and the second stage tags each sentence again, window sentences
 * behind the first (the features of a token are computed once: one pass over
 * their rows sums both stages' weights). */
static int tag_text(const ak_ner *m, const ner_tok *t, const size_t *st, size_t ns, scratch *s, uint8_t *all,
                    uint64_t *keys)
{
    stage2 g = {0};
    int two = m->stages == 2 && ns;
    int rc = scratch_need(m, s, 0);
    if (!rc && !s->borrowed) ner_wcache_reserve(s->words, st[ns] / 2); /* about half the tokens are new words */
    if (!rc && two) rc = stage2_init(m, &g, st, ns, all, keys);
    for (size_t k = 0; k < ns && !rc; k++) {
        size_t a = st[k], n = st[k + 1] - a;
        if ((rc = scratch_need(m, s, n))) break;
        ner_features_cached(&m->lex, &m->tlex, &m->clex, t + a, n, s->feats, s->nf, s->words, keys + a);
        stage1_sentence(m, s->feats, s->nf, keys + a, n, all + a, s->vit, g.base2, a, g.mask);
        if (!two) continue;
        for (size_t i = 0; i < n; i++) g.nf0[(a + i) & g.mask] = s->nf[i];
        for (; g.next + m->window <= k; g.next++) stage2_step(m, &g, st, g.next, s, keys);
    }
    if (!two) return rc;
    for (; !rc && g.next < ns; g.next++) stage2_step(m, &g, st, g.next, s, keys);
    if (!rc) memcpy(all, g.tags, st[ns]);
    stage2_free(&g);
    return rc;
}

/* Document pass: a word the training data never showed, tagged as part of an
 * entity of one type somewhere in the text, gets that type where it was left O
 * ("قال ديمورا" ... "ديمورا أن"). Words tagged with two types are left alone. */
typedef struct dslot { uint64_t key; int8_t type; } dslot;

/* Slot of key k in the open-addressing table h (cap a power of two). */
static size_t dfind(const dslot *h, size_t cap, uint64_t k)
{
    size_t j = (size_t)(k >> 20) & (cap - 1);
    while (h[j].key && h[j].key != k) j = (j + 1) & (cap - 1);
    return j;
}

enum { SPAN_MAX = 4 };

/* Key of the word sequence wk[i..i+m), never 0. */
static uint64_t span_key(const uint64_t *wk, size_t i, size_t m)
{
    uint64_t h = 0x9E3779B97F4A7C15ull * m;
    for (size_t j = 0; j < m; j++) h = ner_hash(&wk[i + j], sizeof *wk, h);
    return h | 1;
}

/* Multi-word names: a sequence of 2-4 words tagged as one entity of one type
 * somewhere in the text gets that type where all of its words were left O
 * ("دينامو كييف" found once, missed later). Sequences tagged with two types
 * are left alone. */
static int propagate_spans(const uint64_t *wk, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    size_t cap = 64;
    while (cap < 2 * n) cap *= 2;
    dslot *h = calloc(cap, sizeof *h);
    if (!h) return ak_set_error(AK_ENOMEM, "out of memory");
    size_t nspan = 0;
    for (size_t i = 0; i < n; i++) {
        if (!tags[i] || !(tags[i] & 1)) continue;
        size_t j = i + 1;
        while (j < n && !sstart[j] && tags[j] == tags[i] + 1) j++;
        if (j - i < 2 || j - i > SPAN_MAX) continue;
        uint64_t k = span_key(wk, i, j - i);
        size_t s = dfind(h, cap, k);
        int ty = (tags[i] - 1) / 2;
        if (!h[s].key) { h[s].key = k; h[s].type = (int8_t)ty; nspan++; }
        else if (h[s].type != ty) h[s].type = -1;
    }
    for (size_t i = 0; i < n && nspan; i++) {
        for (size_t m = SPAN_MAX; m >= 2; m--) {
            if (i + m > n) continue;
            size_t j = 0;
            while (j < m && !tags[i + j] && (j == 0 || !sstart[i + j])) j++;
            if (j < m) continue;
            size_t s = dfind(h, cap, span_key(wk, i, m));
            if (!h[s].key || h[s].type < 0) continue;
            for (j = 0; j < m; j++) tags[i + j] = (uint8_t)(1 + 2 * h[s].type + (j > 0));
            i += m - 1;
            break;
        }
    }
    free(h);
    return AK_OK;
}

/* "رئيس الوزراء العراقي مصطفى الكاظمي": a place adjective opening a person's
 * name belongs to the role before it, not to the name. */
static void trim_place_adjectives(const ak_ner *m, const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    enum { B_PER = 1, I_PER = 2 };
    for (size_t i = 0; i + 1 < n; i++)
        if (tags[i] == B_PER && tags[i + 1] == I_PER && !sstart[i + 1] &&
            ner_is_place_adjective(&m->lex, &m->tlex, t[i].s, t[i].len)) {
            tags[i] = NER_O;
            tags[i + 1] = B_PER;
        }
}

/* "محمد شياع السوداني": a place adjective with ال right after a person's name of two words or
 * more is the family's nisba, not a word about the person (that comes before the name: "الرئيس
 * المصري عبد الفتاح السيسي"); after one word it is as often a club's ("لخويا القطري"). Written
 * with و it starts something else. */
static void join_nisba_surnames(const ak_ner *m, const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    enum { B_PER = 1, I_PER = 2 };
    for (size_t i = 0; i + 1 < n; i++)
        if (tags[i] == I_PER && tags[i + 1] == NER_O && !sstart[i + 1] &&
            t[i + 1].len > 4 && !memcmp(t[i + 1].s, "\xD8\xA7\xD9\x84", 4) &&
            ner_is_place_adjective(&m->lex, &m->tlex, t[i + 1].s, t[i + 1].len))
            tags[i + 1] = I_PER;
}

/* A name of two or three words in the lists (data/gazetteer-*.txt: "ذي قار", "صلاح الدين",
 * "الحشد الشعبي") that the model left wholly O is tagged with the list's type when it has one
 * type only: its words are common words alone (ذي "of", عين "eye"), so the model's context
 * features rarely lift it; written out whole, it is the name. A و/ف and then ب/ل may open it. */
static void listed_names(const ak_ner *m, const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    struct { char f[64]; size_t n; } ring[3]; /* folded forms of tokens i, i+1, i+2 (index % 3) */
    size_t have = 0;                          /* tokens folded so far: each once */
    for (size_t i = 0; i + 1 < n; i++) {
        if (tags[i] != NER_O) continue;
        if (have < i) have = i;
        for (; have < i + 3 && have < n; have++)
            ring[have % 3].n = ner_fold(t[have].s, t[have].len, ring[have % 3].f, sizeof ring[0].f);
        for (size_t len = 3; len >= 2; len--) {
            if (i + len > n) continue;
            size_t j = 1;
            while (j < len && tags[i + j] == NER_O && !sstart[i + j]) j++;
            if (j < len) continue;
            char key[3 * 64];
            size_t k = 0;
            for (j = 0; j < len; j++) {
                if (j) key[k++] = ' ';
                memcpy(key + k, ring[(i + j) % 3].f, ring[(i + j) % 3].n);
                k += ring[(i + j) % 3].n;
            }
            unsigned cl = 0;
            size_t o = 0;
            for (int strip = 0; strip < 3 && !cl; strip++) {
                cl = ner_gazetteer_class(&m->lex, key + o, k - o);
                /* then without و/ف, then without ب/ل as well */
                if (strip == 0 && (!memcmp(key, "\xD9\x88", 2) || !memcmp(key, "\xD9\x81", 2))) o = 2;
                else if (!memcmp(key + o, "\xD8\xA8", 2) || !memcmp(key + o, "\xD9\x84", 2)) o += 2;
                else break;
            }
            if (!cl || (cl & (cl - 1))) continue; /* none, or more than one type */
            int type = 0;
            while (!(cl >> type & 1)) type++;
            for (j = 0; j < len; j++) tags[i + j] = (uint8_t)(j ? 2 + 2 * type : 1 + 2 * type);
            i += len - 1;
            break;
        }
    }
}

/* "عبدالعزيز بجدة", "بجيبوتي": a person's name that ends on ب/ل + a known place ends before
 * it; the place is one of its own (a name is never written with a preposition on its last word). */
static void cut_clitic_places(const ak_ner *m, const ner_tok *t, size_t n, uint8_t *tags)
{
    enum { B_PER = 1, I_PER = 2, B_LOC = 5 };
    for (size_t i = 0; i < n; i++)
        if ((tags[i] == B_PER || tags[i] == I_PER) && (i + 1 == n || tags[i + 1] != I_PER) &&
            ner_is_clitic_place(&m->lex, t[i].s, t[i].len))
            tags[i] = B_LOC;
}

/* "آل" (the family particle) ends no name: a person's name that stops on it, or just before
 * it, goes on to the family's name after it ("أحمد بن علي" + "آل مريع"; "سلمان بن عبدالعزيز
 * آل" + "سعود" tagged as a second name), and ends there unless a nisba follows ("آل طالع
 * العسيري"; not "آل سعود برقية"). Not before a preposition: "آل إلى" is the verb. */
static int tok_is(const ner_tok *t, const char *w) { return t->len == strlen(w) && !memcmp(t->s, w, t->len); }

/* "علي فرحان الدليمي" tagged from فرحان: a listed given name (data/gazetteer-per.txt) the model
 * left O right before a person's name is the name's first word. Not على written with ى or the
 * Persian ی (the preposition), باسم (on behalf of), a month that is also a name (رمضان), or a word with ال
 * ("السلطان قابوس": a title; the list's one-word entries match without their ال). */
static int given_name_before(const ak_ner *m, const ner_tok *t)
{
    static const char *const not_names[] = {"على", "علی", "باسم", "رمضان", "شعبان", "رجب"};
    for (size_t k = 0; k < sizeof not_names / sizeof not_names[0]; k++)
        if (tok_is(t, not_names[k])) return 0;
    char w[64];
    size_t k = ner_fold(t->s, t->len, w, sizeof w);
    return !(k >= 4 && !memcmp(w, "\xD8\xA7\xD9\x84", 4)) && (ner_gazetteer_class(&m->lex, w, k) & GZ_PER);
}

static void join_given_names(const ak_ner *m, const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    enum { B_PER = 1, I_PER = 2 };
    for (size_t i = 1; i < n; i++) {
        if (tags[i] != B_PER || sstart[i] || tags[i - 1] != NER_O || !given_name_before(m, &t[i - 1])) continue;
        tags[i - 1] = B_PER;
        tags[i] = I_PER;
    }
}

static int family_name_after(const ner_tok *t)
{
    static const char *const preps[] = {"إلى", "الى", "على", "عن", "في", "من"};
    if (t->len < 4 || (unsigned char)t->s[0] < 0xD8 || (unsigned char)t->s[0] > 0xDB) return 0;
    for (size_t k = 0; k < sizeof preps / sizeof preps[0]; k++)
        if (tok_is(t, preps[k])) return 0;
    return 1;
}

/* بن/ابن/بنت end no name either: "خالد بن" + "عبد العزيز" (عبد with the word after it). */
static void close_lineage(const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    enum { B_PER = 1, I_PER = 2 };
    for (size_t i = 1; i + 1 < n; i++) {
        if (!(tags[i] == B_PER || tags[i] == I_PER) || tags[i + 1] == I_PER || sstart[i + 1] ||
            !(tok_is(&t[i], "بن") || tok_is(&t[i], "ابن") || tok_is(&t[i], "بنت")) || !family_name_after(&t[i + 1]))
            continue;
        tags[i + 1] = I_PER;
        if (tok_is(&t[i + 1], "عبد") && i + 2 < n && !sstart[i + 2] && family_name_after(&t[i + 2])) tags[i + 2] = I_PER;
    }
}

static void close_family_names(const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    enum { B_PER = 1, I_PER = 2 };
    close_lineage(t, n, tags, sstart);
    for (size_t i = 1; i + 1 < n; i++) {
        if (!tok_is(&t[i], "آل") || sstart[i] || sstart[i + 1] || !family_name_after(&t[i + 1])) continue;
        int in_name = tags[i] == B_PER || tags[i] == I_PER;
        int after_name = tags[i] == NER_O && (tags[i - 1] == B_PER || tags[i - 1] == I_PER);
        if (!in_name && !after_name) continue;
        if (after_name) tags[i] = I_PER;
        tags[i + 1] = I_PER;
        /* the family's name ends the name but for a nisba (العسيري): "آل سعود برقية" */
        size_t j = i + 2;
        if (j < n && tags[j] == I_PER && !(t[j].len > 4 && !memcmp(t[j].s, "\xD8\xA7\xD9\x84", 4)))
            for (; j < n && tags[j] == I_PER; j++) tags[j] = NER_O;
    }
}

/* "محمد بن نايف وليًا للعهد", "قال كيري مازحاً": a word written with the accusative tanween
 * (ًا, اً) is an adverb or a predicate, never part of a name. */
static int accusative_tanween(const ner_tok *t)
{
    static const char a[] = "\xD9\x8B\xD8\xA7", b[] = "\xD8\xA7\xD9\x8B"; /* ًا, اً */
    return t->len >= 6 && (!memcmp(t->s + t->len - 4, a, 4) || !memcmp(t->s + t->len - 4, b, 4));
}

static void drop_tanween_words(const ner_tok *t, size_t n, uint8_t *tags)
{
    for (size_t i = 0; i < n; i++) {
        if (!tags[i] || !accusative_tanween(&t[i])) continue;
        tags[i] = NER_O;
        if (i + 1 < n && tags[i + 1] && tags[i + 1] % 2 == 0) tags[i + 1]--; /* I -> B: the rest stands alone */
    }
}

/* "قال ناشطون سوريون", "وقال باحثون": people named by what they do, in the plural, are no
 * name; with و/ف or ل/ب before them as well ("وناشطون", "للمسلحين"). */
static int plural_of_people(const ner_tok *t)
{
    static const char *const w[] = {
        "ناشطون", "ناشطين", "نشطاء", "باحثون", "باحثين", "مسلحون", "مسلحين", "معارضون", "معارضين",
        "مراقبون", "مراقبين", "محتجون", "محتجين", "متظاهرون", "متظاهرين", "مواطنون", "مواطنين",
        "مسؤولون", "مسؤولين", "محللون", "محللين", "مغردون", "مغردين", "لاجئون", "لاجئين",
        "مهاجرون", "مهاجرين", "خبراء", "شهود", "سكان", "مستثمرون", "مستثمرين", "مشجعون", "مشجعين",
    };
    size_t o = 0;
    for (int k = 0; k < 2 && t->len > o + 2; k++) { /* a conjunction, then a preposition */
        static const char *const clit[2][2] = {{"و", "ف"}, {"ل", "ب"}};
        if (!memcmp(t->s + o, clit[k][0], 2) || !memcmp(t->s + o, clit[k][1], 2)) o += 2;
    }
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        for (size_t skip = 0; skip <= o; skip += 2)
            if (t->len - skip == strlen(w[i]) && !memcmp(t->s + skip, w[i], t->len - skip)) return 1;
    return 0;
}

static void drop_plurals_of_people(const ner_tok *t, size_t n, uint8_t *tags)
{
    for (size_t i = 0; i < n; i++) {
        if (!tags[i] || !plural_of_people(&t[i])) continue;
        tags[i] = NER_O;
        /* what the span had after it describes them ("ناشطون سوريون"): no name either */
        for (size_t j = i + 1; j < n && tags[j] && tags[j] % 2 == 0; j++) tags[j] = NER_O;
    }
}

/* "والله الهادي إلى سواء السبيل" (the closing line of a ministry's statement), "قال الله تعالى":
 * God's name, with و/ف/ت and ب/ل before it, opening a person's name is no person. Inside a name
 * ("عبد الله", "حسن نصر الله") it is not where the name starts, and stays. */
static int gods_name(const ner_tok *t)
{
    static const char *const w[] = {"الله", "والله", "فالله", "بالله", "وبالله", "تالله", "لله", "ولله", "فلله"};
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
        if (tok_is(t, w[k])) return 1;
    return 0;
}

static void drop_gods_name(const ner_tok *t, size_t n, uint8_t *tags)
{
    enum { B_PER = 1, I_PER = 2 };
    for (size_t i = 0; i < n; i++) {
        if (tags[i] != B_PER || !gods_name(&t[i])) continue;
        tags[i] = NER_O;
        for (size_t j = i + 1; j < n && tags[j] == I_PER; j++) tags[j] = NER_O;
    }
}

/* keys: ner_word_key of each token with its training-lexicon classes in the low
 * bits (from the features); reused here as the table's keys. */
static int propagate(const ak_ner *m, const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart,
                     uint64_t *keys)
{
    size_t cap = 64;
    while (cap < 2 * n) cap *= 2;
    dslot *h = calloc(cap, sizeof *h);
    uint8_t *freq = malloc(n ? n : 1);
    if (!h || !freq) { free(h); free(freq); return ak_set_error(AK_ENOMEM, "out of memory"); }
    for (size_t i = 0; i < n; i++) {
        freq[i] = (uint8_t)(keys[i] >> 8 & 3);
        keys[i] &= ~0xFFFull;
    }
    int rc = propagate_spans(keys, n, tags, sstart);
    if (rc) { free(h); free(freq); return rc; }
    trim_place_adjectives(m, t, n, tags, sstart);
    close_family_names(t, n, tags, sstart);
    drop_tanween_words(t, n, tags);
    drop_gods_name(t, n, tags); /* before its form is spread to other uses */
    cut_clitic_places(m, t, n, tags);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = keys[i] | 1; /* never 0: 0 marks a free slot */
        keys[i] = 0;
        if (t[i].len < 6) continue;
        if (freq[i] >= 3) continue; /* frequent in training: leave it to the model */
        keys[i] = k;
        if (!tags[i]) continue;
        int ty = (tags[i] - 1) / 2;
        size_t j = (size_t)(k >> 20) & (cap - 1);
        while (h[j].key && h[j].key != k) j = (j + 1) & (cap - 1);
        if (!h[j].key) { h[j].key = k; h[j].type = (int8_t)ty; }
        else if (h[j].type != ty) h[j].type = -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (tags[i] || !keys[i]) continue;
        size_t j = (size_t)(keys[i] >> 20) & (cap - 1);
        while (h[j].key && h[j].key != keys[i]) j = (j + 1) & (cap - 1);
        if (!h[j].key || h[j].type < 0) continue;
        int b = 1 + 2 * h[j].type;
        int cont = i > 0 && !sstart[i] && tags[i - 1] && (tags[i - 1] - 1) / 2 == h[j].type;
        tags[i] = (uint8_t)(cont ? b + 1 : b);
    }
    drop_tanween_words(t, n, tags); /* before and after: its bare form may have been spread to it */
    drop_plurals_of_people(t, n, tags);
    drop_gods_name(t, n, tags);
    join_given_names(m, t, n, tags, sstart);
    join_nisba_surnames(m, t, n, tags, sstart);
    if (!m->no_bodies) { /* names ANERcorp's annotation mostly leaves untagged */
        listed_names(m, t, n, tags, sstart);
        ner_named_bodies(t, n, tags, sstart);
    }
    free(h);
    free(freq);
    return AK_OK;
}

static int is_end_token(const ner_tok *t)
{
    /* an empty token (a blank line in CoNLL input) also ends a sentence */
    return t->len == 0 || t->len == 1 ? (t->len == 0 || t->s[0] == '.' || t->s[0] == '!' || t->s[0] == '?')
                       : t->len == 2 && (!memcmp(t->s, "\xD8\x9F", 2) || !memcmp(t->s, "\xDB\x94", 2));
}

AK_API int ak_ner_tag_tokens(const ak_ner *m, const char *const *tokens, const size_t *lens,
                             size_t n, int *tags)
{
    if (!m || (n && (!tokens || !lens || !tags))) return ak_set_error(AK_EINVAL, "ak_ner_tag_tokens: null argument");
    ner_tok *t = malloc((n ? n : 1) * sizeof *t);
    scratch s = {0};
    if (!t || scratch_need(m, &s, n)) { free(t); scratch_free(&s); return ak_set_error(AK_ENOMEM, "out of memory"); }
    for (size_t i = 0; i < n; i++) {
        t[i].s = tokens[i] ? tokens[i] : "";
        t[i].len = tokens[i] ? lens[i] : 0;
    }
    uint8_t *all = malloc(n ? n : 1), *ss = calloc(n ? n : 1, 1);
    uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
    size_t *st = malloc((n + 1) * sizeof *st), ns = 0;
    int rc = all && ss && keys && st ? AK_OK : ak_set_error(AK_ENOMEM, "out of memory");
    /* sentences end at end marks, so a long run is tagged sentence by sentence */
    for (size_t a = 0; a < n && !rc;) {
        size_t b = a;
        while (b < n && !is_end_token(&t[b])) b++;
        if (b < n) b++;
        ss[a] = 1;
        st[ns++] = a;
        a = b;
    }
    if (!rc) {
        st[ns] = n;
        rc = tag_text(m, t, st, ns, &s, all, keys);
    }
    free(st);
    if (!rc) rc = propagate(m, t, n, all, ss, keys);
    for (size_t i = 0; i < n && !rc; i++) tags[i] = all[i];
    free(all);
    free(keys);
    free(ss);
    free(t);
    scratch_free(&s);
    return rc;
}

/* ---- tokens and sentence ends come from the text core (ak_tokenize, ak_sentences) ---- */

typedef struct span {
    size_t b0, b1, c0, c1; /* bytes and code points */
    int end;               /* 1: a sentence ends after this token */
} span;

static int tokenize(const char *text, size_t len, span **out, size_t *n_out)
{
    ak_token *tk = NULL, *st = NULL;
    size_t n = 0, ns = 0;
    int rc = ak_tokenize(text, len, &tk, &n);
    if (!rc) rc = ak_sentences(text, len, AK_SENT_LINES, &st, &ns);
    span *v = rc ? NULL : malloc((n ? n : 1) * sizeof *v);
    if (!rc && !v) rc = ak_set_error(AK_ENOMEM, "out of memory");
    if (rc) { ak_free(tk); ak_free(st); return rc; }
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = (span){tk[i].byte_start, tk[i].byte_end, tk[i].start, tk[i].end, 0};
        while (j < ns && st[j].byte_end < tk[i].byte_end) j++;
        v[i].end = j < ns && st[j].byte_end == tk[i].byte_end;
    }
    ak_free(tk);
    ak_free(st);
    *out = v;
    *n_out = n;
    return AK_OK;
}

AK_API int ak_ner_tag(const ak_ner *m, const char *text, size_t len, ak_ner_entity **out, size_t *n_out)
{
    return ner_tag_cached(m, NULL, text, len, out, n_out);
}

int ner_tag_cached(const ak_ner *m, ner_wcache *words, const char *text, size_t len, ak_ner_entity **out,
                   size_t *n_out)
{
    if (!m || !out || !n_out || (!text && len)) return ak_set_error(AK_EINVAL, "ak_ner_tag: null argument");
    *out = NULL;
    *n_out = 0;
    span *sp = NULL;
    size_t n = 0;
    int rc = tokenize(text ? text : "", len, &sp, &n);
    if (rc) return rc;
    ner_tok *t = malloc((n ? n : 1) * sizeof *t);
    ak_ner_entity *e = NULL;
    size_t ne = 0, ecap = 0;
    if (words && ner_wcache_model(words) != m) words = NULL; /* made for another model */
    scratch s = {.words = words, .borrowed = words != NULL};
    if (!t) { free(sp); return ak_set_error(AK_ENOMEM, "out of memory"); }
    for (size_t i = 0; i < n; i++) { t[i].s = text + sp[i].b0; t[i].len = sp[i].b1 - sp[i].b0; }
    uint8_t *all = malloc(n ? n : 1), *ss = calloc(n ? n : 1, 1);
    uint64_t *keys = malloc((n ? n : 1) * sizeof *keys);
    size_t *st = malloc((n + 1) * sizeof *st), ns = 0;
    if (!all || !ss || !keys || !st) rc = ak_set_error(AK_ENOMEM, "out of memory");
    for (size_t a = 0; a < n && rc == AK_OK;) {
        size_t b = a;
        while (b < n && !sp[b].end) b++;
        if (b < n) b++; /* the sentence includes its end mark */
        ss[a] = 1;
        st[ns++] = a;
        a = b;
    }
    if (!rc) {
        st[ns] = n;
        rc = tag_text(m, t, st, ns, &s, all, keys);
    }
    free(st);
    if (!rc) rc = propagate(m, t, n, all, ss, keys);
    for (size_t i = 0; i < n && rc == AK_OK; i++) {
        int tg = all[i];
        if (tg == 0 || !(tg & 1)) continue; /* a mention starts at B */
        size_t j = i + 1;
        while (j < n && !ss[j] && all[j] == tg + 1) j++;
        if (ne == ecap) {
            ecap = ecap ? ecap * 2 : 16;
            ak_ner_entity *g = realloc(e, ecap * sizeof *e);
            if (!g) { rc = ak_set_error(AK_ENOMEM, "out of memory"); break; }
            e = g;
        }
        ak_ner_entity *x = &e[ne++];
        x->start = sp[i].c0; x->end = sp[j - 1].c1;
        x->byte_start = sp[i].b0; x->byte_end = sp[j - 1].b1;
        snprintf(x->type, sizeof x->type, "%s", ner_type_names[(tg - 1) / 2]);
    }
    free(all);
    free(keys);
    free(ss);
    free(sp); free(t); scratch_free(&s);
    if (rc) { free(e); return rc; }
    *out = e;
    *n_out = ne;
    return AK_OK;
}

AK_API int ak_ner_jsonl(const ak_ner *m, const char *text, size_t len, char **out, size_t *out_len)
{
    if (!out) return ak_set_error(AK_EINVAL, "ak_ner_jsonl: null argument");
    *out = NULL;
    ak_ner_entity *e;
    size_t n;
    int rc = ak_ner_tag(m, text, len, &e, &n);
    if (rc) return rc;
    ak_buf b = AK_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        ak_buf_printf(&b, "{\"start\":%zu,\"end\":%zu,\"text\":\"", e[i].start, e[i].end);
        ak_buf_json_escape(&b, text + e[i].byte_start, e[i].byte_end - e[i].byte_start);
        ak_buf_printf(&b, "\",\"type\":\"%s\"}\n", e[i].type);
    }
    free(e);
    ak_buf_cstr(&b);
    if (b.failed) { ak_buf_free(&b); return ak_set_error(AK_ENOMEM, "out of memory"); }
    *out = ak_buf_detach(&b, out_len);
    return AK_OK;
}
