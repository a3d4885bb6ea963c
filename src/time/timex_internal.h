/* timex_internal.h: the time stage's shared internals: lexicon classes, tokens and
 * the tagger entry point used by the dateline recognizer, DCT inference and timelines. */
#ifndef AK_TIME_TIMEX_INTERNAL_H
#define AK_TIME_TIMEX_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "akhbar.h"

#define TX_WMAX 48

enum tx_class {
    C_NONE = 0, C_GMONTH, C_LMONTH, C_KANUN, C_TISHRIN, C_HMONTH, C_RABI, C_JUMADA, C_DHU, C_DHUX,
    C_EMONTH, C_EWEEKDAY, C_ORD, C_AWWAL, C_WEEKDAY, C_TODAY, C_RELDAY, C_GHAD, C_UNIT, C_NUMW, C_DIR,
    C_THIS, C_MOD, C_SEASON, C_QUARTER, C_HOURW, C_AMPM, C_TZ, C_TZW, C_HOURN, C_HMARK, C_GMARK,
    C_PREP, C_AND, C_EVERY, C_MANNER, C_SETADJ, C_SETADV, C_FUTURE, C_CHROME, C_EQUIV, C_HALF,
    C_NAMEHEAD, C_GHURRA, C_DAYADJ, C_DECADEW, C_YEARS2, C_EVENT, C_BCW, C_NEWADJ, C_HOLYADJ, C_APPROX,
    C_INCIDENT, C_THIRD, C_SECS2
};
enum { U_DAY = 1, U_WEEK, U_MONTH, U_YEAR, U_HOUR, U_MIN, U_DECADE, U_CENTURY };
#define U_MASK 0xff
#define F_DUAL 0x100
#define F_PLURAL 0x200
#define F_DEF 0x400
#define F_AMB 0x800 /* a month name that is also a common word */
#define F_WEAK 0x1000 /* ... so common (آب, صفر, رجب) that it is a month only with a number or pairing */
#define DEC_BARE 0x100 /* a decade word without its article: a decade only before "القرن" */
#define F_ACC 0x2000  /* an indefinite accusative plural ("عقودا", "أياما"): a duration of unknown count */
enum { D_PAST = 1, D_NEXT, D_THIS, D_SAME };
enum { M_START = 1, M_MID, M_END, M_APPROX };
enum { P_IN = 1, P_FROM, P_TO, P_UNTIL, P_BEFORE, P_AFTER, P_SINCE, P_DURING, P_FOR, P_BETWEEN };
enum { S_DAY = 1, S_WEEK, S_MONTH, S_QUARTER, S_YEAR };
enum { TK_WORD = 1, TK_NUM, TK_PUNCT };

typedef struct tx_entry {
    const char *form;
    int16_t cls;
    int32_t val;
} tx_entry;

typedef struct tx_tok {
    size_t b0, b1;   /* bytes */
    size_t c0, c1;   /* code points */
    int32_t val;     /* number value, code point of punctuation, or lexicon value */
    int16_t cls;     /* lexicon class of a word */
    uint8_t kind;
    uint8_t ndig;
    uint8_t nl, sp;  /* newline / space before */
    uint8_t latin;
    uint8_t fut;     /* looks like a future-tense verb */
} tx_tok;

typedef struct tx_toks {
    tx_tok *t;
    size_t n, cap;
} tx_toks;

void tx_lexicon_init(void);
size_t tx_fold(const char *s, size_t n, char *out, size_t cap);
/* 1 when s[0..n) folded is w folded (prefix: begins with it). Compares a code point at a
 * time, so a word is mostly turned away at its first letter with nothing folded to a buffer. */
int tx_fold_eq(const char *s, size_t n, const char *w, int prefix);
int tx_future_prefix(const char *folded, size_t n);
/* 1 when the word (any clitics) is a month name of any calendar that is not also a
 * common word ("نيسان", "أبريل", "وشعبان" no: شعبان is also a people): the tagger of
 * names reads it as never a name. */
int tx_month_word(const char *s, size_t n);
/* Tokens of s[0..n) into v; v->t has TX_PAD zeroed tokens past v->n. */
enum { TX_PAD = 4 };
int tx_tokenize(const char *s, size_t n, tx_toks *v);

/* Tags tokens already produced by tx_tokenize. dct_days may be INT32_MIN (unknown).
 * Appends to *out (realloc'd). Returns 0 or -1 (out of memory). */
int tx_tag_tokens(const char *s, const tx_toks *v, int32_t dct_days, ak_timex **out, size_t *n,
                  size_t *cap);
/* "YYYY-MM-DD" to a day number; returns 0 or -1. */
int tx_parse_day(const char *s, int32_t *days);
#endif
