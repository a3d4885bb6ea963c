/* sentences.c: sentence spans over the token stream: terminators, line and paragraph breaks,
 * with decimals, dates, abbreviations and quoted speech kept whole. */
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "text/utf8.h"
#include "util/error.h"

typedef struct {
    ak_token *arr;
    size_t n, cap;
} spans;

static int push(spans *sp, size_t start, size_t end, size_t bstart, size_t bend)
{
    if (sp->n == sp->cap) {
        size_t ncap = sp->cap ? sp->cap * 2 : 16;
        ak_token *g = realloc(sp->arr, ncap * sizeof *g);
        if (!g) return ak_set_error(AK_ENOMEM, "sentences: out of memory");
        sp->arr = g;
        sp->cap = ncap;
    }
    sp->arr[sp->n++] = (ak_token){start, end, bstart, bend, 0};
    return AK_OK;
}

static uint32_t first_cp(const char *text, const ak_token *t)
{
    uint32_t cp = 0;
    ak_utf8_decode((const unsigned char *)text + t->byte_start, t->byte_end - t->byte_start, &cp);
    return cp;
}

static int is_terminator(uint32_t cp)
{
    return cp == '.' || cp == '?' || cp == '!' || cp == 0x061F || cp == 0x2026 || cp == 0x061B ||
           cp == 0x06D4;
}

static int is_open_quote(uint32_t cp) { return cp == 0xAB || cp == 0x201C || cp == 0x2039; }
static int is_close_quote(uint32_t cp) { return cp == 0xBB || cp == 0x201D || cp == 0x203A; }
static int is_close_bracket(uint32_t cp) { return cp == ')' || cp == ']' || cp == '}'; }

/* Line breaks in a gap between tokens. */
static int newlines(const char *text, size_t from, size_t to)
{
    int nl = 0;
    for (size_t i = from; i < to; i++) nl += text[i] == '\n';
    return nl;
}

/* Latin abbreviations that take a full stop inside a sentence. */
static int latin_abbrev(const char *s, size_t n)
{
    static const char *const list[] = {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs", "etc",
                                       "Inc", "Ltd", "Co", "Corp", "No", "Gen", "Col", "Lt", "Sgt",
                                       "Rep", "Sen", "Gov", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"};
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0) return 1;
    return n == 1 && s[0] >= 'A' && s[0] <= 'Z'; /* U.S., J. Smith */
}

/* Arabic abbreviations are single letters with a full stop: د. م. أ. ص.ب. */
static int arabic_single_letter(const char *text, const ak_token *t)
{
    const unsigned char *s = (const unsigned char *)text;
    int letters = 0;
    size_t i = t->byte_start;
    while (i < t->byte_end) {
        uint32_t cp;
        size_t k = ak_utf8_decode(s + i, t->byte_end - i, &cp);
        if (!k) return 0;
        if (!((cp >= 0x610 && cp <= 0x61A) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 || cp == 0x640 ||
              (cp >= 0x200B && cp <= 0x200F)))
            letters++;
        i += k;
    }
    return letters == 1;
}

/* Is the full stop `t` (after `prev`, before `next`) an abbreviation's, not an end? */
static int abbrev_stop(const char *text, const ak_token *prev, const ak_token *t, const ak_token *next)
{
    if (prev && prev->byte_end == t->byte_start) {
        if (prev->kind == AK_TOK_ARABIC && arabic_single_letter(text, prev)) return 1;
        if (prev->kind == AK_TOK_LATIN && latin_abbrev(text + prev->byte_start, prev->byte_end - prev->byte_start))
            return 1;
    }
    /* example.com, No.5: a stop glued to a Latin word or number on its right. */
    return next && next->byte_start == t->byte_end && (next->kind == AK_TOK_LATIN || next->kind == AK_TOK_NUMBER);
}

typedef struct {
    const char *text;
    unsigned flags;
    spans sp;
    int open;             /* a sentence is under way */
    ak_token first, last; /* its first and last tokens */
    int depth, dq;        /* « » “ ” nesting; ASCII " toggles */
    int pending;          /* a terminator ended it: close before the next word */
    int term_in_quote;    /* the last token was a terminator inside quotes */
    ak_token prev;        /* the token before the current one */
    int prev_valid;
    size_t ntok, max_tok; /* tokens in the open sentence; the cap (ak_limits) */
} splitter;

