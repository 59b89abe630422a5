/* Request accessors and response builders shared by the pages and the API. */
#include "http.h"

#include <microhttpd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void resp_init(response *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    sb_init(&r->body);
}

void resp_free(response *r)
{
    sb_free(&r->body);
    for (size_t i = 0; i < r->ncookies; i++)
        free(r->cookies[i]);
    r->ncookies = 0;
    free(r->token);
    r->token = NULL;
}

void resp_text(response *r, unsigned status, const char *type, const char *text)
{
    r->status = status;
    r->content_type = type;
    r->body.len = 0;
    sb_puts(&r->body, text);
}

void resp_redirect(response *r, const char *location)
{
    r->status = 303;
    snprintf(r->location, sizeof r->location, "%s", location);
    r->content_type = "text/plain; charset=utf-8";
    r->body.len = 0;
    sb_printf(&r->body, "See %s\n", r->location);
}

void resp_cookie(response *r, const char *name, const char *value, long max_age)
{
    if (r->ncookies == RESP_MAX_COOKIES)
        return;
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax", name,
              max_age > 0 ? value : "", max_age > 0 ? max_age : 0L);
    char *c = sb_steal(&sb, NULL);
    if (c)
        r->cookies[r->ncookies++] = c;
}

const char *req_header(const request *req, const char *name)
{
    return MHD_lookup_connection_value(req->mhd, MHD_HEADER_KIND, name);
}

const char *req_query(const request *req, const char *name)
{
    return MHD_lookup_connection_value(req->mhd, MHD_GET_ARGUMENT_KIND, name);
}

int req_content_type_is(const request *req, const char *type)
{
    const char *ct = req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct)
        return 0;
    while (*ct == ' ')
        ct++;
    size_t n = strlen(type);
    if (strncasecmp(ct, type, n) != 0)
        return 0;
    ct += n;
    while (*ct == ' ')
        ct++;
    return *ct == '\0' || *ct == ';';
}

const char *http_reason(unsigned status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}
