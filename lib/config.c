/* The libconfig loader. Every setting in the file becomes a dotted option name ("tls.mode") whose
 * value is converted to text by its libconfig type and set through rws__options_set(), so the
 * file and rws_cluster_set() share one table; backends go through rws__cluster_add_spec(), so the
 * file and rws_cluster_add_*() share one set of rules. Every problem is collected and reported as
 * "FILE:LINE: what is wrong (what is allowed)", never just the first. */
#include "config.h"

#include "cluster.h"

#include <libconfig.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RWS_XSTR(x)      #x
#define RWS_STR(x)       RWS_XSTR(x)
#define MAX_CONFIG_SIZE  (16u << 20) /* a larger file is not a configuration file */
#define PROBLEMS_RESERVE 48          /* room kept for the "... and N more" line */
#define BACKEND_KEY_ERROR                                                                          \
    "backend keys: name, host, port, socket, weight, connect_timeout_ms, "                         \
    "read_timeout_ms, write_timeout_ms"

static const char *const backend_keys[] = {"name",
                                           "host",
                                           "port",
                                           "socket",
                                           "weight",
                                           "connect_timeout_ms",
                                           "read_timeout_ms",
                                           "write_timeout_ms",
                                           NULL};

/* ---- warnings ------------------------------------------------------------------------------ */

void rws__config_warn(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    rws__vfmt(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "rwsplit: warning: %s\n", msg);
}

/* ---- collected problems -------------------------------------------------------------------- */

#define MAX_PROBLEMS 1000 /* kept for sorting; more are only counted */

typedef struct problem_line {
    unsigned line; /* 0: about the whole file (reported last) */
    unsigned seq;  /* order of discovery, for a stable sort */
    char *text;
} problem_line;

typedef struct problems {
    problem_line *list;
    size_t n;
    unsigned count;    /* problems found */
    const char *label; /* the file name in messages */
    int nomem;
} problems;

static void problem(problems *pr, unsigned line, const char *fmt, ...) RWS_PRINTF(3, 4);

static void problem(problems *pr, unsigned line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    rws__vfmt(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *c = msg; *c; c++) /* one problem per line, whatever a value holds */
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    pr->count++;
    if (pr->n >= MAX_PROBLEMS)
        return;
    if (!pr->list && !(pr->list = calloc(MAX_PROBLEMS, sizeof *pr->list))) {
        pr->nomem = 1;
        return;
    }
    char *text = rws__strdup(msg);
    if (!text) {
        pr->nomem = 1;
        return;
    }
    pr->list[pr->n] = (problem_line){line, (unsigned)pr->n, text};
    pr->n++;
}

