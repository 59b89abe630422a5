/* rws_cluster_reload(): apply a changed configuration file to a running cluster without dropping
 * open connections. Replicas are added, removed or re-weighted, and limits change; settings that
 * live connections depend on (credentials, database, TLS, the primary...) need a restart, and a
 * file that changes one of them is refused whole, like an invalid file: the running
 * configuration stays untouched. */
#include "cluster.h"
#include "config.h"
#include "log.h"
#include "monitor.h"

#include <stdlib.h>
#include <string.h>

/* Options a reload may change. Everything else must be equal in the new file. */
static const char *const reloadable[] = {"monitor_interval_ms",
                                         "max_lag_ms",
                                         "fallback",
                                         "consistency",
                                         "causal_wait_ms",
                                         "sticky_after_write_ms",
                                         "balance",
                                         "connect_timeout_ms",
                                         "read_timeout_ms",
                                         "write_timeout_ms",
                                         "backoff_start_ms",
                                         "backoff_max_ms",
                                         "retry_reads",
                                         "follow_primary",
                                         "session_history_max",
                                         "pool_max_idle",
                                         "log_level",
                                         NULL};

static int is_reloadable(const char *name)
{
    for (int i = 0; reloadable[i]; i++)
        if (strcmp(reloadable[i], name) == 0)
            return 1;
    return 0;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Names the options that differ but cannot change at run time, into err. 0 if none. */
static int fixed_options_changed(const rws_options *now, const rws_options *next, char *err,
                                 size_t errlen)
{
    size_t n = 0;
    int changed = 0;
    for (size_t i = 0; i < rws__options_count(); i++) {
        const char *name = rws__options_name(i);
        if (is_reloadable(name))
            continue;
        char a[1024], b[1024];
        rws__options_get(now, name, a, sizeof a);
        rws__options_get(next, name, b, sizeof b);
        int differ = strcmp(a, b) != 0;
        /* A secret reads "(hidden)" both ways: compare the values themselves. */
        if (!differ && strcmp(name, "password") == 0)
            differ = !same_str(now->auth.password, next->auth.password);
        if (!differ && strcmp(name, "monitor.password") == 0)
            differ = !same_str(now->monitor.password, next->monitor.password);
        if (differ) {
            n += rws__fmt(err + n, errlen - n, "%s'%s'", changed ? ", " : "", name);
            changed = 1;
        }
    }
    return changed;
}

static int same_address(const rws_backend_spec *a, const rws_backend_spec *b)
{
    return same_str(a->host, b->host) && same_str(a->socket, b->socket) && a->port == b->port &&
           a->connect_timeout_ms == b->connect_timeout_ms &&
           a->read_timeout_ms == b->read_timeout_ms && a->write_timeout_ms == b->write_timeout_ms;
}

static const rws_backend_spec *find_spec(const rws_config *cfg, const char *name)
{
    for (size_t i = 1; i < cfg->nspecs; i++) /* specs[0] is the primary */
        if (strcmp(cfg->specs[i].name, name) == 0)
            return &cfg->specs[i];
    return NULL;
}

static void remove_backend(rws_backend *b)
{
    atomic_store(&b->removed, 1);
    atomic_store(&b->state, RWS_BACKEND_REMOVED);
    atomic_fetch_add(&b->epoch, 1); /* sessions let their links to it go */
}

/* A new slot for a replica added by the file. The spec's strings move into c->specs. */
static rws_code add_backend(rws_cluster *c, rws_backend_spec *spec)
{
    size_t n = rws__backend_count(c);
    if (n >= RWS_MAX_BACKENDS)
        return RWS_ERR_CONFIG;
    rws_backend_spec *grown = realloc(c->specs, (c->nspecs + 1) * sizeof *grown);
    if (!grown)
        return RWS_ERR_NOMEM;
    c->specs = grown;
    c->specs[c->nspecs++] = *spec;
    memset(spec, 0, sizeof *spec); /* moved */
    c->specs[c->nspecs - 1].role = RWS_ROLE_REPLICA;
    rws__backend_init(&c->backends[n], &c->specs[c->nspecs - 1], (int)n);
    /* Published last: readers see a fully built slot. A new replica gets reads once the monitor
     * has checked it (its lag is unknown until then). */
    atomic_store_explicit(&c->nbackends, n + 1, memory_order_release);
    return RWS_OK;
}

static rws_code apply(rws_cluster *c, rws_config *cfg)
{
    char err[RWS_ERRMSG_SIZE];
    if (fixed_options_changed(rws__opts(c), &cfg->opts, err, sizeof err))
        return rws__cluster_fail(c, RWS_ERR_CONFIG,
                                 "%s: reload refused: %s cannot change while the cluster runs "
                                 "(a reload changes replicas, weights and limits); nothing was "
                                 "changed",
                                 c->config_path, err);
    const rws_backend_spec *p_now = &c->specs[0], *p_next = &cfg->specs[0];
    if (!same_str(p_now->name, p_next->name) || !same_address(p_now, p_next))
        return rws__cluster_fail(c, RWS_ERR_CONFIG,
                                 "%s: reload refused: the primary cannot change while the cluster "
                                 "runs (it is '%s'; use follow_primary for failovers); nothing "
                                 "was changed",
                                 c->config_path, p_now->name);
    size_t n = rws__backend_count(c), added = 0, needed = 0;
    for (size_t i = 1; i < cfg->nspecs; i++) {
        int known = 0;
        for (size_t k = 0; k < n && !known; k++)
            known = atomic_load(&c->backends[k].role) == RWS_ROLE_REPLICA &&
                    strcmp(c->backends[k].spec.name, cfg->specs[i].name) == 0 &&
                    same_address(&c->backends[k].spec, &cfg->specs[i]);
        needed += !known;
    }
    if (n + needed > RWS_MAX_BACKENDS)
        return rws__cluster_fail(c, RWS_ERR_CONFIG,
                                 "%s: reload refused: it would need %zu backend slots, at most %d "
                                 "exist over the life of a cluster; nothing was changed",
                                 c->config_path, n + needed, RWS_MAX_BACKENDS);
    rws_options *next = malloc(sizeof *next);
    rws_options **retired = realloc(c->retired, (c->nretired + 1) * sizeof *retired);
    if (retired)
        c->retired = retired;
    if (!next || !retired || rws__options_copy(next, &cfg->opts) != RWS_OK) {
        free(next);
        return rws__cluster_fail(c, RWS_ERR_NOMEM, "out of memory");
    }

    /* From here on nothing can fail. */
    size_t removed = 0, reweighted = 0;
    for (size_t k = 0; k < n; k++) {
        rws_backend *b = &c->backends[k];
        if (k == (size_t)atomic_load(&c->primary) || atomic_load(&b->role) == RWS_ROLE_PRIMARY)
            continue;
        const rws_backend_spec *s = find_spec(cfg, b->spec.name);
        if (!s || !same_address(&b->spec, s)) {
            if (!atomic_load(&b->removed)) {
                remove_backend(b);
                removed++;
            }
            continue;
        }
        if (atomic_load(&b->removed)) { /* back in the file: back in service */
            atomic_store(&b->state, RWS_BACKEND_UNKNOWN);
            atomic_store(&b->removed, 0);
            added++;
        }
        if (atomic_exchange(&b->weight, s->weight) != s->weight)
            reweighted++;
    }
    for (size_t i = 1; i < cfg->nspecs; i++) {
        int known = 0;
        for (size_t k = 0; k < n && !known; k++)
            known = strcmp(c->backends[k].spec.name, cfg->specs[i].name) == 0 &&
                    same_address(&c->backends[k].spec, &cfg->specs[i]);
        if (!known && add_backend(c, &cfg->specs[i]) == RWS_OK)
            added++;
    }
    const rws_options *old = rws__opts(c);
    atomic_store_explicit(&c->live, next, memory_order_release);
    if (old != &c->opts)
        c->retired[c->nretired++] = (rws_options *)old; /* readers may still hold it */
    rws__log(c, RWS_LOG_LEVEL_INFO,
             "%s reloaded: %zu replica(s) added, %zu removed, %zu re-weighted; limits applied",
             c->config_path, added, removed, reweighted);
    rws__monitor_poke(c->monitor);
    return RWS_OK;
}

rws_code rws_cluster_reload(rws_cluster *c, const char *path)
{
    if (!c)
        return RWS_ERR_INVALID;
    if (!path || !*path)
        path = c->config_path[0] ? c->config_path : NULL;
    if (!path)
        return rws__cluster_fail(c, RWS_ERR_INVALID,
                                 "rws_cluster_reload: no file given and the cluster was not "
                                 "loaded from one");
    rws_config cfg;
    char errs[sizeof c->errmsg];
    rws_code rc = rws__config_parse_file(path, &cfg, errs, sizeof errs);
    if (rc != RWS_OK) {
        rws__config_free(&cfg);
        return rws__cluster_fail(c, rc, "%s", errs);
    }
    pthread_mutex_lock(&c->start_lock);
    if (!c->started || c->start_result != RWS_OK) {
        pthread_mutex_unlock(&c->start_lock);
        rws__config_free(&cfg);
        return rws__cluster_fail(c, RWS_ERR_INVALID,
                                 "rws_cluster_reload: the cluster is not running; load it anew");
    }
    char prev[sizeof c->config_path];
    rws__strlcpy(prev, c->config_path, sizeof prev);
    rws__strlcpy(c->config_path, path, sizeof c->config_path); /* named in apply()'s messages */
    rc = apply(c, &cfg);
    if (rc != RWS_OK)
        rws__strlcpy(c->config_path, prev, sizeof c->config_path);
    pthread_mutex_unlock(&c->start_lock);
    rws__config_free(&cfg);
    return rc;
}
