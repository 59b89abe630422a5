/* The shared cluster object: configuration, backends, monitor, pool. Private. */
#ifndef RWS_CLUSTER_H
#define RWS_CLUSTER_H

#include "backend.h"
#include "internal.h"
#include "options.h"

#include <pthread.h>
#include <stdatomic.h>

struct rws_cluster {
    pthread_mutex_t lock; /* guards everything below that is not marked otherwise */
    rws_options opts;
    rws_backend_spec *specs; /* specs[0..nspecs) as added or loaded */
    size_t nspecs;
    int load_failed; /* rws_cluster_load() failed: the handle only carries the reason */
    int started;     /* set once by rws_cluster_start(); then the fields below are fixed */
    rws_code start_result;
    pthread_mutex_t start_lock; /* serialises rws_cluster_start() */
    char *password;             /* resolved from password / password_file / password_env */
    rws_connect_params params;
    rws_backend *backends;    /* RWS_MAX_BACKENDS slots: one per spec, same order, then the
                                 replicas a reload added; a slot is never reused or freed */
    _Atomic size_t nbackends; /* slots in use (grows by reload; read with rws__backend_count) */
    const rws_options *_Atomic live; /* the options in force: &opts, or a reload's copy */
    rws_options **retired;           /* options replaced by reloads, freed with the cluster */
    size_t nretired;
    _Atomic int primary;    /* index of the current primary, -1 if none */
    char config_path[1024]; /* file it was loaded from, "" if built in code */
    rws_log_fn log_fn;      /* default rws__log_stderr; NULL: silent */
    void *log_ud;
    rws_balance_state balance;   /* replica choice: shared counters, lock-free */
    struct rws_monitor *monitor; /* NULL until started */
    struct rws_conn **idle;      /* pooled sessions, guarded by lock */
    size_t nidle;
    struct { /* cluster-wide counters (per-backend ones are in rws_backend) */
        _Atomic uint64_t statements, reads_primary, fallbacks, retries, errors, state_lost;
        _Atomic uint64_t causal_fresh, causal_waited, causal_timeouts, causal_primary;
    } stats;
    rws_code errcode;
    char errmsg[4096]; /* several lines when a configuration had several problems */
};

/* The options in force (a reload swaps them whole; never torn). */
static inline const rws_options *rws__opts(const rws_cluster *c)
{
    return atomic_load_explicit(&c->live, memory_order_acquire);
}

/* Backend slots in use, including replicas a reload removed (they are never eligible). */
static inline size_t rws__backend_count(const rws_cluster *c)
{
    return atomic_load_explicit(&c->nbackends, memory_order_acquire);
}

/* Record an error on the cluster handle; returns code. */
rws_code rws__cluster_fail(rws_cluster *c, rws_code code, const char *fmt, ...) RWS_PRINTF(3, 4);

/* Add a backend spec (copied); checks duplicates, port range and the single primary. */
rws_code rws__cluster_add_spec(rws_cluster *c, const rws_backend_spec *spec, char *err,
                               size_t errlen);

#endif
