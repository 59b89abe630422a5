/* The cluster's log: level threshold and callback. */
#include "log.h"

#include "cluster.h"

#include <stdio.h>

static const char *level_name(rws_log_level l)
{
    switch (l) {
    case RWS_LOG_LEVEL_DEBUG: return "debug";
    case RWS_LOG_LEVEL_INFO: return "info";
    case RWS_LOG_LEVEL_WARNING: return "warning";
    case RWS_LOG_LEVEL_ERROR: return "error";
    case RWS_LOG_LEVEL_NONE: break;
    }
    return "log";
}

void rws__log_stderr(void *userdata, rws_log_level level, const char *message)
{
    (void)userdata;
    fprintf(stderr, "rwsplit: %s: %s\n", level_name(level), message);
}

void rws__log(struct rws_cluster *c, rws_log_level level, const char *fmt, ...)
{
    if (!c || level < rws__opts(c)->log_level || level >= RWS_LOG_LEVEL_NONE || !c->log_fn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    rws__vfmt(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->log_fn(c->log_ud, level, msg);
}

void rws_cluster_set_logger(rws_cluster *c, rws_log_fn fn, void *userdata)
{
    if (!c)
        return;
    c->log_fn = fn;
    c->log_ud = userdata;
}
