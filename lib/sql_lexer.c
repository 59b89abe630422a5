/* The SQL lexer of the classifier: one pass, no allocation, no copies. See sql_lexer.h. */
#include "sql_lexer.h"

#include "rwsplit.h"

#include <limits.h>
#include <string.h>

enum { C_OTHER = 0, C_SPACE = 1, C_IDENT = 2, C_DIGIT = 3 };

/* What a byte starts, for the lexer's one dispatch per token. */
enum {
    D_PUNCT = 0, /* a one-byte token */
    D_SPACE,
    D_IDENT,
    D_DIGIT,
    D_QUOTE, /* ' or " */
    D_BACKQUOTE,
    D_SLASH,
    D_DASH,
    D_HASH,
    D_STAR,
    D_AT,
    D_COLON,
    D_SEMI
};

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

static const uint8_t dispatch[256] = {
    ['\t'] = D_SPACE, ['\n'] = D_SPACE, ['\v'] = D_SPACE,
    ['\f'] = D_SPACE, ['\r'] = D_SPACE, [' '] = D_SPACE,
    ['\''] = D_QUOTE, ['"'] = D_QUOTE,  ['`'] = D_BACKQUOTE,
    ['/'] = D_SLASH,  ['-'] = D_DASH,   ['#'] = D_HASH,
    ['*'] = D_STAR,   ['@'] = D_AT,     [':'] = D_COLON,
    [';'] = D_SEMI,   ['$'] = D_IDENT,  ['_'] = D_IDENT,
#define R10(c)                                                                                     \
    [c] = D_DIGIT, [c + 1] = D_DIGIT, [c + 2] = D_DIGIT, [c + 3] = D_DIGIT, [c + 4] = D_DIGIT,     \
    [c + 5] = D_DIGIT, [c + 6] = D_DIGIT, [c + 7] = D_DIGIT, [c + 8] = D_DIGIT, [c + 9] = D_DIGIT
    R10('0'),
#undef R10
#define L13(c)                                                                                     \
    [c] = D_IDENT, [c + 1] = D_IDENT, [c + 2] = D_IDENT, [c + 3] = D_IDENT, [c + 4] = D_IDENT,     \
    [c + 5] = D_IDENT, [c + 6] = D_IDENT, [c + 7] = D_IDENT, [c + 8] = D_IDENT, [c + 9] = D_IDENT, \
    [c + 10] = D_IDENT, [c + 11] = D_IDENT, [c + 12] = D_IDENT
    L13('A'),         L13('N'),         L13('a'),
    L13('n'),
#undef L13
#define H16(c)                                                                                     \
    [c] = D_IDENT, [c + 1] = D_IDENT, [c + 2] = D_IDENT, [c + 3] = D_IDENT, [c + 4] = D_IDENT,     \
    [c + 5] = D_IDENT, [c + 6] = D_IDENT, [c + 7] = D_IDENT, [c + 8] = D_IDENT, [c + 9] = D_IDENT, \
    [c + 10] = D_IDENT, [c + 11] = D_IDENT, [c + 12] = D_IDENT, [c + 13] = D_IDENT,                \
    [c + 14] = D_IDENT, [c + 15] = D_IDENT
    H16(0x80),        H16(0x90),        H16(0xA0),
    H16(0xB0),        H16(0xC0),        H16(0xD0),
    H16(0xE0),        H16(0xF0),
#undef H16
};

#define CLS(c)          cclass[(unsigned char)(c)]
#define IS_NAME_CHAR(c) (CLS(c) >= C_IDENT)

#if defined(__SSE2__)
#include <emmintrin.h>
#define RWS_LEX_SSE2 1

