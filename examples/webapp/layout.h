/* The chrome around every HTML page: head, navigation, and the footer that says which instance
 * answered and which database server served the page's reads, and why. */
#ifndef SHOP_LAYOUT_H
#define SHOP_LAYOUT_H

#include "app.h"
#include "db.h"

/* active names the current navigation entry: "products", "users", "signup", "account",
 * "status" (or NULL). */
void page_begin(response *resp, const request *req, const char *title, const char *active);
/* The footer; d may be NULL when the page read nothing. Also sets X-Rwsplit-Read. */
void page_end(response *resp, const request *req, const db *d);
/* A complete page that says one thing: an error, or "writes are temporarily unavailable". */
void page_message(response *resp, const request *req, const db *d, unsigned status,
                  const char *title, const char *message);

/* Open the request's database session with its causal token; for a page that only reads
 * (snapshot non-zero) start its read-only snapshot too (db_snapshot_begin). On failure render
 * the 503 page and return -1 (the session is closed then). */
int page_db_open(db *d, request *req, response *resp, int snapshot);
/* End the snapshot, set the token cookie after a write (cookies_finish), close the session. */
void page_db_close(db *d, response *resp);

#endif
