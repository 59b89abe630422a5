/* Routing against the real cluster: writes to the primary, reads to replicas, and every rule
 * that keeps a statement on the primary or on the server of the previous one. */
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
}

static void teardown(void)
{
    rws_conn_close(conn);
    rws_cluster_free(cluster);
}

TestSuite(routing, .init = setup, .fini = teardown);

static int on_replica(void)
{
    const char *b = rws_last_backend(conn);
    return b && strncmp(b, "replica", 7) == 0;
}

static int on_primary(void)
{
    const char *b = rws_last_backend(conn);
    return b && strcmp(b, "primary") == 0;
}

static void ok(const char *sql)
{
    rws_test_ok(conn, sql);
}

static void scalar(const char *sql, char *buf, size_t len)
{
    rws_test_conn_scalar(conn, buf, len, "%s", sql);
}

Test(routing, write_goes_to_primary_and_replica_reads_it_back)
{
    ok("CREATE TABLE IF NOT EXISTS rt_basic (id INT PRIMARY KEY, v VARCHAR(20))");
    cr_assert(on_primary());
    ok("REPLACE INTO rt_basic VALUES (1, 'hello')");
    cr_assert(on_primary());
    rws_test_wait_sync();
    char v[64];
    scalar("SELECT v FROM rt_basic WHERE id = 1", v, sizeof v);
    cr_assert(on_replica(), "read ran on %s", rws_last_backend(conn));
    cr_assert_str_eq(v, "hello");
}

Test(routing, reads_are_spread_over_both_replicas)
{
    int seen[3] = {0};
    char v[64];
    for (int i = 0; i < 20; i++) {
        scalar("SELECT @@server_id", v, sizeof v);
        const char *b = rws_last_backend(conn);
        cr_assert(on_replica(), "read %d ran on %s", i, b);
        seen[b[7] - '0']++;
    }
    cr_assert_gt(seen[1], 0);
    cr_assert_gt(seen[2], 0);
}

Test(routing, read_write_transaction_stays_on_primary)
{
    char v[64];
    ok("BEGIN");
    cr_assert(on_primary());
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_primary(), "SELECT in a transaction ran on %s", rws_last_backend(conn));
    ok("COMMIT");
    cr_assert(on_primary());
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_replica(), "SELECT after COMMIT ran on %s", rws_last_backend(conn));
}

Test(routing, read_only_transaction_runs_on_one_replica)
{
    char v[64];
    cr_assert_eq(rws_begin(conn, 1), RWS_OK, "%s", rws_error(conn));
    cr_assert(on_replica());
    char first[32];
    snprintf(first, sizeof first, "%s", rws_last_backend(conn));
    for (int i = 0; i < 6; i++) {
        scalar("SELECT @@server_id", v, sizeof v);
        cr_assert_str_eq(rws_last_backend(conn), first);
    }
    cr_assert_eq(rws_commit(conn), RWS_OK);
    cr_assert_str_eq(rws_last_backend(conn), first);
}

Test(routing, write_in_read_only_transaction_is_refused)
{
    ok("CREATE TABLE IF NOT EXISTS rt_ro (id INT PRIMARY KEY)");
    rws_test_wait_sync();
    cr_assert_eq(rws_begin(conn, 1), RWS_OK, "%s", rws_error(conn));
    cr_assert_eq(rws_query(conn, "INSERT INTO rt_ro VALUES (1)"), RWS_ERR_SERVER);
    /* The replica refuses it: as a write in a READ ONLY transaction (1792), or, as MariaDB
     * checks read_only first, as a write on a read-only server (1290). */
    unsigned e = rws_backend_errno(conn);
    cr_assert(e == ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION || e == ER_OPTION_PREVENTS_STATEMENT,
              "errno %u: %s", e, rws_error(conn));
    cr_assert(strncmp(rws_last_backend(conn), "replica", 7) == 0);
    ok("ROLLBACK");
}

Test(routing, autocommit_off_keeps_everything_on_primary)
{
    char v[64];
    ok("SET autocommit = 0");
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_primary(), "ran on %s", rws_last_backend(conn));
    ok("COMMIT");
    scalar("SELECT 2", v, sizeof v);
    cr_assert(on_primary(), "after COMMIT with autocommit=0 ran on %s", rws_last_backend(conn));
    ok("SET autocommit = 1");
    scalar("SELECT 3", v, sizeof v);
    cr_assert(on_replica(), "after autocommit=1 ran on %s", rws_last_backend(conn));
}

