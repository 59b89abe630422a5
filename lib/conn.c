/* The rws_conn API: opening and closing a session, its backend links (lazy connection and
 * replay of the session commands), errors, and the calls that mirror Connector/C. */
#include "consistency.h"

#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ------------------------------------------------------------------------------ */

void rws__conn_clear_error(rws_conn *c)
{
    c->errcode = RWS_OK;
    c->backend_errno = 0;
    memcpy(c->sqlstate, "00000", 6);
    c->errmsg[0] = '\0';
}

rws_code rws__conn_fail(rws_conn *c, rws_code code, unsigned backend_errno, const char *sqlstate,
                        const char *fmt, ...)
{
    /* Through a copy: callers may pass the previous message as an argument. */
    char msg[sizeof c->errmsg];
    va_list ap;
    va_start(ap, fmt);
    rws__vfmt(msg, sizeof msg, fmt, ap);
    va_end(ap);
    memcpy(c->errmsg, msg, sizeof msg);
    c->errcode = code;
    c->backend_errno = backend_errno;
    rws__strlcpy(c->sqlstate, sqlstate && *sqlstate ? sqlstate : "HY000", sizeof c->sqlstate);
    return code;
}

rws_code rws__conn_fail_from(rws_conn *c, int backend, MYSQL *m, rws_code code)
{
    const char *name = c->cluster->backends[backend].spec.name;
    return rws__conn_fail(c, code, mysql_errno(m), mysql_sqlstate(m), "%s (backend '%s')",
                          mysql_error(m), name);
}

rws_code rws_errcode(const rws_conn *c)
{
    return c ? c->errcode : RWS_ERR_INVALID;
}

const char *rws_error(const rws_conn *c)
{
    return c ? c->errmsg : "no connection handle (NULL)";
}

unsigned rws_backend_errno(const rws_conn *c)
{
    return c ? c->backend_errno : 0;
}

const char *rws_sqlstate(const rws_conn *c)
{
    return c ? c->sqlstate : "HY000";
}

/* ---- open / close ------------------------------------------------------------------------ */

void rws__conn_init_session(rws_conn *c)
{
    const rws_options *o = rws__opts(c->cluster);
    rws__history_free(&c->history);
    rws__names_free(&c->s.temps);
    rws__gtid_free(&c->write_pos);
    memset(&c->s, 0, sizeof c->s);
    c->s.last_backend = c->s.trx_backend = -1;
    c->cur = -1;
    c->history.max = (size_t)o->session_history_max;
    /* -1: follow the cluster's value (which a reload may change) */
    c->consistency = c->max_lag_ms = c->causal_wait_ms = c->sticky_after_write_ms = -1;
    c->write_gen = 0;
    c->write_pos_unknown = 0;
    c->multi_pending = 0;
    c->last_write_us = 0;
    c->state_lost_pending = 0;
    c->last_lag_us = -1;
    c->last_causal = 0;
    c->last_pin = RWS_PIN_NONE;
    rws__strlcpy(c->charset, o->charset ? o->charset : "", sizeof c->charset);
    for (size_t i = 0; i < c->nlinks; i++)
        c->links[i].synced_gen = 0;
    rws__conn_clear_error(c);
}

rws_code rws_conn_open(rws_cluster *cluster, rws_conn **out)
{
    if (!out)
        return RWS_ERR_INVALID;
    *out = NULL;
    if (!cluster)
        return RWS_ERR_INVALID;
    rws_code rc = rws_cluster_start(cluster);
    if (rc == RWS_OK && (*out = rws__pool_take(cluster)) != NULL)
        return RWS_OK;
    rws_conn *c = calloc(1, sizeof *c);
    if (!c)
        return RWS_ERR_NOMEM;
    *out = c;
    c->cluster = cluster;
    if (rc != RWS_OK) {
        c->cur = c->s.last_backend = c->s.trx_backend = -1;
        return rws__conn_fail(c, rc, 0, NULL, "%s", rws_cluster_error(cluster));
    }
    /* Every slot a reload could add: a link array never moves. */
    c->links = calloc(RWS_MAX_BACKENDS, sizeof *c->links);
    if (!c->links) {
        c->cur = c->s.last_backend = c->s.trx_backend = -1;
        return rws__conn_fail(c, RWS_ERR_NOMEM, 0, NULL, "out of memory");
    }
    c->nlinks = RWS_MAX_BACKENDS;
    rws__conn_init_session(c);
    return RWS_OK;
}