/* Bit i set: q[i] is not a name byte (IS_NAME_CHAR false). Reads q[0..16). */
static inline unsigned not_name16(const char *q)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i lc = _mm_or_si128(v, _mm_set1_epi8(0x20));
    /* unsigned range checks as signed compares after a shift of the range to -128 */
    __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lc, _mm_set1_epi8((char)(0x80 - 'a'))),
                                    _mm_set1_epi8(-128 + 26));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
                                   _mm_set1_epi8(-128 + 10));
    __m128i other =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('$')));
    __m128i name = _mm_or_si128(_mm_or_si128(letter, digit), other);
    /* bytes >= 0x80 (UTF-8) are name bytes: their sign bit */
    unsigned bits = (unsigned)_mm_movemask_epi8(name) | (unsigned)_mm_movemask_epi8(v);
    return ~bits & 0xFFFFu;
}

/* Bit i set: q[i] == c. Reads q[0..16). */
static inline unsigned eq16(const char *q, char c)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
}
#endif

/* One past the name that goes on at q (q itself may end it). */
static inline const char *name_tail(const char *q, const char *end, const char *name_end)
{
#ifdef RWS_LEX_SSE2
    (void)name_end;
    while (end - q >= 16) {
        unsigned m = not_name16(q);
        if (m)
            return q + __builtin_ctz(m);
        q += 16;
    }
    while (q < end && IS_NAME_CHAR(*q))
        q++;
    return q;
#else
    if (q < name_end) {
        while (IS_NAME_CHAR(*q)) /* stops before name_end */
            q++;
    } else {
        while (q < end && IS_NAME_CHAR(*q))
            q++;
    }
    return q;
#endif
}

/* The first backquote at or after q, or end. */
static inline const char *find_backquote(const char *q, const char *end)
{
#ifdef RWS_LEX_SSE2
    while (end - q >= 16) {
        unsigned m = eq16(q, '`');
        if (m)
            return q + __builtin_ctz(m);
        q += 16;
    }
#endif
    while (q < end && *q != '`')
        q++;
    return q;
}

void rws__lex_init(rws_lexer *lx, const char *text, size_t len, bool nbe)
{
    lx->p = text;
    lx->end = text ? text + len : text;
    const char *q = lx->end;
    while (q > text && CLS(q[-1]) == C_SPACE)
        q--;
    lx->text_end = q;
#ifdef RWS_LEX_SSE2
    lx->name_end = text; /* name_tail() checks the bounds itself, 16 bytes at a time */
#else
    q = lx->end;
    while (q > text && IS_NAME_CHAR(q[-1]))
        q--;
    lx->name_end = q;
#endif
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
    for (;;) {
        const char *close = q < end ? memchr(q, quote, (size_t)(end - q)) : NULL;
        if (!close)
            return NULL;
        if (backslash) {
            const char *bs = memchr(q, '\\', (size_t)(close - q));
            if (bs) { /* an escape before the quote: skip the escaped byte and look again */
                if (bs + 1 >= end)
                    return NULL;
                if (bs[1] == quote)
                    lx->saw_bsq = true;
                q = bs + 2;
                continue;
            }
        }
        if (close + 1 < end && close[1] == quote) { /* doubled quote */
            q = close + 2;
            continue;
        }
        return close;
    }
}

static inline void set_tok(rws_tok *t, uint8_t type, const char *p, size_t len, char ch,
                           uint16_t kw)
{
    /* one compound store: the compiler writes the 16 bytes in two or three stores, not five */
    *t = (rws_tok){.p = p, .len = (uint32_t)len, .type = type, .ch = ch, .kw = kw};
}

/* Lex up to n tokens. One loop, no call per token: after a token, `goto next`; a comment or
 * white space that is not the one space between two tokens goes `continue` (the end of the text
 * is checked again there). p, end, text_end and name_end are locals, not lx->...: a token store
 * (uint8_t, char) may alias them for the compiler. */
