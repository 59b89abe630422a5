/* TLS to the backends against the local cluster, whose certificates tests/cluster/cluster.sh
 * makes (RWS_TEST_TLS_*): each tls.mode encrypts (or not) every backend connection it opens, the
 * primary's and the replicas', as the server itself reports (Ssl_cipher); verify_ca refuses a
 * server whose certificate another CA signed; verify_identity refuses a host name the certificate
 * does not carry; the client certificate reaches the server; the monitor uses the same settings.
 * And a refused login never puts the password into an error or a log line. */
#define _GNU_SOURCE
#include "rws_test.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

TestSuite(tls, .timeout = 120);

/* The test CA, or skip: external servers (RWS_TEST_PRIMARY) come without our certificates. */
static const char *need_tls(const char *key)
{
    const char *v = rws_test_env(key);
    if (!v || !*v)
        cr_skip_test("%s is unset: the servers have no test certificates (external servers, or "
                     "cluster.sh ran without openssl)",
                     key);
    return v;
}

static char opt_buf[8][600];

/* "name=value" in a static slot (the option list of rws_test_cluster is read at once). */
static const char *opt(int slot, const char *name, const char *value)
{
    snprintf(opt_buf[slot], sizeof opt_buf[slot], "%s=%s", name, value);
    return opt_buf[slot];
}

static void ok(rws_conn *c, const char *sql)
{
    cr_assert_eq(rws_query(c, sql), RWS_OK, "%s: %s", sql, rws_error(c));
    MYSQL_RES *r;
    do {
        if ((r = rws_store_result(c)))
            mysql_free_result(r);
    } while (rws_next_result(c) == 0);
}

/* Ssl_cipher of the session that answers (the Value column of SHOW SESSION STATUS), on the
 * primary if primary is set, else where a read goes. */
static void session_cipher(rws_conn *c, int primary, char *buf, size_t len)
{
    const char *sql = "SHOW SESSION STATUS LIKE 'Ssl_cipher'";
    if (primary)
        cr_assert_eq(rws_route_next(c, RWS_ROUTE_PRIMARY), RWS_OK, "%s", rws_error(c));
    cr_assert_eq(rws_query(c, sql), RWS_OK, "%s: %s", sql, rws_error(c));
    MYSQL_RES *r = rws_store_result(c);
    cr_assert_not_null(r, "%s returned no result: %s", sql, rws_error(c));
    MYSQL_ROW row = mysql_fetch_row(r);
    cr_assert_not_null(row, "%s returned no row", sql);
    cr_assert_eq(mysql_num_fields(r), 2);
    snprintf(buf, len, "%s", row[1] ? row[1] : "");
    mysql_free_result(r);
}

/* Every backend this connection uses, the primary and each replica, is (or is not) encrypted. */
static void expect_tls_everywhere(rws_conn *c, int encrypted, const char *mode)
{
    char cipher[128];
    session_cipher(c, 1, cipher, sizeof cipher);
    cr_assert_str_eq(rws_last_backend(c), "primary");
    if (encrypted)
        cr_assert(cipher[0], "tls.mode=%s: the primary's session is not encrypted", mode);
    else
        cr_assert_str_empty(cipher, "tls.mode=%s: the primary's session uses TLS (%s)", mode,
                            cipher);

    int replicas = rws_test_replica_count();
    int seen[8] = {0}, nseen = 0;
    for (int i = 0; i < 200 && nseen < replicas; i++) {
        session_cipher(c, 0, cipher, sizeof cipher);
        const char *b = rws_last_backend(c);
        if (encrypted)
            cr_assert(cipher[0], "tls.mode=%s: the session on %s is not encrypted", mode, b);
        else
            cr_assert_str_empty(cipher, "tls.mode=%s: the session on %s uses TLS (%s)", mode, b,
                                cipher);
        for (int n = 1; n <= replicas && n < 8; n++)
            if (strcmp(b, rws_test_node_name(n)) == 0 && !seen[n])
                seen[n] = 1, nseen++;
        if (nseen < replicas)
            usleep(5000);
    }
    cr_assert_eq(nseen, replicas, "tls.mode=%s: only %d of %d replicas answered a read", mode,
                 nseen, replicas);
}

