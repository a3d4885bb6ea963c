/* api_entities.c: GET /api/entities (filter by type and name, paging, most reported first)
 * and GET /api/entities/{id} (name, variants, roles, articles, stories). */
#include "serve/api_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

static void list(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    size_t offset, limit;
    const char *q, *type = ak_http_query(req, "type");
    if (api_paging(req, res, 100, 1000, &offset, &limit) || api_text(req, res, "q", 512, &q)) return;
    if (type && !*type) type = NULL;
    if (type && strcmp(type, "PER") && strcmp(type, "ORG") && strcmp(type, "LOC") && strcmp(type, "MISC"))
        return ak_http_error(res, 400, "parameter 'type': expected PER, ORG, LOC or MISC");
#define WHERE " FROM entities WHERE (CAST(?1 AS TEXT) IS NULL OR type=?1)" \
    " AND (CAST(?2 AS TEXT) IS NULL OR instr(name,?2)>0 OR instr(variants,?2)>0)"
    const char *v[2] = {type, q};
    api_list l;
    if (api_list_begin(api, res, &l, "entities", "SELECT count(*)" WHERE,
                       "SELECT id,name,type,n_articles,first_day,last_day,variants" WHERE
                       " ORDER BY n_articles DESC, name LIMIT ?3 OFFSET ?4", v, 2, offset, limit) == AK_OK) {
        ak_buf *b = &res->body;
        static const char *const keys[] = {"entity", "name", "type", "n_articles", "first", "last"};
        int r;
        while ((r = api_list_row(&l, b, keys, 6)) == AK_SQL_ROW) {
            ak_buf_puts(b, ",\"variants\":");
            json_raw_col(b, l.page, 6, "[]");
            ak_buf_putc(b, '}');
        }
        api_list_end(&l, res, r);
    }
#undef WHERE
}

static void one(ak_api *api, ak_http_response *res, const char *rest)
{
    long long id;
    if (api_int_id(rest, &id) != 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "no entity with id '%.200s' (entity ids are whole numbers)", rest);
        return ak_http_error(res, 404, msg);
    }
    ak_db *db = api_reader(api);
    ak_sql *s = ak_db_sql(db);
    ak_sqlq *q = NULL;
    int rc = AK_OK;
    if (ak_sql_prepare(s, "SELECT id,name,type,n_articles,first_day,last_day,variants,roles FROM entities"
                              " WHERE id=?1", 0, &q) != AK_OK) {
        rc = ak_sql_error(s, "database");
    } else {
        ak_sqlq_bind_int64(q, 1, id);
        int r = ak_sqlq_step(q);
        if (r == AK_SQL_DONE) {
            char msg[64];
            snprintf(msg, sizeof msg, "no entity with id %lld", id);
            ak_http_error(res, 404, msg);
        } else if (r != AK_SQL_ROW) {
            rc = ak_sql_error(s, "database");
        } else {
            ak_buf *b = &res->body;
            static const char *const keys[] = {"entity", "name", "type", "n_articles", "first", "last"};
            ak_buf_putc(b, '{');
            for (int i = 0; i < 6; i++) json_key_col(b, keys[i], q, i, i > 0);
            ak_buf_puts(b, ",\"variants\":");
            json_raw_col(b, q, 6, "[]");
            ak_buf_puts(b, ",\"roles\":");
            json_raw_col(b, q, 7, "[]");
            static const char *const ak[] = {"id", "title", "source", "published", "mentions"};
            static const char *const sk[] = {"story", "title", "first", "last", "articles"};
            rc = api_section(s, b, "articles",
                      "SELECT a.id,a.title,a.source,a.published,count(*) FROM entity_mentions m"
                      " JOIN articles a ON a.id=m.article WHERE m.entity=?1 GROUP BY a.seq"
                      " ORDER BY a.published IS NULL, a.published DESC, a.seq DESC LIMIT 500", NULL, id, ak, 5);
            if (rc == AK_OK)
                rc = api_section(s, b, "stories",
                          "SELECT st.id,st.title,st.first_day,st.last_day,count(DISTINCT sa.article)"
                          " FROM entity_mentions m JOIN story_articles sa ON sa.article=m.article"
                          " JOIN stories st ON st.id=sa.story WHERE m.entity=?1 GROUP BY st.id"
                          " ORDER BY st.last_day IS NULL, st.last_day DESC, st.id LIMIT 100", NULL, id, sk, 5);
            ak_buf_puts(b, "}\n");
        }
    }
    ak_sqlq_finalize(q);
    if (rc != AK_OK) api_db_error(res, "entity");
    api_release(api, db);
}

void api_entities(ak_api *api, const ak_http_request *req, ak_http_response *res, const char *rest)
{
    if (!*rest) return list(api, req, res);
    one(api, res, rest);
}
