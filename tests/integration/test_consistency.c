/* Replication lag and read consistency against the real cluster: lag is injected by stopping the
 * replicas' SQL threads (the IO threads keep receiving, so the replicas fall behind exactly). */
#include "rws_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static rws_cluster *cluster;

static void restart_sql_threads(void)
{
    rws_test_cluster_cmd("start-sql-thread replica1 >/dev/null");
    rws_test_cluster_cmd("start-sql-thread replica2 >/dev/null");
}

static void teardown(void)
{
    restart_sql_threads();
    rws_test_wait_sync();
    rws_cluster_free(cluster);
    cluster = NULL;
}

TestSuite(consistency, .fini = teardown);

static rws_conn *open_conn(void)
{
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));
    return c;
}

static int backend_state(const char *name, rws_backend_info *out)
{
    for (size_t i = 0; i < rws_cluster_backend_count(cluster); i++) {
        rws_cluster_backend_info(cluster, i, out);
        if (strcmp(out->name, name) == 0)
            return 0;
    }
    return -1;
}

Test(consistency, lagging_replica_is_out_within_two_intervals_and_back_after_catching_up)
{
    cluster = rws_test_cluster("monitor_interval_ms=200", "max_lag_ms=300", NULL);
    rws_conn *c = open_conn();
    rws_test_ok(c, "CREATE TABLE IF NOT EXISTS lag_t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
    rws_test_wait_sync();
    rws_backend_info b;
    /* Give the monitor one interval to see the synced state. */
    rws_test_sleep_ms(250);
    cr_assert_eq(backend_state("replica1", &b), 0);
    cr_assert_eq(b.state, RWS_STATE_UP, "replica1 is %s before the test", rws_state_name(b.state));

    cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica1 >/dev/null"), 0);
    double t0 = rws_test_now_s();
    rws_test_ok(c, "INSERT INTO lag_t (v) VALUES (1)");
    /* Its SQL thread stopped: out at the next check (the monitor sees replication stopped);
     * and in any case once the lag passes max_lag_ms, within two intervals of that. Polled, with
     * the bound asserted on the time it took (a loaded machine delays the poll, not the rule). */
    do {
        rws_test_sleep_ms(20);
        backend_state("replica1", &b);
    } while (b.state != RWS_STATE_LAGGING && rws_test_now_s() - t0 < 5.0);
    double took = rws_test_now_s() - t0;
    cr_assert_eq(b.state, RWS_STATE_LAGGING, "replica1 is %s, lag %lld ms", rws_state_name(b.state),
                 (long long)b.lag_ms);
    cr_assert_leq(took, 0.300 + 2 * 0.200 + 0.250, "out after %.3f s", took);
    cr_assert_eq(b.replicating, 0, "its SQL thread is stopped");
    /* Reads (eventual: no causal wait involved) avoid it. */
    cr_assert_eq(rws_conn_set(c, "consistency", "eventual"), RWS_OK);
    char v[32];
    for (int i = 0; i < 10; i++) {
        rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
        cr_assert_str_neq(rws_last_backend(c), "replica1", "a read went to the lagging replica");
    }
    restart_sql_threads();
    rws_test_wait_sync();
    t0 = rws_test_now_s();
    do {
        rws_test_sleep_ms(20);
        backend_state("replica1", &b);
    } while (b.state != RWS_STATE_UP && rws_test_now_s() - t0 < 5.0);
    cr_assert_eq(b.state, RWS_STATE_UP, "replica1 is %s after catching up",
                 rws_state_name(b.state));
    int back = 0;
    for (int i = 0; i < 20 && !back; i++) {
        rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
        back = strcmp(rws_last_backend(c), "replica1") == 0;
    }
    cr_assert(back, "replica1 gets no reads after catching up");
    rws_conn_close(c);
}

Test(consistency, heartbeat_measures_lag_in_milliseconds)
{
    cluster = rws_test_cluster("monitor_interval_ms=100", "lag_method=heartbeat", NULL);
    rws_conn *c = open_conn();
    rws_test_sleep_ms(300);
    rws_backend_info b;
    backend_state("replica2", &b);
    cr_assert_eq(b.lag_ms, 0, "a caught-up replica has lag 0, got %lld", (long long)b.lag_ms);
    cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica2 >/dev/null"), 0);
    double t0 = rws_test_now_s();
    rws_test_sleep_ms(1200);
    backend_state("replica2", &b);
    double stopped_ms = (rws_test_now_s() - t0) * 1000;
    /* Stopped for stopped_ms with a heartbeat every 100 ms and a check every 100 ms: the lag it
     * reports is the time since the last heartbeat it applied, measured at the last check. */
    cr_assert(b.lag_ms >= stopped_ms - 2 * 100 - 150 && b.lag_ms <= stopped_ms + 100,
              "lag %lld ms after %.0f ms stopped", (long long)b.lag_ms, stopped_ms);
    rws_conn_close(c);
}

static long long counter_value(rws_conn *c, int id)
{
    char sql[96], v[32];
    snprintf(sql, sizeof sql, "SELECT v FROM ryw_t WHERE id = %d", id);
    rws_test_conn_scalar(c, v, sizeof v, "%s", sql);
    return v[0] ? atoll(v) : -1;
}

/* 1000 write-then-read pairs through one connection while both replicas lag: zero stale rows. */
Test(consistency, read_your_writes_while_replicas_lag)
{
    cluster = rws_test_cluster("monitor_interval_ms=100", "causal_wait_ms=5", NULL);
    rws_conn *c = open_conn();
    rws_test_ok(c, "CREATE TABLE IF NOT EXISTS ryw_t (id INT PRIMARY KEY, v BIGINT)");
    rws_test_ok(c, "REPLACE INTO ryw_t VALUES (1, 0)");
    rws_test_wait_sync();
    rws_test_sleep_ms(300);
    rws_stats before, after;
    rws_cluster_stats(cluster, &before);
    int stale = 0;
    char sql[96];
    for (int i = 1; i <= 1000; i++) {
        /* Phase 1 (200 pairs): replicas replicate. Phase 2: both SQL threads stopped. Phase 3
         * (the last 200): running again, catching up. */
        if (i == 201) {
            cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica1 >/dev/null"), 0);
            cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica2 >/dev/null"), 0);
        }
        if (i == 801)
            restart_sql_threads();
        snprintf(sql, sizeof sql, "UPDATE ryw_t SET v = %d WHERE id = 1", i);
        rws_test_ok(c, sql);
        if (counter_value(c, 1) != i)
            stale++;
    }
    rws_cluster_stats(cluster, &after);
    unsigned long long fresh = after.causal_fresh - before.causal_fresh;
    unsigned long long waited = after.causal_waited - before.causal_waited;
    unsigned long long timeouts = after.causal_timeouts - before.causal_timeouts;
    unsigned long long primary = after.causal_primary - before.causal_primary;
    fprintf(stderr,
            "read-your-writes, 1000 pairs: %d stale; served by a caught-up replica %llu, after a "
            "wait %llu, by the primary after a timeout %llu, by the primary (no replica) %llu\n",
            stale, fresh, waited, timeouts, primary);
    cr_assert_eq(stale, 0, "%d stale reads", stale);
    cr_assert_eq(fresh + waited + timeouts + primary, 1000);
    cr_assert_gt(timeouts + primary, 0, "the lagging phase never fell back to the primary");
    cr_assert_gt(fresh + waited, 0, "no read was served by a replica");
    rws_conn_close(c);
}

Test(consistency, eventual_with_tiny_max_lag_reads_from_primary)
{
    cluster =
        rws_test_cluster("monitor_interval_ms=100", "consistency=eventual", "max_lag_ms=50", NULL);
    rws_conn *c = open_conn();
    rws_test_ok(c, "CREATE TABLE IF NOT EXISTS ev_t (id INT AUTO_INCREMENT PRIMARY KEY)");
    rws_test_wait_sync();
    cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica1 >/dev/null"), 0);
    cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica2 >/dev/null"), 0);
    rws_test_ok(c, "INSERT INTO ev_t VALUES ()");
    rws_test_sleep_ms(400);
    char v[16];
    for (int i = 0; i < 5; i++) {
        rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
        cr_assert_str_eq(rws_last_backend(c), "primary");
    }
    rws_conn_close(c);
}

static void set_delay(int seconds)
{
    for (int node = 1; node <= rws_test_replica_count(); node++) {
        MYSQL *a = rws_test_admin(node);
        rws_test_exec(a, "STOP SLAVE");
        rws_test_exec(a, "CHANGE MASTER TO MASTER_DELAY = %d", seconds);
        rws_test_exec(a, "START SLAVE");
        mysql_close(a);
    }
}

static void undo_delay(void)
{
    set_delay(0);
    teardown();
}

/* Replicas that replicate but lag (MASTER_DELAY): fallback = "error" fails reads with a distinct
 * code, and a per-statement bound lets a tolerant read through. */
Test(consistency, fallback_error_and_per_statement_max_lag, .fini = undo_delay)
{
    set_delay(2);
    cluster = rws_test_cluster("monitor_interval_ms=100", "consistency=eventual", "max_lag_ms=50",
                               "fallback=error", NULL);
    rws_conn *c = open_conn();
    rws_test_ok(c, "CREATE TABLE IF NOT EXISTS ev_t (id INT AUTO_INCREMENT PRIMARY KEY)");
    rws_test_sleep_ms(700);
    rws_code rc = rws_query(c, "SELECT 1");
    cr_assert_eq(rc, RWS_ERR_NO_REPLICA, "got %d: %s", rc, rws_error(c));
    char v[16];
    rws_test_conn_scalar(c, v, sizeof v, "SELECT /* rwsplit:max_lag=600000 */ 1");
    cr_assert_str_neq(rws_last_backend(c), "primary");
    cr_assert_eq(rws_conn_set(c, "max_lag_ms", "600000"), RWS_OK);
    rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
    cr_assert_str_neq(rws_last_backend(c), "primary");
    rws_conn_close(c);
}

/* The replicas replicate 2 s behind (MASTER_DELAY): they stay eligible for a tolerant read, so
 * without the token a read is stale, and with it the read waits for a replica to catch up. */
Test(consistency, causal_token_carries_freshness_to_another_connection, .fini = undo_delay)
{
    cluster = rws_test_cluster("monitor_interval_ms=100", "causal_wait_ms=5000", NULL);
    rws_conn *writer = open_conn();
    rws_test_ok(writer, "CREATE TABLE IF NOT EXISTS tok_t (id INT PRIMARY KEY, v INT)");
    rws_test_ok(writer, "REPLACE INTO tok_t VALUES (1, 1)");
    rws_test_wait_sync();
    set_delay(2);
    /* The writer updates; a second session given its token must see the update. */
    rws_test_ok(writer, "UPDATE tok_t SET v = 2 WHERE id = 1");
    char token[RWS_TOKEN_SIZE];
    cr_assert_eq(rws_conn_token(writer, token, sizeof token), RWS_OK);
    cr_assert(strncmp(token, "v1.", 3) == 0, "token %s", token);

    rws_conn *reader = open_conn();
    char v[16];
    /* Without the token, eventual reads may be stale. */
    cr_assert_eq(rws_conn_set(reader, "consistency", "eventual"), RWS_OK);
    cr_assert_eq(rws_conn_set(reader, "max_lag_ms", "600000"), RWS_OK);
    rws_test_conn_scalar(reader, v, sizeof v, "SELECT v FROM tok_t WHERE id = 1");
    cr_assert_str_eq(v, "1", "the lagging replica should still have the old row");
    cr_assert_eq(rws_conn_set(reader, "consistency", "session"), RWS_OK);
    cr_assert_eq(rws_conn_require_token(reader, token), RWS_OK, "%s", rws_error(reader));
    /* The replicas apply the update within the causal wait: the read waits on one of them. */
    rws_test_conn_scalar(reader, v, sizeof v, "SELECT v FROM tok_t WHERE id = 1");
    cr_assert_str_eq(v, "2", "read older than the token (%s on %s)", token,
                     rws_last_backend(reader));
    cr_assert_eq(rws_last_causal(reader), RWS_CAUSAL_WAITED, "outcome %d on %s",
                 (int)rws_last_causal(reader), rws_last_backend(reader));
    cr_assert_eq(rws_conn_require_token(reader, "v1.garbage!"), RWS_ERR_TOKEN);
    rws_conn_close(reader);
    rws_conn_close(writer);
}

Test(consistency, strong_reads_from_primary)
{
    cluster = rws_test_cluster("consistency=strong", NULL);
    rws_conn *c = open_conn();
    char v[16];
    rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
    cr_assert_str_eq(rws_last_backend(c), "primary");
    cr_assert_eq(rws_conn_set(c, "consistency", "eventual"), RWS_OK);
    rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
    cr_assert_str_neq(rws_last_backend(c), "primary");
    cr_assert_eq(rws_conn_set(c, "consistency", "sometimes"), RWS_ERR_INVALID);
    cr_assert_not_null(strstr(rws_error(c), "eventual"), "%s", rws_error(c));
    rws_conn_close(c);
}

/* Every part of a multi-statement write is waited for, not only the first. */
Test(consistency, read_your_writes_after_multi_statement_writes)
{
    cluster = rws_test_cluster("monitor_interval_ms=100", NULL);
    rws_conn *c = open_conn();
    rws_test_ok(c, "CREATE TABLE IF NOT EXISTS multi_t (id INT PRIMARY KEY, v INT)");
    rws_test_ok(c, "REPLACE INTO multi_t VALUES (1, 0), (2, 0)");
    int stale = 0;
    char sql[160], v[32];
    for (int i = 1; i <= 300; i++) {
        snprintf(sql, sizeof sql,
                 "UPDATE multi_t SET v = %d WHERE id = 1; UPDATE multi_t SET v = %d "
                 "WHERE id = 2",
                 i, i);
        rws_test_ok(c, sql);
        rws_test_conn_scalar(c, v, sizeof v, "SELECT v FROM multi_t WHERE id = 2");
        stale += atoi(v) != i;
    }
    cr_assert_eq(stale, 0, "%d stale reads after multi-statement writes", stale);
    rws_conn_close(c);
}
