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

/* Normalization rules, one bit each (docs/text.md says why each exists).
 * Every rule maps a code point to nothing, to itself or to a fixed point of
 * all rules, so normalizing twice gives the same text (idempotent). */
enum {
    AK_NORM_MARKS = 1 << 0,        /* remove U+0610-061A, U+064B-065F, U+0670, U+06D6-06ED */
    AK_NORM_TATWEEL = 1 << 1,      /* remove U+0640 */
    AK_NORM_ALEF = 1 << 2,         /* أ إ آ ٱ (and U+0672, U+0673) -> ا */
    AK_NORM_ALEF_MAKSURA = 1 << 3, /* ى -> ي */
    AK_NORM_TEH_MARBUTA = 1 << 4,  /* ة -> ه */
    AK_NORM_DIGITS = 1 << 5,       /* Arabic-Indic and Persian digits -> ASCII */
    AK_NORM_PRESENTATION = 1 << 6, /* U+FB50-FDFF, U+FE70-FEFF through NFKC */
    AK_NORM_CONTROLS = 1 << 7,     /* remove U+200B-200F, U+202A-202E, U+2066-2069, U+061C, U+FEFF */
    AK_NORM_PERSIAN = 1 << 8,      /* ک ڪ -> ك; ی -> ي; ۀ ہ ھ ە -> ه */
    AK_NORM_DEFAULT = 0x1FF        /* all of the above */
};

/* Output of ak_normalize_buf is never longer than AK_NORM_MAX_GROWTH times its
 * input (the worst case is U+FDFA, 3 bytes, whose NFKC is 18 letters and spaces). */
#define AK_NORM_MAX_GROWTH 11

/* Normalizes text[0..len) (UTF-8) with the rules in flags. *out is allocated,
 * NUL-terminated (ak_free). Returns AK_OK, AK_EUTF8 (message names the byte
 * offset; nothing is returned), AK_EINVAL or AK_ENOMEM. */
AK_API int ak_normalize(const char *text, size_t len, unsigned flags, char **out, size_t *out_len);

/* The same into a caller buffer, for hot paths. *need receives the full output
 * length. Returns AK_OK when it fit in cap bytes (not NUL-terminated), AK_ETOOBIG
 * when not (out then holds a prefix; call again with cap >= *need). out may be
 * NULL with cap 0 to query the size. cap >= len * AK_NORM_MAX_GROWTH always fits. */
AK_API int ak_normalize_buf(const char *text, size_t len, unsigned flags, char *out, size_t cap,
                            size_t *need);

/* Kinds of token. */
enum {
    AK_TOK_ARABIC = 1, /* Arabic letters with their marks, tatweel and inner zero-width controls */
    AK_TOK_LATIN = 2,  /* a word of any other script (Latin, Cyrillic, ...), digits allowed after a letter */
    AK_TOK_NUMBER = 3, /* digits (ASCII, Arabic-Indic, Persian) joined by single . , ٫ ٬ : / */
    AK_TOK_PUNCT = 4,  /* one punctuation mark (. ، ؟ « » ...) */
    AK_TOK_SYMBOL = 5  /* one symbol or other visible code point ($ % + emoji ...) */
};

/* A span of the ORIGINAL text: code-point and byte offsets, end exclusive. */
typedef struct ak_token {
    size_t start, end;
    size_t byte_start, byte_end;
    int kind; /* AK_TOK_* (0 for sentence spans) */
} ak_token;

/* Streaming tokenizer: a state on the caller's stack, no allocation.
 * Fields are private. */
typedef struct ak_token_iter {
    const char *text;
    size_t len, pos, cp;
} ak_token_iter;

AK_API void ak_token_iter_init(ak_token_iter *it, const char *text, size_t len);
/* Next token: returns 1 (tok filled), 0 at the end, or AK_EUTF8 (message
 * names the byte offset; the iterator then stays at the end). */
AK_API int ak_token_next(ak_token_iter *it, ak_token *tok);

/* ak_token_next and the token's normalized form (ak_normalize_buf of its bytes with
 * flags) in one pass: Arabic words are normalized while they are scanned. Writes at
 * most cap bytes to norm and the full length to *norm_len; when *norm_len > cap the
 * form is cut (normalize the token's bytes with ak_normalize_buf instead). */
AK_API int ak_token_next_norm(ak_token_iter *it, ak_token *tok, unsigned flags, char *norm, size_t cap,
                              size_t *norm_len);

/* Callback form: fn is called for each token; a non-zero return stops the walk
 * and is returned. Returns AK_OK, AK_EUTF8 or fn's value. */
AK_API int ak_tokenize_each(const char *text, size_t len,
                            int (*fn)(const ak_token *tok, void *ctx), void *ctx);

/* All tokens in one allocated array (ak_free). */
AK_API int ak_tokenize(const char *text, size_t len, ak_token **out, size_t *n);

/* A short name of a token kind: "arabic", "latin", "number", "punct", "symbol". */
AK_API const char *ak_token_kind_name(int kind);

/* Sentence splitting options. */
enum {
    AK_SENT_LINES = 1 << 0, /* a single line break also ends a sentence (news text is a
                               paragraph a line); without it only blank lines do */
    AK_SENT_DEFAULT = AK_SENT_LINES
};

/* Sentence spans (kind 0) of text[0..len): split after . ؟ ? ! … ؛ ۔ (a run of them
 * counts once) and at line breaks, never on decimals, dates, abbreviations or
 * inside quotes (docs/text.md). Spans start at a token and end after one. *out
 * is allocated (ak_free). Returns AK_OK, AK_EUTF8 or AK_ENOMEM. */
AK_API int ak_sentences(const char *text, size_t len, unsigned flags, ak_token **out, size_t *n);

/* Stemmers. */
enum { AK_STEM_NONE = 0, AK_STEM_LIGHT10 = 1, AK_STEM_SNOWBALL = 2 };

/* Light10 (Larkey, Ballesteros & Connell) on one NORMALIZED word: strips و (when
 * 3+ letters remain), one article (ال وال بال كال فال لل, when 2+ remain), then
 * ها ان ات ون ين يه ية ه ة ي once each in that order (when 2+ remain). The stem
 * is never longer than the word: writes it to out (cap >= len always fits).
 * Returns the stem's length in bytes. */
