/* Database access for one HTTP request, over one rws_conn. */
#include "db.h"

#include <errmsg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rws_code fail(db *d, rws_code rc)
{
    d->err = rc;
    d->err_errno = d->conn ? rws_backend_errno(d->conn) : 0;
    snprintf(d->err_text, sizeof d->err_text, "%s",
             d->conn && *rws_error(d->conn) ? rws_error(d->conn) : rws_strerror(rc));
    return rc;
}

rws_code db_open(db *d, rws_cluster *cluster, const char *token)
{
    memset(d, 0, sizeof *d);
    d->cluster = cluster;
    rws_code rc = rws_conn_open(cluster, &d->conn);
    if (rc != RWS_OK)
        return fail(d, rc);
    if (token && *token) {
        if (rws_conn_require_token(d->conn, token) == RWS_OK)
            d->token_given = 1;
        else
            d->token_bad = 1; /* a stale or forged cookie: read as if there were none */
    }
    return RWS_OK;
}

void db_close(db *d)
{
    rws_conn_close(d->conn);
    d->conn = NULL;
}

int db_token(db *d, char *buf, size_t len)
{
    return d->conn && rws_conn_token(d->conn, buf, len) == RWS_OK ? 0 : -1;
}

int db_unavailable(const db *d)
{
    switch (d->err) {
    case RWS_ERR_CONNECT:
    case RWS_ERR_CONNECTION_LOST:
    case RWS_ERR_PRIMARY_DOWN:
    case RWS_ERR_NO_REPLICA:
    case RWS_ERR_STATE_LOST:
    case RWS_ERR_TIMEOUT: return 1;
    case RWS_ERR_SERVER:
        /* Connector/C's own errors (2000-2999: lost connection, server gone away) and a write
         * refused by a read-only server all mean "not now", not "bad request". */
        return (d->err_errno >= CR_MIN_ERROR && d->err_errno <= CR_MAX_ERROR) ||
               d->err_errno == 1290 /* ER_OPTION_PREVENTS_STATEMENT: read_only */;
    default: return 0;
    }
}

static void note_read(db *d)
{
    const char *b = rws_last_backend(d->conn);
    d->have_read = 1;
    snprintf(d->read_backend, sizeof d->read_backend, "%s", b ? b : "?");
    /* rws_last_route() is the classifier's route ("replica" for a SELECT), also when the read
     * fell back to the primary: ask the cluster what the backend is. */
    d->read_role = RWS_ROLE_REPLICA;
    size_t n = rws_cluster_backend_count(d->cluster);
    for (size_t i = 0; b && i < n; i++) {
        rws_backend_info info;
        if (rws_cluster_backend_info(d->cluster, i, &info) == RWS_OK && strcmp(info.name, b) == 0)
            d->read_role = info.role;
    }
    if (d->in_snapshot)
        snprintf(d->read_why, sizeof d->read_why, "one read-only snapshot; %s", d->snapshot_why);
    else
        snprintf(d->read_why, sizeof d->read_why, "%s", rws_last_route_text(d->conn));
    d->read_lag_ms = (long long)rws_last_lag_ms(d->conn);
}

long long db_int(const db_row *r, unsigned i)
{
    return i < r->ncols && !r->null[i] ? strtoll(r->col[i], NULL, 10) : 0;
}

const char *db_text(const db_row *r, unsigned i)
{
    return i < r->ncols && !r->null[i] ? r->col[i] : "";
}

/* Read every row of an executed statement into fn. */
static rws_code fetch_rows(db *d, rws_stmt *st, unsigned ncols, db_row_fn fn, void *ud)
{
    if (ncols > DB_MAX_COLS)
        return fail(d, RWS_ERR_INTERNAL);
    char *buf = malloc((size_t)ncols * DB_COL_BYTES);
    if (!buf)
        return fail(d, RWS_ERR_NOMEM);
    MYSQL_BIND rb[DB_MAX_COLS];
    db_row row;
    my_bool nulls[DB_MAX_COLS];
    memset(rb, 0, sizeof rb);
    memset(&row, 0, sizeof row);
    row.ncols = ncols;
    for (unsigned i = 0; i < ncols; i++) {
        rb[i].buffer_type = MYSQL_TYPE_STRING;
        rb[i].buffer = buf + (size_t)i * DB_COL_BYTES;
        rb[i].buffer_length = DB_COL_BYTES - 1;
        rb[i].length = &row.len[i];
        rb[i].is_null = &nulls[i];
        row.col[i] = buf + (size_t)i * DB_COL_BYTES;
    }
    rws_code rc = rws_stmt_bind_result(st, rb);
    if (rc == RWS_OK)
        rc = rws_stmt_store_result(st);
    if (rc != RWS_OK) {
        free(buf);
        return fail(d, rc);
    }
    note_read(d);
    int stop = 0, f;
    while ((f = rws_stmt_fetch(st)) == 0 || f == MYSQL_DATA_TRUNCATED) {
        for (unsigned i = 0; i < ncols; i++) {
            unsigned long n = row.len[i] < DB_COL_BYTES - 1 ? row.len[i] : DB_COL_BYTES - 1;
            buf[(size_t)i * DB_COL_BYTES + n] = '\0';
            row.len[i] = n;
            row.null[i] = nulls[i] != 0;
        }
        if (!stop && fn)
            stop = fn(ud, &row);
    }
    free(buf);
    if (f == 1)
        return fail(d, rws_errcode(d->conn) ? rws_errcode(d->conn) : RWS_ERR_INTERNAL);
    return RWS_OK;
}

