/* report_internal.h: the report's own copy of what it shows, shared by the JSON
 * and HTML writers; plus the bridge from the library's article record. */
#ifndef AK_REPORT_INTERNAL_H
#define AK_REPORT_INTERNAL_H
#include <stddef.h>
#include <stdio.h>

#include "akhbar.h"
#include "util/buf.h"

typedef struct rp_removed {
    char *text;
    const char *reason; /* points into rp_article.reasons or a static string */
    char *reason_own;
} rp_removed;

typedef struct rp_time {
    char *text;
    size_t start, end;  /* code points into the article text, when has_span */
    int has_span;
    char type[12];
    char value[48];
    char mod[8];
} rp_time;

/* An entity mention of the persisted analysis: code points into the text. */
typedef struct rp_mention {
    size_t start, end;
    char type[8];
    char *name;  /* the linked entity's canonical name */
} rp_mention;

typedef struct rp_article {
    char *id, *source, *title, *url, *origin;
    char *published, *published_from, *published_evidence, *duplicate_of;
    char *text;
    rp_removed *removed;
    size_t n_removed;
    rp_time *times;
    size_t n_times;
    rp_mention *ments;
    size_t n_ments;
    char *story;        /* the story it belongs to (from the store), or NULL */
    char *near_of;      /* the article it duplicates or rewrites (near-duplicate), or NULL */
    char *near_class;   /* "duplicate" or "rewrite" */
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

/* The report's writers flush their buffer to the file past this many bytes. */
#define RP_FLUSH ((size_t)4 << 20)

/* Writes b to f and empties it once it holds min bytes or more (0: whatever it holds);
 * f NULL: b is kept whole. AK_OK or AK_EIO. */
int rp_flush(ak_buf *b, FILE *f, size_t min);

/* Appends s (a string the report holds): written to f directly after b's bytes, or
 * appended to b when f is NULL. AK_OK, AK_EIO or AK_ENOMEM. */
int rp_put_big(ak_buf *b, FILE *f, const char *s);

/* report.html into b, flushed to f (or kept whole when f is NULL). */
int rp_html_emit(const ak_report *r, ak_buf *b, FILE *f);

/* Arabic label of a removal reason / of a date's origin (falls back to the key). */
const char *rp_reason_label(const char *reason);
const char *rp_from_label(const char *from);

/* Creates dir and its parents; 0 or -1 (errno set). */
int rp_mkdir_p(const char *dir);

/* Ingests paths[0..n) into the database at db_path (created if needed), then
 * adds every stored article and recorded duplicate, and this run's rejections,
 * to r. Returns AK_OK or the store's status (AK_EDB, AK_ENOMEM). */
int rp_load_db(ak_report *r, const char *db_path, const char *const *paths, size_t n);

/* Opens (creating its folder and the file if needed) the database at path. */
int rp_open_db(const char *path, ak_db **db);

/* Ingests paths[0..n) into db; each rejected record is added to r. */
int rp_ingest(ak_report *r, ak_db *db, const char *const *paths, size_t n);

/* Adds an article copied from the store without analyzing it again: the
 * caller fills times, mentions and links from the store. Returns the copy. */
int rp_add_plain(ak_report *r, const ak_report_article *a, rp_article **out);

/* Adds a section the report built itself, taking json's and html's memory (both emptied):
 * no copy and no parse of the whole JSON (valid by construction), so a section of tens of MB
 * is held once. AK_OK, AK_EINVAL (id added twice, bad UTF-8) or AK_ENOMEM. */
int rp_add_section_own(ak_report *r, const char *id, const char *heading, ak_buf *json, ak_buf *html);

/* The "stories", "entities" and "near-duplicates" sections from the store. */
int rp_add_db_sections(ak_report *r, ak_db *db);

/* Day number of the start of a TIMEX value ("2024-03", "2024-03-11/2024-03-13", "2024"),
 * taking the middle of a month or year; AK_STORY_NO_DAY when it has no date. */
int32_t rp_value_day(const char *value);

#endif
