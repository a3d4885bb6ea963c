/* html.c: the article text of an HTML page through libgumbo.
 * Drops scripts, styles and page furniture; block elements become line breaks. */
#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ingest/ingest.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

/* Elements whose whole subtree is never article text. */
static int skipped(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_HEAD: case GUMBO_TAG_OBJECT: case GUMBO_TAG_CANVAS:
        return 1;
    default:
        return 0;
    }
}

/* Elements that start and end a line of text. */
static int block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_TR: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_ADDRESS:
        return 1;
    default:
        return 0;
    }
}

/* Ends the current line unless the output already ends one. */
static void newline(ak_buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->len--;
    if (b->len > 0 && b->data[b->len - 1] != '\n')
        ak_buf_putc(b, '\n');
}

/* Appends text with every run of blank space made one space. A byte that starts no
 * valid UTF-8 sequence becomes U+FFFD: libgumbo writes a numeric reference past
 * U+10FFFF ("&#393394156697;") as one stray byte. */
static void put_text(ak_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = ak_utf8_decode((const unsigned char *)s, strnlen(s, 4), &cp);
            if (k) { ak_buf_append(b, s, k); s += k - 1; }
            else ak_buf_append(b, "\xEF\xBF\xBD", 3);
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            if (b->len > 0 && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
                ak_buf_putc(b, ' ');
        } else {
            ak_buf_putc(b, (char)c);
        }
    }
}

/* Iterative walk (an explicit stack) so deeply nested pages cannot overflow the C stack. */
typedef struct frame { const GumboNode *node; unsigned next; } frame;

static int walk(const GumboNode *root, ak_buf *b)
{
    size_t cap = 64, n = 0;
    frame *st = malloc(cap * sizeof *st);
    if (!st) return AK_ENOMEM;
    st[n++] = (frame){root, 0};
    while (n > 0) {
        frame *f = &st[n - 1];
        const GumboNode *nd = f->node;
        if (nd->type == GUMBO_NODE_TEXT || nd->type == GUMBO_NODE_WHITESPACE ||
            nd->type == GUMBO_NODE_CDATA) {
            put_text(b, nd->v.text.text);
            n--;
            continue;
        }
        if (nd->type != GUMBO_NODE_ELEMENT && nd->type != GUMBO_NODE_DOCUMENT &&
            nd->type != GUMBO_NODE_TEMPLATE) {
            n--;
            continue;
        }
        const GumboVector *kids = nd->type == GUMBO_NODE_DOCUMENT ? &nd->v.document.children
                                                                  : &nd->v.element.children;
        GumboTag tag = nd->type == GUMBO_NODE_DOCUMENT ? GUMBO_TAG_UNKNOWN : nd->v.element.tag;
        if (f->next == 0) {
            if (tag != GUMBO_TAG_UNKNOWN && skipped(tag)) { n--; continue; }
            if (block(tag)) newline(b);
        }
        if (f->next < kids->length) {
            const GumboNode *child = kids->data[f->next++];
            if (n == cap) {
                frame *g = realloc(st, 2 * cap * sizeof *st);
                if (!g) { free(st); return AK_ENOMEM; }
                st = g;
                cap *= 2;
            }
            st[n++] = (frame){child, 0};
            continue;
        }
        if (block(tag)) newline(b);
        n--;
    }
    free(st);
    return b->failed ? AK_ENOMEM : AK_OK;
}

int ak_html_extract(const char *html, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    GumboOptions opt = kGumboDefaultOptions;
    GumboOutput *g = gumbo_parse_with_options(&opt, html, len);
    if (!g) return ak_set_error(AK_ENOMEM, "out of memory parsing HTML");
    ak_buf b = AK_BUF_INIT;
    int rc = walk(g->document, &b);
    gumbo_destroy_output(&opt, g);
    if (rc != AK_OK) {
        ak_buf_free(&b);
        return ak_set_error(AK_ENOMEM, "out of memory extracting HTML text");
    }
    newline(&b);
    /* Drop the leading line break a block at the top leaves. */
    size_t skip = 0;
    while (skip < b.len && b.data[skip] == '\n') skip++;
    ak_buf out_b = AK_BUF_INIT;
    ak_buf_append(&out_b, b.data ? b.data + skip : "", b.len - skip);
    ak_buf_cstr(&out_b);
    ak_buf_free(&b);
    if (out_b.failed) { ak_buf_free(&out_b); return ak_set_error(AK_ENOMEM, "out of memory"); }
    *out = ak_buf_detach(&out_b, out_len);
    if (!*out) { *out = calloc(1, 1); if (!*out) return AK_ENOMEM; }
    return AK_OK;
}
