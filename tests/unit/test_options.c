/* The option table: defaults, ranges, enum words, booleans, did-you-mean, copy/free, and the
 * password resolution rules (password / password_file / password_env). */
#define _GNU_SOURCE
#include "options.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static rws_options opts;
static char err[RWS_ERRMSG_SIZE];

static void setup(void)
{
    cr_assert_eq(rws__options_init(&opts), RWS_OK);
    err[0] = '\0';
}

static void teardown(void)
{
    rws__options_free(&opts);
}

static const char *get(const char *name)
{
    static char buf[512];
    cr_assert_eq(rws__options_get(&opts, name, buf, sizeof buf), RWS_OK, "%s", name);
    return buf;
}

static rws_code set(const char *name, const char *value)
{
    err[0] = '\0';
    return rws__options_set(&opts, name, value, err, sizeof err);
}

TestSuite(options, .init = setup, .fini = teardown);

Test(options, defaults_match_the_table)
{
    cr_assert_eq(opts.max_lag_ms, 1000);
    cr_assert_eq(opts.monitor_interval_ms, 500);
    cr_assert_eq(opts.causal_wait_ms, 200);
    cr_assert_eq(opts.sticky_after_write_ms, 0);
    cr_assert_eq(opts.connect_timeout_ms, 2000);
    cr_assert_eq(opts.read_timeout_ms, 10000);
    cr_assert_eq(opts.write_timeout_ms, 10000);
    cr_assert_eq(opts.backoff_start_ms, 100);
    cr_assert_eq(opts.backoff_max_ms, 10000);
    cr_assert_eq(opts.session_history_max, 256);
    cr_assert_eq(opts.pool_max_idle, 16);
    cr_assert_eq(opts.retry_reads, 1);
    cr_assert_eq(opts.follow_primary, 0);
    cr_assert_eq(opts.multi_statements, 1);
    cr_assert_eq(opts.consistency, RWS_CONSISTENCY_SESSION);
    cr_assert_eq(opts.lag_method, RWS_LAG_HEARTBEAT);
    cr_assert_eq(opts.fallback, RWS_FALLBACK_PRIMARY);
    cr_assert_eq(opts.balance, RWS_BALANCE_ROUND_ROBIN);
    cr_assert_eq(opts.log_level, RWS_LOG_LEVEL_WARNING);
    cr_assert_eq(opts.tls.mode, RWS_TLS_DISABLED);
    cr_assert_str_eq(opts.charset, "utf8mb4");
    cr_assert_str_eq(opts.heartbeat_table, "rwsplit_heartbeat");
    cr_assert_null(opts.auth.user);
    cr_assert_null(opts.auth.password);
    cr_assert_null(opts.database);
    cr_assert_null(opts.monitor.user);
    cr_assert_null(opts.tls.ca);
}

Test(options, every_default_reads_back_as_written)
{
    for (size_t i = 0; i < rws__options_count(); i++) {
        const char *name = rws__options_name(i);
        const char *def = rws__options_default(name);
        cr_assert(rws__options_exists(name));
        cr_assert_geq(rws__options_type(name), 0, "%s", name);
        cr_assert_str_eq(get(name), def ? def : "", "%s", name);
    }
    cr_assert_null(rws__options_name(rws__options_count()));
}

Test(options, integer_range_is_inclusive)
{
    for (size_t i = 0; i < rws__options_count(); i++) {
        const char *name = rws__options_name(i);
        long lo, hi;
        if (rws__options_range(name, &lo, &hi) != 0)
            continue;
        char v[32];
        snprintf(v, sizeof v, "%ld", lo);
        cr_assert_eq(set(name, v), RWS_OK, "%s=%s: %s", name, v, err);
        cr_assert_str_eq(get(name), v);
        snprintf(v, sizeof v, "%ld", hi);
        cr_assert_eq(set(name, v), RWS_OK, "%s=%s: %s", name, v, err);
        cr_assert_str_eq(get(name), v);
        snprintf(v, sizeof v, "%ld", hi + 1);
        cr_assert_eq(set(name, v), RWS_ERR_CONFIG, "%s=%s", name, v);
        cr_assert(strstr(err, "is out of range"), "%s", err);
        snprintf(v, sizeof v, "%ld", lo - 1);
        cr_assert_eq(set(name, v), RWS_ERR_CONFIG, "%s=%s", name, v);
    }
}

Test(options, integer_errors_say_what_is_allowed)
{
    cr_assert_eq(set("max_lag_ms", "abc"), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "max_lag_ms: 'abc' is not an integer (allowed 0..86400000)");
    cr_assert_eq(set("max_lag_ms", "86400001"), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "max_lag_ms: 86400001 is out of range (allowed 0..86400000)");
    cr_assert_eq(set("max_lag_ms", ""), RWS_ERR_CONFIG);
    cr_assert_eq(set("max_lag_ms", "12x"), RWS_ERR_CONFIG);
    cr_assert_eq(set("max_lag_ms", NULL), RWS_ERR_CONFIG);
    cr_assert_eq(opts.max_lag_ms, 1000, "a failed set changes nothing");
}