static int by_line(const void *a, const void *b)
{
    const problem_line *x = a, *y = b;
    unsigned lx = x->line ? x->line : UINT_MAX, ly = y->line ? y->line : UINT_MAX;
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the problems into errs in file order, one per line, as many as fit; then free them. */
static void problems_finish(problems *pr, char *errs, size_t errlen)
{
    size_t used = 0;
    unsigned written = 0;
    if (errlen)
        errs[0] = '\0';
    if (pr->n)
        qsort(pr->list, pr->n, sizeof *pr->list, by_line);
    for (size_t i = 0; i < pr->n; i++) {
        char full[2048];
        const problem_line *pl = &pr->list[i];
        size_t len = pl->line
                         ? rws__fmt(full, sizeof full, "%s:%u: %s", pr->label, pl->line, pl->text)
                         : rws__fmt(full, sizeof full, "%s: %s", pr->label, pl->text);
        if (written == i && used + len + 1 + PROBLEMS_RESERVE < errlen) {
            used += rws__fmt(errs + used, errlen - used, "%s%s", used ? "\n" : "", full);
            written++;
        }
        free(pl->text);
    }
    free(pr->list);
    pr->list = NULL;
    pr->n = 0;
    unsigned rest = pr->count - written;
    if (rest && errlen > used)
        rws__fmt(errs + used, errlen - used, "%s... and %u more problem%s", used ? "\n" : "", rest,
                 rest == 1 ? "" : "s");
}

typedef struct parser {
    problems *pr;
    rws_options *opts;
    rws_cluster *specs_holder; /* collects the specs through rws__cluster_add_spec() */
    rws_int_literal *lits;     /* integers libconfig misreads (config_literals.c) */
    size_t nlits;
    unsigned *opt_line;   /* line of each option of the table set by the file, 0 if not */
    unsigned secret_line; /* first line holding a password, 0 if none */
    int have_primary;
    int nomem;
} parser;

/* An integer setting's value as written: *v, or 0 when it does not fit in 64 bits (*text then
 * holds it as written). libconfig 1.5 wraps what does not fit in 32 bits: see config_literals.c. */
static int setting_number(parser *p, const config_setting_t *s, long long *v, const char **text)
{
    long long stored = config_setting_get_int64(s);
    const rws_int_literal *l = rws__config_find_literal(p->lits, p->nlits, config_setting_name(s),
                                                        config_setting_source_line(s), stored);
    *text = l ? l->text : NULL;
    *v = l ? l->value : stored;
    return l ? l->exact : 1;
}

/* ---- the walk over the parsed file ----------------------------------------------------------- */

static unsigned line_of(const config_setting_t *s)
{
    for (; s; s = config_setting_parent(s))
        if (config_setting_source_line(s))
            return config_setting_source_line(s);
    return 0;
}

static const char *type_name(int type)
{
    switch (type) {
    case CONFIG_TYPE_GROUP: return "a group { ... }";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: return "an integer";
    case CONFIG_TYPE_FLOAT: return "a decimal number";
    case CONFIG_TYPE_STRING: return "a string";
    case CONFIG_TYPE_BOOL: return "a boolean";
    case CONFIG_TYPE_ARRAY: return "an array [ ... ]";
    case CONFIG_TYPE_LIST: return "a list ( ... )";
    }
    return "a value of unknown type";
}

static int is_int(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

/* The closest valid top-level or dotted name: every option, every group, primary, replicas. */
static void suggest(const char *name, char *out, size_t len)
{
    const char *words[160];
    char groups[16][32];
    size_t nw = 0, ng = 0, count = rws__options_count();
    for (size_t i = 0; i < count && nw < RWS_ARRAY_LEN(words) - 4; i++) {
        const char *opt = rws__options_name(i);
        words[nw++] = opt;
        const char *dot = strchr(opt, '.');
        if (!dot || (size_t)(dot - opt) >= sizeof groups[0] || ng >= RWS_ARRAY_LEN(groups))
            continue;
        char g[32];
        memcpy(g, opt, (size_t)(dot - opt));
        g[dot - opt] = '\0';
        size_t k = 0;
        while (k < ng && strcmp(groups[k], g) != 0)
            k++;
        if (k == ng) {
            memcpy(groups[ng], g, sizeof g);
            words[nw++] = groups[ng++];
        }
    }
    words[nw++] = "primary";
    words[nw++] = "replicas";
    words[nw] = NULL;
    const char *best = rws__closest_word(name, words);
    rws__strlcpy(out, best ? best : "", len);
}

static void unknown_option(parser *p, unsigned line, const char *name)
{
    char close[64];
    suggest(name, close, sizeof close);
    if (*close)
        problem(p->pr, line, "unknown option '%s' (did you mean '%s'?)", name, close);
    else
        problem(p->pr, line, "unknown option '%s' (see docs/configuration.md for the options)",
                name);
}

/* What to add to a wrong-type message so the fix is obvious; never echoes a secret. */
static const char *type_hint(int want, const config_setting_t *s)
{
    int got = config_setting_type(s);
    if (want == RWS_OPT_INT && got == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        char *end;
        if (v && *v) {
            errno = 0;
            (void)strtoll(v, &end, 10);
            if (*end == '\0' && errno == 0)
                return "; write the number without quotes";
        }
        return "";
    }
    if (want == RWS_OPT_INT && got == CONFIG_TYPE_FLOAT)
        return "; write a whole number";
    if (want == RWS_OPT_BOOL && got == CONFIG_TYPE_INT)
        return "; write true or false";
    if (want == RWS_OPT_BOOL && got == CONFIG_TYPE_STRING)
        return "; write true or false without quotes";
    if ((want == RWS_OPT_STRING || want == RWS_OPT_ENUM) &&
        (got == CONFIG_TYPE_INT || got == CONFIG_TYPE_INT64 || got == CONFIG_TYPE_FLOAT ||
         got == CONFIG_TYPE_BOOL))
        return "; put the value in double quotes";
    return "";
}

static size_t option_index(const char *name)
{
    size_t n = rws__options_count();
    for (size_t i = 0; i < n; i++)
        if (strcmp(rws__options_name(i), name) == 0)
            return i;
    return n;
}

/* One setting of the table: convert by libconfig type, then rws__options_set(). */
static void apply_option(parser *p, const config_setting_t *s, const char *name)
{
    unsigned line = line_of(s);
    int want = rws__options_type(name);
    if (want < 0) {
        unknown_option(p, line, name);
        return;
    }
    int secret = rws__options_secret(name);
    if (secret && !p->secret_line)
        p->secret_line = line;
    char text[64];
    const char *value = NULL;
    switch (want) {
    case RWS_OPT_INT:
        if (is_int(s)) {
            long long v;
            const char *written;
            if (!setting_number(p, s, &v, &written)) {
                long lo = 0, hi = 0;
                rws__options_range(name, &lo, &hi);
                problem(p->pr, line, "%s: %s is out of range (allowed %ld..%ld)", name, written, lo,
                        hi);
                return;
            }
            rws__fmt(text, sizeof text, "%lld", v);
            value = text;
        }
        break;
    case RWS_OPT_BOOL:
        if (config_setting_type(s) == CONFIG_TYPE_BOOL)
            value = config_setting_get_bool(s) ? "true" : "false";
        break;
    default:
        if (config_setting_type(s) == CONFIG_TYPE_STRING)
            value = config_setting_get_string(s);
        break;
    }
    if (!value) {
        char expected[320];
        rws__options_expected(name, expected, sizeof expected);
        problem(p->pr, line, "%s: expected %s, got %s%s", name, expected,
                type_name(config_setting_type(s)), type_hint(want, s));
        return;
    }
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__options_set(p->opts, name, value, err, sizeof err);
    if (rc == RWS_ERR_NOMEM) {
        p->nomem = 1;
    } else if (rc != RWS_OK) {
        if (secret)
            problem(p->pr, line, "%s: invalid value (not shown: it is a secret)", name);
        else
            problem(p->pr, line, "%s", err);
    } else {
        size_t i = option_index(name);
        if (i < rws__options_count())
            p->opt_line[i] = line;
    }
}

/* A group of dotted options: tls = { mode = ...; }  ->  tls.mode */
static void apply_group(parser *p, const config_setting_t *g, const char *group)
{
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        char name[256];
        rws__fmt(name, sizeof name, "%s.%s", group, config_setting_name(s));
        apply_option(p, s, name);
    }
}

/* An integer backend key: 0 and *v on success; on failure a problem is recorded (allowed: the
 * range in words, for a value that does not even fit in 64 bits). */
static int backend_number(parser *p, const config_setting_t *s, const char *label,
                          const char *allowed, long long *v)
{
    const char *key = config_setting_name(s);
    if (!is_int(s)) {
        problem(p->pr, line_of(s), "%s: %s must be an integer, got %s%s", label, key,
                type_name(config_setting_type(s)), type_hint(RWS_OPT_INT, s));
        return -1;
    }
    const char *written;
    if (!setting_number(p, s, v, &written)) {
        problem(p->pr, line_of(s), "%s: %s %s is out of range (%s)", label, key, written, allowed);
        return -1;
    }
    return 0;
}

static void parse_backend(parser *p, const config_setting_t *g, rws_role role, int index)
{
    const char *role_name = role == RWS_ROLE_PRIMARY ? "primary" : "replica";
    rws_backend_spec b = {.role = role,
                          .port = 3306,
                          .weight = 1,
                          .connect_timeout_ms = -1,
                          .read_timeout_ms = -1,
                          .write_timeout_ms = -1,
                          .line = (int)line_of(g)};
    char label[300];
    const config_setting_t *nm = config_setting_get_member(g, "name");
    if (nm && config_setting_type(nm) == CONFIG_TYPE_STRING)
        rws__fmt(label, sizeof label, "%s '%s'", role_name, config_setting_get_string(nm));
    else if (role == RWS_ROLE_REPLICA)
        rws__fmt(label, sizeof label, "replica #%d", index + 1);
    else
        rws__fmt(label, sizeof label, "primary");

    int bad = 0;
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
        const char *key = config_setting_name(s);
        unsigned line = line_of(s);
        long long v;
        if (!strcmp(key, "name") || !strcmp(key, "host") || !strcmp(key, "socket")) {
            if (config_setting_type(s) != CONFIG_TYPE_STRING) {
                problem(p->pr, line, "%s: %s must be a string, got %s%s", label, key,
                        type_name(config_setting_type(s)), type_hint(RWS_OPT_STRING, s));
                bad = 1;
                continue;
            }
            char *str = (char *)config_setting_get_string(s);
            if (key[0] == 'n')
                b.name = str;
            else if (key[0] == 'h')
                b.host = str;
            else
                b.socket = str;
        } else if (!strcmp(key, "port")) {
            if (backend_number(p, s, label, RWS_STR(RWS_PORT_MIN) "-" RWS_STR(RWS_PORT_MAX), &v)) {
                bad = 1;
            } else if (v < 0 || v > (long long)UINT_MAX) {
                /* Below 0 or above UINT_MAX cannot reach rws__cluster_add_spec()'s check. */
                problem(p->pr, line, "%s: port %lld is out of range (%d-%d)", label, v,
                        RWS_PORT_MIN, RWS_PORT_MAX);
                bad = 1;
            } else {
                b.port = (unsigned)v;
            }
        } else if (!strcmp(key, "weight")) {
            if (role == RWS_ROLE_PRIMARY) {
                problem(p->pr, line, "%s: weight applies only to replicas (it is a share of reads)",
                        label);
                bad = 1;
            } else if (backend_number(p, s, label,
                                      RWS_STR(RWS_WEIGHT_MIN) "-" RWS_STR(RWS_WEIGHT_MAX), &v)) {
                bad = 1;
            } else if (v < RWS_WEIGHT_MIN || v > (long long)UINT_MAX) {
                /* rws_cluster_add_replica() reads 0 as "default"; in a file 0 is an error, since
                 * it looks like "no reads". Above UINT_MAX cannot reach add_spec's check. */
                problem(p->pr, line, "%s: weight %lld is out of range (%d-%d)", label, v,
                        RWS_WEIGHT_MIN, RWS_WEIGHT_MAX);
                bad = 1;
            } else {
                b.weight = (unsigned)v;
            }
        } else if (!strcmp(key, "connect_timeout_ms") || !strcmp(key, "read_timeout_ms") ||
                   !strcmp(key, "write_timeout_ms")) {
            long lo = 0, hi = 0;
            rws__options_range(key, &lo, &hi); /* the cluster option of the same name */
            char allowed[128];
            rws__fmt(allowed, sizeof allowed, "-1 for the cluster's %s, or %ld..%ld", key, lo, hi);
            if (backend_number(p, s, label, allowed, &v) != 0) {
                bad = 1;
            } else if (v != -1 && (v < lo || v > hi)) {
                problem(p->pr, line, "%s: %s %lld is out of range (%s)", label, key, v, allowed);
                bad = 1;
            } else if (key[0] == 'c') {
                b.connect_timeout_ms = (int)v;
            } else if (key[0] == 'r') {
                b.read_timeout_ms = (int)v;
            } else {
                b.write_timeout_ms = (int)v;
            }
        } else {
            const char *close = rws__closest_word(key, backend_keys);
            if (close)
                problem(p->pr, line, "%s: unknown key '%s' (did you mean '%s'?)", label, key,
                        close);
            else
                problem(p->pr, line, "%s: unknown key '%s' (%s)", label, key, BACKEND_KEY_ERROR);
            bad = 1;
        }
    }
    /* As in rws_cluster_add_primary(): a host that is a path is a unix socket. */
    if (b.host && b.host[0] == '/' && !b.socket) {
        b.socket = b.host;
        b.host = NULL;
    }
    if (b.host && *b.host && b.socket && *b.socket) {
        problem(p->pr, (unsigned)b.line, "%s: set host (with port) or socket, not both", label);
        bad = 1;
    }
    if (bad)
        return;
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__cluster_add_spec(p->specs_holder, &b, err, sizeof err);
    if (rc == RWS_ERR_NOMEM)
        p->nomem = 1;
    else if (rc != RWS_OK && (!b.host || !*b.host) && (!b.socket || !*b.socket))
        problem(p->pr, (unsigned)b.line,
                "%s: neither host nor socket is set (add host = \"...\"; or socket = "
                "\"/path\";)",
                label); /* add_spec's rule, worded with the backend's name and the fix */
    else if (rc != RWS_OK)
        problem(p->pr, (unsigned)b.line, "%s", err);
}

