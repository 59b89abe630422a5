/* Running one statement: classify, decide, pick the backend, execute (retrying reads that fail
 * on a replica with a connection error), and track the session state afterwards. */
#include "consistency.h"

#include "monitor.h"

#include <errmsg.h>
#include <string.h>

#define MAX_EXCLUDE RWS_MAX_BACKENDS

static unsigned server_status(MYSQL *m)
{
    unsigned status = 0;
    if (m)
        mariadb_get_infov(m, MARIADB_CONNECTION_SERVER_STATUS, &status);
    return status;
}

typedef enum run_result {
    RUN_OK = 0,
    RUN_SERVER_ERROR, /* the server refused the statement: final */
    RUN_LINK_FAILED,  /* could not connect: the statement was not sent */
    RUN_LOST,         /* the connection broke while sending or waiting */
    RUN_STATE_LOST    /* reconnected, but session state is gone: the statement was not sent */
} run_result;

static int read_timeout_ms(const rws_conn *c, const rws_backend *b)
{
    return b->spec.read_timeout_ms > 0 ? b->spec.read_timeout_ms
                                       : rws__opts(c->cluster)->read_timeout_ms;
}

/* Send the statement on backend i through the sender; classify a failure. */
static run_result run_on(rws_conn *c, int i, const rws_sender *snd)
{
    rws_backend *b = &c->cluster->backends[i];
    if (rws__conn_link(c, i) != RWS_OK)
        return c->errcode == RWS_ERR_SERVER ? RUN_SERVER_ERROR : RUN_LINK_FAILED;
    if (c->state_lost_pending)
        return RUN_STATE_LOST; /* reported before anything runs on the new connection */
    c->cur = i;
    int64_t t0 = rws__now_us();
    unsigned e = snd->send(c, i, snd->ctx);
    if (e == 0) {
        rws__backend_record_latency(b, rws__now_us() - t0);
        return RUN_OK;
    }
    if (rws__is_connection_error(e)) {
        c->errcode = RWS_ERR_CONNECTION_LOST;
        /* A connection killed or closed under us says nothing about the server: only a
         * timeout marks it down at once (a dead server refuses the reconnection, which
         * marks it down then). */
        int64_t now = rws__now_us();
        if (now - t0 >= (int64_t)read_timeout_ms(c, b) * 900)
            rws__backend_mark_down(b, rws__opts(c->cluster), now);
        rws__conn_drop(c, i);
        return RUN_LOST;
    }
    return RUN_SERVER_ERROR; /* the sender recorded it */
}

static rws_code state_lost(rws_conn *c, int i)
{
    c->state_lost_pending = 0;
    return rws__conn_fail(c, RWS_ERR_STATE_LOST, 0, "08S01",
                          "session state lost on reconnect to '%s': temporary tables, table locks, "
                          "named locks, the open transaction or old session commands are gone; "
                          "the statement was not executed",
                          c->cluster->backends[i].spec.name);
}

/* Writes and everything pinned to the primary: never retried. */
static rws_code run_primary(rws_conn *c, const rws_sender *snd, int *ran)
{
    int p = rws__conn_primary(c);
    if (p < 0)
        return rws__conn_fail(c, RWS_ERR_PRIMARY_DOWN, 0, "08S01", "no primary is known");
    run_result r = run_on(c, p, snd);
    if (r == RUN_STATE_LOST)
        return state_lost(c, p);
    if (r == RUN_LINK_FAILED)
        return rws__conn_fail(c, RWS_ERR_PRIMARY_DOWN, c->backend_errno, "08S01",
                              "the primary is unavailable: %s", c->errmsg);
    *ran = p;
    return r == RUN_OK ? RWS_OK : c->errcode;
}

/* A specific backend (transaction, previous statement): never retried. */
static rws_code run_pinned(rws_conn *c, int i, const rws_sender *snd, int *ran)
{
    if (i == rws__conn_primary(c))
        return run_primary(c, snd, ran);
    run_result r = run_on(c, i, snd);
    *ran = i;
    if (r == RUN_STATE_LOST)
        return state_lost(c, i);
    if (r == RUN_LINK_FAILED && c->errcode != RWS_ERR_SERVER)
        return rws__conn_fail(c, RWS_ERR_CONNECTION_LOST, c->backend_errno, "08S01", "%s",
                              c->errmsg);
    return r == RUN_OK ? RWS_OK : c->errcode;
}

