/* The JSON API beside the pages: products, users, a user, a user's orders, placing an order.
 * Every response says where its reads ran ("served_by"); a write answers with the causal token
 * ("token", the X-Rwsplit-Token header and the rws_token cookie). */
#include "api_json.h"
#include "pages.h"
#include "shop.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static json_t *product_json(const product *p)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)p->id, "name", p->name,
                     "description", p->description, "price_cents", (json_int_t)p->price_cents,
                     "stock", (json_int_t)p->stock);
}

static json_t *user_json(const user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)u->id, "name", u->name,
                     "email", u->email, "created", u->created, "orders", (json_int_t)u->orders,
                     "spent_cents", (json_int_t)u->spent_cents);
}

static json_t *order_json(const order *o)
{
    json_t *lines = json_array();
    for (size_t j = 0; j < o->nlines; j++) {
        const order_line *l = &o->lines[j];
        json_array_append_new(lines, json_pack("{s:I, s:s, s:I, s:I}", "product_id",
                                               (json_int_t)l->product_id, "product", l->product,
                                               "quantity", (json_int_t)l->quantity, "price_cents",
                                               (json_int_t)l->price_cents));
    }
    return json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)o->id, "created", o->created,
                     "total_cents", (json_int_t)o->total_cents, "lines", lines);
}

/* Answer a failed shop call (the message is for the client). */
static void shop_error(response *resp, shop_rc rc, const char *msg)
{
    resp_json_error(resp, shop_http_status(rc), msg);
}

void api_products(request *req, response *resp, const long long *args)
{
    (void)args;
    db d;
    char msg[512];
    if (api_db_open(&d, req, resp, 1) != 0)
        return;
    product_list l;
    shop_rc rc = shop_list_products(&d, &l, msg, sizeof msg);
    if (rc == SHOP_OK) {
        json_t *arr = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(arr, product_json(&l.v[i]));
        resp_json(resp, 200,
                  json_pack("{s:o, s:o}", "products", arr, "served_by", api_served_by(req, &d)));
        product_list_free(&l);
    } else {
        shop_error(resp, rc, msg);
    }
    api_db_close(&d, resp);
}

void api_users(request *req, response *resp, const long long *args)
{
    (void)args;
    db d;
    char msg[512];
    if (api_db_open(&d, req, resp, 1) != 0)
        return;
    user_list l;
    shop_rc rc = shop_list_users(&d, 50, &l, msg, sizeof msg);
    if (rc == SHOP_OK) {
        json_t *arr = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(arr, user_json(&l.v[i]));
        resp_json(resp, 200,
                  json_pack("{s:o, s:o}", "users", arr, "served_by", api_served_by(req, &d)));
        user_list_free(&l);
    } else {
        shop_error(resp, rc, msg);
    }
    api_db_close(&d, resp);
}

void api_user(request *req, response *resp, const long long *args)
{
    db d;
    char msg[512];
    if (api_db_open(&d, req, resp, 1) != 0)
        return;
    user u;
    shop_rc rc = shop_get_user(&d, args[0], &u, msg, sizeof msg);
    if (rc == SHOP_OK)
        resp_json(
            resp, 200,
            json_pack("{s:o, s:o}", "user", user_json(&u), "served_by", api_served_by(req, &d)));
    else
        shop_error(resp, rc, msg);
    api_db_close(&d, resp);
}

void api_user_orders(request *req, response *resp, const long long *args)
{
    db d;
    char msg[512];
    if (api_db_open(&d, req, resp, 1) != 0)
        return;
    user u;
    order_list l = {0};
    shop_rc rc = shop_get_user(&d, args[0], &u, msg, sizeof msg);
    if (rc == SHOP_OK)
        rc = shop_list_orders(&d, u.id, 100, &l, msg, sizeof msg);
    if (rc == SHOP_OK) {
        json_t *arr = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(arr, order_json(&l.v[i]));
        resp_json(resp, 200,
                  json_pack("{s:I, s:o, s:o}", "user_id", (json_int_t)u.id, "orders", arr,
                            "served_by", api_served_by(req, &d)));
    } else {
        shop_error(resp, rc, msg);
    }
    order_list_free(&l);
    api_db_close(&d, resp);
}

/* A required string member, or NULL with a 400 answered. */
static const char *string_member(response *resp, json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    if (!json_is_string(v)) {
        char msg[100];
        snprintf(msg, sizeof msg, "\"%s\" must be a string", key);
        resp_json_error(resp, 400, msg);
        return NULL;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        resp_json_error(resp, 400, "strings must not contain NUL characters");
        return NULL;
    }
    return json_string_value(v);
}

