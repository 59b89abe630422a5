/* Statistics: per-backend and cluster-wide counters, copied out, and the Prometheus text format. */
#include "cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t rws_cluster_backend_count(rws_cluster *c)
{
    if (!c)
        return 0;
    pthread_mutex_lock(&c->start_lock);
    size_t n = c->started ? rws__backend_count(c) : 0;
    pthread_mutex_unlock(&c->start_lock);
    return n;
}

const char *rws_state_name(rws_state s)
{
    switch (s) {
    case RWS_STATE_UNKNOWN: return "unknown";
    case RWS_STATE_UP: return "up";
    case RWS_STATE_DOWN: return "down";
    case RWS_STATE_LAGGING: return "lagging";
    case RWS_STATE_LOGIN_REFUSED: return "login refused";
    case RWS_STATE_REMOVED: return "removed";
    }
    return "unknown";
}

rws_code rws_cluster_backend_info(rws_cluster *c, size_t i, rws_backend_info *out)
{
    if (!c || !out || i >= rws_cluster_backend_count(c))
        return RWS_ERR_INVALID;
    rws_backend *b = &c->backends[i];
    memset(out, 0, sizeof *out);
    rws__strlcpy(out->name, b->spec.name, sizeof out->name);
    if (b->spec.socket)
        rws__strlcpy(out->address, b->spec.socket, sizeof out->address);
    else
        rws__fmt(out->address, sizeof out->address, "%s:%u", b->spec.host, b->spec.port);
    out->role = (rws_role)atomic_load(&b->role);
    out->state = (rws_state)atomic_load(&b->state); /* the same numbering as rws_backend_state */
    out->weight = atomic_load(&b->weight);
    int64_t lag = atomic_load(&b->lag_us);
    out->lag_ms = lag < 0 ? -1 : lag / 1000;
    out->replicating = out->role == RWS_ROLE_PRIMARY ? -1 : atomic_load(&b->replicating);
    rws__backend_get_pos(b, out->gtid, sizeof out->gtid);
    out->latency_ms = rws__ewma_get(&b->latency) / 1000.0;
    out->latency_p50_ms = rws__backend_latency_quantile(b, 0.50) / 1000.0;
    out->latency_p99_ms = rws__backend_latency_quantile(b, 0.99) / 1000.0;
    out->reads = atomic_load(&b->stats.reads);
    out->writes = atomic_load(&b->stats.writes);
    out->session_commands = atomic_load(&b->stats.session_cmds);
    out->retries = atomic_load(&b->stats.retries);
    out->errors = atomic_load(&b->stats.errors);
    out->connects = atomic_load(&b->stats.connects);
    return RWS_OK;
}

rws_code rws_cluster_stats(rws_cluster *c, rws_stats *out)
{
    if (!c || !out)
        return RWS_ERR_INVALID;
    out->statements = atomic_load(&c->stats.statements);
    out->reads_primary = atomic_load(&c->stats.reads_primary);
    out->fallbacks = atomic_load(&c->stats.fallbacks);
    out->retries = atomic_load(&c->stats.retries);
    out->errors = atomic_load(&c->stats.errors);
    out->state_lost = atomic_load(&c->stats.state_lost);
    out->causal_fresh = atomic_load(&c->stats.causal_fresh);
    out->causal_waited = atomic_load(&c->stats.causal_waited);
    out->causal_timeouts = atomic_load(&c->stats.causal_timeouts);
    out->causal_primary = atomic_load(&c->stats.causal_primary);
    return RWS_OK;
}

void rws_free(void *p)
{
    free(p);
}

/* A growing text buffer for the exposition format. */
typedef struct text {
    char *buf;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *fmt, ...) RWS_PRINTF(2, 3);
static void put(text *t, const char *fmt, ...)
{
    if (t->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = t->cap * 2 + (size_t)n;
        char *grown = realloc(t->buf, cap);
        if (!grown) {
            t->failed = 1;
            return;
        }
        t->buf = grown;
        t->cap = cap;
    }
}

/* Label values escape backslash, double quote and newline. */
static void label(char *out, size_t len, const char *in)
{
    size_t k = 0;
    for (; *in && k + 2 < len; in++) {
        if (*in == '\\' || *in == '"' || *in == '\n') {
            out[k++] = '\\';
            out[k++] = *in == '\n' ? 'n' : *in;
        } else {
            out[k++] = *in;
        }
    }
    out[k] = '\0';
}

