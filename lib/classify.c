/* rws_classify(): split the text into statements, classify each (classify_stmt.c), and merge:
 * multi-statements, routing hints, syntax errors. No I/O, no heap allocation, no global state. */
#include "classify_int.h"

#include <stddef.h>
#include <string.h>

/* What the statements of one text came to. */
typedef struct tally {
    unsigned n, hard, soft, all, rep;
    rws_route first_route;
    rws_reason first_reason;
    bool first_soft;
    bool autocommit;
    uint32_t flags;
} tally;

void rws__cx_refill(rws_cx *cx)
{
    cx->toks[0] = cx->tok[-1];
    cx->toks[1] = *cx->tok;
    cx->tok = &cx->toks[1];
    size_t n = rws__lex_fill(&cx->lx, &cx->toks[2], RWS_TOKBUF - 2);
    cx->nxt = &cx->toks[2];
    cx->last = &cx->toks[2 + n];
}

static void start_statement(rws_cx *cx)
{
    cx->st.route = RWS_ROUTE_REPLICA;
    cx->st.reason = RWS_REASON_READ;
    cx->st.flags = 0;
    cx->st.soft = false;
    cx->st.fn_primary = false;
    cx->st.fn_reason = RWS_REASON_UNKNOWN;
    cx->depth = 0;
    cx->listbits = 0;
    cx->callbits = 0;
    cx->call_next = false;
    cx->expect = false;
    cx->have_pending = false;
    cx->qual = false;
    cx->seq_pending = false;
    cx->with_depth = RWS_NO_DEPTH;
}

static void count(tally *t, const rws_stmt_state *st)
{
    if (t->n++ == 0) {
        t->first_route = st->route;
        t->first_reason = st->reason;
        t->first_soft = st->soft;
    }
    t->flags |= st->flags;
    switch (st->route) {
    case RWS_ROUTE_PRIMARY:
        if (st->soft)
            t->soft++;
        else
            t->hard++;
        break;
    case RWS_ROUTE_ALL:
        t->all++;
        if (st->reason == RWS_REASON_AUTOCOMMIT)
            t->autocommit = true;
        break;
    case RWS_ROUTE_REPLICA: t->rep++; break;
    }
}

/* With USE in a multi-statement, tables[0] is the database of the last USE. */
static void put_first(rws_classification *out, rws_name n)
{
    unsigned i = 0;
    while (i < out->ntables &&
           !(out->tables[i].len == n.len && memcmp(out->tables[i].ptr, n.ptr, n.len) == 0))
        i++;
    if (i == out->ntables) {
        if (out->ntables < RWS_CLASSIFY_MAX_TABLES)
            out->ntables++;
        else
            out->tables_truncated = 1;
        i = out->ntables - 1;
    }
    memmove(&out->tables[1], &out->tables[0], i * sizeof out->tables[0]);
    out->tables[0] = n;
}

