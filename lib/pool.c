/* The cluster's pool of idle sessions: rws_conn_close() keeps a session whose backend links are
 * clean, and rws_conn_open() hands it out again reset to fresh, so a request-per-connection
 * service does not reconnect (and re-set-up) for every request.
 *
 * Clean means: no transaction open on any link, no temporary tables, table or named locks, no
 * session state on the primary only, no unread results, and no reconnect to report. Session
 * commands (SET, USE, charset) are undone with COM_RESET_CONNECTION on each link. A session idle
 * longer than IDLE_CHECK_US is pinged when taken, so a link the server closed meanwhile
 * (wait_timeout) is replaced before the application uses it. */
#include "consistency.h"

#include <stdlib.h>
#include <string.h>

#define IDLE_CHECK_US (30 * 1000000LL)

static unsigned link_status(MYSQL *m)
{
    unsigned status = 0;
    mariadb_get_infov(m, MARIADB_CONNECTION_SERVER_STATUS, &status);
    return status;
}

/* Read and discard what the application left unread on the results link. 0, or -1 when the
 * link is out of sync (an unbuffered result still in use). */
static int drain_link(MYSQL *m)
{
    do {
        MYSQL_RES *r = mysql_store_result(m);
        if (r)
            mysql_free_result(r);
        else if (mysql_errno(m))
            return -1;
    } while (mysql_next_result(m) == 0);
    return mysql_errno(m) ? -1 : 0;
}

static int reusable(rws_conn *c)
{
    const rws_session_state *s = &c->s;
    if (s->tables_locked || s->named_locks > 0 || s->temps.n > 0 || s->primary_only ||
        c->state_lost_pending)
        return 0;
    if (c->cur >= 0 && c->links[c->cur].m && drain_link(c->links[c->cur].m) != 0)
        return 0;
    for (size_t i = 0; i < c->nlinks; i++)
        if (c->links[i].m && (link_status(c->links[i].m) & SERVER_STATUS_IN_TRANS))
            return 0;
    return 1;
}

/* Undo the session commands and primary-only user variables on every link. */
static void reset_links(rws_conn *c)
{
    int dirty = c->history.n > 0 || c->s.user_vars_on_primary || c->s.autocommit_off;
    for (size_t i = 0; dirty && i < c->nlinks; i++) {
        MYSQL *m = c->links[i].m;
        if (!m)
            continue;
        if (mysql_reset_connection(m) != 0) {
            rws__conn_drop(c, (int)i);
            continue;
        }
        /* The reset also cleared the session tracking the library set up. */
        rws__setup_tracking(c, (int)i, m);
    }
}

int rws__pool_put(rws_conn *c)
{
    rws_cluster *cl = c->cluster;
    if (rws__opts(cl)->pool_max_idle <= 0 || !reusable(c))
        return 0;
    reset_links(c);
    int any = 0;
    for (size_t i = 0; i < c->nlinks; i++)
        any |= c->links[i].m != NULL;
    if (!any)
        return 0;
    c->idle_since_us = rws__now_us();
    pthread_mutex_lock(&cl->lock);
    int kept = 0;
    if (cl->nidle < (size_t)rws__opts(cl)->pool_max_idle) {
        rws_conn **grown = realloc(cl->idle, (cl->nidle + 1) * sizeof *grown);
        if (grown) {
            cl->idle = grown;
            cl->idle[cl->nidle++] = c;
            kept = 1;
        }
    }
    pthread_mutex_unlock(&cl->lock);
    return kept;
}

rws_conn *rws__pool_take(rws_cluster *cl)
{
    pthread_mutex_lock(&cl->lock);
    rws_conn *c = cl->nidle ? cl->idle[--cl->nidle] : NULL; /* the most recent: warmest */
    pthread_mutex_unlock(&cl->lock);
    if (!c)
        return NULL;
    if (rws__now_us() - c->idle_since_us > IDLE_CHECK_US)
        for (size_t i = 0; i < c->nlinks; i++)
            if (c->links[i].m && mysql_ping(c->links[i].m) != 0)
                rws__conn_drop(c, (int)i);
    rws__conn_init_session(c);
    return c;
}

void rws__pool_drain(rws_cluster *cl)
{
    pthread_mutex_lock(&cl->lock);
    rws_conn **idle = cl->idle;
    size_t n = cl->nidle;
    cl->idle = NULL;
    cl->nidle = 0;
    pthread_mutex_unlock(&cl->lock);
    for (size_t i = 0; i < n; i++)
        rws__conn_free(idle[i]);
    free(idle);
}
