/* Causal tokens: round trips of both flavours, the cookie/URL-safe alphabet, malformed tokens
 * with their reasons, size bounds. */
#include <criterion/criterion.h>

#include "token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "4e11fa47-71ca-11e1-9e33-c80aa9429562"

static void assert_safe(const char *tok)
{
    for (const char *c = tok; *c; c++)
        cr_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-", *c),
                  "character '%c' of token '%s' is not cookie/URL-safe", *c, tok);
}

/* text -> position -> token -> position: equal; returns the token in tok. */
static void round_trip(const char *text, char *tok, size_t toklen)
{
    rws_gtid_pos p, q;
    cr_assert_eq(rws__gtid_parse(text, strlen(text), &p), RWS_OK, "%s", text);
    cr_assert_eq(rws__token_encode(&p, tok, toklen), RWS_OK, "encode %s", text);
    assert_safe(tok);
    char err[256];
    rws_code rc = rws__token_decode(tok, strlen(tok), &q, err, sizeof err);
    cr_assert_eq(rc, RWS_OK, "decode %s: %s", tok, err);
    cr_assert_str_eq(err, "");
    cr_assert(rws__gtid_equal(&p, &q), "round trip of %s via %s", text, tok);
    rws__gtid_free(&p);
    rws__gtid_free(&q);
}

static void rejected(const char *tok, size_t len, const char *reason)
{
    rws_gtid_pos p;
    char err[256];
    cr_assert_eq(rws__token_decode(tok, len, &p, err, sizeof err), RWS_ERR_TOKEN,
                 "'%.*s' should be rejected", (int)len, tok);
    cr_assert(strstr(err, "causal token: "), "'%s'", err);
    cr_assert(strstr(err, reason), "'%.*s': reason '%s' lacks '%s'", (int)len, tok, err, reason);
    cr_assert(rws__gtid_is_empty(&p));
    rws__gtid_free(&p);
}

Test(token, mariadb_round_trip)
{
    char tok[RWS_TOKEN_BUFSIZE];
    round_trip("0-1-307", tok, sizeof tok);
    cr_assert_str_eq(tok, "v1.m.0-1-307");
    round_trip("1-2-9,0-1-307,4294967295-4294967295-18446744073709551615", tok, sizeof tok);
    cr_assert_str_eq(tok, "v1.m.0-1-307.1-2-9.4294967295-4294967295-18446744073709551615");
}

Test(token, mysql_round_trip)
{
    char tok[RWS_TOKEN_BUFSIZE];
    round_trip(U1 ":1-5", tok, sizeof tok);
    cr_assert_str_eq(tok, "v1.y." U1 "_1-5");
    round_trip("4E11FA47-71CA-11E1-9E33-C80AA9429562:1-3:7,\n" U1 ":1-5:9:11-20", tok, sizeof tok);
    cr_assert_str_eq(tok, "v1.y." U1 "_1-5_9_11-20." U2 "_1-3_7");
}

Test(token, empty_position)
{
    char tok[RWS_TOKEN_BUFSIZE];
    round_trip("", tok, sizeof tok);
    cr_assert_str_eq(tok, "v1.e");
    rws_gtid_pos p;
    cr_assert_eq(rws__token_decode("v1.e", 4, &p, NULL, 0), RWS_OK);
    cr_assert(rws__gtid_is_empty(&p));
}

Test(token, small_buffer)
{
    rws_gtid_pos p;
    cr_assert_eq(rws__gtid_parse("0-1-307", 7, &p), RWS_OK);
    char tok[12];
    cr_assert_eq(rws__token_encode(&p, tok, sizeof tok), RWS_ERR_INVALID);
    cr_assert_str_eq(tok, "");
    char tok13[13];
    cr_assert_eq(rws__token_encode(&p, tok13, sizeof tok13), RWS_OK);
    cr_assert_str_eq(tok13, "v1.m.0-1-307");
}

Test(token, not_nul_terminated)
{
    const char buf[] = "v1.m.0-1-5;path=/";
    rws_gtid_pos p;
    cr_assert_eq(rws__token_decode(buf, 10, &p, NULL, 0), RWS_OK);
    cr_assert_eq(p.n, 1);
}