AK_API size_t ak_light10(const char *word, size_t len, char *out, size_t cap);

/* A stemmer of one kind with its own scratch; not thread-safe (one per thread). */
typedef struct ak_stemmer ak_stemmer;

/* Returns AK_OK, AK_EINVAL (unknown kind) or AK_ENOMEM. */
AK_API int ak_stemmer_new(ak_stemmer **out, int kind);
AK_API void ak_stemmer_free(ak_stemmer *st);

/* Stems one normalized word; *stem points into the stemmer's scratch and stays
 * valid until its next call. AK_STEM_NONE returns the word itself. */
AK_API int ak_stem(ak_stemmer *st, const char *word, size_t len, const char **stem, size_t *stem_len);

/* 1 if the word is an Arabic function word of data/stopwords-ar.txt (compiled
 * in). The word is normalized (AK_NORM_DEFAULT) before the look-up. */
AK_API int ak_is_stopword(const char *word, size_t len);

/* ---- Resource limits: process-wide defaults (docs/reliability.md) ---- */

/* What one input may cost, whatever its source. ak_ingest_options_default takes
 * max_record and max_batch_bytes from here; ak_sentences (and every stage that
 * splits sentences: NER, summaries) cuts a sentence after sentence_tokens tokens,
 * so no stage sees an unbounded sentence. The CLI sets them from $AKHBAR_MAX_RECORD,
 * $AKHBAR_MAX_BATCH_BYTES and $AKHBAR_MAX_SENTENCE_TOKENS. */
typedef struct ak_limits {
    size_t max_record;      /* bytes per input record (JSONL line or file); default 10 MB */
    size_t max_batch_bytes; /* record bytes per ingest transaction; default 64 MB */
    size_t sentence_tokens; /* tokens per sentence; default 1000 */
} ak_limits;

/* Copies the current limits. */
AK_API void ak_limits_get(ak_limits *out);
/* Sets the limits; zero fields keep their value. Process-wide and not
 * synchronized: set them at start-up, before other threads call the library. */
AK_API void ak_limits_set(const ak_limits *in);

/* ===================================================================== */
/* Ingest: records, HTML, page chrome                                     */
/* ===================================================================== */

/* Ingestion reads JSONL records {"id","url","source","title","published","author",
 * "text"|"html"}, .txt/.html files, directories of them and stdin ("-"), removes
 * page chrome and stores each article (docs/ingest.md). Entry point: ak_ingest(),
 * in the Store section, since it writes to a database. */

/* What happened to one input record. */
enum { AK_REC_ADDED = 1, AK_REC_DUPLICATE = 2, AK_REC_REJECTED = 3 };

/* One record's outcome, passed to the ingest callback. Borrowed for the call. */
typedef struct ak_ingest_event {
    int kind;                 /* AK_REC_* */
    const char *origin;       /* file name, or "<stdin>" */
    size_t line;              /* 1-based JSONL line, 0 for whole files */
    const char *id;           /* article id (NULL for most rejections) */
    const char *reason;       /* rejection reason, or for a duplicate "same id" / "same text" */
    const char *duplicate_of; /* id of the stored article it repeats, or NULL */
} ak_ingest_event;

typedef struct ak_ingest_options {
    size_t max_record;  /* bytes per record (JSONL line or file); default 10 MB */
    size_t batch_size;  /* records per transaction; default 5000 */
    void (*on_record)(const ak_ingest_event *ev, void *ctx); /* may be NULL */
    void *ctx;
    size_t max_batch_bytes; /* record bytes per transaction: a batch commits early once it
                               holds this many (bounds the WAL and page cache); default 64 MB */
} ak_ingest_options;

typedef struct ak_ingest_counts {
    size_t added, duplicates, rejected;
    size_t recleaned;   /* stored articles cleaned again after their source's model changed */
} ak_ingest_counts;

/* Fills the documented defaults. */
AK_API void ak_ingest_options_default(ak_ingest_options *opt);

/* Extracts article text from an HTML page (no script, style, nav, header,
 * footer, aside, form; blocks become lines). *out allocated (ak_free). */
AK_API int ak_html_to_text(const char *html, size_t len, char **out, size_t *out_len);

/* ===================================================================== */
/* Store: the SQLite database                                             */
/* ===================================================================== */

/* A database of articles: a SQLite file (WAL), or a PostgreSQL database named by a
 * postgresql:// URL. Schema and migrations: docs/store.md. */
typedef struct ak_db ak_db;

/* Opens (creating if needed) and migrates the database at path, or connects to the PostgreSQL
 * database of a postgresql:// (or postgres://) URL and creates its tables if needed. Returns
 * AK_OK, AK_EDB (the database's message; a URL's password is not repeated) or AK_ENOMEM; AK_EINVAL
 * for a URL when the library was built without libpq. On PostgreSQL the store holds ingestion
 * (articles, exact duplicates, the chrome model), the near-duplicate index (ak_dups_update,
 * ak_dups_each), the analysis (ak_analyze, ak_stories_each, ak_entities_each) and the report
 * (ak_report_add_db) and the server's reads, for several writers at once; search needs a
 * SQLite store and fails with AK_EINVAL on one. */
AK_API int ak_db_open(ak_db **out, const char *path);
/* Closes the database; NULL is a no-op. */
AK_API void ak_db_close(ak_db *db);
/* The schema version (number of migrations applied; PostgreSQL's count separately). */
AK_API int ak_db_schema_version(ak_db *db, int *version);
/* The underlying sqlite3 handle, for later stages' own tables and queries; NULL on PostgreSQL. */
AK_API void *ak_db_sqlite(ak_db *db);

/* A removed chrome line: byte span of raw and why it was removed. */
typedef struct ak_stored_removed {
    size_t start, end;
    const char *reason; /* "ui", "dateline", "latin-line", "byline", "caption", "repeated" */
} ak_stored_removed;

