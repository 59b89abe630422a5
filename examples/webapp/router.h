/* From method and path to the handler of a page or an API route. */
#ifndef SHOP_ROUTER_H
#define SHOP_ROUTER_H

#include "app.h"

/* Answer the request: the matching handler, or 404 / 405. */
void router_dispatch(request *req, response *resp);
/* An error answer in the request's language: JSON under /api/, an HTML page elsewhere. */
void router_error(request *req, response *resp, unsigned status, const char *title,
                  const char *message);

#endif
