/* Request accessors and response builders shared by the pages and the API. */
#ifndef SHOP_HTTP_H
#define SHOP_HTTP_H

#include "app.h"

void resp_init(response *r);
void resp_free(response *r);
/* A plain body of the given type (the text is copied). */
void resp_text(response *r, unsigned status, const char *type, const char *text);
/* 303 See Other to a local path (the way a form POST ends). */
void resp_redirect(response *r, const char *location);
/* Add a Set-Cookie header: name=value, path /, HttpOnly, SameSite=Lax, max_age seconds
 * (0 deletes the cookie). */
void resp_cookie(response *r, const char *name, const char *value, long max_age);

/* A request header or query-string argument, NULL if absent. */
const char *req_header(const request *req, const char *name);
const char *req_query(const request *req, const char *name);
/* Whether the request's Content-Type is `type` (parameters such as charset ignored). */
int req_content_type_is(const request *req, const char *type);

/* The reason phrase of a status code. */
const char *http_reason(unsigned status);

#endif