/* A harmless read outside a transaction on the primary: a connection lost before any result
 * (a killed or idle-closed link) is retried once on a new connection. */
static rws_code read_on_primary(rws_conn *c, const rws_sender *snd, int *ran)
{
    rws_code rc = run_primary(c, snd, ran);
    if (rc == RWS_ERR_CONNECTION_LOST && rws__opts(c->cluster)->retry_reads) {
        atomic_fetch_add(&c->cluster->stats.retries, 1);
        rc = run_primary(c, snd, ran);
    }
    return rc;
}

/* A read: a replica, then the next replica on a connection failure, then the primary. */
static rws_code run_read(rws_conn *c, const rws_sender *snd, int max_lag_ms, int *ran, rws_pin *pin)
{
    rws_cluster *cl = c->cluster;
    if (rws__reads_need_primary(c)) {
        *pin = RWS_PIN_CONSISTENCY;
        return read_on_primary(c, snd, ran);
    }
    unsigned char excluded[MAX_EXCLUDE] = {0};
    int tried = 0;
    for (;;) {
        int i = rws__choose_replica(c, excluded, max_lag_ms);
        if (i < 0)
            break;
        run_result r = run_on(c, i, snd);
        if (r == RUN_OK || r == RUN_SERVER_ERROR) {
            *ran = i;
            return r == RUN_OK ? RWS_OK : c->errcode;
        }
        if (r == RUN_STATE_LOST)
            return state_lost(c, i);
        excluded[i] = 1;
        tried++;
        if (!rws__opts(cl)->retry_reads) {
            *ran = i;
            return c->errcode;
        }
        atomic_fetch_add(&cl->backends[i].stats.retries, 1);
        atomic_fetch_add(&cl->stats.retries, 1);
        rws__monitor_poke(cl->monitor);
    }
    int causal_primary =
        c->last_causal == RWS_CAUSAL_TIMEOUT || c->last_causal == RWS_CAUSAL_PRIMARY;
    if (!causal_primary && rws__opts(cl)->fallback == RWS_FALLBACK_ERROR) {
        if (tried)
            return rws__conn_fail(c, RWS_ERR_NO_REPLICA, c->backend_errno, "08S01",
                                  "every eligible replica failed for this read, and fallback = "
                                  "\"error\" (last: %s)",
                                  c->errmsg);
        return rws__conn_fail(c, RWS_ERR_NO_REPLICA, 0, "HY000",
                              "no eligible replica for a read (all down or lagging beyond "
                              "max_lag_ms), and fallback = \"error\"");
    }
    if (causal_primary)
        *pin = RWS_PIN_CONSISTENCY;
    else {
        *pin = tried ? RWS_PIN_RETRY : RWS_PIN_NO_REPLICA;
        atomic_fetch_add(&cl->stats.fallbacks, 1);
    }
    return read_on_primary(c, snd, ran);
}

/* Drain every result of a statement we ran for the session's sake. */
static void drain(MYSQL *m)
{
    do {
        MYSQL_RES *r = mysql_store_result(m);
        if (r)
            mysql_free_result(r);
    } while (mysql_next_result(m) == 0);
}

/* A session command: on one main link (whose results the caller reads), then on every other
 * open link; recorded for replay on links opened later. */
