/* The rws_cluster API: creation, options, backends, errors, teardown. */
#include "cluster.h"

#include "log.h"
#include "monitor.h"
#include "conn.h"

#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rws_code rws__cluster_fail(rws_cluster *c, rws_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&c->lock);
    c->errcode = code;
    rws__vfmt(c->errmsg, sizeof c->errmsg, fmt, ap);
    pthread_mutex_unlock(&c->lock);
    va_end(ap);
    return code;
}

rws_cluster *rws_cluster_new(void)
{
    if (rws_library_init() != RWS_OK)
        return NULL;
    rws_cluster *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->start_lock, NULL);
    atomic_store(&c->live, &c->opts);
    c->log_fn = rws__log_stderr;
    rws__balance_init(&c->balance, (uint64_t)rws__now_us() ^ (uint64_t)(uintptr_t)c);
    atomic_store(&c->primary, -1);
    if (rws__options_init(&c->opts) != RWS_OK) {
        pthread_mutex_destroy(&c->lock);
        free(c);
        return NULL;
    }
    return c;
}

void rws_cluster_free(rws_cluster *c)
{
    if (!c)
        return;
    rws__monitor_stop(c->monitor); /* first: its thread reads the backends */
    rws__pool_drain(c);
    for (size_t i = 0; i < c->nspecs; i++)
        rws__backend_spec_free(&c->specs[i]);
    free(c->specs);
    for (size_t i = 0; c->backends && i < rws__backend_count(c); i++)
        pthread_mutex_destroy(&c->backends[i].pos_lock);
    const rws_options *live = rws__opts(c);
    if (live != &c->opts) { /* a reload's copy */
        rws__options_free((rws_options *)live);
        free((rws_options *)live);
    }
    for (size_t i = 0; i < c->nretired; i++) {
        rws__options_free(c->retired[i]);
        free(c->retired[i]);
    }
    free(c->retired);
    free(c->backends);
    if (c->password) {
        memset(c->password, 0, strlen(c->password));
        free(c->password);
    }
    rws__options_free(&c->opts);
    pthread_mutex_destroy(&c->start_lock);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

rws_code rws_cluster_errcode(const rws_cluster *c)
{
    return c ? c->errcode : RWS_ERR_INVALID;
}

const char *rws_cluster_error(const rws_cluster *c)
{
    return c ? c->errmsg : "no cluster handle (NULL)";
}

rws_code rws_cluster_set(rws_cluster *c, const char *name, const char *value)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (c->started)
        return rws__cluster_fail(c, RWS_ERR_INVALID,
                                 "option '%s' cannot change after the cluster started; "
                                 "use rws_cluster_reload()",
                                 name ? name : "(null)");
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__options_set(&c->opts, name, value, err, sizeof err);
    if (rc != RWS_OK)
        return rws__cluster_fail(c, rc, "%s", rc == RWS_ERR_NOMEM ? "out of memory" : err);
    return RWS_OK;
}

static int same_address(const rws_backend_spec *a, const rws_backend_spec *b)
{
    if (a->socket || b->socket)
        return a->socket && b->socket && strcmp(a->socket, b->socket) == 0;
    return a->host && b->host && strcmp(a->host, b->host) == 0 && a->port == b->port;
}

