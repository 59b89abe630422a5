/* From method and path to the handler of a page or an API route. A pattern segment "#" is a
 * numeric id (passed to the handler in args), "*" matches the rest of the path. */
#include "router.h"

#include "api_json.h"
#include "layout.h"
#include "pages.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

typedef struct route {
    const char *method;
    const char *pattern;
    page_handler fn;
} route;

static const route routes[] = {
    {"GET", "/", page_products},
    {"GET", "/products", page_products},
    {"GET", "/signup", page_signup_form},
    {"POST", "/signup", page_signup_post},
    {"GET", "/users", page_users},
    {"GET", "/users/#", page_profile},
    {"GET", "/users/#/orders", page_order_history},
    {"POST", "/orders", page_order_post},
    {"GET", "/status", page_status},
    {"GET", "/metrics", page_metrics},
    {"GET", "/static/*", page_static},
    {"GET", "/api/products", api_products},
    {"GET", "/api/users", api_users},
    {"POST", "/api/users", api_user_create},
    {"GET", "/api/users/#", api_user},
    {"GET", "/api/users/#/orders", api_user_orders},
    {"POST", "/api/orders", api_order_create},
    {"GET", "/api/status", api_status},
};

#define MAX_ARGS 4

/* Whether path matches pattern; ids go to args. */
static int match(const char *pattern, const char *path, long long *args)
{
    size_t nargs = 0;
    for (;;) {
        if (*pattern == '*')
            return 1;
        if (*pattern == '#') {
            size_t n = strspn(path, "0123456789");
            char id[16];
            if (n == 0 || n >= sizeof id || nargs == MAX_ARGS)
                return 0;
            memcpy(id, path, n);
            id[n] = '\0';
            if (parse_id(id, &args[nargs++]) != 0)
                return 0;
            pattern++;
            path += n;
            continue;
        }
        if (*pattern != *path)
            return 0;
        if (!*pattern)
            return 1;
        pattern++;
        path++;
    }
}

void router_error(request *req, response *resp, unsigned status, const char *title,
                  const char *message)
{
    if (strncmp(req->path, "/api/", 5) == 0)
        resp_json_error(resp, status, message);
    else
        page_message(resp, req, NULL, status, title, message);
}

void router_dispatch(request *req, response *resp)
{
    const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
    int get = 0, post = 0;
    long long args[MAX_ARGS] = {0};
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(routes[i].pattern, req->path, args))
            continue;
        if (strcmp(routes[i].method, method) == 0) {
            routes[i].fn(req, resp, args);
            return;
        }
        get |= strcmp(routes[i].method, "GET") == 0;
        post |= strcmp(routes[i].method, "POST") == 0;
    }
    if (get || post) {
        resp->allow = get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
        char msg[128];
        snprintf(msg, sizeof msg, "This address answers %s only.", resp->allow);
        router_error(req, resp, 405, "Method not allowed", msg);
        return;
    }
    router_error(req, resp, 404, "Page not found", "There is no page at this address.");
}
