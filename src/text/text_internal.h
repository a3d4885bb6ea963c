/* text_internal.h: what the text-core files share and tests may reach: table set-up,
 * the raw normalizer (no error message), code-point classes and the stopword table. */
#ifndef AK_TEXT_INTERNAL_H
#define AK_TEXT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

/* Builds the read-only normalization tables once (thread-safe, idempotent). */
void ak_text_tables_init(void);

/* ak_normalize_buf without setting the error message; *bad gets the offset of
 * invalid UTF-8 (AK_EUTF8). */
int ak_text_normalize_raw(const char *text, size_t len, unsigned flags, char *out, size_t cap,
                          size_t *need, size_t *bad);

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
