/* JSON responses and request bodies for the /api routes (jansson: never printf JSON). */
#ifndef SHOP_API_JSON_H
#define SHOP_API_JSON_H

#include "app.h"
#include "db.h"

#include <jansson.h>

/* Serialise v into the response (takes the reference). */
void resp_json(response *resp, unsigned status, json_t *v);
/* {"error": message, "status": status} */
void resp_json_error(response *resp, unsigned status, const char *message);
/* The request body as a JSON object; on failure answers 415 (not application/json) or 400
 * (malformed, not an object) and returns NULL. */
json_t *api_body(request *req, response *resp);
/* {"instance": ..., "backend": ..., "route": "replica", "why": ..., "lag_ms": N,
 *  "token_applied": bool}: where the request's reads ran. */
json_t *api_served_by(const request *req, const db *d);
/* Open the request's session with its token, and for a read-only route (snapshot non-zero)
 * its read-only snapshot; on failure answers 503 and returns -1. */
int api_db_open(db *d, request *req, response *resp, int snapshot);
/* End the snapshot, set the token cookie and header after a write, and close. */
void api_db_close(db *d, response *resp);

#endif
