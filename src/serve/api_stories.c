/* api_stories.c: GET /api/stories (newest first, paging, date and text filters) and
 * GET /api/stories/{id} (title, header, summary, timeline, entities, articles). */
#include "serve/api_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

static void list(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    size_t offset, limit;
    const char *from, *to, *q;
    if (api_paging(req, res, 50, 500, &offset, &limit) || api_date(req, res, "from", &from) ||
        api_date(req, res, "to", &to) || api_text(req, res, "q", 512, &q))
        return;
#define WHERE                                                                                               \
    " FROM stories WHERE (CAST(?1 AS TEXT) IS NULL OR last_day>=?1)"                                         \
    " AND (CAST(?2 AS TEXT) IS NULL OR substr(first_day,1,length(CAST(?2 AS TEXT)))<=?2)"                   \
    " AND (CAST(?3 AS TEXT) IS NULL OR instr(title,?3)>0)"
    const char *v[3] = {from, to, q};
    api_list l;
    if (api_list_begin(api, res, &l, "stories", "SELECT count(*)" WHERE,
                       "SELECT id,title,header,first_day,last_day,n_articles" WHERE
                       " ORDER BY last_day IS NULL, last_day DESC, first_day IS NULL, first_day DESC, id LIMIT ?4 OFFSET ?5",
                       v, 3, offset, limit) == AK_OK) {
        static const char *const keys[] = {"story", "title", "header", "first", "last", "n_articles"};
        int r;
        while ((r = api_list_row(&l, &res->body, keys, 6)) == AK_SQL_ROW) ak_buf_putc(&res->body, '}');
        api_list_end(&l, res, r);
    }
#undef WHERE
}

static void one(ak_api *api, ak_http_response *res, const char *id)
{
    ak_db *db = api_reader(api);
    ak_sql *s = ak_db_sql(db);
    ak_sqlq *q = NULL;
    int rc = AK_OK;
    if (ak_sql_prepare(s, "SELECT id,title,header,first_day,last_day,n_articles,updated,summary,timeline"
                              " FROM stories WHERE id=?1", 0, &q) != AK_OK) {
        rc = ak_sql_error(s, "database");
    } else {
        ak_sqlq_bind_text(q, 1, id, -1);
        int r = ak_sqlq_step(q);
        if (r == AK_SQL_DONE) {
            char msg[300];
            snprintf(msg, sizeof msg, "no story with id '%.200s'", id);
            ak_http_error(res, 404, msg);
        } else if (r != AK_SQL_ROW) {
            rc = ak_sql_error(s, "database");
        } else {
            ak_buf *b = &res->body;
            static const char *const keys[] = {"story", "title", "header", "first", "last", "n_articles", "updated"};
            ak_buf_putc(b, '{');
            for (int i = 0; i < 7; i++) json_key_col(b, keys[i], q, i, i > 0);
            ak_buf_puts(b, ",\"summary\":");
            json_raw_col(b, q, 7, "[]");
            ak_buf_puts(b, ",\"timeline\":");
            json_raw_col(b, q, 8, "[]");
            static const char *const ek[] = {"entity", "name", "type", "mentions", "articles"};
            static const char *const ak[] = {"id", "title", "source", "published", "duplicate"};
            rc = api_section(s, b, "entities",
                         "SELECT e.id,e.name,e.type,count(*),count(DISTINCT m.article) FROM story_articles sa"
                         " JOIN entity_mentions m ON m.article=sa.article JOIN entities e ON e.id=m.entity"
                         " WHERE sa.story=?1 GROUP BY e.id ORDER BY count(DISTINCT m.article) DESC, count(*) DESC,"
                         " e.name, e.id LIMIT 50", id, 0, ek, 5);
            if (rc == AK_OK)
                rc = api_section(s, b, "articles",
                             "SELECT a.id,a.title,a.source,a.published,sa.duplicate FROM story_articles sa"
                             " JOIN articles a ON a.id=sa.article WHERE sa.story=?1"
                             " ORDER BY a.published IS NOT NULL, a.published, a.seq LIMIT 1000", id, 0, ak, 5);
            ak_buf_puts(b, "}\n");
        }
    }
    ak_sqlq_finalize(q);
    if (rc != AK_OK) api_db_error(res, "story");
    api_release(api, db);
}

void api_stories(ak_api *api, const ak_http_request *req, ak_http_response *res, const char *rest)
{
    if (!*rest) return list(api, req, res);
    one(api, res, rest);
}
