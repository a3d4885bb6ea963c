/* cmd_entities.c: `akhbar entities [--db PATH] [--json]`, a thin shell over the library:
 * the entities persisted by `akhbar run` (ak_entities_each); for a database not
 * analyzed yet, the stored articles' mentions linked on the fly (docs/ner.md). */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static const char usage[] = "[--db PATH] [--json]";

static void json_body(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p < 0x20) printf("\\u%04x", *p);
        else putchar(*p);
    }
}

static void json_str(const char *s)
{
    putchar('"');
    json_body(s);
    putchar('"');
}

static void print_entity(const ak_entity *e, int json)
{
    if (!json) {
        printf("%s\t%s\t%zu\t", e->type, e->name, e->mentions);
        for (size_t j = 0; j < e->n_articles; j++) printf("%s%s", j ? "," : "", e->articles[j]);
        putchar('\n');
        return;
    }
    printf("{\"entity\":");
    printf("\"%s:", e->type);
    json_body(e->name);
    printf("\",\"name\":");
    json_str(e->name);
    printf(",\"type\":\"%s\",\"variants\":[", e->type);
    for (size_t j = 0; j < e->n_variants; j++) { if (j) putchar(','); json_str(e->variants[j]); }
    printf("],\"roles\":[");
    for (size_t j = 0; j < e->n_roles; j++) { if (j) putchar(','); json_str(e->roles[j]); }
    printf("],\"articles\":[");
    for (size_t j = 0; j < e->n_articles; j++) { if (j) putchar(','); json_str(e->articles[j]); }
    printf("],\"mentions\":%zu}\n", e->mentions);
}

typedef struct pctx { int json; size_t n; } pctx;

static int print_persisted(const ak_entity_info *e, void *vctx)
{
    pctx *c = vctx;
    c->n++;
    if (!c->json) {
        printf("%s\t%s\t%zu\t", e->type, e->name, e->mentions);
        for (size_t j = 0; j < e->n_articles; j++) printf("%s%s", j ? "," : "", e->articles[j]);
        putchar('\n');
        return AK_OK;
    }
    printf("{\"entity\":\"%s:", e->type);
    json_body(e->name);
    printf("\",\"name\":");
    json_str(e->name);
    printf(",\"type\":\"%s\",\"variants\":%s,\"roles\":%s,\"articles\":[", e->type,
           *e->variants_json ? e->variants_json : "[]", *e->roles_json ? e->roles_json : "[]");
    for (size_t j = 0; j < e->n_articles; j++) { if (j) putchar(','); json_str(e->articles[j]); }
    printf("],\"mentions\":%zu,\"first\":", e->mentions);
    if (e->first_day) json_str(e->first_day); else printf("null");
    printf(",\"last\":");
    if (e->last_day) json_str(e->last_day); else printf("null");
    printf("}\n");
    return AK_OK;
}

int cmd_entities(int argc, char **argv)
{
    const char *db_path = cli_default_db();
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--db")) {
            if (i + 1 >= argc) return cli_usage("entities", usage, "--db needs a path");
            db_path = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { printf("usage: akhbar entities %s\n", usage); return EXIT_OK; }
        else return cli_usage("entities", usage, "unexpected argument '%s'", argv[i]);
    }
    ak_db *db;
    if (cli_open_existing_db("entities", db_path, &db)) return EXIT_BAD_INPUT;
    pctx pc = {json, 0};
    if (ak_entities_each(db, print_persisted, &pc) != AK_OK) {
        fprintf(stderr, "akhbar entities: %s\n", ak_last_error());
        ak_db_close(db);
        return EXIT_BAD_INPUT;
    }
    if (pc.n) { ak_db_close(db); return EXIT_OK; }
    ak_ner *m;
    if (ak_ner_load(&m, NULL)) {
        fprintf(stderr, "akhbar entities: %s\n", ak_last_error());
        ak_db_close(db);
        return EXIT_BAD_INPUT;
    }
    ak_article_iter *it;
    ak_ner_doc *docs = NULL;
    size_t n = 0, cap = 0;
    int has_it = ak_articles_iter(db, &it) == AK_OK;
    int rc = has_it ? EXIT_OK : EXIT_BAD_INPUT;
    const ak_stored_article *a;
    while (rc == EXIT_OK && ak_articles_next(it, &a) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            ak_ner_doc *g = realloc(docs, cap * sizeof *g);
            if (!g) { rc = EXIT_BAD_INPUT; break; }
            docs = g;
        }
        /* the iterator's strings live until the next call: keep copies */
        char *id = strdup(a->id ? a->id : ""), *text = malloc(a->text_len + 1);
        if (!id || !text) { free(id); free(text); rc = EXIT_BAD_INPUT; break; }
        memcpy(text, a->text ? a->text : "", a->text_len);
        text[a->text_len] = 0;
        docs[n++] = (ak_ner_doc){.id = id, .text = text, .len = a->text_len};
    }
    if (has_it) ak_articles_iter_free(it);
    ak_entity *e = NULL;
    size_t ne = 0;
    if (rc == EXIT_OK && ak_entities_link(m, docs, n, NULL, &e, &ne)) {
        fprintf(stderr, "akhbar entities: %s\n", ak_last_error());
        rc = EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < ne; i++) print_entity(&e[i], json);
    ak_entities_free(e, ne);
    for (size_t i = 0; i < n; i++) { free((void *)docs[i].id); free((void *)docs[i].text); }
    free(docs);
    ak_db_close(db);
    ak_ner_free(m);
    return rc;
}