static void merge(rws_cx *cx, tally *t)
{
    rws_classification *out = cx->out;
    uint32_t hints = cx->lx.hints;
    out->statements = t->n;
    out->flags = t->flags | hints;
    out->max_lag_ms = cx->lx.max_lag_ms;
    if (t->n > 1)
        out->flags |= RWS_CF_MULTI;
    if (cx->lx.error) {
        out->route = RWS_ROUTE_PRIMARY;
        out->reason = RWS_REASON_SYNTAX;
        return;
    }
    if (t->n == 0) {
        out->route = RWS_ROUTE_PRIMARY;
        out->reason = RWS_REASON_EMPTY;
        return;
    }
    bool hint_primary = (hints & RWS_CF_HINT_PRIMARY) != 0;
    bool hint_replica = (hints & RWS_CF_HINT_REPLICA) != 0 && !hint_primary;
    bool vouched = hint_replica && t->soft > 0; /* the hint vouches for the stored functions */
    if (vouched) {
        t->rep += t->soft;
        t->soft = 0;
    }
    if (t->n == 1) {
        out->route = t->first_route;
        out->reason = t->first_reason;
        if (vouched) {
            out->route = RWS_ROUTE_REPLICA;
            out->reason = RWS_REASON_HINT_REPLICA;
        }
    } else if (t->hard + t->soft > 0) {
        out->route = RWS_ROUTE_PRIMARY;
        out->reason = RWS_REASON_MULTI_WRITE;
    } else if (t->all > 0 && t->rep > 0) {
        out->route = RWS_ROUTE_PRIMARY;
        out->reason = RWS_REASON_MULTI_SESSION;
    } else if (t->all > 0) {
        out->route = RWS_ROUTE_ALL;
        out->reason = t->autocommit ? RWS_REASON_AUTOCOMMIT : t->first_reason;
    } else {
        out->route = RWS_ROUTE_REPLICA;
        out->reason = vouched && t->first_soft ? RWS_REASON_HINT_REPLICA : t->first_reason;
    }
    if (hint_primary && out->route == RWS_ROUTE_REPLICA) {
        out->route = RWS_ROUTE_PRIMARY;
        out->reason = RWS_REASON_HINT_PRIMARY;
    } else if (hint_replica && out->route == RWS_ROUTE_PRIMARY &&
               out->reason != RWS_REASON_UNKNOWN && out->reason != RWS_REASON_MULTI_SESSION) {
        out->reason = RWS_REASON_HINT_REPLICA_WRITE;
    }
}

static void classify_pass(const char *sql, size_t len, rws_classification *out, bool nbe,
                          bool *saw_bsq)
{
    rws_cx cx;
    /* everything but the table entries, which are written as they are found */
    memset(out, 0, offsetof(rws_classification, tables));
    cx.out = out;
    cx.recursion = 0;
    cx.to_eof = false;
    cx.have_use = false;
    rws__lex_init(&cx.lx, sql, len, nbe);
    /* toks[0] stands before the first token: a previous token that is nothing */
    memset(&cx.toks[0], 0, sizeof cx.toks[0]);
    size_t n = rws__lex_fill(&cx.lx, &cx.toks[1], RWS_TOKBUF - 1);
    cx.tok = &cx.toks[1];
    cx.nxt = n > 1 ? &cx.toks[2] : cx.tok;
    cx.last = &cx.toks[1 + n];
    if (cx.nxt == cx.last)
        rws__cx_refill(&cx);

    tally t = {0};
    while (cx.tok->type != RWS_TK_EOF) {
        if (cx.tok->type == RWS_TK_SEMI) { /* empty statement */
            rws__cx_advance(&cx);
            continue;
        }
        start_statement(&cx);
        rws__classify_statement(&cx);
        while (cx.tok->type != RWS_TK_EOF && (cx.to_eof || cx.tok->type != RWS_TK_SEMI))
            rws__cx_advance(&cx);
        count(&t, &cx.st);
    }
    merge(&cx, &t);
    if (cx.have_use && !cx.lx.error)
        put_first(out, cx.use_db);
    *saw_bsq = cx.lx.saw_bsq;
}

rws_route rws_classify(const char *sql, size_t len, rws_classification *out)
{
    if (!out)
        return RWS_ROUTE_PRIMARY;
    if (!sql)
        len = 0;
    bool saw_bsq = false;
    classify_pass(sql, len, out, false, &saw_bsq);
    if (saw_bsq && out->route != RWS_ROUTE_PRIMARY) {
        /* 'it\'s' means one thing with backslash escapes and another with sql_mode
         * NO_BACKSLASH_ESCAPES; the classifier cannot know the mode, so if the other reading
         * must go to the primary (say 'x\'; DELETE FROM t; -- '), the statement does. */
        rws_classification alt;
        classify_pass(sql, len, &alt, true, &saw_bsq);
        if (alt.route == RWS_ROUTE_PRIMARY && alt.reason != RWS_REASON_SYNTAX)
            *out = alt;
    }
    return out->route;
}

