/* The session state of one rws_conn that must stay coherent across its backend connections:
 * the history of session commands (replayed, in order, on every connection opened later),
 * transaction, autocommit, temporary tables, table and named locks. Private. */
#ifndef RWS_SESSION_H
#define RWS_SESSION_H

#include "internal.h"

/* One session command as the application sent it. */
typedef struct rws_sescmd {
    char *sql;
    size_t len;
    char key[72]; /* the single variable it sets ("@a", "sql_mode", "USE", "NAMES"), "" if not
                     collapsible (several assignments, or not understood) */
} rws_sescmd;

typedef struct rws_history {
    rws_sescmd *cmds;
    size_t n, cap;
    size_t max;     /* session_history_max */
    int overflowed; /* more distinct commands than max: new connections cannot be replayed */
} rws_history;

/* Append a session command that succeeded. A command that sets the same single variable as an
 * earlier one replaces it (the earlier is removed, the new one appended: order is kept). Returns
 * RWS_OK or RWS_ERR_NOMEM; past the bound sets overflowed and keeps the newest. */
rws_code rws__history_add(rws_history *h, const char *sql, size_t len);
void rws__history_free(rws_history *h);

/* The collapsing key of a session command, "" if it must not be collapsed. Exposed for tests. */
void rws__sescmd_key(const char *sql, size_t len, char *key, size_t keylen);

/* Temporary tables created by the session (names compared case-sensitively, as the server does
 * on Linux with lower_case_table_names=0; the comparison is case-insensitive when the server
 * says lower_case_table_names != 0). */
typedef struct rws_name_set {
    char **names;
    size_t n, cap;
    int nocase;
} rws_name_set;

rws_code rws__names_add(rws_name_set *s, const char *name, size_t len);
void rws__names_remove(rws_name_set *s, const char *name, size_t len);
int rws__names_has(const rws_name_set *s, const char *name, size_t len);
void rws__names_free(rws_name_set *s);

#endif
