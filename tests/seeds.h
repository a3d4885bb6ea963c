/* seeds.h: the unit tests' access to the acceptance corpus: the .txt files of $AK_SHARED_DIR/seeds. */
#ifndef AK_TESTS_SEEDS_H
#define AK_TESTS_SEEDS_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Calls fn(text, len, ctx) for each seed article, whole (up to 1 MB). Returns how many
 * it read, or -1 when the seeds folder is absent (the caller skips). */
static int each_seed(void (*fn)(const char *text, size_t len, void *ctx), void *ctx)
{
    const char *shared = getenv("AK_SHARED_DIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/seeds", shared ? shared : "../../shared");
    DIR *d = opendir(dir);
    if (!d) return -1;
    static char text[1 << 20];
    struct dirent *e;
    int files = 0;
    while ((e = readdir(d))) {
        if (!strstr(e->d_name, ".txt")) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue; /* counted as missing by the caller's assertion on the total */
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        fn(text, n, ctx);
        files++;
    }
    closedir(d);
    return files;
}
#endif
