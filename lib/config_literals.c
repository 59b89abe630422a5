/* A workaround for libconfig 1.5, which stores an integer literal without the L suffix in an int
 * and silently wraps one that does not fit (5000000000 reads as 705032704, 4294967296 as 0: a
 * wrapped value may even be in range), and saturates an L literal that does not fit in 64 bits.
 * The configuration text is scanned for such literals before libconfig parses it, remembering the
 * setting each belongs to, its line and the value libconfig will report, so the loader can check
 * the value as written. No libconfig here: it works on the text. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct literals {
    rws_int_literal *list;
    size_t n;
    int nomem;
} literals;

static int name_start(int c)
{
    return isalpha(c) || c == '*';
}

static int name_char(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '*';
}

/* Signed value of the low 32 bits, as libconfig's cast to int leaves them. */
static long long low32(unsigned long long u)
{
    u &= 0xffffffffULL;
    return u >= 0x80000000ULL ? (long long)u - 0x100000000LL : (long long)u;
}

static void remember(literals *p, const char *name, unsigned line, const char *s, size_t len,
                     int hex, int l64)
{
    char text[40];
    if (len >= sizeof text)
        len = sizeof text - 1;
    memcpy(text, s, len);
    text[len] = '\0';
    rws_int_literal lit = {.line = line};
    rws__strlcpy(lit.name, name, sizeof lit.name);
    rws__strlcpy(lit.text, text, sizeof lit.text);
    errno = 0;
    int misread;
    if (hex) {
        unsigned long long u = strtoull(text, NULL, 16);
        int erange = errno == ERANGE;
        lit.exact = !erange && u <= (unsigned long long)LLONG_MAX;
        lit.value = lit.exact ? (long long)u : 0;
        /* an L literal is cast to long long: above LLONG_MAX it wraps to u - 2^64 */
        lit.stored = !l64 ? low32(u) : lit.exact ? (long long)u : -(long long)~u - 1;
        misread = l64 ? !lit.exact : (erange || u > (unsigned long long)INT_MAX);
    } else {
        long long v = strtoll(text, NULL, 10);
        int erange = errno == ERANGE;
        lit.exact = !erange;
        lit.value = v;
        lit.stored = l64 ? v : low32((unsigned long long)v);
        misread = l64 ? erange : (erange || v < INT_MIN || v > INT_MAX);
    }
    if (!misread || p->n >= RWS_MAX_INT_LITERALS)
        return;
    if (!p->list && !(p->list = calloc(RWS_MAX_INT_LITERALS, sizeof *p->list))) {
        p->nomem = 1;
        return;
    }
    p->list[p->n++] = lit;
}

/* A small lexer for libconfig's syntax: comments, strings, names, '=' or ':', numbers. It only
 * has to be right for text libconfig accepts; anything else fails to parse anyway. */
static void scan(literals *p, const char *s)
{
    unsigned line = 1, name_line = 0;
    char name[64] = "";
    int state = 0; /* 0: nothing, 1: after a name, 2: after "name =" */
    size_t i = 0;
    while (s[i]) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            line++;
            i++;
        } else if (isspace(c)) {
            i++;
        } else if (c == '#' || (c == '/' && s[i + 1] == '/')) {
            while (s[i] && s[i] != '\n')
                i++;
        } else if (c == '/' && s[i + 1] == '*') {
            for (i += 2; s[i] && !(s[i] == '*' && s[i + 1] == '/'); i++)
                line += s[i] == '\n';
            if (s[i])
                i += 2;
        } else if (c == '"') {
            for (i++; s[i] && s[i] != '"'; i++) {
                if (s[i] == '\\' && s[i + 1])
                    i++;
                line += s[i] == '\n';
            }
            if (s[i])
                i++;
            state = 0;
        } else if (name_start(c)) {
            size_t start = i;
            while (name_char((unsigned char)s[i]))
                i++;
            size_t n = i - start < sizeof name ? i - start : sizeof name - 1;
            memcpy(name, s + start, n);
            name[n] = '\0';
            name_line = line;
            state = 1;
        } else if ((c == '=' || c == ':') && state == 1) {
            state = 2;
            i++;
        } else if (isdigit(c) || ((c == '-' || c == '+') && isdigit((unsigned char)s[i + 1]))) {
            size_t start = i;
            int hex = 0, l64 = 0, is_float = 0;
            if (c == '-' || c == '+')
                i++;
            if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
                isxdigit((unsigned char)s[i + 2])) {
                hex = 1;
                for (i += 2; isxdigit((unsigned char)s[i]);)
                    i++;
            } else {
                while (isdigit((unsigned char)s[i]))
                    i++;
                if (s[i] == '.' || s[i] == 'e' || s[i] == 'E')
                    is_float = 1;
            }
            size_t end = i;
            if (is_float) {
                while (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '+' || s[i] == '-')
                    i++;
            } else if (s[i] == 'L') {
                l64 = 1;
                i += s[i + 1] == 'L' ? 2 : 1;
            }
            if (state == 2 && !is_float)
                remember(p, name, name_line, s + start, end - start, hex, l64);
            state = 0;
        } else {
            state = 0;
            i++;
        }
    }
}

rws_code rws__config_scan_literals(const char *text, rws_int_literal **out, size_t *n)
{
    literals l = {NULL, 0, 0};
    if (text)
        scan(&l, text);
    if (l.nomem) {
        free(l.list);
        *out = NULL;
        *n = 0;
        return RWS_ERR_NOMEM;
    }
    *out = l.list;
    *n = l.n;
    return RWS_OK;
}

const rws_int_literal *rws__config_find_literal(const rws_int_literal *list, size_t n,
                                                const char *name, unsigned line, long long stored)
{
    for (size_t i = 0; name && i < n; i++) {
        const rws_int_literal *l = &list[i];
        /* libconfig 1.5 keeps a line number in an unsigned short */
        if ((l->line & 0xffffu) == (line & 0xffffu) && l->stored == stored &&
            strncmp(l->name, name, sizeof l->name - 1) == 0)
            return l;
    }
    return NULL;
}
