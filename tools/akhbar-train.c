/* akhbar-train.c: trains the NER model (averaged structured perceptron) from a
 * CoNLL-style `token TAG` file such as ANERcorp and writes data/ner.model. */
#include <math.h>
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

/* Word clusters from unlabelled news (tools/akhbar-clusters.c); optional. */
static void load_clusters(ner_lex *clex, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/ner-clusters.txt", dir);
    if (ner_clusters_add_file(clex, path)) fprintf(stderr, "akhbar-train: %s (no cluster features)\n", ak_last_error());
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

/* Moves the sentences of tenth `part` (0..9) to the end, where the dev split is
 * held out: several parts give a steadier dev estimate than one. */
static int move_part(corpus *c, int part)
{
    size_t a = c->ns * (size_t)part / 10, b = c->ns * (size_t)(part + 1) / 10;
    ner_tok *tok = malloc((c->n ? c->n : 1) * sizeof *tok);
    uint8_t *gold = malloc(c->n ? c->n : 1);
    size_t *sent = malloc((c->ns + 1) * sizeof *sent), n = 0, k = 0;
    if (!tok || !gold || !sent) return -1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t s = 0; s < c->ns; s++) {
            if ((s >= a && s < b) != (pass == 1)) continue;
            sent[k++] = n;
            for (size_t i = c->sent[s]; i < c->sent[s + 1]; i++, n++) {
                tok[n] = c->tok[i];
                gold[n] = c->gold[i];
            }
        }
    sent[k] = n;
    free(c->tok); free(c->gold); free(c->sent);
    c->tok = tok; c->gold = gold; c->sent = sent;
    return 0;
}

/* Dev F1 (percent) of the averaged model with `obias` taken off every move into O. */
static double dev_f1(const corpus *c, struct ak_ner *m, size_t ntrain, const uint32_t *feats, const uint8_t *nf,
                     uint8_t *pred, void *vit, float obias, double *P_, double *R_)
{
    float tr[NER_NTAGS + 1][NER_NTAGS];
    memcpy(tr, m->trans, sizeof tr);
    for (int i = 0; i <= NER_NTAGS; i++) tr[i][NER_O] -= obias;
    size_t tp = 0, ng = 0, np = 0;
    for (size_t s = ntrain; s < c->ns; s++) {
        size_t a = c->sent[s], n = c->sent[s + 1] - a;
        ner_viterbi(m->w, (const float(*)[NER_NTAGS])tr, feats + a * NER_MAXFEAT, nf + a, n, pred + a, vit);
        count_entities(c->gold + a, pred + a, n, &tp, &ng, &np);
    }
    double P = np ? (double)tp / np : 0, R = ng ? (double)tp / ng : 0;
    *P_ = 100 * P;
    *R_ = 100 * R;
    return P + R > 0 ? 200 * P * R / (P + R) : 0;
}

/* Dev F1 per type at the shipped O bias, printed after the sweep. */
static void dev_types(const corpus *c, struct ak_ner *m, size_t ntrain, const uint32_t *feats, const uint8_t *nf,
                      uint8_t *pred, void *vit, float obias)
{
    float tr[NER_NTAGS + 1][NER_NTAGS];
    memcpy(tr, m->trans, sizeof tr);
    for (int i = 0; i <= NER_NTAGS; i++) tr[i][NER_O] -= obias;
    size_t tp[NER_NTYPES] = {0}, ng[NER_NTYPES] = {0}, np[NER_NTYPES] = {0};
    for (size_t s = ntrain; s < c->ns; s++) {
        size_t a = c->sent[s], n = c->sent[s + 1] - a;
        ner_viterbi(m->w, (const float(*)[NER_NTAGS])tr, feats + a * NER_MAXFEAT, nf + a, n, pred + a, vit);
        const uint8_t *g = c->gold + a, *p = pred + a;
        for (size_t i = 0; i < n; i++) {
            int gs = g[i] && (g[i] & 1), ps = p[i] && (p[i] & 1);
            size_t ge = i + 1, pe = i + 1;
            if (gs) { while (ge < n && g[ge] == g[i] + 1) ge++; ng[(g[i] - 1) / 2]++; }
            if (ps) { while (pe < n && p[pe] == p[i] + 1) pe++; np[(p[i] - 1) / 2]++; }
            if (gs && ps && g[i] == p[i] && ge == pe) tp[(g[i] - 1) / 2]++;
        }
    }
    fprintf(stderr, "dev by type (O bias %g):", obias);
    for (int t = 0; t < NER_NTYPES; t++)
        fprintf(stderr, " %s tp %zu gold %zu pred %zu;", ner_type_names[t], tp[t], ng[t], np[t]);
    fputc('\n', stderr);
}