rws_code rws__cluster_add_spec(rws_cluster *c, const rws_backend_spec *spec, char *err,
                               size_t errlen)
{
    const char *role = spec->role == RWS_ROLE_PRIMARY ? "primary" : "replica";
    if ((!spec->host || !*spec->host) && (!spec->socket || !*spec->socket)) {
        rws__fmt(err, errlen, "%s: neither host nor socket is set", role);
        return RWS_ERR_CONFIG;
    }
    if (!spec->socket && (spec->port == 0 || spec->port > 65535)) {
        rws__fmt(err, errlen, "%s '%s': port %u is out of range (1-65535)", role,
                 spec->name ? spec->name : spec->host, spec->port);
        return RWS_ERR_CONFIG;
    }
    if (spec->weight > 1000) {
        rws__fmt(err, errlen, "%s '%s': weight %u is out of range (1-1000)", role,
                 spec->name ? spec->name : spec->host, spec->weight);
        return RWS_ERR_CONFIG;
    }
    rws_backend_spec b = *spec;
    b.name = b.host = b.socket = NULL;
    if (spec->socket && *spec->socket) {
        b.socket = rws__strdup(spec->socket);
    } else {
        b.host = rws__strdup(spec->host);
    }
    if (spec->name && *spec->name) {
        b.name = rws__strdup(spec->name);
    } else {
        char def[300];
        if (spec->socket && *spec->socket)
            rws__fmt(def, sizeof def, "%s", spec->socket);
        else
            rws__fmt(def, sizeof def, "%s:%u", spec->host, spec->port);
        b.name = rws__strdup(def);
    }
    if (!b.name || (!b.host && !b.socket)) {
        rws__backend_spec_free(&b);
        return RWS_ERR_NOMEM;
    }
    if (b.weight == 0)
        b.weight = 1;
    for (size_t i = 0; i < c->nspecs; i++) {
        const rws_backend_spec *o = &c->specs[i];
        const char *why = NULL;
        if (b.role == RWS_ROLE_PRIMARY && o->role == RWS_ROLE_PRIMARY)
            why = "a second primary";
        else if (strcmp(o->name, b.name) == 0)
            why = "a duplicate backend name";
        else if (same_address(o, &b))
            why = "a duplicate backend address";
        if (why) {
            rws__fmt(err, errlen, "%s '%s' is %s (first defined as '%s')", role, b.name, why,
                     o->name);
            rws__backend_spec_free(&b);
            return RWS_ERR_CONFIG;
        }
    }
    if (c->nspecs >= RWS_MAX_BACKENDS) {
        rws__fmt(err, errlen, "%s '%s': too many backends (at most %d)", role, b.name,
                 RWS_MAX_BACKENDS);
        rws__backend_spec_free(&b);
        return RWS_ERR_CONFIG;
    }
    rws_backend_spec *grown = realloc(c->specs, (c->nspecs + 1) * sizeof *grown);
    if (!grown) {
        rws__backend_spec_free(&b);
        return RWS_ERR_NOMEM;
    }
    c->specs = grown;
    c->specs[c->nspecs++] = b;
    return RWS_OK;
}

static rws_code add_backend(rws_cluster *c, rws_role role, const char *name, const char *host,
                            unsigned port, unsigned weight)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (c->started)
        return rws__cluster_fail(c, RWS_ERR_INVALID,
                                 "backends cannot be added after the cluster "
                                 "started; use rws_cluster_reload()");
    rws_backend_spec spec = {.role = role,
                             .name = (char *)name,
                             .port = port,
                             .weight = weight,
                             .connect_timeout_ms = -1,
                             .read_timeout_ms = -1,
                             .write_timeout_ms = -1};
    if (host && host[0] == '/')
        spec.socket = (char *)host;
    else
        spec.host = (char *)host;
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__cluster_add_spec(c, &spec, err, sizeof err);
    if (rc == RWS_ERR_CONFIG)
        return rws__cluster_fail(c, RWS_ERR_INVALID, "%s", err);
    if (rc != RWS_OK)
        return rws__cluster_fail(c, rc, "%s", rws_strerror(rc));
    return RWS_OK;
}

rws_code rws_cluster_add_primary(rws_cluster *c, const char *name, const char *host, unsigned port)
{
    return add_backend(c, RWS_ROLE_PRIMARY, name, host, port, 1);
}

rws_code rws_cluster_add_replica(rws_cluster *c, const char *name, const char *host, unsigned port,
                                 unsigned weight)
{
    return add_backend(c, RWS_ROLE_REPLICA, name, host, port, weight);
}

/* ---- start: resolve credentials, build the backends, probe each once ------------------------ */

typedef struct probe {
    rws_cluster *c;
    rws_backend *b;
    unsigned errnum;
    char err[RWS_ERRMSG_SIZE];
    int ok;
} probe;

static void *probe_backend(void *arg)
{
    probe *p = arg;
    MYSQL *m = rws__backend_connect(p->b, &p->c->params, &p->errnum, p->err, sizeof p->err);
    if (m) {
        p->ok = 1;
        mysql_close(m);
    }
    mysql_thread_end();
    return NULL;
}

static int is_login_refusal(unsigned e)
{
    /* access denied, unknown database, account locked, password expired */
    return e == 1045 || e == 1049 || e == 1044 || e == 3118 || e == 1862 || e == 4151;
}

static rws_code build_backends(rws_cluster *c)
{
    c->backends = calloc(RWS_MAX_BACKENDS, sizeof *c->backends);
    if (!c->backends)
        return RWS_ERR_NOMEM;
    atomic_store(&c->primary, -1);
    for (size_t i = 0; i < c->nspecs; i++) {
        rws_backend *b = &c->backends[i];
        rws__backend_init(b, &c->specs[i], (int)i); /* specs are immutable after start */
        if (b->spec.role == RWS_ROLE_PRIMARY)
            atomic_store(&c->primary, (int)i);
    }
    atomic_store(&c->nbackends, c->nspecs);
    return RWS_OK;
}

