/* GET /status (the live page of the cluster) and GET /metrics (Prometheus text). */
#include "html.h"
#include "http.h"
#include "layout.h"
#include "pages.h"
#include "sampler.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static void backend_rows(strbuf *sb, rws_cluster *c)
{
    size_t n = rws_cluster_backend_count(c);
    for (size_t i = 0; i < n; i++) {
        rws_backend_info b;
        if (rws_cluster_backend_info(c, i, &b) != RWS_OK)
            continue;
        char lag[32] = "unknown";
        if (b.lag_ms >= 0)
            snprintf(lag, sizeof lag, "%lld ms", (long long)b.lag_ms);
        const char *state = rws_state_name(b.state);
        html_printf(
            sb,
            "<tr><td><b>%s</b><br><span class=\"muted\">%s</span></td><td>%r</td>"
            "<td><span class=\"badge state-%s\">%s</span>%r</td><td class=\"num\">%s</td>"
            "<td class=\"gtid\">%s</td><td class=\"num\">%L</td><td class=\"num\">%L</td>"
            "<td class=\"num\">%L</td><td class=\"num\">%L</td></tr>",
            b.name, b.address, b.role == RWS_ROLE_PRIMARY ? "primary" : "replica", state, state,
            b.role == RWS_ROLE_REPLICA && b.replicating == 0 ? " <small>(stopped)</small>" : "",
            lag, b.gtid, (long long)b.reads, (long long)b.writes, (long long)b.connects,
            (long long)b.errors);
    }
}

void page_status(request *req, response *resp, const long long *args)
{
    (void)args;
    shop_app *app = req->app;
    page_begin(resp, req, "Cluster status", "status");
    strbuf *sb = &resp->body;
    unsigned interval = app->sampler ? sampler_interval_ms(app->sampler) : 1000;
    html_printf(sb,
                "<h1>Cluster status</h1><p class=\"lead\">What librwsplit %s in instance <b>%s</b> "
                "sees: each server's role, health and replication lag, sampled every %d ms. "
                "The page refreshes itself.</p>",
                rws_version(), app->instance, (int)interval);
    sb_puts(sb, "<section class=\"panel\"><h2>Replication lag, last 5 minutes</h2>"
                "<div id=\"chart\" class=\"chart\" aria-label=\"lag chart\">"
                "<noscript>The chart needs JavaScript; the table below does not.</noscript></div>"
                "<div id=\"legend\" class=\"legend\"></div></section>\n");
    sb_puts(sb, "<section class=\"panel\"><h2>Backends</h2><table class=\"list\" id=\"backends\">"
                "<thead><tr><th>Server</th><th>Role</th><th>State</th><th class=\"num\">Lag</th>"
                "<th>GTID</th><th class=\"num\">Reads</th><th class=\"num\">Writes</th>"
                "<th class=\"num\">Connects</th><th class=\"num\">Errors</th></tr></thead><tbody>");
    backend_rows(sb, app->cluster);
    sb_puts(sb, "</tbody></table></section>\n");
    rws_stats st;
    if (rws_cluster_stats(app->cluster, &st) == RWS_OK)
        html_printf(sb,
                    "<section class=\"panel\"><h2>Routing</h2><dl class=\"facts\" id=\"stats\">"
                    "<div><dt>Statements</dt><dd>%L</dd></div>"
                    "<div><dt>Reads on the primary</dt><dd>%L</dd></div>"
                    "<div><dt>Fallbacks</dt><dd>%L</dd></div>"
                    "<div><dt>Read-your-writes: fresh replica</dt><dd>%L</dd></div>"
                    "<div><dt>... after waiting</dt><dd>%L</dd></div>"
                    "<div><dt>... wait timed out</dt><dd>%L</dd></div></dl></section>\n",
                    (long long)st.statements, (long long)st.reads_primary, (long long)st.fallbacks,
                    (long long)st.causal_fresh, (long long)st.causal_waited,
                    (long long)st.causal_timeouts);
    sb_puts(sb, "<p class=\"muted\"><a href=\"/metrics\">Prometheus metrics</a> · "
                "<a href=\"/api/status\">the same as JSON</a></p>"
                "<script src=\"/static/status.js\" defer></script>\n");
    page_end(resp, req, NULL);
}

void page_metrics(request *req, response *resp, const long long *args)
{
    (void)args;
    shop_app *app = req->app;
    char *text = rws_cluster_metrics(app->cluster);
    if (!text) {
        resp_text(resp, 500, "text/plain; charset=utf-8", "out of memory\n");
        return;
    }
    resp->status = 200;
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    sb_puts(&resp->body, text);
    rws_free(text);
    static const char *const cls[] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
    sb_puts(&resp->body, "# HELP rwsplit_shop_responses_total HTTP responses of the example shop "
                         "by status class.\n# TYPE rwsplit_shop_responses_total counter\n");
    for (size_t i = 0; i < 6; i++)
        sb_printf(&resp->body, "rwsplit_shop_responses_total{instance=\"%s\",class=\"%s\"} %llu\n",
                  app->instance, cls[i], atomic_load(&app->responses[i]));
}
