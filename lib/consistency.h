/* The read path: which replicas may serve a read (health, lag bound, read-your-writes), and the
 * session's write position (GTIDs from the primary's OK packets, causal tokens). Private. */
#ifndef RWS_CONSISTENCY_H
#define RWS_CONSISTENCY_H

#include "conn.h"

/* How a read under session consistency was served. */
typedef enum rws_causal {
    RWS_CAUSAL_NONE = 0,    /* no write to wait for */
    RWS_CAUSAL_FRESH = 1,   /* a replica already known to have the session's writes */
    RWS_CAUSAL_WAITED = 2,  /* a replica, after MASTER_GTID_WAIT succeeded */
    RWS_CAUSAL_TIMEOUT = 3, /* the primary, after the wait timed out */
    RWS_CAUSAL_PRIMARY = 4  /* the primary: no eligible replica, or the position is unknown */
} rws_causal;

/* Whether reads must go to the primary now for consistency (strong, sticky after a write, a
 * write whose position is unknown). */
int rws__reads_need_primary(rws_conn *c);

/* Choose a replica for a read, honouring the lag bound (max_lag_ms, -1: the connection's) and the
 * session's write position: prefer a replica known to have it; else make one wait for it up to
 * causal_wait_ms. Returns the backend index with its link connected and synchronised, or -1 (no
 * eligible replica, or the wait timed out: c->last_causal says which). Replicas that fail are
 * added to excluded. */
int rws__choose_replica(rws_conn *c, unsigned char *excluded, int max_lag_ms);

/* After a statement succeeded on the primary: take the GTID of what it wrote (if any) from the
 * OK packet. */
void rws__track_write(rws_conn *c, int backend, const rws_classification *cls);

/* After rws_next_result() on the primary's link: take the GTID of the part whose result is now
 * current (more != 0), or note that every result has been read (more == 0). */
void rws__track_next_result(rws_conn *c, MYSQL *m, int more);

/* The link-level setup that read-your-writes needs (session tracking of the last GTID). */
void rws__setup_tracking(rws_conn *c, int i, MYSQL *m);

#endif
