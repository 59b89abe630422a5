/* Checks of user input, shared by the HTML forms and the JSON API. */
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* Number of code points in valid UTF-8 without control characters, or -1. */
static long utf8_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        unsigned c = *p;
        int extra;
        unsigned cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return -1;
            extra = 0;
            cp = c;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return -1;
        }
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (*p & 0x3f);
        }
        static const unsigned min[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
            (cp >= 0x80 && cp < 0xa0))
            return -1;
        n++;
    }
    return n;
}

int valid_name(const char *name, char *msg, size_t msglen)
{
    if (!name || !*name) {
        snprintf(msg, msglen, "Please enter your name.");
        return -1;
    }
    long n = utf8_chars(name);
    if (n < 0) {
        snprintf(msg, msglen, "The name contains characters that are not allowed.");
        return -1;
    }
    if (n > SHOP_NAME_MAX_CHARS) {
        snprintf(msg, msglen, "The name is too long: %ld characters, at most %d.", n,
                 SHOP_NAME_MAX_CHARS);
        return -1;
    }
    if (name[0] == ' ' || name[strlen(name) - 1] == ' ') {
        snprintf(msg, msglen, "The name must not start or end with a space.");
        return -1;
    }
    return 0;
}

int valid_email(const char *email, char *msg, size_t msglen)
{
    if (!email || !*email) {
        snprintf(msg, msglen, "Please enter your e-mail address.");
        return -1;
    }
    size_t len = strlen(email);
    if (len > SHOP_EMAIL_MAX_BYTES) {
        snprintf(msg, msglen, "The e-mail address is too long: %zu bytes, at most %d.", len,
                 SHOP_EMAIL_MAX_BYTES);
        return -1;
    }
    const char *at = strchr(email, '@');
    if (utf8_chars(email) < 0 || strpbrk(email, " <>\"'(),;:\\[]") || !at || at == email ||
        !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.') || email[len - 1] == '.') {
        snprintf(msg, msglen, "That does not look like an e-mail address (name@example.com).");
        return -1;
    }
    return 0;
}

int parse_quantity(const char *text, int allow_zero, long long *out, char *msg, size_t msglen)
{
    if (!text || !*text) {
        snprintf(msg, msglen, "A quantity is missing.");
        return -1;
    }
    const char *p = text;
    int negative = 0;
    if (*p == '-' || *p == '+') {
        negative = *p == '-';
        p++;
    }
    long long v = 0;
    size_t digits = strspn(p, "0123456789");
    if (digits == 0 || p[digits] != '\0') {
        snprintf(msg, msglen, "The quantity must be a whole number.");
        return -1;
    }
    for (size_t i = 0; i < digits && v <= SHOP_QTY_MAX; i++)
        v = v * 10 + (p[i] - '0');
    if (negative && v > 0) {
        snprintf(msg, msglen, "The quantity cannot be negative.");
        return -1;
    }
    if (v == 0 && !allow_zero) {
        snprintf(msg, msglen, "The quantity must be at least 1.");
        return -1;
    }
    if (v > SHOP_QTY_MAX) {
        snprintf(msg, msglen, "The quantity is too large: at most %d per product.", SHOP_QTY_MAX);
        return -1;
    }
    *out = v;
    return 0;
}

int parse_id(const char *text, long long *out)
{
    if (!text)
        return -1;
    size_t n = strspn(text, "0123456789");
    if (n == 0 || n > 12 || text[n] != '\0')
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (text[i] - '0');
    if (v <= 0)
        return -1;
    *out = v;
    return 0;
}
