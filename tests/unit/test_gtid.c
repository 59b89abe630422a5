/* GTID positions: parse/format of both flavours, covers/behind, merge, garbage, large inputs. */
#include <criterion/criterion.h>

#include "gtid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U1 "3e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U2 "4e11fa47-71ca-11e1-9e33-c80aa9429562"
#define U3 "ffffffff-0000-1111-2222-333333333333"

static rws_gtid_pos parse_ok(const char *text)
{
    rws_gtid_pos p;
    char err[200];
    rws_code rc = rws__gtid_parse_ex(text, strlen(text), &p, err, sizeof err);
    cr_assert_eq(rc, RWS_OK, "parse '%s': %d %s", text, rc, err);
    return p; /* only used for inline-sized positions or freed by the caller right away */
}

/* Parse then format; compare with the expected canonical text. */
static void canon(const char *text, const char *expected)
{
    rws_gtid_pos p = parse_ok(text);
    char buf[512];
    size_t n = rws__gtid_format(&p, buf, sizeof buf);
    cr_assert_str_eq(buf, expected, "canonical form of '%s'", text);
    cr_assert_eq(n, strlen(expected));
    /* ... and the canonical text parses back to an equal position. */
    rws_gtid_pos q = parse_ok(buf);
    cr_assert(rws__gtid_equal(&p, &q), "round trip of '%s'", text);
    rws__gtid_free(&p);
    rws__gtid_free(&q);
}

static void invalid(const char *text)
{
    rws_gtid_pos p;
    char err[200];
    rws_code rc = rws__gtid_parse_ex(text, strlen(text), &p, err, sizeof err);
    cr_assert_eq(rc, RWS_ERR_INVALID, "'%s' should be invalid, got %d", text, rc);
    cr_assert_neq(err[0], '\0', "'%s' rejected without a reason", text);
    cr_assert(rws__gtid_is_empty(&p));
    rws__gtid_free(&p);
}

static uint64_t behind(const char *have, const char *want)
{
    rws_gtid_pos h = parse_ok(have), w = parse_ok(want);
    uint64_t b = rws__gtid_behind(&h, &w);
    cr_assert_eq(rws__gtid_covers(&h, &w), b == 0, "covers/behind disagree: %s vs %s", have, want);
    rws__gtid_free(&h);
    rws__gtid_free(&w);
    return b;
}

static int covers(const char *have, const char *want)
{
    return behind(have, want) == 0;
}

static void merged(const char *a, const char *b, const char *expected)
{
    rws_gtid_pos pa = parse_ok(a), pb = parse_ok(b);
    cr_assert_eq(rws__gtid_merge(&pa, &pb), RWS_OK, "merge %s + %s", a, b);
    char buf[512];
    rws__gtid_format(&pa, buf, sizeof buf);
    cr_assert_str_eq(buf, expected, "merge %s + %s", a, b);
    cr_assert(rws__gtid_covers(&pa, &pb));
    rws__gtid_free(&pa);
    rws__gtid_free(&pb);
}

/* ---- MariaDB ----------------------------------------------------------------------------- */

Test(gtid_mariadb, single_round_trip)
{
    canon("0-1-307", "0-1-307");
    rws_gtid_pos p = parse_ok("0-1-307");
    cr_assert_eq(p.flavor, RWS_GTID_MARIADB);
    cr_assert_eq(p.n, 1);
    cr_assert_eq(rws__gtid_items(&p)[0].m.domain, 0);
    cr_assert_eq(rws__gtid_items(&p)[0].m.server, 1);
    cr_assert_eq(rws__gtid_items(&p)[0].m.seqno, 307);
    rws__gtid_free(&p);
}

Test(gtid_mariadb, multi_domain_sorted_by_domain)
{
    canon("2-5-9,0-1-307,1-2-7", "0-1-307,1-2-7,2-5-9");
}

Test(gtid_mariadb, whitespace_and_leading_zeros)
{
    canon("  0-1-5 ,\n 1-2-9\t", "0-1-5,1-2-9");
    canon("007-01-0010", "7-1-10");
}

Test(gtid_mariadb, limits)
{
    canon("4294967295-4294967295-18446744073709551615",
          "4294967295-4294967295-18446744073709551615");
}

