/* The libconfig file loader: a file (or text) becomes options and backend specs, checked against
 * the one option table, with every problem reported as "FILE:LINE: what is wrong". libconfig is
 * included by config.c only. See docs/configuration.md for the format. */
#ifndef RWS_CONFIG_H
#define RWS_CONFIG_H

#include "internal.h"
#include "options.h"

/* A parsed configuration, independent of any cluster (rws_cluster_load() applies one to a new
 * cluster; a reload can parse into one and compare before touching a live cluster). */
typedef struct rws_config {
    rws_options opts;        /* every option: defaults overridden by the file */
    rws_backend_spec *specs; /* the primary first, then the replicas in file order */
    size_t nspecs;
} rws_config;

/* Parse a configuration file. On RWS_OK *out holds the result (free it with rws__config_free()).
 * On failure *out is empty (freeing it is still allowed) and errs holds every problem, one per
 * line, without a trailing newline: "FILE:LINE: what is wrong (what is allowed)", or
 * "cannot open 'FILE': reason". Never half-filled; never holds a password.
 * Warnings (a group/other-readable file holding a password) go to rws__config_warn().
 * Returns RWS_OK, RWS_ERR_CONFIG, RWS_ERR_INVALID (NULL path) or RWS_ERR_NOMEM. */
rws_code rws__config_parse_file(const char *path, rws_config *out, char *errs, size_t errlen);

/* The same for configuration text; label stands for the file name in messages (NULL: "config").
 * Reads no file other than a password_file named in the text. */
rws_code rws__config_parse_string(const char *text, const char *label, rws_config *out, char *errs,
                                  size_t errlen);

/* Free what a parse filled in and zero it. NULL is a no-op. */
void rws__config_free(rws_config *cfg);

/* A warning about the configuration ("FILE: ..."): written to stderr as
 * "rwsplit: warning: FILE: ..." until it is routed to the logging callback. Never a password. */
void rws__config_warn(const char *fmt, ...) RWS_PRINTF(1, 2);

#endif
