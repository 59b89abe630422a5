/* application/x-www-form-urlencoded bodies and query strings. */
#ifndef SHOP_FORM_H
#define SHOP_FORM_H

#include <stddef.h>

typedef struct form_field {
    char *name;
    char *value;
} form_field;

typedef struct form {
    form_field *fields;
    size_t n;
} form;

/* Parse "a=1&b=x+y%21". Returns 0, or -1 if the text is malformed (a bad %-escape, a NUL byte,
 * more than 256 fields) or memory ran out; f is then empty. Free with form_free() either way. */
int form_parse(form *f, const char *text, size_t len);
/* The first value of name, or NULL. */
const char *form_get(const form *f, const char *name);
void form_free(form *f);

#endif
