/* rws_cluster_reload() against the real cluster: replicas added, removed and re-weighted and
 * limits changed while a connection stays open; invalid or unreloadable files change nothing. */
#include "rws_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char path[256];

static void write_config(const char *replicas, const char *extra, const char *user)
{
    char host[64];
    unsigned port;
    rws_test_node_addr(0, host, sizeof host, &port);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "user = \"%s\";\npassword = \"%s\";\ndatabase = \"%s\";\n",
            user ? user : rws_test_env("RWS_TEST_USER"), rws_test_env("RWS_TEST_PASSWORD"),
            rws_test_env("RWS_TEST_DATABASE"));
    fprintf(f,
            "monitor_interval_ms = 100;\nprimary = { name = \"primary\"; host = \"%s\"; port = %u; "
            "};\n",
            host, port);
    fprintf(f, "replicas = (%s);\n%s\n", replicas, extra ? extra : "");
    fclose(f);
}

/* "{ name = "replica1"; host = ...; port = ...; weight = W; }" */
static void replica_entry(int node, unsigned weight, char *buf, size_t len)
{
    char host[64];
    unsigned port;
    rws_test_node_addr(node, host, sizeof host, &port);
    snprintf(buf, len, "{ name = \"%s\"; host = \"%s\"; port = %u; weight = %u; }",
             rws_test_node_name(node), host, port, weight);
}

/* Count which backends serve n reads. */
static void spread(rws_conn *c, int n, int counts[3])
{
    counts[0] = counts[1] = counts[2] = 0;
    char v[16];
    for (int i = 0; i < n; i++) {
        rws_test_conn_scalar(c, v, sizeof v, "SELECT 1");
        const char *b = rws_last_backend(c);
        counts[strncmp(b, "replica", 7) == 0 ? b[7] - '0' : 0]++;
    }
}

static void setup(void)
{
    snprintf(path, sizeof path, "/tmp/rwsplit-reload-%d.conf", (int)getpid());
}

static void teardown(void)
{
    unlink(path);
}

TestSuite(reload, .init = setup, .fini = teardown);

Test(reload, replicas_added_reweighted_removed_with_a_connection_open)
{
    if (rws_test_replica_count() < 2)
        cr_skip_test("needs two replicas");
    char r1[256], r2[256], both[600];
    replica_entry(1, 1, r1, sizeof r1);
    write_config(r1, NULL, NULL);
    rws_cluster *cluster = NULL;
    cr_assert_eq(rws_cluster_load(path, &cluster), RWS_OK, "%s", rws_cluster_error(cluster));
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(rws_query(c, "SET @survives = 'yes'"), RWS_OK);
    int n[3];
    spread(c, 10, n);
    cr_assert_eq(n[1], 10, "reads before the reload: %d/%d/%d", n[0], n[1], n[2]);

    /* replica2 added with three times the weight of replica1 */
    replica_entry(1, 1, r1, sizeof r1);
    replica_entry(2, 3, r2, sizeof r2);
    snprintf(both, sizeof both, "%s, %s", r1, r2);
    write_config(both, NULL, NULL);
    cr_assert_eq(rws_cluster_reload(cluster, NULL), RWS_OK, "%s", rws_cluster_error(cluster));
    cr_assert_eq(rws_cluster_backend_count(cluster), 3);
    rws_test_sleep_ms(400); /* the monitor checks the new replica */
    spread(c, 40, n);
    cr_assert(n[2] > n[1] && n[1] > 0, "reads after adding replica2 (weight 3): %d/%d/%d", n[0],
              n[1], n[2]);
    char v[16];
    rws_test_conn_scalar(c, v, sizeof v, "SELECT @survives");
    cr_assert_str_eq(v, "yes", "the session lost its variable on %s", rws_last_backend(c));

    /* replica1 removed */
    write_config(r2, NULL, NULL);
    cr_assert_eq(rws_cluster_reload(cluster, NULL), RWS_OK, "%s", rws_cluster_error(cluster));
    spread(c, 10, n);
    cr_assert_eq(n[2], 10, "reads after removing replica1: %d/%d/%d", n[0], n[1], n[2]);
    rws_backend_info b;
    rws_cluster_backend_info(cluster, 1, &b);
    cr_assert_str_eq(b.name, "replica1");
    cr_assert_eq(b.state, RWS_STATE_REMOVED);

    /* limits: strong consistency applies to the open connection at once */
    write_config(r2, "consistency = \"strong\";", NULL);
    cr_assert_eq(rws_cluster_reload(cluster, NULL), RWS_OK, "%s", rws_cluster_error(cluster));
    spread(c, 5, n);
    cr_assert_eq(n[0], 5, "reads under strong consistency: %d/%d/%d", n[0], n[1], n[2]);
    rws_conn_close(c);
    rws_cluster_free(cluster);
}

Test(reload, invalid_or_unreloadable_files_change_nothing)
{
    char r1[256];
    replica_entry(1, 1, r1, sizeof r1);
    write_config(r1, NULL, NULL);
    rws_cluster *cluster = NULL;
    cr_assert_eq(rws_cluster_load(path, &cluster), RWS_OK, "%s", rws_cluster_error(cluster));
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cluster, &c), RWS_OK, "%s", rws_error(c));

    FILE *f = fopen(path, "w");
    fputs("user = \"x\";\nmax_lag_ms = ;\n", f);
    fclose(f);
    cr_assert_eq(rws_cluster_reload(cluster, NULL), RWS_ERR_CONFIG);
    cr_assert_not_null(strstr(rws_cluster_error(cluster), ":2:"), "%s", rws_cluster_error(cluster));

    write_config(r1, "max_lag_ms = 7;", "someone_else");
    cr_assert_eq(rws_cluster_reload(cluster, NULL), RWS_ERR_CONFIG);
    cr_assert_not_null(strstr(rws_cluster_error(cluster), "'user'"), "%s",
                       rws_cluster_error(cluster));
    cr_assert_not_null(strstr(rws_cluster_error(cluster), "nothing was changed"));

    /* Still the old configuration: one replica, reads on it. */
    cr_assert_eq(rws_cluster_backend_count(cluster), 2);
    int n[3];
    spread(c, 5, n);
    cr_assert_eq(n[1], 5);
    rws_conn_close(c);
    rws_cluster_free(cluster);
}
