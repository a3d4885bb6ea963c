/* article.h: one article as it travels through the stages, before and after cleaning.
 * Internal to the library; every string is NUL-terminated UTF-8 owned by the struct. */
#ifndef AK_INGEST_ARTICLE_H
#define AK_INGEST_ARTICLE_H
#include <stddef.h>

/* A line removed from the raw text as page chrome, in byte offsets of `raw`. */
typedef struct ak_removed {
    size_t start, end;
    const char *reason; /* static string: "ui", "latin-line", "repeated", "caption", "byline", "dateline", ... */
} ak_removed;

typedef struct ak_article {
    char *id;             /* JSONL id, file name without extension, or content hash */
    char *url, *source, *title, *author; /* NULL when absent */
    char *published;      /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; NULL when unknown */
    const char *published_from; /* static: "record", "chrome", NULL */
    char *raw;            /* text as received (HTML already reduced to text) */
    size_t raw_len;
    char *text;           /* cleaned text: chrome lines removed, other lines as they were */
    size_t text_len;
    ak_removed *removed;  /* chrome lines, in order */
    size_t n_removed;
    char *origin;         /* file name (or "<stdin>") and */
    size_t line;          /* 1-based line (JSONL) or 0, for messages */
} ak_article;

/* Frees every field and zeroes the struct; NULL is a no-op. */
void ak_article_clear(ak_article *a);

#endif