/* A stored article. All strings NUL-terminated UTF-8, NULL when unknown. */
typedef struct ak_stored_article {
    long long seq;              /* ingestion order, 1-based */
    const char *id, *url, *source, *title, *author;
    const char *published;      /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" */
    const char *published_from; /* "record" or "chrome" */
    const char *origin;         /* file it came from */
    size_t line;                /* JSONL line, 0 for whole files */
    const char *raw; size_t raw_len;   /* as received (HTML reduced to text) */
    const char *text; size_t text_len; /* cleaned */
    const ak_stored_removed *removed; size_t n_removed;
    const char *removed_json;   /* the same as [{"start","end","reason"}] */
    const char *hash;           /* content hash of the normalized cleaned text */
} ak_stored_article;

/* Called for each article as it is stored or re-cleaned, inside the batch's
 * transaction (so an index such as FTS stays in step); a non-zero return
 * rolls the batch back and ak_ingest returns it. */
typedef int (*ak_article_hook)(ak_db *db, const ak_stored_article *a, void *ctx);
AK_API void ak_db_set_article_hook(ak_db *db, ak_article_hook fn, void *ctx);

/* Ingests each path (file, directory, or "-" for stdin). Rejected records are
 * reported through opt->on_record and counted; the rest go in, one transaction
 * per batch. Re-ingesting the same input adds nothing. opt may be NULL.
 * Returns AK_OK (even with rejections: see counts), AK_EDB or AK_ENOMEM. */
AK_API int ak_ingest(ak_db *db, const char *const *paths, size_t n_paths,
                     const ak_ingest_options *opt, ak_ingest_counts *counts);

/* Iterates stored articles in ingestion order. */
typedef struct ak_article_iter ak_article_iter;
AK_API int ak_articles_iter(ak_db *db, ak_article_iter **out);
/* Returns 1 and sets *a (valid until the next call), 0 at the end, or AK_EDB. */
AK_API int ak_articles_next(ak_article_iter *it, const ak_stored_article **a);
AK_API void ak_articles_iter_free(ak_article_iter *it);

/* Looks one article up by id. Returns AK_OK, AK_ENOTFOUND or AK_EDB; free
 * with ak_stored_article_free. */
AK_API int ak_article_get(ak_db *db, const char *id, ak_stored_article **out);
AK_API void ak_stored_article_free(ak_stored_article *a);

/* Numbers of stored articles and of recorded exact duplicates. */
AK_API int ak_db_counts(ak_db *db, size_t *articles, size_t *duplicates);

/* Calls fn(id, of, ctx) for each recorded duplicate in the order found. */
AK_API int ak_duplicates_each(ak_db *db, int (*fn)(const char *id, const char *of, void *ctx), void *ctx);

/* ===================================================================== */
/* Duplicates: fingerprints, MinHash, LSH                                 */
/* ===================================================================== */

/* Options of fingerprinting (docs/dedup.md). Zero fields take the defaults. */
typedef struct ak_dedup_opts {
    unsigned shingle;   /* words per shingle, default 5 */
    unsigned hashes;    /* MinHash signature length, default 128 (a multiple of 8, max 1024) */
    double threshold;   /* LSH target Jaccard, default 0.5: picks bands x rows */
    size_t max_bytes;   /* larger texts are refused with AK_ETOOBIG, default 64 MB */
} ak_dedup_opts;

/* The fingerprint of one text: normalized word hashes (with their code-point
 * spans in the text), the shingle set, an exact hash and a MinHash signature. */
typedef struct ak_fp ak_fp;

/* Fingerprints text[0..len) (UTF-8). opts may be NULL. An empty text or one with
 * fewer words than a shingle gets a valid fingerprint with no shingles.
 * Returns AK_OK, AK_EINVAL, AK_EUTF8 (byte offset), AK_ETOOBIG or AK_ENOMEM. */
AK_API int ak_fp_new(const char *text, size_t len, const ak_dedup_opts *opts, ak_fp **out);
AK_API void ak_fp_free(ak_fp *fp);
/* Hash of the normalized word sequence: equal for texts equal after normalization. */
AK_API uint64_t ak_fp_exact(const ak_fp *fp);
/* The signature (n = hashes) and the numbers of words and distinct shingles. */
AK_API const uint32_t *ak_fp_signature(const ak_fp *fp, size_t *n);
AK_API size_t ak_fp_words(const ak_fp *fp);
AK_API size_t ak_fp_shingles(const ak_fp *fp);
/* The distinct shingle hashes, ascending (n = ak_fp_shingles); owned by fp. The
 * store samples them as passage keys (docs/dedup.md); a distributed run shuffles on them. */
AK_API const uint64_t *ak_fp_shingle_set(const ak_fp *fp, size_t *n);
/* Exact Jaccard of the shingle sets of two fingerprints (0 when either is empty). */
AK_API double ak_fp_jaccard(const ak_fp *a, const ak_fp *b);

/* Bands x rows for a target Jaccard t with `hashes` hashes: the pair that
 * minimises false negatives above t plus false positives below t (docs/dedup.md). */
AK_API void ak_lsh_params(double t, unsigned hashes, unsigned *bands, unsigned *rows);
/* P(candidate) = 1 - (1 - s^rows)^bands. */
AK_API double ak_lsh_probability(double s, unsigned bands, unsigned rows);

/* An in-memory LSH index of signatures, keyed by caller ids. */
typedef struct ak_lsh ak_lsh;
AK_API int ak_lsh_new(const ak_dedup_opts *opts, ak_lsh **out);
AK_API void ak_lsh_free(ak_lsh *lsh);
/* Adds a signature of opts.hashes values under id. */
AK_API int ak_lsh_add(ak_lsh *lsh, uint64_t id, const uint32_t *sig);
/* Ids sharing at least one band with sig, ascending, without repeats (ak_free). */
AK_API int ak_lsh_query(const ak_lsh *lsh, const uint32_t *sig, uint64_t **ids, size_t *n);
/* The band key of band b of sig (what a store or a distributed shuffle keys on). */
AK_API uint64_t ak_lsh_band_key(const ak_lsh *lsh, const uint32_t *sig, unsigned b);
AK_API unsigned ak_lsh_bands(const ak_lsh *lsh);

/* Classes of a pair. */
enum { AK_DUP_UNRELATED = 0, AK_DUP_SHARES_PASSAGE = 1, AK_DUP_REWRITE = 2, AK_DUP_DUPLICATE = 3 };

