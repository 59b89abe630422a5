/* Causal tokens: `v1.` + flavour + the canonical GTID text with ',' and ':' replaced by cookie-
 * and URL-safe characters. See token.h. */
#include "token.h"

#include <string.h>

#define PREFIX     "v1."
#define PREFIX_LEN 3

static int token_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '~' || c == '-';
}

rws_code rws__token_encode(const rws_gtid_pos *p, char *buf, size_t len)
{
    char tmp[RWS_TOKEN_BUFSIZE];
    size_t n;
    if (len > 0)
        buf[0] = '\0';
    if (p->n == 0) {
        n = (size_t)rws__fmt(tmp, sizeof tmp, "%se", PREFIX);
    } else {
        n = (size_t)rws__fmt(tmp, sizeof tmp, "%s%c.", PREFIX,
                             p->flavor == RWS_GTID_MARIADB ? 'm' : 'y');
        size_t body = rws__gtid_format(p, tmp + n, sizeof tmp - n);
        if (body >= sizeof tmp - n)
            return RWS_ERR_TOKEN;
        for (size_t k = n; k < n + body; k++) {
            if (tmp[k] == ',')
                tmp[k] = '.';
            else if (tmp[k] == ':')
                tmp[k] = '_';
        }
        n += body;
    }
    if (n >= len)
        return RWS_ERR_INVALID;
    memcpy(buf, tmp, n + 1);
    return RWS_OK;
}

static rws_code token_fail(char *err, size_t errlen, rws_gtid_pos *out, const char *fmt, ...)
    RWS_PRINTF(4, 5);

static rws_code token_fail(char *err, size_t errlen, rws_gtid_pos *out, const char *fmt, ...)
{
    rws__gtid_free(out);
    if (err && errlen) {
        size_t n = rws__fmt(err, errlen, "causal token: ");
        va_list ap;
        va_start(ap, fmt);
        rws__vfmt(err + n, errlen - n, fmt, ap);
        va_end(ap);
    }
    return RWS_ERR_TOKEN;
}

rws_code rws__token_decode(const char *tok, size_t len, rws_gtid_pos *out, char *err, size_t errlen)
{
    rws__gtid_init(out);
    if (err && errlen)
        err[0] = '\0';
    if (!tok || len == 0)
        return token_fail(err, errlen, out, "empty (expected e.g. 'v1.e' or 'v1.m.0-1-5')");
    if (len > RWS_TOKEN_MAX)
        return token_fail(err, errlen, out, "%zu bytes, longer than the limit of %d", len,
                          RWS_TOKEN_MAX);
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)tok[k];
        if (!token_char(c)) {
            if (c >= 0x20 && c < 0x7f)
                return token_fail(err, errlen, out,
                                  "invalid character '%c' at offset %zu (allowed: A-Z a-z 0-9 . _ "
                                  "~ -)",
                                  c, k);
            return token_fail(err, errlen, out,
                              "invalid byte 0x%02x at offset %zu (allowed: A-Z a-z 0-9 . _ ~ -)",
                              (unsigned)c, k);
        }
    }
    if (len < PREFIX_LEN || memcmp(tok, PREFIX, PREFIX_LEN) != 0) {
        if (tok[0] == 'v' && len > 1 && tok[1] >= '0' && tok[1] <= '9') {
            size_t vlen = 1;
            while (vlen < len && vlen < 16 && tok[vlen] >= '0' && tok[vlen] <= '9')
                vlen++;
            if (vlen != 2 || tok[1] != '1')
                return token_fail(err, errlen, out,
                                  "unsupported version '%.*s' (this library reads v1)", (int)vlen,
                                  tok);
        }
        return token_fail(err, errlen, out, "does not start with '%s'", PREFIX);
    }
    const char *rest = tok + PREFIX_LEN;
    size_t rlen = len - PREFIX_LEN;
    if (rlen == 1 && rest[0] == 'e')
        return RWS_OK;
    if (rlen < 1 || (rest[0] != 'm' && rest[0] != 'y'))
        return token_fail(err, errlen, out, "unknown kind after '%s' (expected 'e', 'm.' or 'y.')",
                          PREFIX);
    rws_gtid_flavor want = rest[0] == 'm' ? RWS_GTID_MARIADB : RWS_GTID_MYSQL;
    if (rlen < 3 || rest[1] != '.')
        return token_fail(err, errlen, out, "expected '.' and GTIDs after '%s%c'", PREFIX, rest[0]);

    /* Back to the server's syntax; ':' and ',' never occur in a valid token body. */
    char text[RWS_TOKEN_MAX];
    size_t blen = rlen - 2;
    for (size_t k = 0; k < blen; k++) {
        char c = rest[2 + k];
        if (c == '.')
            c = ',';
        else if (c == '_')
            c = ':';
        text[k] = c;
    }
    char why[160];
    rws_code rc = rws__gtid_parse_ex(text, blen, out, why, sizeof why);
    if (rc == RWS_ERR_NOMEM)
        return token_fail(err, errlen, out, "out of memory");
    if (rc != RWS_OK)
        return token_fail(err, errlen, out, "bad %s position after '%s%c.': %s",
                          want == RWS_GTID_MARIADB ? "MariaDB" : "MySQL", PREFIX, rest[0], why);
    if (out->flavor != want)
        return token_fail(err, errlen, out, "kind '%c' does not match its %s GTIDs", rest[0],
                          out->flavor == RWS_GTID_MARIADB ? "MariaDB" : "MySQL");
    return RWS_OK;
}
