/* One backend server as the cluster sees it: its address and settings, its health as every
 * connection shares it (up, down with a backoff, lag), its counters; and how to open a
 * Connector/C connection to it. Private. */
#ifndef RWS_BACKEND_H
#define RWS_BACKEND_H

#include "balance.h"
#include "internal.h"
#include "options.h"

#include <pthread.h>
#include <stdatomic.h>

/* Response-time histogram: bucket k counts times in [2^k, 2^(k+1)) microseconds; the last one
 * everything from about 8.4 s up. */
#define RWS_LATENCY_BUCKETS 24

/* The longest GTID position text the monitor keeps for a backend. */
#define RWS_GTID_TEXT_MAX 1024

/* A cluster has at most this many backends (one primary and the replicas). */
#define RWS_MAX_BACKENDS 64

typedef enum rws_backend_state {
    RWS_BACKEND_UNKNOWN = 0, /* not probed yet */
    RWS_BACKEND_UP = 1,
    RWS_BACKEND_DOWN = 2,    /* failed; retry_at_us says when the next attempt may happen */
    RWS_BACKEND_LAGGING = 3, /* up, but replication lag beyond max_lag_ms or stopped */
    RWS_BACKEND_AUTH = 4,    /* refused our login: a configuration problem, not an outage */
    RWS_BACKEND_REMOVED = 5  /* taken out of the configuration by a reload */
} rws_backend_state;

typedef struct rws_backend_stats {
    _Atomic uint64_t reads;        /* statements routed here as reads */
    _Atomic uint64_t writes;       /* statements routed here as writes */
    _Atomic uint64_t session_cmds; /* session commands executed here */
    _Atomic uint64_t retries;      /* reads that failed here and were retried elsewhere */
    _Atomic uint64_t errors;       /* connection-level failures */
    _Atomic uint64_t connects;     /* connections opened */
} rws_backend_stats;

typedef struct rws_backend {
    rws_backend_spec spec;       /* immutable after start */
    int index;                   /* position in the cluster's array */
    _Atomic int role;            /* rws_role; changes only with follow_primary */
    _Atomic unsigned weight;     /* replicas: share of reads (a reload may change it) */
    _Atomic int removed;         /* a reload took it out of the configuration */
    _Atomic int state;           /* rws_backend_state */
    _Atomic int64_t retry_at_us; /* DOWN: earliest time of the next connection attempt */
    _Atomic int backoff_ms;      /* DOWN: current backoff, doubled on each failure */
    _Atomic int64_t epoch;       /* counts failures: connections older than it are stale */
    _Atomic int64_t lag_us;      /* replicas: last measured lag, -1 unknown */
    _Atomic int replicating;     /* replicas: 1 threads running, 0 stopped, -1 unknown */
    _Atomic int read_only;       /* @@read_only as last seen, -1 unknown */
    rws_ewma latency;            /* response time seen by connections, microseconds */
    _Atomic uint64_t latency_hist[RWS_LATENCY_BUCKETS]; /* bucket k: [2^k, 2^(k+1)) us */
    _Atomic uint64_t latency_sum_us;
    rws_backend_stats stats;
    pthread_mutex_t pos_lock;         /* guards gtid_pos (copied out by readers, never held long) */
    char gtid_pos[RWS_GTID_TEXT_MAX]; /* executed position as last seen by the monitor */
} rws_backend;

/* Settings a connection attempt needs, resolved once when the cluster starts. */
typedef struct rws_connect_params {
    const char *user;
    const char *password;
    const char *database; /* may be NULL */
    const char *charset;
    int multi_statements;
    int connect_timeout_ms, read_timeout_ms, write_timeout_ms;
    const rws_options *opts; /* TLS settings */
} rws_connect_params;

/* Open a new connection to b. On failure returns NULL with *errnum (the connector's or server's
 * error number) and a message naming the backend in err. */
MYSQL *rws__backend_connect(const rws_backend *b, const rws_connect_params *p, unsigned *errnum,
                            char *err, size_t errlen);

/* Errors that mean "this connection (or server) is gone", as opposed to a statement refused. */
int rws__is_connection_error(unsigned errnum);
/* The code for a failed statement: RWS_ERR_CONNECTION_LOST or RWS_ERR_SERVER. */
rws_code rws__failure_code(unsigned errnum);

/* Fill a backend slot from its spec (strings shared with the spec) in the state "not checked". */
void rws__backend_init(rws_backend *b, const rws_backend_spec *spec, int index);

/* Shared health. mark_down doubles the backoff between backoff_start_ms and backoff_max_ms. */
void rws__backend_mark_down(rws_backend *b, const rws_options *o, int64_t now_us);
void rws__backend_mark_up(rws_backend *b);
/* Whether a connection may try b now: up, unknown, lagging, or down with the backoff expired.
 * For a down backend only one caller wins the attempt (the retry time is pushed forward), so
 * many connections do not stampede a server that is coming back. */
int rws__backend_may_connect(rws_backend *b, const rws_options *o, int64_t now_us);

/* Fold one response time into the backend's EWMA and histogram. */
void rws__backend_record_latency(rws_backend *b, int64_t us);

/* The time below which a share q (0..1) of the recorded responses fell, in microseconds (the
 * upper edge of the bucket holding it); 0 when nothing was recorded. */
double rws__backend_latency_quantile(const rws_backend *b, double q);

/* The backend's GTID position as the monitor last saw it ("" if unknown). */
void rws__backend_get_pos(rws_backend *b, char *buf, size_t len);
void rws__backend_set_pos(rws_backend *b, const char *pos);


#endif