char *rws_cluster_metrics(rws_cluster *c)
{
    if (!c)
        return NULL;
    text t = {malloc(4096), 0, 4096, 0};
    if (!t.buf)
        return NULL;
    t.buf[0] = '\0';
    rws_stats s;
    rws_cluster_stats(c, &s);
    const struct {
        const char *name, *help;
        uint64_t v;
    } totals[] = {
        {"statements_total", "Statements routed.", s.statements},
        {"reads_on_primary_total", "Reads that ran on the primary.", s.reads_primary},
        {"fallbacks_total", "Reads sent to the primary for lack of an eligible replica.",
         s.fallbacks},
        {"retries_total", "Reads retried after a replica failed.", s.retries},
        {"errors_total", "Connection-level errors returned to the application.", s.errors},
        {"state_lost_total", "Session state lost on a reconnect.", s.state_lost},
    };
    for (size_t i = 0; i < RWS_ARRAY_LEN(totals); i++)
        put(&t, "# HELP rwsplit_%s %s\n# TYPE rwsplit_%s counter\nrwsplit_%s %llu\n",
            totals[i].name, totals[i].help, totals[i].name, totals[i].name,
            (unsigned long long)totals[i].v);
    put(&t,
        "# HELP rwsplit_causal_reads_total Read-your-writes reads by outcome.\n"
        "# TYPE rwsplit_causal_reads_total counter\n"
        "rwsplit_causal_reads_total{outcome=\"fresh\"} %llu\n"
        "rwsplit_causal_reads_total{outcome=\"waited\"} %llu\n"
        "rwsplit_causal_reads_total{outcome=\"timeout\"} %llu\n"
        "rwsplit_causal_reads_total{outcome=\"primary\"} %llu\n",
        (unsigned long long)s.causal_fresh, (unsigned long long)s.causal_waited,
        (unsigned long long)s.causal_timeouts, (unsigned long long)s.causal_primary);

    size_t n = rws_cluster_backend_count(c);
    static const struct {
        const char *name, *type, *help;
    } per[] = {
        {"backend_up", "gauge", "1 if the backend is up (a replica: within max_lag_ms)."},
        {"backend_state", "gauge", "0 unknown, 1 up, 2 down, 3 lagging, 4 login refused."},
        {"backend_is_primary", "gauge", "1 for the current primary."},
        {"backend_lag_seconds", "gauge", "Replication lag (-1 unknown)."},
        {"backend_latency_seconds", "gauge", "Moving average of response times."},
        {"backend_reads_total", "counter", "Reads served."},
        {"backend_writes_total", "counter", "Writes and pinned statements served."},
        {"backend_session_commands_total", "counter", "Session commands run."},
        {"backend_retries_total", "counter", "Reads that failed here and were retried."},
        {"backend_errors_total", "counter", "Times the backend was marked down."},
        {"backend_connects_total", "counter", "Connections opened by sessions."},
    };
    rws_backend_info *infos = calloc(n ? n : 1, sizeof *infos);
    if (!infos) {
        free(t.buf);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        rws_cluster_backend_info(c, i, &infos[i]);
    for (size_t m = 0; m < RWS_ARRAY_LEN(per); m++) {
        put(&t, "# HELP rwsplit_%s %s\n# TYPE rwsplit_%s %s\n", per[m].name, per[m].help,
            per[m].name, per[m].type);
        for (size_t i = 0; i < n; i++) {
            const rws_backend_info *b = &infos[i];
            char lbl[300];
            label(lbl, sizeof lbl, b->name);
            const char *role = b->role == RWS_ROLE_PRIMARY ? "primary" : "replica";
            put(&t, "rwsplit_%s{backend=\"%s\",role=\"%s\"} ", per[m].name, lbl, role);
            switch (m) {
            case 0: put(&t, "%d\n", b->state == RWS_STATE_UP); break;
            case 1: put(&t, "%d\n", (int)b->state); break;
            case 2: put(&t, "%d\n", b->role == RWS_ROLE_PRIMARY); break;
            case 3: put(&t, "%.3f\n", b->lag_ms < 0 ? -1.0 : (double)b->lag_ms / 1000.0); break;
            case 4: put(&t, "%.6f\n", b->latency_ms / 1000.0); break;
            case 5: put(&t, "%llu\n", (unsigned long long)b->reads); break;
            case 6: put(&t, "%llu\n", (unsigned long long)b->writes); break;
            case 7: put(&t, "%llu\n", (unsigned long long)b->session_commands); break;
            case 8: put(&t, "%llu\n", (unsigned long long)b->retries); break;
            case 9: put(&t, "%llu\n", (unsigned long long)b->errors); break;
            default: put(&t, "%llu\n", (unsigned long long)b->connects); break;
            }
        }
    }
    free(infos);
    put(&t, "# HELP rwsplit_backend_response_seconds Response times seen by connections.\n"
            "# TYPE rwsplit_backend_response_seconds histogram\n");
    for (size_t i = 0; i < n; i++) {
        const rws_backend *b = &c->backends[i];
        char lbl[300];
        label(lbl, sizeof lbl, b->spec.name);
        uint64_t cum = 0;
        for (int k = 0; k < RWS_LATENCY_BUCKETS; k++) {
            cum += atomic_load_explicit(&b->latency_hist[k], memory_order_relaxed);
            if (k < RWS_LATENCY_BUCKETS - 1)
                put(&t, "rwsplit_backend_response_seconds_bucket{backend=\"%s\",le=\"%g\"} %llu\n",
                    lbl, (double)((uint64_t)1 << (k + 1)) / 1e6, (unsigned long long)cum);
        }
        put(&t,
            "rwsplit_backend_response_seconds_bucket{backend=\"%s\",le=\"+Inf\"} %llu\n"
            "rwsplit_backend_response_seconds_sum{backend=\"%s\"} %.6f\n"
            "rwsplit_backend_response_seconds_count{backend=\"%s\"} %llu\n",
            lbl, (unsigned long long)cum, lbl, (double)atomic_load(&b->latency_sum_us) / 1e6, lbl,
            (unsigned long long)cum);
    }
    if (t.failed) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}