static rws_code run_everywhere(rws_conn *c, const rws_sender *snd, const char *sql, size_t len,
                               int *ran)
{
    rws_cluster *cl = c->cluster;
    int p = rws__conn_primary(c);
    int main_link = -1;
    if (p >= 0 && c->links[p].m)
        main_link = p;
    for (size_t i = 0; main_link < 0 && i < c->nlinks; i++)
        if (c->links[i].m)
            main_link = (int)i;
    if (main_link < 0 && p >= 0 && rws__conn_link(c, p) == RWS_OK)
        main_link = p;
    if (main_link < 0) {
        unsigned char none[MAX_EXCLUDE] = {0};
        int r = rws__choose_replica(c, none, 86400000);
        if (r >= 0 && rws__conn_link(c, r) == RWS_OK)
            main_link = r;
    }
    if (main_link < 0)
        return rws__conn_fail(c, RWS_ERR_CONNECT, c->backend_errno, "08S01",
                              "no backend is reachable for a session command: %s", c->errmsg);
    run_result r = run_on(c, main_link, snd);
    if (r == RUN_STATE_LOST)
        return state_lost(c, main_link);
    if (r != RUN_OK)
        return r == RUN_SERVER_ERROR
                   ? RWS_ERR_SERVER
                   : (main_link == p ? RWS_ERR_PRIMARY_DOWN : RWS_ERR_CONNECTION_LOST);
    *ran = main_link;
    atomic_fetch_add(&cl->backends[main_link].stats.session_cmds, 1);
    rws_code rc = rws__history_add(&c->history, sql, len);
    if (rc != RWS_OK)
        return rws__conn_fail(c, rc, 0, NULL, "out of memory recording a session command");
    for (size_t i = 0; i < c->nlinks; i++) {
        MYSQL *m = c->links[i].m;
        if ((int)i == main_link || !m)
            continue;
        if (mysql_real_query(m, sql, (unsigned long)len) != 0) {
            /* This link no longer matches the session: drop it; it reconnects and replays. */
            rws__conn_drop(c, (int)i);
            continue;
        }
        drain(m);
        atomic_fetch_add(&cl->backends[i].stats.session_cmds, 1);
    }
    c->cur = main_link;
    return RWS_OK;
}

