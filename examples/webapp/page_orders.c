/* Placing an order (POST /orders, a form that works without JavaScript) and the order history
 * (GET /users/{id}/orders). */
#include "form.h"
#include "html.h"
#include "http.h"
#include "layout.h"
#include "pages.h"
#include "shop.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void order_form(response *resp, long long user_id, const product_list *products)
{
    strbuf *sb = &resp->body;
    html_printf(
        sb,
        "<section class=\"panel\"><h2>Place an order</h2>"
        "<form method=\"post\" action=\"/orders\" class=\"order\">"
        "<input type=\"hidden\" name=\"user_id\" value=\"%L\">"
        "<table class=\"list\"><thead><tr><th>Product</th><th class=\"num\">Price</th>"
        "<th class=\"num\">In stock</th><th class=\"num\">Quantity</th></tr></thead><tbody>",
        user_id);
    for (size_t i = 0; i < products->n; i++) {
        const product *p = &products->v[i];
        html_printf(
            sb,
            "<tr><td>%s</td><td class=\"num\">$%M</td><td class=\"num\">%L</td>"
            "<td class=\"num\"><input type=\"number\" name=\"qty_%L\" value=\"0\" min=\"0\" "
            "max=\"%d\" aria-label=\"Quantity of %s\"%r></td></tr>",
            p->name, p->price_cents, p->stock, p->id, SHOP_QTY_MAX, p->name,
            p->stock > 0 ? "" : " disabled");
    }
    sb_puts(sb, "</tbody></table><button type=\"submit\">Place order</button></form></section>\n");
}

/* Collect the order lines of the form: qty_<product>=N fields (0 means none), or one
 * product_id + quantity pair. 0, or -1 with msg. */
static int form_items(const form *f, order_item *items, size_t *n, char *msg, size_t msglen)
{
    *n = 0;
    long long id, qty;
    const char *pid = form_get(f, "product_id");
    if (pid) {
        if (parse_id(pid, &id) != 0) {
            snprintf(msg, msglen, "The product must be given by its number.");
            return -1;
        }
        if (parse_quantity(form_get(f, "quantity"), 0, &qty, msg, msglen) != 0)
            return -1;
        items[(*n)++] = (order_item){id, qty};
    }
    for (size_t i = 0; i < f->n; i++) {
        const char *name = f->fields[i].name;
        if (strncmp(name, "qty_", 4) != 0)
            continue;
        if (parse_id(name + 4, &id) != 0) {
            snprintf(msg, msglen, "The product must be given by its number.");
            return -1;
        }
        if (parse_quantity(f->fields[i].value, 1, &qty, msg, msglen) != 0)
            return -1;
        if (qty == 0)
            continue;
        if (*n == SHOP_ORDER_MAX_LINES) {
            snprintf(msg, msglen, "Too many lines: at most %d products per order.",
                     SHOP_ORDER_MAX_LINES);
            return -1;
        }
        items[(*n)++] = (order_item){id, qty};
    }
    return 0;
}

void page_order_post(request *req, response *resp, const long long *args)
{
    (void)args;
    char msg[512];
    if (!req_content_type_is(req, "application/x-www-form-urlencoded")) {
        page_message(resp, req, NULL, 415, "Unsupported form encoding",
                     "Send the order form as application/x-www-form-urlencoded.");
        return;
    }
    form f;
    if (form_parse(&f, req->body ? req->body : "", req->body_len) != 0) {
        page_message(resp, req, NULL, 400, "Malformed form", "The form data could not be read.");
        return;
    }
    order_item items[SHOP_ORDER_MAX_LINES];
    size_t n = 0;
    long long user_id = req->user_id;
    const char *uid = form_get(&f, "user_id");
    if (uid && parse_id(uid, &user_id) != 0)
        user_id = 0;
    if (user_id <= 0) {
        page_message(resp, req, NULL, 400, "Who is ordering?",
                     "The order does not say which customer places it: sign up first.");
        goto out;
    }
    if (form_items(&f, items, &n, msg, sizeof msg) != 0) {
        page_message(resp, req, NULL, 400, "The order is not valid", msg);
        goto out;
    }
    db d;
    if (page_db_open(&d, req, resp, 0) != 0)
        goto out;
    long long order_id = 0, total = 0;
    shop_rc rc = shop_place_order(&d, user_id, items, &n, &order_id, &total, msg, sizeof msg);
    if (rc == SHOP_OK) {
        char where[96];
        snprintf(where, sizeof where, "/users/%lld/orders?placed=%lld", user_id, order_id);
        resp_redirect(resp, where);
    } else {
        page_message(resp, req, &d, shop_http_status(rc),
                     rc == SHOP_WRITES_DOWN ? "Writes are temporarily unavailable"
                                            : "The order was not placed",
                     msg);
    }
    page_db_close(&d, resp);
out:
    form_free(&f);
}

void page_order_history(request *req, response *resp, const long long *args)
{
    db d;
    char msg[512];
    if (page_db_open(&d, req, resp, 1) != 0)
        return;
    user u;
    order_list orders = {0};
    shop_rc rc = shop_get_user(&d, args[0], &u, msg, sizeof msg);
    if (rc == SHOP_OK)
        rc = shop_list_orders(&d, u.id, 100, &orders, msg, sizeof msg);
    if (rc != SHOP_OK) {
        page_message(resp, req, &d, shop_http_status(rc),
                     rc == SHOP_NOT_FOUND ? "No such customer" : "This page cannot be shown", msg);
        goto out;
    }
    page_begin(resp, req, "Orders", req->user_id == u.id ? "account" : "users");
    strbuf *sb = &resp->body;
    long long placed = 0;
    if (parse_id(req_query(req, "placed"), &placed) == 0) {
        int seen = 0;
        for (size_t i = 0; i < orders.n; i++)
            seen |= orders.v[i].id == placed;
        if (seen)
            html_printf(sb,
                        "<p class=\"flash ok\" role=\"status\">Thank you! Order #%L is "
                        "placed.</p>",
                        placed);
        else
            html_printf(sb,
                        "<p class=\"flash error\" role=\"alert\">Order #%L is not visible "
                        "here yet: this page was read from a server that has not caught "
                        "up.</p>",
                        placed);
    }
    html_printf(sb, "<h1>Orders of <a href=\"/users/%L\">%s</a></h1>", u.id, u.name);
    if (orders.n == 0)
        sb_puts(sb, "<p class=\"note\">No orders yet.</p>");
    for (size_t i = 0; i < orders.n; i++) {
        const order *o = &orders.v[i];
        html_printf(sb,
                    "<article class=\"order%r\" id=\"order-%L\"><header><h2>Order #%L</h2>"
                    "<span class=\"when\">%s</span><span class=\"total\">$%M</span></header>"
                    "<table class=\"list\"><thead><tr><th>Product</th><th class=\"num\">Qty</th>"
                    "<th class=\"num\">Price</th><th class=\"num\">Subtotal</th></tr></thead>"
                    "<tbody>",
                    o->id == placed ? " new" : "", o->id, o->id, o->created, o->total_cents);
        for (size_t j = 0; j < o->nlines; j++) {
            const order_line *l = &o->lines[j];
            html_printf(sb,
                        "<tr><td>%s</td><td class=\"num\">%L</td><td class=\"num\">$%M</td>"
                        "<td class=\"num\">$%M</td></tr>",
                        l->product, l->quantity, l->price_cents, l->price_cents * l->quantity);
        }
        sb_puts(sb, "</tbody></table></article>\n");
    }
    page_end(resp, req, &d);
out:
    order_list_free(&orders);
    page_db_close(&d, resp);
}
