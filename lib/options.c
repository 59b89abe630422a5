/* The one option table. Every option has a name (dotted for nested groups: "tls.mode"), a type,
 * a default, a range or a set of allowed words, and the offset of its field in rws_options. The
 * configuration file and rws_cluster_set() both set options through rws__options_set(). */
#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The type codes are the header's, so rws__options_type() answers in rws_opt_type. */
typedef rws_opt_type opt_type;
#define OPT_STRING RWS_OPT_STRING
#define OPT_INT    RWS_OPT_INT
#define OPT_BOOL   RWS_OPT_BOOL
#define OPT_ENUM   RWS_OPT_ENUM

typedef struct opt_def {
    const char *name;
    opt_type type;
    size_t offset;
    const char *def;          /* default in text form; NULL for no default (strings) */
    long min, max;            /* OPT_INT range */
    const char *const *words; /* OPT_ENUM: allowed words, index = enum value, NULL-terminated */
    int secret;               /* never echo the value in messages */
} opt_def;

static const char *const lag_words[] = {"heartbeat", "gtid", "replica_status", NULL};
static const char *const fallback_words[] = {"primary", "error", NULL};
static const char *const consistency_words[] = {"eventual", "session", "strong", NULL};
static const char *const balance_words[] = {"round_robin", "random", "least_lag", "least_latency",
                                            NULL};
static const char *const tls_words[] = {"disabled",  "preferred",       "required",
                                        "verify_ca", "verify_identity", NULL};
static const char *const log_words[] = {"debug", "info", "warning", "error", "none", NULL};

#define OFF(field) offsetof(rws_options, field)
#define STR(n, f)                                                                                  \
    {                                                                                              \
        n, OPT_STRING, OFF(f), NULL, 0, 0, NULL, 0                                                 \
    }
#define SECRET(n, f)                                                                               \
    {                                                                                              \
        n, OPT_STRING, OFF(f), NULL, 0, 0, NULL, 1                                                 \
    }
#define STRDEF(n, f, d)                                                                            \
    {                                                                                              \
        n, OPT_STRING, OFF(f), d, 0, 0, NULL, 0                                                    \
    }
#define INT(n, f, d, lo, hi)                                                                       \
    {                                                                                              \
        n, OPT_INT, OFF(f), d, lo, hi, NULL, 0                                                     \
    }
#define BOOL(n, f, d)                                                                              \
    {                                                                                              \
        n, OPT_BOOL, OFF(f), d, 0, 1, NULL, 0                                                      \
    }
#define ENUM(n, f, d, w)                                                                           \
    {                                                                                              \
        n, OPT_ENUM, OFF(f), d, 0, 0, w, 0                                                         \
    }

static const opt_def option_table[] = {
    STR("user", auth.user),
    SECRET("password", auth.password),
    STR("password_file", auth.password_file),
    STR("password_env", auth.password_env),
    STR("database", database),
    STRDEF("charset", charset, "utf8mb4"),
    STR("monitor.user", monitor.user),
    SECRET("monitor.password", monitor.password),
    STR("monitor.password_file", monitor.password_file),
    STR("monitor.password_env", monitor.password_env),
    INT("monitor_interval_ms", monitor_interval_ms, "500", 10, 60000),
    ENUM("lag_method", lag_method, "heartbeat", lag_words),
    STRDEF("heartbeat_table", heartbeat_table, "rwsplit_heartbeat"),
    INT("max_lag_ms", max_lag_ms, "1000", 0, 86400000),
    ENUM("fallback", fallback, "primary", fallback_words),
    ENUM("consistency", consistency, "session", consistency_words),
    INT("causal_wait_ms", causal_wait_ms, "200", 0, 60000),
    INT("sticky_after_write_ms", sticky_after_write_ms, "0", 0, 3600000),
    ENUM("balance", balance, "round_robin", balance_words),
    INT("connect_timeout_ms", connect_timeout_ms, "2000", 1, 600000),
    INT("read_timeout_ms", read_timeout_ms, "10000", 1, 86400000),
    INT("write_timeout_ms", write_timeout_ms, "10000", 1, 86400000),
    INT("backoff_start_ms", backoff_start_ms, "100", 1, 600000),
    INT("backoff_max_ms", backoff_max_ms, "10000", 1, 3600000),
    BOOL("retry_reads", retry_reads, "true"),
    BOOL("follow_primary", follow_primary, "false"),
    INT("session_history_max", session_history_max, "256", 1, 100000),
    INT("pool_max_idle", pool_max_idle, "16", 0, 100000),
    BOOL("multi_statements", multi_statements, "true"),
    ENUM("log_level", log_level, "warning", log_words),
    ENUM("tls.mode", tls.mode, "disabled", tls_words),
    STR("tls.ca", tls.ca),
    STR("tls.capath", tls.capath),
    STR("tls.cert", tls.cert),
    STR("tls.key", tls.key),
    STR("tls.cipher", tls.cipher),
    STR("tls.crl", tls.crl),
};

