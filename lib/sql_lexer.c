/* The SQL lexer of the classifier: one pass, no allocation, no copies. See sql_lexer.h. */
#include "sql_lexer.h"

#include "rwsplit.h"

#include <limits.h>
#include <string.h>

enum { C_OTHER = 0, C_SPACE = 1, C_IDENT = 2, C_DIGIT = 3 };

/* Character classes: letters, '_', '$' and every byte of a multi-byte UTF-8 sequence make names. */
static const uint8_t cclass[256] = {
    ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
    ['\r'] = C_SPACE, [' '] = C_SPACE,  ['$'] = C_IDENT,  ['_'] = C_IDENT,
#define R10(c)                                                                                     \
    [c] = C_DIGIT, [c + 1] = C_DIGIT, [c + 2] = C_DIGIT, [c + 3] = C_DIGIT, [c + 4] = C_DIGIT,     \
    [c + 5] = C_DIGIT, [c + 6] = C_DIGIT, [c + 7] = C_DIGIT, [c + 8] = C_DIGIT, [c + 9] = C_DIGIT
    R10('0'),
#undef R10
#define L13(c)                                                                                     \
    [c] = C_IDENT, [c + 1] = C_IDENT, [c + 2] = C_IDENT, [c + 3] = C_IDENT, [c + 4] = C_IDENT,     \
    [c + 5] = C_IDENT, [c + 6] = C_IDENT, [c + 7] = C_IDENT, [c + 8] = C_IDENT, [c + 9] = C_IDENT, \
    [c + 10] = C_IDENT, [c + 11] = C_IDENT, [c + 12] = C_IDENT
    L13('A'),         L13('N'),         L13('a'),         L13('n'),
#undef L13
#define H16(c)                                                                                     \
    [c] = C_IDENT, [c + 1] = C_IDENT, [c + 2] = C_IDENT, [c + 3] = C_IDENT, [c + 4] = C_IDENT,     \
    [c + 5] = C_IDENT, [c + 6] = C_IDENT, [c + 7] = C_IDENT, [c + 8] = C_IDENT, [c + 9] = C_IDENT, \
    [c + 10] = C_IDENT, [c + 11] = C_IDENT, [c + 12] = C_IDENT, [c + 13] = C_IDENT,                \
    [c + 14] = C_IDENT, [c + 15] = C_IDENT
    H16(0x80),        H16(0x90),        H16(0xA0),        H16(0xB0),
    H16(0xC0),        H16(0xD0),        H16(0xE0),        H16(0xF0),
#undef H16
};

#define CLS(c)          cclass[(unsigned char)(c)]
#define IS_NAME_CHAR(c) (CLS(c) >= C_IDENT)

void rws__lex_init(rws_lexer *lx, const char *text, size_t len, bool nbe)
{
    lx->p = text;
    lx->end = text ? text + len : text;
    lx->exec_depth = 0;
    lx->hints = 0;
    lx->max_lag_ms = -1;
    lx->nbe = nbe;
    lx->saw_bsq = false;
    lx->error = false;
}

/* ---- routing hints in comments: rwsplit:primary, rwsplit: replica, rwsplit:max_lag=200 ------- */

/* s[0..n) equals the lower-case word w, in any case. */
static bool word_is(const char *s, size_t n, const char *w)
{
    size_t i = 0;
    for (; i < n; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
        if (w[i] == '\0' || c != w[i])
            return false;
    }
    return w[i] == '\0';
}

static const char *skip_blanks(const char *s, const char *e)
{
    while (s < e && CLS(*s) == C_SPACE)
        s++;
    return s;
}

