/* Prepared statements against the real cluster: routed like text statements, prepared lazily on
 * each backend, re-prepared after a reconnect, with the connector's MYSQL_BIND. */
#include "rws_test.h"

#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>

static rws_cluster *cluster;
static rws_conn *conn;

static void setup(void)
{
    cluster = rws_test_cluster(NULL);
    cr_assert_eq(rws_conn_open(cluster, &conn), RWS_OK, "%s", rws_error(conn));
    cr_assert_eq(rws_query(conn, "CREATE TABLE IF NOT EXISTS st_items (id INT AUTO_INCREMENT "
                                 "PRIMARY KEY, name VARCHAR(40))"),
                 RWS_OK, "%s", rws_error(conn));
}

static void teardown(void)
{
    rws_conn_close(conn);
    rws_cluster_free(cluster);
}

TestSuite(stmt, .init = setup, .fini = teardown);

static uint64_t insert_item(rws_stmt *ins, const char *name)
{
    MYSQL_BIND p[1];
    memset(p, 0, sizeof p);
    unsigned long len = (unsigned long)strlen(name);
    p[0].buffer_type = MYSQL_TYPE_STRING;
    p[0].buffer = (void *)name;
    p[0].buffer_length = len;
    p[0].length = &len;
    cr_assert_eq(rws_stmt_bind_param(ins, p), RWS_OK);
    cr_assert_eq(rws_stmt_execute(ins), RWS_OK, "%s", rws_error(conn));
    return rws_stmt_insert_id(ins);
}

/* Execute the SELECT for id and return the name it finds ("" if none). */
static void select_item(rws_stmt *sel, int id, char *name, size_t namelen)
{
    MYSQL_BIND p[1], r[1];
    memset(p, 0, sizeof p);
    memset(r, 0, sizeof r);
    p[0].buffer_type = MYSQL_TYPE_LONG;
    p[0].buffer = &id;
    unsigned long got = 0;
    r[0].buffer_type = MYSQL_TYPE_STRING;
    r[0].buffer = name;
    r[0].buffer_length = namelen;
    r[0].length = &got;
    cr_assert_eq(rws_stmt_bind_param(sel, p), RWS_OK);
    cr_assert_eq(rws_stmt_execute(sel), RWS_OK, "%s", rws_error(conn));
    cr_assert_eq(rws_stmt_bind_result(sel, r), RWS_OK, "%s", rws_error(conn));
    cr_assert_eq(rws_stmt_store_result(sel), RWS_OK, "%s", rws_error(conn));
    int f = rws_stmt_fetch(sel);
    if (f == MYSQL_NO_DATA)
        name[0] = '\0';
    else {
        cr_assert_eq(f, 0, "fetch: %s", rws_error(conn));
        name[got < namelen ? got : namelen - 1] = '\0';
    }
    rws_stmt_free_result(sel);
}

static const char *ins_sql = "INSERT INTO st_items (name) VALUES (?)";
static const char *sel_sql = "SELECT name FROM st_items WHERE id = ?";

Test(stmt, write_on_primary_read_on_replica)
{
    rws_stmt *ins = rws_stmt_prepare(conn, ins_sql, strlen(ins_sql));
    cr_assert_not_null(ins, "%s", rws_error(conn));
    cr_assert_eq(rws_stmt_param_count(ins), 1);
    uint64_t id = insert_item(ins, "apple");
    cr_assert_str_eq(rws_last_backend(conn), "primary");
    cr_assert_gt(id, 0);
    rws_test_wait_sync();

    rws_stmt *sel = rws_stmt_prepare(conn, sel_sql, strlen(sel_sql));
    cr_assert_not_null(sel, "%s", rws_error(conn));
    char name[41];
    for (int i = 0; i < 4; i++) { /* both replicas, each prepared lazily */
        select_item(sel, (int)id, name, sizeof name);
        cr_assert_eq(strncmp(rws_last_backend(conn), "replica", 7), 0, "ran on %s",
                     rws_last_backend(conn));
        cr_assert_str_eq(name, "apple");
    }
    rws_stmt_close(sel);
    rws_stmt_close(ins);
}

Test(stmt, transaction_keeps_prepared_reads_on_primary)
{
    rws_stmt *ins = rws_stmt_prepare(conn, ins_sql, strlen(ins_sql));
    rws_stmt *sel = rws_stmt_prepare(conn, sel_sql, strlen(sel_sql));
    cr_assert(ins && sel, "%s", rws_error(conn));
    cr_assert_eq(rws_begin(conn, 0), RWS_OK);
    uint64_t id = insert_item(ins, "pear");
    char name[41];
    select_item(sel, (int)id, name, sizeof name);
    cr_assert_str_eq(rws_last_backend(conn), "primary");
    cr_assert_str_eq(name, "pear", "the transaction's own row is visible");
    cr_assert_eq(rws_rollback(conn), RWS_OK);
    select_item(sel, (int)id, name, sizeof name);
    cr_assert_str_eq(name, "");
    rws_stmt_close(sel);
    rws_stmt_close(ins);
}

