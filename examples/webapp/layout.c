/* The chrome around every HTML page. */
#include "layout.h"

#include "cookies.h"
#include "html.h"
#include "http.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *id, *href, *label;
} nav[] = {
    {"products", "/products", "Products"},
    {"users", "/users", "Customers"},
    {"status", "/status", "Cluster status"},
};

void page_begin(response *resp, const request *req, const char *title, const char *active)
{
    strbuf *sb = &resp->body;
    resp->content_type = "text/html; charset=utf-8";
    html_printf(sb,
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%s · rwsplit shop</title>\n"
                "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body>\n"
                "<header class=\"top\"><div class=\"wrap\">"
                "<a class=\"brand\" href=\"/\"><span class=\"logo\">&#9749;</span> rwsplit shop</a>"
                "<nav>",
                title);
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
        html_printf(sb, "<a href=\"%r\"%r>%r</a>", nav[i].href,
                    active && strcmp(active, nav[i].id) == 0 ? " class=\"active\"" : "",
                    nav[i].label);
    if (req->user_id > 0) {
        char href[64];
        snprintf(href, sizeof href, "/users/%lld", req->user_id);
        html_printf(sb, "<a href=\"%s\"%r>My account</a>", href,
                    active && strcmp(active, "account") == 0 ? " class=\"active\"" : "");
    } else {
        html_printf(sb, "<a class=\"cta%r\" href=\"/signup\">Sign up</a>",
                    active && strcmp(active, "signup") == 0 ? " active" : "");
    }
    sb_puts(sb, "</nav></div></header>\n<main class=\"wrap\">\n");
}

/* "Reads served by replica1 (replica): read without side effects; lag 4 ms" */
static void describe_reads(strbuf *sb, const db *d, char *header, size_t hlen)
{
    const char *role = d->read_role == RWS_ROLE_REPLICA ? "replica" : "primary";
    snprintf(header, hlen, "%s (%s)", d->read_backend, role);
    html_printf(sb, "Reads served by <b class=\"%r\">%s</b> (%r): <span class=\"why\">%s</span>",
                role, d->read_backend, role, d->read_why);
}

void page_end(response *resp, const request *req, const db *d)
{
    strbuf *sb = &resp->body;
    sb_puts(sb, "</main>\n<footer class=\"served\"><div class=\"wrap\">");
    html_printf(sb, "<span class=\"instance\">Instance <b>%s</b></span> · ", req->app->instance);
    if (d && d->have_read)
        describe_reads(sb, d, resp->read_from, sizeof resp->read_from);
    else
        sb_puts(sb, "No database reads on this page");
    if (d && d->token_given)
        html_printf(sb,
                    " · <span class=\"token\" title=\"%s\">read-your-writes token applied</span>",
                    req->token);
    else if (d && d->token_bad)
        sb_puts(sb, " · <span class=\"token\">malformed token cookie ignored</span>");
    sb_puts(sb, "</div></footer>\n</body>\n</html>\n");
}

void page_message(response *resp, const request *req, const db *d, unsigned status,
                  const char *title, const char *message)
{
    resp->body.len = 0;
    resp->status = status;
    page_begin(resp, req, title, NULL);
    html_printf(
        &resp->body,
        "<section class=\"message %r\"><h1>%s</h1><p>%s</p>"
        "<p><a class=\"button\" href=\"/products\">Back to the products</a></p></section>\n",
        status >= 500   ? "unavailable"
        : status >= 400 ? "error"
                        : "info",
        title, message);
    page_end(resp, req, d);
}

int page_db_open(db *d, request *req, response *resp, int snapshot)
{
    if (db_open(d, req->app->cluster, req->token) == RWS_OK &&
        (!snapshot || db_snapshot_begin(d) == RWS_OK))
        return 0;
    page_message(resp, req, NULL, 503, "The shop is unavailable",
                 "The database cannot be reached right now. Please try again soon.");
    db_close(d);
    return -1;
}

void page_db_close(db *d, response *resp)
{
    db_snapshot_end(d);
    cookies_finish(resp, d);
    db_close(d);
}