Test(gtid_common, empty_and_blank)
{
    const char *texts[] = {"", " ", "\n\t \r\n"};
    for (size_t k = 0; k < 3; k++) {
        rws_gtid_pos p = parse_ok(texts[k]);
        cr_assert(rws__gtid_is_empty(&p));
        cr_assert_eq(p.flavor, RWS_GTID_EMPTY);
        char buf[8] = "x";
        cr_assert_eq(rws__gtid_format(&p, buf, sizeof buf), 0);
        cr_assert_str_eq(buf, "");
        rws__gtid_free(&p);
    }
    rws_gtid_pos p;
    cr_assert_eq(rws__gtid_parse(NULL, 0, &p), RWS_OK);
    cr_assert(rws__gtid_is_empty(&p));
}

Test(gtid_mariadb, not_nul_terminated)
{
    const char text[] = "0-1-5,1-1-6XXXX";
    rws_gtid_pos p;
    cr_assert_eq(rws__gtid_parse(text, 11, &p), RWS_OK);
    cr_assert_eq(p.n, 2);
    rws__gtid_free(&p);
}

Test(gtid_mariadb, garbage)
{
    const char *bad[] = {"1-2",
                         "a-b-c",
                         "0-1-",
                         "-1-2",
                         "0-1-2-3",
                         "0--1-2",
                         "0-1-2,",
                         ",0-1-2",
                         "0-1-2,,1-1-1",
                         "0-1-2 1-1-1",
                         "+0-1-2",
                         "0-1-+2",
                         "0-1-0x5",
                         "0-1-5;",
                         "4294967296-1-1",
                         "1-4294967296-1",
                         "0-1-18446744073709551616",
                         "0-1-99999999999999999999999",
                         "0-1-5,0-2-6",
                         "0 -1-5",
                         "x",
                         ","};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        invalid(bad[k]);
    rws_gtid_pos p;
    cr_assert_eq(rws__gtid_parse("0-1-5\0", 6, &p), RWS_ERR_INVALID, "embedded NUL");
}

Test(gtid_mariadb, error_messages)
{
    rws_gtid_pos p;
    char err[200];
    rws__gtid_parse_ex("0-1-", 4, &p, err, sizeof err);
    cr_assert(strstr(err, "offset 4") && strstr(err, "sequence number"), "%s", err);
    rws__gtid_parse_ex("0-1-5,0-2-6", 11, &p, err, sizeof err);
    cr_assert(strstr(err, "domain 0 appears more than once"), "%s", err);
    rws__gtid_parse_ex("0-1-99999999999999999999", 24, &p, err, sizeof err);
    cr_assert(strstr(err, "out of range"), "%s", err);
    /* a tiny error buffer is still terminated */
    char tiny[4];
    rws__gtid_parse_ex("zz", 2, &p, tiny, sizeof tiny);
    cr_assert_eq(strlen(tiny), 3);
}

Test(gtid_mariadb, covers_and_behind)
{
    /* equal */
    cr_assert_eq(behind("0-1-10", "0-1-10"), 0);
    /* ahead */
    cr_assert_eq(behind("0-1-12", "0-1-10"), 0);
    /* behind */
    cr_assert_eq(behind("0-1-7", "0-1-10"), 3);
    /* server id does not matter */
    cr_assert_eq(behind("0-2-10", "0-1-10"), 0);
    cr_assert_eq(behind("0-9-8", "0-1-10"), 2);
    /* disjoint domains: a missing domain counts as seqno 0 */
    cr_assert_eq(behind("0-1-10", "1-1-4"), 4);
    cr_assert_eq(behind("1-1-4", "0-1-10"), 10);
    /* multi-domain: sum over domains, never negative per domain */
    cr_assert_eq(behind("0-1-10,1-1-3,2-1-50", "0-1-12,1-1-3,2-1-40"), 2);
    cr_assert_eq(behind("0-1-1,1-1-1", "0-1-5,1-1-7"), 10);
    cr_assert(covers("0-1-10,1-1-3", "1-1-2"));
    cr_assert(!covers("1-1-2", "0-1-10,1-1-3"));
    /* empty want is covered by anything; empty have lacks everything */
    cr_assert(covers("", ""));
    cr_assert(covers("0-1-1", ""));
    cr_assert_eq(behind("", "0-1-10,3-1-5"), 15);
    /* saturation */
    cr_assert_eq(behind("", "0-1-18446744073709551615,1-1-18446744073709551615"), UINT64_MAX);
}