Test(options, enum_accepts_every_word_and_lists_them_on_error)
{
    static const char *const balance[] = {"round_robin", "random", "least_lag", "least_latency"};
    for (size_t i = 0; i < RWS_ARRAY_LEN(balance); i++) {
        cr_assert_eq(set("balance", balance[i]), RWS_OK);
        cr_assert_eq((int)opts.balance, (int)i);
        cr_assert_str_eq(get("balance"), balance[i]);
    }
    cr_assert_eq(set("tls.mode", "VERIFY_IDENTITY"), RWS_OK, "words are case-insensitive");
    cr_assert_eq(opts.tls.mode, RWS_TLS_VERIFY_IDENTITY);
    cr_assert_eq(set("consistency", "sesion"), RWS_ERR_CONFIG);
    cr_assert_str_eq(err,
                     "consistency: 'sesion' is not one of \"eventual\", \"session\", \"strong\"");
}

Test(options, booleans_take_the_usual_words)
{
    static const char *const yes[] = {"true", "yes", "on", "1", "TRUE"};
    static const char *const no[] = {"false", "no", "off", "0", "False"};
    for (size_t i = 0; i < RWS_ARRAY_LEN(yes); i++) {
        cr_assert_eq(set("follow_primary", yes[i]), RWS_OK);
        cr_assert_eq(opts.follow_primary, 1);
        cr_assert_eq(set("follow_primary", no[i]), RWS_OK);
        cr_assert_eq(opts.follow_primary, 0);
    }
    cr_assert_eq(set("follow_primary", "maybe"), RWS_ERR_CONFIG);
    cr_assert(strstr(err, "is not a boolean"), "%s", err);
}

Test(options, strings_are_copied_and_replaced)
{
    char value[] = "shop";
    cr_assert_eq(set("database", value), RWS_OK);
    value[0] = 'X';
    cr_assert_str_eq(opts.database, "shop");
    cr_assert_eq(set("database", "other"), RWS_OK);
    cr_assert_str_eq(opts.database, "other");
    cr_assert_eq(set("database", NULL), RWS_OK);
    cr_assert_null(opts.database);
}

Test(options, unknown_names_get_a_suggestion)
{
    cr_assert_eq(set("max_lagms", "5"), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "unknown option 'max_lagms' (did you mean 'max_lag_ms'?)");
    cr_assert_eq(set("tls.mod", "disabled"), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "unknown option 'tls.mod' (did you mean 'tls.mode'?)");
    cr_assert_eq(set("qqqqqqqqqqqq", "1"), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "unknown option 'qqqqqqqqqqqq'");
    cr_assert_eq(set(NULL, "1"), RWS_ERR_CONFIG);
    cr_assert_str_eq(rws__options_closest("consistancy"), "consistency");
    cr_assert_null(rws__options_closest("zz"));
    cr_assert_eq(rws__options_type("nope"), -1);
}

Test(options, closest_word_for_other_keys)
{
    static const char *const words[] = {"name", "host", "port", "socket", NULL};
    cr_assert_str_eq(rws__closest_word("hots", words), "host");
    cr_assert_str_eq(rws__closest_word("sockt", words), "socket");
    cr_assert_null(rws__closest_word("password", words));
    cr_assert_null(rws__closest_word(NULL, words));
}

