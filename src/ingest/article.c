/* article.c: lifetime of the article record shared by ingestion, store and analysis.
 * One clear function so no stage frees fields by hand. */
#include "ingest/article.h"

#include <stdlib.h>
#include <string.h>

void ak_article_clear(ak_article *a)
{
    if (!a) return;
    free(a->id);
    free(a->url);
    free(a->source);
    free(a->title);
    free(a->author);
    free(a->published);
    free(a->raw);
    free(a->text);
    free(a->removed);
    free(a->origin);
    memset(a, 0, sizeof *a);
}
