/* libFuzzer target: GTID positions and causal tokens.
 *
 * Every input is tried as a GTID text (rws__gtid_parse) and as a causal token
 * (rws__token_decode). What parses must survive format -> parse and encode -> decode unchanged,
 * and the comparison functions must agree with each other. An input with a '|' is also split
 * into two positions to check merge/covers/behind between different positions. */
#include "gtid.h"
#include "token.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

/* Invariants of one valid position. */
static void check_one(const rws_gtid_pos *p, size_t input_len)
{
    size_t len = rws__gtid_format(p, NULL, 0);
    CHECK(len <= input_len);
    char *text = malloc(len + 1);
    CHECK(text != NULL);
    CHECK(rws__gtid_format(p, text, len + 1) == len);
    CHECK(strlen(text) == len);

    rws_gtid_pos q;
    CHECK(rws__gtid_parse(text, len, &q) == RWS_OK);
    CHECK(rws__gtid_equal(p, &q));
    CHECK(rws__gtid_covers(p, &q) && rws__gtid_covers(&q, p));
    CHECK(rws__gtid_behind(p, &q) == 0);

    /* merge with itself and with a copy is the identity */
    CHECK(rws__gtid_merge(&q, p) == RWS_OK);
    CHECK(rws__gtid_equal(p, &q));
    rws__gtid_free(&q);
    CHECK(rws__gtid_copy(&q, p) == RWS_OK);
    CHECK(rws__gtid_equal(p, &q));
    rws__gtid_free(&q);

    /* token round trip (unless the position is too large for a token) */
    char tok[RWS_TOKEN_BUFSIZE];
    rws_code rc = rws__token_encode(p, tok, sizeof tok);
    CHECK(rc == RWS_OK || (rc == RWS_ERR_TOKEN && len + 5 > RWS_TOKEN_MAX));
    if (rc == RWS_OK) {
        char err[256];
        CHECK(rws__token_decode(tok, strlen(tok), &q, err, sizeof err) == RWS_OK);
        CHECK(rws__gtid_equal(p, &q));
        rws__gtid_free(&q);
    }
    free(text);
}

/* Invariants between two valid positions. */
static void check_two(const rws_gtid_pos *a, const rws_gtid_pos *b)
{
    uint64_t ab = rws__gtid_behind(a, b);
    CHECK(rws__gtid_covers(a, b) == (ab == 0));
    rws_gtid_pos m;
    CHECK(rws__gtid_copy(&m, a) == RWS_OK);
    rws_code rc = rws__gtid_merge(&m, b);
    int mixed = !rws__gtid_is_empty(a) && !rws__gtid_is_empty(b) && a->flavor != b->flavor;
    if (mixed) {
        CHECK(rc == RWS_ERR_INVALID);
        CHECK(rws__gtid_equal(&m, a));
        CHECK(ab == UINT64_MAX && !rws__gtid_covers(a, b));
    } else if (rc == RWS_OK) {
        CHECK(rws__gtid_covers(&m, a) && rws__gtid_covers(&m, b));
        /* what a lacks of the union is exactly what it lacks of b */
        CHECK(rws__gtid_behind(a, &m) == ab);
        if (ab == 0 && a->flavor == RWS_GTID_MYSQL)
            CHECK(rws__gtid_equal(&m, a));
        check_one(&m, SIZE_MAX);
    } else {
        CHECK(rc == RWS_ERR_INVALID || rc == RWS_ERR_NOMEM);
    }
    rws__gtid_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char err[256];
    rws_gtid_pos p;
    rws_code rc = rws__gtid_parse_ex(text, size, &p, err, sizeof err);
    CHECK(rc == RWS_OK || (rc == RWS_ERR_INVALID && err[0] != '\0'));
    if (rc == RWS_OK)
        check_one(&p, size);
    else
        CHECK(rws__gtid_is_empty(&p));
    rws__gtid_free(&p);

    rc = rws__token_decode(text, size, &p, err, sizeof err);
    CHECK(rc == RWS_OK || (rc == RWS_ERR_TOKEN && strncmp(err, "causal token: ", 14) == 0));
    if (rc == RWS_OK) {
        char tok[RWS_TOKEN_BUFSIZE];
        /* canonical tokens are never longer than the one decoded */
        CHECK(rws__token_encode(&p, tok, sizeof tok) == RWS_OK);
        CHECK(strlen(tok) <= size);
        check_one(&p, SIZE_MAX);
    }
    rws__gtid_free(&p);

    const char *bar = memchr(text, '|', size);
    if (bar) {
        size_t la = (size_t)(bar - text);
        rws_gtid_pos a, b;
        rws__gtid_init(&b); /* not parsed when a fails */
        if (rws__gtid_parse(text, la, &a) == RWS_OK &&
            rws__gtid_parse(bar + 1, size - la - 1, &b) == RWS_OK) {
            check_two(&a, &b);
            check_two(&b, &a);
        }
        rws__gtid_free(&a);
        rws__gtid_free(&b);
    }
    return 0;
}
