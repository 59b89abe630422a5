/* The configuration loader: a full file round-trips into options and specs, every problem is
 * reported as FILE:LINE with what is allowed, passwords are resolved and never shown, and a file
 * and rws_cluster_set() agree because both go through the option table. */
#define _GNU_SOURCE
#include "cluster.h"
#include "config.h"

#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];
static char errs[4096];
static rws_config cfg;

static void cleanup(void)
{
    rws__config_free(&cfg);
    if (!tmpdir[0])
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(config, .fini = cleanup);

/* Write a file in the test's temporary directory; returns its path (static storage per slot). */
static const char *write_file(const char *name, mode_t mode, const char *content)
{
    static char paths[4][160];
    static int slot;
    if (!tmpdir[0]) {
        strcpy(tmpdir, "/tmp/rws_config_XXXXXX");
        cr_assert_not_null(mkdtemp(tmpdir));
    }
    char *path = paths[slot++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(content, f);
    fclose(f);
    cr_assert_eq(chmod(path, mode), 0);
    return path;
}

static rws_code parse(const char *text)
{
    rws__config_free(&cfg);
    return rws__config_parse_string(text, "rwsplit.conf", &cfg, errs, sizeof errs);
}

static int count_lines(const char *s)
{
    int n = *s ? 1 : 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Assert that errs has a line "LABEL:LINE: ..." containing needle (line 0: "LABEL: ..."). */
static void expect(const char *label, unsigned line, const char *needle)
{
    char prefix[256];
    if (line)
        snprintf(prefix, sizeof prefix, "%s:%u: ", label, line);
    else
        snprintf(prefix, sizeof prefix, "%s: ", label);
    for (const char *l = errs; *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        char one[2048];
        snprintf(one, sizeof one, "%.*s", (int)len, l);
        if (strncmp(one, prefix, strlen(prefix)) == 0 && strstr(one, needle))
            return;
        l += len + (end ? 1 : 0);
    }
    cr_assert_fail("no problem \"%s...%s\" in:\n%s", prefix, needle, errs);
}

#define PRIMARY "primary = { host = \"10.0.0.1\"; };\n"

/* Parse text that must fail and expect one problem at line with needle. */
static void expect_one(const char *text, unsigned line, const char *needle)
{
    cr_assert_eq(parse(text), RWS_ERR_CONFIG, "accepted:\n%s", text);
    expect("rwsplit.conf", line, needle);
    cr_assert_eq(count_lines(errs), 1, "expected one problem, got:\n%s", errs);
}

/* Parse text that must load. */
static void expect_ok(const char *text)
{
    cr_assert_eq(parse(text), RWS_OK, "%s", errs);
    cr_assert_str_eq(errs, "");
}

/* ---- a full file ----------------------------------------------------------------------------- */

static const char full_file[] =
    "# every kind of setting\n"
    "user = \"app\";\n"
    "password = \"secret\";\n"
    "database = \"shop\";\n"
    "charset = \"latin1\";\n"
    "primary = { name = \"db1\"; host = \"10.0.0.1\"; port = 3307; connect_timeout_ms = 500; };\n"
    "replicas = ( { name = \"db2\"; host = \"10.0.0.2\"; port = 3306; weight = 2;\n"
    "               read_timeout_ms = 3000; write_timeout_ms = -1; },\n"
    "             { name = \"db3\"; socket = \"/run/mysqld/db3.sock\"; },\n"
    "             { host = \"10.0.0.4\"; } );\n"
    "monitor_interval_ms = 250; lag_method = \"gtid\"; heartbeat_table = \"ops.hb\";\n"
    "max_lag_ms = 5000; fallback = \"error\"; consistency = \"strong\"; causal_wait_ms = 100;\n"
    "sticky_after_write_ms = 2000; balance = \"least_latency\"; connect_timeout_ms = 1500;\n"
    "read_timeout_ms = 20000; write_timeout_ms = 30000; backoff_start_ms = 50;\n"
    "backoff_max_ms = 5000L; retry_reads = false; follow_primary = true;\n"
    "session_history_max = 64; pool_max_idle = 4; multi_statements = false;\n"
    "log_level = \"debug\";\n"
    "monitor = { user = \"mon\"; password = \"monpw\"; };\n"
    "tls = { mode = \"verify_identity\"; ca = \"/ca.pem\"; capath = \"/cas\"; cert = \"/c.pem\";\n"
    "        key = \"/k.pem\"; cipher = \"ECDHE\"; crl = \"/crl.pem\"; };\n";

Test(config, full_file_round_trips)
{
    expect_ok(full_file);
    const rws_options *o = &cfg.opts;
    cr_assert_str_eq(o->auth.user, "app");
    cr_assert_str_eq(o->auth.password, "secret");
    cr_assert_str_eq(o->database, "shop");
    cr_assert_str_eq(o->charset, "latin1");
    cr_assert_eq(o->monitor_interval_ms, 250);
    cr_assert_eq(o->lag_method, RWS_LAG_GTID);
    cr_assert_str_eq(o->heartbeat_table, "ops.hb");
    cr_assert_eq(o->max_lag_ms, 5000);
    cr_assert_eq(o->fallback, RWS_FALLBACK_ERROR);
    cr_assert_eq(o->consistency, RWS_CONSISTENCY_STRONG);
    cr_assert_eq(o->causal_wait_ms, 100);
    cr_assert_eq(o->sticky_after_write_ms, 2000);
    cr_assert_eq(o->balance, RWS_BALANCE_LEAST_LATENCY);
    cr_assert_eq(o->connect_timeout_ms, 1500);
    cr_assert_eq(o->read_timeout_ms, 20000);
    cr_assert_eq(o->write_timeout_ms, 30000);
    cr_assert_eq(o->backoff_start_ms, 50);
    cr_assert_eq(o->backoff_max_ms, 5000);
    cr_assert_eq(o->retry_reads, 0);
    cr_assert_eq(o->follow_primary, 1);
    cr_assert_eq(o->session_history_max, 64);
    cr_assert_eq(o->pool_max_idle, 4);
    cr_assert_eq(o->multi_statements, 0);
    cr_assert_eq(o->log_level, RWS_LOG_LEVEL_DEBUG);
    cr_assert_str_eq(o->monitor.user, "mon");
    cr_assert_str_eq(o->monitor.password, "monpw");
    cr_assert_eq(o->tls.mode, RWS_TLS_VERIFY_IDENTITY);
    cr_assert_str_eq(o->tls.ca, "/ca.pem");
    cr_assert_str_eq(o->tls.capath, "/cas");
    cr_assert_str_eq(o->tls.cert, "/c.pem");
    cr_assert_str_eq(o->tls.key, "/k.pem");
    cr_assert_str_eq(o->tls.cipher, "ECDHE");
    cr_assert_str_eq(o->tls.crl, "/crl.pem");

    cr_assert_eq(cfg.nspecs, 4);
    const rws_backend_spec *p = &cfg.specs[0];
    cr_assert_eq(p->role, RWS_ROLE_PRIMARY);
    cr_assert_str_eq(p->name, "db1");
    cr_assert_str_eq(p->host, "10.0.0.1");
    cr_assert_eq(p->port, 3307);
    cr_assert_null(p->socket);
    cr_assert_eq(p->connect_timeout_ms, 500);
    cr_assert_eq(p->read_timeout_ms, -1);
    cr_assert_eq(p->line, 6);
    const rws_backend_spec *r = &cfg.specs[1];
    cr_assert_eq(r->role, RWS_ROLE_REPLICA);
    cr_assert_str_eq(r->name, "db2");
    cr_assert_eq(r->weight, 2);
    cr_assert_eq(r->read_timeout_ms, 3000);
    cr_assert_eq(r->write_timeout_ms, -1);
    cr_assert_eq(r->connect_timeout_ms, -1);
    cr_assert_eq(r->line, 7);
    r = &cfg.specs[2];
    cr_assert_str_eq(r->name, "db3");
    cr_assert_str_eq(r->socket, "/run/mysqld/db3.sock");
    cr_assert_null(r->host);
    cr_assert_eq(r->weight, 1);
    r = &cfg.specs[3];
    cr_assert_str_eq(r->name, "10.0.0.4:3306", "the default name is host:port");
    cr_assert_eq(r->port, 3306);
}

Test(config, minimal_file_has_defaults_and_no_replicas)
{
    expect_ok(PRIMARY);
    cr_assert_eq(cfg.nspecs, 1);
    cr_assert_eq(cfg.opts.max_lag_ms, 1000);
    cr_assert_str_eq(cfg.opts.charset, "utf8mb4");
    expect_ok(PRIMARY "replicas = ();");
    cr_assert_eq(cfg.nspecs, 1);
    expect_ok(PRIMARY "replicas = [];");
    cr_assert_eq(cfg.nspecs, 1);
}

Test(config, primary_comes_first_wherever_it_is_written)
{
    expect_ok("replicas = ( { name = \"r\"; host = \"b\"; } );\n"
              "primary = { name = \"p\"; host = \"a\"; };\n");
    cr_assert_eq(cfg.nspecs, 2);
    cr_assert_eq(cfg.specs[0].role, RWS_ROLE_PRIMARY);
    cr_assert_str_eq(cfg.specs[0].name, "p");
    cr_assert_str_eq(cfg.specs[1].name, "r");
    expect_one("replicas = ( { name = \"r\"; host = \"a\"; } );\n"
               "primary = { name = \"p\"; host = \"a\"; };\n",
               1, "replica 'r' is a duplicate backend address (first defined as 'p')");
}

Test(config, socket_backends)
{
    expect_ok("primary = { socket = \"/run/p.sock\"; };\n"
              "replicas = ( { host = \"/run/r.sock\"; } );\n");
    cr_assert_str_eq(cfg.specs[0].name, "/run/p.sock", "the default name is the socket path");
    cr_assert_str_eq(cfg.specs[1].socket, "/run/r.sock", "a host that is a path is a socket");
    cr_assert_null(cfg.specs[1].host);
}

Test(config, sixty_four_bit_integers_within_range)
{
    expect_ok(PRIMARY "max_lag_ms = 86400000L;\npool_max_idle = 0x10;\n");
    cr_assert_eq(cfg.opts.max_lag_ms, 86400000);
    cr_assert_eq(cfg.opts.pool_max_idle, 16);
}

/* ---- problems, one at a time ---------------------------------------------------------------- */

Test(config, syntax_error_with_line)
{
    expect_one("user = \"app\";\nmax_lag_ms = ;\n", 2, "syntax error");
    expect_one(PRIMARY "user = \"a\";\nuser = \"b\";\n", 3, "given twice");
}

Test(config, unknown_option_with_suggestion)
{
    expect_one(PRIMARY "\n\n\n\n\nmax_lagms = 5;\n", 7,
               "unknown option 'max_lagms' (did you mean 'max_lag_ms'?)");
    expect_one(PRIMARY "tls = { mod = \"disabled\"; };\n", 2,
               "unknown option 'tls.mod' (did you mean 'tls.mode'?)");
    expect_one(PRIMARY "monitr = { user = \"m\"; };\n", 2,
               "unknown option 'monitr' (did you mean 'monitor'?)");
    expect_one(PRIMARY "replica = ();\n", 2, "unknown option 'replica' (did you mean 'replicas'?)");
    expect_one(PRIMARY "frobnicate_everything = 1;\n", 2,
               "unknown option 'frobnicate_everything' (see docs/configuration.md");
}

Test(config, wrong_types_name_the_expected_type)
{
    expect_one(PRIMARY "max_lag_ms = \"abc\";\n", 2,
               "max_lag_ms: expected an integer (0..86400000), got a string");
    expect_one(PRIMARY "max_lag_ms = \"500\";\n", 2, "write the number without quotes");
    expect_one(PRIMARY "monitor_interval_ms = 1.5;\n", 2,
               "monitor_interval_ms: expected an integer (10..60000), got a decimal number");
    expect_one(PRIMARY "retry_reads = 1;\n", 2,
               "retry_reads: expected a boolean (true or false), got an integer; write true or "
               "false");
    expect_one(PRIMARY "retry_reads = \"true\";\n", 2, "without quotes");
    expect_one(PRIMARY "consistency = 2;\n", 2,
               "consistency: expected one of \"eventual\", \"session\", \"strong\", got an "
               "integer; put the value in double quotes");
    expect_one(PRIMARY "user = [ \"a\" ];\n", 2, "user: expected a string, got an array");
    expect_one(PRIMARY "max_lag_ms = { a = 1; };\n", 2, "got a group");
    expect_one(PRIMARY "tls = \"verify_ca\";\n", 2,
               "tls must be a group: tls = { ... }; got a string");
}

Test(config, bad_words_and_ranges)
{
    expect_one(PRIMARY "consistency = \"sesion\";\n", 2,
               "consistency: 'sesion' is not one of \"eventual\", \"session\", \"strong\"");
    expect_one(PRIMARY "max_lag_ms = 86400001;\n", 2,
               "max_lag_ms: 86400001 is out of range (allowed 0..86400000)");
    expect_one(PRIMARY "monitor_interval_ms = -5;\n", 2, "-5 is out of range (allowed 10..60000)");
}

Test(config, integers_wider_than_32_bits_are_not_wrapped)
{
    /* libconfig 1.5 reads 5000000000 as 705032704, which is in range: it must still fail. */
    expect_one(PRIMARY "max_lag_ms = 5000000000;\n", 2,
               "max_lag_ms: 5000000000 is out of range (allowed 0..86400000)");
    expect_one(PRIMARY "pool_max_idle = 4294967312;\n", 2, "4294967312 is out of range");
    expect_one(PRIMARY "pool_max_idle = 0x100000010;\n", 2, "4294967312 is out of range");
    expect_one(PRIMARY "max_lag_ms = 99999999999999999999L;\n", 2,
               "max_lag_ms: 99999999999999999999 is out of range");
    expect_one("primary = { host = \"h\"; port = 4294970592; };\n", 1,
               "primary: port 4294970592 is out of range (1-65535)");
    /* the same name on one line: each value is matched to its own literal */
    expect_one("primary = { host = \"h\"; };\n"
               "replicas = ( { host = \"a\"; port = 3306; }, { host = \"b\"; port = 4294970592; } "
               ");\n",
               2, "replica #2: port 4294970592 is out of range");
}

Test(config, values_cannot_break_the_one_problem_per_line_rule)
{
    expect_one(PRIMARY "consistency = \"a\\nrwsplit.conf:1: fake\";\n", 2,
               "consistency: 'a?rwsplit.conf:1: fake' is not one of");
    expect_one("primary = { host = \"h\"; port = 99999999999999999999; };\n", 1,
               "primary: port 99999999999999999999 is out of range (1-65535)");
}

Test(config, missing_primary)
{
    expect_one("user = \"app\";\n", 0,
               "no primary: add primary = { host = \"...\"; port = 3306; };");
    expect_one("", 0, "no primary");
}

Test(config, primary_as_list_and_replicas_as_group)
{
    expect_one("primary = ( { host = \"a\"; } );\n", 1,
               "primary must be one group: primary = { host = \"...\"; port = 3306; }; got a list");
    expect_one(
        PRIMARY "replicas = { host = \"b\"; };\n", 2,
        "replicas must be a list of groups: replicas = ( { host = \"...\"; }, { ... } ); got "
        "a group { ... } (for one replica: replicas = ( { ... } );)");
    expect_one(PRIMARY "replicas = ( { host = \"b\"; },\n 7 );\n", 3,
               "replicas: element 2 must be a group");
    expect_one("primary = \"10.0.0.1\";\n", 1, "primary must be a group");
}

Test(config, duplicate_backends)
{
    expect_one(PRIMARY "replicas = ( { name = \"x\"; host = \"b\"; },\n"
                       "             { name = \"x\"; host = \"c\"; } );\n",
               3, "replica 'x' is a duplicate backend name (first defined as 'x')");
    expect_one(PRIMARY "replicas = ( { name = \"r1\"; host = \"b\"; },\n"
                       "             { name = \"r2\"; host = \"b\"; port = 3306; } );\n",
               3, "replica 'r2' is a duplicate backend address (first defined as 'r1')");
    expect_one("primary = { name = \"p\"; host = \"a\"; };\n"
               "replicas = ( { name = \"r\"; host = \"a\"; } );\n",
               2, "replica 'r' is a duplicate backend address (first defined as 'p')");
}

Test(config, backend_address_problems)
{
    expect_one(PRIMARY "replicas = ( { name = \"db3\"; } );\n", 2,
               "replica 'db3': neither host nor socket is set (add host = \"...\"; or socket");
    expect_one("\n\n\n\n\n\n\n\n\n\n\n\n\n" PRIMARY
               "replicas = ( { name = \"db3\"; host = \"x\"; port = 70000; } );\n",
               15, "replica 'db3': port 70000 is out of range (1-65535)");
    expect_one(PRIMARY "replicas = ( { name = \"db3\"; host = \"x\"; port = 0; } );\n", 2,
               "replica 'db3': port 0 is out of range (1-65535)");
    expect_one(PRIMARY "replicas = ( { host = \"x\"; port = -1; } );\n", 2,
               "replica #1: port -1 is out of range (1-65535)");
    expect_one(PRIMARY "replicas = ( { host = \"x\"; socket = \"/s\"; } );\n", 2,
               "set host (with port) or socket, not both");
    expect_one(PRIMARY "replicas = ( { host = 5; } );\n", 2,
               "replica #1: host must be a string, got an integer");
    expect_one(
        PRIMARY "replicas = ( { host = \"x\"; port = \"3306\"; } );\n", 2,
        "replica #1: port must be an integer, got a string; write the number without quotes");
}

Test(config, backend_weights_and_timeouts)
{
    expect_one(PRIMARY "replicas = ( { name = \"r\"; host = \"x\"; weight = 0; } );\n", 2,
               "replica 'r': weight 0 is out of range (1-1000)");
    expect_one(PRIMARY "replicas = ( { name = \"r\"; host = \"x\"; weight = 1001; } );\n", 2,
               "replica 'r': weight 1001 is out of range (1-1000)");
    expect_one("primary = { name = \"p\"; host = \"x\"; weight = 2; };\n", 1,
               "primary 'p': weight applies only to replicas");
    expect_one(PRIMARY "replicas = ( { name = \"r\"; host = \"x\"; connect_timeout_ms = 0; } );\n",
               2,
               "replica 'r': connect_timeout_ms 0 is out of range (-1 for the cluster's "
               "connect_timeout_ms, or 1..600000)");
    expect_one(PRIMARY "replicas = ( { host = \"x\"; read_timeout_ms = 1.5; } );\n", 2,
               "read_timeout_ms must be an integer, got a decimal number");
}

Test(config, unknown_backend_keys)
{
    expect_one(PRIMARY "replicas = ( { name = \"db3\"; hots = \"x\"; } );\n", 2,
               "replica 'db3': unknown key 'hots' (did you mean 'host'?)");
    expect_one(PRIMARY "replicas = ( { name = \"db3\"; host = \"x\"; prot = 1; } );\n", 2,
               "unknown key 'prot' (did you mean 'port'?)");
    expect_one(PRIMARY "replicas = ( { name = \"db3\"; host = \"x\"; max_lag_ms = 1; } );\n", 2,
               "unknown key 'max_lag_ms' (backend keys: name, host, port, socket, weight, ");
}

Test(config, include_is_refused_without_reading)
{
    const char *other = write_file("other.conf", 0600, "max_lag_ms = 1;\n");
    char text[512];
    snprintf(text, sizeof text, PRIMARY "@include \"%s\"\n", other);
    expect_one(text, 2, "@include is not supported");
}

/* ---- several problems ------------------------------------------------------------------------ */

Test(config, every_problem_is_reported_in_file_order)
{
    cr_assert_eq(parse("user = 5;\n"                                                     /* 1 */
                       "max_lagms = 5;\n"                                                /* 2 */
                       "max_lag_ms = \"abc\";\n"                                         /* 3 */
                       "monitor_interval_ms = 1.5;\n"                                    /* 4 */
                       "consistency = \"sesion\";\n"                                     /* 5 */
                       "tls = { mode = \"verify\"; };\n"                                 /* 6 */
                       "replicas = ( { name = \"db3\"; host = \"x\"; port = 70000; },\n" /* 7 */
                       "             { name = \"db4\"; hots = \"y\"; } );\n"),           /* 8 */
                 RWS_ERR_CONFIG);
    expect("rwsplit.conf", 1, "user: expected a string");
    expect("rwsplit.conf", 2, "unknown option 'max_lagms'");
    expect("rwsplit.conf", 3, "max_lag_ms: expected an integer");
    expect("rwsplit.conf", 4, "monitor_interval_ms: expected an integer");
    expect("rwsplit.conf", 5, "'sesion' is not one of");
    expect("rwsplit.conf", 6, "tls.mode: 'verify' is not one of");
    expect("rwsplit.conf", 7, "replica 'db3': port 70000 is out of range (1-65535)");
    expect("rwsplit.conf", 8, "replica 'db4': unknown key 'hots'");
    expect("rwsplit.conf", 0, "no primary");
    cr_assert_eq(count_lines(errs), 9, "%s", errs);
    cr_assert(strstr(errs, "rwsplit.conf:1:") < strstr(errs, "rwsplit.conf:8:"), "file order");
    cr_assert_eq(errs[strlen(errs) - 1] != '\n', 1, "no trailing newline");
    cr_assert_eq(cfg.nspecs, 0, "nothing is half-applied");
}

Test(config, too_many_problems_are_counted)
{
    char *text = malloc(200000);
    size_t n = 0;
    n += (size_t)sprintf(text + n, PRIMARY);
    for (int i = 0; i < 2000; i++)
        n += (size_t)sprintf(text + n, "unknown_%d = 1;\n", i);
    char small[300];
    rws__config_free(&cfg);
    cr_assert_eq(rws__config_parse_string(text, "c", &cfg, small, sizeof small), RWS_ERR_CONFIG);
    free(text);
    cr_assert(strstr(small, "c:2: unknown option 'unknown_0'"), "%s", small);
    cr_assert(strstr(small, "more problems"), "%s", small);
    cr_assert_lt(strlen(small), sizeof small);
}

/* ---- secrets ------------------------------------------------------------------------------------
 */

Test(config, passwords_never_appear_in_messages)
{
    cr_assert_eq(parse("password = \"s3cr3t-one\";\n"
                       "password_env = \"NOPE_NOT_SET\";\n"
                       "monitor = { password = 8675309; };\n"
                       "primary = { host = \"h\"; passwd = \"s3cr3t-two\"; };\n"),
                 RWS_ERR_CONFIG);
    cr_assert_null(strstr(errs, "s3cr3t"), "%s", errs);
    cr_assert_null(strstr(errs, "8675309"), "%s", errs);
    expect("rwsplit.conf", 2, "password and password_env are both set");
    expect("rwsplit.conf", 3, "monitor.password: expected a string, got an integer");
    expect("rwsplit.conf", 4, "unknown key 'passwd'");
}

Test(config, password_file_is_checked_at_load)
{
    const char *pw = write_file("pass", 0600, "filepw\n");
    char text[512];
    snprintf(text, sizeof text, PRIMARY "password_file = \"%s\";\n", pw);
    expect_ok(text);
    cr_assert_str_eq(cfg.opts.auth.password_file, pw);
    cr_assert_null(cfg.opts.auth.password, "the password is read when connecting, not kept");
    expect_one(PRIMARY "\npassword_file = \"/x\";\n", 3,
               "password_file '/x': No such file or directory");
    expect_one(PRIMARY "monitor = { password_file = \"/x\"; };\n", 2,
               "monitor: password_file '/x': No such file or directory");
}

Test(config, password_env_is_checked_at_load)
{
    setenv("RWS_TEST_DB_PASS", "envpw", 1);
    expect_ok(PRIMARY "password_env = \"RWS_TEST_DB_PASS\";\n");
    char *pw;
    char err[256];
    cr_assert_eq(rws__credentials_password(&cfg.opts.auth, &pw, err, sizeof err), RWS_OK);
    cr_assert_str_eq(pw, "envpw");
    rws__secret_free(pw);
    unsetenv("RWS_TEST_DB_PASS");
    expect_one(PRIMARY "password_env = \"RWS_TEST_DB_PASS\";\n", 2,
               "password_env: environment variable 'RWS_TEST_DB_PASS' is not set");
}

Test(config, two_password_sources)
{
    expect_one(PRIMARY "password = \"a\";\n\npassword_env = \"HOME\";\n", 4,
               "password and password_env are both set: give the password in exactly one of "
               "password, password_file, password_env");
}

/* Run rws__config_parse_file and capture what it writes to stderr. */
static rws_code parse_file_capturing(const char *path, char *out, size_t outlen)
{
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    cr_assert_not_null(tmp);
    dup2(fileno(tmp), 2);
    rws__config_free(&cfg);
    rws_code rc = rws__config_parse_file(path, &cfg, errs, sizeof errs);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(out, 1, outlen - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    return rc;
}

Test(config, readable_file_with_password_warns)
{
    char out[1024], want[512];
    const char *path = write_file("pw.conf", 0644, PRIMARY "password = \"secret\";\n");
    cr_assert_eq(parse_file_capturing(path, out, sizeof out), RWS_OK, "%s", errs);
    snprintf(want, sizeof want,
             "rwsplit: warning: %s: holds a password (line 2) and is readable by others (mode "
             "0644); chmod 600 it, or move the password to password_file\n",
             path);
    cr_assert_str_eq(out, want);
    cr_assert_null(strstr(out, "secret\""));

    path = write_file("mon.conf", 0640, PRIMARY "monitor = { password = \"m\"; };\n");
    cr_assert_eq(parse_file_capturing(path, out, sizeof out), RWS_OK, "%s", errs);
    cr_assert(strstr(out, "readable by its group (mode 0640)"), "%s", out);
}

Test(config, private_file_or_no_password_does_not_warn)
{
    char out[1024];
    const char *path = write_file("private.conf", 0600, PRIMARY "password = \"secret\";\n");
    cr_assert_eq(parse_file_capturing(path, out, sizeof out), RWS_OK, "%s", errs);
    cr_assert_str_eq(out, "");
    path = write_file("env.conf", 0644, PRIMARY "password_env = \"HOME\";\n");
    cr_assert_eq(parse_file_capturing(path, out, sizeof out), RWS_OK, "%s", errs);
    cr_assert_str_eq(out, "");
}

/* ---- files
 * ---------------------------------------------------------------------------------------- */

Test(config, file_problems_carry_its_name)
{
    const char *path = write_file("rwsplit.conf", 0600, PRIMARY "max_lagms = 5;\n");
    cr_assert_eq(rws__config_parse_file(path, &cfg, errs, sizeof errs), RWS_ERR_CONFIG);
    expect(path, 2, "unknown option 'max_lagms' (did you mean 'max_lag_ms'?)");
}

Test(config, unreadable_config_file)
{
    cr_assert_eq(rws__config_parse_file("/nonexistent/x.conf", &cfg, errs, sizeof errs),
                 RWS_ERR_CONFIG);
    cr_assert_str_eq(errs, "cannot open '/nonexistent/x.conf': No such file or directory");
    cr_assert_eq(rws__config_parse_file("/tmp", &cfg, errs, sizeof errs), RWS_ERR_CONFIG);
    cr_assert_str_eq(errs, "cannot read '/tmp': Is a directory");
    cr_assert_eq(rws__config_parse_file(NULL, &cfg, errs, sizeof errs), RWS_ERR_INVALID);
}

Test(config, nul_byte_is_refused)
{
    const char *path = write_file("nul.conf", 0600, "");
    FILE *f = fopen(path, "w");
    fwrite(PRIMARY "\0x = 1;\n", 1, sizeof PRIMARY + 8, f);
    fclose(f);
    cr_assert_eq(rws__config_parse_file(path, &cfg, errs, sizeof errs), RWS_ERR_CONFIG);
    cr_assert(strstr(errs, "contains a NUL byte"), "%s", errs);
}

Test(config, string_label_defaults)
{
    rws__config_free(&cfg);
    cr_assert_eq(rws__config_parse_string("x = 1;", NULL, &cfg, errs, sizeof errs), RWS_ERR_CONFIG);
    expect("config", 1, "unknown option 'x'");
    cr_assert_eq(rws__config_parse_string(NULL, "l", &cfg, errs, sizeof errs), RWS_ERR_INVALID);
    rws__config_free(NULL);
}

/* ---- rws_cluster_load
 * ------------------------------------------------------------------------------ */

Test(config, cluster_load_applies_the_file)
{
    const char *path = write_file("c.conf", 0600, full_file);
    rws_cluster *c = NULL;
    cr_assert_eq(rws_cluster_load(path, &c), RWS_OK, "%s", c ? rws_cluster_error(c) : "");
    cr_assert_str_eq(c->config_path, path);
    cr_assert_eq(c->nspecs, 4);
    cr_assert_str_eq(c->specs[2].name, "db3");
    cr_assert_eq(c->opts.max_lag_ms, 5000);
    cr_assert_eq(rws_cluster_errcode(c), RWS_OK);
    cr_assert_str_eq(rws_cluster_error(c), "");
    rws_cluster_free(c);
}

Test(config, cluster_load_failure_keeps_the_reason)
{
    const char *path = write_file("bad.conf", 0600, PRIMARY "max_lagms = 5;\nuser = 1;\n");
    rws_cluster *c = NULL;
    cr_assert_eq(rws_cluster_load(path, &c), RWS_ERR_CONFIG);
    cr_assert_not_null(c);
    cr_assert_eq(rws_cluster_errcode(c), RWS_ERR_CONFIG);
    cr_assert_eq(count_lines(rws_cluster_error(c)), 2, "%s", rws_cluster_error(c));
    cr_assert(strstr(rws_cluster_error(c), ":2: unknown option 'max_lagms'"));
    cr_assert_eq(c->nspecs, 0, "nothing is applied");
    cr_assert_eq(c->opts.max_lag_ms, 1000);
    rws_cluster_free(c);

    cr_assert_eq(rws_cluster_load("x.conf", &c), RWS_ERR_CONFIG);
    cr_assert_str_eq(rws_cluster_error(c), "cannot open 'x.conf': No such file or directory");
    rws_cluster_free(c);
    cr_assert_eq(rws_cluster_load("x.conf", NULL), RWS_ERR_INVALID);
}

Test(config, cluster_load_null_path_uses_the_environment)
{
    const char *path = write_file("env.conf", 0600, PRIMARY);
    rws_cluster *c = NULL;
    unsetenv("RWSPLIT_CONFIG");
    cr_assert_eq(rws_cluster_load(NULL, &c), RWS_ERR_INVALID);
    cr_assert(strstr(rws_cluster_error(c), "RWSPLIT_CONFIG is not set"), "%s",
              rws_cluster_error(c));
    rws_cluster_free(c);
    setenv("RWSPLIT_CONFIG", path, 1);
    cr_assert_eq(rws_cluster_load(NULL, &c), RWS_OK, "%s", rws_cluster_error(c));
    cr_assert_str_eq(c->config_path, path);
    cr_assert_eq(c->nspecs, 1);
    rws_cluster_free(c);
}

/* ---- the file and rws_cluster_set() agree
 * ---------------------------------------------------------- */

/* A valid value other than the default, as text. */
static void other_value(const char *name, char *buf, size_t len, const char *pwfile)
{
    long lo, hi;
    const char *def = rws__options_default(name);
    switch (rws__options_type(name)) {
    case RWS_OPT_INT:
        rws__options_range(name, &lo, &hi);
        snprintf(buf, len, "%ld", def && atol(def) == hi ? lo : hi);
        break;
    case RWS_OPT_BOOL:
        snprintf(buf, len, "%s", def && !strcmp(def, "true") ? "false" : "true");
        break;
    case RWS_OPT_ENUM: {
        char expected[256];
        rws__options_expected(name, expected, sizeof expected);
        const char *last = strrchr(expected, ',') + 3; /* , "word" */
        snprintf(buf, len, "%.*s", (int)strlen(last) - 1, last);
        break;
    }
    default:
        if (strstr(name, "password_file"))
            snprintf(buf, len, "%s", pwfile);
        else if (strstr(name, "password_env"))
            snprintf(buf, len, "HOME");
        else
            snprintf(buf, len, "value-of-%s", name);
    }
}

Test(config, file_and_cluster_set_agree_on_every_option)
{
    const char *pwfile = write_file("pw", 0600, "x\n");
    for (size_t i = 0; i < rws__options_count(); i++) {
        const char *name = rws__options_name(i);
        char value[256], text[1024];
        other_value(name, value, sizeof value, pwfile);
        cr_assert_str_neq(value, rws__options_default(name) ? rws__options_default(name) : "", "%s",
                          name);
        int type = rws__options_type(name);
        const char *q = type == RWS_OPT_STRING || type == RWS_OPT_ENUM ? "\"" : "";
        const char *dot = strchr(name, '.');
        if (dot)
            snprintf(text, sizeof text, PRIMARY "%.*s = { %s = %s%s%s; };\n", (int)(dot - name),
                     name, dot + 1, q, value, q);
        else
            snprintf(text, sizeof text, PRIMARY "%s = %s%s%s;\n", name, q, value, q);
        cr_assert_eq(parse(text), RWS_OK, "%s: %s", text, errs);

        rws_cluster *c = rws_cluster_new();
        cr_assert_eq(rws_cluster_set(c, name, value), RWS_OK, "%s", rws_cluster_error(c));
        for (size_t k = 0; k < rws__options_count(); k++) {
            const char *n = rws__options_name(k);
            char a[512], b[512];
            rws__options_get(&cfg.opts, n, a, sizeof a);
            rws__options_get(&c->opts, n, b, sizeof b);
            cr_assert_str_eq(a, b, "after setting %s: %s differs", name, n);
        }
        if (rws__options_secret(name)) {
            const char *a =
                !strcmp(name, "password") ? cfg.opts.auth.password : cfg.opts.monitor.password;
            const char *b =
                !strcmp(name, "password") ? c->opts.auth.password : c->opts.monitor.password;
            cr_assert_str_eq(a, b);
        }
        rws_cluster_free(c);
    }
}

/* ---- the shipped example and the documentation
 * ----------------------------------------------------- */

static char *read_source_file(const char *rel)
{
    const char *src = getenv("RWS_TEST_SOURCE_DIR");
    cr_assert_not_null(src, "RWS_TEST_SOURCE_DIR is not set (run through ctest)");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", src, rel);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 17];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

Test(config, shipped_example_loads_cleanly)
{
    setenv("RWSPLIT_DB_PASSWORD", "example", 1);
    setenv("RWSPLIT_MONITOR_PASSWORD", "example", 1);
    const char *text = read_source_file("docs/rwsplit.conf.example");
    cr_assert_eq(rws__config_parse_string(text, "rwsplit.conf.example", &cfg, errs, sizeof errs),
                 RWS_OK, "%s", errs);
    cr_assert_geq(cfg.nspecs, 2);
}

Test(config, documentation_names_every_option)
{
    const char *doc = read_source_file("docs/configuration.md");
    for (size_t i = 0; i < rws__options_count(); i++) {
        char quoted[128];
        snprintf(quoted, sizeof quoted, "`%s`", rws__options_name(i));
        cr_assert(strstr(doc, quoted), "docs/configuration.md lacks %s", quoted);
    }
}
