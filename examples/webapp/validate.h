/* Checks of user input, shared by the HTML forms and the JSON API. Each returns 0 when the
 * value is acceptable, or -1 with a sentence for the user in msg. */
#ifndef SHOP_VALIDATE_H
#define SHOP_VALIDATE_H

#include <stddef.h>

#define SHOP_NAME_MAX_CHARS  80
#define SHOP_EMAIL_MAX_BYTES 254
#define SHOP_QTY_MAX         1000
#define SHOP_ORDER_MAX_LINES 50

int valid_name(const char *name, char *msg, size_t msglen);
int valid_email(const char *email, char *msg, size_t msglen);
/* A quantity: a whole number 1..SHOP_QTY_MAX (allow_zero: 0 too, meaning "none"). */
int parse_quantity(const char *text, int allow_zero, long long *out, char *msg, size_t msglen);
/* An id as written in a URL or form: 1..999999999999, digits only. 0 or -1. */
int parse_id(const char *text, long long *out);

#endif
