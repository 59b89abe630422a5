/* The two cookies: the causal token and the signed-up user. */
#include "cookies.h"

#include "http.h"
#include "validate.h"

#include <microhttpd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long a token matters: far longer than any replication lag worth serving reads through. */
#define TOKEN_MAX_AGE 3600L
#define USER_MAX_AGE  (30L * 24 * 3600)

/* Tokens use A-Z a-z 0-9 . _ ~ - only (rws_conn_token()). */
static int token_chars_ok(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-");
    return s[n] == '\0' && n > 0 && n < RWS_TOKEN_SIZE;
}

void cookies_read(request *req)
{
    req->token[0] = '\0';
    req->user_id = 0;
    const char *t = MHD_lookup_connection_value(req->mhd, MHD_COOKIE_KIND, SHOP_TOKEN_COOKIE);
    if (!t || !token_chars_ok(t))
        t = req_header(req, SHOP_TOKEN_HEADER);
    if (t && token_chars_ok(t))
        snprintf(req->token, sizeof req->token, "%s", t);
    const char *u = MHD_lookup_connection_value(req->mhd, MHD_COOKIE_KIND, SHOP_USER_COOKIE);
    long long id;
    if (u && parse_id(u, &id) == 0)
        req->user_id = id;
}

void cookies_finish(response *resp, db *d)
{
    if (!d->wrote) {
        if (d->token_bad)
            resp_cookie(resp, SHOP_TOKEN_COOKIE, "", 0);
        return;
    }
    char *token = malloc(RWS_TOKEN_SIZE);
    if (!token || db_token(d, token, RWS_TOKEN_SIZE) != 0) {
        free(token);
        return;
    }
    resp_cookie(resp, SHOP_TOKEN_COOKIE, token, TOKEN_MAX_AGE);
    free(resp->token);
    resp->token = token;
}

void cookies_set_user(response *resp, long long user_id)
{
    char v[32];
    snprintf(v, sizeof v, "%lld", user_id);
    resp_cookie(resp, SHOP_USER_COOKIE, v, USER_MAX_AGE);
}
