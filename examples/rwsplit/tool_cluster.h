/* What the subcommands that talk to servers share: loading the cluster from -c FILE (default
 * RWSPLIT_CONFIG), and finding a backend's address by name. */
#ifndef RWSPLIT_TOOL_CLUSTER_H
#define RWSPLIT_TOOL_CLUSTER_H

#include <rwsplit.h>
#include <stddef.h>

/* Load and start the cluster from path (NULL: $RWSPLIT_CONFIG). On failure prints every problem
 * to stderr, prefixed "rwsplit <cmd>: ", and returns NULL. */
rws_cluster *tool_open_cluster(const char *cmd, const char *path);

/* The address ("host:port" or socket path) of the backend called name, or name itself. */
const char *tool_backend_address(rws_cluster *c, const char *name, char *buf, size_t len);

#endif