/* One passage shared by texts a and b: code-point spans, end exclusive. */
typedef struct ak_dup_span {
    size_t a_start, a_end, b_start, b_end;
    size_t words; /* words of a in the passage */
} ak_dup_span;

#define AK_DUP_MAX_SPANS 16

/* The verdict on a pair with its scores. */
typedef struct ak_dup_result {
    int cls;              /* AK_DUP_* */
    double jaccard;       /* exact Jaccard of the shingle sets */
    double estimate;      /* MinHash estimate of it */
    double bigram_jaccard;/* Jaccard of word-bigram sets: survives scattered edits */
    double cover_a, cover_b; /* share of the words of a (b) inside shared passages */
    size_t longest;       /* words in the longest shared passage */
    double lead_a, lead_b;   /* where the first passage of >= 12 words starts, as a share of
                                the words of a (b); 1 when there is none */
    size_t n_spans;       /* passages of >= 12 words, longest first, at most AK_DUP_MAX_SPANS */
    ak_dup_span spans[AK_DUP_MAX_SPANS];
} ak_dup_result;

/* Verifies and classifies a pair (both fingerprinted with the same options). */
AK_API int ak_dup_compare(const ak_fp *a, const ak_fp *b, ak_dup_result *out);
/* "duplicate", "rewrite", "shares-passage", "unrelated". */
AK_API const char *ak_dup_class_name(int cls);

/* Incremental detection in the store: fingerprints the stored articles not yet
 * fingerprinted (tables dup_fp, dup_key, dup_pair in the same database), finds
 * their candidates through the persisted band keys and sampled passage keys
 * (never re-reading the corpus), verifies them and records every pair that is
 * not unrelated. *added (may be NULL) counts new pairs. Idempotent. */
AK_API int ak_dups_update(ak_db *db, size_t *added);
/* The same pass with fingerprinting and comparison on `threads` threads (0: one) and
 * fingerprints kept in a cache of up to cache_mb MB across the pass (0: none); the
 * results are the same for any values. ak_dups_update is (1, 128). */
AK_API int ak_dups_update_opts(ak_db *db, unsigned threads, size_t cache_mb, size_t *added);

/* One recorded pair; strings valid during the callback. */
typedef struct ak_dup_pair {
    const char *a, *b;       /* ids, a ingested first */
    const char *cls;         /* ak_dup_class_name */
    double jaccard, bigram_jaccard, cover_a, cover_b;
    size_t longest;
    const char *spans_json;  /* [{"a":[start,end],"b":[start,end],"words":n}], code points of the cleaned texts */
} ak_dup_pair;

/* Calls fn for each recorded pair in the order found; a non-zero return stops. */
AK_API int ak_dups_each(ak_db *db, int (*fn)(const ak_dup_pair *p, void *ctx), void *ctx);

/* ===================================================================== */
/* Time: expressions, calendars, timelines                                */
/* ===================================================================== */

/* One time expression found in a text (TIMEX3 conventions, docs/time.md). */
typedef struct ak_timex {
    size_t start, end;           /* code-point offsets into the input, end exclusive */
    size_t byte_start, byte_end; /* the same span in bytes */
    char type[12];               /* "DATE", "TIME", "DURATION" or "SET" */
    char value[48];              /* 2023-08-08, 2021-04, 2021-Q3, 2021-W29, 2021-07-23T09:01,
                                    P2Y, XXXX-WXX-2 (unresolved), 2023-08-07/2023-08-08 (range) */
    char mod[8];                 /* "", "START", "MID", "END" or "APPROX" */
    int granularity;             /* AK_GRAN_* of the value */
} ak_timex;

enum { AK_GRAN_NONE = 0, AK_GRAN_MINUTE, AK_GRAN_DAY, AK_GRAN_WEEK, AK_GRAN_MONTH,
       AK_GRAN_QUARTER, AK_GRAN_SEASON, AK_GRAN_YEAR, AK_GRAN_DECADE };

/* Finds and resolves every time expression of text[0..len) (UTF-8) in one pass.
 * dct: the document creation time "YYYY-MM-DD" or NULL (relative expressions are
 * then left with X placeholders). *out is allocated (ak_free), *n its length.
 * Returns AK_OK, AK_EINVAL (bad dct), AK_EUTF8 (with the byte offset) or AK_ENOMEM. */
AK_API int ak_timex_tag(const char *text, size_t len, const char *dct, ak_timex **out, size_t *n);

/* The same as JSON lines {"start","end","text","type","value"[,"mod"]}, appended
 * to a NUL-terminated allocated string (ak_free). */
AK_API int ak_timex_jsonl(const char *text, size_t len, const char *dct, char **out, size_t *out_len);

/* Converts a Hijri date to Gregorian "YYYY-MM-DD" (out: 11 bytes). Returns 1 when
 * exact (Umm al-Qura table, 1420-1451 AH), 0 when from the tabular calendar (may
 * differ by 1-2 days), AK_EINVAL when the date does not exist. */
AK_API int ak_hijri_to_gregorian(int year, int month, int day, char out[11]);

/* A publication date inferred from an article's own text. */
typedef struct ak_dct_guess {
    char date[11];        /* "YYYY-MM-DD", "" when nothing was found */
    double confidence;    /* 0..1 */
    char evidence[160];   /* what it rests on, e.g. "dateline: الجمعة ٢٣ يوليو ٢٠٢١" */
} ak_dct_guess;

/* Infers the DCT of an article with no date: a chrome date line first, else the
 * latest day-precise date in the text checked against its weekday mentions. */
AK_API int ak_dct_infer(const char *text, size_t len, ak_dct_guess *out);

/* Checks a stamped DCT against the text ("اليوم الخميس" under a Friday stamp). Sets
 * *contradicted to 1 and fills out with the corrected date (the latest day on or
 * before the stamp that agrees with the text) when the text disagrees, else 0. */
AK_API int ak_dct_check(const char *text, size_t len, const char *stamp, int *contradicted,
                        ak_dct_guess *out);

/* Picks the best DCT among candidates (e.g. dates of related articles, "YYYY-MM-DD",
 * each also tried up to 2 days later) so that the article's own weekday mentions
 * ("الثلاثاء", "أمس الاثنين") agree with it. Fills out; confidence 0 if none fits. */