/* A write on the primary and a read of it back (read-your-writes: a replica that caught up, or
 * the primary) over connections opened with these settings. */
static void write_and_read(rws_conn *c, const char *mode)
{
    char sql[256], v[64];
    ok(c, "CREATE TABLE IF NOT EXISTS tls_rw (id INT AUTO_INCREMENT PRIMARY KEY, "
          "tag VARCHAR(64) NOT NULL)");
    char tag[64];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(tag, sizeof tag, "%s-%ld-%ld-%d", mode, (long)ts.tv_sec, ts.tv_nsec, (int)getpid());
    snprintf(sql, sizeof sql, "INSERT INTO tls_rw (tag) VALUES ('%s')", tag);
    ok(c, sql);
    cr_assert_str_eq(rws_last_backend(c), "primary");
    rws_test_conn_scalar(c, v, sizeof v, "SELECT COUNT(*) FROM tls_rw WHERE tag = '%s'", tag);
    cr_assert_str_eq(v, "1", "tls.mode=%s: the read on %s did not see the write", mode,
                     rws_last_backend(c));
}

static void mode_works(const char *mode, int encrypted, const char *ca)
{
    rws_cluster *cl = ca ? rws_test_cluster(opt(0, "tls.mode", mode), opt(1, "tls.ca", ca), NULL)
                         : rws_test_cluster(opt(0, "tls.mode", mode), NULL);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cl, &c), RWS_OK, "tls.mode=%s: %s", mode, rws_error(c));
    expect_tls_everywhere(c, encrypted, mode);
    write_and_read(c, mode);
    /* The connections a write and a read-your-writes read opened are just as encrypted. */
    expect_tls_everywhere(c, encrypted, mode);
    rws_conn_close(c);
    rws_cluster_free(cl);
}

Test(tls, disabled_is_plain_although_the_servers_offer_tls)
{
    need_tls("RWS_TEST_TLS_CA");
    mode_works("disabled", 0, NULL);
}

Test(tls, preferred_uses_tls_when_offered)
{
    need_tls("RWS_TEST_TLS_CA");
    mode_works("preferred", 1, NULL);
}

Test(tls, required_encrypts_without_checking_the_certificate)
{
    /* The wrong CA is ignored: required checks no certificate. */
    mode_works("required", 1, need_tls("RWS_TEST_TLS_WRONG_CA"));
}

Test(tls, preferred_ignores_the_ca)
{
    mode_works("preferred", 1, need_tls("RWS_TEST_TLS_WRONG_CA"));
}

Test(tls, verify_ca_with_the_right_ca)
{
    mode_works("verify_ca", 1, need_tls("RWS_TEST_TLS_CA"));
}

Test(tls, verify_identity_with_the_ip_address_in_the_certificate)
{
    /* The backends are 127.0.0.1; the certificate carries subjectAltName IP:127.0.0.1. */
    mode_works("verify_identity", 1, need_tls("RWS_TEST_TLS_CA"));
}

/* A cluster whose TLS check must fail. With tls.mode required or stricter a certificate that
 * does not verify is a configuration problem: rws_cluster_start() fails with RWS_ERR_TLS, as a
 * refused login fails it with RWS_ERR_CONNECT. Should the check only fail later (a server whose
 * certificate changed), a statement fails with RWS_ERR_PRIMARY_DOWN or RWS_ERR_CONNECT; the
 * first attempts may meet the backend marked down moments ago (1 ms backoff), so retry briefly
 * until the connection attempt itself reports. Returns the last message. */
static const char *primary_refused(rws_cluster *cl, rws_conn **c, const char *why_word)
{
    rws_code rc = rws_cluster_start(cl);
    if (rc != RWS_OK) {
        cr_assert(rc == RWS_ERR_TLS || rc == RWS_ERR_CONNECT, "code %d: %s", rc,
                  rws_cluster_error(cl));
        return rws_cluster_error(cl);
    }
    rc = rws_conn_open(cl, c);
    if (rc != RWS_OK) {
        cr_assert_eq(rc, RWS_ERR_CONNECT, "%s", rws_error(*c));
        return rws_error(*c);
    }
    for (int i = 0; i < 100; i++) {
        cr_assert_eq(rws_route_next(*c, RWS_ROUTE_PRIMARY), RWS_OK);
        rc = rws_query(*c, "SELECT 1");
        cr_assert_neq(rc, RWS_OK, "the statement ran although TLS verification should fail");
        cr_assert(rc == RWS_ERR_PRIMARY_DOWN || rc == RWS_ERR_CONNECT, "code %d: %s", rc,
                  rws_error(*c));
        if (strstr(rws_error(*c), why_word))
            break;
        usleep(5000);
    }
    return rws_error(*c);
}

