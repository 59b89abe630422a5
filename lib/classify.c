/* Placeholder until the real lexer lands (issue 3): everything goes to the primary. */
#include "internal.h"

#include <string.h>

rws_route rws_classify(const char *sql, size_t len, rws_classification *out)
{
    (void)sql;
    memset(out, 0, sizeof *out);
    out->max_lag_ms = -1;
    out->route = RWS_ROUTE_PRIMARY;
    out->reason = len ? RWS_REASON_UNKNOWN : RWS_REASON_EMPTY;
    return out->route;
}

const char *rws_route_name(rws_route route)
{
    switch (route) {
    case RWS_ROUTE_PRIMARY: return "primary";
    case RWS_ROUTE_REPLICA: return "replica";
    case RWS_ROUTE_ALL: return "all";
    }
    return "unknown";
}

const char *rws_reason_text(rws_reason reason)
{
    (void)reason;
    return "not recognised";
}
