/* report_internal.h: the report's own copy of what it shows, shared by the JSON
 * and HTML writers; plus the bridge from the library's article record. */
#ifndef AK_REPORT_INTERNAL_H
#define AK_REPORT_INTERNAL_H
#include <stddef.h>
#include <stdio.h>

#include "akhbar.h"
#include "util/buf.h"
#include "util/strmap.h"

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
/* A section's JSON and HTML: held as strings, or (a section of the database, which grows
 * with the corpus) spilled to temporary files jf/hf as it was built. */
typedef struct rp_section { char *id, *heading, *json, *html; FILE *jf, *hf; } rp_section;

/* The database the report streams its articles from (from_db.c). */
typedef struct rp_stream rp_stream;

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
    rp_stream *db;          /* articles not copied in: read from the store while writing */
    size_t n_db_art;        /* how many (listed after art[], which is then empty) */
    /* ak_report_limit: with more stories or articles in the store than these, only the
     * newest stories_listed stories and their articles are listed (limited set) */
    size_t story_limit, article_limit;
    int limited;
    size_t stories_listed, stories_stored, articles_stored;
    ak_strmap keep;         /* when limited: id -> seq of each article listed */
    long long *keep_seq;    /* their seqs, ascending */
    size_t n_keep;
};

/* 1 when the article (by id or by seq) is listed: always, unless the report is limited. */
int rp_listed_id(ak_report *r, const char *id);
int rp_listed_seq(const ak_report *r, long long seq);

/* The report's writers flush their buffer to the file past this many bytes; a section of
 * the database is spilled to its temporary file past as many. */
#define RP_FLUSH ((size_t)4 << 20)
extern size_t rp_flush_bytes; /* RP_FLUSH; tests lower it to cross the limit with small data */

/* Writes b to f and empties it once it holds min bytes or more (0: whatever it holds);
 * f NULL: b is kept whole. AK_OK or AK_EIO. */
int rp_flush(ak_buf *b, FILE *f, size_t min);

/* Appends s (a string the report holds): written to f directly after b's bytes, or
 * appended to b when f is NULL. AK_OK, AK_EIO or AK_ENOMEM. */
int rp_put_big(ak_buf *b, FILE *f, const char *s);

/* Appends a section's JSON (json 1) or HTML: its string, or its spilled file copied. */
int rp_put_section(ak_buf *b, FILE *f, const rp_section *s, int json);

/* Copies a view into *out (analyze: infer a missing date and list times); AK_EINVAL with the
 * error set for a missing id or bad UTF-8. rp_article_free empties it. */
int rp_copy_article(rp_article *out, const ak_report_article *in, int analyze);
void rp_article_free(rp_article *a);

/* Every article of r's stream in store order, built with its analysis, handed to fn and
 * freed; fn's non-zero status stops the walk. */
int rp_stream_each(const ak_report *r, int (*fn)(const rp_article *a, long long seq, void *ctx), void *ctx);

/* The table of contents' fields of every article in order: id, title, date. */
int rp_stream_toc(const ak_report *r, int (*fn)(const char *id, const char *title, const char *published, void *ctx),
                  void *ctx);

/* report.html's folding for a streamed article seq: 1 when it is shown under its original;
 * else its copies' seqs (in order) in *kids, their count returned through *n. */
int rp_stream_folded(const ak_report *r, long long seq);
void rp_stream_kids(const ak_report *r, long long seq, const long long **kids, size_t *n);

/* Article seq of the stream, built with its analysis into *out. */
int rp_stream_get(const ak_report *r, long long seq, rp_article *out);

/* Copies every streamed article into r->art and closes the stream (a report that mixes the
 * store's articles with ak_report_add_article ones is held whole). */
int rp_stream_materialize(ak_report *r);
/* Room for one more article at the end of r->art (not yet counted); NULL, error set, when out of
 * memory. */
rp_article *rp_next_article(ak_report *r);
void rp_stream_free(rp_stream *s);

/* The brief of a stored article for the stories section (source, title, date as the report
 * shows it, near-duplicate link) into *scratch (emptied first); 0 when there is no such article. */
int rp_stream_brief(rp_stream *s, const char *id, rp_article *scratch);

/* A section of the database being built: its buffers go to temporary files past
 * rp_flush_bytes (rp_spill_step between entries, so a flush never cuts a character). */
typedef struct rp_spill { ak_buf j, h; FILE *jf, *hf; } rp_spill;
int rp_spill_step(rp_spill *s, const char *id, size_t min);
/* Adds the section (strings or files, both taken) to r; s is emptied either way. */
int rp_add_section_spill(ak_report *r, const char *id, const char *heading, rp_spill *s);
void rp_spill_free(rp_spill *s);

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


/* The "stories", "entities" and "near-duplicates" sections from the store; with st, the
 * articles are looked up in the stream instead of r->art. */
int rp_add_db_sections(ak_report *r, ak_db *db, rp_stream *st);

/* ak_report_add_db holding every article in r->art (the report as it was before streaming):
 * a report that already has articles, a database without a file; tests compare with it. */
int rp_add_db_whole(ak_report *r, ak_db *db);

/* Day number of the start of a TIMEX value ("2024-03", "2024-03-11/2024-03-13", "2024"),
 * taking the middle of a month or year; AK_STORY_NO_DAY when it has no date. */
int32_t rp_value_day(const char *value);

#endif
