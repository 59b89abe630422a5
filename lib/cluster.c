/* The rws_cluster API: creation, options, backends, errors, teardown. */
#include "cluster.h"

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
    for (size_t i = 0; i < c->nspecs; i++)
        rws__backend_spec_free(&c->specs[i]);
    free(c->specs);
    rws__options_free(&c->opts);
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
                                 "use rws_cluster_reload()", name ? name : "(null)");
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
        return rws__cluster_fail(c, RWS_ERR_INVALID, "backends cannot be added after the cluster "
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
