/* akhbar-train.c: trains the NER model (averaged structured perceptron) from a
 * CoNLL-style `token TAG` file such as ANERcorp and writes data/ner.model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner/ner_internal.h"
#include "util/error.h"

typedef struct corpus {
    ner_tok *tok;
    uint8_t *gold;
    size_t n, cap;
    size_t *sent; /* sentence starts; sent[ns] = n */
    size_t ns, scap;
    char *text;
} corpus;

static int push_tok(corpus *c, const char *s, size_t len, int tag)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4096;
        c->tok = realloc(c->tok, c->cap * sizeof *c->tok);
        c->gold = realloc(c->gold, c->cap);
        if (!c->tok || !c->gold) return -1;
    }
    c->tok[c->n].s = s;
    c->tok[c->n].len = len;
    c->gold[c->n++] = (uint8_t)tag;
    return 0;
}

static int push_sent(corpus *c, size_t start)
{
    if (c->ns + 1 >= c->scap) {
        c->scap = c->scap ? c->scap * 2 : 1024;
        c->sent = realloc(c->sent, c->scap * sizeof *c->sent);
        if (!c->sent) return -1;
    }
    c->sent[c->ns++] = start;
    c->sent[c->ns] = c->n;
    return 0;
}

/* Reads `token ... TAG` lines; sentences end at "." or a blank line. Lines with
 * an empty token are skipped; PERS is read as PER. */
static int read_corpus(const char *path, corpus *c)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "akhbar-train: %s: cannot open\n", path); return -1; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    c->text = malloc((size_t)len + 1);
    if (!c->text || fread(c->text, 1, (size_t)len, f) != (size_t)len) { fclose(f); return -1; }
    fclose(f);
    c->text[len] = 0;
    size_t start = 0, lineno = 0;
    for (char *p = c->text; *p;) {
        char *nl = strchr(p, '\n');
        char *e = nl ? nl : p + strlen(p);
        lineno++;
        while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) e--;
        char *tok = p;
        while (tok < e && *tok != ' ' && *tok != '\t') tok++;
        size_t toklen = (size_t)(tok - p);
        char *tag = e;
        while (tag > p && tag[-1] != ' ' && tag[-1] != '\t') tag--;
        if (e == p) {
            if (c->n > start) { push_sent(c, start); start = c->n; }
        } else if (toklen && tag > tok) {
            int t = ner_tag_parse(tag, (size_t)(e - tag));
            if (t < 0) { fprintf(stderr, "akhbar-train: %s:%zu: unknown tag\n", path, lineno); t = 0; }
            if (push_tok(c, p, toklen, t)) return -1;
            if (toklen == 1 && *p == '.') { push_sent(c, start); start = c->n; }
        }
        p = nl ? nl + 1 : e + strlen(e);
    }
    if (c->n > start) push_sent(c, start);
    return 0;
}

typedef struct trainer {
    float *w, *u;
    float tw[NER_NTAGS + 1][NER_NTAGS], tu[NER_NTAGS + 1][NER_NTAGS];
    float c; /* update counter for averaging */
} trainer;

static void upd(trainer *T, const uint32_t *f, unsigned nf, int tag, float d)
{
    for (unsigned j = 0; j < nf; j++) {
        size_t k = (size_t)f[j] * NER_NTAGS + tag;
        T->w[k] += d;
        T->u[k] += T->c * d;
    }
}

/* Entity-level exact-match counts for a tag sequence pair. */
static void count_entities(const uint8_t *g, const uint8_t *p, size_t n, size_t *tp, size_t *ng, size_t *np)
{
    for (size_t i = 0; i < n; i++) {
        int gs = g[i] && (g[i] & 1), ps = p[i] && (p[i] & 1);
        size_t ge = i + 1, pe = i + 1;
        if (gs) { while (ge < n && g[ge] == g[i] + 1) ge++; (*ng)++; }
        if (ps) { while (pe < n && p[pe] == p[i] + 1) pe++; (*np)++; }
        if (gs && ps && g[i] == p[i] && ge == pe) (*tp)++;
    }
}