rws_code rws__conn_dispatch(rws_conn *c, const rws_classification *cls, const rws_sender *snd,
                            const char *sql, size_t len)
{
    rws_cluster *cl = c->cluster;

    /* The transaction's link may have committed since (results read, a multi-statement). A link
     * that was dropped keeps the transaction "open": reconnecting reports it lost. */
    if (c->s.in_trx && c->s.trx_backend >= 0) {
        MYSQL *t = c->links[c->s.trx_backend].m;
        if (t && !(server_status(t) & SERVER_STATUS_IN_TRANS)) {
            c->s.in_trx = 0;
            c->s.trx_backend = -1;
        }
    }

    rws_decision d;
    rws__route_decide(cls, &c->s, &d);
    /* Without the text, a session command cannot be repeated everywhere: it runs on the
     * primary, and the session stays there (a prepared SET, for example). */
    int session_on_primary_only = d.target == RWS_TARGET_ALL && !sql;
    if (session_on_primary_only)
        d.target = RWS_TARGET_PRIMARY;
    c->last_route = cls->route;
    c->last_reason = cls->reason;
    c->last_pin = d.pin;
    c->last_causal = RWS_CAUSAL_NONE;
    c->last_had_rows = 0;
    atomic_fetch_add(&cl->stats.statements, 1);

    /* A transaction that begins elsewhere ends the old one, as a single server would. */
    if ((cls->flags & RWS_CF_TRX_BEGIN) && c->s.in_trx && c->s.trx_backend >= 0) {
        int old = c->s.trx_backend;
        int p = rws__conn_primary(c);
        int moves =
            (d.target == RWS_TARGET_REPLICA) || (d.target == RWS_TARGET_PRIMARY && old != p);
        if (moves && c->links[old].m && mysql_query(c->links[old].m, "COMMIT") == 0)
            drain(c->links[old].m);
    }

    int ran = -1;
    rws_code rc;
    switch (d.target) {
    case RWS_TARGET_ALL: rc = run_everywhere(c, snd, sql, len, &ran); break;
    case RWS_TARGET_BACKEND: rc = run_pinned(c, d.backend, snd, &ran); break;
    case RWS_TARGET_REPLICA: rc = run_read(c, snd, cls->max_lag_ms, &ran, &c->last_pin); break;
    case RWS_TARGET_PRIMARY:
    default: rc = run_primary(c, snd, &ran); break;
    }
    c->s.has_forced = 0;
    if (ran < 0) { /* it ran nowhere (primary down, no replica, state lost) */
        c->s.last_backend = -1;
        if (rc == RWS_ERR_STATE_LOST)
            atomic_fetch_add(&cl->stats.state_lost, 1);
        else
            atomic_fetch_add(&cl->stats.errors, 1);
        return rc;
    }
    rws_backend *b = &cl->backends[ran];
    int p = rws__conn_primary(c);
    c->last_route = d.target == RWS_TARGET_ALL ? RWS_ROUTE_ALL
                    : ran == p                 ? RWS_ROUTE_PRIMARY
                                               : RWS_ROUTE_REPLICA;
    /* Reads wherever they ran; everything else only where it can write: a COMMIT that ends a
     * READ ONLY transaction on a replica is neither. */
    if (cls->route == RWS_ROUTE_REPLICA)
        atomic_fetch_add(&b->stats.reads, 1);
    else if (d.target != RWS_TARGET_ALL && ran == p)
        atomic_fetch_add(&b->stats.writes, 1);
    if (cls->route == RWS_ROUTE_REPLICA && ran == p)
        atomic_fetch_add(&cl->stats.reads_primary, 1);
    c->last_lag_us = ran == p ? 0 : atomic_load(&b->lag_us);
    switch (c->last_causal) {
    case RWS_CAUSAL_FRESH: atomic_fetch_add(&cl->stats.causal_fresh, 1); break;
    case RWS_CAUSAL_WAITED: atomic_fetch_add(&cl->stats.causal_waited, 1); break;
    case RWS_CAUSAL_TIMEOUT: atomic_fetch_add(&cl->stats.causal_timeouts, 1); break;
    case RWS_CAUSAL_PRIMARY: atomic_fetch_add(&cl->stats.causal_primary, 1); break;
    default: break;
    }
    if (rc != RWS_OK) {
        c->s.last_backend = ran; /* SHOW WARNINGS after an error goes there too */
        if (rc == RWS_ERR_STATE_LOST)
            atomic_fetch_add(&cl->stats.state_lost, 1);
        else if (rc != RWS_ERR_SERVER)
            atomic_fetch_add(&cl->stats.errors, 1);
        return rc;
    }
    if (session_on_primary_only || ((cls->flags & RWS_CF_MULTI) && (cls->flags & RWS_CF_SESSION) &&
                                    d.target != RWS_TARGET_ALL))
        c->s.primary_only = 1; /* part of the session state now exists on this link only */
    rc = rws__route_track(&c->s, cls, ran, server_status(c->links[ran].m));
    if (rc != RWS_OK)
        return rws__conn_fail(c, rc, 0, NULL, "out of memory");
    if (ran == p && c->links[p].m) {
        /* The server's autocommit flag is the truth once the primary link exists. */
        c->s.autocommit_off = !(server_status(c->links[p].m) & SERVER_STATUS_AUTOCOMMIT);
        rws__track_write(c, ran, cls);
    }
    rws__conn_clear_error(c); /* a read that succeeded after a retry leaves no error */
    return RWS_OK;
}

/* ---- text statements --------------------------------------------------------------------- */

typedef struct text_stmt {
    const char *sql;
    size_t len;
} text_stmt;

static unsigned send_text(rws_conn *c, int i, void *ctx)
{
    const text_stmt *t = ctx;
    MYSQL *m = c->links[i].m;
    if (mysql_real_query(m, t->sql, (unsigned long)t->len) == 0) {
        c->last_had_rows = mysql_field_count(m) > 0;
        return 0;
    }
    unsigned e = mysql_errno(m);
    rws__conn_fail_from(c, i, m, RWS_ERR_SERVER);
    return e ? e : CR_UNKNOWN_ERROR;
}

rws_code rws__conn_execute(rws_conn *c, const char *sql, size_t len)
{
    rws_classification cls;
    rws_classify(sql, len, &cls);
    text_stmt t = {sql, len};
    rws_sender snd = {send_text, &t};
    return rws__conn_dispatch(c, &cls, &snd, sql, len);
}
