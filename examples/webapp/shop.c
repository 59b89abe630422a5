/* The shop's data: products, users, orders. */
#include "shop.h"

#include "validate.h"

#include <mysqld_error.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned shop_http_status(shop_rc rc)
{
    switch (rc) {
    case SHOP_OK: return 200;
    case SHOP_INVALID: return 400;
    case SHOP_NOT_FOUND: return 404;
    case SHOP_UNKNOWN_PRODUCT:
    case SHOP_UNKNOWN_USER: return 422;
    case SHOP_NO_STOCK:
    case SHOP_EMAIL_TAKEN: return 409;
    case SHOP_WRITES_DOWN:
    case SHOP_READS_DOWN: return 503;
    default: return 500;
    }
}

/* Grow an array of n elements so that one more fits (doubling). NULL if out of memory. */
static void *grow(void *v, size_t n, size_t size)
{
    if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
        return v;
    size_t cap = n < 8 ? 8 : n * 2;
    return realloc(v, cap * size);
}

static void copy_text(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src);
}

/* A failed read: the user sees "unavailable" or a generic error; the log gets the details. */
static shop_rc read_failed(db *d, char *msg, size_t msglen)
{
    if (db_unavailable(d)) {
        snprintf(msg, msglen, "The database cannot be reached right now. Please try again soon.");
        return SHOP_READS_DOWN;
    }
    fprintf(stderr, "rwsplit-shop: query failed: %s\n", d->err_text);
    snprintf(msg, msglen, "The shop could not read its data (%s).", rws_strerror(d->err));
    return SHOP_ERROR;
}

static shop_rc write_failed(db *d, char *msg, size_t msglen)
{
    if (db_unavailable(d)) {
        snprintf(msg, msglen,
                 "Writes are temporarily unavailable: the primary database server cannot be "
                 "reached. Nothing was saved. Pages that only read still work; please try again "
                 "in a moment.");
        return SHOP_WRITES_DOWN;
    }
    fprintf(stderr, "rwsplit-shop: write failed: %s\n", d->err_text);
    snprintf(msg, msglen, "The shop could not save this (%s). Nothing was saved.",
             rws_strerror(d->err));
    return SHOP_ERROR;
}

/* ---- products -------------------------------------------------------------------------------- */

static int product_row(void *ud, const db_row *r)
{
    product_list *l = ud;
    product *v = grow(l->v, l->n, sizeof *v);
    if (!v)
        return 1;
    l->v = v;
    product *p = &v[l->n++];
    p->id = db_int(r, 0);
    copy_text(p->name, sizeof p->name, db_text(r, 1));
    copy_text(p->description, sizeof p->description, db_text(r, 2));
    p->price_cents = db_int(r, 3);
    p->stock = db_int(r, 4);
    return 0;
}

shop_rc shop_list_products(db *d, product_list *out, char *msg, size_t msglen)
{
    memset(out, 0, sizeof *out);
    if (db_exec(d,
                "SELECT id, name, description, price_cents, stock FROM shop_products ORDER BY id",
                NULL, 0, product_row, out, NULL, NULL) != RWS_OK) {
        product_list_free(out);
        return read_failed(d, msg, msglen);
    }
    return SHOP_OK;
}

