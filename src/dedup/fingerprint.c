/* fingerprint.c: word hashes, shingle sets, exact hash and MinHash signature of one text.
 * One pass over the tokens; one xxh3 per word and per shingle, cheap multiply-shift per permutation. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#include <immintrin.h>
#endif

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

/* Folds a token for matching: the text core's normalization (done by the tokenizer
 * in the same pass, norm[0..len)), ASCII lower case, and a leading conjunction و
 * dropped so "وقال" and "قال" match. Tokens over WORD_CAP bytes are hashed raw. */
static uint64_t word_hash(const char *raw, size_t raw_len, char *norm, size_t len, int kind)
{
    if (raw_len > WORD_CAP) return XXH3_64bits(raw, raw_len);
    for (size_t i = 0; i < len; i++)
            if (norm[i] >= 'A' && norm[i] <= 'Z') norm[i] = (char)(norm[i] + 32);
    const char *p = norm;
    if (kind == AK_TOK_ARABIC && len > 6 && (unsigned char)p[0] == 0xD9 && (unsigned char)p[1] == 0x88) {
        p += 2;
        len -= 2;
    }
    return XXH3_64bits(p, len);
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

/* Sorts hashes spread evenly over 64 bits (an article's shingles), n <= 4096: one
 * counting pass into 256 buckets by the top byte, then one insertion pass over the
 * result, which only ever moves a value past others of its own bucket (about 1.6 of
 * them for a 400-word article). A few times cheaper than eight LSD passes. */
static void bucket_sort(uint64_t *v, uint64_t *tmp, size_t n)
{
    uint16_t start[257] = {0};
    for (size_t i = 0; i < n; i++) start[(v[i] >> 56) + 1]++;
    for (unsigned k = 1; k < 257; k++) start[k] = (uint16_t)(start[k] + start[k - 1]);
    for (size_t i = 0; i < n; i++) tmp[start[v[i] >> 56]++] = v[i];
    v[0] = tmp[0];
    for (size_t i = 1; i < n; i++) {
        uint64_t x = tmp[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Sorts and removes repeats in place (tmp: scratch of n values); returns the new length. */
size_t ak_dedup_sort_unique(uint64_t *v, uint64_t *tmp, size_t n)
{
    if (n < 2) return n;
    /* Buckets average n/256 values: insertion sorts stay short up to a few thousand. */
    if (n <= 4096) bucket_sort(v, tmp, n);
    else radix_sort(v, tmp, n);
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[m - 1]) v[m++] = v[i];
    return m;
}

/* Appends word position w to a growing list (paragraph starts, turns), first room for `first`. */
static int push_pos(size_t **v, size_t *n, size_t *cap, size_t first, size_t w)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : first;
        size_t *p = realloc(*v, c * sizeof *p);
        if (!p) return AK_ENOMEM;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = w;
    return AK_OK;
}

/* Notes word w as the start of a paragraph. */
static int push_para(ak_fp *fp, size_t w) { return push_pos(&fp->para, &fp->npara, &fp->cappara, 16, w); }

/* Phrases with which a paper turns from one item to another inside one article ("إلى ذلك",
 * "من جهة أخرى", "وعلى صعيد متصل"): a shared passage just after one is an item quoted in a
 * roundup, not the article's own news (compare.c). Matched as word hashes (word_hash drops the
 * و of a longer word, so وعلى matches على); the hashes are made once by the same tokenizer. */
static const char *const TURNS[] = {
    "إلى ذلك", "من جهة أخرى", "ومن جهة أخرى", "من ناحية أخرى", "ومن ناحية أخرى", "من جانب آخر",
    "على صعيد آخر", "على صعيد متصل", "على صعيد منفصل", "في سياق متصل", "وفي سياق متصل",
    "في سياق آخر", "وفي سياق آخر", "في سياق منفصل", "في شأن آخر", "وفي شأن آخر", "في شأن متصل",
    "في موضوع آخر",
};
#define N_TURNS (sizeof TURNS / sizeof *TURNS)
#define TURN_WORDS 3
static uint64_t turn_hash[N_TURNS][TURN_WORDS];
static unsigned turn_len[N_TURNS];
static uint64_t turn_last[N_TURNS]; /* the phrases' distinct last words: a word not among them ends none */
static size_t n_turn_last;
static pthread_once_t turn_once = PTHREAD_ONCE_INIT;

static void turns_make(void)
{
    char norm[WORD_CAP * AK_NORM_MAX_GROWTH];
    for (size_t t = 0; t < N_TURNS; t++) {
        ak_token_iter it;
        ak_token tok;
        size_t nl;
        ak_token_iter_init(&it, TURNS[t], strlen(TURNS[t]));
        while (turn_len[t] < TURN_WORDS && ak_token_next_norm(&it, &tok, AK_NORM_DEFAULT, norm, sizeof norm, &nl) == 1)
            turn_hash[t][turn_len[t]++] = word_hash(TURNS[t] + tok.byte_start, tok.byte_end - tok.byte_start, norm, nl, tok.kind);
        if (!turn_len[t]) continue;
        uint64_t last = turn_hash[t][turn_len[t] - 1];
        size_t k = 0;
        while (k < n_turn_last && turn_last[k] != last) k++;
        if (k == n_turn_last) turn_last[n_turn_last++] = last;
    }
}

/* Whether the words pushed last (fp->word[.. fp->n)) end one of TURNS. */
static int ends_turn(const ak_fp *fp)
{
    size_t k = 0;
    while (k < n_turn_last && turn_last[k] != fp->word[fp->n - 1]) k++;
    if (k == n_turn_last) return 0;
    for (size_t t = 0; t < N_TURNS; t++) {
        unsigned L = turn_len[t];
        if (!L || fp->n < L) continue;
        const uint64_t *w = fp->word + fp->n - L;
        unsigned i = 0;
        while (i < L && w[i] == turn_hash[t][i]) i++;
        if (i == L) return 1;
    }
    return 0;
}

/* Notes word w as the first after a turn. */
static int push_turn(ak_fp *fp, size_t w) { return push_pos(&fp->turn, &fp->nturn, &fp->capturn, 4, w); }

/* 1 when the text's first whitespace-separated chunk is و or ف and more than three letters: an
 * agency's follow-up part opens mid-discourse ("وأضاف", "فيما"), a report of its own rarely does. */
static int opens_with_conjunction(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) i++;
    if (len - i < 2 || (unsigned char)text[i] != 0xD9 || ((unsigned char)text[i + 1] != 0x88 && (unsigned char)text[i + 1] != 0x81))
        return 0;
    size_t chars = 0;
    for (; i < len && text[i] != ' ' && (text[i] < '\t' || text[i] > '\r'); i++) chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars > 3;
}

static int tokenize(ak_fp *fp, const char *text, size_t len)
{
    ak_token_iter it;
    ak_token tok;
    char norm[WORD_CAP * AK_NORM_MAX_GROWTH]; /* any token of WORD_CAP bytes fits */
    size_t nl;
    int rc;
    ak_token_iter_init(&it, text, len);
    fp->opens_conj = opens_with_conjunction(text, len);
    pthread_once(&turn_once, turns_make);
    while ((rc = ak_token_next_norm(&it, &tok, AK_NORM_DEFAULT, norm, sizeof norm, &nl)) == 1) {
        if (tok.kind == AK_TOK_PUNCT || tok.kind == AK_TOK_SYMBOL) continue;
        uint64_t h = word_hash(text + tok.byte_start, tok.byte_end - tok.byte_start, norm, nl, tok.kind);
        /* a paragraph's first word: at the text's start, or a line break just before it */
        size_t b = tok.byte_start;
        int para = tok.start < 3 || (b >= 1 && text[b - 1] == '\n') || (b >= 2 && text[b - 2] == '\n');
        if ((para && push_para(fp, fp->n) != AK_OK) || push_word(fp, h, tok.start, tok.end) != AK_OK ||
            (ends_turn(fp) && push_turn(fp, fp->n) != AK_OK))
            return ak_set_error(AK_ENOMEM, "dedup: out of memory");
    }
    return rc < 0 ? rc : AK_OK;
}

/* Positional shingles, their sorted set, the bigram set and (with_sig) the signature. */
static int shingle(ak_fp *fp, int with_sig)
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
    if (with_sig) ak_minhash(fp->set, fp->nset, fp->K, fp->sig);
    else memset(fp->sig, 0, fp->K * sizeof *fp->sig);
    return AK_OK;
}