AK_API int ak_dct_from_candidates(const char *text, size_t len, const char *const *candidates,
                                  size_t n, ak_dct_guess *out);

/* An event: the sentence that a resolved date anchors in one article. */
typedef struct ak_time_event {
    char value[48];      /* resolved TIMEX3 value */
    char mod[8];
    int granularity;     /* AK_GRAN_* */
    char *text;          /* the sentence (allocated with the array) */
    const char *article; /* borrowed from the caller */
    size_t start, end;   /* sentence, code points */
    size_t tx_start, tx_end; /* the expression, code points */
} ak_time_event;

/* Extracts the events of one article. Appends to *ev / *n (start with NULL/0; the array
 * grows only through this call); free with ak_time_events_free. An event's sentence is cut
 * to about 1 KB either side of its date. */
AK_API int ak_time_events(const char *text, size_t len, const char *dct, const char *article,
                          ak_time_event **ev, size_t *n);
AK_API void ak_time_events_free(ak_time_event *ev, size_t n);

/* One timeline entry: events with the same value and similar sentences, merged. */
typedef struct ak_timeline_entry {
    char value[48];
    char mod[8];
    int granularity;
    const char *text;          /* the first source's sentence (borrowed from the events) */
    size_t n_sources;
    const ak_time_event **sources; /* borrowed; array allocated */
} ak_timeline_entry;

/* Merges events of several articles into entries ordered by date. The entries
 * borrow from ev; free with ak_timeline_free. */
AK_API int ak_timeline_merge(const ak_time_event *ev, size_t n, ak_timeline_entry **out, size_t *n_out);
AK_API void ak_timeline_free(ak_timeline_entry *e, size_t n);

/* ===================================================================== */
/* Entities: named-entity recognition and linking                         */
/* ===================================================================== */

/* A trained tagger (averaged structured perceptron, BIO over PER ORG LOC MISC;
 * docs/ner.md). Read-only once loaded: one model may serve many threads. */
typedef struct ak_ner ak_ner;

/* Loads a model file. path NULL means ner.model in $AKHBAR_DATA, else in the
 * compiled-in data folder. Returns AK_OK, AK_EIO (missing/unreadable),
 * AK_EPARSE (bad magic, version, size or checksum) or AK_ENOMEM. */
AK_API int ak_ner_load(ak_ner **out, const char *path);
/* The same from bytes in memory (the fuzz target uses it). */
AK_API int ak_ner_load_mem(ak_ner **out, const void *data, size_t len);
AK_API void ak_ner_free(ak_ner *m);
/* Names of public bodies headed by وزارة، قيادة، جهاز، هيئة، لجنة، مجلس ... ("وزارة الدفاع
 * العراقية", "الحشد الشعبي") are tagged ORG, and the word lists' multi-word names ("ذي قار")
 * with their type (on by default). Off reproduces ANERcorp's conventions, which leave most of
 * them untagged (docs/ner.md, "Public bodies"). */
AK_API void ak_ner_set_bodies(ak_ner *m, int on);

/* Tags pre-split tokens (one sentence or a run of them): tags[i] receives a tag
 * id, ak_ner_tag_name() spells it ("O", "B-PER", "I-LOC", ...). */
AK_API int ak_ner_tag_tokens(const ak_ner *m, const char *const *tokens, const size_t *lens,
                             size_t n, int *tags);
AK_API const char *ak_ner_tag_name(int tag);

/* One entity mention found in a text. */
typedef struct ak_ner_entity {
    size_t start, end;           /* code-point offsets into the text, end exclusive */
    size_t byte_start, byte_end; /* the same span in bytes */
    char type[8];                /* "PER", "ORG", "LOC" or "MISC" */
} ak_ner_entity;

/* Tokenizes text[0..len) (UTF-8), splits sentences and tags them; mentions never
 * cross a sentence end. *out is allocated (ak_free). AK_EUTF8 names the byte offset. */
AK_API int ak_ner_tag(const ak_ner *m, const char *text, size_t len, ak_ner_entity **out, size_t *n);
/* The same as JSON lines {"start","end","text","type"} (allocated, NUL-terminated). */
AK_API int ak_ner_jsonl(const ak_ner *m, const char *text, size_t len, char **out, size_t *out_len);

/* One article given to the entity linker. */
typedef struct ak_ner_doc {
    const char *id;   /* article id (borrowed) */
    const char *text; /* UTF-8 */
    size_t len;
    /* The text's mentions when the caller has tagged it already (ak_ner_tag),
     * so it is not tagged twice; NULL: the linker tags it. */
    const ak_ner_entity *mentions;
    size_t n_mentions;
} ak_ner_doc;

/* An entity linked across articles: mentions merged by normalized spelling,
 * name parts within an article (الوزير العباسي -> ثابت العباسي) and aliases. */
typedef struct ak_entity {
    char *name;          /* canonical name (the longest full form seen) */
    char type[8];        /* PER ORG LOC MISC */
    char **variants;     /* distinct surface forms, n_variants */
    size_t n_variants;
    char **roles;        /* titles seen before a PER mention ("وزير الدفاع العراقي") */
    size_t n_roles;
    const char **articles; /* ids borrowed from the docs, in input order */
    size_t n_articles;
    size_t mentions;
} ak_entity;

/* Links the mentions of n articles. aliases: path of an alias file (lines
 * "name = alias = ..."), or NULL for ak data's aliases-ar.txt if present.
 * Entities come most mentioned first; free with ak_entities_free. */
AK_API int ak_entities_link(const ak_ner *m, const ak_ner_doc *docs, size_t n, const char *aliases,
                            ak_entity **out, size_t *n_out);
AK_API void ak_entities_free(ak_entity *e, size_t n);

/* ===================================================================== */
/* Stories: clustering and summaries                                      */
/* ===================================================================== */

/* The day number of a date: days since 1970-01-01; this value means unknown. */
#define AK_STORY_NO_DAY INT32_MIN

/* One article as the story clusterer sees it. The pipeline fills it from the
 * earlier stages; every pointer is borrowed for the duration of the call. */