void api_user_create(request *req, response *resp, const long long *args)
{
    (void)args;
    char msg[512];
    json_t *body = api_body(req, resp);
    if (!body)
        return;
    const char *name = string_member(resp, body, "name");
    const char *email = name ? string_member(resp, body, "email") : NULL;
    if (!name || !email)
        goto out;
    if (valid_name(name, msg, sizeof msg) != 0 || valid_email(email, msg, sizeof msg) != 0) {
        resp_json_error(resp, 400, msg);
        goto out;
    }
    db d;
    if (api_db_open(&d, req, resp, 0) != 0)
        goto out;
    long long id = 0;
    shop_rc rc = shop_signup(&d, name, email, &id, msg, sizeof msg);
    api_db_close(&d, resp);
    if (rc != SHOP_OK) {
        shop_error(resp, rc, msg);
        goto out;
    }
    resp_json(resp, 201,
              json_pack("{s:{s:I, s:s, s:s}, s:s?, s:s}", "user", "id", (json_int_t)id, "name",
                        name, "email", email, "token", resp->token, "instance",
                        req->app->instance));
out:
    json_decref(body);
}

/* A positive integer member, or -1 with a 400 answered. */
static long long int_member(response *resp, json_t *obj, const char *key, long long min,
                            long long max, const char *what)
{
    json_t *v = json_object_get(obj, key);
    char msg[160];
    if (!json_is_integer(v)) {
        snprintf(msg, sizeof msg, "\"%s\" must be a whole number", key);
        resp_json_error(resp, 400, msg);
        return -1;
    }
    json_int_t i = json_integer_value(v);
    if (i < min || i > max) {
        if (i < 0)
            snprintf(msg, sizeof msg, "\"%s\" cannot be negative", key);
        else
            snprintf(msg, sizeof msg, "\"%s\" must be %s %lld..%lld", key, what, min, max);
        resp_json_error(resp, 400, msg);
        return -1;
    }
    return (long long)i;
}

void api_order_create(request *req, response *resp, const long long *args)
{
    (void)args;
    char msg[512];
    json_t *body = api_body(req, resp);
    if (!body)
        return;
    order_item items[SHOP_ORDER_MAX_LINES];
    size_t n = 0;
    long long user_id = int_member(resp, body, "user_id", 1, 999999999999LL, "an id in");
    json_t *arr = json_object_get(body, "items");
    if (user_id < 0)
        goto out;
    if (!json_is_array(arr) || json_array_size(arr) == 0 ||
        json_array_size(arr) > SHOP_ORDER_MAX_LINES) {
        snprintf(msg, sizeof msg,
                 "\"items\" must be an array of 1 to %d {\"product_id\", "
                 "\"quantity\"} objects",
                 SHOP_ORDER_MAX_LINES);
        resp_json_error(resp, 400, msg);
        goto out;
    }
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *it = json_array_get(arr, i);
        if (!json_is_object(it)) {
            resp_json_error(resp, 400, "each item must be an object");
            goto out;
        }
        long long pid = int_member(resp, it, "product_id", 1, 999999999999LL, "an id in");
        long long qty = pid < 0 ? -1 : int_member(resp, it, "quantity", 1, SHOP_QTY_MAX, "in");
        if (qty < 0)
            goto out;
        items[n++] = (order_item){pid, qty};
    }
    db d;
    if (api_db_open(&d, req, resp, 0) != 0)
        goto out;
    long long order_id = 0, total = 0;
    shop_rc rc = shop_place_order(&d, user_id, items, &n, &order_id, &total, msg, sizeof msg);
    api_db_close(&d, resp);
    if (rc != SHOP_OK) {
        shop_error(resp, rc, msg);
        goto out;
    }
    json_t *lines = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(lines,
                              json_pack("{s:I, s:I}", "product_id", (json_int_t)items[i].product_id,
                                        "quantity", (json_int_t)items[i].quantity));
    resp_json(resp, 201,
              json_pack("{s:{s:I, s:I, s:I, s:o}, s:s?, s:s}", "order", "id", (json_int_t)order_id,
                        "user_id", (json_int_t)user_id, "total_cents", (json_int_t)total, "items",
                        lines, "token", resp->token, "instance", req->app->instance));
out:
    json_decref(body);
}
