/* The shop's data: products, users, orders. Every statement is prepared and its parameters are
 * bound (db_exec). Errors come back as a shop_rc plus a sentence for the user. */
#ifndef SHOP_SHOP_H
#define SHOP_SHOP_H

#include "db.h"

#include <stddef.h>

typedef enum shop_rc {
    SHOP_OK = 0,
    SHOP_INVALID,         /* bad input: 400 */
    SHOP_NOT_FOUND,       /* the user named in the URL does not exist: 404 */
    SHOP_UNKNOWN_PRODUCT, /* an order names a product that does not exist: 422 */
    SHOP_UNKNOWN_USER,    /* an order names a user that does not exist: 422 */
    SHOP_NO_STOCK,        /* not enough stock, nothing written: 409 */
    SHOP_EMAIL_TAKEN,     /* sign-up with a registered address: 409 */
    SHOP_WRITES_DOWN,     /* the primary cannot be reached: 503 */
    SHOP_READS_DOWN,      /* no server can be reached: 503 */
    SHOP_ERROR            /* anything else: 500 */
} shop_rc;

/* The HTTP status that answers rc. */
unsigned shop_http_status(shop_rc rc);

/* Text buffers hold the longest column value in utf8mb4 (4 bytes a character), so a value is
 * never cut inside a character (jansson refuses invalid UTF-8). */
typedef struct product {
    long long id;
    char name[100 * 4 + 1];
    char description[400 * 4 + 1];
    long long price_cents;
    long long stock;
} product;

typedef struct user {
    long long id;
    char name[80 * 4 + 1];
    char email[254 * 4 + 1];
    char created[32];
    long long orders;
    long long spent_cents;
} user;

typedef struct order_line {
    long long product_id;
    char product[100 * 4 + 1];
    long long quantity;
    long long price_cents;
} order_line;

typedef struct order {
    long long id;
    char created[32];
    long long total_cents;
    order_line *lines;
    size_t nlines;
} order;

typedef struct order_item {
    long long product_id;
    long long quantity;
} order_item;

typedef struct product_list {
    product *v;
    size_t n;
} product_list;

typedef struct user_list {
    user *v;
    size_t n;
} user_list;

typedef struct order_list {
    order *v;
    size_t n;
} order_list;

shop_rc shop_list_products(db *d, product_list *out, char *msg, size_t msglen);
shop_rc shop_get_user(db *d, long long id, user *out, char *msg, size_t msglen);
shop_rc shop_list_users(db *d, unsigned limit, user_list *out, char *msg, size_t msglen);
/* The newest `limit` orders of a user, newest first, each with its lines. */
shop_rc shop_list_orders(db *d, long long user_id, unsigned limit, order_list *out, char *msg,
                         size_t msglen);

/* Create a user (name and email already validated). */
shop_rc shop_signup(db *d, const char *name, const char *email, long long *id, char *msg,
                    size_t msglen);
/* One transaction: the order row, its lines, the stock decrements; nothing is written when a
 * product is unknown or short of stock. items is sorted and merged in place. */
shop_rc shop_place_order(db *d, long long user_id, order_item *items, size_t *nitems,
                         long long *order_id, long long *total_cents, char *msg, size_t msglen);

void product_list_free(product_list *l);
void user_list_free(user_list *l);
void order_list_free(order_list *l);

/* Create the tables if absent and the demo products if there are none (idempotent, safe when
 * several instances start at once). 0, or -1 with the reason in msg. */
int shop_schema_ensure(rws_cluster *cluster, char *msg, size_t msglen);

#endif