typedef struct ak_story_doc {
    const char *id;                     /* article id (required, unique) */
    int32_t dct;                        /* publication day number, or AK_STORY_NO_DAY */
    const char *const *title_terms;     /* stems of the title, stopwords removed */
    size_t n_title_terms;
    const char *const *body_terms;      /* stems of the body, stopwords removed */
    size_t n_body_terms;
    const char *const *entities;        /* canonical entity keys with type, "PER:..." */
    size_t n_entities;
    const char *const *dates;           /* resolved dates mentioned, "2023-08-08" or "2023-08" */
    size_t n_dates;
    const char *dup_of;                 /* id of the article this one duplicates, or NULL */
    const char *source;                 /* outlet name, or NULL: an outlet seldom tells one
                                           happening twice on one day */
} ak_story_doc;

/* Weights and thresholds; ak_story_options_default fills the documented
 * values (docs/story.md says how they were chosen). */
typedef struct ak_story_options {
    int window_days;      /* stories compared: last day within this many days of the DCT */
    double title_weight;  /* a title term counts this many body occurrences */
    double w_text;        /* weight of TF-IDF cosine with the story centroid */
    double w_title;       /* weight of title cosine with the story's titles */
    double w_miss;        /* penalty when the story's headline terms are absent from the article */
    double w_entity;      /* weight of shared entities (rarity weighted) */
    double w_date;        /* weight of shared resolved dates (rarity weighted) */
    double w_gap;         /* penalty per window of DCT distance */
    double w_source;      /* penalty when the story has this outlet's article of the same day */
    double threshold;     /* join the best story at or above this score */
    double merge_threshold; /* also merge a second story scoring at or above this */
    int baseline;         /* 1: plain TF-IDF centroid single pass (for comparison) */
} ak_story_options;

AK_API void ak_story_options_default(ak_story_options *opt);

/* An incremental clusterer: add articles in (roughly) publication order. */
typedef struct ak_clusterer ak_clusterer;

/* opt may be NULL (defaults). Returns AK_OK, AK_EINVAL or AK_ENOMEM. */
AK_API int ak_clusterer_new(ak_clusterer **out, const ak_story_options *opt);
AK_API void ak_clusterer_free(ak_clusterer *c);

/* Places one article: joins the best story, starts one, or merges two.
 * Returns AK_EINVAL for a missing or repeated id. */
AK_API int ak_clusterer_add(ak_clusterer *c, const ak_story_doc *doc);

/* One article's placement. `story` is the id of the story (the id of its
 * earliest article, so it is stable across runs); `duplicate` is 1 when the
 * article was placed as a duplicate of another (not a new report). */
typedef struct ak_story_assignment {
    const char *article;
    const char *story;
    int duplicate;
} ak_story_assignment;

/* Assignments of every article added so far, in the order added. The array is
 * allocated (free with ak_free); its strings belong to the clusterer and stay
 * valid until the next ak_clusterer_add or ak_clusterer_free. */
AK_API int ak_clusterer_assignments(ak_clusterer *c, ak_story_assignment **out, size_t *n);

/* Number of stories so far (roots, active and retired). */
AK_API size_t ak_clusterer_story_count(const ak_clusterer *c);

/* Serializes the stories as JSONL, one line per story:
 * {"story","first","last","articles":[ids],"duplicates":[ids],"active":0|1,"terms":[top stems]}
 * for the store to persist. *out is allocated (ak_free). */
AK_API int ak_clusterer_serialize(ak_clusterer *c, char **out, size_t *len);

/* The terms the clusterer reads from a title or a body: words folded and
 * normalized, stopwords dropped, Light10 stems, in text order, one per line
 * ('\n' after each). A binding splits them into ak_story_doc title_terms and
 * body_terms, so its stories match the report's. *out allocated (ak_free).
 * Returns AK_OK, AK_EINVAL or AK_ENOMEM. */
AK_API int ak_story_terms(const char *text, size_t len, char **out, size_t *out_len);

/* One sentence given to the summarizer. */
typedef struct ak_story_sentence {
    const char *text;
    const char *article;            /* id, for the citation */
    unsigned position;              /* 0 for the article's first sentence */
    const char *const *terms;       /* stems, stopwords removed */
    size_t n_terms;
    unsigned n_entities;            /* entity mentions in the sentence */
    unsigned n_dates;               /* resolved date mentions in the sentence */
} ak_story_sentence;

/* Picks up to max_sentences (3-5 recommended) sentences of one story: scored
 * by centroid centrality, position, entity and date coverage, then chosen by
 * maximal marginal relevance (lambda: relevance vs. novelty). Writes indices
 * into `s` in reading order (article order, then position) to *out (ak_free). */
AK_API int ak_story_summarize(const ak_story_sentence *s, size_t n, unsigned max_sentences,
                              double lambda, size_t **out, size_t *n_out);

/* Index of the most central title among n titles (each given as stems). */
AK_API int ak_story_pick_title(const char *const *const *titles, const size_t *n_terms,
                               size_t n, size_t *best);

/* A one-line "who / what / where / when" header, e.g.
 * "من: ثابت العباسي، لويد أوستن · ماذا: ... · أين: واشنطن · متى: 2023-08-08".
 * entities: "PER:name" keys with counts (most frequent first is not needed);
 * what: the story title; when: the timeline's main date (may be NULL). */
AK_API int ak_story_header(const char *const *entities, const unsigned *counts, size_t n,
                           const char *what, const char *when, char **out);

/* ===================================================================== */
/* Search: full-text index over the store (FTS5, Arabic tokenizer)       */
/* ===================================================================== */

/* Every database ak_db_open opens has the tokenizer "akhbar" (normalize, then
 * Light10 with proclitic variants, docs/search.md) and the index articles_fts
 * over articles.title and articles.text, kept in step by triggers in the same
 * transaction as ingestion. A PostgreSQL store keeps an index of the same terms in
 * tables of its own, in step in the same way, and ak_search answers alike there
 * (the same hits, scores, order, totals and snippets). */