Test(gtid_mariadb, merge)
{
    merged("0-1-5", "0-1-7", "0-1-7");
    merged("0-1-7", "0-1-5", "0-1-7");
    merged("0-1-5", "1-2-3", "0-1-5,1-2-3");
    merged("2-1-5,0-1-1", "1-2-3,0-3-9", "0-3-9,1-2-3,2-1-5");
    merged("", "0-1-5", "0-1-5");
    merged("0-1-5", "", "0-1-5");
    merged("0-1-5", "0-2-5", "0-1-5"); /* tie: keep acc's */
}

/* ---- MySQL ------------------------------------------------------------------------------- */

Test(gtid_mysql, round_trips)
{
    canon(U1 ":1-5", U1 ":1-5");
    canon(U1 ":7", U1 ":7");
    canon(U1 ":1-5:7:9-12", U1 ":1-5:7:9-12");
    canon(U2 ":1-3," U1 ":1-5", U1 ":1-5," U2 ":1-3");
    canon(U1 ":1-9223372036854775807", U1 ":1-9223372036854775807");
    rws_gtid_pos p = parse_ok(U1 ":1-5:7");
    cr_assert_eq(p.flavor, RWS_GTID_MYSQL);
    cr_assert_eq(p.n, 2);
    cr_assert_eq(rws__gtid_items(&p)[0].s.uuid[0], 0x3e);
    cr_assert_eq(rws__gtid_items(&p)[1].s.first, 7);
    cr_assert_eq(rws__gtid_items(&p)[1].s.last, 7);
    rws__gtid_free(&p);
}

Test(gtid_mysql, uppercase_uuid_and_newlines)
{
    canon("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,\n4E11FA47-71CA-11E1-9E33-C80AA9429562:1-3",
          U1 ":1-5," U2 ":1-3");
    /* exactly as @@gtid_executed prints several uuids */
    canon(U1 ":1-100,\n" U2 ":1-20:22-30,\n" U3 ":5", U1 ":1-100," U2 ":1-20:22-30," U3 ":5");
    canon(" " U1 " : 1 - 5 : 7 , " U2 ":3 ", U1 ":1-5:7," U2 ":3");
}

Test(gtid_mysql, merging_adjacent_and_overlapping_intervals)
{
    canon(U1 ":1-3:4-5", U1 ":1-5");
    canon(U1 ":4-5:1-3", U1 ":1-5");
    canon(U1 ":1-5:3-9", U1 ":1-9");
    canon(U1 ":1:2:3", U1 ":1-3");
    canon(U1 ":1-3," U1 ":7," U1 ":4-6", U1 ":1-7"); /* same uuid twice, as MySQL accepts */
    canon(U1 ":1-10:2-3", U1 ":1-10");
    canon(U1 ":1-3:5-6", U1 ":1-3:5-6"); /* a hole stays */
}

