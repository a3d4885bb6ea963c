/* charref.c: HTML character references left in plain-text fields (feeds often send
 * titles like "&quot;سبق&quot;" or "&#8220;...&#8221;"), decoded in place, and the
 * tidying of a record's title for display. */
#include <string.h>

#include "ingest/ingest.h"
#include "text/text_internal.h"
#include "text/utf8.h"

typedef struct { const char *name; unsigned cp; } named_ref;

/* The references news feeds actually carry; any other stays as written. */
static const named_ref named[] = {
    {"quot", '"'},      {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"apos", '\''},
    {"nbsp", 0xA0},     {"laquo", 0xAB},    {"raquo", 0xBB},    {"ndash", 0x2013},  {"mdash", 0x2014},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"hellip", 0x2026},
};

/* A code point a reference may stand for: no NUL, no C1 controls (the
 * Windows-1252 guesses of HTML), no surrogates, nothing past U+10FFFF. */
static int usable(unsigned long cp)
{
    return cp && !(cp >= 0x80 && cp <= 0x9F) && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
}

/* The reference at s[0] == '&' (n bytes left): its code point and length, or 0. */
static size_t parse_ref(const char *s, size_t n, unsigned long *cp)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        int hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
        i += hex ? 2 : 1;
        size_t start = i;
        unsigned long v = 0;
        for (; i < n && i - start < 8; i++) {
            char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                    : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                    : -1;
            if (d < 0) break;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (i == start || i >= n || s[i] != ';' || !usable(v)) return 0;
        *cp = v;
        return i + 1;
    }
    for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
        size_t m = strlen(named[k].name);
        if (1 + m < n && !memcmp(s + 1, named[k].name, m) && s[1 + m] == ';') {
            *cp = named[k].cp;
            return m + 2;
        }
    }
    return 0;
}

size_t ak_charref_decode(char *s, size_t n)
{
    char *amp = memchr(s, '&', n);
    if (!amp) return n;
    size_t r = (size_t)(amp - s), w = r;
    while (r < n) {
        unsigned long cp;
        size_t k = s[r] == '&' ? parse_ref(s + r, n - r, &cp) : 0;
        if (!k) {
            s[w++] = s[r++];
            continue;
        }
        /* Every reference is longer than its UTF-8 bytes ("&#65536;" is 8 for 4), so
         * writing behind the reading position is safe. */
        w += ak_utf8_encode((uint32_t)cp, s + w);
        r += k;
    }
    if (w < n) s[w] = '\0';
    return w;
}

static int blank(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0; }

size_t ak_title_tidy(char *s, size_t n)
{
    n = ak_charref_decode(s, n);
    size_t r = 0, w = 0;
    int gap = 0;
    while (r < n) {
        uint32_t cp;
        size_t k = ak_utf8_decode((const unsigned char *)s + r, n - r, &cp);
        if (!k) { s[w++] = s[r++]; continue; } /* checked by the reader; kept as it is otherwise */
        if (ak_text_is_invisible(cp)) { r += k; continue; }
        if (blank(cp)) { gap = w > 0; r += k; continue; }
        if (gap) { s[w++] = ' '; gap = 0; }
        memmove(s + w, s + r, k);
        w += k;
        r += k;
    }
    if (w < n) s[w] = '\0';
    return w;
}