size_t rws__lex_fill(rws_lexer *lx, rws_tok *toks, size_t n)
{
    const char *end = lx->end;
    const char *text_end = lx->text_end;
    const char *name_end = lx->name_end;
    const char *p = lx->error ? end : lx->p; /* an error ends the text: an EOF token for it */
    rws_tok *t = toks;
    rws_tok *const tend = toks + n;
    for (;;) {
        if (p >= text_end) { /* only white space is left */
            if (lx->exec_depth)
                lx->error = true;
            set_tok(t++, RWS_TK_EOF, end, 0, 0, RWS_KW_NONE);
            p = end;
            break;
        }
        char c = *p;
        if (c ==
            ' ') /* one space between tokens is the rule; a non-space follows before text_end */
            c = *++p;
        switch (dispatch[(unsigned char)c]) {
        case D_IDENT: {
            const char *q = name_tail(p + 1, end, name_end);
            size_t len = (size_t)(q - p);
            set_tok(t, RWS_TK_IDENT, p, len, 0, rws__kw_lookup_lim(p, len, end));
            p = q;
            goto next;
        }
        case D_DIGIT: {
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
            set_tok(t, RWS_TK_NUMBER, p, (size_t)(q - p), 0, RWS_KW_NONE);
            p = q;
            goto next;
        }
        case D_SPACE: /* more white space than one space */
            p++;
            while (CLS(*p) == C_SPACE) /* stops before text_end, which is not a space */
                p++;
            continue;
        case D_BACKQUOTE: {
            /* the common case first: no doubled backquote inside */
            const char *q = find_backquote(p + 1, end);
            if (q + 1 < end && q[1] == '`')
                q = closing_quote(lx, q, '`', false);
            if (!q || q >= end) {
                lx->error = true;
                p = end;
                continue;
            }
            set_tok(t, RWS_TK_QIDENT, p + 1, (size_t)(q - p - 1), '`', RWS_KW_NONE);
            p = q + 1;
            goto next;
        }
        case D_QUOTE: {
            const char *close = closing_quote(lx, p + 1, c, !lx->nbe);
            if (!close) {
                lx->error = true;
                p = end;
                continue;
            }
            set_tok(t, RWS_TK_STRING, p + 1, (size_t)(close - p - 1), c, RWS_KW_NONE);
            p = close + 1;
            goto next;
        }
        case D_SLASH:
            if (p + 1 < end && p[1] == '*') {
                p = block_comment(lx, p);
                if (!p) {
                    lx->error = true;
                    p = end;
                }
                continue;
            }
            break;
        case D_DASH:
            if (p + 1 < end && p[1] == '-' && (p + 2 == end || (unsigned char)p[2] <= ' ')) {
                p = line_comment(lx, p + 2);
                continue;
            }
            break;
        case D_HASH: p = line_comment(lx, p + 1); continue;
        case D_STAR:
            if (lx->exec_depth && p + 1 < end && p[1] == '/') {
                lx->exec_depth--;
                p += 2;
                continue;
            }
            break;
        case D_AT: {
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
                set_tok(t, type, q + 1, (size_t)(close - q - 1), 0, RWS_KW_NONE);
                p = close + 1;
                goto next;
            }
            const char *s = q;
            while (q < end && (IS_NAME_CHAR(*q) || *q == '.'))
                q++;
            set_tok(t, type, s, (size_t)(q - s), 0, RWS_KW_NONE);
            p = q;
            goto next;
        }
        case D_COLON:
            if (p + 1 < end && p[1] == '=') {
                set_tok(t, RWS_TK_ASSIGN, p, 2, ':', RWS_KW_NONE);
                p += 2;
                goto next;
            }
            break;
        case D_SEMI:
            set_tok(t, RWS_TK_SEMI, p, 1, ';', RWS_KW_NONE);
            p++;
            goto next;
        case D_PUNCT: break;
        default:
#if defined(__GNUC__)
            __builtin_unreachable(); /* dispatch[] holds only the D_ values: no range check */
#else
            break;
#endif
        }
        set_tok(t, RWS_TK_PUNCT, p, 1, c, RWS_KW_NONE);
        p++;
    next:
        if (++t == tend)
            break;
    }
    lx->p = p;
    return (size_t)(t - toks);
}
