/* features.h: builds the per-article feature record the story clusterer reads
 * (stems of title and body, sentences) from plain text, for tests, benchmarks and the CLI. */
#ifndef AK_STORY_FEATURES_H
#define AK_STORY_FEATURES_H
#include <stddef.h>
#include <stdint.h>

#include "akhbar.h"

/* Owns every string it points to; fill with ak_story_feats_build, release with
 * ak_story_feats_clear. The arrays feed an ak_story_doc directly. */
typedef struct ak_story_feats {
    char *pool;                 /* one allocation holding every stem, NUL-separated */
    size_t pool_len, pool_cap;
    size_t *title_off, n_title; /* offsets into pool (turned into pointers by _finish) */
    size_t *body_off, n_body;
    const char **title;         /* valid after ak_story_feats_build returns AK_OK */
    const char **body;
    size_t cap_title, cap_body;
} ak_story_feats;

/* Normalizes, tokenizes and stems `title` and `text` (either may be NULL),
 * dropping stopwords. Returns AK_OK or AK_ENOMEM. Reusable: a second call
 * replaces the previous content without freeing the buffers. */
int ak_story_feats_build(ak_story_feats *f, const char *title, const char *text);
void ak_story_feats_clear(ak_story_feats *f);

/* Appends the stems of s[0..n) (stopwords dropped) to a caller array through
 * the callback; used by the summarizer for sentence vectors. */
typedef void (*ak_story_stem_cb)(const char *stem, size_t len, void *ctx);
void ak_story_stems(const char *s, size_t n, ak_story_stem_cb cb, void *ctx);

/* Splits text into sentences: calls cb(start, end) with byte offsets for each
 * non-empty sentence (ends at . ! ? ؟ ؛ or a line break). */
typedef void (*ak_story_span_cb)(size_t start, size_t end, void *ctx);
void ak_story_sentences(const char *s, size_t n, ak_story_span_cb cb, void *ctx);

/* Whether a story stem names a Saudi place of the gazetteer (places.c): its place id
 * (below AK_STORY_PLACE_IDS; a region's own name has the region's id) and its region
 * (AK_STORY_NO_REGION when the stem names places in two regions). */
#define AK_STORY_PLACE_IDS 64
#define AK_STORY_NO_REGION 0xFFu
int ak_story_place(const char *stem, unsigned *place_id, unsigned *region_id);

/* Whether a story stem names a country (places.c; المملكة is the kingdom): its id
 * (below AK_STORY_COUNTRY_IDS). */
#define AK_STORY_COUNTRY_IDS 192
int ak_story_country(const char *stem, unsigned *country_id);

/* Days since 1970-01-01 for "YYYY-MM-DD..." (AK_STORY_NO_DAY if not a date). */
int32_t ak_story_day(const char *iso);

#endif
