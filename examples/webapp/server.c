/* The HTTP server on libmicrohttpd: one request in, one response out. */
#include "server.h"

#include "cookies.h"
#include "http.h"
#include "router.h"

#include <microhttpd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What MHD keeps for us between the calls of one request. */
typedef struct upload {
    strbuf body;
    int too_large; /* the body passed app->max_body: answer 413, keep nothing */
    int answered;  /* a response is already queued */
} upload;

static const char csp[] = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                          "script-src 'self'; form-action 'self'; frame-ancestors 'none'";

static enum MHD_Result send_response(struct MHD_Connection *c, shop_app *app, response *resp)
{
    size_t len = 0;
    char *body = sb_steal(&resp->body, &len);
    if (!body) {
        resp->status = 500;
        resp->content_type = "text/plain; charset=utf-8";
        body = strdup("out of memory\n");
        len = body ? strlen(body) : 0;
        if (!body)
            return MHD_NO;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    if (resp->cache_seconds > 0) {
        char cc[48];
        snprintf(cc, sizeof cc, "public, max-age=%d", resp->cache_seconds);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cc);
    } else {
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    }
    MHD_add_response_header(r, "X-Rwsplit-Instance", app->instance);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    if (resp->read_from[0])
        MHD_add_response_header(r, "X-Rwsplit-Read", resp->read_from);
    if (resp->token)
        MHD_add_response_header(r, SHOP_TOKEN_HEADER, resp->token);
    if (resp->location[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, resp->location);
    if (resp->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
    for (size_t i = 0; i < resp->ncookies; i++)
        MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, resp->cookies[i]);
    unsigned cls = resp->status / 100;
    atomic_fetch_add(&app->responses[cls <= 5 ? cls : 0], 1);
    enum MHD_Result ret = MHD_queue_response(c, resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Answer one request: route it, or 413 when its body was too large. */
static enum MHD_Result answer(struct MHD_Connection *c, shop_app *app, const char *url,
                              const char *method, upload *up)
{
    request *req = calloc(1, sizeof *req); /* holds a 4 KiB token: keep it off the stack */
    if (!req)
        return MHD_NO;
    req->app = app;
    req->mhd = c;
    req->method = method;
    req->path = url;
    req->body = up->body.data;
    req->body_len = up->body.len;
    cookies_read(req);
    response resp;
    resp_init(&resp);
    if (up->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "The request body is larger than %zu bytes.", app->max_body);
        router_error(req, &resp, 413, "Request too large", msg);
    } else {
        router_dispatch(req, &resp);
    }
    up->answered = 1;
    enum MHD_Result ret = send_response(c, app, &resp);
    resp_free(&resp);
    free(req);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    shop_app *app = cls;
    upload *up = *con_cls;
    if (!up) {
        if (!(up = calloc(1, sizeof *up)))
            return MHD_NO;
        sb_init(&up->body);
        *con_cls = up;
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > app->max_body) {
            /* Refuse before reading it; MHD closes the connection after this answer. */
            up->too_large = 1;
            return answer(c, app, url, method, up);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!up->too_large && !up->answered) {
            if (up->body.len + *upload_data_size > app->max_body) {
                up->too_large = 1;
                sb_free(&up->body);
            } else {
                sb_append(&up->body, upload_data, *upload_data_size);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (up->answered)
        return MHD_YES;
    if (up->body.failed)
        return MHD_NO;
    return answer(c, app, url, method, up);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    upload *up = *con_cls;
    if (up) {
        sb_free(&up->body);
        free(up);
        *con_cls = NULL;
    }
}

struct MHD_Daemon *server_start(shop_app *app, const struct sockaddr *addr, unsigned threads)
{
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (addr->sa_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 1000u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_END);
    if (!d)
        fprintf(stderr, "rwsplit-shop: cannot start the HTTP server (address in use?)\n");
    return d;
}

unsigned server_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void server_stop(struct MHD_Daemon *d)
{
    if (d)
        MHD_stop_daemon(d);
}
