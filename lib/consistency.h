/* The read path: which replicas may serve a read (health, lag bound, read-your-writes), and the
 * session's write position (GTIDs from the primary's OK packets, causal tokens). Private. */
#ifndef RWS_CONSISTENCY_H
#define RWS_CONSISTENCY_H

#include "conn.h"

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