void product_list_free(product_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- users ----------------------------------------------------------------------------------- */

#define USER_COLUMNS                                                                               \
    "SELECT u.id, u.name, u.email, DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i'), COUNT(o.id), "     \
    "COALESCE(SUM(o.total_cents), 0) FROM shop_users u LEFT JOIN shop_orders o ON o.user_id = "    \
    "u.id "

static int user_row(void *ud, const db_row *r)
{
    user_list *l = ud;
    user *v = grow(l->v, l->n, sizeof *v);
    if (!v)
        return 1;
    l->v = v;
    user *u = &v[l->n++];
    u->id = db_int(r, 0);
    copy_text(u->name, sizeof u->name, db_text(r, 1));
    copy_text(u->email, sizeof u->email, db_text(r, 2));
    copy_text(u->created, sizeof u->created, db_text(r, 3));
    u->orders = db_int(r, 4);
    u->spent_cents = db_int(r, 5);
    return 0;
}

shop_rc shop_get_user(db *d, long long id, user *out, char *msg, size_t msglen)
{
    user_list l = {0};
    db_param p[] = {DBP_INT(id)};
    if (db_exec(d, USER_COLUMNS "WHERE u.id = ? GROUP BY u.id", p, 1, user_row, &l, NULL, NULL) !=
        RWS_OK) {
        user_list_free(&l);
        return read_failed(d, msg, msglen);
    }
    if (l.n == 0) {
        snprintf(msg, msglen, "There is no user #%lld.", id);
        return SHOP_NOT_FOUND;
    }
    *out = l.v[0];
    user_list_free(&l);
    return SHOP_OK;
}

shop_rc shop_list_users(db *d, unsigned limit, user_list *out, char *msg, size_t msglen)
{
    memset(out, 0, sizeof *out);
    db_param p[] = {DBP_INT(limit)};
    if (db_exec(d, USER_COLUMNS "GROUP BY u.id ORDER BY u.id DESC LIMIT ?", p, 1, user_row, out,
                NULL, NULL) != RWS_OK) {
        user_list_free(out);
        return read_failed(d, msg, msglen);
    }
    return SHOP_OK;
}

void user_list_free(user_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

shop_rc shop_signup(db *d, const char *name, const char *email, long long *id, char *msg,
                    size_t msglen)
{
    db_param p[] = {DBP_TEXT(name), DBP_TEXT(email)};
    uint64_t new_id = 0;
    if (db_exec(d, "INSERT INTO shop_users (name, email) VALUES (?, ?)", p, 2, NULL, NULL, NULL,
                &new_id) != RWS_OK) {
        if (d->err == RWS_ERR_SERVER && d->err_errno == ER_DUP_ENTRY) {
            snprintf(msg, msglen, "That e-mail address is already registered.");
            return SHOP_EMAIL_TAKEN;
        }
        return write_failed(d, msg, msglen);
    }
    *id = (long long)new_id;
    return SHOP_OK;
}

/* ---- orders ---------------------------------------------------------------------------------- */

static int order_row(void *ud, const db_row *r)
{
    order_list *l = ud;
    long long id = db_int(r, 0);
    if (l->n == 0 || l->v[l->n - 1].id != id) {
        order *v = grow(l->v, l->n, sizeof *v);
        if (!v)
            return 1;
        l->v = v;
        order *o = &v[l->n++];
        memset(o, 0, sizeof *o);
        o->id = id;
        copy_text(o->created, sizeof o->created, db_text(r, 1));
        o->total_cents = db_int(r, 2);
    }
    order *o = &l->v[l->n - 1];
    order_line *lines = grow(o->lines, o->nlines, sizeof *lines);
    if (!lines)
        return 1;
    o->lines = lines;
    order_line *line = &lines[o->nlines++];
    line->product_id = db_int(r, 3);
    copy_text(line->product, sizeof line->product, db_text(r, 4));
    line->quantity = db_int(r, 5);
    line->price_cents = db_int(r, 6);
    return 0;
}

shop_rc shop_list_orders(db *d, long long user_id, unsigned limit, order_list *out, char *msg,
                         size_t msglen)
{
    memset(out, 0, sizeof *out);
    db_param p[] = {DBP_INT(user_id), DBP_INT(limit)};
    if (db_exec(d,
                "SELECT o.id, DATE_FORMAT(o.created_at, '%Y-%m-%d %H:%i:%s'), o.total_cents, "
                "l.product_id, p.name, l.quantity, l.price_cents "
                "FROM (SELECT id, created_at, total_cents FROM shop_orders WHERE user_id = ? "
                "ORDER BY id DESC LIMIT ?) o "
                "JOIN shop_order_lines l ON l.order_id = o.id "
                "JOIN shop_products p ON p.id = l.product_id "
                "ORDER BY o.id DESC, l.product_id",
                p, 2, order_row, out, NULL, NULL) != RWS_OK) {
        order_list_free(out);
        return read_failed(d, msg, msglen);
    }
    return SHOP_OK;
}

void order_list_free(order_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].lines);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_item(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    return (x->product_id > y->product_id) - (x->product_id < y->product_id);
}

/* Sort by product (rows are locked in one order: no deadlock between two orders) and merge
 * repeated products. -1 if a merged quantity is too large. */
static int normalise(order_item *items, size_t *n, char *msg, size_t msglen)
{
    qsort(items, *n, sizeof *items, cmp_item);
    size_t out = 0;
    for (size_t i = 0; i < *n; i++) {
        if (out > 0 && items[out - 1].product_id == items[i].product_id)
            items[out - 1].quantity += items[i].quantity;
        else
            items[out++] = items[i];
        if (items[out - 1].quantity > SHOP_QTY_MAX) {
            snprintf(msg, msglen, "The quantity is too large: at most %d per product.",
                     SHOP_QTY_MAX);
            return -1;
        }
    }
    *n = out;
    return 0;
}

typedef struct stock_row {
    int found;
    char name[100 * 4 + 1];
    long long price_cents;
    long long stock;
} stock_row;

static int stock_cb(void *ud, const db_row *r)
{
    stock_row *s = ud;
    s->found = 1;
    copy_text(s->name, sizeof s->name, db_text(r, 0));
    s->price_cents = db_int(r, 1);
    s->stock = db_int(r, 2);
    return 0;
}

static int found_cb(void *ud, const db_row *r)
{
    (void)r;
    *(int *)ud = 1;
    return 0;
}

/* The transaction, once. SHOP_OK committed; anything else rolled back. *retry is set for a
 * deadlock or lock wait timeout, which is worth one more attempt. */
static shop_rc order_once(db *d, long long user_id, const order_item *items, size_t n,
                          long long *order_id, long long *total, char *msg, size_t msglen,
                          int *retry)
{
    *retry = 0;
    if (db_begin(d) != RWS_OK)
        return write_failed(d, msg, msglen);
    int user_found = 0;
    db_param pu[] = {DBP_INT(user_id)};
    if (db_exec(d, "SELECT id FROM shop_users WHERE id = ? LOCK IN SHARE MODE", pu, 1, found_cb,
                &user_found, NULL, NULL) != RWS_OK)
        goto failed;
    if (!user_found) {
        db_rollback(d);
        snprintf(msg, msglen, "There is no user #%lld: sign up first.", user_id);
        return SHOP_UNKNOWN_USER;
    }
    long long sum = 0, prices[SHOP_ORDER_MAX_LINES];
    for (size_t i = 0; i < n; i++) {
        stock_row s = {0};
        db_param pp[] = {DBP_INT(items[i].product_id)};
        if (db_exec(d, "SELECT name, price_cents, stock FROM shop_products WHERE id = ? FOR UPDATE",
                    pp, 1, stock_cb, &s, NULL, NULL) != RWS_OK)
            goto failed;
        if (!s.found) {
            db_rollback(d);
            snprintf(msg, msglen, "There is no product #%lld.", items[i].product_id);
            return SHOP_UNKNOWN_PRODUCT;
        }
        if (s.stock < items[i].quantity) {
            db_rollback(d);
            snprintf(msg, msglen,
                     "Not enough \"%s\" in stock: %lld left, %lld ordered. Nothing was ordered.",
                     s.name, s.stock, items[i].quantity);
            return SHOP_NO_STOCK;
        }
        prices[i] = s.price_cents;
        sum += s.price_cents * items[i].quantity;
    }
    uint64_t oid = 0;
    db_param po[] = {DBP_INT(user_id), DBP_INT(sum)};
    if (db_exec(d, "INSERT INTO shop_orders (user_id, total_cents) VALUES (?, ?)", po, 2, NULL,
                NULL, NULL, &oid) != RWS_OK)
        goto failed;
    for (size_t i = 0; i < n; i++) {
        db_param pl[] = {DBP_INT(oid), DBP_INT(items[i].product_id), DBP_INT(items[i].quantity),
                         DBP_INT(prices[i])};
        if (db_exec(d,
                    "INSERT INTO shop_order_lines (order_id, product_id, quantity, price_cents) "
                    "VALUES (?, ?, ?, ?)",
                    pl, 4, NULL, NULL, NULL, NULL) != RWS_OK)
            goto failed;
        db_param ps[] = {DBP_INT(items[i].quantity), DBP_INT(items[i].product_id)};
        if (db_exec(d, "UPDATE shop_products SET stock = stock - ? WHERE id = ?", ps, 2, NULL, NULL,
                    NULL, NULL) != RWS_OK)
            goto failed;
    }
    if (db_commit(d) != RWS_OK)
        goto failed;
    *order_id = (long long)oid;
    *total = sum;
    return SHOP_OK;
failed:
    db_rollback(d);
    if (d->err == RWS_ERR_SERVER &&
        (d->err_errno == ER_LOCK_DEADLOCK || d->err_errno == ER_LOCK_WAIT_TIMEOUT))
        *retry = 1;
    return write_failed(d, msg, msglen);
}

shop_rc shop_place_order(db *d, long long user_id, order_item *items, size_t *nitems,
                         long long *order_id, long long *total_cents, char *msg, size_t msglen)
{
    if (*nitems == 0) {
        snprintf(msg, msglen, "Choose at least one product (a quantity of 1 or more).");
        return SHOP_INVALID;
    }
    if (*nitems > SHOP_ORDER_MAX_LINES) {
        snprintf(msg, msglen, "Too many lines: at most %d products per order.",
                 SHOP_ORDER_MAX_LINES);
        return SHOP_INVALID;
    }
    if (normalise(items, nitems, msg, msglen) != 0)
        return SHOP_INVALID;
    shop_rc rc = SHOP_ERROR;
    for (int attempt = 0; attempt < 3; attempt++) {
        int retry;
        rc = order_once(d, user_id, items, *nitems, order_id, total_cents, msg, msglen, &retry);
        if (!retry)
            break;
    }
    return rc;
}
