/* text_internal.h: what the text-core files share and tests may reach: table set-up,
 * the raw normalizer (no error message), code-point classes and the stopword table. */
#ifndef AK_TEXT_INTERNAL_H
#define AK_TEXT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

/* Zero-width and bidi controls (U+200B-200F, U+202A-202E, U+2066-2069, U+061C, U+FEFF):
 * what normalization removes and a displayed title can do without. */
static inline int ak_text_is_invisible(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0xFEFF;
}

/* Builds the read-only normalization tables once (thread-safe, idempotent). */
void ak_text_tables_init(void);

/* ak_normalize_buf without setting the error message; *bad gets the offset of
 * invalid UTF-8 (AK_EUTF8). */
int ak_text_normalize_raw(const char *text, size_t len, unsigned flags, char *out, size_t cap,
                          size_t *need, size_t *bad);

/* One rule for a code point of U+0600-06FF: the flag that enables it and what the
 * code point becomes (0 = removed). flag 0 means the code point is kept. Shared with
 * the tokenizer, which normalizes Arabic words while it scans them. */
typedef struct { uint16_t flag, to; } ak_norm_rule;
extern ak_norm_rule ak_norm_arabic_rules[256];

/* Writes the normalized form of a U+0600-06FF code point (2 bytes d8..db xx) to d
 * (2 bytes of room); returns its length (0, 1 or 2). */
static inline size_t ak_norm_emit_arabic(uint32_t cp, unsigned flags, const unsigned char *src, char *d)
{
    ak_norm_rule r = ak_norm_arabic_rules[cp - 0x600];
    if (!(flags & r.flag)) { d[0] = (char)src[0]; d[1] = (char)src[1]; return 2; }
    if (!r.to) return 0;
    if (r.to < 0x80) { d[0] = (char)r.to; return 1; }
    d[0] = (char)(0xC0 | (r.to >> 6));
    d[1] = (char)(0x80 | (r.to & 0x3F));
    return 2;
}

/* The normalizer's one pass over s[0..n): writes what fits in cap, returns the full
 * length, or SIZE_MAX on invalid UTF-8 (offset in *bad). Tables must be built. */
size_t ak_text_norm_core(const unsigned char *s, size_t n, unsigned flags, char *out, size_t cap,
                         size_t *bad);

/* Code-point classes of the tokenizer. */
enum {
    AK_CL_SPACE = 0,  /* white space and C0/C1 controls: always a gap */
    AK_CL_ARABIC,     /* Arabic letter (base block, supplements, presentation forms) */
    AK_CL_AR_MARK,    /* Arabic mark or tatweel: continues an Arabic word */
    AK_CL_CONTROL,    /* zero-width / bidi / format control: inside a word only */
    AK_CL_LETTER,     /* letter of another script */
    AK_CL_MARK,       /* other combining mark: continues any word */
    AK_CL_DIGIT,      /* decimal digit of any script */
    AK_CL_PUNCT,
    AK_CL_SYMBOL
};
int ak_text_class(uint32_t cp);

/* The compiled stopword table (sorted bytewise, normalized), for the sync test. */
extern const char *const ak_stopwords[];
extern const size_t ak_stopwords_count;

#endif
