/* ner_internal.h: the pieces of the named-entity tagger shared by the library,
 * the trainer (tools/akhbar-train.c), the tests and the benchmark. */
#ifndef AK_NER_INTERNAL_H
#define AK_NER_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "akhbar.h"

/* Tags: O, then B/I for PER ORG LOC MISC (B = 1 + 2*type, I = 2 + 2*type). */
enum { NER_O = 0, NER_NTAGS = 9, NER_NTYPES = 4 };
#define NER_BITS 20
#define NER_NBUCKETS (1u << NER_BITS)
#define NER_MAXFEAT 96 /* features per token */
#define NER_CLUSTER_BITS 12 /* depth of the word-cluster tree (data/ner-clusters.txt) */

extern const char *const ner_type_names[NER_NTYPES]; /* PER ORG LOC MISC */
extern const char *const ner_tag_names[NER_NTAGS];   /* O B-PER I-PER ... */

/* Gazetteer and trigger lists as a sorted set of 64-bit word hashes with class bits. */
enum {
    GZ_PER = 1, GZ_ORG = 2, GZ_LOC = 4, GZ_MISC = 8, /* entity word lists */
    TR_PER = 16, TR_ORG = 32, TR_LOC = 64,           /* trigger words */
    /* a one-word entry whose stored form lost a و/ف or ب/ل/ك ("وهران" is kept as "هران"), so the
     * form is no proof that a word ب/ل + it is a clitic + the entry; no feature reads this bit */
    GZ_CLITIC = 128
};
typedef struct ner_lex {
    uint64_t *keys; /* sorted: hash << 8 | class bits merged per hash */
    size_t n, cap;
    uint64_t *slots; /* optional hash index over keys (ner_lex_index), mask + 1 slots */
    size_t mask;
} ner_lex;

struct ak_ner {
    float *w;               /* NER_NBUCKETS * NER_NTAGS emission weights (training; NULL once loaded) */
    /* a loaded model's weights, compact (the table is sparse, ~10% of buckets have a
     * row): a bit per bucket that has one, the rows before each 64-bucket word, the
     * rows themselves: int16 weights as the file stores them (a stage's weight is
     * q * scale[stage], computed where it is summed), row id r at rows + (r - 1) *
     * pitch. Read where the model file's bytes lie (file: the bytes ak_ner_load read) when
     * the file's rows are in bucket order and the machine is little endian, else
     * copied into own_rows. 4 MB instead of 38: they stay in cache. */
    uint64_t *has;          /* NER_NBUCKETS / 64 */
    uint32_t *rank;         /* NER_NBUCKETS / 64 */
    const int16_t *rows;
    size_t pitch;
    float scale[2];
    int16_t *own_rows;
    unsigned char *file;
    size_t file_mapped;     /* file's mapped length, 0 when it was allocated */
    float trans[NER_NTAGS + 1][NER_NTAGS]; /* row NER_NTAGS = sentence start */
    /* a stacked second stage (stages 2): the same features and ner_stack_features over
     * the first stage's tags, its own weights (training: w2; loaded: the second half of
     * each row, stride 2 * NER_NTAGS) and transitions */
    unsigned stages, stride;
    unsigned window;        /* sentences before and after that the second stage looks at */
    float *w2;
    float trans2[NER_NTAGS + 1][NER_NTAGS];
    ner_lex lex;
    ner_lex tlex;           /* words seen in entities of the training data (class bit 2*type + I) */
    ner_lex clex;           /* word clusters: form key | 12-bit path in the cluster tree */
    int no_bodies;          /* ak_ner_set_bodies(m, 0): public bodies left to the model */
};