static void walk_setting(parser *p, const config_setting_t *s)
{
    const char *name = config_setting_name(s);
    int type = config_setting_type(s);
    unsigned line = line_of(s);
    if (!strcmp(name, "primary")) {
        p->have_primary = 1;
        if (type == CONFIG_TYPE_GROUP)
            parse_backend(p, s, RWS_ROLE_PRIMARY, 0);
        else if (type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY)
            problem(p->pr, line,
                    "primary must be one group: primary = { host = \"...\"; port = 3306; }; "
                    "got %s (there is exactly one primary; replicas go in replicas = ( ... ))",
                    type_name(type));
        else
            problem(p->pr, line,
                    "primary must be a group: primary = { host = \"...\"; port = 3306; }; "
                    "got %s",
                    type_name(type));
    } else if (!strcmp(name, "replicas")) {
        if (type == CONFIG_TYPE_LIST || type == CONFIG_TYPE_ARRAY) {
            int m = config_setting_length(s);
            for (int k = 0; k < m; k++) {
                const config_setting_t *r = config_setting_get_elem(s, (unsigned)k);
                if (config_setting_type(r) == CONFIG_TYPE_GROUP)
                    parse_backend(p, r, RWS_ROLE_REPLICA, k);
                else
                    problem(p->pr, line_of(r),
                            "replicas: element %d must be a group { host = \"...\"; }, got %s",
                            k + 1, type_name(config_setting_type(r)));
            }
        } else {
            problem(p->pr, line,
                    "replicas must be a list of groups: replicas = ( { host = \"...\"; }, "
                    "{ ... } ); got %s%s",
                    type_name(type),
                    type == CONFIG_TYPE_GROUP ? " (for one replica: replicas = ( { ... } );)" : "");
        }
    } else if (rws__options_is_group(name)) {
        if (type == CONFIG_TYPE_GROUP)
            apply_group(p, s, name);
        else
            problem(p->pr, line, "%s must be a group: %s = { ... }; got %s", name, name,
                    type_name(type));
    } else {
        apply_option(p, s, name);
    }
}

