/* query.c: reading the persisted stories back (CLI, report, server): one
 * callback per story with its members, newest first. */
#include "pipeline/pipeline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/error.h"

static int members(ak_sql *db, ak_sqlq *q, const char *id, char ***ids, int **dup, size_t *n)
{
    size_t cap = 0;
    *n = 0;
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, id, -1);
    int st;
    while ((st = ak_sqlq_step(q)) == AK_SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **pi = realloc(*ids, cap * sizeof *pi);
            if (pi) *ids = pi;
            int *pd = pi ? realloc(*dup, cap * sizeof *pd) : NULL;
            if (pd) *dup = pd;
            if (!pd) return ak_set_error(AK_ENOMEM, "stories: out of memory");
        }
        (*ids)[*n] = strdup(pl_col(q, 0));
        (*dup)[*n] = ak_sqlq_int64(q, 1);
        if (!(*ids)[(*n)++]) return ak_set_error(AK_ENOMEM, "stories: out of memory");
    }
    return st == AK_SQL_DONE ? AK_OK : pl_dberr(db, "reading story members");
}

int ak_stories_each(ak_db *adb, const char *id, int (*fn)(const ak_story_info *s, void *ctx), void *ctx)
{
    if (!adb || !fn) return ak_set_error(AK_EINVAL, "ak_stories_each: NULL argument");
    ak_sql *db = ak_db_sql(adb);
    ak_sqlq *q = NULL, *m = NULL;
    int rc = pl_prepare(db, id ? "SELECT id,title,header,first_day,last_day,updated,summary,timeline FROM stories WHERE id=?1"
                               : "SELECT id,title,header,first_day,last_day,updated,summary,timeline FROM stories"
                                 " ORDER BY last_day IS NULL, last_day DESC, first_day DESC, id", &q);
    if (rc == AK_OK)
        rc = pl_prepare(db, "SELECT sa.article, sa.duplicate FROM story_articles sa JOIN articles a ON a.id=sa.article"
                            " LEFT JOIN article_meta t ON t.article=sa.article WHERE sa.story=?1"
                            " ORDER BY t.dct IS NULL, t.dct, a.seq", &m);
    if (rc == AK_OK && id) ak_sqlq_bind_text(q, 1, id, -1);
    char **ids = NULL;
    int *dup = NULL;
    size_t n = 0, seen = 0;
    int st = AK_SQL_DONE;
    while (rc == AK_OK && (st = ak_sqlq_step(q)) == AK_SQL_ROW) {
        for (size_t i = 0; i < n; i++) free(ids[i]);
        rc = members(db, m, pl_col(q, 0), &ids, &dup, &n);
        if (rc) break;
        ak_story_info s = {
            .id = pl_col(q, 0), .title = pl_col(q, 1), .header = pl_col(q, 2),
            .first_day = pl_col_or_null(q, 3), .last_day = pl_col_or_null(q, 4), .updated = pl_col_or_null(q, 5),
            .summary_json = pl_col(q, 6), .timeline_json = pl_col(q, 7),
            .articles = (const char *const *)ids, .duplicate = dup, .n_articles = n,
        };
        seen++;
        rc = fn(&s, ctx);
    }
    if (rc == AK_OK && st != AK_SQL_DONE) rc = pl_dberr(db, "reading stories");
    if (rc == AK_OK && id && !seen) rc = ak_set_error(AK_ENOTFOUND, "no story %s", id);
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    free(dup);
    ak_sqlq_finalize(q);
    ak_sqlq_finalize(m);
    return rc;
}

int ak_entities_each(ak_db *adb, int (*fn)(const ak_entity_info *e, void *ctx), void *ctx)
{
    if (!adb || !fn) return ak_set_error(AK_EINVAL, "ak_entities_each: NULL argument");
    ak_sql *db = ak_db_sql(adb);
    ak_sqlq *q = NULL, *m = NULL;
    int rc = pl_prepare(db, "SELECT e.id, e.type, e.name, e.variants, e.roles, e.first_day, e.last_day,"
                            " (SELECT count(*) FROM entity_mentions x WHERE x.entity=e.id) AS n"
                            " FROM entities e WHERE e.n_articles > 0 ORDER BY e.n_articles DESC, n DESC, e.type, e.name", &q);
    if (rc == AK_OK)
        rc = pl_prepare(db, "SELECT a.id FROM articles a WHERE a.id IN (SELECT article FROM entity_mentions WHERE entity=?1)"
                            " ORDER BY a.seq", &m);
    char **ids = NULL;
    size_t n = 0, cap = 0;
    int st = AK_SQL_DONE;
    while (rc == AK_OK && (st = ak_sqlq_step(q)) == AK_SQL_ROW) {
        for (size_t i = 0; i < n; i++) free(ids[i]);
        n = 0;
        ak_sqlq_reset(m);
        ak_sqlq_bind_int64(m, 1, ak_sqlq_int64(q, 0));
        while (rc == AK_OK && ak_sqlq_step(m) == AK_SQL_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                char **p = realloc(ids, cap * sizeof *p);
                if (!p) { rc = ak_set_error(AK_ENOMEM, "entities: out of memory"); break; }
                ids = p;
            }
            if (!(ids[n] = strdup(pl_col(m, 0)))) { rc = ak_set_error(AK_ENOMEM, "entities: out of memory"); break; }
            n++;
        }
        if (rc) break;
        ak_entity_info e = {
            .id = ak_sqlq_int64(q, 0), .type = pl_col(q, 1), .name = pl_col(q, 2),
            .variants_json = pl_col(q, 3), .roles_json = pl_col(q, 4),
            .first_day = pl_col_or_null(q, 5), .last_day = pl_col_or_null(q, 6),
            .articles = (const char *const *)ids, .n_articles = n, .mentions = (size_t)ak_sqlq_int64(q, 7),
        };
        rc = fn(&e, ctx);
    }
    if (rc == AK_OK && st != AK_SQL_DONE) rc = pl_dberr(db, "reading entities");
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    ak_sqlq_finalize(q);
    ak_sqlq_finalize(m);
    return rc;
}
