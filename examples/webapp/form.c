/* application/x-www-form-urlencoded bodies and query strings. */
#include "form.h"

#include <stdlib.h>
#include <string.h>

#define FORM_MAX_FIELDS 256

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..len) into a new string; NULL if malformed or out of memory. */
static char *decode(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = len - i >= 3 ? hexval(s[i + 1]) : -1;
            int lo = len - i >= 3 ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(out);
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            free(out);
            return NULL;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

void form_free(form *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->fields[i].name);
        free(f->fields[i].value);
    }
    free(f->fields);
    f->fields = NULL;
    f->n = 0;
}

int form_parse(form *f, const char *text, size_t len)
{
    f->fields = NULL;
    f->n = 0;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && text[end] != '&')
            end++;
        if (end > i) {
            if (f->n == FORM_MAX_FIELDS)
                goto fail;
            size_t eq = i;
            while (eq < end && text[eq] != '=')
                eq++;
            form_field *grown = realloc(f->fields, (f->n + 1) * sizeof *grown);
            if (!grown)
                goto fail;
            f->fields = grown;
            char *name = decode(text + i, eq - i);
            char *value = eq < end ? decode(text + eq + 1, end - eq - 1) : decode("", 0);
            if (!name || !value) {
                free(name);
                free(value);
                goto fail;
            }
            f->fields[f->n].name = name;
            f->fields[f->n].value = value;
            f->n++;
        }
        i = end + 1;
    }
    return 0;
fail:
    form_free(f);
    return -1;
}

const char *form_get(const form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->fields[i].name, name) == 0)
            return f->fields[i].value;
    return NULL;
}
