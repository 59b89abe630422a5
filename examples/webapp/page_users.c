/* Sign-up (GET/POST /signup), the customer list (GET /users) and a profile (GET /users/{id}). */
#include "cookies.h"
#include "form.h"
#include "html.h"
#include "http.h"
#include "layout.h"
#include "pages.h"
#include "shop.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static void signup_form(response *resp, const request *req, const char *error, const char *name,
                        const char *email)
{
    page_begin(resp, req, "Sign up", "signup");
    strbuf *sb = &resp->body;
    sb_puts(sb, "<section class=\"panel narrow\"><h1>Sign up</h1>"
                "<p>An account is a name and an e-mail address (this is a demo: no password).</p>");
    if (error)
        html_printf(sb, "<p class=\"flash error\" role=\"alert\">%s</p>", error);
    html_printf(sb,
                "<form method=\"post\" action=\"/signup\" class=\"stack\">"
                "<label>Name <input name=\"name\" value=\"%s\" maxlength=\"%d\" required "
                "autocomplete=\"name\"></label>"
                "<label>E-mail <input name=\"email\" type=\"email\" value=\"%s\" maxlength=\"%d\" "
                "required autocomplete=\"email\"></label>"
                "<button type=\"submit\">Create my account</button></form></section>\n",
                name ? name : "", SHOP_NAME_MAX_CHARS, email ? email : "", SHOP_EMAIL_MAX_BYTES);
}

void page_signup_form(request *req, response *resp, const long long *args)
{
    (void)args;
    signup_form(resp, req, NULL, NULL, NULL);
    page_end(resp, req, NULL);
}

void page_signup_post(request *req, response *resp, const long long *args)
{
    (void)args;
    char msg[512];
    if (!req_content_type_is(req, "application/x-www-form-urlencoded")) {
        page_message(resp, req, NULL, 415, "Unsupported form encoding",
                     "Send the sign-up form as application/x-www-form-urlencoded.");
        return;
    }
    form f;
    if (form_parse(&f, req->body ? req->body : "", req->body_len) != 0) {
        page_message(resp, req, NULL, 400, "Malformed form", "The form data could not be read.");
        return;
    }
    const char *name = form_get(&f, "name"), *email = form_get(&f, "email");
    if (valid_name(name, msg, sizeof msg) != 0 || valid_email(email, msg, sizeof msg) != 0) {
        resp->status = 400;
        signup_form(resp, req, msg, name, email);
        page_end(resp, req, NULL);
        form_free(&f);
        return;
    }
    db d;
    if (page_db_open(&d, req, resp, 0) != 0) {
        form_free(&f);
        return;
    }
    long long id = 0;
    shop_rc rc = shop_signup(&d, name, email, &id, msg, sizeof msg);
    if (rc == SHOP_OK) {
        char where[64];
        snprintf(where, sizeof where, "/users/%lld?welcome=1", id);
        resp_redirect(resp, where);
        cookies_set_user(resp, id);
    } else if (rc == SHOP_WRITES_DOWN) {
        page_message(resp, req, &d, 503, "Writes are temporarily unavailable", msg);
    } else {
        resp->status = shop_http_status(rc);
        signup_form(resp, req, msg, name, email);
        page_end(resp, req, &d);
    }
    page_db_close(&d, resp);
    form_free(&f);
}