Test(tls, verify_ca_refuses_a_server_signed_by_another_ca)
{
    const char *wrong = need_tls("RWS_TEST_TLS_WRONG_CA");
    rws_cluster *cl = rws_test_cluster("tls.mode=verify_ca", opt(0, "tls.ca", wrong),
                                       "backoff_start_ms=1", "backoff_max_ms=1", NULL);
    rws_conn *c = NULL;
    const char *msg = primary_refused(cl, &c, "certificate");
    cr_assert(strstr(msg, "primary"), "the message does not name the backend: %s", msg);
    cr_assert(strstr(msg, "certificate"), "the message does not name the certificate problem: %s",
              msg);
    cr_assert(strstr(msg, wrong), "the message does not name the CA file: %s", msg);
    /* A plain connection with the cluster's settings reports the same, on the cluster. */
    MYSQL *m = rws_cluster_connect_backend(cl, 0);
    cr_assert_null(m);
    cr_assert_eq(rws_cluster_errcode(cl), RWS_ERR_CONNECT);
    cr_assert(strstr(rws_cluster_error(cl), "certificate"), "%s", rws_cluster_error(cl));
    rws_conn_close(c);
    rws_cluster_free(cl);
}

Test(tls, verify_ca_without_a_ca_is_refused)
{
    need_tls("RWS_TEST_TLS_CA");
    rws_cluster *cl = rws_test_cluster("tls.mode=verify_ca", NULL);
    cr_assert_eq(rws_cluster_start(cl), RWS_ERR_TLS, "%s", rws_cluster_error(cl));
    cr_assert(strstr(rws_cluster_error(cl), "tls.ca"), "%s", rws_cluster_error(cl));
    MYSQL *m = rws_cluster_connect_backend(cl, 0);
    cr_assert_null(m);
    cr_assert(strstr(rws_cluster_error(cl), "tls.ca"), "%s", rws_cluster_error(cl));
    rws_cluster_free(cl);
}

/* A cluster of the primary alone, reached as host (a name, an address or a socket path). */
static rws_cluster *primary_as(const char *host, const char *mode, const char *ca)
{
    char h[256];
    unsigned port;
    cr_assert_eq(rws_test_node_addr(0, h, sizeof h, &port), 0);
    rws_cluster *cl = rws_cluster_new();
    cr_assert_not_null(cl);
    const char *opts[][2] = {{"user", rws_test_env("RWS_TEST_USER")},
                             {"password", rws_test_env("RWS_TEST_PASSWORD")},
                             {"database", rws_test_env("RWS_TEST_DATABASE")},
                             {"tls.mode", mode},
                             {"tls.ca", ca},
                             {"backoff_start_ms", "1"},
                             {"backoff_max_ms", "1"}};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        cr_assert_eq(rws_cluster_set(cl, opts[i][0], opts[i][1]), RWS_OK, "%s",
                     rws_cluster_error(cl));
    cr_assert_eq(rws_cluster_add_primary(cl, "primary", host, port), RWS_OK, "%s",
                 rws_cluster_error(cl));
    return cl;
}