Test(gtid_mysql, garbage)
{
    const char *bad[] = {
        U1 ":5-3",                                 /* reversed interval */
        U1 ":0",                                   /* GNOs start at 1 */
        U1 ":0-5",                                 /* idem */
        U1,                                        /* no interval (no ':' -> MariaDB syntax) */
        U1 ":",                                    /* no interval */
        U1 ":1-",                                  /* no end */
        U1 ":-5",                                  /* no start */
        U1 ":1-5,",                                /* trailing comma */
        U1 ":1-5::7",                              /* empty interval */
        U1 ":9223372036854775808",                 /* > INT64_MAX */
        U1 ":1-99999999999999999999",              /* overflow */
        "3e11fa47-71ca-11e1-9e33-c80aa942956g:1",  /* bad hex */
        "3e11fa47-71ca-11e1-9e33-c80aa942956:1",   /* short */
        "3e11fa47-71ca-11e1-9e33-c80aa94295622:1", /* long */
        "3e11fa4771ca11e19e33c80aa9429562:1",      /* no dashes: unsupported */
        "3e11fa47_71ca-11e1-9e33-c80aa9429562:1",  /* bad separator */
        U1 ":tag:1",                               /* MySQL 8.3 tagged GTIDs: unsupported */
        U1 ":1 2",                                 /* missing ':' */
        "0-1-5," U1 ":1",                          /* mixed flavours */
        ":1",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        invalid(bad[k]);
}

Test(gtid_mysql, subset_with_holes)
{
    cr_assert_eq(behind(U1 ":1-10", U1 ":1-10"), 0);
    cr_assert_eq(behind(U1 ":1-10", U1 ":3-5"), 0);
    cr_assert_eq(behind(U1 ":1-10", U1 ":1-12"), 2);
    /* have has a hole at 5 */
    cr_assert_eq(behind(U1 ":1-4:6-10", U1 ":1-10"), 1);
    cr_assert_eq(behind(U1 ":1-4:6-10", U1 ":6-10"), 0);
    cr_assert_eq(behind(U1 ":1-4:6-10", U1 ":4-6"), 1);
    /* want has holes, have covers them */
    cr_assert_eq(behind(U1 ":1-10", U1 ":1-2:5:9-10"), 0);
    cr_assert_eq(behind(U1 ":2-3:5:9", U1 ":1-2:5:9-10"), 2);
    /* one have interval spans several want intervals, and the reverse */
    cr_assert_eq(behind(U1 ":1-100", U1 ":1-2:50:99-101"), 1);
    cr_assert_eq(behind(U1 ":1-2:4-5:7-8", U1 ":1-8"), 2);
    /* uuids */
    cr_assert_eq(behind(U1 ":1-10", U2 ":1-3"), 3);
    cr_assert_eq(behind(U1 ":1-10," U2 ":1-3", U2 ":1-3"), 0);
    cr_assert_eq(behind(U2 ":1-3", U1 ":1-10," U2 ":1-3"), 10);
    cr_assert_eq(behind(U1 ":1-10," U3 ":1-5", U1 ":5," U2 ":1-2," U3 ":4-7"), 4);
    /* case does not matter */
    cr_assert(covers("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-10", U1 ":4"));
    cr_assert_eq(behind("", U1 ":1-10:20"), 11);
    cr_assert(covers(U1 ":1", ""));
}

Test(gtid_mysql, merge)
{
    merged(U1 ":1-5", U1 ":6-9", U1 ":1-9");
    merged(U1 ":1-5", U1 ":7-9", U1 ":1-5:7-9");
    merged(U1 ":1-5:7-9", U1 ":6", U1 ":1-9");
    merged(U2 ":1-5", U1 ":3", U1 ":3," U2 ":1-5");
    merged(U1 ":1-5," U2 ":1", U1 ":2-3," U2 ":2," U3 ":1", U1 ":1-5," U2 ":1-2," U3 ":1");
    merged("", U1 ":3", U1 ":3");
}

Test(gtid_common, flavours_do_not_mix)
{
    rws_gtid_pos m = parse_ok("0-1-5"), s = parse_ok(U1 ":1-5"), e = parse_ok("");
    cr_assert(!rws__gtid_covers(&m, &s));
    cr_assert(!rws__gtid_covers(&s, &m));
    cr_assert_eq(rws__gtid_behind(&m, &s), UINT64_MAX);
    cr_assert(rws__gtid_covers(&m, &e));
    cr_assert(rws__gtid_covers(&s, &e));
    cr_assert_eq(rws__gtid_merge(&m, &s), RWS_ERR_INVALID);
    char buf[64];
    rws__gtid_format(&m, buf, sizeof buf);
    cr_assert_str_eq(buf, "0-1-5", "acc unchanged after a failed merge");
    cr_assert(!rws__gtid_equal(&m, &s));
    cr_assert(!rws__gtid_equal(&m, &e));
    rws__gtid_free(&m);
    rws__gtid_free(&s);
    rws__gtid_free(&e);
}

Test(gtid_common, format_truncation)
{
    rws_gtid_pos p = parse_ok("0-1-307,1-2-9");
    char buf[6];
    size_t n = rws__gtid_format(&p, buf, sizeof buf);
    cr_assert_eq(n, strlen("0-1-307,1-2-9"));
    cr_assert_str_eq(buf, "0-1-3");
    cr_assert_eq(rws__gtid_format(&p, NULL, 0), n);
    rws__gtid_free(&p);
}

/* ---- large inputs (heap fallback) -------------------------------------------------------- */

Test(gtid_large, mariadb_many_domains)
{
    size_t cap = 200 * 32;
    char *text = malloc(cap);
    size_t len = 0;
    for (int d = 199; d >= 0; d--)
        len += (size_t)snprintf(text + len, cap - len, "%s%d-%d-%d", d == 199 ? "" : ",", d, d + 1,
                                d * 10 + 1);
    rws_gtid_pos p, q;
    cr_assert_eq(rws__gtid_parse(text, len, &p), RWS_OK);
    cr_assert_eq(p.n, 200);
    cr_assert_not_null(p.heap);
    cr_assert_eq(rws__gtid_items(&p)[0].m.domain, 0);
    cr_assert_eq(rws__gtid_items(&p)[199].m.seqno, 1991);
    /* format -> parse round trip, copy, covers itself, merge with itself is a no-op */
    size_t flen = rws__gtid_format(&p, NULL, 0);
    char *f = malloc(flen + 1);
    rws__gtid_format(&p, f, flen + 1);
    cr_assert_eq(rws__gtid_parse(f, flen, &q), RWS_OK);
    cr_assert(rws__gtid_equal(&p, &q));
    rws_gtid_pos c;
    cr_assert_eq(rws__gtid_copy(&c, &p), RWS_OK);
    cr_assert(rws__gtid_equal(&c, &p));
    cr_assert(rws__gtid_covers(&p, &q));
    cr_assert_eq(rws__gtid_merge(&c, &q), RWS_OK);
    cr_assert(rws__gtid_equal(&c, &p));
    rws__gtid_free(&c);
    rws__gtid_free(&p);
    rws__gtid_free(&q);
    free(f);
    free(text);
}

Test(gtid_large, mysql_many_intervals_and_uuids)
{
    size_t cap = 64 * 1024;
    char *text = malloc(cap);
    size_t len = 0;
    for (int u = 0; u < 20; u++) {
        len += (size_t)snprintf(text + len, cap - len, "%s%08x-0000-0000-0000-000000000000",
                                u ? ",\n" : "", u);
        for (int k = 0; k < 30; k++) /* holes at every third GNO */
            len += (size_t)snprintf(text + len, cap - len, ":%d-%d", k * 3 + 1, k * 3 + 2);
    }
    rws_gtid_pos p, q;
    cr_assert_eq(rws__gtid_parse(text, len, &p), RWS_OK);
    cr_assert_eq(p.n, 600);
    /* fill the holes of one uuid: that uuid collapses to a single interval */
    const char *fill = "00000007-0000-0000-0000-000000000000:3:6:9:12:15:18:21:24:27:30:33:36:39:"
                       "42:45:48:51:54:57:60:63:66:69:72:75:78:81:84:87";
    cr_assert_eq(rws__gtid_parse(fill, strlen(fill), &q), RWS_OK);
    cr_assert_eq(rws__gtid_behind(&p, &q), 29);
    cr_assert_eq(rws__gtid_merge(&p, &q), RWS_OK);
    cr_assert_eq(p.n, 600 - 29);
    cr_assert(rws__gtid_covers(&p, &q));
    rws__gtid_free(&p);
    rws__gtid_free(&q);
    free(text);
}

Test(gtid_large, too_many_items)
{
    size_t n = RWS_GTID_MAX_ITEMS + 1, cap = n * 24;
    char *text = malloc(cap);
    size_t len = 0;
    for (size_t d = 0; d < n; d++)
        len += (size_t)snprintf(text + len, cap - len, "%s%zu-1-1", d ? "," : "", d);
    rws_gtid_pos p;
    char err[200];
    cr_assert_eq(rws__gtid_parse_ex(text, len, &p, err, sizeof err), RWS_ERR_INVALID);
    cr_assert(strstr(err, "too many"), "%s", err);
    cr_assert(rws__gtid_is_empty(&p));
    rws__gtid_free(&p);
    free(text);
}
