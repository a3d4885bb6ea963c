/* fingerprint.c: word hashes, shingle sets, exact hash and MinHash signature of one text.
 * One pass over the tokens; one xxh3 per word and per shingle, cheap multiply-shift per permutation. */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "dedup/dedup_internal.h"
#include "util/error.h"

#define SEED_SHINGLE 0x616b686261720001ull
#define SEED_BIGRAM 0x616b686261720002ull
#define SEED_PERM 0x616b686261720003ull
#define WORD_CAP 64 /* bytes of a token normalized; longer tokens are hashed raw */

void ak_dedup_defaults(const ak_dedup_opts *in, ak_dedup_opts *o)
{
    memset(o, 0, sizeof *o);
    if (in) *o = *in;
    if (!o->shingle) o->shingle = 5;
    if (!o->hashes) o->hashes = 128;
    if (o->threshold <= 0 || o->threshold >= 1) o->threshold = 0.5;
    if (!o->max_bytes) o->max_bytes = (size_t)64 << 20;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Folds a token for matching: the text core's normalization, ASCII lower case,
 * and a leading conjunction و dropped so "وقال" and "قال" match. */
static uint64_t word_hash(const char *w, size_t len, int kind)
{
    char buf[WORD_CAP * AK_NORM_MAX_GROWTH];
    size_t need = 0;
    if (len > WORD_CAP || ak_normalize_buf(w, len, AK_NORM_DEFAULT, buf, sizeof buf, &need) != AK_OK)
        return XXH3_64bits(w, len);
    for (size_t i = 0; i < need; i++)
        if (buf[i] >= 'A' && buf[i] <= 'Z') buf[i] = (char)(buf[i] + 32);
    const char *p = buf;
    if (kind == AK_TOK_ARABIC && need > 6 && (unsigned char)p[0] == 0xD9 && (unsigned char)p[1] == 0x88) {
        p += 2;
        need -= 2;
    }
    return XXH3_64bits(p, need);
}

static int push_word(ak_fp *fp, uint64_t h, size_t s, size_t e)
{
    if (fp->n == fp->cap) {
        size_t cap = fp->cap ? fp->cap * 2 : 256;
        uint64_t *w = realloc(fp->word, cap * sizeof *w);
        if (!w) return AK_ENOMEM;
        fp->word = w;
        size_t *st = realloc(fp->start, cap * sizeof *st);
        if (!st) return AK_ENOMEM;
        fp->start = st;
        size_t *en = realloc(fp->end, cap * sizeof *en);
        if (!en) return AK_ENOMEM;
        fp->end = en;
        fp->cap = cap;
    }
    fp->word[fp->n] = h;
    fp->start[fp->n] = s;
    fp->end[fp->n] = e;
    fp->n++;
    return AK_OK;
}

/* LSD radix sort, 8 passes of 8 bits: linear, and much cheaper than qsort's
 * callback per comparison on a few hundred hashes. tmp holds n values. */
static void radix_sort(uint64_t *v, uint64_t *tmp, size_t n)
{
    uint64_t *src = v, *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t i = 0; i < n; i++) count[((src[i] >> shift) & 0xFF) + 1]++;
        for (unsigned k = 1; k < 257; k++) count[k] += count[k - 1];
        for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    /* 8 passes: the sorted values are back in v */
}

/* Sorts and removes repeats in place (tmp: scratch of n values); returns the new length. */
size_t ak_dedup_sort_unique(uint64_t *v, uint64_t *tmp, size_t n)
{
    if (n < 2) return n;
    radix_sort(v, tmp, n);
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[m - 1]) v[m++] = v[i];
    return m;
}

static int tokenize(ak_fp *fp, const char *text, size_t len)
{
    ak_token_iter it;
    ak_token tok;
    int rc;
    ak_token_iter_init(&it, text, len);
    while ((rc = ak_token_next(&it, &tok)) == 1) {
        if (tok.kind == AK_TOK_PUNCT || tok.kind == AK_TOK_SYMBOL) continue;
        uint64_t h = word_hash(text + tok.byte_start, tok.byte_end - tok.byte_start, tok.kind);
        if (push_word(fp, h, tok.start, tok.end) != AK_OK) return ak_set_error(AK_ENOMEM, "dedup: out of memory");
    }
    return rc < 0 ? rc : AK_OK;
}