void rws__conn_drop(rws_conn *c, int i)
{
    if (i < 0 || (size_t)i >= c->nlinks || !c->links[i].m)
        return;
    mysql_close(c->links[i].m);
    c->links[i].m = NULL;
    if (c->cur == i)
        c->cur = -1;
}

void rws__conn_free(rws_conn *c)
{
    for (size_t i = 0; i < c->nlinks; i++)
        rws__conn_drop(c, (int)i);
    free(c->links);
    rws__history_free(&c->history);
    rws__names_free(&c->s.temps);
    rws__gtid_free(&c->write_pos);
    free(c);
}

void rws_conn_close(rws_conn *c)
{
    if (!c)
        return;
    rws__stmt_orphan_all(c);
    if (c->links && rws__pool_put(c))
        return; /* kept for the next rws_conn_open() */
    rws__conn_free(c);
}

int rws__conn_primary(const rws_conn *c)
{
    return atomic_load(&c->cluster->primary);
}

/* ---- links: lazy connect, replay --------------------------------------------------------- */

static rws_code replay(rws_conn *c, int i, MYSQL *m)
{
    for (size_t k = 0; k < c->history.n; k++) {
        const rws_sescmd *s = &c->history.cmds[k];
        if (mysql_real_query(m, s->sql, (unsigned long)s->len) != 0)
            return rws__conn_fail_from(c, i, m,
                                       rws__is_connection_error(mysql_errno(m)) ? RWS_ERR_CONNECT
                                                                                : RWS_ERR_SERVER);
        do {
            MYSQL_RES *r = mysql_store_result(m);
            if (r)
                mysql_free_result(r);
        } while (mysql_next_result(m) == 0);
    }
    return RWS_OK;
}

/* State that dies with link i and cannot be replayed: its open transaction, and on the primary
 * the temporary tables, locks and session state that exist there only. */
static int primary_state_lost(rws_conn *c, int i)
{
    if (!c->links[i].used)
        return 0;
    if (c->s.in_trx && c->s.trx_backend == i)
        return 1;
    if (i != rws__conn_primary(c))
        return 0;
    return c->s.temps.n > 0 || c->s.tables_locked || c->s.named_locks > 0 || c->s.primary_only ||
           c->s.user_vars_on_primary;
}

rws_code rws__conn_link(rws_conn *c, int i)
{
    rws_backend *b = &c->cluster->backends[i];
    rws_link *l = &c->links[i];
    if (l->m && l->epoch == atomic_load(&b->epoch))
        return RWS_OK;
    int reconnect = l->m != NULL || l->used;
    rws__conn_drop(c, i);
    const rws_options *o = rws__opts(c->cluster);
    if (!rws__backend_may_connect(b, o, rws__now_us()))
        return rws__conn_fail(c, RWS_ERR_CONNECT, CR_CONNECTION_ERROR, "HY000",
                              "backend '%s' is down; next attempt in at most %d ms", b->spec.name,
                              atomic_load(&b->backoff_ms));
    if (c->history.overflowed)
        c->state_lost_pending = 1; /* the oldest session commands are no longer known */
    rws_connect_params p = c->cluster->params;
    p.charset = c->charset;
    p.connect_timeout_ms = o->connect_timeout_ms; /* a reload may have changed them */
    p.read_timeout_ms = o->read_timeout_ms;
    p.write_timeout_ms = o->write_timeout_ms;
    unsigned errnum;
    char err[RWS_ERRMSG_SIZE];
    int64_t epoch = atomic_load(&b->epoch);
    MYSQL *m = rws__backend_connect(b, &p, &errnum, err, sizeof err);
    if (!m) {
        if (rws__is_connection_error(errnum))
            rws__backend_mark_down(b, o, rws__now_us());
        return rws__conn_fail(c, RWS_ERR_CONNECT, errnum, "08S01", "%s", err);
    }
    atomic_fetch_add(&b->stats.connects, 1);
    rws__backend_mark_up(b);
    rws__setup_tracking(c, i, m);
    rws_code rc = replay(c, i, m);
    if (rc != RWS_OK) {
        mysql_close(m);
        return rc;
    }
    l->m = m;
    l->epoch = epoch;
    l->gen = ++c->link_gen;
    if (reconnect && primary_state_lost(c, i)) {
        /* Temporary tables, locks and the open transaction died with the old connection. */
        c->state_lost_pending = 1;
        if (i == rws__conn_primary(c)) {
            rws__names_free(&c->s.temps);
            c->s.tables_locked = 0;
            c->s.named_locks = 0;
            c->s.primary_only = 0;
            c->s.user_vars_on_primary = 0;
        }
        if (c->s.trx_backend == i) {
            c->s.in_trx = 0;
            c->s.trx_backend = -1;
        }
    }
    l->used = 1;
    return RWS_OK;
}