Test(token, malformed)
{
    rejected("", 0, "empty");
    rejected("v1", 2, "does not start with 'v1.'");
    rejected("x1.m.0-1-5", 10, "does not start with 'v1.'");
    rejected("v2.m.0-1-5", 10, "unsupported version 'v2'");
    rejected("v12.m.0-1-5", 11, "unsupported version 'v12'");
    rejected("v1.", 3, "unknown kind");
    rejected("v1.q.0-1-5", 10, "unknown kind");
    rejected("v1.ee", 5, "unknown kind");
    rejected("v1.m", 4, "expected '.' and GTIDs");
    rejected("v1.m.", 5, "expected '.' and GTIDs");
    rejected("v1.m0-1-5", 9, "expected '.' and GTIDs");
    rejected("v1.m.0-1", 8, "bad MariaDB position");
    rejected("v1.m.0-1-5.", 11, "bad MariaDB position");
    rejected("v1.m.0-1-5..1-1-1", 17, "bad MariaDB position");
    rejected("v1.m.0-1-5.0-2-6", 16, "appears more than once");
    rejected("v1.m.0-1-99999999999999999999", 29, "out of range");
    rejected("v1.y." U1, 41, "bad MySQL position");
    rejected("v1.y." U1 "_5-3", 45, "lower than its start");
    rejected("v1.m." U1 "_1", 43, "kind 'm' does not match its MySQL GTIDs");
    rejected("v1.y.0-1-5", 10, "kind 'y' does not match its MariaDB GTIDs");
    rejected("v1.m.0-1-5 ", 11, "invalid character");
    rejected("v1.m.0-1-5,1-1-1", 16, "invalid character ',' at offset 10");
    rejected("v1.m.0-1-5;", 11, "invalid character ';'");
    rejected("v1.m.0=1", 8, "invalid character '='");
    rejected("\"v1.e\"", 6, "invalid character '\"' at offset 0");
    rejected("v1.m.0-1-5\n", 11, "invalid byte 0x0a");
    rejected("v1.e\0", 5, "invalid byte 0x00");
    rejected("v1.m.0-1-\xff", 10, "invalid byte 0xff");
    rejected(NULL, 0, "empty");
}

Test(token, no_error_buffer)
{
    rws_gtid_pos p;
    cr_assert_eq(rws__token_decode("junk", 4, &p, NULL, 0), RWS_ERR_TOKEN);
    char tiny[8];
    cr_assert_eq(rws__token_decode("junk", 4, &p, tiny, sizeof tiny), RWS_ERR_TOKEN);
    cr_assert_eq(strlen(tiny), 7);
}

Test(token, size_bounds)
{
    /* decode: longer than RWS_TOKEN_MAX is refused before looking at it */
    char *big = malloc(RWS_TOKEN_MAX + 2);
    memset(big, 'a', RWS_TOKEN_MAX + 1);
    big[RWS_TOKEN_MAX + 1] = '\0';
    rejected(big, RWS_TOKEN_MAX + 1, "longer than the limit of 4096");

    /* the largest MariaDB token that fits is accepted, one more domain is refused on encode */
    size_t len = 0;
    char *text = malloc(8192);
    int d = 0;
    for (;; d++) {
        char one[32];
        int n = snprintf(one, sizeof one, "%s%d-1-1", d ? "," : "", d);
        if (5 + len + (size_t)n > RWS_TOKEN_MAX)
            break;
        memcpy(text + len, one, (size_t)n);
        len += (size_t)n;
    }
    rws_gtid_pos p, q;
    cr_assert_eq(rws__gtid_parse(text, len, &p), RWS_OK);
    char tok[RWS_TOKEN_BUFSIZE];
    cr_assert_eq(rws__token_encode(&p, tok, sizeof tok), RWS_OK);
    cr_assert_leq(strlen(tok), RWS_TOKEN_MAX);
    cr_assert_eq(rws__token_decode(tok, strlen(tok), &q, NULL, 0), RWS_OK);
    cr_assert(rws__gtid_equal(&p, &q));
    rws__gtid_free(&q);

    len += (size_t)snprintf(text + len, 8192 - len, ",%d-1-1", d);
    rws__gtid_free(&p);
    cr_assert_eq(rws__gtid_parse(text, len, &p), RWS_OK);
    cr_assert_eq(rws__token_encode(&p, tok, sizeof tok), RWS_ERR_TOKEN);
    cr_assert_str_eq(tok, "");
    rws__gtid_free(&p);
    free(text);
    free(big);
}