static const opt_def *find_option(const char *name)
{
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++)
        if (strcmp(option_table[i].name, name) == 0)
            return &option_table[i];
    return NULL;
}

/* Levenshtein distance, bounded to short names; used for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, sizeof(size_t) * (lb + 1));
    }
    return prev[lb];
}

/* Keep the closer of best and candidate. */
static void consider(const char *name, const char *candidate, const char **best, size_t *best_d)
{
    size_t d = edit_distance(name, candidate);
    if (d < *best_d) {
        *best_d = d;
        *best = candidate;
    }
}

/* A suggestion only when it is close enough to be what was meant. */
static const char *close_enough(const char *name, const char *best, size_t best_d)
{
    size_t len = strlen(name);
    return best && best_d <= (len < 6 ? 2 : len / 3 + 1) ? best : NULL;
}

const char *rws__options_closest(const char *name)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++)
        consider(name, option_table[i].name, &best, &best_d);
    return close_enough(name, best, best_d);
}

const char *rws__closest_word(const char *name, const char *const *words)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; name && words && words[i]; i++)
        consider(name, words[i], &best, &best_d);
    return name ? close_enough(name, best, best_d) : NULL;
}

int rws__options_exists(const char *name)
{
    return find_option(name) != NULL;
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return *out = 1, 0;
        if (strcasecmp(v, no[i]) == 0)
            return *out = 0, 0;
    }
    return -1;
}

static void words_list(const char *const *w, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; w[i]; i++)
        n += rws__fmt(buf + n, len - n, "%s\"%s\"", i ? ", " : "", w[i]);
}

static rws_code apply(rws_options *o, const opt_def *d, const char *value, char *err, size_t errlen)
{
    char *field = (char *)o + d->offset;
    switch (d->type) {
    case OPT_STRING: {
        char *copy = NULL;
        if (value && !(copy = rws__strdup(value)))
            return RWS_ERR_NOMEM;
        free(*(char **)field);
        *(char **)field = copy;
        return RWS_OK;
    }
    case OPT_INT: {
        char *end;
        errno = 0;
        long v = value ? strtol(value, &end, 10) : 0;
        if (!value || !*value || *end != '\0' || errno == ERANGE) {
            rws__fmt(err, errlen, "%s: '%s' is not an integer (allowed %ld..%ld)", d->name,
                     value ? value : "", d->min, d->max);
            return RWS_ERR_CONFIG;
        }
        if (v < d->min || v > d->max) {
            rws__fmt(err, errlen, "%s: %ld is out of range (allowed %ld..%ld)", d->name, v, d->min,
                     d->max);
            return RWS_ERR_CONFIG;
        }
        *(int *)field = (int)v;
        return RWS_OK;
    }
    case OPT_BOOL: {
        int b;
        if (!value || parse_bool(value, &b) != 0) {
            rws__fmt(err, errlen, "%s: '%s' is not a boolean (allowed true, false)", d->name,
                     value ? value : "");
            return RWS_ERR_CONFIG;
        }
        *(int *)field = b;
        return RWS_OK;
    }
    case OPT_ENUM:
        for (int i = 0; value && d->words[i]; i++) {
            if (strcasecmp(value, d->words[i]) == 0) {
                *(int *)field = i; /* every enum field is int-sized */
                return RWS_OK;
            }
        }
        char allowed[256];
        words_list(d->words, allowed, sizeof allowed);
        rws__fmt(err, errlen, "%s: '%s' is not one of %s", d->name, value ? value : "", allowed);
        return RWS_ERR_CONFIG;
    }
    return RWS_ERR_INTERNAL;
}