/* Two passes: the primary first, wherever it is in the file, so specs[0] is always the primary
 * and duplicates are reported against it. */
static void walk(parser *p, const config_setting_t *root)
{
    int n = config_setting_length(root);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
            if ((strcmp(config_setting_name(s), "primary") == 0) == (pass == 0))
                walk_setting(p, s);
        }
    }
}

/* The line of the last of a credential's password sources given in the file. */
static unsigned credential_line(const parser *p, const char *prefix)
{
    static const char *const keys[] = {"password", "password_file", "password_env"};
    unsigned line = 0;
    for (size_t i = 0; i < RWS_ARRAY_LEN(keys); i++) {
        char name[64];
        rws__fmt(name, sizeof name, "%s%s", prefix, keys[i]);
        size_t k = option_index(name);
        if (k < rws__options_count() && p->opt_line[k] > line)
            line = p->opt_line[k];
    }
    return line;
}

/* Resolve the password now, so a missing password file or variable is a load error and not a
 * surprise at the first connection. The password itself is dropped at once. */
static void check_credentials(parser *p, const rws_credentials *c, const char *prefix)
{
    char err[RWS_ERRMSG_SIZE];
    char *pw = NULL;
    rws_code rc = rws__credentials_password(c, &pw, err, sizeof err);
    rws__secret_free(pw);
    if (rc == RWS_ERR_NOMEM)
        p->nomem = 1;
    else if (rc != RWS_OK)
        problem(p->pr, credential_line(p, prefix), "%s%s", *prefix ? "monitor: " : "", err);
}

