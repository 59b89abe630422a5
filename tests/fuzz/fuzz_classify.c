/* libFuzzer target for rws_classify(): no crash, no read outside the input (ASan), no undefined
 * behaviour (UBSan), and the invariants of the result hold for every input. */
#include <rwsplit.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KNOWN_FLAGS ((RWS_CF_USER_VAR_WRITE << 1) - 1)

static void fail(const char *what, const rws_classification *c)
{
    fprintf(stderr, "invariant broken: %s (route %d reason %d flags 0x%x ntables %u)\n", what,
            c->route, c->reason, c->flags, c->ntables);
    abort();
}

static int within(const char *sql, size_t size, rws_name n)
{
    if (n.ptr == NULL)
        return n.len == 0;
    return n.ptr >= sql && n.len <= size && n.ptr + n.len <= sql + size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *sql = (const char *)data;
    rws_classification c;
    rws_route r = rws_classify(sql, size, &c);

    if (r != c.route)
        fail("return value differs from out->route", &c);
    if ((unsigned)c.route > RWS_ROUTE_ALL)
        fail("route out of range", &c);
    if ((unsigned)c.reason > RWS_REASON_SAVEPOINT)
        fail("reason out of range", &c);
    if (strcmp(rws_reason_text(c.reason), "unknown reason") == 0)
        fail("reason without text", &c);
    if (c.flags & ~(uint32_t)KNOWN_FLAGS)
        fail("unknown flag bits", &c);
    if (c.ntables > RWS_CLASSIFY_MAX_TABLES)
        fail("ntables > RWS_CLASSIFY_MAX_TABLES", &c);
    if (c.tables_truncated && c.ntables != RWS_CLASSIFY_MAX_TABLES)
        fail("tables_truncated with room left", &c);
    for (unsigned i = 0; i < c.ntables; i++)
        if (!c.tables[i].ptr || !within(sql, size, c.tables[i]))
            fail("table name outside the input", &c);
    if (!within(sql, size, c.temp_table))
        fail("temp_table outside the input", &c);
    if ((c.flags & RWS_CF_TEMP_CREATE) == 0 && c.temp_table.ptr)
        fail("temp_table without RWS_CF_TEMP_CREATE", &c);
    if (c.statements > size)
        fail("more statements than bytes", &c);
    if ((c.statements > 1) != ((c.flags & RWS_CF_MULTI) != 0))
        fail("RWS_CF_MULTI and statements disagree", &c);
    if (c.statements == 0 && c.reason != RWS_REASON_EMPTY && c.reason != RWS_REASON_SYNTAX)
        fail("no statement but not EMPTY or SYNTAX", &c);
    if ((c.max_lag_ms >= 0) != ((c.flags & RWS_CF_HINT_MAX_LAG) != 0) || c.max_lag_ms < -1)
        fail("max_lag_ms and RWS_CF_HINT_MAX_LAG disagree", &c);
    if (c.route == RWS_ROUTE_ALL && !(c.flags & RWS_CF_SESSION))
        fail("route all without RWS_CF_SESSION", &c);
    if ((c.flags & RWS_CF_USE_DB) && c.reason != RWS_REASON_SYNTAX && c.ntables == 0)
        fail("RWS_CF_USE_DB without a name", &c);
    if (c.route == RWS_ROUTE_REPLICA &&
        (c.flags & (RWS_CF_WRITE | RWS_CF_LOCKING_READ | RWS_CF_NAMED_LOCK | RWS_CF_LAST_INSERT_ID |
                    RWS_CF_TEMP_CREATE | RWS_CF_LOCK_TABLES)) &&
        c.reason != RWS_REASON_EXPLAIN_READ)
        fail("a replica route for a statement flagged as writing or locking", &c);
    if ((c.reason == RWS_REASON_SYNTAX || c.reason == RWS_REASON_UNKNOWN) &&
        c.route != RWS_ROUTE_PRIMARY)
        fail("SYNTAX / UNKNOWN not on the primary", &c);

    /* Pure: the same input gives the same answer. */
    rws_classification again;
    rws_classify(sql, size, &again);
    if (again.route != c.route || again.reason != c.reason || again.flags != c.flags ||
        again.ntables != c.ntables || again.statements != c.statements ||
        again.max_lag_ms != c.max_lag_ms || again.tables_truncated != c.tables_truncated)
        fail("two calls disagree", &c);
    for (unsigned i = 0; i < c.ntables; i++)
        if (again.tables[i].ptr != c.tables[i].ptr || again.tables[i].len != c.tables[i].len)
            fail("two calls name different tables", &c);

    /* A trailing space or ';' changes nothing: the same statements, the same answer. (Except
     * ';' after a final "--": "--" at the end is a comment, "--;" is not.) */
    int dashes = size >= 2 && data[size - 1] == '-' && data[size - 2] == '-';
    char *more = malloc(size + 1);
    if (!more)
        return 0;
    memcpy(more, data, size);
    for (int k = 0; k < 2 - dashes; k++) {
        more[size] = k ? ';' : ' ';
        rws_classify(more, size + 1, &again);
        if (again.route != c.route || again.reason != c.reason || again.flags != c.flags ||
            again.ntables != c.ntables || again.statements != c.statements)
            fail(k ? "a trailing ';' changed the answer" : "a trailing space changed the answer",
                 &c);
    }
    free(more);
    return 0;
}