/* After "rwsplit": a ':' (or '='), then items separated by blanks or commas. */
static const char *parse_hint(rws_lexer *lx, const char *s, const char *e)
{
    s = skip_blanks(s, e);
    if (s >= e || (*s != ':' && *s != '='))
        return s;
    s++;
    for (;;) {
        while (s < e && (CLS(*s) == C_SPACE || *s == ','))
            s++;
        const char *w = s;
        while (s < e && (IS_NAME_CHAR(*s) || *s == '-'))
            s++;
        size_t n = (size_t)(s - w);
        if (n == 0)
            return s;
        if (word_is(w, n, "primary") || word_is(w, n, "master")) {
            lx->hints |= RWS_CF_HINT_PRIMARY;
        } else if (word_is(w, n, "replica") || word_is(w, n, "slave")) {
            lx->hints |= RWS_CF_HINT_REPLICA;
        } else if (word_is(w, n, "max_lag") || word_is(w, n, "max-lag") ||
                   word_is(w, n, "maxlag")) {
            s = skip_blanks(s, e);
            if (s < e && (*s == '=' || *s == ':'))
                s = skip_blanks(s + 1, e);
            if (s >= e || CLS(*s) != C_DIGIT)
                return s;
            long v = 0;
            while (s < e && CLS(*s) == C_DIGIT) {
                v = v * 10 + (*s - '0');
                if (v > INT_MAX)
                    v = INT_MAX;
                s++;
            }
            if (s + 1 < e && (s[0] | 0x20) == 'm' && (s[1] | 0x20) == 's')
                s += 2;
            lx->hints |= RWS_CF_HINT_MAX_LAG;
            lx->max_lag_ms = (int)v;
        } else {
            return s;
        }
    }
}

static void scan_hints(rws_lexer *lx, const char *s, const char *e)
{
    while (e - s >= 7) {
        if ((*s | 0x20) == 'r' && word_is(s, 7, "rwsplit"))
            s = parse_hint(lx, s + 7, e);
        else
            s++;
    }
}

/* ---- comments ----------------------------------------------------------------------------- */

/* p is at "/" "*" (at least two bytes). Returns where lexing goes on, or NULL if unterminated. */
static const char *block_comment(rws_lexer *lx, const char *p)
{
    const char *end = lx->end;
    const char *q = p + 2;
    if (q < end && (*q == '!' || (*q == 'M' && q + 1 < end && q[1] == '!'))) {
        /* Executable comment: its content is SQL; the version number is not. */
        q += *q == '!' ? 1 : 2;
        for (int i = 0; i < 6 && q < end && CLS(*q) == C_DIGIT; i++)
            q++;
        lx->exec_depth++;
        return q;
    }
    for (;;) {
        const char *star = q < end ? memchr(q, '*', (size_t)(end - q)) : NULL;
        if (!star || star + 1 >= end)
            return NULL;
        if (star[1] == '/') {
            scan_hints(lx, p + 2, star);
            return star + 2;
        }
        q = star + 1;
    }
}

/* p is at the first byte of a line comment's marker; body starts at body. */
static const char *line_comment(rws_lexer *lx, const char *body)
{
    const char *end = lx->end;
    const char *nl = memchr(body, '\n', (size_t)(end - body));
    const char *stop = nl ? nl : end;
    scan_hints(lx, body, stop);
    return nl ? nl + 1 : end;
}

/* ---- quoted things ------------------------------------------------------------------------ */

/* q is just after the opening quote. Returns the closing quote, or NULL if unterminated.
 * Backslash escapes apply to strings unless nbe; a doubled quote always stands for one. */
static const char *closing_quote(rws_lexer *lx, const char *q, char quote, bool backslash)
{
    const char *end = lx->end;
    while (q < end) {
        char c = *q;
        if (c == quote) {
            if (q + 1 < end && q[1] == quote) {
                q += 2;
                continue;
            }
            return q;
        }
        if (c == '\\' && backslash) {
            if (q + 1 >= end)
                return NULL;
            if (q[1] == quote)
                lx->saw_bsq = true;
            q += 2;
            continue;
        }
        q++;
    }
    return NULL;
}

static void set_tok(rws_tok *t, uint8_t type, const char *p, size_t len)
{
    t->type = type;
    t->p = p;
    t->len = len;
    t->ch = 0;
    t->kw = RWS_KW_NONE;
}

