/* The shop's shared types: the process-wide application, one HTTP request, one response. */
#ifndef SHOP_APP_H
#define SHOP_APP_H

#include "strbuf.h"

#include <rwsplit.h>

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

struct MHD_Connection;
struct sampler;

/* One per process, shared by every request thread (read-only after start, but the counters). */
typedef struct shop_app {
    rws_cluster *cluster;    /* the one cluster of the process */
    const char *instance;    /* this instance's name: X-Rwsplit-Instance and the page footer */
    const char *database;    /* for messages only */
    size_t max_body;         /* request bodies above this get 413 */
    struct sampler *sampler; /* lag history for /status */
    time_t started;
    atomic_ullong responses[6]; /* by status class: [2] 2xx ... [5] 5xx, [0] other */
} shop_app;

/* The cookie that carries the causal token from a write to the following reads. */
#define SHOP_TOKEN_COOKIE "rws_token"
/* The same token from an API client that keeps no cookies. */
#define SHOP_TOKEN_HEADER "X-Rwsplit-Token"
/* The signed-up user this browser acts as (a demo: no passwords). */
#define SHOP_USER_COOKIE "shop_user"

typedef struct request {
    shop_app *app;
    struct MHD_Connection *mhd;
    const char *method; /* "GET", "POST", ... */
    const char *path;   /* without the query string */
    const char *body;   /* NUL-terminated copy of the request body (NULL when empty) */
    size_t body_len;
    char token[RWS_TOKEN_SIZE]; /* causal token from the cookie or header; "" if none */
    long long user_id;          /* from the shop_user cookie; 0 if none */
} request;

#define RESP_MAX_COOKIES 4

typedef struct response {
    unsigned status;
    const char *content_type; /* static string */
    strbuf body;
    char location[256];              /* a redirect's target, "" if none */
    char *cookies[RESP_MAX_COOKIES]; /* Set-Cookie values (owned) */
    size_t ncookies;
    const char *allow;   /* Allow header of a 405 */
    char read_from[160]; /* X-Rwsplit-Read: the backend that served the reads */
    char *token;         /* X-Rwsplit-Token: the causal token after a write (owned) */
    int cache_seconds;   /* > 0: static content; 0: Cache-Control: no-store */
} response;

#endif
