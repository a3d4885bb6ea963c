/* search_vocab.h: the made vocabulary the search tests index: VOCAB words of three letters none
 * of which is an affix or proclitic of Light10 (so each word is a term of its own), a seeded
 * generator, and a skewed draw. Define before including: VOCAB (words), VOCAB_SEED (the
 * generator's start), VOCAB_PICKS (a draw is the lowest of this many: 2 or 3 gives a few common
 * words and a long tail) and VOCAB_THIRD (varies the third letter: tests keep their own words). */
#ifndef AK_TEST_SEARCH_VOCAB_H
#define AK_TEST_SEARCH_VOCAB_H

#include <stdio.h>

static const char *const LETTERS[] = {"ج", "ح", "خ", "د", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ع", "غ", "ق", "م"};
enum { N_LETTERS = 15 };
static char g_words[VOCAB][16];

static unsigned long long g_rng = VOCAB_SEED;
static inline unsigned rnd(unsigned n)
{
    g_rng = g_rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((g_rng >> 33) % n);
}

/* Low indexes (common words) much more often than high ones. */
static inline const char *draw(void)
{
    unsigned m = rnd(VOCAB);
    for (int k = 1; k < VOCAB_PICKS; k++) {
        unsigned x = rnd(VOCAB);
        if (x < m) m = x;
    }
    return g_words[m];
}

static inline void vocab_make(void)
{
    for (int i = 0; i < VOCAB; i++)
        snprintf(g_words[i], sizeof g_words[i], "%s%s%s", LETTERS[i % N_LETTERS], LETTERS[(i / N_LETTERS + 3 * i) % N_LETTERS],
                 LETTERS[(i * 7 + VOCAB_THIRD) % N_LETTERS]);
}

/* `docs` articles d0, d1, ... from three outlets, of drawn words: a title of 2-5, a text of 10-69
 * after a number of its own (no two texts alike). 0, or -1 when the file cannot be written. */
static inline int vocab_corpus(const char *path, int docs)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    for (int d = 0; d < docs; d++) {
        fprintf(f, "{\"id\":\"d%d\",\"source\":\"s%d\",\"title\":\"", d, d % 3);
        for (unsigned w = 0, n = 2 + rnd(4); w < n; w++) fprintf(f, "%s%s", w ? " " : "", draw());
        fprintf(f, "\",\"text\":\"رقم %d:", d);
        for (unsigned w = 0, n = 10 + rnd(60); w < n; w++) fprintf(f, " %s", draw());
        fprintf(f, ".\"}\n");
    }
    return fclose(f) == 0 ? 0 : -1;
}

#endif
