/* buf.h: a growable byte buffer, the one way the library builds strings.
 * Growth doubles, so appending is amortized O(1); failures are sticky. */
#ifndef AK_UTIL_BUF_H
#define AK_UTIL_BUF_H
#include <stddef.h>

typedef struct ak_buf {
    char *data;   /* always NUL-terminated when len > 0 or after ak_buf_cstr */
    size_t len;
    size_t cap;
    int failed;   /* set once an allocation failed; later appends are no-ops */
} ak_buf;

#define AK_BUF_INIT {0, 0, 0, 0}

int ak_buf_reserve(ak_buf *b, size_t extra);      /* 0 or AK_ENOMEM */
int ak_buf_append(ak_buf *b, const void *p, size_t n);
int ak_buf_putc(ak_buf *b, char c);
int ak_buf_puts(ak_buf *b, const char *s);
int ak_buf_printf(ak_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends `s` as the body of a JSON string (no quotes), escaping as needed. */
int ak_buf_json_escape(ak_buf *b, const char *s, size_t n);
/* Appends `s` escaped for HTML text and attribute values. */
int ak_buf_html_escape(ak_buf *b, const char *s, size_t n);
const char *ak_buf_cstr(ak_buf *b);               /* "" for an empty buffer */
char *ak_buf_detach(ak_buf *b, size_t *len);      /* caller frees; buffer reset */
void ak_buf_reset(ak_buf *b);                     /* len = 0, keeps memory */
void ak_buf_free(ak_buf *b);

#endif