/* ---- statements -------------------------------------------------------------------------- */

rws_code rws_real_query(rws_conn *c, const char *sql, size_t len)
{
    if (!c || (!sql && len))
        return c ? rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL, "SQL text is NULL")
                 : RWS_ERR_INVALID;
    if (!c->links)
        return c->errcode ? c->errcode : RWS_ERR_INVALID;
    rws__conn_clear_error(c);
    return rws__conn_execute(c, sql ? sql : "", len);
}

rws_code rws_query(rws_conn *c, const char *sql)
{
    return rws_real_query(c, sql, sql ? strlen(sql) : 0);
}

static MYSQL *cur_handle(rws_conn *c)
{
    return c && c->cur >= 0 && (size_t)c->cur < c->nlinks ? c->links[c->cur].m : NULL;
}

MYSQL_RES *rws_store_result(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    if (!m)
        return NULL;
    MYSQL_RES *r = mysql_store_result(m);
    if (!r && mysql_errno(m))
        rws__conn_fail_from(c, c->cur, m, rws__failure_code(mysql_errno(m)));
    return r;
}

MYSQL_RES *rws_use_result(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    if (!m)
        return NULL;
    MYSQL_RES *r = mysql_use_result(m);
    if (!r && mysql_errno(m))
        rws__conn_fail_from(c, c->cur, m, RWS_ERR_SERVER);
    return r;
}

int rws_more_results(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    return m ? mysql_more_results(m) : 0;
}

int rws_next_result(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    if (!m)
        return -1;
    int r = mysql_next_result(m);
    if (r > 0)
        return (int)rws__conn_fail_from(c, c->cur, m, rws__failure_code(mysql_errno(m)));
    if (c->cur == rws__conn_primary(c))
        rws__track_next_result(c, m, r == 0);
    return r;
}

unsigned rws_field_count(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    return m ? mysql_field_count(m) : 0;
}

uint64_t rws_affected_rows(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    return m ? (uint64_t)mysql_affected_rows(m) : 0;
}

uint64_t rws_insert_id(rws_conn *c)
{
    if (!c || !c->links)
        return 0;
    int p = rws__conn_primary(c);
    return p >= 0 && c->links[p].m ? (uint64_t)mysql_insert_id(c->links[p].m) : 0;
}

unsigned rws_warning_count(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    return m ? mysql_warning_count(m) : 0;
}

const char *rws_info(rws_conn *c)
{
    MYSQL *m = cur_handle(c);
    return m ? mysql_info(m) : NULL;
}

MYSQL *rws_last_mysql(rws_conn *c)
{
    return cur_handle(c);
}

const char *rws_last_backend(rws_conn *c)
{
    if (!c || c->s.last_backend < 0)
        return NULL;
    return c->cluster->backends[c->s.last_backend].spec.name;
}

rws_route rws_last_route(rws_conn *c, rws_reason *reason)
{
    if (reason)
        *reason = c ? c->last_reason : RWS_REASON_UNKNOWN;
    return c ? c->last_route : RWS_ROUTE_PRIMARY;
}

unsigned long rws_real_escape_string(rws_conn *c, char *to, const char *from, unsigned long len)
{
    if (!c || !to || !from)
        return (unsigned long)-1;
    /* Any open link escapes with the session's character set; with none open, connect the
     * primary, or else any replica, as the escaping depends on the server's settings
     * (NO_BACKSLASH_ESCAPES). */
    for (size_t i = 0; i < c->nlinks; i++)
        if (c->links[i].m)
            return mysql_real_escape_string(c->links[i].m, to, from, len);
    int p = rws__conn_primary(c);
    if (p >= 0 && rws__conn_link(c, p) == RWS_OK)
        return mysql_real_escape_string(c->links[p].m, to, from, len);
    for (size_t i = 0; i < c->nlinks; i++)
        if (rws__conn_link(c, (int)i) == RWS_OK)
            return mysql_real_escape_string(c->links[i].m, to, from, len);
    return (unsigned long)-1;
}

