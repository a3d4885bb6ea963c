/* snowball.c: Snowball Arabic through libstemmer's C API, stemming alone: the file is read and
 * split into words first (untimed), then every word is stemmed (timed). Usage: snowball FILE | --print. */
#include <libstemmer.h>
#include <stdint.h>
#include <string.h>

#include "common.h"

typedef struct span {
    uint32_t off, len;
} span;

/* Word characters: ASCII letters/digits and every non-ASCII code point except Arabic and
 * general punctuation, guillemets and no-break space (the tokenizer of the peers, roughly). */
static int is_word_cp(uint32_t cp)
{
    if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp == 0xA0 || cp == 0xAB || cp == 0xBB) return 0;
    if (cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4) return 0;
    if (cp >= 0x066A && cp <= 0x066D) return 0;
    if (cp >= 0x2000 && cp <= 0x206F) return 0;
    return 1;
}

/* Lenient decoder for splitting only: the input was validated by the floor run. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80 || n < 2) return *cp = s[0], 1;
    if (s[0] < 0xE0) return *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F), 2;
    if (s[0] < 0xF0 || n < 4) {
        if (n < 3) return *cp = 0xFFFD, n;
        return *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F), 3;
    }
    return *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                 ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F), 4;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)sz + 1);
    if (b && fread(b, 1, (size_t)sz, f) != (size_t)sz) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *n = (size_t)sz;
    return b;
}

/* --print: the stems of each stdin line's words, space-separated (bench/differential-peers). */
static int print_stems(struct sb_stemmer *st)
{
    char line[1 << 16];
    while (fgets(line, sizeof line, stdin)) {
        const unsigned char *s = (const unsigned char *)line;
        size_t n = strcspn(line, "\n"), start = SIZE_MAX;
        int first = 1;
        for (size_t i = 0; i <= n;) {
            uint32_t cp = 0;
            size_t len = i < n ? decode(s + i, n - i, &cp) : 1;
            int word = i < n && is_word_cp(cp);
            if (word && start == SIZE_MAX) start = i;
            if (!word && start != SIZE_MAX) {
                const sb_symbol *stem = sb_stemmer_stem(st, s + start, (int)(i - start));
                printf("%s%.*s", first ? "" : " ", stem ? sb_stemmer_length(st) : 0, (const char *)stem);
                first = 0;
                start = SIZE_MAX;
            }
            i += len;
        }
        putchar('\n');
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: snowball FILE | --print\n");
        return 2;
    }
    if (strcmp(argv[1], "--print") == 0) {
        struct sb_stemmer *st = sb_stemmer_new("arabic", "UTF_8");
        int rc = st ? print_stems(st) : 1;
        sb_stemmer_delete(st);
        return rc;
    }
    size_t n = 0, cap = 1 << 16, nw = 0;
    unsigned char *text = slurp(argv[1], &n);
    span *w = malloc(cap * sizeof *w);
    struct sb_stemmer *st = sb_stemmer_new("arabic", "UTF_8");
    if (!text || !w || !st) {
        fprintf(stderr, "snowball: cannot read %s or create the Arabic stemmer\n", argv[1]);
        return 1;
    }
    for (size_t i = 0, start = SIZE_MAX; i <= n;) {
        uint32_t cp = 0;
        size_t len = i < n ? decode(text + i, n - i, &cp) : 1;
        int word = i < n && is_word_cp(cp);
        if (word && start == SIZE_MAX) start = i;
        if (!word && start != SIZE_MAX) {
            if (nw == cap) {
                span *grown = realloc(w, (cap *= 2) * sizeof *w);
                if (!grown) {
                    fprintf(stderr, "snowball: out of memory\n");
                    return 1;
                }
                w = grown;
            }
            w[nw].off = (uint32_t)start;
            w[nw++].len = (uint32_t)(i - start);
            start = SIZE_MAX;
        }
        i += len;
    }
    size_t check = 0;
    double t0 = peer_now();
    for (size_t k = 0; k < nw; k++) {
        const sb_symbol *s = sb_stemmer_stem(st, text + w[k].off, (int)w[k].len);
        if (s) check += (size_t)sb_stemmer_length(st);
    }
    double secs = peer_now() - t0;
    peer_report("snowball", n, nw, secs);
    printf("stem_bytes=%zu\n", check);
    sb_stemmer_delete(st);
    free(w);
    free(text);
    return 0;
}