void rws__lex_next(rws_lexer *lx, rws_tok *t)
{
    const char *p = lx->p;
    const char *end = lx->end;
    for (;;) {
        while (p < end && CLS(*p) == C_SPACE)
            p++;
        if (p >= end || lx->error) {
            if (lx->exec_depth)
                lx->error = true;
            set_tok(t, RWS_TK_EOF, end, 0);
            lx->p = end;
            return;
        }
        char c = *p;
        unsigned cls = CLS(c);
        if (cls == C_IDENT) {
            const char *q = p + 1;
            while (q < end && IS_NAME_CHAR(*q))
                q++;
            set_tok(t, RWS_TK_IDENT, p, (size_t)(q - p));
            t->kw = rws__kw_lookup(p, t->len);
            lx->p = q;
            return;
        }
        if (cls == C_DIGIT) {
            const char *q = p + 1;
            while (q < end && CLS(*q) == C_DIGIT)
                q++;
            if (q + 1 < end && *q == '.' && CLS(q[1]) == C_DIGIT) {
                q += 2;
                while (q < end && CLS(*q) == C_DIGIT)
                    q++;
            }
            if (q + 1 < end && (*q | 0x20) == 'e') {
                const char *x = q + 1;
                if ((*x == '+' || *x == '-') && x + 1 < end)
                    x++;
                if (CLS(*x) == C_DIGIT)
                    q = x + 1;
            }
            while (q < end && IS_NAME_CHAR(*q))
                q++;
            set_tok(t, RWS_TK_NUMBER, p, (size_t)(q - p));
            lx->p = q;
            return;
        }
        switch (c) {
        case '/':
            if (p + 1 < end && p[1] == '*') {
                p = block_comment(lx, p);
                if (!p) {
                    lx->error = true;
                    p = end;
                }
                continue;
            }
            break;
        case '-':
            if (p + 1 < end && p[1] == '-' && (p + 2 == end || (unsigned char)p[2] <= ' ')) {
                p = line_comment(lx, p + 2);
                continue;
            }
            break;
        case '#': p = line_comment(lx, p + 1); continue;
        case '*':
            if (lx->exec_depth && p + 1 < end && p[1] == '/') {
                lx->exec_depth--;
                p += 2;
                continue;
            }
            break;
        case '\'':
        case '"':
        case '`': {
            const char *close = closing_quote(lx, p + 1, c, c != '`' && !lx->nbe);
            if (!close) {
                lx->error = true;
                p = end;
                continue;
            }
            set_tok(t, c == '`' ? RWS_TK_QIDENT : RWS_TK_STRING, p + 1, (size_t)(close - p - 1));
            t->ch = c;
            lx->p = close + 1;
            return;
        }
        case '@': {
            bool sys = p + 1 < end && p[1] == '@';
            const char *q = p + (sys ? 2 : 1);
            uint8_t type = sys ? RWS_TK_SYSVAR : RWS_TK_USERVAR;
            if (q < end && (*q == '\'' || *q == '"' || *q == '`')) {
                const char *close = closing_quote(lx, q + 1, *q, *q != '`' && !lx->nbe);
                if (!close) {
                    lx->error = true;
                    p = end;
                    continue;
                }
                set_tok(t, type, q + 1, (size_t)(close - q - 1));
                lx->p = close + 1;
                return;
            }
            const char *s = q;
            while (q < end && (IS_NAME_CHAR(*q) || *q == '.'))
                q++;
            set_tok(t, type, s, (size_t)(q - s));
            lx->p = q;
            return;
        }
        case ':':
            if (p + 1 < end && p[1] == '=') {
                set_tok(t, RWS_TK_PUNCT, p, 2);
                t->ch = ':';
                lx->p = p + 2;
                return;
            }
            break;
        default: break;
        }
        set_tok(t, RWS_TK_PUNCT, p, 1);
        t->ch = c;
        lx->p = p + 1;
        return;
    }
}
