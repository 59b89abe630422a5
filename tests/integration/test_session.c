/* Session coherence against the real cluster: SET, USE and the character set reach every
 * backend connection, including those opened lazily later and those reconnected after a
 * failure, and are read back on each backend. */
#include "rws_test.h"

#include <mysqld_error.h>
#include <stdio.h>
#include <stdlib.h>
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

TestSuite(session, .init = setup, .fini = teardown);

static void ok(const char *sql)
{
    rws_test_ok(conn, sql);
}

/* Run a read until every backend in want[] (by name) has answered it, checking the value on
 * each: the replicas by round robin, the primary by rws_route_next(). */
static void expect_everywhere(const char *sql, const char *want)
{
    int seen[3] = {0};
    char v[256];
    for (int i = 0; i < 40 && !(seen[1] && seen[2]); i++) {
        rws_test_conn_scalar(conn, v, sizeof v, "%s", sql);
        const char *b = rws_last_backend(conn);
        cr_assert_str_eq(v, want, "%s on %s gave '%s'", sql, b, v);
        if (strncmp(b, "replica", 7) == 0)
            seen[b[7] - '0'] = 1;
    }
    cr_assert(seen[1] && seen[2], "not every replica answered %s", sql);
    cr_assert_eq(rws_route_next(conn, RWS_ROUTE_PRIMARY), RWS_OK);
    rws_test_conn_scalar(conn, v, sizeof v, "%s", sql);
    cr_assert_str_eq(rws_last_backend(conn), "primary");
    cr_assert_str_eq(v, want, "%s on the primary gave '%s'", sql, v);
}

Test(session, set_before_any_connection_is_replayed_on_lazy_ones)
{
    ok("SET @greeting = 'hi'");
    ok("SET SESSION sql_mode = 'ANSI_QUOTES'");
    ok("SET time_zone = '+03:00'");
    expect_everywhere("SELECT @greeting", "hi");
    expect_everywhere("SELECT @@session.sql_mode", "ANSI_QUOTES");
    expect_everywhere("SELECT @@time_zone", "+03:00");
}

Test(session, set_after_connections_exist_reaches_all_of_them)
{
    expect_everywhere("SELECT @@session.sql_mode = @@global.sql_mode", "1");
    ok("SET @n = 1");
    ok("SET @n = 2"); /* collapses with the first */
    ok("SET @a = 5, @b = 6");
    expect_everywhere("SELECT CONCAT(@n, @a, @b)", "256");
}

Test(session, use_and_select_db_reach_every_backend)
{
    MYSQL *a = rws_test_admin(0);
    rws_test_exec(a, "CREATE DATABASE IF NOT EXISTS rwsplit_other");
    rws_test_exec(a, "GRANT ALL ON rwsplit_other.* TO '%s'@'%%'", rws_test_env("RWS_TEST_USER"));
    mysql_close(a);
    rws_test_wait_sync();
    ok("USE rwsplit_other");
    expect_everywhere("SELECT DATABASE()", "rwsplit_other");
    cr_assert_eq(rws_select_db(conn, "rwsplit_test"), RWS_OK, "%s", rws_error(conn));
    expect_everywhere("SELECT DATABASE()", "rwsplit_test");
    cr_assert_eq(rws_select_db(conn, "no_such_db_anywhere"), RWS_ERR_SERVER);
    /* unknown database, or (no grant on that name) access denied to it */
    unsigned e = rws_backend_errno(conn);
    cr_assert(e == ER_BAD_DB_ERROR || e == ER_DBACCESS_DENIED_ERROR, "errno %u", e);
    expect_everywhere("SELECT DATABASE()", "rwsplit_test");
}

Test(session, character_set_reaches_every_backend)
{
    cr_assert_eq(rws_set_character_set(conn, "latin1"), RWS_OK, "%s", rws_error(conn));
    expect_everywhere("SELECT @@character_set_client", "latin1");
    ok("SET NAMES utf8mb4");
    expect_everywhere("SELECT @@character_set_connection", "utf8mb4");
    char esc[16];
    cr_assert_eq(rws_real_escape_string(conn, esc, "a'b", 3), 4);
    cr_assert_str_eq(esc, "a\\'b");
}

Test(session, failed_set_is_not_recorded)
{
    cr_assert_eq(rws_query(conn, "SET SESSION no_such_variable = 1"), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_UNKNOWN_SYSTEM_VARIABLE);
    /* Later connections must not replay it (they would fail). */
    expect_everywhere("SELECT 1", "1");
}

static void kill_connection_of(int node, const char *user)
{
    MYSQL *a = rws_test_admin(node);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT id FROM information_schema.processlist WHERE user = '%s' "
             "AND id <> CONNECTION_ID()",
             user);
    cr_assert_eq(mysql_query(a, sql), 0, "%s", mysql_error(a));
    MYSQL_RES *r = mysql_store_result(a);
    MYSQL_ROW row;
    int killed = 0;
    while ((row = mysql_fetch_row(r))) {
        rws_test_exec(a, "KILL CONNECTION %s", row[0]);
        killed++;
    }
    mysql_free_result(r);
    mysql_close(a);
    cr_assert_gt(killed, 0, "no connection of %s on node %d to kill", user, node);
}

Test(session, reconnected_replica_gets_the_session_replayed)
{
    ok("SET @kept = 'yes'");
    ok("SET SESSION sql_mode = 'NO_ZERO_DATE'");
    expect_everywhere("SELECT @kept", "yes");
    /* Kill this application's connections on both replicas: the next reads reconnect, replay
     * the session, and give the same answers with no error reaching the application. */
    kill_connection_of(1, rws_test_env("RWS_TEST_USER"));
    kill_connection_of(2, rws_test_env("RWS_TEST_USER"));
    char v[64];
    for (int i = 0; i < 6; i++) {
        rws_test_conn_scalar(conn, v, sizeof v, "SELECT CONCAT(@kept, '/', @@session.sql_mode)");
        cr_assert_str_eq(v, "yes/NO_ZERO_DATE", "on %s", rws_last_backend(conn));
    }
}