/* Positional shingles, their sorted set, the bigram set and the signature. */
static int shingle(ak_fp *fp)
{
    size_t k = fp->k, n = fp->n;
    fp->m = n >= k ? n - k + 1 : (n ? 1 : 0);
    size_t nb = n >= 2 ? n - 1 : n;
    fp->sh = malloc((fp->m ? fp->m : 1) * sizeof *fp->sh);
    fp->set = malloc((fp->m ? fp->m : 1) * sizeof *fp->set);
    fp->bigram = malloc((nb ? nb : 1) * sizeof *fp->bigram);
    fp->sig = malloc(fp->K * sizeof *fp->sig);
    if (!fp->sh || !fp->set || !fp->bigram || !fp->sig) return ak_set_error(AK_ENOMEM, "dedup: out of memory");
    size_t w = n >= k ? k : n;
    for (size_t i = 0; i < fp->m; i++) fp->sh[i] = XXH3_64bits_withSeed(fp->word + i, w * 8, SEED_SHINGLE);
    for (size_t i = 0; i < nb; i++)
        fp->bigram[i] = XXH3_64bits_withSeed(fp->word + i, (n >= 2 ? 2 : 1) * 8, SEED_BIGRAM);
    memcpy(fp->set, fp->sh, fp->m * sizeof *fp->set);
    uint64_t *tmp = malloc((nb > fp->m ? nb : fp->m) * sizeof *tmp + 8);
    if (!tmp) return ak_set_error(AK_ENOMEM, "dedup: out of memory");
    fp->nset = ak_dedup_sort_unique(fp->set, tmp, fp->m);
    fp->nbigram = ak_dedup_sort_unique(fp->bigram, tmp, nb);
    free(tmp);
    fp->exact = XXH3_64bits(fp->word, n * 8);
    ak_minhash(fp->set, fp->nset, fp->K, fp->sig);
    return AK_OK;
}

/* Multiply-shift permutations a*h+b (mod 2^64), high 32 bits kept: one multiply
 * and one add per shingle and hash, no allocation. Hashes go in blocks of 8 with a
 * fixed inner trip count so the compiler vectorizes the block (AVX-512 where the
 * CPU has it, chosen at load time). K is a multiple of 8. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=skylake-avx512", "avx2", "default"), optimize("O3")))
#endif
void ak_minhash(const uint64_t *set, size_t n, unsigned K, uint32_t *sig)
{
    uint64_t a[AK_DEDUP_MAX_HASHES], b[AK_DEDUP_MAX_HASHES], s = SEED_PERM;
    for (unsigned i = 0; i < K; i++) {
        a[i] = splitmix(&s) | 1;
        b[i] = splitmix(&s);
        sig[i] = UINT32_MAX;
    }
    for (unsigned blk = 0; blk < K; blk += 8) {
        uint32_t m[8];
        for (int j = 0; j < 8; j++) m[j] = UINT32_MAX;
        for (size_t k = 0; k < n; k++) {
            uint64_t h = set[k];
            for (int j = 0; j < 8; j++) {
                uint32_t v = (uint32_t)((a[blk + j] * h + b[blk + j]) >> 32);
                m[j] = v < m[j] ? v : m[j];
            }
        }
        for (int j = 0; j < 8; j++) sig[blk + j] = m[j];
    }
}

AK_API int ak_fp_new(const char *text, size_t len, const ak_dedup_opts *opts, ak_fp **out)
{
    if (!out || (!text && len)) return ak_set_error(AK_EINVAL, "dedup: bad argument");
    *out = NULL;
    ak_dedup_opts o;
    ak_dedup_defaults(opts, &o);
    if (o.hashes > AK_DEDUP_MAX_HASHES || o.hashes % 8 || o.shingle > 64)
        return ak_set_error(AK_EINVAL, "dedup: hashes must be a multiple of 8 up to %d, shingle <= 64",
                            AK_DEDUP_MAX_HASHES);
    if (len > o.max_bytes)
        return ak_set_error(AK_ETOOBIG, "dedup: text of %zu bytes exceeds the limit of %zu", len, o.max_bytes);
    ak_fp *fp = calloc(1, sizeof *fp);
    if (!fp) return ak_set_error(AK_ENOMEM, "dedup: out of memory");
    fp->k = o.shingle;
    fp->K = o.hashes;
    int rc = tokenize(fp, text ? text : "", len);
    if (rc == AK_OK) rc = shingle(fp);
    if (rc != AK_OK) {
        ak_fp_free(fp);
        return rc;
    }
    *out = fp;
    return AK_OK;
}

AK_API void ak_fp_free(ak_fp *fp)
{
    if (!fp) return;
    free(fp->word);
    free(fp->start);
    free(fp->end);
    free(fp->sh);
    free(fp->set);
    free(fp->bigram);
    free(fp->sig);
    free(fp);
}

AK_API uint64_t ak_fp_exact(const ak_fp *fp) { return fp ? fp->exact : 0; }
AK_API size_t ak_fp_words(const ak_fp *fp) { return fp ? fp->n : 0; }
AK_API size_t ak_fp_shingles(const ak_fp *fp) { return fp ? fp->nset : 0; }

AK_API const uint32_t *ak_fp_signature(const ak_fp *fp, size_t *n)
{
    if (n) *n = fp ? fp->K : 0;
    return fp ? fp->sig : NULL;
}
