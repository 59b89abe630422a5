/* The HTTP server: libmicrohttpd with its own thread pool, bodies read up to a limit, and the
 * response headers every answer carries. */
#ifndef SHOP_SERVER_H
#define SHOP_SERVER_H

#include "app.h"

#include <sys/socket.h>

struct MHD_Daemon;

/* Listen on addr and serve with `threads` threads. NULL on failure (message on stderr). */
struct MHD_Daemon *server_start(shop_app *app, const struct sockaddr *addr, unsigned threads);
/* The port actually bound (useful with port 0). */
unsigned server_port(struct MHD_Daemon *d);
/* Stop accepting, finish the requests in flight, stop the threads. */
void server_stop(struct MHD_Daemon *d);

#endif