void page_users(request *req, response *resp, const long long *args)
{
    (void)args;
    db d;
    char msg[512];
    if (page_db_open(&d, req, resp, 1) != 0)
        return;
    user_list users;
    shop_rc rc = shop_list_users(&d, 50, &users, msg, sizeof msg);
    if (rc != SHOP_OK) {
        page_message(resp, req, &d, shop_http_status(rc), "The customers cannot be shown", msg);
        page_db_close(&d, resp);
        return;
    }
    page_begin(resp, req, "Customers", "users");
    strbuf *sb = &resp->body;
    sb_puts(sb, "<h1>Customers</h1><p>The 50 newest accounts.</p>");
    if (users.n == 0)
        sb_puts(sb, "<p class=\"note\">Nobody has signed up yet. <a href=\"/signup\">Be the "
                    "first.</a></p>");
    else
        sb_puts(sb,
                "<table class=\"list\"><thead><tr><th>#</th><th>Name</th><th>Since</th>"
                "<th class=\"num\">Orders</th><th class=\"num\">Spent</th></tr></thead><tbody>");
    for (size_t i = 0; i < users.n; i++) {
        const user *u = &users.v[i];
        html_printf(sb,
                    "<tr><td>%L</td><td><a href=\"/users/%L\">%s</a></td><td>%s</td>"
                    "<td class=\"num\">%L</td><td class=\"num\">$%M</td></tr>",
                    u->id, u->id, u->name, u->created, u->orders, u->spent_cents);
    }
    if (users.n)
        sb_puts(sb, "</tbody></table>\n");
    page_end(resp, req, &d);
    user_list_free(&users);
    page_db_close(&d, resp);
}

static void recent_orders(strbuf *sb, const order_list *orders, long long user_id)
{
    sb_puts(sb, "<section class=\"panel\"><h2>Recent orders</h2>");
    if (orders->n == 0)
        sb_puts(sb, "<p class=\"note\">No orders yet.</p>");
    else
        sb_puts(sb, "<ul class=\"orders\">");
    for (size_t i = 0; i < orders->n; i++) {
        const order *o = &orders->v[i];
        html_printf(sb, "<li><a href=\"/users/%L/orders#order-%L\">Order #%L</a> · %s · $%M · ",
                    user_id, o->id, o->id, o->created, o->total_cents);
        for (size_t j = 0; j < o->nlines; j++)
            html_printf(sb, "%r%L × %s", j ? ", " : "", o->lines[j].quantity, o->lines[j].product);
        sb_puts(sb, "</li>");
    }
    if (orders->n)
        sb_puts(sb, "</ul>");
    html_printf(sb, "<p><a href=\"/users/%L/orders\">Full order history</a></p></section>\n",
                user_id);
}

void page_profile(request *req, response *resp, const long long *args)
{
    db d;
    char msg[512];
    if (page_db_open(&d, req, resp, 1) != 0)
        return;
    user u;
    product_list products = {0};
    order_list orders = {0};
    shop_rc rc = shop_get_user(&d, args[0], &u, msg, sizeof msg);
    if (rc == SHOP_OK)
        rc = shop_list_products(&d, &products, msg, sizeof msg);
    if (rc == SHOP_OK)
        rc = shop_list_orders(&d, u.id, 5, &orders, msg, sizeof msg);
    if (rc != SHOP_OK) {
        page_message(resp, req, &d, shop_http_status(rc),
                     rc == SHOP_NOT_FOUND ? "No such customer" : "This page cannot be shown", msg);
        goto out;
    }
    page_begin(resp, req, u.name, req->user_id == u.id ? "account" : "users");
    strbuf *sb = &resp->body;
    const char *welcome = req_query(req, "welcome");
    if (welcome && strcmp(welcome, "1") == 0)
        html_printf(sb,
                    "<p class=\"flash ok\" role=\"status\">Welcome, %s! Your account is "
                    "ready: you can order right away.</p>",
                    u.name);
    html_printf(sb,
                "<section class=\"profile\"><h1>%s</h1><dl class=\"facts\">"
                "<div><dt>Customer</dt><dd>#%L</dd></div><div><dt>E-mail</dt><dd>%s</dd></div>"
                "<div><dt>Since</dt><dd>%s</dd></div><div><dt>Orders</dt><dd>%L</dd></div>"
                "<div><dt>Spent</dt><dd>$%M</dd></div></dl></section>\n",
                u.name, u.id, u.email, u.created, u.orders, u.spent_cents);
    if (req->user_id == u.id)
        order_form(resp, u.id, &products);
    else
        html_printf(sb,
                    "<p class=\"note\">This is %s's page. <a href=\"/signup\">Sign up</a> "
                    "to order for yourself.</p>",
                    u.name);
    recent_orders(sb, &orders, u.id);
    page_end(resp, req, &d);
out:
    product_list_free(&products);
    order_list_free(&orders);
    page_db_close(&d, resp);
}