Test(tls, verify_identity_refuses_a_name_the_certificate_does_not_carry)
{
    const char *ca = need_tls("RWS_TEST_TLS_CA");
    char h[256];
    unsigned port;
    cr_assert_eq(rws_test_node_addr(0, h, sizeof h, &port), 0);
    if (strcmp(h, "127.0.0.1") != 0)
        cr_skip_test("the primary is %s, not 127.0.0.1: no second name for it is known", h);
    /* "127.1" reaches 127.0.0.1 (inet_aton), but it is neither the certificate's IP address
     * (X509_check_ip_asc wants four parts) nor its DNS name "localhost". */
    rws_cluster *cl = primary_as("127.1", "verify_identity", ca);
    rws_conn *c = NULL;
    const char *msg = primary_refused(cl, &c, "certificate");
    cr_assert(strstr(msg, "certificate"), "the message does not name the certificate problem: %s",
              msg);
    cr_assert(strstr(msg, "'127.1'"), "the message does not name the host checked: %s", msg);
    rws_conn_close(c);
    rws_cluster_free(cl);

    /* The same name passes verify_ca, which checks the chain only. */
    cl = primary_as("127.1", "verify_ca", ca);
    cr_assert_eq(rws_conn_open(cl, &c), RWS_OK, "%s", rws_error(c));
    char cipher[128];
    session_cipher(c, 1, cipher, sizeof cipher);
    cr_assert(cipher[0], "verify_ca over 127.1 is not encrypted");
    rws_conn_close(c);
    rws_cluster_free(cl);
}

Test(tls, verify_identity_over_a_unix_socket_checks_localhost)
{
    const char *ca = need_tls("RWS_TEST_TLS_CA");
    const char *sock = rws_test_env("RWS_TEST_PRIMARY_SOCKET");
    if (!sock || !*sock)
        cr_skip_test("RWS_TEST_PRIMARY_SOCKET is unset");
    /* Connector/C names a socket connection "localhost": the certificate's DNS name. */
    rws_cluster *cl = primary_as(sock, "verify_identity", ca);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cl, &c), RWS_OK, "%s", rws_error(c));
    char cipher[128];
    session_cipher(c, 1, cipher, sizeof cipher);
    cr_assert(cipher[0], "verify_identity over the socket is not encrypted");
    rws_conn_close(c);
    rws_cluster_free(cl);
}

/* An account on every node (created on the primary, replicated): name, password, what it
 * REQUIRE-s and extra privileges. */
static void make_user(const char *user, const char *password, const char *require,
                      const char *grants)
{
    MYSQL *a = rws_test_admin(0);
    rws_test_exec(a, "CREATE OR REPLACE USER '%s'@'%%' IDENTIFIED BY '%s' REQUIRE %s", user,
                  password, require);
    rws_test_exec(a, "GRANT SELECT ON `%s`.* TO '%s'@'%%'", rws_test_env("RWS_TEST_DATABASE"),
                  user);
    if (grants)
        rws_test_exec(a, "GRANT %s ON *.* TO '%s'@'%%'", grants, user);
    mysql_close(a);
    rws_test_wait_sync();
}

static void drop_user(const char *user)
{
    MYSQL *a = rws_test_admin(0);
    rws_test_exec(a, "DROP USER IF EXISTS '%s'@'%%'", user);
    mysql_close(a);
}

Test(tls, the_client_certificate_is_sent_when_given)
{
    const char *cert = need_tls("RWS_TEST_TLS_CERT");
    const char *key = need_tls("RWS_TEST_TLS_KEY");
    /* The subject of the certificate cluster.sh makes for the client. */
    make_user("rws_tls_x509", "x509-pass", "SUBJECT '/CN=rwsplit-client'", NULL);

    rws_cluster *cl =
        rws_test_cluster("user=rws_tls_x509", "password=x509-pass", "tls.mode=required",
                         opt(0, "tls.cert", cert), opt(1, "tls.key", key), NULL);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cl, &c), RWS_OK, "%s", rws_error(c));
    char cipher[128];
    session_cipher(c, 1, cipher, sizeof cipher);
    cr_assert(cipher[0]);
    session_cipher(c, 0, cipher, sizeof cipher);
    cr_assert(cipher[0]);
    rws_conn_close(c);
    rws_cluster_free(cl);

    /* Without the certificate the same account is refused. */
    cl = rws_test_cluster("user=rws_tls_x509", "password=x509-pass", "tls.mode=required", NULL);
    cr_assert_eq(rws_cluster_start(cl), RWS_ERR_CONNECT, "%s", rws_cluster_error(cl));
    rws_cluster_free(cl);
    drop_user("rws_tls_x509");
}

/* The monitor's own account requires TLS: it logs in under tls.mode=required and is refused
 * under disabled, so the monitor's connections follow tls.mode. */