/* Set bits of v (portable: no popcnt instruction is assumed). */
static inline unsigned ner_popcount64(uint64_t v)
{
    v -= (v >> 1) & 0x5555555555555555ull;
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

/* The row id of bucket b in a loaded model: 1 + the index of its row in m->rows,
 * 0 when the model has none (all zero weights). */
static inline uint32_t ner_row_id(const struct ak_ner *m, uint32_t b)
{
    uint64_t word = m->has[b >> 6], bit = 1ull << (b & 63);
    return (word & bit) ? m->rank[b >> 6] + ner_popcount64(word & (bit - 1)) + 1 : 0;
}

/* One token as the tagger sees it: bytes [start,end) of the text. */
typedef struct ner_tok {
    const char *s;
    size_t len;
} ner_tok;

/* Folds a word for matching: alef forms -> ا, ى -> ي, ة -> ه, no tatweel or
 * diacritics. Writes at most cap-1 bytes + NUL into out; returns the length. */
size_t ner_fold(const char *s, size_t n, char *out, size_t cap);
/* Tags the names of public bodies ("وزارة الدفاع العراقية") ORG where the model left them
 * (bodies.c); sstart marks the first token of each sentence. */
void ner_named_bodies(const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart);
/* 1 when the folded word (no clitic before it) is a body's head noun ("وزاره", "الحشد"). */
int ner_body_head(const char *folded, size_t n);
uint64_t ner_hash(const void *p, size_t n, uint64_t seed);

/* Lexicon: loads data/gazetteer-*.txt / data/triggers-*.txt lines into lex. */
int ner_lex_add_file(ner_lex *lex, const char *path, unsigned cls);
int ner_lex_finish(ner_lex *lex);
unsigned ner_lex_get(const ner_lex *lex, const char *folded, size_t n);
void ner_lex_free(ner_lex *lex);
/* Builds a hash index over a finished lexicon: one probe instead of a binary
 * search, same answers. Left out (binary search stays) when the keys are not
 * strictly sorted. */
int ner_lex_index(ner_lex *lex);

/* Computes the feature buckets of every token of a sentence into
 * feats[i*NER_MAXFEAT ..], count in nf[i]. */
/* The key of a word in the training lexicon: its folded, clitic-stripped form. */
uint64_t ner_word_key(const char *s, size_t n);
unsigned ner_lex_get_key(const ner_lex *lex, uint64_t key);
/* The folded, clitic-stripped form itself (what ner_word_key hashes), at most
 * cap-1 bytes + NUL; and the key of such a form (word clusters are keyed so). */
size_t ner_word_form(const char *s, size_t n, char *out, size_t cap);
uint64_t ner_form_key(const char *form, size_t n);

/* 1 and *val = the low 12 bits when key is in lex, else 0. */
int ner_lex_find(const ner_lex *lex, uint64_t key, unsigned *val);
/* Loads `form<TAB>path` lines (akhbar-clusters output) into lex. */
int ner_clusters_add_file(ner_lex *lex, const char *path);

void ner_features(const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex, const ner_tok *toks, size_t n,
                  uint32_t *feats, uint8_t *nf);
/* The same features, with the word-level part of each distinct token computed once
 * per cache. A cache serves one model and one thread. Not owned: one call over one
 * text (it keeps pointers to the tokens); owned: it copies the words and can serve
 * many texts (the pipeline keeps one per worker). */
typedef struct ner_wcache ner_wcache;
/* With a loaded model m, the features come out as its row ids (ner_row_id), the
 * word-level ones looked up once per word; without one, as buckets. */
ner_wcache *ner_wcache_new(const struct ak_ner *m, int owned);
const struct ak_ner *ner_wcache_model(const ner_wcache *c);
/* Room for about `words` distinct words (within the cache's bound), made at once. */
void ner_wcache_reserve(ner_wcache *c, size_t words);
void ner_wcache_free(ner_wcache *c);
void ner_features_cached(const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex, const ner_tok *toks,
                         size_t n, uint32_t *feats, uint8_t *nf, ner_wcache *c, uint64_t *keys);
/* (keys, when not NULL, receives ner_word_key of each token with its training-lexicon
 * classes in the low 10 bits, where the key has zeros, and NER_KEY_MONTH when the word is
 * a month name: the decoder and the document pass use them.) */
#define NER_KEY_MONTH (1ull << 11)
/* ak_ner_tag with a caller's cache (owned; NULL: a cache for this call only). */
int ner_tag_cached(const ak_ner *m, ner_wcache *words, const char *text, size_t len, ak_ner_entity **out,
                   size_t *n_out);

/* Viterbi over the feature buckets; writes tags[0..n). scratch must hold
 * n * NER_NTAGS * (sizeof(float) + 1) bytes. */
void ner_viterbi(const float *w, const float trans[NER_NTAGS + 1][NER_NTAGS], const uint32_t *feats,
                 const uint8_t *nf, size_t n, uint8_t *tags, void *scratch);

/* Stacked features: for the tokens of sentences [s0, s1) (sent[s] the first token of
 * sentence s, sent[s1] the end), what the tags of a first pass (tags) say about the
 * same word key (wk: ner_word_key) and word pairs in the `win` sentences before and
 * after, the token itself left out; appended to feats at nf[i] (row ids for a loaded
 * model m, else buckets). */
int ner_stack_features(const uint64_t *wk, const uint8_t *tags, const size_t *sent, size_t s0, size_t s1,
                       size_t win, uint32_t *feats, uint8_t *nf, const struct ak_ner *m);
/* The same sentence by sentence, in increasing order (the tagger keeps one sentence's
 * features at a time): feats and nf are the sentence's own. */
typedef struct ner_stack ner_stack;
ner_stack *ner_stack_new(const uint64_t *wk, const uint8_t *tags, const size_t *sent, size_t s0, size_t s1,
                         size_t win);
void ner_stack_sentence(ner_stack *st, size_t s, uint32_t *feats, uint8_t *nf, const struct ak_ner *m);
void ner_stack_free(ner_stack *st);

/* 1 when the word is a nisba adjective of a known place ("العراقي"). */
int ner_is_place_adjective(const ner_lex *lex, const ner_lex *tlex, const char *s, size_t n);
/* The gazetteer classes (GZ_PER ... GZ_MISC) of a folded name, one word or several; 0 for a
 * word whose entry lost a clitic letter when stored (GZ_CLITIC: no proof either way). */
unsigned ner_gazetteer_class(const ner_lex *lex, const char *folded, size_t n);
/* 1 when the word is ب or ل (after و/ف) before a place of the gazetteer: "بجدة", "لجيبوتي". */
int ner_is_clitic_place(const ner_lex *lex, const char *s, size_t n);

/* Model file I/O. */
int ner_model_save(const struct ak_ner *m, const char *path);
int ner_model_read(struct ak_ner *m, const unsigned char *data, size_t len, const char *name);

/* Joins PER mentions with only spaces between them (one name the tagger cut);
 * returns the new count. The linker and the stored spans use the same rule. */
size_t ner_join_adjacent(const char *text, struct ak_ner_entity *e, size_t n);

/* Tag name -> tag id (accepts PERS for PER); -1 when unknown. */
int ner_tag_parse(const char *s, size_t n);
#endif
