/* The HTML pages, one file per part of the shop. Each handler fills the response; args holds
 * the numeric ids parsed from the path (e.g. /users/{id}). */
#ifndef SHOP_PAGES_H
#define SHOP_PAGES_H

#include "app.h"

typedef void (*page_handler)(request *req, response *resp, const long long *args);

/* page_products.c */
void page_products(request *req, response *resp, const long long *args);
/* page_users.c */
void page_signup_form(request *req, response *resp, const long long *args);
void page_signup_post(request *req, response *resp, const long long *args);
void page_users(request *req, response *resp, const long long *args);
void page_profile(request *req, response *resp, const long long *args);
/* page_orders.c */
void page_order_post(request *req, response *resp, const long long *args);
void page_order_history(request *req, response *resp, const long long *args);
/* page_status.c */
void page_status(request *req, response *resp, const long long *args);
void page_metrics(request *req, response *resp, const long long *args);
/* assets.c (generated): the stylesheet and the status page's script */
void page_static(request *req, response *resp, const long long *args);

/* api.c and api_status.c: the JSON API */
void api_products(request *req, response *resp, const long long *args);
void api_users(request *req, response *resp, const long long *args);
void api_user_create(request *req, response *resp, const long long *args);
void api_user(request *req, response *resp, const long long *args);
void api_user_orders(request *req, response *resp, const long long *args);
void api_order_create(request *req, response *resp, const long long *args);
void api_status(request *req, response *resp, const long long *args);

/* Shared by the pages: the order form's product rows (page_orders.c). */
struct product_list;
void order_form(response *resp, long long user_id, const struct product_list *products);

#endif