Test(session, reconnected_primary_replays_and_reports_lost_temporary_tables)
{
    ok("SET @kept = 'p'");
    ok("CREATE TEMPORARY TABLE tmp_lost (a INT)");
    kill_connection_of(0, rws_test_env("RWS_TEST_USER"));
    /* The statement that meets the dead connection fails as lost (never retried: it writes). */
    rws_code rc = rws_query(conn, "INSERT INTO tmp_lost VALUES (1)");
    cr_assert_eq(rc, RWS_ERR_CONNECTION_LOST, "got %d: %s", rc, rws_error(conn));
    /* The next statement on the primary reconnects, replays the variables, and reports once
     * that the temporary table is gone; it is not executed. */
    rc = rws_query(conn, "INSERT INTO tmp_lost VALUES (2)");
    cr_assert_eq(rc, RWS_ERR_STATE_LOST, "got %d: %s", rc, rws_error(conn));
    cr_assert_eq(rws_route_next(conn, RWS_ROUTE_PRIMARY), RWS_OK);
    char v[16];
    rws_test_conn_scalar(conn, v, sizeof v, "SELECT @kept");
    cr_assert_str_eq(rws_last_backend(conn), "primary");
    cr_assert_str_eq(v, "p");
    cr_assert_eq(rws_query(conn, "INSERT INTO tmp_lost VALUES (3)"), RWS_ERR_SERVER);
    cr_assert_eq(rws_backend_errno(conn), ER_NO_SUCH_TABLE);
}

static long long count_rows(const char *table, const char *where)
{
    MYSQL *a = rws_test_admin(0);
    char v[32];
    rws_test_scalar(a, v, sizeof v, "SELECT COUNT(*) FROM %s WHERE %s", table, where);
    mysql_close(a);
    return atoll(v);
}

Test(session, transaction_lost_with_its_connection_is_reported_not_continued)
{
    ok("CREATE TABLE IF NOT EXISTS lost_trx (id INT PRIMARY KEY)");
    ok("DELETE FROM lost_trx");
    ok("BEGIN");
    ok("INSERT INTO lost_trx VALUES (1)");
    kill_connection_of(0, rws_test_env("RWS_TEST_USER"));
    cr_assert_eq(rws_query(conn, "INSERT INTO lost_trx VALUES (2)"), RWS_ERR_CONNECTION_LOST, "%s",
                 rws_error(conn));
    /* The transaction died with the connection: the next statement of it must not run as a
     * new autocommit statement. */
    cr_assert_eq(rws_query(conn, "INSERT INTO lost_trx VALUES (3)"), RWS_ERR_STATE_LOST, "%s",
                 rws_error(conn));
    cr_assert_eq(count_rows("lost_trx", "1"), 0, "rows of the lost transaction were written");
    ok("INSERT INTO lost_trx VALUES (4)"); /* afterwards the session works */
    cr_assert_eq(count_rows("lost_trx", "id = 4"), 1);
}

Test(session, statement_reported_as_state_lost_is_not_executed)
{
    ok("CREATE TABLE IF NOT EXISTS lost_lock (id INT PRIMARY KEY)");
    char v[16];
    rws_test_conn_scalar(conn, v, sizeof v, "SELECT GET_LOCK('rws_lost_lock', 5)");
    kill_connection_of(0, rws_test_env("RWS_TEST_USER"));
    rws_code rc = rws_query(conn, "INSERT INTO lost_lock VALUES (11)");
    cr_assert(rc == RWS_ERR_CONNECTION_LOST || rc == RWS_ERR_STATE_LOST, "%d %s", rc,
              rws_error(conn));
    if (rc == RWS_ERR_CONNECTION_LOST)
        cr_assert_eq(rws_query(conn, "INSERT INTO lost_lock VALUES (12)"), RWS_ERR_STATE_LOST);
    cr_assert_eq(count_rows("lost_lock", "id IN (11, 12)"), 0, "a statement reported lost ran");
}

Test(session, ping_reconnects_a_dead_link_without_marking_the_server_down)
{
    ok("SET @p = 1");
    kill_connection_of(0, rws_test_env("RWS_TEST_USER"));
    cr_assert_eq(rws_ping(conn), RWS_OK, "%s", rws_error(conn));
    rws_conn *other = NULL;
    cr_assert_eq(rws_conn_open(cluster, &other), RWS_OK);
    cr_assert_eq(rws_query(other, "DO 1 /* rwsplit:primary */"), RWS_OK, "%s", rws_error(other));
    rws_conn_close(other);
}

Test(session, error_is_cleared_after_a_read_that_succeeded_on_retry)
{
    char v[16];
    rws_test_conn_scalar(conn, v, sizeof v, "SELECT 1");
    rws_test_conn_scalar(conn, v, sizeof v, "SELECT 1");
    kill_connection_of(1, rws_test_env("RWS_TEST_USER"));
    kill_connection_of(2, rws_test_env("RWS_TEST_USER"));
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(rws_query(conn, "SELECT 1"), RWS_OK, "%s", rws_error(conn));
        cr_assert_eq(rws_errcode(conn), RWS_OK);
        cr_assert_str_eq(rws_error(conn), "");
        MYSQL_RES *r = rws_store_result(conn);
        mysql_free_result(r);
    }
}