/* The permutations' constants, a_i odd: the same splitmix64 stream for every K (a
 * signature of K hashes uses the first K), made once. */
static uint64_t perm_a[AK_DEDUP_MAX_HASHES], perm_b[AK_DEDUP_MAX_HASHES];
static pthread_once_t perm_once = PTHREAD_ONCE_INIT;

static void build_perms(void)
{
    uint64_t s = SEED_PERM;
    for (unsigned i = 0; i < AK_DEDUP_MAX_HASHES; i++) {
        perm_a[i] = splitmix(&s) | 1;
        perm_b[i] = splitmix(&s);
    }
}

/* Multiply-shift permutations a*h+b (mod 2^64), high 32 bits kept: one multiply
 * and one add per shingle and hash, no allocation. Hashes go in blocks of 8 with a
 * fixed inner trip count so the compiler vectorizes the block (AVX-512 where the
 * CPU has it, chosen at load time). K is a multiple of 8. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define AK_MINHASH_X86 1
__attribute__((target_clones("arch=skylake-avx512", "avx2", "default"), optimize("O3")))
#endif
static void minhash_generic(const uint64_t *set, size_t n, unsigned K, uint32_t *sig)
{
    const uint64_t *a = perm_a, *b = perm_b;
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

#ifdef AK_MINHASH_X86
/* The same values with AVX2, eight hashes in 32-bit lanes instead of four in 64-bit
 * ones (AVX2 has no 64-bit multiply). With a = ah:al, h = hh:hl, b = bh:bl,
 *   hi32(a*h + b mod 2^64) = hi32(al*hl + bl) + al*hh + ah*hl + bh   (mod 2^32),
 * since al*hl + bl < 2^64: two 32x32->64 multiplies for the first term (even and odd
 * hashes), two 32-bit multiplies for the rest. */
