/* akhbar.h: the one public header of libakhbar, an engine for Arabic news.
 * Read it like a manual: one section per stage, in the order an article flows. */
#ifndef AKHBAR_H
#define AKHBAR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(AK_BUILDING) && defined(__GNUC__)
#define AK_API __attribute__((visibility("default")))
#else
#define AK_API
#endif

/* ===================================================================== */
/* Core: status codes, errors, memory                                    */
/* ===================================================================== */

/* Every fallible call returns AK_OK (0) or one of these negative codes.
 * The message for the last failure on this thread is ak_last_error(). */
typedef enum ak_status {
    AK_OK = 0,
    AK_EINVAL = -1,   /* bad argument or bad option */
    AK_ENOMEM = -2,   /* out of memory: the call had no effect */
    AK_EIO = -3,      /* a file could not be read or written */
    AK_EPARSE = -4,   /* input is not in the expected format (JSON, HTML, model) */
    AK_EUTF8 = -5,    /* input is not valid UTF-8 */
    AK_ETOOBIG = -6,  /* input exceeds a configured limit */
    AK_EDB = -7,      /* the database refused an operation */
    AK_ENOTFOUND = -8 /* no such article, story, entity or file */
} ak_status;

/* The message of the last failed call on this thread ("" if none). It names
 * the file, line or byte offset where the input was at fault. The pointer is
 * valid until the next failing call on this thread. */
AK_API const char *ak_last_error(void);

/* A short English name for a status code ("invalid UTF-8", ...). */
AK_API const char *ak_status_name(int status);

/* Library version, "MAJOR.MINOR.PATCH". */
AK_API const char *ak_version(void);

/* Frees memory that the library allocated and handed to the caller
 * (strings and arrays returned through out-parameters). ak_free(NULL) is a no-op. */
AK_API void ak_free(void *p);

/* ===================================================================== */
/* Text: normalization, tokens, sentences, stems                          */
/* ===================================================================== */

/* ===================================================================== */
/* Ingest: records, HTML, page chrome                                     */
/* ===================================================================== */

/* ===================================================================== */
/* Store: the SQLite database                                             */
/* ===================================================================== */

/* ===================================================================== */
/* Duplicates: fingerprints, MinHash, LSH                                 */
/* ===================================================================== */

/* ===================================================================== */
/* Time: expressions, calendars, timelines                                */
/* ===================================================================== */

/* ===================================================================== */
/* Entities: named-entity recognition and linking                         */
/* ===================================================================== */

/* ===================================================================== */
/* Stories: clustering and summaries                                      */
/* ===================================================================== */

/* ===================================================================== */
/* Report and server                                                      */
/* ===================================================================== */

#ifdef __cplusplus
}
#endif
#endif /* AKHBAR_H */
