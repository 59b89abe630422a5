/* Helpers shared by the integration and fault tests. */
#define _GNU_SOURCE
#include "rws_test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENV 64

static char env_keys[MAX_ENV][64];
static char env_vals[MAX_ENV][512];
static int env_count = -1;

static void load_env_file(void)
{
    env_count = 0;
    const char *path = getenv("RWS_TEST_ENV_FILE");
    if (!path)
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[640];
    while (env_count < MAX_ENV && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq || line[0] == '#')
            continue;
        *eq = '\0';
        snprintf(env_keys[env_count], sizeof env_keys[0], "%.63s", line);
        snprintf(env_vals[env_count], sizeof env_vals[0], "%.511s", eq + 1);
        env_count++;
    }
    fclose(f);
}

const char *rws_test_env(const char *key)
{
    const char *v = getenv(key);
    if (v && *v)
        return v;
    if (env_count < 0)
        load_env_file();
    for (int i = 0; i < env_count; i++)
        if (strcmp(env_keys[i], key) == 0)
            return env_vals[i];
    return NULL;
}

static const char *require_env(const char *key)
{
    const char *v = rws_test_env(key);
    if (!v)
        cr_assert_fail(
            "test servers not configured: %s is unset (start the cluster with ctest, or set "
            "RWS_TEST_PRIMARY, RWS_TEST_REPLICAS, RWS_TEST_USER, RWS_TEST_PASSWORD, "
            "RWS_TEST_DATABASE)",
            key);
    return v;
}

/* The n-th comma-separated item of list into out; returns 0 or -1. */
static int list_item(const char *list, int n, char *out, size_t len)
{
    const char *p = list;
    for (int i = 0; i < n; i++) {
        p = strchr(p, ',');
        if (!p)
            return -1;
        p++;
    }
    size_t l = strcspn(p, ",");
    if (l == 0 || l >= len)
        return -1;
    memcpy(out, p, l);
    out[l] = '\0';
    return 0;
}

int rws_test_replica_count(void)
{
    const char *r = rws_test_env("RWS_TEST_REPLICAS");
    if (!r || !*r)
        return 0;
    int n = 1;
    for (const char *p = r; *p; p++)
        n += *p == ',';
    return n;
}

int rws_test_node_addr(int node, char *host, size_t hostlen, unsigned *port)
{
    char item[300];
    if (node == 0)
        snprintf(item, sizeof item, "%s", require_env("RWS_TEST_PRIMARY"));
    else if (list_item(require_env("RWS_TEST_REPLICAS"), node - 1, item, sizeof item) != 0)
        return -1;
    char *colon = strrchr(item, ':');
    if (!colon || colon[1] == '\0')
        return -1;
    *colon = '\0';
    snprintf(host, hostlen, "%s", item);
    *port = (unsigned)strtoul(colon + 1, NULL, 10);
    return 0;
}

const char *rws_test_node_name(int node)
{
    static const char *names[] = {"primary", "replica1", "replica2", "replica3", "replica4"};
    return node >= 0 && node < 5 ? names[node] : "node";
}

rws_cluster *rws_test_cluster(const char *first_option, ...)
{
    rws_cluster *c = rws_cluster_new();
    cr_assert_not_null(c, "rws_cluster_new");
    cr_assert_eq(rws_cluster_set(c, "user", require_env("RWS_TEST_USER")), RWS_OK, "%s",
                 rws_cluster_error(c));
    cr_assert_eq(rws_cluster_set(c, "password", require_env("RWS_TEST_PASSWORD")), RWS_OK, "%s",
                 rws_cluster_error(c));
    cr_assert_eq(rws_cluster_set(c, "database", require_env("RWS_TEST_DATABASE")), RWS_OK, "%s",
                 rws_cluster_error(c));
    char host[256];
    unsigned port;
    cr_assert_eq(rws_test_node_addr(0, host, sizeof host, &port), 0, "bad RWS_TEST_PRIMARY");
    cr_assert_eq(rws_cluster_add_primary(c, "primary", host, port), RWS_OK, "%s",
                 rws_cluster_error(c));
    for (int i = 1; i <= rws_test_replica_count(); i++) {
        cr_assert_eq(rws_test_node_addr(i, host, sizeof host, &port), 0, "bad RWS_TEST_REPLICAS");
        cr_assert_eq(rws_cluster_add_replica(c, rws_test_node_name(i), host, port, 1), RWS_OK, "%s",
                     rws_cluster_error(c));
    }
    va_list ap;
    va_start(ap, first_option);
    for (const char *opt = first_option; opt; opt = va_arg(ap, const char *)) {
        char name[128];
        const char *eq = strchr(opt, '=');
        cr_assert_not_null(eq, "option '%s' is not name=value", opt);
        snprintf(name, sizeof name, "%.*s", (int)(eq - opt), opt);
        cr_assert_eq(rws_cluster_set(c, name, eq + 1), RWS_OK, "%s", rws_cluster_error(c));
    }
    va_end(ap);
    return c;
}

