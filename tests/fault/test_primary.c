/* The primary going away against the real cluster: writes fail fast with a distinct code while
 * reads go on; the session survives the primary's return; follow_primary finds a new primary
 * after an external failover. */
#include "rws_test.h"

#include <mysqld_error.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static rws_cluster *cluster;

static void drain(rws_conn *c)
{
    MYSQL_RES *r;
    do {
        if ((r = rws_store_result(c)))
            mysql_free_result(r);
    } while (rws_next_result(c) == 0);
}

static void restart_primary(void)
{
    rws_test_cluster_cmd("restart primary >/dev/null 2>&1");
    rws_test_cluster_cmd("wait-sync 30 >/dev/null");
    rws_cluster_free(cluster);
    cluster = NULL;
}

Test(primary, down_writes_fail_fast_reads_go_on_and_session_survives, .fini = restart_primary)
{
    cluster = rws_test_cluster("monitor_interval_ms=200", "connect_timeout_ms=1000",
                               "backoff_start_ms=100", "backoff_max_ms=500", NULL);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(
        rws_query(c, "CREATE TABLE IF NOT EXISTS pd_t (id INT AUTO_INCREMENT PRIMARY KEY)"), RWS_OK,
        "%s", rws_error(c));
    cr_assert_eq(rws_query(c, "SET @kept = 'still here'"), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(rws_query(c, "INSERT INTO pd_t VALUES ()"), RWS_OK, "%s", rws_error(c));
    rws_test_wait_sync();

    cr_assert_eq(rws_test_cluster_cmd("stop-node primary >/dev/null"), 0);
    int write_failures = 0, reads = 0;
    double slowest_write = 0, start = rws_test_now_s();
    while (rws_test_now_s() - start < 5.0) {
        double t0 = rws_test_now_s();
        rws_code rc = rws_query(c, "INSERT INTO pd_t VALUES ()");
        double took = rws_test_now_s() - t0;
        cr_assert_neq(rc, RWS_OK, "a write succeeded with the primary stopped");
        cr_assert(rc == RWS_ERR_PRIMARY_DOWN || rc == RWS_ERR_CONNECTION_LOST, "write: %d %s", rc,
                  rws_error(c));
        if (rc == RWS_ERR_PRIMARY_DOWN)
            write_failures++;
        if (took > slowest_write)
            slowest_write = took;
        char v[32];
        rws_test_conn_scalar(c, v, sizeof v, "SELECT COUNT(*) FROM pd_t");
        cr_assert_neq(strcmp(rws_last_backend(c), "primary"), 0);
        reads++;
        rws_test_sleep_ms(50);
    }
    fprintf(stderr, "primary down 5 s: %d writes refused (slowest %.0f ms), %d reads served\n",
            write_failures, slowest_write * 1000, reads);
    cr_assert_gt(write_failures, 0);
    /* connect_timeout_ms = 1000: a refused connection fails at once, a timeout within 1 s. */
    cr_assert_lt(slowest_write, 1.5, "a write took %.2f s to fail", slowest_write);

    cr_assert_eq(rws_test_cluster_cmd("restart primary >/dev/null"), 0);
    rws_code rc = RWS_ERR_PRIMARY_DOWN;
    for (int i = 0; i < 100 && rc != RWS_OK; i++) {
        rc = rws_query(c, "INSERT INTO pd_t VALUES ()");
        if (rc != RWS_OK)
            rws_test_sleep_ms(100);
    }
    cr_assert_eq(rc, RWS_OK, "writes did not come back: %s", rws_error(c));
    cr_assert_eq(rws_route_next(c, RWS_ROUTE_PRIMARY), RWS_OK);
    char v[32];
    rws_test_conn_scalar(c, v, sizeof v, "SELECT @kept");
    cr_assert_str_eq(v, "still here", "the session variable was not replayed on the primary");
    rws_conn_close(c);
}

static void fresh_cluster(void)
{
    rws_cluster_free(cluster);
    cluster = NULL;
    /* The promotion changed the topology: start the test cluster afresh for later tests. */
    rws_test_cluster_cmd("stop >/dev/null");
    rws_test_cluster_cmd("start >/dev/null");
}

Test(primary, follow_primary_after_external_failover, .fini = fresh_cluster)
{
    cluster = rws_test_cluster("monitor_interval_ms=200", "follow_primary=true",
                               "connect_timeout_ms=1000", NULL);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(rws_query(c, "CREATE TABLE IF NOT EXISTS fp_t (id INT AUTO_INCREMENT PRIMARY KEY, "
                              "who VARCHAR(20))"),
                 RWS_OK, "%s", rws_error(c));
    rws_test_wait_sync();

    /* What orchestrator or replication-manager would do: promote replica1, repoint replica2,
     * and the old primary goes away. */
    char host[64];
    unsigned port1;
    rws_test_node_addr(1, host, sizeof host, &port1);
    MYSQL *r1 = rws_test_admin(1);
    rws_test_exec(r1, "STOP SLAVE");
    rws_test_exec(r1, "RESET SLAVE ALL");
    rws_test_exec(r1, "SET GLOBAL read_only = 0");
    mysql_close(r1);
    if (rws_test_replica_count() > 1) {
        MYSQL *r2 = rws_test_admin(2);
        rws_test_exec(r2, "STOP SLAVE");
        rws_test_exec(r2,
                      "CHANGE MASTER TO MASTER_HOST = '%s', MASTER_PORT = %u, MASTER_USER = "
                      "'rws_repl', MASTER_PASSWORD = 'rws-repl-pass', MASTER_USE_GTID = slave_pos",
                      host, port1);
        rws_test_exec(r2, "START SLAVE");
        mysql_close(r2);
    }
    cr_assert_eq(rws_test_cluster_cmd("stop-node primary >/dev/null"), 0);

    rws_code rc = RWS_ERR_PRIMARY_DOWN;
    double start = rws_test_now_s();
    while (rws_test_now_s() - start < 10.0) {
        rc = rws_query(c, "INSERT INTO fp_t (who) VALUES (@@hostname)");
        if (rc == RWS_OK)
            break;
        rws_test_sleep_ms(100);
    }
    cr_assert_eq(rc, RWS_OK, "no write succeeded after the failover: %s", rws_error(c));
    cr_assert_str_eq(rws_last_backend(c), "replica1", "the write went to %s", rws_last_backend(c));
    rws_backend_info b;
    for (size_t i = 0; i < rws_cluster_backend_count(cluster); i++) {
        rws_cluster_backend_info(cluster, i, &b);
        if (strcmp(b.name, "replica1") == 0)
            cr_assert_eq(b.role, RWS_ROLE_PRIMARY);
        if (strcmp(b.name, "primary") == 0)
            cr_assert_eq(b.role, RWS_ROLE_REPLICA);
    }
    fprintf(stderr, "follow_primary: writes reached the new primary %.1f s after the failover\n",
            rws_test_now_s() - start);
    drain(c);
    rws_conn_close(c);
}