rws_code db_exec(db *d, const char *sql, const db_param *params, unsigned nparams, db_row_fn fn,
                 void *ud, uint64_t *affected, uint64_t *insert_id)
{
    if (!d->conn)
        return fail(d, RWS_ERR_INVALID);
    if (nparams > DB_MAX_PARAMS)
        return fail(d, RWS_ERR_INTERNAL);
    rws_stmt *st = rws_stmt_prepare(d->conn, sql, strlen(sql));
    if (!st)
        return fail(d, rws_errcode(d->conn) ? rws_errcode(d->conn) : RWS_ERR_INTERNAL);
    rws_code rc = RWS_OK;
    MYSQL_BIND pb[DB_MAX_PARAMS];
    long long ints[DB_MAX_PARAMS];
    unsigned long lens[DB_MAX_PARAMS];
    memset(pb, 0, sizeof pb);
    if (rws_stmt_param_count(st) != nparams) {
        rc = RWS_ERR_INTERNAL;
        goto out;
    }
    for (unsigned i = 0; i < nparams; i++) {
        if (params[i].type == DB_P_INT) {
            ints[i] = params[i].i;
            pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
            pb[i].buffer = &ints[i];
        } else {
            lens[i] = (unsigned long)strlen(params[i].s);
            pb[i].buffer_type = MYSQL_TYPE_STRING;
            pb[i].buffer = (void *)params[i].s;
            pb[i].buffer_length = lens[i];
            pb[i].length = &lens[i];
        }
    }
    if (nparams && (rc = rws_stmt_bind_param(st, pb)) != RWS_OK)
        goto out;
    if ((rc = rws_stmt_execute(st)) != RWS_OK)
        goto out;
    unsigned ncols = rws_stmt_field_count(st);
    if (ncols > 0) {
        rc = fetch_rows(d, st, ncols, fn, ud);
        rws_stmt_close(st);
        return rc;
    }
    d->wrote = 1;
    if (affected)
        *affected = rws_stmt_affected_rows(st);
    if (insert_id)
        *insert_id = rws_stmt_insert_id(st);
out:
    if (rc != RWS_OK)
        fail(d, rc);
    rws_stmt_close(st);
    return rc;
}

rws_code db_snapshot_begin(db *d)
{
    rws_code rc = rws_begin(d->conn, 1);
    if (rc != RWS_OK)
        return fail(d, rc);
    d->in_snapshot = 1;
    /* The reason of START TRANSACTION READ ONLY itself goes without saying in the footer. */
    const char *why = rws_last_route_text(d->conn);
    static const char said[] = "starts a read-only transaction; ";
    if (strncmp(why, said, sizeof said - 1) == 0)
        why += sizeof said - 1;
    snprintf(d->snapshot_why, sizeof d->snapshot_why, "%s", why);
    return RWS_OK;
}

void db_snapshot_end(db *d)
{
    if (!d->in_snapshot)
        return;
    d->in_snapshot = 0;
    rws_code err = d->err;
    if (rws_commit(d->conn) != RWS_OK)
        rws_rollback(d->conn);
    d->err = err;
}

rws_code db_begin(db *d)
{
    rws_code rc = rws_begin(d->conn, 0);
    return rc == RWS_OK ? RWS_OK : fail(d, rc);
}

rws_code db_commit(db *d)
{
    rws_code rc = rws_commit(d->conn);
    if (rc != RWS_OK)
        return fail(d, rc);
    d->wrote = 1;
    return RWS_OK;
}

void db_rollback(db *d)
{
    /* The error that made us roll back is the one to report: keep it. */
    rws_code err = d->err;
    unsigned eno = d->err_errno;
    char text[sizeof d->err_text];
    memcpy(text, d->err_text, sizeof text);
    rws_rollback(d->conn);
    d->err = err;
    d->err_errno = eno;
    memcpy(d->err_text, text, sizeof text);
}