MYSQL *rws_test_admin(int node)
{
    char host[256];
    unsigned port;
    cr_assert_eq(rws_test_node_addr(node, host, sizeof host, &port), 0, "no node %d", node);
    const char *user = rws_test_env("RWS_TEST_ADMIN_USER");
    const char *pass = rws_test_env("RWS_TEST_ADMIN_PASSWORD");
    if (!user) {
        user = require_env("RWS_TEST_USER");
        pass = require_env("RWS_TEST_PASSWORD");
    }
    MYSQL *m = mysql_init(NULL);
    cr_assert_not_null(m);
    unsigned timeout = 10;
    mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    if (!mysql_real_connect(m, host, user, pass, require_env("RWS_TEST_DATABASE"), port, NULL,
                            CLIENT_MULTI_STATEMENTS))
        cr_assert_fail("admin connection to %s:%u: %s", host, port, mysql_error(m));
    return m;
}

/* Format the statement into sql and run it on a plain connection; fails the test on error. */
static void query_or_fail(MYSQL *m, char *sql, size_t len, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static void query_or_fail(MYSQL *m, char *sql, size_t len, const char *fmt, va_list ap)
{
    vsnprintf(sql, len, fmt, ap);
    if (mysql_query(m, sql) != 0)
        cr_assert_fail("%s: %s", sql, mysql_error(m));
}

void rws_test_exec(MYSQL *m, const char *fmt, ...)
{
    char sql[4096];
    va_list ap;
    va_start(ap, fmt);
    query_or_fail(m, sql, sizeof sql, fmt, ap);
    va_end(ap);
    do {
        MYSQL_RES *r = mysql_store_result(m);
        if (r)
            mysql_free_result(r);
    } while (mysql_next_result(m) == 0);
}

void rws_test_ok(rws_conn *c, const char *sql)
{
    if (rws_query(c, sql) != RWS_OK)
        cr_assert_fail("%s: %s", sql, rws_error(c));
    MYSQL_RES *r;
    do {
        if ((r = rws_store_result(c)))
            mysql_free_result(r);
    } while (rws_next_result(c) == 0);
}

void rws_test_scalar(MYSQL *m, char *buf, size_t len, const char *fmt, ...)
{
    char sql[4096];
    va_list ap;
    va_start(ap, fmt);
    query_or_fail(m, sql, sizeof sql, fmt, ap);
    va_end(ap);
    MYSQL_RES *r = mysql_store_result(m);
    cr_assert_not_null(r, "%s returned no result", sql);
    MYSQL_ROW row = mysql_fetch_row(r);
    snprintf(buf, len, "%s", row && row[0] ? row[0] : "");
    mysql_free_result(r);
}

void rws_test_conn_scalar(rws_conn *c, char *buf, size_t len, const char *fmt, ...)
{
    char sql[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    if (rws_query(c, sql) != RWS_OK)
        cr_assert_fail("%s: %s", sql, rws_error(c));
    MYSQL_RES *r = rws_store_result(c);
    cr_assert_not_null(r, "%s returned no result: %s", sql, rws_error(c));
    MYSQL_ROW row = mysql_fetch_row(r);
    snprintf(buf, len, "%s", row && row[0] ? row[0] : "");
    mysql_free_result(r);
}

double rws_test_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void rws_test_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int rws_test_cluster_cmd(const char *fmt, ...)
{
    const char *script = rws_test_env("RWS_TEST_CLUSTER_SCRIPT");
    const char *dir = rws_test_env("RWS_TEST_CLUSTER_DIR");
    if (!script || !dir)
        cr_skip_test("needs the local test cluster's fault helpers (RWS_TEST_CLUSTER_SCRIPT)");
    char args[1024], cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    const char *port = rws_test_env("RWS_TEST_CLUSTER_BASE_PORT");
    /* The base port matters when the command starts the cluster afresh. */
    snprintf(cmd, sizeof cmd, "'%s' --dir '%s' --base-port '%s' %s", script, dir,
             port ? port : "13306", args);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void rws_test_wait_sync(void)
{
    MYSQL *p = rws_test_admin(0);
    char pos[1024];
    rws_test_scalar(p, pos, sizeof pos, "SELECT @@gtid_binlog_pos");
    mysql_close(p);
    for (int i = 1; i <= rws_test_replica_count(); i++) {
        MYSQL *r = rws_test_admin(i);
        char res[64];
        rws_test_scalar(r, res, sizeof res, "SELECT MASTER_GTID_WAIT('%s', 30)", pos);
        mysql_close(r);
        cr_assert_str_eq(res, "0", "replica %d did not reach %s within 30 s", i, pos);
    }
}
