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

/* ---- config_literals.c: integers libconfig 1.5 misreads ------------------------------------ */

#define RWS_MAX_INT_LITERALS 256 /* misread literals remembered per text; more are not checked */

/* An integer literal that libconfig stores as a different value than the one written. */
typedef struct rws_int_literal {
    char name[64];    /* the setting it is the value of (truncated to 63 bytes) */
    unsigned line;    /* the line of that setting's name, as libconfig reports it */
    long long stored; /* what config_setting_get_int64() returns for it */
    int exact;        /* value holds the literal exactly (else it does not fit in 64 bits) */
    long long value;  /* the literal as written, when exact */
    char text[40];    /* the literal as written, for messages (truncated) */
} rws_int_literal;

/* Scan configuration text for "name = <integer>" whose integer libconfig misreads. *out is
 * malloc'd (NULL when none); returns RWS_OK or RWS_ERR_NOMEM. */
rws_code rws__config_scan_literals(const char *text, rws_int_literal **out, size_t *n);
/* The misread literal for a setting (its name, line and the value libconfig gave it), or NULL
 * when libconfig's value is the one written. */
const rws_int_literal *rws__config_find_literal(const rws_int_literal *list, size_t n,
                                                const char *name, unsigned line, long long stored);

#endif
