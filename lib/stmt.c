/* Prepared statements: classified once, routed at each execution like text statements,
 * prepared lazily on each backend where they run and again after a reconnect. */
#include "conn.h"

#include <errmsg.h>
#include <stdlib.h>
#include <string.h>

/* The statement as prepared on one backend link. */
typedef struct stmt_link {
    MYSQL_STMT *h;
    uint64_t gen; /* rws_link.gen it was prepared on */
} stmt_link;

struct rws_stmt {
    rws_conn *conn;        /* NULL once the connection was closed */
    struct rws_stmt *next; /* in conn->stmts */
    char *sql;
    size_t len;
    rws_classification cls; /* pointers into sql */
    stmt_link *links;       /* one per backend */
    size_t nlinks;
    MYSQL_BIND *params; /* the caller's arrays (see the header) */
    MYSQL_BIND *results;
    unsigned long nparams;
    int cur; /* backend of the last execution, -1 */
};

static rws_code stmt_fail(rws_conn *c, int i, MYSQL_STMT *h, rws_code code)
{
    return rws__conn_fail(c, code, mysql_stmt_errno(h), mysql_stmt_sqlstate(h), "%s (backend '%s')",
                          mysql_stmt_error(h), c->cluster->backends[i].spec.name);
}

static void close_link(stmt_link *l)
{
    if (l->h)
        mysql_stmt_close(l->h); /* also frees a handle whose connection is gone */
    l->h = NULL;
    l->gen = 0;
}

/* Prepare on link i (connected) unless it is prepared there on the current connection. Returns
 * 0 or the error number (recorded on the connection). */
static unsigned ensure_prepared(rws_stmt *s, int i)
{
    rws_conn *c = s->conn;
    stmt_link *l = &s->links[i];
    if (l->h && l->gen == c->links[i].gen)
        return 0;
    close_link(l);
    MYSQL_STMT *h = mysql_stmt_init(c->links[i].m);
    if (!h) {
        rws__conn_fail(c, RWS_ERR_NOMEM, CR_OUT_OF_MEMORY, "HY001", "out of memory");
        return CR_OUT_OF_MEMORY;
    }
    if (mysql_stmt_prepare(h, s->sql, (unsigned long)s->len) != 0) {
        unsigned e = mysql_stmt_errno(h);
        stmt_fail(c, i, h, RWS_ERR_SERVER);
        mysql_stmt_close(h);
        return e ? e : CR_UNKNOWN_ERROR;
    }
    l->h = h;
    l->gen = c->links[i].gen;
    return 0;
}

/* Prepare once now, so that errors show at once, as with mysql_stmt_prepare(): on the link a
 * transaction runs on, else on a link already open (the primary first), else on the primary,
 * else on any replica that answers. This is not routing: no balancing turn is taken and nothing
 * waits for replication; each execution routes. Returns the backend, or -1 (error recorded). */
static int prepare_somewhere(rws_stmt *s)
{
    rws_conn *c = s->conn;
    rws_cluster *cl = c->cluster;
    int order[RWS_MAX_BACKENDS + 1], n = 0;
    int p = rws__conn_primary(c);
    if (c->s.in_trx && c->s.trx_backend >= 0)
        order[n++] = c->s.trx_backend;
    if (p >= 0 && c->links[p].m)
        order[n++] = p;
    size_t nb = rws__backend_count(cl);
    for (size_t i = 0; i < nb; i++)
        if (c->links[i].m && (int)i != p)
            order[n++] = (int)i;
    if (p >= 0)
        order[n++] = p;
    for (size_t i = 0; i < nb; i++) {
        int st = atomic_load(&cl->backends[i].state);
        if ((int)i != p && !c->links[i].m && st != RWS_BACKEND_DOWN && st != RWS_BACKEND_AUTH &&
            st != RWS_BACKEND_REMOVED && n < RWS_MAX_BACKENDS + 1)
            order[n++] = (int)i;
    }
    for (int k = 0; k < n; k++) {
        int i = order[k];
        if (rws__conn_link(c, i) != RWS_OK)
            continue;
        unsigned e = ensure_prepared(s, i);
        if (e == 0)
            return i;
        if (!rws__is_connection_error(e))
            return -1; /* the server refused it: that is the answer */
        rws__conn_drop(c, i);
    }
    if (c->errcode == RWS_OK)
        rws__conn_fail(c, RWS_ERR_CONNECT, 0, "08S01",
                       "rws_stmt_prepare: no backend could be reached to prepare the statement");
    return -1;
}

static unsigned send_execute(rws_conn *c, int i, void *ctx)
{
    rws_stmt *s = ctx;
    unsigned e = ensure_prepared(s, i);
    if (e)
        return e;
    MYSQL_STMT *h = s->links[i].h;
    if (s->nparams && (!s->params || mysql_stmt_bind_param(h, s->params) != 0)) {
        if (!s->params) {
            rws__conn_fail(c, RWS_ERR_INVALID, 0, "HY000",
                           "rws_stmt_execute: %lu parameters are not bound (rws_stmt_bind_param)",
                           s->nparams);
            return CR_PARAMS_NOT_BOUND;
        }
        stmt_fail(c, i, h, RWS_ERR_SERVER);
        return mysql_stmt_errno(h);
    }
    if (mysql_stmt_execute(h) != 0) {
        e = mysql_stmt_errno(h);
        stmt_fail(c, i, h, RWS_ERR_SERVER);
        return e ? e : CR_UNKNOWN_ERROR;
    }
    s->cur = i;
    c->last_had_rows = mysql_stmt_field_count(h) > 0;
    if (s->results && mysql_stmt_field_count(h) > 0)
        mysql_stmt_bind_result(h, s->results);
    return 0;
}