static rws_state replica_state_with(const char *mode)
{
    rws_cluster *cl = rws_test_cluster(opt(0, "tls.mode", mode), "monitor.user=rws_tls_mon",
                                       "monitor.password=mon-pass", "monitor_interval_ms=50", NULL);
    cr_assert_eq(rws_cluster_start(cl), RWS_OK, "%s", rws_cluster_error(cl));
    rws_backend_info info;
    rws_state st = RWS_STATE_UNKNOWN;
    for (int i = 0; i < 100; i++) {
        cr_assert_eq(rws_cluster_backend_info(cl, 1, &info), RWS_OK);
        st = info.state;
        if (st == RWS_STATE_LOGIN_REFUSED || (st == RWS_STATE_UP && info.lag_ms >= 0))
            break;
        usleep(20000);
    }
    rws_cluster_free(cl);
    return st;
}

Test(tls, the_monitor_uses_the_same_tls_settings)
{
    need_tls("RWS_TEST_TLS_CA");
    if (rws_test_replica_count() < 1)
        cr_skip_test("no replica to monitor");
    make_user("rws_tls_mon", "mon-pass", "SSL", "SLAVE MONITOR, BINLOG MONITOR, PROCESS");
    cr_assert_eq(replica_state_with("required"), RWS_STATE_UP,
                 "the monitor did not log in over TLS");
    cr_assert_eq(replica_state_with("disabled"), RWS_STATE_LOGIN_REFUSED,
                 "the monitor logged in without TLS to an account that requires it");
    drop_user("rws_tls_mon");
}

/* ---- secrets ------------------------------------------------------------------------------ */

#define BAD_PASSWORD "Wr0ng-Pa55-7f3c9e"

static _Atomic int log_lines, log_leaks;

static void watch_log(void *userdata, rws_log_level level, const char *message)
{
    (void)userdata;
    (void)level;
    atomic_fetch_add(&log_lines, 1);
    if (strstr(message, BAD_PASSWORD))
        atomic_fetch_add(&log_leaks, 1);
}

static void assert_no_password(const char *msg, const char *where)
{
    const char *user = rws_test_env("RWS_TEST_USER");
    cr_assert(strstr(msg, user), "%s: the message does not name the user '%s': %s", where, user,
              msg);
    cr_assert(strstr(msg, "primary") || strstr(msg, "replica"),
              "%s: the message does not name the backend: %s", where, msg);
    cr_assert_null(strstr(msg, BAD_PASSWORD), "%s: the message contains the password: %s", where,
                   msg);
}

TestSuite(secrets, .timeout = 120);

Test(secrets, a_wrong_password_is_reported_without_the_password)
{
    rws_cluster *cl = rws_test_cluster("password=" BAD_PASSWORD, "log_level=debug", NULL);
    rws_cluster_set_logger(cl, watch_log, NULL);
    cr_assert_eq(rws_cluster_start(cl), RWS_ERR_CONNECT, "%s", rws_cluster_error(cl));
    assert_no_password(rws_cluster_error(cl), "rws_cluster_start");
    rws_cluster_free(cl);

    cl = rws_test_cluster("password=" BAD_PASSWORD, "log_level=debug", NULL);
    rws_cluster_set_logger(cl, watch_log, NULL);
    rws_conn *c = NULL;
    cr_assert_eq(rws_conn_open(cl, &c), RWS_ERR_CONNECT, "%s", rws_error(c));
    assert_no_password(rws_error(c), "rws_conn_open");
    rws_conn_close(c);
    rws_cluster_free(cl);

    /* Over TLS too (verify_ca), where the connector's messages differ. */
    const char *ca = rws_test_env("RWS_TEST_TLS_CA");
    if (ca && *ca) {
        cl = rws_test_cluster("password=" BAD_PASSWORD, "log_level=debug", "tls.mode=verify_ca",
                              opt(0, "tls.ca", ca), NULL);
        rws_cluster_set_logger(cl, watch_log, NULL);
        cr_assert_eq(rws_cluster_start(cl), RWS_ERR_CONNECT, "%s", rws_cluster_error(cl));
        assert_no_password(rws_cluster_error(cl), "rws_cluster_start over TLS");
        rws_cluster_free(cl);
    }
    cr_assert_eq(atomic_load(&log_leaks), 0, "%d log line(s) contained the password",
                 atomic_load(&log_leaks));
}