typedef struct ak_search_query {
    const char *q;              /* user query: words, "phrases", prefix*, (parsed safely: never raw FTS syntax errors) */
    const char *from, *to;      /* published date range "YYYY-MM-DD", inclusive, NULL = open */
    const char *source;         /* outlet, NULL = any */
    const char *story;          /* story id (table story_articles), NULL = any */
    long long entity;           /* entities.id (table entity_mentions), 0 = any */
    size_t offset, limit;       /* paging; limit 0 = 20 */
} ak_search_query;

/* One result, borrowed for the callback's duration. */
typedef struct ak_search_hit {
    const char *id, *title, *source, *published;
    const char *snippet;        /* from the ORIGINAL text, HTML-escaped, matches wrapped in <b>...</b> */
    double score;               /* BM25, higher is better */
} ak_search_hit;

/* Calls fn for each hit in rank order; *total (may be NULL) gets the number of matches. Returns AK_OK,
 * AK_EINVAL (empty or unusable query, with a message), AK_EDB. A non-zero return of fn stops the
 * walk and is returned. */
AK_API int ak_search(ak_db *db, const ak_search_query *q,
                     int (*fn)(const ak_search_hit *h, void *ctx), void *ctx, size_t *total);

/* Registers the tokenizer "akhbar" on a raw sqlite3 connection (ak_db_open does it
 * for its own). Returns AK_OK or AK_EDB. */
AK_API int ak_search_register(void *sqlite3_handle);

/* Merges the full-text index into one segment (FTS5 'optimize'): queries read fewer, longer
 * doclists afterwards (a quarter to a third less CPU per query on 94k articles, docs/search.md).
 * One write transaction over the whole index: 20-30 s for 100k articles; readers are not blocked
 * (WAL). On PostgreSQL: the index catches up and its tables' statistics are refreshed (ANALYZE).
 * Results do not change. Returns AK_OK or AK_EDB. */
AK_API int ak_search_optimize(ak_db *db);

/* Bounds the memory spent on the match lists of words searched before (default 32 MB; 0 turns the
 * cache off; docs/search.md). The lists are shared by all of the process's connections to one
 * database file, so the bound is per file, not per connection. Results do not change. Not
 * synchronized: set it at start-up, before searches run. */
AK_API void ak_search_set_list_cache_mb(size_t mb);

/* The match-list cache db shares: *bytes it holds now (for all connections to the file), and db's
 * own lookups of a phrase's list so far, served from it (*hits) or not (*misses). Any may be NULL. */
AK_API void ak_search_list_stats(ak_db *db, size_t *bytes, size_t *hits, size_t *misses);

/* ===================================================================== */
/* Report and server                                                      */
/* ===================================================================== */

/* ---- Analysis: every stage over the stored articles, persisted (docs/pipeline.md) ---- */

/* Options of ak_analyze; ak_analyze_options_default fills the documented values. */
typedef struct ak_analyze_options {
    const ak_ner *ner;          /* a loaded NER model (borrowed), or NULL to load ner_model */
    const char *ner_model;      /* path, or NULL: ner.model in $AKHBAR_DATA, else the data folder */
    size_t batch_size;          /* articles analyzed per batch (their missing DCTs decided together);
                                   default 200 */
    unsigned summary_sentences; /* sentences per story summary, 3-5; default 4 */
    const ak_story_options *story; /* clustering weights, or NULL for the defaults */
    unsigned threads;           /* worker threads for the per-article analysis (time expressions,
                                   NER, linking) and the story features; the calling thread writes
                                   in input order, so results do not depend on it. 0 (default):
                                   one per online core */
    size_t commit_articles;     /* articles written per transaction, whole batches at a time (a
                                   killed run loses at most these); 0 (default): 1000 */
} ak_analyze_options;

/* What one ak_analyze call did. */
typedef struct ak_analyze_counts {
    size_t analyzed;        /* articles analyzed now (time expressions, entities) */
    size_t dup_pairs;       /* near-duplicate pairs recorded now */
    size_t timexes;         /* time expressions stored now */
    size_t mentions;        /* entity mentions stored now */
    size_t stories;         /* stories in the store after the call */
    size_t stories_written; /* stories created or rewritten now (0 when nothing changed) */
    int stories_unchanged;  /* 1: every input of the story step (articles, dates, time
                               expressions, entities, near-duplicate pairs, stored stories) and
                               its options are as at the last completed story pass: the step was
                               skipped, nothing clustered, nothing written (docs/pipeline.md) */
    size_t stories_clustered; /* articles given to the clusterer now (0 when unchanged) */
    int ner_missing;        /* 1: no NER model could be loaded, entities were left out */
    double wall[3], cpu[3]; /* seconds of each step: [0] near-duplicates, [1] per-article
                               analysis, [2] stories; cpu counts every thread of the process */
} ak_analyze_counts;

AK_API void ak_analyze_options_default(ak_analyze_options *opt);

/* Analyzes the stored articles not analyzed yet, and brings the stories up to
 * date: near-duplicates (ak_dups_update), the publication date (DCT) and time
 * expressions resolved against it, entity mentions linked to stored entities,
 * then stories clustered over all stored articles with every feature (stems,
 * title, entities, dates, duplicate links, source), each with its title,
 * header line, cited summary and merged timeline. One transaction per batch;
 * a run cut short leaves a consistent database and the next run completes it.
 * Running it again with nothing new changes nothing; story ids are stable.
 * opt and counts may be NULL. Returns AK_OK, AK_EDB, AK_ENOMEM or a stage's status. */
AK_API int ak_analyze(ak_db *db, const ak_analyze_options *opt, ak_analyze_counts *counts);

/* One persisted story, as ak_stories_each hands it (valid during the callback). */
typedef struct ak_story_info {
    const char *id;            /* the id of its earliest article: stable across runs */
    const char *title, *header;
    const char *first_day, *last_day; /* "YYYY-MM-DD" or NULL */
    const char *updated;       /* when it was last rewritten (UTC, ISO 8601) */
    const char *summary_json;  /* [{"text","article"}] in reading order */
    const char *timeline_json; /* [{"value","day","granularity","mod","text","article","source",
                                   "sources":[{"article","source","start","end"}]}] by date */
    const char *const *articles; /* member ids, oldest first */
    const int *duplicate;      /* per member: 1 when a duplicate or rewrite of another member */
    size_t n_articles;
} ak_story_info;

