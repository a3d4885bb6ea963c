/* ner.c (bench): NER speed: model load time, single-thread tagging in tokens/s over
 * ANERcorp's test text (or any token-a-line file), and peak RSS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "akhbar.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* CPU seconds of this process: steadier than wall time on a shared machine. */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *shared = getenv("AK_SHARED_DIR");
    char def[2048];
    snprintf(def, sizeof def, "%s/data/anercorp/test.txt", shared ? shared : "../shared");
    const char *path = argc > 1 ? argv[1] : def, *model = argc > 2 ? argv[2] : NULL;
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "bench_ner: %s: cannot open\n", path); return 1; }
    /* the first column of each line, joined by spaces: running text */
    size_t cap = 1 << 20, len = 0, ntok = 0;
    char *text = malloc(cap), line[4096];
    text[0] = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, " \t\r\n");
        if (!n) continue;
        if (len + n + 3 > cap) text = realloc(text, cap *= 2);
        memcpy(text + len, line, n);
        len += n;
        text[len++] = ' ';
        text[len] = 0;
        ntok++;
    }
    fclose(f);
    double t0 = now();
    ak_ner *m;
    if (ak_ner_load(&m, model)) { fprintf(stderr, "bench_ner: %s\n", ak_last_error()); return 1; }
    double load = now() - t0;
    int reps = 10;
    size_t ents = 0;
    t0 = now();
    double c0 = cpu();
    for (int r = 0; r < reps; r++) {
        ak_ner_entity *e;
        size_t n;
        if (ak_ner_tag(m, text, len, &e, &n)) { fprintf(stderr, "bench_ner: %s\n", ak_last_error()); return 1; }
        ents = n;
        ak_free(e);
    }
    double dt = now() - t0, dc = cpu() - c0;
    /* the tagger alone, on the file's own tokens (no tokenizer, no sentence splitter) */
    const char **tok = malloc(ntok * sizeof *tok);
    size_t *lens = malloc(ntok * sizeof *lens), k = 0;
    int *tags = malloc(ntok * sizeof *tags);
    for (size_t i = 0; i < len && k < ntok; k++) {
        tok[k] = text + i;
        lens[k] = strcspn(text + i, " ");
        i += lens[k] + 1;
    }
    t0 = now();
    c0 = cpu();
    for (int r = 0; r < reps; r++) ak_ner_tag_tokens(m, tok, lens, k, tags);
    double dt2 = now() - t0, dc2 = cpu() - c0;
    printf("ner: tagger alone (pre-split tokens): %.0f tokens/s, %.0f tokens per CPU second\n", k * reps / dt2,
           k * reps / dc2);
    free(tok); free(lens); free(tags);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("ner: %zu tokens x %d in %.3f s: %.0f tokens/s (single thread), %.0f tokens per CPU second, %zu mentions\n",
           ntok, reps, dt, ntok * reps / dt, ntok * reps / dc, ents);
    printf("ner: model load %.1f ms, peak RSS %.1f MB\n", load * 1000, ru.ru_maxrss / 1024.0);
    ak_ner_free(m);
    free(text);
    return 0;
}
