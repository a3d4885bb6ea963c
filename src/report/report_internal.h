/* report_internal.h: the report's own copy of what it shows, shared by the JSON
 * and HTML writers; plus the bridge from the library's article record. */
#ifndef AK_REPORT_INTERNAL_H
#define AK_REPORT_INTERNAL_H
#include <stddef.h>

#include "akhbar.h"

typedef struct rp_removed {
    char *text;
    const char *reason; /* points into rp_article.reasons or a static string */
    char *reason_own;
} rp_removed;

typedef struct rp_time {
    char *text;
    char type[12];
    char value[48];
    char mod[8];
} rp_time;

typedef struct rp_article {
    char *id, *source, *title, *url, *origin;
    char *published, *published_from, *published_evidence, *duplicate_of;
    char *text;
    rp_removed *removed;
    size_t n_removed;
    rp_time *times;
    size_t n_times;
} rp_article;

typedef struct rp_pair { char *a, *b; } rp_pair;
typedef struct rp_reject { char *origin; size_t line; char *reason; } rp_reject;
typedef struct rp_section { char *id, *heading, *json, *html; } rp_section;

struct ak_report {
    rp_article *art;
    size_t n_art, cap_art;
    rp_pair *dups;          /* duplicates not listed as articles: id, of */
    size_t n_dups;
    rp_reject *rej;
    size_t n_rej;
    char **inputs;
    size_t n_inputs;
    rp_section *sec;
    size_t n_sec;
};

/* Arabic label of a removal reason / of a date's origin (falls back to the key). */
const char *rp_reason_label(const char *reason);
const char *rp_from_label(const char *from);

/* Creates dir and its parents; 0 or -1 (errno set). */
int rp_mkdir_p(const char *dir);

/* Ingests paths[0..n) into the database at db_path (created if needed), then
 * adds every stored article and recorded duplicate, and this run's rejections,
 * to r. Returns AK_OK or the store's status (AK_EDB, AK_ENOMEM). */
int rp_load_db(ak_report *r, const char *db_path, const char *const *paths, size_t n);

/* Groups the report's articles into stories (story clusterer) and adds the
 * "stories" section. Returns AK_OK or a negative status. */
int rp_add_stories(ak_report *r);

#endif
