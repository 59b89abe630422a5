/* One application session (rws_conn): its backend connections and its session state. Private. */
#ifndef RWS_CONN_H
#define RWS_CONN_H

#include "cluster.h"
#include "gtid.h"
#include "internal.h"
#include "route.h"
#include "session.h"

/* This session's connection to one backend of the cluster. */
typedef struct rws_link {
    MYSQL *m;            /* NULL until first needed */
    int64_t epoch;       /* the backend's down-count when connected: a newer one means stale */
    int used;            /* ever connected in this session (so a reconnect is a reconnect) */
    uint64_t gen;        /* changes with every new connection: prepared statements compare it */
    uint64_t synced_gen; /* this link has applied the session's writes up to write_gen */
} rws_link;

struct rws_conn {
    rws_cluster *cluster;
    rws_link *links; /* one per cluster backend */
    size_t nlinks;

    /* session state */
    rws_history history;
    char charset[64];
    rws_session_state s;
    int state_lost_pending;

    /* consistency settings set by rws_conn_set() for this connection; -1: the cluster's */
    int consistency;
    int max_lag_ms;
    int causal_wait_ms;
    int sticky_after_write_ms;
    rws_gtid_pos write_pos; /* the session's writes (and required tokens), merged */
    uint64_t write_gen;     /* bumped whenever write_pos grows */
    int write_pos_unknown;  /* a write whose GTID the server did not report: reads to primary */
    int multi_pending;      /* a multi-statement's later results (and GTIDs) are still unread */
    int tracking_ok;        /* the primary link reports the GTIDs of writes */
    int64_t last_write_us;  /* for sticky_after_write_ms */
    int last_had_rows;      /* set by senders: the statement returned a result set */

    /* the last statement */
    int64_t last_lag_us; /* lag of the replica that served it, -1 */
    int last_causal;     /* rws_causal outcome */
    char route_text[320];
    int cur; /* backend index whose handle holds the results, -1 */
    rws_route last_route;
    rws_reason last_reason;
    rws_pin last_pin;

    uint64_t link_gen;      /* source of rws_link.gen */
    int64_t idle_since_us;  /* when it entered the pool */
    struct rws_stmt *stmts; /* open prepared statements (a list through rws_stmt.next) */

    /* errors */
    rws_code errcode;
    unsigned backend_errno;
    char sqlstate[6];
    char errmsg[RWS_ERRMSG_SIZE];
};

/* Record an error on the connection; returns code. */
rws_code rws__conn_fail(rws_conn *c, rws_code code, unsigned backend_errno, const char *sqlstate,
                        const char *fmt, ...) RWS_PRINTF(5, 6);
void rws__conn_clear_error(rws_conn *c);
/* Record the error of a backend handle (server or connector error) on the connection. */
rws_code rws__conn_fail_from(rws_conn *c, int backend, MYSQL *m, rws_code code);

/* Reset the session to a fresh one (defaults from the cluster); links are kept as they are. */
void rws__conn_init_session(rws_conn *c);
/* Close every link and free the handle (no pooling). */
void rws__conn_free(rws_conn *c);

/* The cluster's pool of idle sessions (pool.c). put: keep c for reuse if its backend links are
 * clean and the pool has room (returns 1: the caller must not touch c again), else 0. take: an
 * idle session reset to fresh, or NULL. drain: free every idle session (cluster teardown). */
int rws__pool_put(rws_conn *c);
rws_conn *rws__pool_take(rws_cluster *cl);
void rws__pool_drain(rws_cluster *cl);

/* The primary's index or -1. */
int rws__conn_primary(const rws_conn *c);
/* Connect link i if needed (replaying the session), or reconnect a stale one. */
rws_code rws__conn_link(rws_conn *c, int i);
/* Close link i (after a failure). */
void rws__conn_drop(rws_conn *c, int i);

/* Sends one statement on backend i, whose link is connected. Returns 0, or the error number
 * after recording the error on c (rws__conn_fail_from and the like). */
typedef struct rws_sender {
    unsigned (*send)(rws_conn *c, int i, void *ctx);
    void *ctx;
} rws_sender;

/* Route a classified statement and send it with snd: decide, pick a backend, retry reads,
 * track the session afterwards. sql/len: the text, for session commands (NULL: a prepared
 * statement, whose session commands run on the primary only). */
rws_code rws__conn_dispatch(rws_conn *c, const rws_classification *cls, const rws_sender *snd,
                            const char *sql, size_t len);

/* Close every backend handle of the connection's prepared statements and detach them from the
 * connection (rws_conn_close: statements still open then can only be closed). */
void rws__stmt_orphan_all(rws_conn *c);

/* Route and run one text statement (query.c). */
rws_code rws__conn_execute(rws_conn *c, const char *sql, size_t len);

#endif
