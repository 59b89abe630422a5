/* Read consistency: eligible replicas (health and lag bound), read-your-writes with GTIDs, the
 * session's write position, causal tokens, and the per-connection settings. */
#include "consistency.h"

#include "balance.h"
#include "monitor.h"
#include "token.h"

#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FLAVOR_MARIADB = 1, FLAVOR_MYSQL = 2 };

/* The connection's own setting, else the cluster's (as a reload left it). */
#define SETTING(c, field) ((c)->field >= 0 ? (c)->field : (int)rws__opts((c)->cluster)->field)

int rws__reads_need_primary(rws_conn *c)
{
    int consistency = SETTING(c, consistency);
    int sticky_ms = SETTING(c, sticky_after_write_ms);
    if (consistency == RWS_CONSISTENCY_STRONG)
        return 1;
    if (sticky_ms > 0 && c->last_write_us &&
        rws__now_us() - c->last_write_us < (int64_t)sticky_ms * 1000)
        return 1;
    return consistency == RWS_CONSISTENCY_SESSION && (c->write_pos_unknown || c->multi_pending);
}

/* Health and lag: may replica i serve a read now? */
static int eligible(rws_conn *c, int i, const unsigned char *excluded, int64_t max_lag_us)
{
    rws_backend *b = &c->cluster->backends[i];
    if (excluded[i] || atomic_load(&b->role) != RWS_ROLE_REPLICA || atomic_load(&b->removed))
        return 0;
    int st = atomic_load(&b->state);
    /* A replica that failed waits for the monitor to find it answering again: reads never pay
     * a connect timeout to find out (a hung replica costs at most one read timeout). */
    if (st == RWS_BACKEND_DOWN || st == RWS_BACKEND_AUTH || st == RWS_BACKEND_REMOVED)
        return 0;
    if (st != RWS_BACKEND_UNKNOWN) {
        if (atomic_load(&b->replicating) == 0)
            return 0;
        int64_t lag = atomic_load(&b->lag_us);
        if (lag < 0 || lag > max_lag_us)
            return 0;
    }
    /* With a truncated history a new link could not be made coherent. */
    return !(c->history.overflowed && !c->links[i].m);
}

/* Whether replica i is known to have applied the session's writes. */
static int has_writes(rws_conn *c, int i)
{
    if (rws__gtid_is_empty(&c->write_pos))
        return 1;
    if (c->links[i].m && c->links[i].synced_gen == c->write_gen)
        return 1;
    char text[RWS_GTID_TEXT_MAX];
    rws__backend_get_pos(&c->cluster->backends[i], text, sizeof text);
    rws_gtid_pos have;
    if (rws__gtid_parse(text, strlen(text), &have) != RWS_OK)
        return 0;
    int covers = rws__gtid_covers(&have, &c->write_pos);
    rws__gtid_free(&have);
    return covers;
}

static int pick(rws_conn *c, rws_balance_candidate *cand, size_t n)
{
    return rws__balance_pick(rws__opts(c->cluster)->balance, cand, n, &c->cluster->balance);
}

/* Make replica i wait until it has applied the session's writes. 1 done, 0 timed out, -1 the
 * link failed (error recorded). */
static int causal_wait(rws_conn *c, int i)
{
    if (rws__conn_link(c, i) != RWS_OK)
        return -1;
    MYSQL *m = c->links[i].m;
    char pos[RWS_GTID_TEXT_MAX], sql[RWS_GTID_TEXT_MAX + 96];
    rws__gtid_format(&c->write_pos, pos, sizeof pos);
    double secs = SETTING(c, causal_wait_ms) / 1000.0;
    if (rws__monitor_flavor(c->cluster->monitor) == FLAVOR_MYSQL)
        rws__fmt(sql, sizeof sql, "SELECT WAIT_FOR_EXECUTED_GTID_SET('%s', %.3f) = 0", pos, secs);
    else
        rws__fmt(sql, sizeof sql, "SELECT MASTER_GTID_WAIT('%s', %.3f) = 0", pos, secs);
    if (mysql_query(m, sql) != 0) {
        rws__conn_fail_from(c, i, m, RWS_ERR_CONNECTION_LOST);
        if (rws__is_connection_error(mysql_errno(m)))
            rws__conn_drop(c, i);
        return -1;
    }
    MYSQL_RES *r = mysql_store_result(m);
    MYSQL_ROW row = r ? mysql_fetch_row(r) : NULL;
    int ok = row && row[0] && strcmp(row[0], "1") == 0;
    if (r)
        mysql_free_result(r);
    if (ok)
        c->links[i].synced_gen = c->write_gen;
    return ok;
}

