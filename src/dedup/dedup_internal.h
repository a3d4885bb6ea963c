/* dedup_internal.h: the fingerprint record shared by fingerprinting, comparison and the index.
 * Internal to src/dedup. */
#ifndef AK_DEDUP_INTERNAL_H
#define AK_DEDUP_INTERNAL_H
#include "akhbar.h"

#define AK_DEDUP_MAX_HASHES 1024

struct ak_fp {
    unsigned k, K;            /* shingle width, signature length */
    size_t n, cap;            /* words */
    uint64_t *word;           /* normalized word hashes */
    size_t *start, *end;      /* their code-point spans in the text */
    size_t m;                 /* positional shingles */
    uint64_t *sh;             /* shingle hash at each word position */
    uint64_t *set;            /* sorted distinct shingles */
    size_t nset;
    uint64_t *bigram;         /* sorted distinct word bigrams */
    size_t nbigram;
    uint64_t exact;
    uint32_t *sig;
    size_t *para;             /* words that begin a paragraph (after a line break), ascending */
    size_t npara, cappara;
    int opens_conj;           /* the text opens with a word of و or ف and more than three letters */
    size_t *turn;             /* words just after a phrase that turns to another item (إلى ذلك, ...), ascending */
    size_t nturn, capturn;
};

/* ak_fp_new, and without the MinHash signature when with_sig is 0 (sig all zero: a
 * candidate re-fingerprinted only to be compared, whose signature is already stored). */
int ak_fp_build(const char *text, size_t len, const ak_dedup_opts *opts, int with_sig, ak_fp **out);
/* Frees what ak_dup_compare does not read (the word hashes); returns the bytes still held. */
size_t ak_fp_trim(ak_fp *fp);
void ak_dedup_defaults(const ak_dedup_opts *in, ak_dedup_opts *o);
size_t ak_dedup_sort_unique(uint64_t *v, uint64_t *tmp, size_t n);
void ak_minhash(const uint64_t *set, size_t n, unsigned K, uint32_t *sig);

#endif