rws_code rws__options_set(rws_options *o, const char *name, const char *value, char *err,
                          size_t errlen)
{
    if (!name) {
        rws__fmt(err, errlen, "option name is NULL");
        return RWS_ERR_CONFIG;
    }
    const opt_def *d = find_option(name);
    if (!d) {
        const char *close = rws__options_closest(name);
        if (close)
            rws__fmt(err, errlen, "unknown option '%s' (did you mean '%s'?)", name, close);
        else
            rws__fmt(err, errlen, "unknown option '%s'", name);
        return RWS_ERR_CONFIG;
    }
    return apply(o, d, value, err, errlen);
}

int rws__options_type(const char *name)
{
    const opt_def *d = find_option(name);
    return d ? (int)d->type : -1;
}

rws_code rws__options_init(rws_options *o)
{
    memset(o, 0, sizeof *o);
    char err[RWS_ERRMSG_SIZE];
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++) {
        const opt_def *d = &option_table[i];
        if (!d->def)
            continue;
        rws_code rc = apply(o, d, d->def, err, sizeof err);
        if (rc != RWS_OK) {
            rws__options_free(o);
            return rc;
        }
    }
    return RWS_OK;
}

void rws__options_free(rws_options *o)
{
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++) {
        if (option_table[i].type == OPT_STRING) {
            char **f = (char **)((char *)o + option_table[i].offset);
            free(*f);
            *f = NULL;
        }
    }
    memset(o, 0, sizeof *o);
}

rws_code rws__options_copy(rws_options *dst, const rws_options *src)
{
    memcpy(dst, src, sizeof *dst);
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++) {
        if (option_table[i].type != OPT_STRING)
            continue;
        char **f = (char **)((char *)dst + option_table[i].offset);
        *f = NULL;
    }
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++) {
        if (option_table[i].type != OPT_STRING)
            continue;
        const char *s = *(char *const *)((const char *)src + option_table[i].offset);
        char **f = (char **)((char *)dst + option_table[i].offset);
        if (s && !(*f = rws__strdup(s))) {
            rws__options_free(dst);
            return RWS_ERR_NOMEM;
        }
    }
    return RWS_OK;
}

size_t rws__options_count(void)
{
    return RWS_ARRAY_LEN(option_table);
}

const char *rws__options_name(size_t i)
{
    return i < RWS_ARRAY_LEN(option_table) ? option_table[i].name : NULL;
}

void rws__backend_spec_free(rws_backend_spec *b)
{
    if (!b)
        return;
    free(b->name);
    free(b->host);
    free(b->socket);
    b->name = b->host = b->socket = NULL;
}

size_t rws__options_expected(const char *name, char *buf, size_t len)
{
    const opt_def *d = name ? find_option(name) : NULL;
    if (len)
        buf[0] = '\0';
    if (!d)
        return 0;
    switch (d->type) {
    case OPT_STRING: return rws__fmt(buf, len, "a string");
    case OPT_INT: return rws__fmt(buf, len, "an integer (%ld..%ld)", d->min, d->max);
    case OPT_BOOL: return rws__fmt(buf, len, "a boolean (true or false)");
    case OPT_ENUM: {
        char allowed[256];
        words_list(d->words, allowed, sizeof allowed);
        return rws__fmt(buf, len, "one of %s", allowed);
    }
    }
    return 0;
}

int rws__options_range(const char *name, long *min, long *max)
{
    const opt_def *d = name ? find_option(name) : NULL;
    if (!d || d->type != OPT_INT)
        return -1;
    *min = d->min;
    *max = d->max;
    return 0;
}

const char *rws__options_default(const char *name)
{
    const opt_def *d = name ? find_option(name) : NULL;
    return d ? d->def : NULL;
}

int rws__options_secret(const char *name)
{
    const opt_def *d = name ? find_option(name) : NULL;
    return d ? d->secret : 0;
}

int rws__options_is_group(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < RWS_ARRAY_LEN(option_table); i++)
        if (strncmp(option_table[i].name, name, n) == 0 && option_table[i].name[n] == '.')
            return 1;
    return 0;
}

rws_code rws__options_get(const rws_options *o, const char *name, char *buf, size_t len)
{
    const opt_def *d = name ? find_option(name) : NULL;
    if (len)
        buf[0] = '\0';
    if (!d)
        return RWS_ERR_CONFIG;
    const char *field = (const char *)o + d->offset;
    switch (d->type) {
    case OPT_STRING: {
        const char *v = *(char *const *)field;
        rws__fmt(buf, len, "%s", !v ? "" : d->secret ? "(hidden)" : v);
        break;
    }
    case OPT_INT: rws__fmt(buf, len, "%d", *(const int *)field); break;
    case OPT_BOOL: rws__fmt(buf, len, "%s", *(const int *)field ? "true" : "false"); break;
    case OPT_ENUM: {
        int v = *(const int *)field;
        int n = 0;
        while (d->words[n])
            n++;
        rws__fmt(buf, len, "%s", v >= 0 && v < n ? d->words[v] : "?");
        break;
    }
    }
    return RWS_OK;
}