static uint64_t rng_state = 20260101;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void load_lex(ner_lex *lex, const char *dir)
{
    static const struct { const char *f; unsigned c; } L[] = {
        {"gazetteer-per.txt", GZ_PER}, {"gazetteer-org.txt", GZ_ORG}, {"gazetteer-loc.txt", GZ_LOC},
        {"gazetteer-misc.txt", GZ_MISC}, {"triggers-per.txt", TR_PER}, {"triggers-org.txt", TR_ORG},
        {"triggers-loc.txt", TR_LOC}};
    char path[4096];
    for (size_t i = 0; i < sizeof L / sizeof *L; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, L[i].f);
        if (ner_lex_add_file(lex, path, L[i].c)) fprintf(stderr, "akhbar-train: %s (skipped)\n", ak_last_error());
    }
    ner_lex_finish(lex);
}

/* The training lexicon: words whose share of occurrences inside entities of a
 * tag reaches 30% get that tag's bit. Built from sentences [lo, hi) except
 * those of fold `skip` (jackknifing, so training sees features as tests will). */
enum { NFOLDS = 5 };
typedef struct wk { uint64_t key; uint8_t tag; } wk;
static int cmp_wk(const void *a, const void *b)
{
    const wk *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void build_tlex(const corpus *c, const uint64_t *keys, size_t hi, int skip, ner_lex *out)
{
    wk *v = malloc((c->n ? c->n : 1) * sizeof *v);
    size_t n = 0;
    for (size_t s = 0; s < hi; s++) {
        if ((int)(s * NFOLDS / hi) == skip) continue;
        for (size_t i = c->sent[s]; i < c->sent[s + 1]; i++) v[n++] = (wk){keys[i], c->gold[i]};
    }
    qsort(v, n, sizeof *v, cmp_wk);
    out->keys = malloc((n ? n : 1) * sizeof *out->keys);
    out->n = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a, cnt[NER_NTAGS] = {0};
        while (b < n && v[b].key == v[a].key) cnt[v[b++].tag]++;
        unsigned bits = 0;
        for (int t = 1; t < NER_NTAGS; t++)
            if (cnt[t] * 10 >= (b - a) * 3) bits |= 1u << (t - 1);
        size_t occ = b - a;
        bits |= (occ >= 5 ? 3u : occ >= 2 ? 2u : 1u) << 8; /* frequency class */
        out->keys[out->n++] = v[a].key | bits;
        a = b;
    }
    out->cap = out->n;
    free(v);
}

static void usage(void)
{
    fprintf(stderr, "usage: akhbar-train [--epochs N] [--dev] [--data DIR] TRAIN.txt OUT.model\n"
                    "  --dev  hold out the last 10%% of TRAIN and report dev F1 after each epoch\n");
}