static int valid_name(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0' || s[i] == '`')
            return 0;
    return 1;
}

rws_code rws_select_db(rws_conn *c, const char *db)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (!valid_name(db, 64))
        return rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL, "invalid database name");
    char sql[96];
    size_t n = rws__fmt(sql, sizeof sql, "USE `%s`", db);
    return rws_real_query(c, sql, n);
}

rws_code rws_set_character_set(rws_conn *c, const char *charset)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (!valid_name(charset, 32))
        return rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL, "invalid character set name");
    /* Through the session-command path (every open link, replayed later), then tell each open
     * handle's client side, so escaping uses the new character set. */
    char sql[64];
    size_t n = rws__fmt(sql, sizeof sql, "SET NAMES %s", charset);
    rws_code rc = rws_real_query(c, sql, n);
    if (rc != RWS_OK)
        return rc;
    rws__strlcpy(c->charset, charset, sizeof c->charset);
    for (size_t i = 0; i < c->nlinks; i++)
        if (c->links[i].m)
            mysql_set_character_set(c->links[i].m, charset);
    return RWS_OK;
}

rws_code rws_ping(rws_conn *c)
{
    if (!c || !c->links)
        return RWS_ERR_INVALID;
    rws__conn_clear_error(c);
    int p = rws__conn_primary(c);
    rws_code first = RWS_OK;
    for (size_t i = 0; i < c->nlinks; i++) {
        if (!c->links[i].m && (int)i != p)
            continue;
        rws_code rc = rws__conn_link(c, (int)i);
        if (rc == RWS_OK && mysql_ping(c->links[i].m) != 0) {
            /* This link died (wait_timeout, KILL): reconnect it. Only a failed reconnection
             * says the server is down. */
            rws__conn_drop(c, (int)i);
            rc = rws__conn_link(c, (int)i);
        }
        if (rc != RWS_OK && first == RWS_OK)
            first = (int)i == p ? RWS_ERR_PRIMARY_DOWN : rc;
    }
    if (first != RWS_OK)
        c->errcode = first;
    return first;
}

rws_code rws_begin(rws_conn *c, int read_only)
{
    return rws_query(c, read_only ? "START TRANSACTION READ ONLY" : "START TRANSACTION");
}

rws_code rws_commit(rws_conn *c)
{
    return rws_query(c, "COMMIT");
}

rws_code rws_rollback(rws_conn *c)
{
    return rws_query(c, "ROLLBACK");
}

rws_code rws_route_next(rws_conn *c, rws_route route)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (route != RWS_ROUTE_PRIMARY && route != RWS_ROUTE_REPLICA)
        return rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL,
                              "rws_route_next() takes RWS_ROUTE_PRIMARY or RWS_ROUTE_REPLICA");
    c->s.has_forced = 1;
    c->s.forced = route;
    return RWS_OK;
}

rws_causal rws_last_causal(rws_conn *c)
{
    return c ? (rws_causal)c->last_causal : RWS_CAUSAL_NONE;
}

int64_t rws_last_lag_ms(rws_conn *c)
{
    if (!c || c->s.last_backend < 0 || c->last_lag_us < 0)
        return -1;
    return c->last_lag_us / 1000;
}

const char *rws_last_route_text(rws_conn *c)
{
    if (!c)
        return "";
    if (c->s.last_backend < 0)
        return "no statement yet";
    size_t n = rws__fmt(c->route_text, sizeof c->route_text, "%s", rws_reason_text(c->last_reason));
    if (c->last_pin != RWS_PIN_NONE && !(c->last_pin == RWS_PIN_CONSISTENCY && c->last_causal))
        n += rws__fmt(c->route_text + n, sizeof c->route_text - n, "; %s",
                      rws__pin_text(c->last_pin));
    static const char *const causal[] = {"", "; read-your-writes: replica already caught up",
                                         "; read-your-writes: waited for the session's writes",
                                         "; read-your-writes: causal wait timed out",
                                         "; read-your-writes: no eligible replica"};
    if (c->last_causal > 0 && c->last_causal < 5)
        n += rws__fmt(c->route_text + n, sizeof c->route_text - n, "%s", causal[c->last_causal]);
    if (c->s.last_backend != rws__conn_primary(c) && c->last_lag_us >= 0)
        rws__fmt(c->route_text + n, sizeof c->route_text - n, "; lag %lld ms",
                 (long long)(c->last_lag_us / 1000));
    return c->route_text;
}
