/* JSON responses and request bodies for the /api routes. */
#include "api_json.h"

#include "cookies.h"
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void resp_json(response *resp, unsigned status, json_t *v)
{
    resp->status = status;
    resp->content_type = "application/json";
    resp->body.len = 0;
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(v);
    if (text) {
        sb_puts(&resp->body, text);
        sb_puts(&resp->body, "\n");
        free(text);
    } else {
        resp->status = 500;
        sb_puts(&resp->body, "{\"error\":\"out of memory\",\"status\":500}\n");
    }
}

void resp_json_error(response *resp, unsigned status, const char *message)
{
    resp_json(resp, status, json_pack("{s:s, s:i}", "error", message, "status", (int)status));
}

json_t *api_body(request *req, response *resp)
{
    if (!req_content_type_is(req, "application/json")) {
        resp_json_error(resp, 415, "send the body as Content-Type: application/json");
        return NULL;
    }
    json_error_t err;
    json_t *v = json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!v) {
        char msg[300];
        snprintf(msg, sizeof msg, "malformed JSON at line %d, column %d: %s", err.line, err.column,
                 err.text);
        resp_json_error(resp, 400, msg);
        return NULL;
    }
    if (!json_is_object(v)) {
        json_decref(v);
        resp_json_error(resp, 400, "the body must be a JSON object");
        return NULL;
    }
    return v;
}

json_t *api_served_by(const request *req, const db *d)
{
    json_t *o = json_pack("{s:s}", "instance", req->app->instance);
    if (d && d->have_read) {
        json_object_set_new(o, "backend", json_string(d->read_backend));
        json_object_set_new(o, "route",
                            json_string(d->read_role == RWS_ROLE_REPLICA ? "replica" : "primary"));
        json_object_set_new(o, "why", json_string(d->read_why));
        json_object_set_new(o, "lag_ms", json_integer(d->read_lag_ms));
    }
    json_object_set_new(o, "token_applied", json_boolean(d && d->token_given));
    return o;
}

int api_db_open(db *d, request *req, response *resp, int snapshot)
{
    if (db_open(d, req->app->cluster, req->token) == RWS_OK &&
        (!snapshot || db_snapshot_begin(d) == RWS_OK))
        return 0;
    resp_json_error(resp, 503, "the database cannot be reached right now");
    db_close(d);
    return -1;
}

void api_db_close(db *d, response *resp)
{
    db_snapshot_end(d);
    if (d->have_read) {
        snprintf(resp->read_from, sizeof resp->read_from, "%s (%s)", d->read_backend,
                 d->read_role == RWS_ROLE_REPLICA ? "replica" : "primary");
    }
    cookies_finish(resp, d);
    db_close(d);
}