int main(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL, *dir = getenv("AKHBAR_DATA");
    int epochs = 7, dev = 0; /* 7: best on the dev split (docs/ner.md) */
#ifdef AK_DATA_DIR
    if (!dir || !*dir) dir = AK_DATA_DIR;
#endif
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--epochs") && i + 1 < argc) epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dev")) dev = 1;
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) dir = argv[++i];
        else if (!in) in = argv[i];
        else if (!outp) outp = argv[i];
        else { usage(); return 2; }
    }
    if (!in || !outp || epochs < 1) { usage(); return 2; }
    corpus c = {0};
    if (read_corpus(in, &c)) return 1;
    struct ak_ner m = {0};
    load_lex(&m.lex, dir);
    size_t ntrain = dev ? c.ns * 9 / 10 : c.ns;
    fprintf(stderr, "akhbar-train: %zu tokens, %zu sentences (%zu for training), %zu lexicon words\n",
            c.n, c.ns, ntrain, m.lex.n);
    uint32_t *feats = malloc(c.n * NER_MAXFEAT * sizeof *feats);
    uint8_t *nf = malloc(c.n), *pred = malloc(c.n);
    size_t maxlen = 1;
    for (size_t s = 0; s < c.ns; s++)
        if (c.sent[s + 1] - c.sent[s] > maxlen) maxlen = c.sent[s + 1] - c.sent[s];
    void *vit = malloc(maxlen * NER_NTAGS * (sizeof(float) + 1));
    size_t *order = malloc(c.ns * sizeof *order);
    trainer T = {0};
    T.w = calloc((size_t)NER_NBUCKETS * NER_NTAGS, sizeof *T.w);
    T.u = calloc((size_t)NER_NBUCKETS * NER_NTAGS, sizeof *T.u);
    if (!feats || !nf || !pred || !vit || !order || !T.w || !T.u) { fprintf(stderr, "out of memory\n"); return 1; }
    uint64_t *keys = malloc((c.n ? c.n : 1) * sizeof *keys);
    for (size_t i = 0; i < c.n; i++) keys[i] = ner_word_key(c.tok[i].s, c.tok[i].len);
    ner_lex fold[NFOLDS];
    for (int f = 0; f < NFOLDS; f++) build_tlex(&c, keys, ntrain, f, &fold[f]);
    build_tlex(&c, keys, ntrain, -1, &m.tlex);
    for (size_t s = 0; s < c.ns; s++) {
        const ner_lex *tl = s < ntrain ? &fold[s * NFOLDS / ntrain] : &m.tlex;
        ner_features(&m.lex, tl, c.tok + c.sent[s], c.sent[s + 1] - c.sent[s], feats + c.sent[s] * NER_MAXFEAT,
                     nf + c.sent[s]);
    }
    for (int f = 0; f < NFOLDS; f++) ner_lex_free(&fold[f]);
    free(keys);
    for (size_t s = 0; s < ntrain; s++) order[s] = s;
    T.c = 1;
    m.w = malloc((size_t)NER_NBUCKETS * NER_NTAGS * sizeof *m.w);
    for (int ep = 0; ep < epochs; ep++) {
        for (size_t s = ntrain; s > 1; s--) { /* Fisher-Yates with a fixed seed: deterministic */
            size_t j = rnd() % s, t = order[s - 1];
            order[s - 1] = order[j];
            order[j] = t;
        }
        size_t errs = 0;
        for (size_t oi = 0; oi < ntrain; oi++) {
            size_t s = order[oi], a = c.sent[s], n = c.sent[s + 1] - a;
            ner_viterbi(T.w, T.tw, feats + a * NER_MAXFEAT, nf + a, n, pred + a, vit);
            int prev_g = NER_NTAGS, prev_p = NER_NTAGS;
            for (size_t i = 0; i < n; i++) {
                int g = c.gold[a + i], p = pred[a + i];
                if (g != p) {
                    errs++;
                    upd(&T, feats + (a + i) * NER_MAXFEAT, nf[a + i], g, 1);
                    upd(&T, feats + (a + i) * NER_MAXFEAT, nf[a + i], p, -1);
                }
                if (g != p || prev_g != prev_p) {
                    T.tw[prev_g][g] += 1; T.tu[prev_g][g] += T.c;
                    T.tw[prev_p][p] -= 1; T.tu[prev_p][p] -= T.c;
                }
                prev_g = g;
                prev_p = p;
            }
            T.c++;
        }
        /* averaged weights: w - u / c */
        for (size_t k = 0; k < (size_t)NER_NBUCKETS * NER_NTAGS; k++) m.w[k] = T.w[k] - T.u[k] / T.c;
        for (int i = 0; i <= NER_NTAGS; i++)
            for (int t = 0; t < NER_NTAGS; t++) m.trans[i][t] = T.tw[i][t] - T.tu[i][t] / T.c;
        fprintf(stderr, "epoch %d: %zu token errors", ep + 1, errs);
        if (dev) {
            size_t tp = 0, ng = 0, np = 0;
            for (size_t s = ntrain; s < c.ns; s++) {
                size_t a = c.sent[s], n = c.sent[s + 1] - a;
                ner_viterbi(m.w, m.trans, feats + a * NER_MAXFEAT, nf + a, n, pred + a, vit);
                count_entities(c.gold + a, pred + a, n, &tp, &ng, &np);
            }
            double P = np ? (double)tp / np : 0, R = ng ? (double)tp / ng : 0;
            fprintf(stderr, "; dev P %.2f R %.2f F1 %.2f", 100 * P, 100 * R, P + R > 0 ? 200 * P * R / (P + R) : 0);
        }
        fputc('\n', stderr);
    }
    int rc = ner_model_save(&m, outp);
    if (rc) fprintf(stderr, "akhbar-train: %s\n", ak_last_error());
    free(m.w); ner_lex_free(&m.lex); ner_lex_free(&m.tlex); free(T.w); free(T.u);
    free(feats); free(nf); free(pred); free(vit); free(order);
    free(c.tok); free(c.gold); free(c.sent); free(c.text);
    return rc ? 1 : 0;
}
