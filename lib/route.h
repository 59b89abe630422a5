/* The routing decision: classification + session state + hints -> where a statement runs.
 * Pure (no I/O): the choice among replicas and the execution are in query.c. Private. */
#ifndef RWS_ROUTE_H
#define RWS_ROUTE_H

#include "internal.h"
#include "session.h"

/* Why the router sent a statement where it did, beyond the classifier's reason. */
typedef enum rws_pin {
    RWS_PIN_NONE = 0,
    RWS_PIN_TRANSACTION,          /* inside a transaction */
    RWS_PIN_AUTOCOMMIT,           /* autocommit is off */
    RWS_PIN_LOCKED_TABLES,        /* LOCK TABLES in force */
    RWS_PIN_NAMED_LOCK,           /* a GET_LOCK() may be held */
    RWS_PIN_TEMP_TABLE,           /* names a temporary table */
    RWS_PIN_PREVIOUS,             /* SHOW WARNINGS and the like */
    RWS_PIN_ROUTE_NEXT,           /* rws_route_next() */
    RWS_PIN_HINT,                 /* a routing hint in a comment */
    RWS_PIN_SESSION_ONLY_PRIMARY, /* a multi-statement left session state on the primary only */
    RWS_PIN_NO_REPLICA,           /* no eligible replica: fallback to the primary */
    RWS_PIN_RETRY,                /* the replica failed: retried */
    RWS_PIN_CONSISTENCY,          /* read-your-writes sent it to the primary */
    RWS_PIN_USER_VARIABLE         /* reads a user variable assigned on the primary only */
} rws_pin;

/* The session state the router needs; kept by the connection. */
typedef struct rws_session_state {
    int in_trx;      /* a transaction is open (from the server's status flags) */
    int trx_backend; /* where it runs, -1 if none */
    int autocommit_off;
    int tables_locked;
    int named_locks;          /* GET_LOCK() calls not known to be released */
    int primary_only;         /* session state exists only on the primary */
    int user_vars_on_primary; /* a user variable was assigned on the primary only */
    int last_backend;         /* backend that ran the previous statement, -1 */
    int has_forced;           /* rws_route_next() for this statement */
    rws_route forced;
    rws_name_set temps; /* temporary tables */
} rws_session_state;

typedef enum rws_target {
    RWS_TARGET_PRIMARY = 0,
    RWS_TARGET_REPLICA = 1, /* any eligible replica (a READ ONLY transaction starts there too) */
    RWS_TARGET_ALL = 2,     /* session command */
    RWS_TARGET_BACKEND = 3  /* exactly decision.backend (transaction, previous statement) */
} rws_target;

typedef struct rws_decision {
    rws_target target;
    int backend; /* with RWS_TARGET_BACKEND */
    rws_pin pin; /* why, when the session state overrode the classification */
} rws_decision;

void rws__route_decide(const rws_classification *cls, const rws_session_state *st, rws_decision *d);

/* Update the session state after a statement succeeded on backend `ran` (status = the
 * server's status flags after it). */
rws_code rws__route_track(rws_session_state *st, const rws_classification *cls, int ran,
                          unsigned status);

const char *rws__pin_text(rws_pin p);

#endif