/* Calls fn for each persisted story, newest first (last day, then first day, then
 * id), or only for story `id` when not NULL (AK_ENOTFOUND when it does not exist).
 * A non-zero return of fn stops the walk and is returned. */
AK_API int ak_stories_each(ak_db *db, const char *id, int (*fn)(const ak_story_info *s, void *ctx), void *ctx);

/* One persisted entity, as ak_entities_each hands it (valid during the callback). */
typedef struct ak_entity_info {
    long long id;
    const char *type, *name;     /* "PER" "ORG" "LOC" "MISC"; the canonical name */
    const char *variants_json;   /* ["surface form", ...] */
    const char *roles_json;      /* ["وزير الدفاع", ...] (PER) */
    const char *first_day, *last_day; /* DCTs of the first and last article naming it, or NULL */
    const char *const *articles; /* ids of the articles naming it, in ingestion order */
    size_t n_articles;
    size_t mentions;
} ak_entity_info;

/* Calls fn for each persisted entity, the most widely reported first (articles,
 * then mentions, then type and name). A non-zero return of fn stops the walk. */
AK_API int ak_entities_each(ak_db *db, int (*fn)(const ak_entity_info *e, void *ctx), void *ctx);

/* The report of `akhbar run`: report.json (schema in docs/report.md, versioned)
 * and report.html (RTL, self-contained). Build it from article views, then
 * write it. Later stages add their results as named sections. */

#define AK_REPORT_SCHEMA_VERSION 1

/* A line removed from an article as page chrome. Borrowed strings. */
typedef struct ak_report_removed {
    const char *text;    /* the line as it was (need not be NUL-terminated) */
    size_t len;
    const char *reason;  /* "ui", "latin-line", "repeated", "caption", "byline", "dateline", ... */
} ak_report_removed;

/* One article as the report shows it. Every pointer is borrowed for the call
 * and may be NULL except id; strings are NUL-terminated UTF-8 unless a length is given. */
typedef struct ak_report_article {
    const char *id;
    const char *source, *title, *url, *origin; /* origin: "file:line" it was read from */
    const char *published;       /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" */
    const char *published_from;  /* "record", "chrome", "text" or NULL (unknown) */
    const char *published_evidence; /* what an inferred date rests on, or NULL */
    const char *text;            /* cleaned text */
    size_t text_len;
    const ak_report_removed *removed;
    size_t n_removed;
    const char *duplicate_of;    /* id of the article this one repeats exactly, or NULL */
} ak_report_article;

typedef struct ak_report ak_report;

/* Creates an empty report. Returns AK_OK or AK_ENOMEM. */
AK_API int ak_report_new(ak_report **out);
AK_API void ak_report_free(ak_report *r);

/* Copies one article into the report. When it has no published date, the
 * date is inferred from the text (published_from "text"); its time
 * expressions are resolved against the date and listed. Returns AK_OK,
 * AK_EINVAL (no id, invalid UTF-8 in a field) or AK_ENOMEM. */
AK_API int ak_report_add_article(ak_report *r, const ak_report_article *a);

/* Adds everything in the database with its persisted analysis (ak_analyze):
 * every stored article with its date, time expressions, entity mentions, story
 * and near-duplicate link, the recorded exact duplicates, and the sections
 * "stories" (newest first, each with title, header, cited summary, timeline,
 * entities and sources), "entities" and "near-duplicates". The articles are not
 * copied: the report opens the database file again (one read transaction, held
 * until ak_report_free: what was committed at this call) and reads them while it
 * writes, so memory does not grow with them; db may be closed after the call. Returns AK_OK, AK_EDB or AK_ENOMEM. */
AK_API int ak_report_add_db(ak_report *r, ak_db *db);

/* Before ak_report_add_db: when the store holds more than `stories` stories or more than
 * `articles` articles, the report lists only the newest stories (in the order of
 * ak_stories_each), up to `stories` of them and while their articles stay within `articles`
 * (the newest story always), with their articles, the exact duplicates and the near-duplicate
 * pairs among them; the entities section stays the whole store's. Counts then describe what is
 * listed, and "limit" says how much the store holds. 0 for either: no bound of that kind; the
 * default is everything. A report of a million articles is gigabytes otherwise. */
AK_API int ak_report_limit(ak_report *r, size_t stories, size_t articles);

/* Records an exact duplicate that was not stored as an article. */
AK_API int ak_report_add_duplicate(ak_report *r, const char *id, const char *of);

/* Records a rejected input record: where (file, 1-based line or 0) and why. */
AK_API int ak_report_add_rejection(ak_report *r, const char *origin, size_t line, const char *reason);

/* Records an input path given to the run (listed in the report header). */
AK_API int ak_report_add_input(ak_report *r, const char *path);

/* Adds a section of a later stage. id: stable [a-z0-9-]+ (the JSON key under
 * "sections" and the HTML section id "sec-<id>"); heading: Arabic title; json:
 * one valid JSON value; html: a trusted fragment (already escaped). Returns
 * AK_OK, AK_EINVAL (bad id, repeated id, json not valid) or AK_ENOMEM. */
AK_API int ak_report_add_section(ak_report *r, const char *id, const char *heading,
                                 const char *json, const char *html);

/* Counts as the report states them. */
typedef struct ak_report_counts {
    size_t records;    /* articles + duplicates not stored + rejected */
    size_t articles;   /* articles listed */
    size_t duplicates; /* exact duplicates (listed ones with duplicate_of, and recorded ones) */
    size_t rejected;
} ak_report_counts;
AK_API void ak_report_get_counts(const ak_report *r, ak_report_counts *out);

/* Renders report.json / report.html into an allocated NUL-terminated string (ak_free). */
AK_API int ak_report_json(const ak_report *r, char **out, size_t *len);
AK_API int ak_report_html(const ak_report *r, char **out, size_t *len);

/* Writes dir/report.json and dir/report.html (creating dir and its parents;
 * each file written to a temporary name and renamed). Returns AK_OK or AK_EIO. */
AK_API int ak_report_write(const ak_report *r, const char *dir);

#ifdef __cplusplus
}
#endif
#endif /* AKHBAR_H */
