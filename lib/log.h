/* The cluster's log: a callback (default: standard error) and a level threshold. Private. */
#ifndef RWS_LOG_H
#define RWS_LOG_H

#include "internal.h"

struct rws_cluster;

/* Log one message on the cluster's logger if level passes the threshold. */
void rws__log(struct rws_cluster *c, rws_log_level level, const char *fmt, ...) RWS_PRINTF(3, 4);

/* The default logger: "rwsplit: warning: message" on standard error. */
void rws__log_stderr(void *userdata, rws_log_level level, const char *message);

#endif