static void syntax_problem(parser *p, const config_t *cf)
{
    const char *text = config_error_text(cf);
    unsigned line = (unsigned)config_error_line(cf);
    if (!text)
        text = "syntax error";
    if (!strcmp(text, "cannot open include file"))
        problem(p->pr, line,
                "@include is not supported: keep the configuration in one file (a password "
                "can go in password_file)");
    else if (!strcmp(text, "syntax error"))
        problem(p->pr, line,
                "syntax error (settings are name = value; strings in double quotes; groups "
                "{ ... }; lists ( ... ); libconfig stops at the first syntax error)");
    else if (!strcmp(text, "duplicate setting name"))
        problem(p->pr, line, "a setting is given twice in the same group (duplicate setting name)");
    else
        problem(p->pr, line, "%s", text);
}

/* Parse text into out; *secret_line receives the first line holding a password (0 if none). */
static rws_code parse_text(const char *text, const char *label, rws_config *out, char *errs,
                           size_t errlen, unsigned *secret_line)
{
    problems pr = {.label = label ? label : "config"};
    parser p = {.pr = &pr, .opts = &out->opts};
    if (errlen)
        errs[0] = '\0';
    if (secret_line)
        *secret_line = 0;
    memset(out, 0, sizeof *out);
    rws_code rc = rws__options_init(&out->opts);
    if (rc != RWS_OK) {
        rws__fmt(errs, errlen, "out of memory");
        return rc;
    }
    p.specs_holder = rws_cluster_new();
    p.opt_line = calloc(rws__options_count(), sizeof *p.opt_line);
    if (!p.specs_holder || !p.opt_line) {
        p.nomem = 1;
    } else {
        if (rws__config_scan_literals(text, &p.lits, &p.nlits) != RWS_OK)
            p.nomem = 1;
        config_t cf;
        config_init(&cf);
        /* Includes are not supported; this makes any @include fail instead of reading a file. */
        config_set_include_dir(&cf, "/dev/null");
        if (!config_read_string(&cf, text)) {
            syntax_problem(&p, &cf);
        } else {
            walk(&p, config_root_setting(&cf));
            if (!p.have_primary)
                problem(&pr, 0,
                        "no primary: add primary = { host = \"...\"; port = 3306; }; "
                        "(or socket = \"/path\"; instead of host and port)");
            check_credentials(&p, &out->opts.auth, "");
            check_credentials(&p, &out->opts.monitor, "monitor.");
        }
        config_destroy(&cf);
    }
    problems_finish(&pr, errs, errlen);
    p.nomem |= pr.nomem;
    if (secret_line)
        *secret_line = p.secret_line;
    if (p.nomem) {
        rws__fmt(errs, errlen, "out of memory");
        rc = RWS_ERR_NOMEM;
    } else if (pr.count) {
        rc = RWS_ERR_CONFIG;
    } else {
        out->specs = p.specs_holder->specs;
        out->nspecs = p.specs_holder->nspecs;
        p.specs_holder->specs = NULL;
        p.specs_holder->nspecs = 0;
    }
    if (rc != RWS_OK)
        rws__options_free(&out->opts);
    rws_cluster_free(p.specs_holder);
    free(p.opt_line);
    free(p.lits);
    return rc;
}