int rws__choose_replica(rws_conn *c, unsigned char *excluded, int max_lag_ms)
{
    rws_cluster *cl = c->cluster;
    int64_t max_lag_us = (int64_t)(max_lag_ms >= 0 ? max_lag_ms : SETTING(c, max_lag_ms)) * 1000;
    int causal =
        SETTING(c, consistency) == RWS_CONSISTENCY_SESSION && !rws__gtid_is_empty(&c->write_pos);
    rws_balance_candidate cand[RWS_MAX_BACKENDS];
    size_t n = 0, fresh = 0;
    size_t nb = rws__backend_count(cl);
    for (size_t i = 0; i < nb; i++) {
        if (!eligible(c, (int)i, excluded, max_lag_us))
            continue;
        rws_backend *b = &cl->backends[i];
        int f = causal && has_writes(c, (int)i);
        cand[n] = (rws_balance_candidate){.index = (int)i,
                                          .weight = atomic_load(&b->weight),
                                          .lag_us = atomic_load(&b->lag_us),
                                          .latency_us = rws__ewma_get(&b->latency),
                                          .eligible = !causal || f};
        fresh += (size_t)(!causal || f);
        n++;
    }
    c->last_causal = causal ? RWS_CAUSAL_FRESH : RWS_CAUSAL_NONE;
    if (fresh > 0)
        return pick(c, cand, n);
    if (n == 0) {
        if (causal)
            c->last_causal = RWS_CAUSAL_PRIMARY;
        return -1;
    }
    /* Nobody is known to have the session's writes yet: one replica waits for them. */
    for (size_t k = 0; k < n; k++)
        cand[k].eligible = 1;
    for (;;) {
        int i = pick(c, cand, n);
        if (i < 0)
            return -1;
        int w = causal_wait(c, i);
        if (w == 1) {
            c->last_causal = RWS_CAUSAL_WAITED;
            return i;
        }
        if (w == 0) {
            c->last_causal = RWS_CAUSAL_TIMEOUT;
            return -1;
        }
        /* The replica failed while waiting: as for a failed read, the next one is tried. */
        excluded[i] = 1;
        rws__balance_exclude(cand, n, i);
        atomic_fetch_add(&cl->backends[i].stats.retries, 1);
        atomic_fetch_add(&cl->stats.retries, 1);
    }
}

/* ---- the session's write position ------------------------------------------------------- */

void rws__setup_tracking(rws_conn *c, int i, MYSQL *m)
{
    /* Only the primary's OK packets matter; tracking costs every statement on a link (about
     * 7 us per point select here), so replicas go without. */
    int is_primary = i == rws__conn_primary(c);
    if (!is_primary)
        return;
    const char *sql = rws__monitor_flavor(c->cluster->monitor) == FLAVOR_MYSQL
                          ? "SET SESSION session_track_gtids = OWN_GTID"
                          : "SET SESSION session_track_system_variables = "
                            "CONCAT(@@session_track_system_variables, ',last_gtid')";
    int ok = mysql_query(m, sql) == 0;
    if (ok) {
        MYSQL_RES *r = mysql_store_result(m);
        if (r)
            mysql_free_result(r);
    }
    /* The primary's link decides whether writes report their GTIDs. */
    if (is_primary)
        c->tracking_ok = ok;
}

/* The GTID the last statement's OK packet carried, if any. */
static int tracked_gtid(MYSQL *m, const char **val, size_t *len)
{
    const char *data;
    size_t l;
    if (mysql_session_track_get_first(m, SESSION_TRACK_GTIDS, &data, &l) == 0 && l > 0) {
        *val = data;
        *len = l;
        return 1;
    }
    if (mysql_session_track_get_first(m, SESSION_TRACK_SYSTEM_VARIABLES, &data, &l) != 0)
        return 0;
    do {
        /* name, then value */
        int is_gtid = l == 9 && memcmp(data, "last_gtid", 9) == 0;
        if (mysql_session_track_get_next(m, SESSION_TRACK_SYSTEM_VARIABLES, &data, &l) != 0)
            return 0;
        if (is_gtid && l > 0) {
            *val = data;
            *len = l;
            return 1;
        }
    } while (mysql_session_track_get_next(m, SESSION_TRACK_SYSTEM_VARIABLES, &data, &l) == 0);
    return 0;
}

static void merge_tracked(rws_conn *c, const char *val, size_t len)
{
    rws_gtid_pos p;
    if (rws__gtid_parse(val, len, &p) != RWS_OK)
        return;
    if (rws__gtid_merge(&c->write_pos, &p) == RWS_OK)
        c->write_gen++;
    rws__gtid_free(&p);
    c->write_pos_unknown = 0;
}

void rws__track_next_result(rws_conn *c, MYSQL *m, int more)
{
    const char *val;
    size_t len;
    if (more && mysql_field_count(m) == 0 && tracked_gtid(m, &val, &len)) {
        merge_tracked(c, val, len);
        c->last_write_us = rws__now_us();
    }
    if (!more)
        c->multi_pending = 0;
}

static int may_have_written(const rws_classification *cls)
{
    return (cls->flags & (RWS_CF_WRITE | RWS_CF_TRX_END)) || cls->route == RWS_ROUTE_PRIMARY;
}

