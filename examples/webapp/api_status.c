/* GET /api/status: the cluster as the library sees it, with the lag history the sampler kept;
 * the /status page draws its chart from this. */
#include "api_json.h"
#include "pages.h"
#include "sampler.h"

#include <stdlib.h>
#include <time.h>

static const char *role_name(rws_role r)
{
    return r == RWS_ROLE_PRIMARY ? "primary" : "replica";
}

static json_t *samples_json(sampler *s, size_t i)
{
    json_t *arr = json_array();
    if (!s)
        return arr;
    size_t max = 600;
    lag_sample *buf = malloc(max * sizeof *buf);
    if (!buf)
        return arr;
    size_t n = sampler_copy(s, i, buf, max);
    for (size_t k = 0; k < n; k++)
        json_array_append_new(
            arr, json_pack("[I, o, s]", (json_int_t)buf[k].t_ms,
                           buf[k].lag_ms >= 0 ? json_integer(buf[k].lag_ms) : json_null(),
                           rws_state_name((rws_state)buf[k].state)));
    free(buf);
    return arr;
}

static json_t *backend_json(const rws_backend_info *b, json_t *samples)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:s, s:f, s:I, s:I, s:I, s:I, s:I, s:I}", "name", b->name,
        "address", b->address, "role", role_name(b->role), "state", rws_state_name(b->state),
        "lag_ms", b->lag_ms >= 0 ? json_integer(b->lag_ms) : json_null(), "gtid", b->gtid,
        "latency_ms", b->latency_ms, "reads", (json_int_t)b->reads, "writes", (json_int_t)b->writes,
        "session_commands", (json_int_t)b->session_commands, "retries", (json_int_t)b->retries,
        "errors", (json_int_t)b->errors, "connects", (json_int_t)b->connects);
    if (b->role == RWS_ROLE_REPLICA)
        json_object_set_new(o, "replicating",
                            b->replicating < 0 ? json_null() : json_boolean(b->replicating));
    json_object_set_new(o, "samples", samples);
    return o;
}

void api_status(request *req, response *resp, const long long *args)
{
    (void)args;
    shop_app *app = req->app;
    json_t *backends = json_array();
    size_t n = rws_cluster_backend_count(app->cluster);
    for (size_t i = 0; i < n; i++) {
        rws_backend_info b;
        if (rws_cluster_backend_info(app->cluster, i, &b) == RWS_OK)
            json_array_append_new(backends, backend_json(&b, samples_json(app->sampler, i)));
    }
    rws_stats st;
    json_t *stats = NULL;
    if (rws_cluster_stats(app->cluster, &st) == RWS_OK)
        stats = json_pack(
            "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "statements",
            (json_int_t)st.statements, "reads_primary", (json_int_t)st.reads_primary, "fallbacks",
            (json_int_t)st.fallbacks, "retries", (json_int_t)st.retries, "errors",
            (json_int_t)st.errors, "causal_fresh", (json_int_t)st.causal_fresh, "causal_waited",
            (json_int_t)st.causal_waited, "causal_timeouts", (json_int_t)st.causal_timeouts,
            "causal_primary", (json_int_t)st.causal_primary);
    if (!stats)
        stats = json_object();
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    resp_json(resp, 200,
              json_pack("{s:s, s:s, s:I, s:I, s:i, s:o, s:o}", "instance", app->instance, "version",
                        rws_version(), "now_ms",
                        (json_int_t)now.tv_sec * 1000 + now.tv_nsec / 1000000, "uptime_s",
                        (json_int_t)(now.tv_sec - app->started), "interval_ms",
                        app->sampler ? (int)sampler_interval_ms(app->sampler) : 1000, "backends",
                        backends, "stats", stats));
}
