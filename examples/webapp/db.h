/* Database access for one HTTP request: one rws_conn, the causal token it was given, prepared
 * statements with bound parameters, and a record of where its reads ran (for the page footer). */
#ifndef SHOP_DB_H
#define SHOP_DB_H

#include <rwsplit.h>

#include <stdint.h>

typedef struct db {
    rws_cluster *cluster;
    rws_conn *conn;
    int token_given; /* the request carried a causal token that was applied */
    int token_bad;   /* ... that was malformed and ignored */
    int wrote;       /* a write committed: the response must carry the new token */
    /* the last statement that returned rows */
    int have_read;
    char read_backend[128];
    rws_role read_role; /* of the backend that ran it (not the classifier's route) */
    char read_why[256];
    long long read_lag_ms;
    int in_snapshot;        /* between db_snapshot_begin() and db_snapshot_end() */
    char snapshot_why[200]; /* why the snapshot's server was chosen */
    /* the last failure */
    rws_code err;
    unsigned err_errno;
    char err_text[512];
} db;

/* Open a session and, when token is non-empty, require its freshness for every read.
 * Returns RWS_OK or the error (also in d->err); close with db_close() in both cases. */
rws_code db_open(db *d, rws_cluster *cluster, const char *token);
void db_close(db *d);
/* The session's causal token into buf (RWS_TOKEN_SIZE bytes suffice). 0 or -1. */
int db_token(db *d, char *buf, size_t len);

/* Whether the last failure means a server could not be reached (as opposed to a refused
 * statement): the caller answers 503. */
int db_unavailable(const db *d);

enum db_ptype { DB_P_INT, DB_P_TEXT };
typedef struct db_param {
    enum db_ptype type;
    long long i;
    const char *s;
} db_param;
#define DBP_INT(v)  ((db_param){.type = DB_P_INT, .i = (long long)(v), .s = 0})
#define DBP_TEXT(v) ((db_param){.type = DB_P_TEXT, .i = 0, .s = (v)})

#define DB_MAX_PARAMS 8
#define DB_MAX_COLS   12
#define DB_COL_BYTES  2048

/* One row of a result: every column as text (NULL as ""), with its length and NULL flag. */
typedef struct db_row {
    unsigned ncols;
    const char *col[DB_MAX_COLS];
    unsigned long len[DB_MAX_COLS];
    int null[DB_MAX_COLS];
} db_row;

/* Called for each row; return non-zero to stop reading (the rest is discarded). */
typedef int (*db_row_fn)(void *ud, const db_row *row);

/* Prepare sql, bind params, execute, and feed the rows (if any) to fn. For a statement without
 * rows, *affected and *insert_id (either may be NULL) receive its counts.
 * Returns RWS_OK or the error (also in d->err, d->err_errno, d->err_text). */
rws_code db_exec(db *d, const char *sql, const db_param *params, unsigned nparams, db_row_fn fn,
                 void *ud, uint64_t *affected, uint64_t *insert_id);

/* A read-only transaction (START TRANSACTION READ ONLY) around the reads of one page: they run
 * on ONE server, as one consistent snapshot, and read-your-writes is settled once, when it
 * begins (a causal wait or the primary), instead of once per statement. */
rws_code db_snapshot_begin(db *d);
void db_snapshot_end(db *d);

rws_code db_begin(db *d);
rws_code db_commit(db *d);
void db_rollback(db *d);

/* Column i as a number (0 if empty or NULL) or as text ("" if NULL). */
long long db_int(const db_row *r, unsigned i);
const char *db_text(const db_row *r, unsigned i);

#endif