Test(stmt, reprepared_after_reconnect)
{
    rws_stmt *ins = rws_stmt_prepare(conn, ins_sql, strlen(ins_sql));
    rws_stmt *sel = rws_stmt_prepare(conn, sel_sql, strlen(sel_sql));
    cr_assert(ins && sel, "%s", rws_error(conn));
    uint64_t id = insert_item(ins, "plum");
    rws_test_wait_sync();
    char name[41];
    select_item(sel, (int)id, name, sizeof name);
    select_item(sel, (int)id, name, sizeof name);
    /* Kill every connection of the application user on every node. */
    for (int node = 0; node <= rws_test_replica_count(); node++) {
        MYSQL *a = rws_test_admin(node);
        char ids[512];
        rws_test_scalar(a, ids, sizeof ids,
                        "SELECT GROUP_CONCAT(id) FROM information_schema.processlist "
                        "WHERE user = '%s'",
                        rws_test_env("RWS_TEST_USER"));
        for (char *tok = strtok(ids, ","); tok; tok = strtok(NULL, ","))
            rws_test_exec(a, "KILL CONNECTION %s", tok);
        mysql_close(a);
    }
    /* Reads reconnect, re-prepare and succeed without an error reaching the application. */
    for (int i = 0; i < 4; i++) {
        select_item(sel, (int)id, name, sizeof name);
        cr_assert_str_eq(name, "plum");
    }
    /* The write may meet its dead connection once (it is never retried silently: the
     * application sees RWS_ERR_CONNECTION_LOST), unless a read already reconnected the primary;
     * then it works, re-prepared on the new connection. */
    MYSQL_BIND p[1];
    memset(p, 0, sizeof p);
    const char *fig = "fig";
    unsigned long len = 3;
    p[0].buffer_type = MYSQL_TYPE_STRING;
    p[0].buffer = (void *)fig;
    p[0].buffer_length = len;
    p[0].length = &len;
    cr_assert_eq(rws_stmt_bind_param(ins, p), RWS_OK);
    rws_code rc = rws_stmt_execute(ins);
    cr_assert(rc == RWS_OK || rc == RWS_ERR_CONNECTION_LOST, "got %d: %s", rc, rws_error(conn));
    if (rc != RWS_OK)
        cr_assert_eq(rws_stmt_execute(ins), RWS_OK, "%s", rws_error(conn));
    cr_assert_gt(rws_stmt_insert_id(ins), id);
    rws_stmt_close(sel);
    rws_stmt_close(ins);
}

Test(stmt, errors_at_prepare_and_execute)
{
    const char *bad = "SELECT nonexistent_column FROM st_items WHERE id = ?";
    cr_assert_null(rws_stmt_prepare(conn, bad, strlen(bad)));
    cr_assert_eq(rws_errcode(conn), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_BAD_FIELD_ERROR, "%s", rws_error(conn));
    const char *dup = "INSERT INTO st_items (id, name) VALUES (?, 'x')";
    rws_stmt *s = rws_stmt_prepare(conn, dup, strlen(dup));
    cr_assert_not_null(s, "%s", rws_error(conn));
    cr_assert_eq(rws_stmt_execute(s), RWS_ERR_INVALID, "executing without bound parameters");
    int id = 424242;
    MYSQL_BIND p[1];
    memset(p, 0, sizeof p);
    p[0].buffer_type = MYSQL_TYPE_LONG;
    p[0].buffer = &id;
    rws_stmt_bind_param(s, p);
    rws_query(conn, "DELETE FROM st_items WHERE id = 424242");
    cr_assert_eq(rws_stmt_execute(s), RWS_OK, "%s", rws_error(conn));
    cr_assert_eq(rws_stmt_execute(s), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_DUP_ENTRY);
    cr_assert_str_eq(rws_sqlstate(conn), "23000");
    rws_stmt_close(s);
}

Test(stmt, prepare_is_not_a_routed_statement)
{
    rws_stats before, after;
    rws_cluster_stats(cluster, &before);
    char seen[2][32] = {"", ""};
    for (int i = 0; i < 2; i++) {
        /* a fresh statement each time: preparing must not take the balancing turn */
        rws_stmt *s = rws_stmt_prepare(conn, "SELECT 1", 8);
        cr_assert_not_null(s, "%s", rws_error(conn));
        cr_assert_eq(rws_stmt_execute(s), RWS_OK, "%s", rws_error(conn));
        snprintf(seen[i], sizeof seen[i], "%s", rws_last_backend(conn));
        rws_stmt_close(s);
    }
    rws_cluster_stats(cluster, &after);
    cr_assert_eq(after.statements - before.statements, 2, "prepares were counted as statements");
    if (rws_test_replica_count() > 1)
        cr_assert_str_neq(seen[0], seen[1], "both executions ran on %s: the prepare took a turn",
                          seen[0]);
}