rws_code rws__config_parse_string(const char *text, const char *label, rws_config *out, char *errs,
                                  size_t errlen)
{
    if (!out)
        return RWS_ERR_INVALID;
    if (!text) {
        memset(out, 0, sizeof *out);
        rws__fmt(errs, errlen, "no configuration text (NULL)");
        return RWS_ERR_INVALID;
    }
    return parse_text(text, label, out, errs, errlen, NULL);
}

/* The whole file as a NUL-terminated string; NULL with the reason in errs. */
static char *read_file(const char *path, struct stat *st, char *errs, size_t errlen, rws_code *rc)
{
    *rc = RWS_ERR_CONFIG;
    FILE *f = fopen(path, "r");
    if (!f) {
        char ebuf[128];
        rws__fmt(errs, errlen, "cannot open '%s': %s", path,
                 rws__errno_text(errno, ebuf, sizeof ebuf));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int failed = 0;
    if (fstat(fileno(f), st) != 0)
        failed = errno;
    while (!failed) {
        if (cap - len < 4096) {
            if (cap >= MAX_CONFIG_SIZE) {
                rws__fmt(errs, errlen,
                         "cannot read '%s': larger than %u MiB; is it the right file?", path,
                         MAX_CONFIG_SIZE >> 20);
                break;
            }
            size_t ncap = cap ? cap * 2 : 8192;
            char *nbuf = realloc(buf, ncap + 1);
            if (!nbuf) {
                *rc = RWS_ERR_NOMEM;
                rws__fmt(errs, errlen, "out of memory");
                break;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f))
                failed = errno ? errno : EIO;
            else {
                buf[len] = '\0';
                fclose(f);
                if (strlen(buf) != len) {
                    rws__fmt(errs, errlen, "%s: contains a NUL byte: not a configuration file",
                             path);
                    free(buf);
                    return NULL;
                }
                *rc = RWS_OK;
                return buf;
            }
        }
    }
    if (failed) {
        char ebuf[128];
        rws__fmt(errs, errlen, "cannot read '%s': %s", path,
                 rws__errno_text(failed, ebuf, sizeof ebuf));
    }
    fclose(f);
    free(buf);
    return NULL;
}