Test(options, describes_types_for_messages)
{
    char buf[256];
    rws__options_expected("max_lag_ms", buf, sizeof buf);
    cr_assert_str_eq(buf, "an integer (0..86400000)");
    rws__options_expected("retry_reads", buf, sizeof buf);
    cr_assert_str_eq(buf, "a boolean (true or false)");
    rws__options_expected("fallback", buf, sizeof buf);
    cr_assert_str_eq(buf, "one of \"primary\", \"error\"");
    rws__options_expected("tls.ca", buf, sizeof buf);
    cr_assert_str_eq(buf, "a string");
    cr_assert_eq(rws__options_expected("nope", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(rws__options_type("max_lag_ms"), RWS_OPT_INT);
    cr_assert_eq(rws__options_type("retry_reads"), RWS_OPT_BOOL);
    cr_assert_eq(rws__options_type("tls.mode"), RWS_OPT_ENUM);
    cr_assert_eq(rws__options_type("user"), RWS_OPT_STRING);
    long lo, hi;
    cr_assert_eq(rws__options_range("connect_timeout_ms", &lo, &hi), 0);
    cr_assert_eq(lo, 1);
    cr_assert_eq(hi, 600000);
    cr_assert_eq(rws__options_range("user", &lo, &hi), -1);
}

Test(options, groups_and_secrets)
{
    cr_assert(rws__options_is_group("tls"));
    cr_assert(rws__options_is_group("monitor"));
    cr_assert_not(rws__options_is_group("tl"));
    cr_assert_not(rws__options_is_group("max_lag_ms"));
    cr_assert_not(rws__options_is_group(""));
    cr_assert(rws__options_secret("password"));
    cr_assert(rws__options_secret("monitor.password"));
    cr_assert_not(rws__options_secret("password_file"));
    cr_assert_eq(set("password", "hunter2"), RWS_OK);
    cr_assert_str_eq(get("password"), "(hidden)", "the getter never returns a password");
    cr_assert_str_eq(get("monitor.password"), "");
}

Test(options, copy_is_deep_and_free_is_complete)
{
    cr_assert_eq(set("user", "app"), RWS_OK);
    cr_assert_eq(set("tls.ca", "/ca.pem"), RWS_OK);
    cr_assert_eq(set("max_lag_ms", "42"), RWS_OK);
    rws_options copy;
    cr_assert_eq(rws__options_copy(&copy, &opts), RWS_OK);
    cr_assert_neq(copy.auth.user, opts.auth.user);
    cr_assert_str_eq(copy.auth.user, "app");
    cr_assert_str_eq(copy.tls.ca, "/ca.pem");
    cr_assert_str_eq(copy.charset, "utf8mb4");
    cr_assert_eq(copy.max_lag_ms, 42);
    rws__options_free(&copy);
    cr_assert_null(copy.auth.user);
    cr_assert_null(copy.charset);
    cr_assert_eq(copy.max_lag_ms, 0);
    cr_assert_str_eq(opts.auth.user, "app", "the original is untouched");
}

/* ---- password resolution ------------------------------------------------------------------- */

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *content, mode_t mode)
{
    static char path[128];
    if (!tmpdir[0]) {
        strcpy(tmpdir, "/tmp/rws_options_XXXXXX");
        cr_assert_not_null(mkdtemp(tmpdir));
    }
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(content, f);
    fclose(f);
    chmod(path, mode);
    return path;
}

static void cleanup_tmp(void)
{
    if (!tmpdir[0])
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(password, .fini = cleanup_tmp);

Test(password, none_set_is_null)
{
    rws_credentials c = {0};
    char *pw = (char *)1;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK);
    cr_assert_null(pw);
}

Test(password, literal)
{
    rws_credentials c = {.password = "s3cret"};
    char *pw;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK);
    cr_assert_str_eq(pw, "s3cret");
    rws__secret_free(pw);
    rws__secret_free(NULL);
}

Test(password, file_first_line_without_newline)
{
    char *pw;
    rws_credentials c = {.password_file = (char *)write_tmp("p1", "fromfile\nsecond\n", 0600)};
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK, "%s", err);
    cr_assert_str_eq(pw, "fromfile");
    rws__secret_free(pw);
    c.password_file = (char *)write_tmp("p2", "crlf\r\n", 0600);
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK, "%s", err);
    cr_assert_str_eq(pw, "crlf");
    rws__secret_free(pw);
    c.password_file = (char *)write_tmp("p3", "no-newline", 0600);
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK, "%s", err);
    cr_assert_str_eq(pw, "no-newline");
    rws__secret_free(pw);
}

Test(password, missing_file_names_it_and_the_reason)
{
    rws_credentials c = {.password_file = "/nonexistent/rws/pass"};
    char *pw;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "password_file '/nonexistent/rws/pass': No such file or directory");
    cr_assert_null(pw);
}

Test(password, unreadable_file)
{
    if (geteuid() == 0)
        cr_skip_test("root reads every file");
    rws_credentials c = {.password_file = (char *)write_tmp("p4", "x\n", 0000)};
    char *pw;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert(strstr(err, "Permission denied"), "%s", err);
}

Test(password, empty_file_is_an_error)
{
    rws_credentials c = {.password_file = (char *)write_tmp("p5", "\n", 0600)};
    char *pw;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert(strstr(err, "is empty"), "%s", err);
}

Test(password, environment_variable)
{
    setenv("RWS_TEST_PW", "fromenv", 1);
    rws_credentials c = {.password_env = "RWS_TEST_PW"};
    char *pw;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK);
    cr_assert_str_eq(pw, "fromenv");
    rws__secret_free(pw);
    unsetenv("RWS_TEST_PW");
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "password_env: environment variable 'RWS_TEST_PW' is not set");
}

Test(password, only_one_source_and_never_echoed)
{
    rws_credentials c = {.password = "s3cret", .password_env = "X"};
    char *pw;
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert(strstr(err, "password and password_env are both set"), "%s", err);
    cr_assert_null(strstr(err, "s3cret"));
    rws_credentials all = {.password = "s3cret", .password_file = "/f", .password_env = "X"};
    cr_assert_eq(rws__credentials_password(&all, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert_null(strstr(err, "s3cret"));
}

Test(password, only_regular_files_and_bounded_lines)
{
    char *pw;
    rws_credentials c = {.password_file = "/dev/zero"};
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert_str_eq(err, "password_file '/dev/zero' is not a regular file");
    static char longline[5000];
    memset(longline, 'a', sizeof longline - 1);
    c.password_file = (char *)write_tmp("long", longline, 0600);
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_ERR_CONFIG);
    cr_assert(strstr(err, "the first line is longer than 4096 bytes"), "%s", err);
    longline[4095] = '\n';
    c.password_file = (char *)write_tmp("long2", longline, 0600);
    cr_assert_eq(rws__credentials_password(&c, &pw, err, sizeof err), RWS_OK, "%s", err);
    cr_assert_eq(strlen(pw), 4095);
    rws__secret_free(pw);
}