static int close_sentence(splitter *p)
{
    p->open = 0;
    p->pending = 0;
    return push(&p->sp, p->first.start, p->last.end, p->first.byte_start, p->last.byte_end);
}

static int feed_token(splitter *p, const ak_token *t, const ak_token *next);

/* Handles one token and remembers it as the previous one. */
static int feed(splitter *p, const ak_token *t, const ak_token *next)
{
    int rc = feed_token(p, t, next);
    p->prev = *t;
    p->prev_valid = 1;
    return rc;
}

/* Handles one token; next is the token after it (or NULL), for look-ahead. */
static int feed_token(splitter *p, const ak_token *t, const ak_token *next)
{
    int rc;
    uint32_t cp = first_cp(p->text, t);
    int punct = t->kind == AK_TOK_PUNCT;
    if (p->open) {
        int nl = newlines(p->text, p->last.byte_end, t->byte_start);
        int glued = p->last.byte_end == t->byte_start;
        if (nl >= 2 || (nl == 1 && (p->flags & AK_SENT_LINES))) {
            if ((rc = close_sentence(p))) return rc;
            p->depth = p->dq = 0; /* quotes never run across paragraphs */
        } else if (p->pending) {
            int trailing = punct && glued && (is_terminator(cp) || is_close_quote(cp) || is_close_bracket(cp) ||
                                              (cp == '"' && p->dq));
            if (!trailing && (rc = close_sentence(p))) return rc;
        }
    }
    /* a run-on sentence (a table, a page without punctuation) is cut at the cap so
     * no later stage sees an unbounded one */
    if (p->open && p->ntok >= p->max_tok && (rc = close_sentence(p))) return rc;
    if (!p->open) {
        p->open = 1;
        p->first = *t;
        p->term_in_quote = 0;
        p->ntok = 0;
    }
    p->ntok++;
    p->last = *t;
    if (!punct) { p->term_in_quote = 0; return AK_OK; }
    int was_term_in_quote = p->term_in_quote;
    p->term_in_quote = 0;
    if (is_open_quote(cp)) p->depth++;
    else if (is_close_quote(cp) || (cp == '"' && p->dq)) {
        if (cp == '"') p->dq = 0;
        else if (p->depth > 0) p->depth--;
        /* «... انتهى.» : the quote closes the sentence. */
        if (was_term_in_quote && p->depth + p->dq == 0) p->pending = 1;
        else if (was_term_in_quote) p->term_in_quote = 1;
    } else if (cp == '"') p->dq = 1;
    else if (is_terminator(cp)) {
        if (cp == '.' && abbrev_stop(p->text, p->prev_valid ? &p->prev : NULL, t, next)) return AK_OK;
        if (p->depth + p->dq == 0) p->pending = 1;
        else p->term_in_quote = 1;
    }
    return AK_OK;
}

AK_API int ak_sentences(const char *text, size_t len, unsigned flags, ak_token **out, size_t *n)
{
    if ((!text && len) || !out || !n) return ak_set_error(AK_EINVAL, "sentences: bad argument");
    *out = NULL;
    *n = 0;
    splitter p;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.flags = flags;
    ak_limits lim;
    ak_limits_get(&lim);
    p.max_tok = lim.sentence_tokens;
    ak_token_iter it;
    ak_token cur, nxt;
    ak_token_iter_init(&it, text, len);
    int rc = ak_token_next(&it, &cur), have = rc == 1;
    while (have && rc >= 0) {
        rc = ak_token_next(&it, &nxt);
        int more = rc == 1;
        int frc = feed(&p, &cur, more ? &nxt : NULL);
        if (frc) { free(p.sp.arr); return frc; }
        cur = nxt;
        have = more;
    }
    if (rc < 0) { free(p.sp.arr); return rc; }
    if (p.open && (rc = close_sentence(&p))) { free(p.sp.arr); return rc; }
    *out = p.sp.arr;
    *n = p.sp.n;
    return AK_OK;
}