const char *rws_route_name(rws_route route)
{
    switch (route) {
    case RWS_ROUTE_PRIMARY: return "primary";
    case RWS_ROUTE_REPLICA: return "replica";
    case RWS_ROUTE_ALL: return "all";
    }
    return "unknown";
}

const char *rws_reason_text(rws_reason reason)
{
    switch (reason) {
    case RWS_REASON_UNKNOWN: return "not recognised: primary by default";
    case RWS_REASON_EMPTY: return "empty statement";
    case RWS_REASON_READ: return "read without side effects";
    case RWS_REASON_SHOW: return "SHOW of replicated state";
    case RWS_REASON_SHOW_PRIMARY: return "SHOW of the primary's binary log";
    case RWS_REASON_SHOW_DIAGNOSTICS: return "diagnostics of the previous statement";
    case RWS_REASON_EXPLAIN_READ: return "EXPLAIN / DESCRIBE (not executed)";
    case RWS_REASON_DML: return "data change (INSERT / UPDATE / DELETE / REPLACE)";
    case RWS_REASON_DDL: return "schema change";
    case RWS_REASON_DCL: return "account or privilege change";
    case RWS_REASON_ADMIN: return "administrative statement";
    case RWS_REASON_CALL: return "CALL / DO may write";
    case RWS_REASON_LOAD: return "LOAD DATA / LOAD XML";
    case RWS_REASON_HANDLER: return "HANDLER cursor bound to the session";
    case RWS_REASON_LOCK_TABLES: return "LOCK / UNLOCK TABLES";
    case RWS_REASON_XA: return "XA transaction";
    case RWS_REASON_TRX_BEGIN: return "starts a transaction";
    case RWS_REASON_TRX_READ_ONLY: return "starts a read-only transaction";
    case RWS_REASON_TRX_END: return "ends the transaction";
    case RWS_REASON_SET_GLOBAL: return "changes server state (SET GLOBAL, PASSWORD, DEFAULT ROLE)";
    case RWS_REASON_SESSION_SET: return "session setting";
    case RWS_REASON_USE: return "changes the default database";
    case RWS_REASON_AUTOCOMMIT: return "sets autocommit";
    case RWS_REASON_LOCKING_READ: return "locking read (FOR UPDATE / FOR SHARE)";
    case RWS_REASON_SELECT_INTO: return "SELECT ... INTO a file or variable";
    case RWS_REASON_USER_VAR_ASSIGN: return "assigns a user variable (:=)";
    case RWS_REASON_SESSION_FUNCTION: return "uses state of the primary session";
    case RWS_REASON_LOCK_FUNCTION: return "named lock function";
    case RWS_REASON_SEQUENCE: return "sequence access";
    case RWS_REASON_SIDE_EFFECT_FUNCTION: return "function whose result differs per server";
    case RWS_REASON_MULTI_WRITE: return "multi-statement with a part for the primary";
    case RWS_REASON_MULTI_SESSION: return "multi-statement mixing session commands and reads";
    case RWS_REASON_PREPARE: return "SQL prepared statement";
    case RWS_REASON_HINT_PRIMARY: return "rwsplit:primary hint";
    case RWS_REASON_HINT_REPLICA_WRITE:
        return "rwsplit:replica hint ignored: must run on the primary";
    case RWS_REASON_TEMP_TABLE: return "names a temporary table";
    case RWS_REASON_SYNTAX: return "unterminated string, comment or quoted name";
    case RWS_REASON_STORED_FUNCTION: return "calls a function that is not a known built-in";
    case RWS_REASON_HINT_REPLICA: return "rwsplit:replica hint vouches for the function";
    case RWS_REASON_COMPOUND: return "compound statement";
    case RWS_REASON_SAVEPOINT: return "savepoint";
    }
    return "unknown reason";
}
