/* The cluster's monitor: one thread with its own connections that checks every backend every
 * monitor_interval_ms (reachable, replicating, lag, GTID position) and publishes what it finds in
 * the backends' atomics, so routing never waits on the network for it. Private. */
#ifndef RWS_MONITOR_H
#define RWS_MONITOR_H

#include "internal.h"

struct rws_cluster;
typedef struct rws_monitor rws_monitor;

/* Check every backend once, synchronously (the primary first, then the replicas in parallel),
 * then start the thread. Returns RWS_OK, or RWS_ERR_CONNECT when a backend refused the login
 * (the reason is on the cluster), or RWS_ERR_NOMEM. */
rws_code rws__monitor_start(struct rws_cluster *c);

/* Stop the thread and close its connections. NULL is a no-op. */
void rws__monitor_stop(rws_monitor *m);

/* Wake the monitor for an immediate check (a connection saw a backend fail). */
void rws__monitor_poke(rws_monitor *m);

/* The flavour of the servers' GTIDs as the monitor found it: 0 unknown, 1 MariaDB, 2 MySQL. */
int rws__monitor_flavor(const rws_monitor *m);

#endif
