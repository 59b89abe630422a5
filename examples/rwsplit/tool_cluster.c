/* Loading the cluster for the subcommands that talk to servers. */
#include "tool_cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rws_cluster *tool_open_cluster(const char *cmd, const char *path)
{
    if (!path && !getenv("RWSPLIT_CONFIG")) {
        fprintf(stderr, "rwsplit %s: no configuration: give -c FILE or set RWSPLIT_CONFIG\n", cmd);
        return NULL;
    }
    rws_cluster *c = NULL;
    rws_code rc = rws_cluster_load(path, &c);
    if (rc == RWS_OK)
        rc = rws_cluster_start(c);
    if (rc != RWS_OK) {
        /* The message may hold several lines, one problem each. */
        const char *msg = c ? rws_cluster_error(c) : rws_strerror(rc);
        for (const char *p = msg; *p;) {
            size_t n = strcspn(p, "\n");
            fprintf(stderr, "rwsplit %s: %.*s\n", cmd, (int)n, p);
            p += n + (p[n] == '\n');
        }
        rws_cluster_free(c);
        return NULL;
    }
    return c;
}

const char *tool_backend_address(rws_cluster *c, const char *name, char *buf, size_t len)
{
    size_t n = rws_cluster_backend_count(c);
    rws_backend_info info;
    for (size_t i = 0; name && i < n; i++) {
        if (rws_cluster_backend_info(c, i, &info) == RWS_OK && strcmp(info.name, name) == 0) {
            snprintf(buf, len, "%s", info.address);
            return buf;
        }
    }
    snprintf(buf, len, "%s", name ? name : "-");
    return buf;
}
