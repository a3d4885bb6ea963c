/* ingest.h: internal interface of the ingestion stage: input readers, HTML
 * extraction and page-chrome removal, used by the store's ingest loop and tests. */
#ifndef AK_INGEST_INGEST_H
#define AK_INGEST_INGEST_H
#include <stddef.h>
#include <stdio.h>

#include "ingest/article.h"

/* Extracts the article text of an HTML page (libgumbo): no script, style,
 * nav, header, footer, aside, form, noscript, template; block elements end
 * lines; runs of blank space inside a line collapse. *out is malloc'd. */
int ak_html_extract(const char *html, size_t len, char **out, size_t *out_len);

/* What the reader hands over for each record: an article (ok == 1) or a
 * rejection (ok == 0, reason set). The callback owns nothing: it copies or
 * steals fields of *a (setting them NULL). Non-zero return stops reading. */
typedef int (*ak_record_fn)(ak_article *a, int ok, const char *reason, void *ctx);

/* Parses one JSONL record (line[0..n), no newline) into *a (fields malloc'd).
 * Returns AK_OK or a negative status with the reason in `reason` (cap bytes). */
int ak_jsonl_parse(const char *line, size_t n, ak_article *a, char *reason, size_t cap);
/* The same through jansson alone (no fast path): the reference the fast path is fuzzed against. */
int ak_jsonl_parse_reference(const char *line, size_t n, ak_article *a, char *reason, size_t cap);

/* Reads one input path (file, directory, or "-" for stdin) and calls fn per
 * record, in a deterministic order. max_record: byte limit per record (0: the
 * process-wide ak_limits one).
 * Returns AK_OK, AK_EIO (path unreadable: also reported through fn) or fn's value. */
int ak_read_path(const char *path, size_t max_record, ak_record_fn fn, void *ctx);

/* Decodes the HTML character references a plain-text field may carry (&quot; &amp;
 * &#8220; &#x201D; and a few typographic names) in place; any other '&' stays.
 * Returns the new length (never longer); s[len] = 0 when shorter. */
size_t ak_charref_decode(char *s, size_t n);

/* A record's title for display, in place: references decoded, zero-width and bidi
 * controls dropped, runs of blank space made one space, trimmed. Returns the length. */
size_t ak_title_tidy(char *s, size_t n);

/* The per-source line-frequency model, as seen by the chrome cleaner:
 * returns how many stored articles of `source` contain the line, and how
 * many articles of that source there are. */
typedef struct ak_chrome_model {
    int (*count)(void *ctx, const char *source, unsigned long long line_hash, unsigned *n_line,
                 unsigned *n_source);
    void *ctx;
} ak_chrome_model;

/* A line recurring in at least this many articles of one source, and in at
 * least AK_CHROME_REPEAT_FRAC of them, is chrome (docs/ingest.md). */
#define AK_CHROME_REPEAT_MIN 5
#define AK_CHROME_REPEAT_FRAC 0.01
/* Bylines are looked for among the first and last non-empty lines only. */
#define AK_CHROME_BYLINE_TOP 5
#define AK_CHROME_BYLINE_BOTTOM 2
/* Lines longer than this are never taken as repeated chrome. */
#define AK_CHROME_REPEAT_MAXLEN 300

/* Hash of a line as the model keys it (trimmed). */
unsigned long long ak_chrome_line_hash(const char *s, size_t n);

/* Splits a->raw into kept text and removed lines (a->text, a->removed),
 * sets a->title when absent, and a->published (published_from "chrome")
 * from a date line when absent. model may be NULL. Replaces any earlier
 * text/removed. Returns AK_OK or AK_ENOMEM. */
int ak_chrome_clean(ak_article *a, const ak_chrome_model *model);

/* 1 when text has a letter or digit of any script; 0 for only blank space,
 * invisible controls and punctuation (an empty article). */
int ak_text_has_content(const char *s, size_t n);

/* Calls fn for each distinct candidate line of raw that the frequency model
 * should count (trimmed, non-empty, at most AK_CHROME_REPEAT_MAXLEN bytes). */
int ak_chrome_each_line(const char *raw, size_t len,
                        int (*fn)(unsigned long long hash, void *ctx), void *ctx);

#endif