Test(routing, temporary_table_reads_go_to_primary_until_dropped)
{
    char v[64];
    ok("CREATE TEMPORARY TABLE tmp_cart (id INT)");
    ok("INSERT INTO tmp_cart VALUES (7)");
    scalar("SELECT id FROM tmp_cart", v, sizeof v);
    cr_assert(on_primary(), "ran on %s", rws_last_backend(conn));
    cr_assert_str_eq(v, "7");
    scalar("SELECT COUNT(*) FROM rwsplit_test.tmp_cart t JOIN (SELECT 1) x", v, sizeof v);
    cr_assert(on_primary(), "qualified name ran on %s", rws_last_backend(conn));
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_replica(), "unrelated read ran on %s", rws_last_backend(conn));
    ok("DROP TEMPORARY TABLE tmp_cart");
    cr_assert_eq(rws_query(conn, "SELECT id FROM tmp_cart"), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_NO_SUCH_TABLE);
    cr_assert(on_replica());
}

Test(routing, lock_tables_pins_to_primary_until_unlock)
{
    char v[64];
    ok("CREATE TABLE IF NOT EXISTS rt_lock (id INT)");
    ok("LOCK TABLES rt_lock READ");
    scalar("SELECT COUNT(*) FROM rt_lock", v, sizeof v);
    cr_assert(on_primary(), "ran on %s", rws_last_backend(conn));
    ok("UNLOCK TABLES");
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_replica());
}

Test(routing, named_lock_pins_to_primary_while_held)
{
    char v[64];
    scalar("SELECT GET_LOCK('rws_named', 5)", v, sizeof v);
    cr_assert(on_primary());
    cr_assert_str_eq(v, "1");
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_primary(), "ran on %s while the lock is held", rws_last_backend(conn));
    scalar("SELECT RELEASE_LOCK('rws_named')", v, sizeof v);
    cr_assert(on_primary());
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_replica(), "ran on %s after release", rws_last_backend(conn));
}

Test(routing, last_insert_id_answers_from_primary)
{
    ok("CREATE TABLE IF NOT EXISTS rt_auto (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
    ok("INSERT INTO rt_auto (v) VALUES (1)");
    uint64_t id = rws_insert_id(conn);
    cr_assert_gt(id, 0);
    char v[64], want[32];
    snprintf(want, sizeof want, "%llu", (unsigned long long)id);
    scalar("SELECT 1", v, sizeof v); /* a read elsewhere in between */
    cr_assert(on_replica());
    cr_assert_eq(rws_insert_id(conn), id, "rws_insert_id changed after a replica read");
    scalar("SELECT LAST_INSERT_ID()", v, sizeof v);
    cr_assert(on_primary());
    cr_assert_str_eq(v, want);
}

Test(routing, hints_and_route_next)
{
    char v[64];
    scalar("SELECT /* rwsplit:primary */ 1", v, sizeof v);
    cr_assert(on_primary());
    cr_assert_eq(rws_route_next(conn, RWS_ROUTE_PRIMARY), RWS_OK);
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_primary());
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_replica(), "route_next applied to more than one statement");
    ok("CREATE TABLE IF NOT EXISTS rt_hint (id INT)");
    ok("INSERT /* rwsplit:replica */ INTO rt_hint VALUES (1)");
    cr_assert(on_primary(), "a write went to %s", rws_last_backend(conn));
    cr_assert_eq(rws_route_next(conn, RWS_ROUTE_REPLICA), RWS_OK);
    ok("INSERT INTO rt_hint VALUES (2)");
    cr_assert(on_primary(), "a write went to %s", rws_last_backend(conn));
    cr_assert_eq(rws_route_next(conn, RWS_ROUTE_ALL), RWS_ERR_INVALID);
}

Test(routing, multi_statements_and_multiple_results)
{
    cr_assert_eq(rws_query(conn, "SELECT 1; SELECT 2, 3"), RWS_OK, "%s", rws_error(conn));
    cr_assert(on_replica());
    MYSQL_RES *r = rws_store_result(conn);
    cr_assert_not_null(r);
    cr_assert_eq(mysql_num_fields(r), 1);
    mysql_free_result(r);
    cr_assert_eq(rws_next_result(conn), 0);
    r = rws_store_result(conn);
    cr_assert_not_null(r);
    cr_assert_eq(mysql_num_fields(r), 2);
    mysql_free_result(r);
    cr_assert_eq(rws_next_result(conn), -1);

    ok("CREATE TABLE IF NOT EXISTS rt_multi (id INT)");
    cr_assert_eq(rws_query(conn, "INSERT INTO rt_multi VALUES (1); SELECT COUNT(*) FROM rt_multi"),
                 RWS_OK, "%s", rws_error(conn));
    cr_assert(on_primary(), "a multi-statement with a write ran on %s", rws_last_backend(conn));
    int results = 0;
    do {
        if ((r = rws_store_result(conn))) {
            results++;
            mysql_free_result(r);
        }
    } while (rws_next_result(conn) == 0);
    cr_assert_eq(results, 1);
}