void rws__track_write(rws_conn *c, int i, const rws_classification *cls)
{
    MYSQL *m = c->links[i].m;
    if (!m || !may_have_written(cls))
        return;
    int64_t now = rws__now_us();
    const char *val;
    size_t len;
    /* After a result set the connector still holds the previous OK packet's data. */
    /* The later parts of a multi-statement report their GTIDs as the application reads their
     * results (rws__track_next_result); until all are read, reads stay on the primary. */
    if (cls->flags & RWS_CF_MULTI)
        c->multi_pending = 1;
    if (!c->last_had_rows && tracked_gtid(m, &val, &len)) {
        merge_tracked(c, val, len);
        c->last_write_us = now;
        return;
    }
    if (!(cls->flags & RWS_CF_WRITE) && !(cls->flags & RWS_CF_TRX_END))
        return; /* a read on the primary */
    c->last_write_us = now;
    /* No GTID: with tracking on, nothing reached the binary log (no rows changed, a temporary
     * table). Without tracking the position is unknown: reads stay on the primary until a
     * write with a known position follows. */
    if (!c->tracking_ok)
        c->write_pos_unknown = 1;
}

/* ---- public: tokens and per-connection settings ----------------------------------------- */

rws_code rws_conn_token(rws_conn *c, char *buf, size_t len)
{
    if (!c || !buf || len == 0)
        return RWS_ERR_INVALID;
    rws_code rc = rws__token_encode(&c->write_pos, buf, len);
    if (rc != RWS_OK)
        return rws__conn_fail(c, rc, 0, NULL,
                              "rws_conn_token: buffer of %zu bytes is too small "
                              "(RWS_TOKEN_SIZE is %d)",
                              len, RWS_TOKEN_SIZE);
    return RWS_OK;
}

rws_code rws_conn_require_token(rws_conn *c, const char *token)
{
    if (!c || !token)
        return RWS_ERR_INVALID;
    rws_gtid_pos p;
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__token_decode(token, strlen(token), &p, err, sizeof err);
    if (rc != RWS_OK)
        return rws__conn_fail(c, RWS_ERR_TOKEN, 0, NULL, "%s", err);
    int flavor = rws__monitor_flavor(c->cluster->monitor);
    int token_flavor = (int)p.flavor;
    if (token_flavor != RWS_GTID_EMPTY && flavor != 0 && token_flavor != flavor) {
        rws__gtid_free(&p);
        return rws__conn_fail(c, RWS_ERR_TOKEN, 0, NULL,
                              "causal token: it holds %s GTIDs, but this cluster runs %s",
                              token_flavor == RWS_GTID_MYSQL ? "MySQL" : "MariaDB",
                              flavor == FLAVOR_MYSQL ? "MySQL" : "MariaDB");
    }
    rc = rws__gtid_merge(&c->write_pos, &p);
    rws__gtid_free(&p);
    if (rc != RWS_OK)
        return rws__conn_fail(c, rc == RWS_ERR_NOMEM ? rc : RWS_ERR_TOKEN, 0, NULL,
                              "causal token: its GTIDs do not combine with the session's");
    c->write_gen++;
    return RWS_OK;
}

rws_code rws_conn_set(rws_conn *c, const char *name, const char *value)
{
    if (!c || !name)
        return RWS_ERR_INVALID;
    /* Parse through the option table, so words and ranges are the cluster's. */
    static const char *const per_conn[] = {"consistency", "max_lag_ms", "causal_wait_ms",
                                           "sticky_after_write_ms", NULL};
    int known = 0;
    for (int k = 0; per_conn[k]; k++)
        known |= strcmp(per_conn[k], name) == 0;
    if (!known)
        return rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL,
                              "rws_conn_set: '%s' cannot be set per connection (consistency, "
                              "max_lag_ms, causal_wait_ms, sticky_after_write_ms can)",
                              name);
    rws_options tmp;
    char err[RWS_ERRMSG_SIZE];
    if (rws__options_init(&tmp) != RWS_OK)
        return rws__conn_fail(c, RWS_ERR_NOMEM, 0, NULL, "out of memory");
    rws_code rc = rws__options_set(&tmp, name, value, err, sizeof err);
    if (rc == RWS_OK) {
        if (strcmp(name, "consistency") == 0)
            c->consistency = (int)tmp.consistency;
        else if (strcmp(name, "max_lag_ms") == 0)
            c->max_lag_ms = tmp.max_lag_ms;
        else if (strcmp(name, "causal_wait_ms") == 0)
            c->causal_wait_ms = tmp.causal_wait_ms;
        else
            c->sticky_after_write_ms = tmp.sticky_after_write_ms;
    }
    rws__options_free(&tmp);
    if (rc != RWS_OK)
        return rws__conn_fail(c, RWS_ERR_INVALID, 0, NULL, "rws_conn_set: %s", err);
    return RWS_OK;
}
