/* Session state bookkeeping: the bounded, collapsing history of session commands and the set of
 * temporary table names. */
#include "session.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *skip_space(const char *p, const char *end)
{
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p >= 2 && p[0] == '/' && p[1] == '*' && !(end - p >= 3 && p[2] == '!')) {
            const char *close = NULL;
            for (const char *q = p + 2; q + 1 < end; q++)
                if (q[0] == '*' && q[1] == '/') {
                    close = q;
                    break;
                }
            if (!close)
                return end;
            p = close + 2;
            continue;
        }
        return p;
    }
}

static int word_is(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - p) < n || strncasecmp(p, w, n) != 0)
        return 0;
    return p + n == end || !(isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$');
}

static int ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* True if the text from p has a ',' or ';' outside quotes and parentheses. */
static int has_top_level_list(const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        char c = *p++;
        if (c == '\'' || c == '"' || c == '`') {
            while (p < end && *p != c) {
                if (*p == '\\' && c != '`' && p + 1 < end)
                    p++;
                p++;
            }
            if (p < end)
                p++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')') {
            depth--;
        } else if ((c == ',' || c == ';') && depth == 0) {
            return 1;
        }
    }
    return 0;
}

void rws__sescmd_key(const char *sql, size_t len, char *key, size_t keylen)
{
    const char *p = sql, *end = sql + len;
    key[0] = '\0';
    p = skip_space(p, end);
    if (word_is(p, end, "USE")) {
        rws__strlcpy(key, "USE", keylen);
        return;
    }
    if (!word_is(p, end, "SET"))
        return;
    p = skip_space(p + 3, end);
    if (word_is(p, end, "NAMES") || word_is(p, end, "CHARACTER") || word_is(p, end, "CHARSET")) {
        if (!has_top_level_list(p, end))
            rws__strlcpy(key, "NAMES", keylen);
        return;
    }
    if (word_is(p, end, "SESSION"))
        p = skip_space(p + 7, end);
    else if (word_is(p, end, "LOCAL"))
        p = skip_space(p + 5, end);
    char prefix = 0;
    if (end - p >= 2 && p[0] == '@' && p[1] == '@') {
        p += 2;
        if (end - p >= 8 && strncasecmp(p, "session.", 8) == 0)
            p += 8;
        else if (end - p >= 6 && strncasecmp(p, "local.", 6) == 0)
            p += 6;
        else if (end - p >= 7 && strncasecmp(p, "global.", 7) == 0)
            return;
    } else if (p < end && *p == '@') {
        prefix = '@';
        p++;
    }
    const char *name = p;
    if (p < end && *p == '`') {
        /* quoted names: do not collapse (rare; keep it simple and safe) */
        return;
    }
    while (p < end && ident_char(*p))
        p++;
    size_t n = (size_t)(p - name);
    if (n == 0 || n + 2 > keylen)
        return;
    const char *after = skip_space(p, end);
    if (after >= end || !(*after == '=' || (*after == ':' && after + 1 < end && after[1] == '=')))
        return;
    if (has_top_level_list(after, end))
        return;
    size_t k = 0;
    if (prefix)
        key[k++] = prefix;
    for (size_t i = 0; i < n; i++)
        key[k++] = prefix ? name[i] : (char)tolower((unsigned char)name[i]);
    key[k] = '\0';
}

rws_code rws__history_add(rws_history *h, const char *sql, size_t len)
{
    char key[sizeof h->cmds[0].key];
    rws__sescmd_key(sql, len, key, sizeof key);
    if (key[0]) {
        for (size_t i = 0; i < h->n; i++) {
            if (strcmp(h->cmds[i].key, key) == 0) {
                free(h->cmds[i].sql);
                memmove(&h->cmds[i], &h->cmds[i + 1], (h->n - i - 1) * sizeof h->cmds[0]);
                h->n--;
                break;
            }
        }
    }
    if (h->max && h->n >= h->max) {
        /* Keep the bound: the oldest command is dropped, and a connection opened from now on
         * could miss it, which the session reports as lost state. */
        free(h->cmds[0].sql);
        memmove(&h->cmds[0], &h->cmds[1], (h->n - 1) * sizeof h->cmds[0]);
        h->n--;
        h->overflowed = 1;
    }
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        rws_sescmd *grown = realloc(h->cmds, cap * sizeof *grown);
        if (!grown)
            return RWS_ERR_NOMEM;
        h->cmds = grown;
        h->cap = cap;
    }
    char *copy = rws__strndup(sql, len);
    if (!copy)
        return RWS_ERR_NOMEM;
    rws_sescmd *c = &h->cmds[h->n++];
    c->sql = copy;
    c->len = len;
    memcpy(c->key, key, sizeof c->key);
    return RWS_OK;
}

void rws__history_free(rws_history *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->cmds[i].sql);
    free(h->cmds);
    h->cmds = NULL;
    h->n = h->cap = 0;
    h->overflowed = 0;
}

static int name_eq(const rws_name_set *s, const char *a, const char *b, size_t len)
{
    return strlen(a) == len && (s->nocase ? strncasecmp(a, b, len) : strncmp(a, b, len)) == 0;
}

int rws__names_has(const rws_name_set *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (name_eq(s, s->names[i], name, len))
            return 1;
    return 0;
}

rws_code rws__names_add(rws_name_set *s, const char *name, size_t len)
{
    if (rws__names_has(s, name, len))
        return RWS_OK;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        char **grown = realloc(s->names, cap * sizeof *grown);
        if (!grown)
            return RWS_ERR_NOMEM;
        s->names = grown;
        s->cap = cap;
    }
    char *copy = rws__strndup(name, len);
    if (!copy)
        return RWS_ERR_NOMEM;
    s->names[s->n++] = copy;
    return RWS_OK;
}

void rws__names_remove(rws_name_set *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->n; i++) {
        if (name_eq(s, s->names[i], name, len)) {
            free(s->names[i]);
            s->names[i] = s->names[--s->n];
            return;
        }
    }
}

void rws__names_free(rws_name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    s->names = NULL;
    s->n = s->cap = 0;
}
