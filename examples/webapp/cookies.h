/* The two cookies: the causal token (read-your-writes across requests and instances) and the
 * signed-up user this browser acts as. */
#ifndef SHOP_COOKIES_H
#define SHOP_COOKIES_H

#include "app.h"
#include "db.h"

/* Fill req->token (cookie rws_token, else header X-Rwsplit-Token) and req->user_id (cookie
 * shop_user). A value with characters a token never has is ignored. */
void cookies_read(request *req);
/* At the end of every request that used the database. After a committed write the session's
 * new token goes into the rws_token cookie and the X-Rwsplit-Token header, so the next request
 * (to any instance) reads at least this fresh. A malformed token that came in is deleted. */
void cookies_finish(response *resp, db *d);
/* Remember the user this browser acts as. */
void cookies_set_user(response *resp, long long user_id);

#endif