rws_stmt *rws_stmt_prepare(rws_conn *c, const char *sql, size_t len)
{
    if (!c || !c->links || !sql) {
        if (c)
            rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL, "rws_stmt_prepare: no SQL text");
        return NULL;
    }
    rws__conn_clear_error(c);
    rws_stmt *s = calloc(1, sizeof *s);
    char *copy = rws__strndup(sql, len);
    stmt_link *links = calloc(c->nlinks, sizeof *links);
    if (!s || !copy || !links) {
        free(s);
        free(copy);
        free(links);
        rws__conn_fail(c, RWS_ERR_NOMEM, 0, NULL, "out of memory");
        return NULL;
    }
    *s = (rws_stmt){
        .conn = c, .sql = copy, .len = len, .links = links, .nlinks = c->nlinks, .cur = -1};
    rws_classify(s->sql, s->len, &s->cls);
    int prepared_on = prepare_somewhere(s);
    if (prepared_on < 0) {
        for (size_t i = 0; i < s->nlinks; i++)
            close_link(&s->links[i]);
        free(s->links);
        free(s->sql);
        free(s);
        return NULL;
    }
    s->nparams = mysql_stmt_param_count(s->links[prepared_on].h);
    s->next = c->stmts;
    c->stmts = s;
    return s;
}

unsigned long rws_stmt_param_count(rws_stmt *s)
{
    return s ? s->nparams : 0;
}

rws_code rws_stmt_bind_param(rws_stmt *s, MYSQL_BIND *bind)
{
    if (!s || !s->conn)
        return RWS_ERR_INVALID;
    s->params = bind;
    return RWS_OK;
}

rws_code rws_stmt_bind_result(rws_stmt *s, MYSQL_BIND *bind)
{
    if (!s || !s->conn)
        return RWS_ERR_INVALID;
    s->results = bind;
    MYSQL_STMT *h = rws_stmt_handle(s);
    if (h && bind && mysql_stmt_field_count(h) > 0 && mysql_stmt_bind_result(h, bind) != 0)
        return stmt_fail(s->conn, s->cur, h, RWS_ERR_INVALID);
    return RWS_OK;
}

rws_code rws_stmt_execute(rws_stmt *s)
{
    if (!s || !s->conn)
        return RWS_ERR_INVALID;
    rws_conn *c = s->conn;
    rws__conn_clear_error(c);
    /* Free an unread result of the previous execution, as the connector requires. */
    MYSQL_STMT *prev = rws_stmt_handle(s);
    if (prev)
        mysql_stmt_free_result(prev);
    s->cur = -1;
    rws_sender snd = {send_execute, s};
    return rws__conn_dispatch(c, &s->cls, &snd, NULL, 0);
}

MYSQL_STMT *rws_stmt_handle(rws_stmt *s)
{
    if (!s || !s->conn || s->cur < 0)
        return NULL;
    stmt_link *l = &s->links[s->cur];
    return l->h && l->gen == s->conn->links[s->cur].gen ? l->h : NULL;
}

rws_code rws_stmt_store_result(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    if (!h)
        return RWS_ERR_INVALID;
    if (mysql_stmt_store_result(h) != 0)
        return stmt_fail(s->conn, s->cur, h, rws__failure_code(mysql_stmt_errno(h)));
    return RWS_OK;
}

int rws_stmt_fetch(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    if (!h)
        return 1;
    int r = mysql_stmt_fetch(h);
    if (r == 1)
        stmt_fail(s->conn, s->cur, h, rws__failure_code(mysql_stmt_errno(h)));
    return r;
}

MYSQL_RES *rws_stmt_result_metadata(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    if (!h && s && s->conn) {
        /* Before the first execution: the metadata of the backend it was prepared on. */
        for (size_t i = 0; i < s->nlinks && !h; i++)
            if (s->links[i].h && s->links[i].gen == s->conn->links[i].gen)
                h = s->links[i].h;
    }
    return h ? mysql_stmt_result_metadata(h) : NULL;
}

unsigned rws_stmt_field_count(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    return h ? mysql_stmt_field_count(h) : 0;
}

uint64_t rws_stmt_affected_rows(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    return h ? (uint64_t)mysql_stmt_affected_rows(h) : 0;
}

uint64_t rws_stmt_insert_id(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    return h ? (uint64_t)mysql_stmt_insert_id(h) : 0;
}

uint64_t rws_stmt_num_rows(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    return h ? (uint64_t)mysql_stmt_num_rows(h) : 0;
}

int rws_stmt_next_result(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    if (!h)
        return -1;
    int r = mysql_stmt_next_result(h);
    if (r > 0)
        return (int)stmt_fail(s->conn, s->cur, h, RWS_ERR_SERVER);
    return r;
}

rws_code rws_stmt_free_result(rws_stmt *s)
{
    MYSQL_STMT *h = rws_stmt_handle(s);
    if (h)
        mysql_stmt_free_result(h);
    return RWS_OK;
}

static void detach(rws_stmt *s)
{
    for (size_t i = 0; i < s->nlinks; i++)
        close_link(&s->links[i]);
    s->conn = NULL;
}

void rws__stmt_orphan_all(rws_conn *c)
{
    for (rws_stmt *s = c->stmts; s; s = s->next)
        detach(s);
    c->stmts = NULL;
}

void rws_stmt_close(rws_stmt *s)
{
    if (!s)
        return;
    if (s->conn) {
        for (rws_stmt **pp = &s->conn->stmts; *pp; pp = &(*pp)->next) {
            if (*pp == s) {
                *pp = s->next;
                break;
            }
        }
        detach(s);
    }
    free(s->links);
    free(s->sql);
    free(s);
}
