/* fuzz_db.c: libFuzzer target for the database loader: any bytes written as a database
 * file either open (and every stored article, count and duplicate reads back) or fail
 * with AK_EDB and a message; never a crash, a leak or an abort. Seeds: tiny valid
 * databases (page size 512), cut ones, and a bare header. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar.h"

static char path[64];

/* A per-process file in shared memory when there is one: faster than disk. */
static void pick_path(void)
{
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/ak_fuzz_db.%d", dir, (int)getpid());
}

static void remove_all(void)
{
    char side[80];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int on_dup(const char *id, const char *of, void *ctx)
{
    (void)ctx;
    if (!id || !of) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) pick_path();
    remove_all();
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    size_t put = fwrite(data, 1, size, f);
    fclose(f);
    if (put != size) return 0;
    ak_db *db = NULL;
    int rc = ak_db_open(&db, path);
    if (rc != AK_OK) {
        if (rc != AK_EDB && rc != AK_ENOMEM) abort();
        if (!ak_last_error()[0]) abort(); /* every failure says why */
        remove_all();
        return 0;
    }
    size_t n_art = 0, n_dup = 0, seen = 0;
    (void)ak_db_counts(db, &n_art, &n_dup);
    ak_article_iter *it = NULL;
    if (ak_articles_iter(db, &it) == AK_OK) {
        const ak_stored_article *a;
        while (seen < 1000 && ak_articles_next(it, &a) == 1) {
            if (!a->id) abort();
            if (a->text && strlen(a->text) > a->text_len) abort();
            ak_stored_article *b = NULL;
            if (ak_article_get(db, a->id, &b) == AK_OK) ak_stored_article_free(b);
            seen++;
        }
        ak_articles_iter_free(it);
    }
    (void)ak_duplicates_each(db, on_dup, NULL);
    ak_db_close(db);
    remove_all();
    return 0;
}
