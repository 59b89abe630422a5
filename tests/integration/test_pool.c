/* The session pool against the real cluster: rws_conn_close() keeps clean sessions and
 * rws_conn_open() reuses their backend connections, reset so that nothing of the previous
 * session leaks into the next. */
#include "rws_test.h"

#include <stdio.h>
#include <string.h>

static rws_cluster *cluster;

static void setup(void)
{
    cluster = rws_test_cluster(NULL);
}

static void teardown(void)
{
    rws_cluster_free(cluster);
}

TestSuite(pool, .init = setup, .fini = teardown);

static rws_conn *open_conn(void)
{
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));
    return c;
}

/* The primary's connection id of this session. */
static void primary_id(rws_conn *c, char *buf, size_t len)
{
    cr_assert_eq(rws_route_next(c, RWS_ROUTE_PRIMARY), RWS_OK);
    rws_test_conn_scalar(c, buf, len, "SELECT CONNECTION_ID()");
}

Test(pool, clean_session_is_reused_and_reset)
{
    rws_conn *c = open_conn();
    char id1[32], id2[32], v[64];
    primary_id(c, id1, sizeof id1);
    cr_assert_eq(rws_query(c, "SET @leak = 'previous session'"), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(rws_query(c, "SET SESSION sql_mode = 'ANSI'"), RWS_OK, "%s", rws_error(c));
    rws_conn_close(c);

    c = open_conn();
    primary_id(c, id2, sizeof id2);
    cr_assert_str_eq(id1, id2, "the pooled backend connection was not reused");
    for (int i = 0; i < 4; i++) {
        rws_test_conn_scalar(c, v, sizeof v,
                             "SELECT CONCAT(IFNULL(@leak, 'none'), '/', "
                             "@@session.sql_mode = @@global.sql_mode)");
        cr_assert_str_eq(v, "none/1", "on %s: %s", rws_last_backend(c), v);
    }
    rws_conn_close(c);
}

Test(pool, open_transaction_is_not_pooled)
{
    rws_conn *c = open_conn();
    char id1[32], id2[32];
    cr_assert_eq(rws_query(c, "CREATE TABLE IF NOT EXISTS pool_t (id INT)"), RWS_OK);
    cr_assert_eq(rws_begin(c, 0), RWS_OK);
    cr_assert_eq(rws_query(c, "INSERT INTO pool_t VALUES (1)"), RWS_OK);
    primary_id(c, id1, sizeof id1);
    rws_conn_close(c); /* closing rolls the transaction back with the connection */

    c = open_conn();
    primary_id(c, id2, sizeof id2);
    cr_assert_str_neq(id1, id2, "a session with an open transaction was pooled");
    rws_conn_close(c);
}

Test(pool, temporary_tables_are_not_pooled)
{
    rws_conn *c = open_conn();
    char id1[32], id2[32];
    cr_assert_eq(rws_query(c, "CREATE TEMPORARY TABLE pool_tmp (a INT)"), RWS_OK);
    primary_id(c, id1, sizeof id1);
    rws_conn_close(c);
    c = open_conn();
    primary_id(c, id2, sizeof id2);
    cr_assert_str_neq(id1, id2, "a session holding a temporary table was pooled");
    cr_assert_eq(rws_query(c, "SELECT * FROM pool_tmp"), RWS_ERR_SERVER);
    rws_conn_close(c);
}

Test(pool, unread_results_are_drained)
{
    rws_conn *c = open_conn();
    cr_assert_eq(rws_query(c, "SELECT 1; SELECT 2"), RWS_OK, "%s", rws_error(c));
    rws_conn_close(c); /* results never read */
    c = open_conn();
    char v[16];
    rws_test_conn_scalar(c, v, sizeof v, "SELECT 3");
    cr_assert_str_eq(v, "3");
    rws_conn_close(c);
}