static rws_code do_start(rws_cluster *c)
{
    if (c->nspecs == 0 || c->specs[0].role != RWS_ROLE_PRIMARY) {
        int has_primary = 0;
        for (size_t i = 0; i < c->nspecs; i++)
            has_primary |= c->specs[i].role == RWS_ROLE_PRIMARY;
        if (!has_primary)
            return rws__cluster_fail(c, RWS_ERR_CONFIG,
                                     "no primary is configured: add one with "
                                     "rws_cluster_add_primary() or 'primary = { host; port; }'");
    }
    char err[RWS_ERRMSG_SIZE];
    rws_code rc = rws__credentials_password(&c->opts.auth, &c->password, err, sizeof err);
    if (rc != RWS_OK)
        return rws__cluster_fail(c, rc, "%s", err);
    c->params = (rws_connect_params){
        .user = c->opts.auth.user,
        .password = c->password,
        .database = c->opts.database,
        .charset = c->opts.charset,
        .multi_statements = c->opts.multi_statements,
        .connect_timeout_ms = c->opts.connect_timeout_ms,
        .read_timeout_ms = c->opts.read_timeout_ms,
        .write_timeout_ms = c->opts.write_timeout_ms,
        .opts = &c->opts,
    };
    if ((rc = build_backends(c)) != RWS_OK)
        return rws__cluster_fail(c, rc, "out of memory");

    /* Probe every backend at once, so start-up costs one connect timeout, not one per server. */
    probe *probes = calloc(rws__backend_count(c), sizeof *probes);
    pthread_t *threads = calloc(rws__backend_count(c), sizeof *threads);
    if (!probes || !threads) {
        free(probes);
        free(threads);
        return rws__cluster_fail(c, RWS_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < rws__backend_count(c); i++) {
        probes[i] = (probe){.c = c, .b = &c->backends[i]};
        if (pthread_create(&threads[i], NULL, probe_backend, &probes[i]) != 0)
            probe_backend(&probes[i]), threads[i] = 0;
    }
    int64_t now = rws__now_us();
    rc = RWS_OK;
    for (size_t i = 0; i < rws__backend_count(c); i++) {
        if (threads[i])
            pthread_join(threads[i], NULL);
        rws_backend *b = &c->backends[i];
        if (probes[i].ok) {
            rws__backend_mark_up(b);
        } else if (is_login_refusal(probes[i].errnum)) {
            atomic_store(&b->state, RWS_BACKEND_AUTH);
            if (rc == RWS_OK)
                rc = rws__cluster_fail(c, RWS_ERR_CONNECT, "%s (check user, password and database)",
                                       probes[i].err);
        } else if (probes[i].errnum == CR_SSL_CONNECTION_ERROR &&
                   c->opts.tls.mode >= RWS_TLS_REQUIRED) {
            /* A certificate that does not verify is a configuration problem, not an outage. */
            atomic_store(&b->state, RWS_BACKEND_AUTH);
            if (rc == RWS_OK)
                rc =
                    rws__cluster_fail(c, RWS_ERR_TLS, "%s (check the tls settings)", probes[i].err);
        } else {
            rws__backend_mark_down(b, rws__opts(c), now);
        }
    }
    free(probes);
    free(threads);
    if (rc != RWS_OK)
        return rc;
    /* The monitor's first check runs now, so the first query already avoids a lagging replica. */
    rc = rws__monitor_start(c);
    if (rc == RWS_ERR_NOMEM)
        return rws__cluster_fail(c, rc, "out of memory");
    return rc;
}

rws_code rws_cluster_start(rws_cluster *c)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (c->load_failed)
        return c->errcode; /* its messages stay as the loader wrote them */
    pthread_mutex_lock(&c->start_lock);
    if (!c->started) {
        c->start_result = do_start(c);
        c->started = 1;
    }
    rws_code rc = c->start_result;
    pthread_mutex_unlock(&c->start_lock);
    return rc;
}

MYSQL *rws_cluster_connect_backend(rws_cluster *c, size_t i)
{
    if (!c || i >= rws_cluster_backend_count(c)) {
        if (c)
            rws__cluster_fail(c, RWS_ERR_INVALID, "no backend %zu (the cluster has %zu)", i,
                              rws_cluster_backend_count(c));
        return NULL;
    }
    unsigned errnum;
    char err[RWS_ERRMSG_SIZE];
    MYSQL *m = rws__backend_connect(&c->backends[i], &c->params, &errnum, err, sizeof err);
    if (!m)
        rws__cluster_fail(c, RWS_ERR_CONNECT, "%s", err);
    return m;
}
