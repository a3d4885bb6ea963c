/* buf.c: growable byte buffer with JSON and HTML escaping.
 * Escapers live here because every output stage (CLI, report, API) needs them. */
#include "util/buf.h"
#include "akhbar.h"
#include "text/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ak_buf_reserve(ak_buf *b, size_t extra)
{
    if (b->failed) return AK_ENOMEM;
    if (b->len + extra + 1 <= b->cap) return AK_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) { b->failed = 1; return AK_ENOMEM; }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) { b->failed = 1; return AK_ENOMEM; }
    b->data = p;
    b->cap = cap;
    return AK_OK;
}

int ak_buf_append(ak_buf *b, const void *p, size_t n)
{
    if (ak_buf_reserve(b, n)) return AK_ENOMEM;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return AK_OK;
}

int ak_buf_putc(ak_buf *b, char c) { return ak_buf_append(b, &c, 1); }

int ak_buf_puts(ak_buf *b, const char *s) { return ak_buf_append(b, s, strlen(s)); }

int ak_buf_printf(ak_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return AK_EINVAL;
    if (ak_buf_reserve(b, (size_t)n)) return AK_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return AK_OK;
}

int ak_buf_json_escape(ak_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0; /* start of the pending run of bytes that need no escape */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            /* a two-byte sequence (Arabic letters), checked here as ak_utf8_decode would */
            if (c >= 0xC2 && c < 0xE0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) { i++; continue; }
            /* JSON text is UTF-8: a byte that starts no valid sequence (a cut message, a
             * parser's echo of bad input) is written as U+FFFD. */
            uint32_t cp;
            size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (k) { i += k - 1; continue; }
            if (ak_buf_append(b, s + run, i - run) || ak_buf_append(b, "\xEF\xBF\xBD", 3)) return AK_ENOMEM;
            run = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        if (ak_buf_append(b, s + run, i - run)) return AK_ENOMEM;
        run = i + 1;
        char esc[7] = {'\\', 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            len = 6;
        }
        if (ak_buf_append(b, esc, len)) return AK_ENOMEM;
    }
    return ak_buf_append(b, s + run, n - run);
}

int ak_buf_html_escape(ak_buf *b, const char *s, size_t n)
{
    /* the five specials are '>' or below: one comparison passes every byte of Arabic letters */
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        if ((unsigned char)s[i] > '>') continue;
        switch (s[i]) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        if (ak_buf_append(b, s + run, i - run) || ak_buf_puts(b, rep)) return AK_ENOMEM;
        run = i + 1;
    }
    return ak_buf_append(b, s + run, n - run);
}

const char *ak_buf_cstr(ak_buf *b) { return b->data ? b->data : ""; }

char *ak_buf_detach(ak_buf *b, size_t *len)
{
    char *p = b->data;
    if (!p) p = calloc(1, 1);
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
    return p;
}

void ak_buf_reset(ak_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void ak_buf_free(ak_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
