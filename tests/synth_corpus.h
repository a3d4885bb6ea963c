/* synth_corpus.h: pieces the store tests share to build synthetic corpora and to check what a
 * pass left in the database: unique Arabic words, a WAL-checkpoint commit hook, and a text dump
 * of the near-duplicate tables, the removal of a test database with its WAL files, and a test's
 * folder with a corpus ingested into a store. */
#ifndef AK_TESTS_SYNTH_CORPUS_H
#define AK_TESTS_SYNTH_CORPUS_H
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "akhbar.h"

/* An Arabic word unique to k: `lead` (a space and a letter), then k's decimal digits spelled as
 * letters. Each test picks its own lead so its words are its own. */
static inline void synth_word(FILE *f, const char *lead, unsigned k)
{
    static const char *const L[] = { "ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر" };
    char d[16];
    snprintf(d, sizeof d, "%u", k);
    fputs(lead, f);
    for (const char *p = d; *p; p++) fputs(L[*p - '0'], f);
}

typedef struct ckpt { int commits, stuck; } ckpt;

/* A sqlite3_wal_hook called after each commit: a passive checkpoint must copy every WAL frame
 * back; one that cannot (a statement holds the read snapshot) counts as stuck. */
static inline int ckpt_on_commit(void *ctx, sqlite3 *db, const char *name, int pages)
{
    (void)pages;
    ckpt *c = ctx;
    int log = -1, done = -1;
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &done) != SQLITE_OK || done != log)
        c->stuck++;
    c->commits++;
    return SQLITE_OK;
}

static inline int dump_row(void *ctx, int n, char **v, char **names)
{
    (void)names;
    FILE *f = ctx;
    for (int i = 0; i < n; i++) fprintf(f, "%s|", v[i] ? v[i] : "NULL");
    fputc('\n', f);
    return 0;
}

/* Every row of dup_fp, dup_key and dup_pair in storage order, and the schema when asked, as
 * text (caller frees). */
static inline char *dup_tables_dump(ak_db *db, int with_schema)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    assert_non_null(f);
    const char *q[] = { "SELECT rowid,id,exact,hex(sig) FROM dup_fp ORDER BY rowid",
                        "SELECT rowid,key,kind,id FROM dup_key ORDER BY rowid",
                        "SELECT * FROM dup_pair ORDER BY seq",
                        "SELECT type,name,sql FROM sqlite_master ORDER BY name" };
    for (int i = 0; i < (with_schema ? 4 : 3); i++)
        assert_int_equal(sqlite3_exec(ak_db_sqlite(db), q[i], dump_row, f, NULL), SQLITE_OK);
    fclose(f);
    return s;
}
/* Removes the database at path with its -wal and -shm files. */
static inline void synth_remove_db(const char *path)
{
    static const char *const side[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s%s", path, side[i]);
        remove(p);
    }
}

/* A test's folder (made from a mkdtemp template), its corpus in.jsonl and its store a.db. */
typedef struct synth_store { char dir[64], in[96], db[96]; } synth_store;

/* Makes the folder, writes the corpus with `write`, and returns the store with it ingested. */
static inline ak_db *synth_store_open(synth_store *s, const char *tmpl, void (*write)(const char *path))
{
    snprintf(s->dir, sizeof s->dir, "%s", tmpl);
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->in, sizeof s->in, "%s/in.jsonl", s->dir);
    snprintf(s->db, sizeof s->db, "%s/a.db", s->dir);
    write(s->in);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, s->db), AK_OK);
    const char *paths[] = {s->in};
    ak_ingest_counts ic;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &ic), AK_OK);
    return db;
}

/* Closes the store and removes it, the corpus and the folder. */
static inline void synth_store_close(synth_store *s, ak_db *db)
{
    ak_db_close(db);
    synth_remove_db(s->db);
    remove(s->in);
    rmdir(s->dir);
}
#endif
