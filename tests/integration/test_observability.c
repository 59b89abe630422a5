/* Statistics, Prometheus metrics and the logging callback against the real cluster. */
#include "rws_test.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_text[16384];

static void capture(void *ud, rws_log_level level, const char *msg)
{
    (void)ud;
    pthread_mutex_lock(&log_lock);
    size_t n = strlen(log_text);
    snprintf(log_text + n, sizeof log_text - n, "%d %s\n", (int)level, msg);
    pthread_mutex_unlock(&log_lock);
}

static int log_count(const char *needle)
{
    pthread_mutex_lock(&log_lock);
    int n = 0;
    for (const char *p = log_text; (p = strstr(p, needle)); p++)
        n++;
    pthread_mutex_unlock(&log_lock);
    return n;
}

Test(observability, statistics_and_prometheus_metrics)
{
    rws_cluster *cluster = rws_test_cluster(NULL);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(rws_query(c, "CREATE TABLE IF NOT EXISTS obs_t (id INT)"), RWS_OK);
    cr_assert_eq(rws_query(c, "SET @a = 1"), RWS_OK);
    char v[16];
    for (int i = 0; i < 20; i++)
        rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");

    uint64_t reads = 0, writes = 0;
    for (size_t i = 0; i < rws_cluster_backend_count(cluster); i++) {
        rws_backend_info b;
        cr_assert_eq(rws_cluster_backend_info(cluster, i, &b), RWS_OK);
        cr_assert_eq(b.state, RWS_STATE_UP, "%s is %s", b.name, rws_state_name(b.state));
        reads += b.reads;
        writes += b.writes;
        if (b.role == RWS_ROLE_REPLICA && b.reads > 0)
            cr_assert_gt(b.latency_p50_ms, 0, "%s has reads but no latency", b.name);
    }
    cr_assert_eq(reads, 20);
    cr_assert_eq(writes, 1);
    rws_stats s;
    cr_assert_eq(rws_cluster_stats(cluster, &s), RWS_OK);
    cr_assert_eq(s.statements, 22);

    char *m = rws_cluster_metrics(cluster);
    cr_assert_not_null(m);
    cr_assert_not_null(strstr(m, "# TYPE rwsplit_backend_reads_total counter"));
    cr_assert_not_null(strstr(m, "rwsplit_backend_up{backend=\"primary\",role=\"primary\"} 1"),
                       "%s", m);
    cr_assert_not_null(strstr(m, "rwsplit_statements_total 22"), "%s", m);
    cr_assert_not_null(
        strstr(m, "rwsplit_backend_response_seconds_bucket{backend=\"replica1\",le=\"+Inf\"}"));
    cr_assert_null(strstr(m, rws_test_env("RWS_TEST_PASSWORD")), "the password is in the metrics");
    /* Every sample line is NAME{labels} VALUE or NAME VALUE. */
    for (char *line = strtok(m, "\n"); line; line = strtok(NULL, "\n"))
        cr_assert(line[0] == '#' || strncmp(line, "rwsplit_", 8) == 0, "bad line: %s", line);
    rws_free(m);
    rws_conn_close(c);
    rws_cluster_free(cluster);
}

static void restart_sql(void)
{
    rws_test_cluster_cmd("start-sql-thread replica2 >/dev/null");
    rws_test_wait_sync();
}

Test(observability, state_changes_are_logged_once, .fini = restart_sql)
{
    log_text[0] = '\0';
    rws_cluster *cluster =
        rws_test_cluster("monitor_interval_ms=100", "max_lag_ms=200", "log_level=info", NULL);
    rws_cluster_set_logger(cluster, capture, NULL);
    cr_assert_eq(rws_cluster_start(cluster), RWS_OK, "%s", rws_cluster_error(cluster));
    cr_assert_eq(rws_test_cluster_cmd("stop-sql-thread replica2 >/dev/null"), 0);
    for (int i = 0; i < 100 && !log_count("replica 'replica2' is not replicating"); i++)
        rws_test_sleep_ms(50);
    rws_test_sleep_ms(500); /* several more checks: still logged once */
    cr_assert_eq(log_count("replica 'replica2' is not replicating"), 1, "log:\n%s", log_text);
    rws_test_cluster_cmd("start-sql-thread replica2 >/dev/null");
    rws_test_wait_sync();
    for (int i = 0; i < 100 && !log_count("replica 'replica2' caught up"); i++)
        rws_test_sleep_ms(50);
    rws_test_sleep_ms(300);
    cr_assert_eq(log_count("replica 'replica2' caught up"), 1, "log:\n%s", log_text);
    cr_assert_null(strstr(log_text, rws_test_env("RWS_TEST_PASSWORD")), "the password was logged");
    rws_cluster_free(cluster);
}