__attribute__((target("avx2"))) static void minhash_avx2(const uint64_t *set, size_t n, unsigned K, uint32_t *sig)
{
    for (unsigned blk = 0; blk < K; blk += 8) {
        uint32_t al[8], ah[8], bh[8];
        uint64_t al_e[4], al_o[4], bl_e[4], bl_o[4];
        for (int j = 0; j < 8; j++) {
            al[j] = (uint32_t)perm_a[blk + j];
            ah[j] = (uint32_t)(perm_a[blk + j] >> 32);
            bh[j] = (uint32_t)(perm_b[blk + j] >> 32);
        }
        for (int j = 0; j < 4; j++) {
            al_e[j] = (uint32_t)perm_a[blk + 2 * j];
            al_o[j] = (uint32_t)perm_a[blk + 2 * j + 1];
            bl_e[j] = (uint32_t)perm_b[blk + 2 * j];
            bl_o[j] = (uint32_t)perm_b[blk + 2 * j + 1];
        }
        const __m256i AL = _mm256_loadu_si256((const __m256i *)al), AH = _mm256_loadu_si256((const __m256i *)ah);
        const __m256i BH = _mm256_loadu_si256((const __m256i *)bh);
        const __m256i ALE = _mm256_loadu_si256((const __m256i *)al_e), ALO = _mm256_loadu_si256((const __m256i *)al_o);
        const __m256i BLE = _mm256_loadu_si256((const __m256i *)bl_e), BLO = _mm256_loadu_si256((const __m256i *)bl_o);
        const __m256i HI = _mm256_set1_epi64x((long long)0xFFFFFFFF00000000ull);
        __m256i M = _mm256_set1_epi32(-1);
        for (size_t k = 0; k < n; k++) {
            const __m256i HL = _mm256_set1_epi32((int)(uint32_t)set[k]);
            const __m256i HH = _mm256_set1_epi32((int)(uint32_t)(set[k] >> 32));
            __m256i T = _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(AL, HH), _mm256_mullo_epi32(AH, HL)), BH);
            __m256i E = _mm256_add_epi64(_mm256_mul_epu32(ALE, HL), BLE); /* hashes blk+0, 2, 4, 6 */
            __m256i O = _mm256_add_epi64(_mm256_mul_epu32(ALO, HL), BLO); /* hashes blk+1, 3, 5, 7 */
            /* hi32 of E into the even 32-bit lanes, hi32 of O stays in the odd ones: lanes in hash order */
            __m256i Q = _mm256_or_si256(_mm256_srli_epi64(E, 32), _mm256_and_si256(O, HI));
            M = _mm256_min_epu32(M, _mm256_add_epi32(Q, T));
        }
        _mm256_storeu_si256((__m256i *)(sig + blk), M);
    }
}
#endif

void ak_minhash(const uint64_t *set, size_t n, unsigned K, uint32_t *sig)
{
    pthread_once(&perm_once, build_perms);
#ifdef AK_MINHASH_X86
    if (__builtin_cpu_supports("avx2")) {
        minhash_avx2(set, n, K, sig);
        return;
    }
#endif
    minhash_generic(set, n, K, sig);
}

AK_API int ak_fp_new(const char *text, size_t len, const ak_dedup_opts *opts, ak_fp **out)
{
    return ak_fp_build(text, len, opts, 1, out);
}

int ak_fp_build(const char *text, size_t len, const ak_dedup_opts *opts, int with_sig, ak_fp **out)
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
    if (rc == AK_OK) rc = shingle(fp, with_sig);
    if (rc != AK_OK) {
        ak_fp_free(fp);
        return rc;
    }
    *out = fp;
    return AK_OK;
}

size_t ak_fp_trim(ak_fp *fp)
{
    free(fp->word);
    fp->word = NULL;
    return sizeof *fp + (2 * fp->cap + 2 * fp->m + fp->nbigram + 1 + fp->cappara + fp->capturn) * sizeof(uint64_t) +
           fp->K * sizeof *fp->sig;
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
    free(fp->para);
    free(fp->turn);
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
