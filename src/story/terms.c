/* terms.c: the public form of the story features, so a binding (Python, a distributed
 * run) feeds ak_story_doc exactly the terms the report's own clustering uses. */
#include <stdlib.h>

#include "story/features.h"
#include "util/buf.h"
#include "util/error.h"

static void put_term(const char *stem, size_t len, void *ctx)
{
    ak_buf *b = ctx;
    ak_buf_append(b, stem, len);
    ak_buf_putc(b, '\n');
}

AK_API int ak_story_terms(const char *text, size_t len, char **out, size_t *out_len)
{
    if (!out || (!text && len)) return ak_set_error(AK_EINVAL, "story terms: no text or no output");
    *out = NULL;
    if (out_len) *out_len = 0;
    ak_buf b = AK_BUF_INIT;
    if (text) ak_story_stems(text, len, put_term, &b);
    if (b.failed) {
        ak_buf_free(&b);
        return ak_set_error(AK_ENOMEM, "story terms: out of memory");
    }
    size_t n = 0;
    char *s = ak_buf_detach(&b, &n); /* NUL-terminated; "" allocated for no terms */
    if (!s) return ak_set_error(AK_ENOMEM, "story terms: out of memory");
    if (out_len) *out_len = n;
    *out = s;
    return AK_OK;
}