rws_code rws__config_parse_file(const char *path, rws_config *out, char *errs, size_t errlen)
{
    if (!out)
        return RWS_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if (!path) {
        rws__fmt(errs, errlen, "no configuration file given (path is NULL)");
        return RWS_ERR_INVALID;
    }
    struct stat st;
    rws_code rc;
    char *text = read_file(path, &st, errs, errlen, &rc);
    if (!text)
        return rc;
    unsigned secret_line;
    rc = parse_text(text, path, out, errs, errlen, &secret_line);
    free(text);
    if (secret_line && (st.st_mode & 077))
        rws__config_warn("%s: holds a password (line %u) and is readable by %s (mode %04o); "
                         "chmod 600 it, or move the password to password_file",
                         path, secret_line, (st.st_mode & 07) ? "others" : "its group",
                         (unsigned)(st.st_mode & 07777));
    return rc;
}

void rws__config_free(rws_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nspecs; i++)
        rws__backend_spec_free(&cfg->specs[i]);
    free(cfg->specs);
    rws__options_free(&cfg->opts);
    memset(cfg, 0, sizeof *cfg);
}

/* ---- the public entry point -------------------------------------------------------------- */

rws_code rws_cluster_load(const char *path, rws_cluster **out)
{
    if (!out)
        return RWS_ERR_INVALID;
    rws_cluster *c = *out = rws_cluster_new();
    if (!c)
        return RWS_ERR_NOMEM;
    if (!path) {
        const char *env = getenv("RWSPLIT_CONFIG");
        if (!env || !*env)
            return c->load_failed = 1, rws__cluster_fail(c, RWS_ERR_INVALID,
                                     "no configuration file: the path is NULL and RWSPLIT_CONFIG "
                                     "is not set");
        path = env;
    }
    rws__strlcpy(c->config_path, path, sizeof c->config_path);
    char errs[sizeof c->errmsg];
    rws_config cfg;
    rws_code rc = rws__config_parse_file(path, &cfg, errs, sizeof errs);
    if (rc != RWS_OK) {
        c->load_failed = 1; /* rws_cluster_start() refuses it, keeping these messages */
        return rws__cluster_fail(c, rc, "%s", errs);
    }
    /* A new handle: nothing else can see it yet, so the parsed value is moved in whole. */
    rws__options_free(&c->opts);
    c->opts = cfg.opts;
    c->specs = cfg.specs;
    c->nspecs = cfg.nspecs;
    return RWS_OK;
}