Test(routing, server_errors_pass_through_intact)
{
    cr_assert_eq(rws_query(conn, "SELECT * FROM no_such_table_here"), RWS_ERR_SERVER);
    cr_assert_eq(rws_errcode(conn), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_NO_SUCH_TABLE);
    cr_assert_str_eq(rws_sqlstate(conn), "42S02");
    cr_assert_not_null(strstr(rws_error(conn), "no_such_table_here"), "%s", rws_error(conn));
    cr_assert_eq(rws_query(conn, "SELEC 1"), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_PARSE_ERROR);
    cr_assert(on_primary(), "an unparseable statement is not a read: %s", rws_last_backend(conn));
    /* The connection is usable afterwards. */
    char v[8];
    scalar("SELECT 5", v, sizeof v);
    cr_assert_str_eq(v, "5");
    cr_assert_eq(rws_errcode(conn), RWS_OK);
}

Test(routing, show_warnings_goes_where_the_previous_statement_ran)
{
    char v[64];
    scalar("SELECT CAST('12abc' AS INT)", v, sizeof v);
    cr_assert(on_replica());
    char where[32];
    snprintf(where, sizeof where, "%s", rws_last_backend(conn));
    cr_assert_eq(rws_warning_count(conn), 1);
    cr_assert_eq(rws_query(conn, "SHOW WARNINGS"), RWS_OK, "%s", rws_error(conn));
    cr_assert_str_eq(rws_last_backend(conn), where);
    MYSQL_RES *r = rws_store_result(conn);
    cr_assert_not_null(r);
    cr_assert_eq(mysql_num_rows(r), 1, "the warning was not found where the SELECT ran");
    mysql_free_result(r);
}

Test(routing, user_variable_assigned_on_primary_is_read_there)
{
    char v[64];
    scalar("SELECT @uv := 41 + 1", v, sizeof v);
    cr_assert(on_primary(), "an assignment ran on %s", rws_last_backend(conn));
    scalar("SELECT @uv", v, sizeof v);
    cr_assert(on_primary(), "reading it ran on %s", rws_last_backend(conn));
    cr_assert_str_eq(v, "42");
    scalar("SELECT 1", v, sizeof v);
    cr_assert(on_replica(), "a read without variables ran on %s", rws_last_backend(conn));
}

Test(sockets, backends_over_unix_sockets)
{
    const char *psock = rws_test_env("RWS_TEST_PRIMARY_SOCKET");
    const char *rsocks = rws_test_env("RWS_TEST_REPLICA_SOCKETS");
    if (!psock || !rsocks)
        cr_skip_test("the servers' unix sockets are not known (external servers)");
    rws_cluster *c = rws_cluster_new();
    rws_cluster_set(c, "user", rws_test_env("RWS_TEST_USER"));
    rws_cluster_set(c, "password", rws_test_env("RWS_TEST_PASSWORD"));
    rws_cluster_set(c, "database", rws_test_env("RWS_TEST_DATABASE"));
    cr_assert_eq(rws_cluster_add_primary(c, NULL, psock, 0), RWS_OK, "%s", rws_cluster_error(c));
    char first[512];
    snprintf(first, sizeof first, "%.*s", (int)strcspn(rsocks, ","), rsocks);
    cr_assert_eq(rws_cluster_add_replica(c, NULL, first, 0, 1), RWS_OK, "%s", rws_cluster_error(c));
    rws_conn *k = NULL;
    cr_assert_eq(rws_conn_open(c, &k), RWS_OK, "%s", rws_error(k));
    cr_assert_eq(rws_query(k, "CREATE TABLE IF NOT EXISTS sock_t (id INT)"), RWS_OK, "%s",
                 rws_error(k));
    cr_assert_str_eq(rws_last_backend(k), psock,
                     "a backend without a name is called by its socket");
    char v[16];
    rws_test_conn_scalar(k, v, sizeof v, "SELECT 1");
    cr_assert_str_eq(rws_last_backend(k), first);
    rws_conn_close(k);
    rws_cluster_free(c);
}