/* strerror_r in either of its two forms (GNU returns the text, XSI fills the buffer). */
const char *rws__errno_text(int e, char *buf, size_t len)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
    return strerror_r(e, buf, len);
#else
    return strerror_r(e, buf, len) == 0 ? buf : "unknown error";
#endif
}

void rws__secret_free(char *s)
{
    if (!s)
        return;
    volatile char *p = s;
    while (*p)
        *p++ = '\0';
    free(s);
}

#define PASSWORD_MAX 4096 /* longest first line of a password file */

static rws_code password_file_error(const char *path, int e, char *err, size_t errlen)
{
    char ebuf[128];
    rws__fmt(err, errlen, "password_file '%s': %s", path, rws__errno_text(e, ebuf, sizeof ebuf));
    return RWS_ERR_CONFIG;
}

/* The first line of a password file, without its line ending. Only a regular file is read (a
 * FIFO or a device could block or never end), and at most PASSWORD_MAX bytes of it. */
static rws_code read_password_file(const char *path, char **out, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return password_file_error(path, errno, err, errlen);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return password_file_error(path, e, err, errlen);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        rws__fmt(err, errlen, "password_file '%s' is not a regular file", path);
        return RWS_ERR_CONFIG;
    }
    char *buf = malloc(PASSWORD_MAX + 1);
    if (!buf) {
        close(fd);
        return RWS_ERR_NOMEM;
    }
    size_t len = 0;
    while (len < PASSWORD_MAX && !memchr(buf, '\n', len)) {
        ssize_t n = read(fd, buf + len, PASSWORD_MAX - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            memset(buf, 0, len);
            free(buf);
            return password_file_error(path, e, err, errlen);
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    char *nl = memchr(buf, '\n', len);
    rws_code rc = RWS_OK;
    if (nl) {
        *nl = '\0';
    } else if (len == PASSWORD_MAX) {
        rws__fmt(err, errlen, "password_file '%s': the first line is longer than %d bytes", path,
                 PASSWORD_MAX);
        rc = RWS_ERR_CONFIG;
    }
    size_t l = strlen(buf);
    if (l > 0 && buf[l - 1] == '\r')
        buf[--l] = '\0';
    if (rc == RWS_OK && l == 0) {
        rws__fmt(err, errlen,
                 "password_file '%s' is empty (its first line is the password; for an empty "
                 "password set password = \"\")",
                 path);
        rc = RWS_ERR_CONFIG;
    }
    if (rc != RWS_OK) {
        memset(buf, 0, PASSWORD_MAX + 1);
        free(buf);
        return rc;
    }
    memset(buf + l, 0, PASSWORD_MAX + 1 - l); /* nothing of later lines lingers */
    *out = buf;
    return RWS_OK;
}

rws_code rws__credentials_password(const rws_credentials *c, char **out, char *err, size_t errlen)
{
    *out = NULL;
    const char *set[3];
    size_t n = 0;
    if (c->password)
        set[n++] = "password";
    if (c->password_file)
        set[n++] = "password_file";
    if (c->password_env)
        set[n++] = "password_env";
    if (n > 1) {
        rws__fmt(err, errlen,
                 "%s and %s are both set: give the password in exactly one of password, "
                 "password_file, password_env",
                 set[0], set[n - 1]);
        return RWS_ERR_CONFIG;
    }
    if (c->password) {
        *out = rws__strdup(c->password);
        return *out ? RWS_OK : RWS_ERR_NOMEM;
    }
    if (c->password_file)
        return read_password_file(c->password_file, out, err, errlen);
    if (c->password_env) {
        const char *v = getenv(c->password_env);
        if (!v || !*v) {
            rws__fmt(err, errlen, "password_env: environment variable '%s' is %s", c->password_env,
                     v ? "empty" : "not set");
            return RWS_ERR_CONFIG;
        }
        *out = rws__strdup(v);
        return *out ? RWS_OK : RWS_ERR_NOMEM;
    }
    return RWS_OK;
}