static void usage(void)
{
    fprintf(stderr, "usage: akhbar-train [--epochs N] [--dev | --dev-part K] [--obias B] [--bags K] [--prune F] [--data DIR] TRAIN.txt OUT.model\n"
                    "  --dev         hold out the last 10%% of TRAIN and report dev F1 after each epoch\n"
                    "  --dev-part K  hold out the K-th tenth (0..9) instead\n"
                    "  --obias B     take B off every transition into O (more recall)\n"
                    "  --bags K      average K perceptrons trained on different shuffles\n"
                    "  --prune F     drop weight rows whose largest weight is under F x the largest (0.01)\n");
}

int main(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL, *dir = getenv("AKHBAR_DATA");
    /* 7 epochs, 4 bags, O bias 2: chosen on dev splits of TRAIN (docs/ner.md) */
    int epochs = 7, dev = 0, part = 9, bags = 4;
    float obias = 2, prune = 0.01f; /* 1%: no decision on test or the seeds changes; 4.4 -> 3.0 MB */
#ifdef AK_DATA_DIR
    if (!dir || !*dir) dir = AK_DATA_DIR;
#endif
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--epochs") && i + 1 < argc) epochs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dev")) dev = 1;
        else if (!strcmp(argv[i], "--dev-part") && i + 1 < argc) { dev = 1; part = atoi(argv[++i]) % 10; }
        else if (!strcmp(argv[i], "--bags") && i + 1 < argc) bags = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--prune") && i + 1 < argc) prune = (float)atof(argv[++i]);
        else if (!strcmp(argv[i], "--obias") && i + 1 < argc) obias = (float)atof(argv[++i]);
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) dir = argv[++i];
        else if (!in) in = argv[i];
        else if (!outp) outp = argv[i];
        else { usage(); return 2; }
    }
    if (!in || !outp || epochs < 1 || bags < 1 || bags > 64) { usage(); return 2; }
    corpus c = {0};
    if (read_corpus(in, &c)) return 1;
    if (dev && part != 9 && move_part(&c, part)) { fprintf(stderr, "out of memory\n"); return 1; }
    struct ak_ner m = {0};
    load_lex(&m.lex, dir);
    load_clusters(&m.clex, dir);
    size_t ntrain = dev ? c.ns * 9 / 10 : c.ns;
    fprintf(stderr, "akhbar-train: %zu tokens, %zu sentences (%zu for training), %zu lexicon words, %zu clustered words\n",
            c.n, c.ns, ntrain, m.lex.n, m.clex.n);
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
    ner_lex fold[NFOLDS] = {{0}}; /* no hash index: build_tlex fills keys, n and cap */
    for (int f = 0; f < NFOLDS; f++) build_tlex(&c, keys, ntrain, f, &fold[f]);
    build_tlex(&c, keys, ntrain, -1, &m.tlex);
    for (size_t s = 0; s < c.ns; s++) {
        const ner_lex *tl = s < ntrain ? &fold[s * NFOLDS / ntrain] : &m.tlex;
        ner_features(&m.lex, tl, &m.clex, c.tok + c.sent[s], c.sent[s + 1] - c.sent[s], feats + c.sent[s] * NER_MAXFEAT,
                     nf + c.sent[s]);
    }
    for (int f = 0; f < NFOLDS; f++) ner_lex_free(&fold[f]);
    free(keys);
    const size_t NW = (size_t)NER_NBUCKETS * NER_NTAGS;
    m.w = malloc(NW * sizeof *m.w);
    float *acc = bags > 1 ? calloc(NW, sizeof *acc) : NULL;
    float acct[NER_NTAGS + 1][NER_NTAGS] = {{0}};
    if (!m.w || (bags > 1 && !acc)) { fprintf(stderr, "out of memory\n"); return 1; }
    /* bags: perceptrons trained on different shuffles, their averaged weights
     * averaged again (less dependence on one shuffle order) */
    for (int bag = 0; bag < bags; bag++) {
    rng_state = 20260101 + 7919 * (uint64_t)bag;
    memset(T.w, 0, NW * sizeof *T.w);
    memset(T.u, 0, NW * sizeof *T.u);
    memset(T.tw, 0, sizeof T.tw);
    memset(T.tu, 0, sizeof T.tu);
    for (size_t s = 0; s < ntrain; s++) order[s] = s;
    T.c = 1;
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
            double P, R, F = dev_f1(&c, &m, ntrain, feats, nf, pred, vit, obias, &P, &R);
            fprintf(stderr, "; dev P %.2f R %.2f F1 %.2f", P, R, F);
        }
        fputc('\n', stderr);
    }
    if (bags > 1) {
        for (size_t k = 0; k < NW; k++) acc[k] += m.w[k];
        for (int i = 0; i <= NER_NTAGS; i++)
            for (int t = 0; t < NER_NTAGS; t++) acct[i][t] += m.trans[i][t];
    }
    }
    if (bags > 1) {
        for (size_t k = 0; k < NW; k++) m.w[k] = acc[k] / (float)bags;
        for (int i = 0; i <= NER_NTAGS; i++)
            for (int t = 0; t < NER_NTAGS; t++) m.trans[i][t] = acct[i][t] / (float)bags;
        free(acc);
    }
    if (dev) {
        static const float sweep[] = {0, 1, 2, 4, 6, 8, 12, 16};
        fprintf(stderr, "O bias sweep:");
        for (size_t j = 0; j < sizeof sweep / sizeof *sweep; j++) {
            double P, R, F = dev_f1(&c, &m, ntrain, feats, nf, pred, vit, sweep[j], &P, &R);
            fprintf(stderr, " %g: %.2f (P %.1f R %.1f)", sweep[j], F, P, R);
        }
        fputc('\n', stderr);
        dev_types(&c, &m, ntrain, feats, nf, pred, vit, obias);
    }
    /* rows whose weights are all tiny change no decision: dropped, the file shrinks */
    if (prune > 0) {
        float maxw = 0;
        for (size_t k = 0; k < NW; k++) maxw = fabsf(m.w[k]) > maxw ? fabsf(m.w[k]) : maxw;
        for (size_t r = 0; r < NW / NER_NTAGS; r++) {
            float mx = 0;
            for (int t = 0; t < NER_NTAGS; t++) mx = fabsf(m.w[r * NER_NTAGS + t]) > mx ? fabsf(m.w[r * NER_NTAGS + t]) : mx;
            if (mx < prune * maxw)
                for (int t = 0; t < NER_NTAGS; t++) m.w[r * NER_NTAGS + t] = 0;
        }
    }
    /* a bias against O trades precision for recall (tuned on dev, docs/ner.md) */
    for (int i = 0; i <= NER_NTAGS; i++) m.trans[i][NER_O] -= obias;
    int rc = ner_model_save(&m, outp);
    if (rc) fprintf(stderr, "akhbar-train: %s\n", ak_last_error());
    free(m.w); ner_lex_free(&m.lex); ner_lex_free(&m.tlex); ner_lex_free(&m.clex); free(T.w); free(T.u);
    free(feats); free(nf); free(pred); free(vit); free(order);
    free(c.tok); free(c.gold); free(c.sent); free(c.text);
    return rc ? 1 : 0;
}
