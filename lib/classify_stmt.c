/* The statement rules of the classifier: the first few tokens decide the kind of statement; the
 * scanner (classify_scan.c) reads the rest for what matters. docs/routing.md lists every rule. */
#include "classify_int.h"

#include <string.h>

#define MAX_RECURSION 4

static void advance(rws_cx *cx)
{
    rws__cx_advance(cx);
}

static bool at(const rws_cx *cx, uint16_t kw)
{
    return rws__tok_kw(cx->tok, kw);
}

static bool accept(rws_cx *cx, uint16_t kw)
{
    if (!at(cx, kw))
        return false;
    advance(cx);
    return true;
}

static void primary(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    rws__st_primary(cx, reason);
    cx->st.flags |= flags;
}

static void replica(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    cx->st.route = RWS_ROUTE_REPLICA;
    cx->st.reason = reason;
    cx->st.flags |= flags;
}

/* A session command, unless something in it already requires the primary. */
static void session(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    cx->st.flags |= flags;
    if (cx->st.route == RWS_ROUTE_PRIMARY)
        return;
    cx->st.route = RWS_ROUTE_ALL;
    cx->st.reason = reason;
    cx->st.flags |= RWS_CF_SESSION;
}

static void unknown(rws_cx *cx)
{
    primary(cx, RWS_REASON_UNKNOWN, 0);
}

/* A compound statement (BEGIN NOT ATOMIC ... END, IF ... END IF, a stored program): its body
 * holds ';'s, so the rest of the text belongs to it. */
static void compound(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    primary(cx, reason, flags | RWS_CF_WRITE);
    cx->to_eof = true;
}

static void skip_if_exists(rws_cx *cx)
{
    if (accept(cx, RWS_KW_IF)) {
        accept(cx, RWS_KW_NOT);
        accept(cx, RWS_KW_EXISTS);
    }
}

/* name [, name ...]: DROP TABLE a, b */
static void name_list(rws_cx *cx)
{
    rws_name n;
    while (rws__read_name(cx, &n)) {
        rws__add_name(cx, n);
        if (!rws__tok_punct(cx->tok, ','))
            break;
        advance(cx);
    }
}

static bool explainable(const rws_tok *t)
{
    if (rws__tok_punct(t, '('))
        return true;
    if (t->type != RWS_TK_IDENT)
        return false;
    switch (t->kw) {
    case RWS_KW_SELECT:
    case RWS_KW_WITH:
    case RWS_KW_TABLE:
    case RWS_KW_VALUES:
    case RWS_KW_INSERT:
    case RWS_KW_REPLACE:
    case RWS_KW_UPDATE:
    case RWS_KW_DELETE: return true;
    default: return false;
    }
}

/* Classify a statement nested in this one (it is executed as it stands). */
static void nested(rws_cx *cx)
{
    if (cx->recursion >= MAX_RECURSION) {
        unknown(cx);
        return;
    }
    cx->recursion++;
    rws__classify_statement(cx);
    cx->recursion--;
}

/* ---- reads and writes -------------------------------------------------------------------- */

static void read_stmt(rws_cx *cx)
{
    rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_READ);
}

static void dml(rws_cx *cx, bool list)
{
    primary(cx, RWS_REASON_DML, RWS_CF_WRITE);
    advance(cx);
    cx->expect = true;
    if (list)
        cx->listbits |= 1;
    rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_DML);
}

/* ---- schema ------------------------------------------------------------------------------ */

/* Skip what may stand between CREATE/ALTER and the kind of object: OR REPLACE, DEFINER = u@h,
 * ALGORITHM = x, SQL SECURITY x, ONLINE, UNIQUE ... Returns the object keyword, RWS_KW_NONE if
 * none came; *temp is set by TEMPORARY. */
static uint16_t object_kind(rws_cx *cx, bool *temp)
{
    for (int i = 0; i < 32 && !rws__tok_end(cx->tok); i++, advance(cx)) {
        if (cx->tok->type != RWS_TK_IDENT)
            continue;
        switch (cx->tok->kw) {
        case RWS_KW_TEMPORARY: *temp = true; break;
        case RWS_KW_TABLE:
        case RWS_KW_TABLES:
        case RWS_KW_INDEX:
        case RWS_KW_VIEW:
        case RWS_KW_PROCEDURE:
        case RWS_KW_FUNCTION:
        case RWS_KW_TRIGGER:
        case RWS_KW_EVENT:
        case RWS_KW_DATABASE:
        case RWS_KW_SCHEMA:
        case RWS_KW_USER:
        case RWS_KW_ROLE:
        case RWS_KW_SEQUENCE:
        case RWS_KW_SERVER:
        case RWS_KW_PACKAGE:
        case RWS_KW_TABLESPACE: return cx->tok->kw;
        default: break;
        }
    }
    return RWS_KW_NONE;
}

static void create_stmt(rws_cx *cx)
{
    bool temp = false;
    advance(cx);
    uint16_t kind = object_kind(cx, &temp);
    switch (kind) {
    case RWS_KW_TABLE:
    case RWS_KW_SEQUENCE:
        if (temp) {
            /* CREATE TEMPORARY TABLE does not commit implicitly. */
            primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_TEMP_CREATE);
            advance(cx);
            skip_if_exists(cx);
            rws_name n;
            if (rws__read_name(cx, &n)) {
                cx->out->temp_table = n;
                rws__add_name(cx, n);
            }
            rws__scan(cx, RWS_SCAN_DDL);
            return;
        }
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        if (kind == RWS_KW_SEQUENCE) {
            advance(cx);
            skip_if_exists(cx);
            cx->expect = true;
        }
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_INDEX:
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_USER:
    case RWS_KW_ROLE: primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_PROCEDURE:
    case RWS_KW_FUNCTION:
    case RWS_KW_TRIGGER:
    case RWS_KW_EVENT:
    case RWS_KW_PACKAGE: compound(cx, RWS_REASON_DDL, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_NONE: unknown(cx); return;
    default:
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    }
}

static void alter_stmt(rws_cx *cx)
{
    bool temp = false;
    advance(cx);
    uint16_t kind = object_kind(cx, &temp);
    switch (kind) {
    case RWS_KW_TABLE:
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_SEQUENCE:
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        advance(cx);
        skip_if_exists(cx);
        name_list(cx);
        return;
    case RWS_KW_USER:
    case RWS_KW_ROLE: primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_EVENT:
    case RWS_KW_PROCEDURE:
    case RWS_KW_FUNCTION:
    case RWS_KW_PACKAGE: compound(cx, RWS_REASON_DDL, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_NONE: unknown(cx); return;
    default: primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    }
}

static void drop_stmt(rws_cx *cx)
{
    advance(cx);
    bool temp = accept(cx, RWS_KW_TEMPORARY);
    switch (cx->tok->kw) {
    case RWS_KW_TABLE:
    case RWS_KW_TABLES:
    case RWS_KW_SEQUENCE:
        if (cx->tok->type != RWS_TK_IDENT)
            break;
        /* DROP TEMPORARY TABLE does not commit; DROP TABLE may drop a temporary table. */
        primary(cx, RWS_REASON_DDL,
                RWS_CF_WRITE |
                    (temp ? RWS_CF_TEMP_DROP : RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE));
        advance(cx);
        skip_if_exists(cx);
        name_list(cx);
        return;
    case RWS_KW_INDEX:
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_USER:
    case RWS_KW_ROLE: primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_PREPARE: primary(cx, RWS_REASON_PREPARE, 0); return;
    default: break;
    }
    if (cx->tok->type == RWS_TK_IDENT)
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
    else
        unknown(cx);
}

/* ---- SET --------------------------------------------------------------------------------- */

static bool ci_prefix(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && rws__ci_eq(s, k, w);
}

/* The autocommit value of a one-token value: 1 on, 0 off, -1 not a literal. */
static int autocommit_value(const rws_tok *v)
{
    switch (v->type) {
    case RWS_TK_NUMBER:
        if (v->len == 1 && (v->p[0] == '0' || v->p[0] == '1'))
            return v->p[0] - '0';
        return -1;
    case RWS_TK_IDENT:
        if (v->kw == RWS_KW_ON || v->kw == RWS_KW_TRUE || v->kw == RWS_KW_DEFAULT)
            return 1; /* DEFAULT: the server default, ON unless configured otherwise */
        if (v->kw == RWS_KW_OFF || v->kw == RWS_KW_FALSE)
            return 0;
        return -1;
    case RWS_TK_STRING:
        if (rws__ci_eq(v->p, v->len, "on") || rws__ci_eq(v->p, v->len, "1"))
            return 1;
        if (rws__ci_eq(v->p, v->len, "off") || rws__ci_eq(v->p, v->len, "0"))
            return 0;
        return -1;
    default: return -1;
    }
}

/* SET STATEMENT var = value [, ...] FOR statement: the inner statement decides. */
static void set_statement_for(rws_cx *cx)
{
    unsigned depth = 0;
    advance(cx);
    while (!rws__tok_end(cx->tok)) {
        if (rws__tok_punct(cx->tok, '('))
            depth++;
        else if (rws__tok_punct(cx->tok, ')') && depth > 0)
            depth--;
        else if (depth == 0 && at(cx, RWS_KW_FOR)) {
            advance(cx);
            nested(cx);
            return;
        }
        advance(cx);
    }
    unknown(cx);
}

static void set_stmt(rws_cx *cx)
{
    advance(cx);
    switch (cx->tok->type == RWS_TK_IDENT ? cx->tok->kw : RWS_KW_NONE) {
    case RWS_KW_NAMES:
    case RWS_KW_CHARSET:
    case RWS_KW_ROLE:
    case RWS_KW_TRANSACTION: session(cx, RWS_REASON_SESSION_SET, 0); return;
    case RWS_KW_CHARACTER:
        if (rws__tok_kw(cx->nxt, RWS_KW_SET)) {
            session(cx, RWS_REASON_SESSION_SET, 0);
            return;
        }
        break;
    case RWS_KW_PASSWORD: primary(cx, RWS_REASON_SET_GLOBAL, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_DEFAULT:
        if (rws__tok_kw(cx->nxt, RWS_KW_ROLE)) {
            primary(cx, RWS_REASON_SET_GLOBAL, 0); /* writes mysql.user */
            return;
        }
        break;
    case RWS_KW_STATEMENT: set_statement_for(cx); return;
    default: break;
    }

    bool global = false, user = false, autocommit = false;
    for (;;) {
        bool item_global = false;
        if (at(cx, RWS_KW_GLOBAL) || at(cx, RWS_KW_PERSIST) || at(cx, RWS_KW_PERSIST_ONLY)) {
            item_global = true;
            advance(cx);
        } else if (at(cx, RWS_KW_SESSION) || at(cx, RWS_KW_LOCAL)) {
            advance(cx);
        }
        if (at(cx, RWS_KW_TRANSACTION)) { /* SET SESSION TRANSACTION READ ONLY, ... */
            global |= item_global;
            while (!rws__tok_end(cx->tok))
                advance(cx);
            break;
        }
        const char *name;
        size_t nlen;
        const rws_tok *v = cx->tok;
        if (v->type == RWS_TK_USERVAR) {
            user = true;
            name = "";
            nlen = 0;
        } else if (v->type == RWS_TK_SYSVAR) {
            name = v->p;
            nlen = v->len;
            const char *dot = memchr(name, '.', nlen);
            if (dot) {
                size_t scope = (size_t)(dot - name);
                if (rws__ci_eq(name, scope, "global") || rws__ci_eq(name, scope, "persist") ||
                    rws__ci_eq(name, scope, "persist_only"))
                    item_global = true;
                if (rws__ci_eq(name, scope, "global") || rws__ci_eq(name, scope, "persist") ||
                    rws__ci_eq(name, scope, "persist_only") || rws__ci_eq(name, scope, "session") ||
                    rws__ci_eq(name, scope, "local")) {
                    nlen -= scope + 1;
                    name = dot + 1;
                }
            }
        } else if (v->type == RWS_TK_IDENT || v->type == RWS_TK_QIDENT) {
            name = v->p;
            nlen = v->len;
            if (rws__tok_punct(cx->nxt, '.')) { /* SET default.key_buffer_size = ... */
                advance(cx);
                advance(cx);
            }
        } else {
            unknown(cx);
            return;
        }
        advance(cx);
        if (!rws__tok_punct(cx->tok, '=') && cx->tok->type != RWS_TK_ASSIGN) {
            unknown(cx);
            return;
        }
        advance(cx);
        global |= item_global;
        if (!item_global && rws__ci_eq(name, nlen, "autocommit")) {
            bool single = rws__tok_end(cx->nxt) || rws__tok_punct(cx->nxt, ',');
            int on = single ? autocommit_value(cx->tok) : -1;
            /* A value that is not a literal is taken for OFF: the safe assumption. */
            cx->st.flags &= ~(RWS_CF_AUTOCOMMIT_ON | RWS_CF_AUTOCOMMIT_OFF);
            cx->st.flags |= on == 1 ? RWS_CF_AUTOCOMMIT_ON : RWS_CF_AUTOCOMMIT_OFF;
            autocommit = true;
        }
        if (ci_prefix(name, nlen, "session_track_"))
            cx->st.flags |= RWS_CF_SESSION_TRACKING;
        rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_READ | RWS_SCAN_COMMA | RWS_SCAN_SETVAL);
        if (!rws__tok_punct(cx->tok, ','))
            break;
        advance(cx);
    }
    if (global)
        primary(cx, RWS_REASON_SET_GLOBAL, 0);
    if (cx->st.route == RWS_ROUTE_PRIMARY) {
        /* Runs on the primary only: its user variables are not replayed elsewhere. */
        if (user)
            cx->st.flags |= RWS_CF_USER_VAR_WRITE;
        return;
    }
    session(cx, autocommit ? RWS_REASON_AUTOCOMMIT : RWS_REASON_SESSION_SET, 0);
}

/* ---- SHOW, EXPLAIN, ANALYZE -------------------------------------------------------------- */

static void diagnostics(rws_cx *cx)
{
    replica(cx, RWS_REASON_SHOW_DIAGNOSTICS, RWS_CF_FOLLOW_PREVIOUS);
}

static void show_stmt(rws_cx *cx)
{
    advance(cx);
    while (at(cx, RWS_KW_FULL) || at(cx, RWS_KW_GLOBAL) || at(cx, RWS_KW_SESSION) ||
           at(cx, RWS_KW_EXTENDED) || at(cx, RWS_KW_ALL) || at(cx, RWS_KW_STORAGE))
        advance(cx);
    const rws_tok *t = cx->tok;
    switch (t->type == RWS_TK_IDENT ? t->kw : RWS_KW_NONE) {
    case RWS_KW_MASTER:
        if (rws__tok_kw(cx->nxt, RWS_KW_STATUS) || rws__tok_kw(cx->nxt, RWS_KW_LOGS)) {
            primary(cx, RWS_REASON_SHOW_PRIMARY, 0);
            return;
        }
        break;
    case RWS_KW_BINARY:
    case RWS_KW_BINLOG: primary(cx, RWS_REASON_SHOW_PRIMARY, 0); return;
    case RWS_KW_WARNINGS:
    case RWS_KW_ERRORS:
    case RWS_KW_PROFILE:
    case RWS_KW_PROFILES: diagnostics(cx); return;
    case RWS_KW_COUNT:
        if (rws__tok_punct(cx->nxt, '(')) { /* SHOW COUNT(*) WARNINGS */
            diagnostics(cx);
            return;
        }
        break;
    case RWS_KW_EXPLAIN:
    case RWS_KW_ANALYZE: /* SHOW EXPLAIN FOR <connection id>: an id on the primary */
        primary(cx, RWS_REASON_ADMIN, 0);
        return;
    case RWS_KW_TABLE:
        if (rws__tok_kw(cx->nxt, RWS_KW_STATUS)) { /* SHOW TABLE STATUS names no table */
            advance(cx);
            advance(cx);
        }
        break;
    default: break;
    }
    replica(cx, RWS_REASON_SHOW, 0);
    rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_READ);
}

/* EXPLAIN / DESCRIBE / DESC: of a table (a read), of a statement (not executed: a read unless
 * it calls a function EXPLAIN might evaluate), EXPLAIN ANALYZE (executed: as the statement). */
static void explain_stmt(rws_cx *cx)
{
    bool analyze = false, into = false;
    advance(cx);
    for (int i = 0; i < 8; i++) {
        if (at(cx, RWS_KW_EXTENDED) || at(cx, RWS_KW_PARTITIONS)) {
            advance(cx);
        } else if (at(cx, RWS_KW_ANALYZE)) {
            analyze = true;
            advance(cx);
        } else if (at(cx, RWS_KW_FORMAT)) {
            advance(cx);
            if (rws__tok_punct(cx->tok, '='))
                advance(cx);
            if (!rws__tok_end(cx->tok))
                advance(cx);
        } else if (at(cx, RWS_KW_INTO)) { /* MySQL 8.1: EXPLAIN FORMAT=JSON INTO @v SELECT */
            into = true;
            advance(cx);
            if (cx->tok->type == RWS_TK_USERVAR)
                advance(cx);
        } else {
            break;
        }
    }
    if (at(cx, RWS_KW_FOR)) { /* EXPLAIN FOR CONNECTION <id> */
        primary(cx, RWS_REASON_ADMIN, 0);
        return;
    }
    if (explainable(cx->tok)) {
        if (analyze) {
            nested(cx);
            return;
        }
        rws_stmt_state outer = cx->st;
        cx->st.route = RWS_ROUTE_REPLICA;
        cx->st.reason = RWS_REASON_READ;
        cx->st.flags = 0;
        cx->st.soft = false;
        cx->st.fn_primary = false;
        nested(cx);
        rws_stmt_state inner = cx->st;
        cx->st = outer;
        if (inner.reason == RWS_REASON_UNKNOWN && inner.route == RWS_ROUTE_PRIMARY) {
            unknown(cx);
        } else if (inner.fn_primary) {
            if (inner.fn_reason == RWS_REASON_STORED_FUNCTION) {
                cx->st.route = RWS_ROUTE_PRIMARY;
                cx->st.reason = RWS_REASON_STORED_FUNCTION;
                cx->st.soft = true;
            } else {
                primary(cx, inner.fn_reason, 0);
            }
            cx->st.fn_primary = true;
            cx->st.fn_reason = inner.fn_reason;
        } else {
            replica(cx, RWS_REASON_EXPLAIN_READ, 0);
        }
    } else if (rws__tok_is_name(cx->tok) && !analyze) {
        name_list(cx); /* DESCRIBE db.t [column] */
        replica(cx, RWS_REASON_EXPLAIN_READ, 0);
    } else {
        unknown(cx);
    }
    if (into)
        primary(cx, RWS_REASON_SELECT_INTO, RWS_CF_USER_VAR_WRITE);
}

static void analyze_stmt(rws_cx *cx)
{
    advance(cx);
    if (!accept(cx, RWS_KW_NO_WRITE_TO_BINLOG))
        accept(cx, RWS_KW_LOCAL);
    if (at(cx, RWS_KW_TABLE) || at(cx, RWS_KW_TABLES)) {
        primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT);
        rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
        return;
    }
    if (accept(cx, RWS_KW_FORMAT)) { /* MariaDB: ANALYZE FORMAT=JSON <statement> */
        if (rws__tok_punct(cx->tok, '='))
            advance(cx);
        if (!rws__tok_end(cx->tok))
            advance(cx);
    }
    if (explainable(cx->tok)) { /* MariaDB's ANALYZE <statement> runs it */
        nested(cx);
        return;
    }
    unknown(cx);
}

/* ---- transactions ------------------------------------------------------------------------ */

static void start_stmt(rws_cx *cx)
{
    advance(cx);
    if (!accept(cx, RWS_KW_TRANSACTION)) {
        if (at(cx, RWS_KW_SLAVE) || at(cx, RWS_KW_REPLICA) || at(cx, RWS_KW_ALL) ||
            at(cx, RWS_KW_GROUP_REPLICATION))
            primary(cx, RWS_REASON_ADMIN, 0);
        else
            unknown(cx);
        return;
    }
    bool ro = false, rw = false;
    while (!rws__tok_end(cx->tok)) {
        if (accept(cx, RWS_KW_READ)) {
            if (accept(cx, RWS_KW_ONLY))
                ro = true;
            else if (accept(cx, RWS_KW_WRITE))
                rw = true;
            else
                rw = true;
        } else {
            advance(cx); /* WITH CONSISTENT [engine] SNAPSHOT, ',' */
        }
    }
    if (ro && !rw)
        replica(cx, RWS_REASON_TRX_READ_ONLY, RWS_CF_TRX_BEGIN | RWS_CF_TRX_READ_ONLY);
    else
        primary(cx, RWS_REASON_TRX_BEGIN, RWS_CF_TRX_BEGIN);
}

/* COMMIT / ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE]; ROLLBACK [WORK] TO [SAVEPOINT] x */
static void end_stmt(rws_cx *cx, bool rollback)
{
    advance(cx);
    accept(cx, RWS_KW_WORK);
    if (rollback && at(cx, RWS_KW_TO)) {
        primary(cx, RWS_REASON_SAVEPOINT, 0);
        return;
    }
    uint32_t flags = RWS_CF_TRX_END;
    if (accept(cx, RWS_KW_AND) && !accept(cx, RWS_KW_NO) && at(cx, RWS_KW_CHAIN))
        flags |= RWS_CF_TRX_BEGIN; /* AND CHAIN opens the next transaction at once */
    primary(cx, RWS_REASON_TRX_END, flags);
}

static void xa_stmt(rws_cx *cx)
{
    advance(cx);
    uint32_t flags = 0;
    if (at(cx, RWS_KW_START) || at(cx, RWS_KW_BEGIN))
        flags = RWS_CF_TRX_BEGIN;
    else if (at(cx, RWS_KW_COMMIT) || at(cx, RWS_KW_ROLLBACK))
        flags = RWS_CF_TRX_END;
    primary(cx, RWS_REASON_XA, flags);
}

/* ---- the rest ---------------------------------------------------------------------------- */

static void lock_stmt(rws_cx *cx, bool unlock)
{
    advance(cx);
    if (at(cx, RWS_KW_TABLE) || at(cx, RWS_KW_TABLES)) {
        if (unlock) {
            primary(cx, RWS_REASON_LOCK_TABLES, RWS_CF_UNLOCK_TABLES);
        } else {
            primary(cx, RWS_REASON_LOCK_TABLES, RWS_CF_LOCK_TABLES | RWS_CF_IMPLICIT_COMMIT);
            rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
        }
    } else if (at(cx, RWS_KW_INSTANCE)) {
        primary(cx, RWS_REASON_ADMIN, 0);
    } else {
        unknown(cx);
    }
}

/* FLUSH TABLES [t, ...] WITH READ LOCK / FOR EXPORT holds locks like LOCK TABLES. */
static void flush_stmt(rws_cx *cx)
{
    primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT);
    advance(cx);
    if (!accept(cx, RWS_KW_NO_WRITE_TO_BINLOG))
        accept(cx, RWS_KW_LOCAL);
    if (!at(cx, RWS_KW_TABLE) && !at(cx, RWS_KW_TABLES))
        return;
    advance(cx);
    name_list(cx);
    if ((accept(cx, RWS_KW_WITH) && at(cx, RWS_KW_READ)) ||
        (accept(cx, RWS_KW_FOR) && at(cx, RWS_KW_EXPORT)))
        cx->st.flags |= RWS_CF_LOCK_TABLES;
}

/* OPTIMIZE / REPAIR / CHECK / CHECKSUM [NO_WRITE_TO_BINLOG | LOCAL] TABLE t, ... */
static void table_admin(rws_cx *cx, uint32_t flags)
{
    primary(cx, RWS_REASON_ADMIN, flags);
    rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
}

static void begin_stmt(rws_cx *cx)
{
    if (rws__tok_end(cx->nxt) || rws__tok_kw(cx->nxt, RWS_KW_WORK)) {
        primary(cx, RWS_REASON_TRX_BEGIN, RWS_CF_TRX_BEGIN);
        return;
    }
    advance(cx);
    if (at(cx, RWS_KW_NOT) && rws__tok_kw(cx->nxt, RWS_KW_ATOMIC))
        compound(cx, RWS_REASON_COMPOUND, 0);
    else
        unknown(cx);
}

void rws__classify_statement(rws_cx *cx)
{
    const rws_tok *t = cx->tok;
    if (rws__tok_punct(t, '(')) {
        read_stmt(cx);
        return;
    }
    if (t->type != RWS_TK_IDENT && t->type != RWS_TK_QIDENT) {
        unknown(cx);
        return;
    }
    if (rws__tok_punct(cx->nxt, ':')) { /* label: BEGIN ... END */
        compound(cx, RWS_REASON_COMPOUND, 0);
        return;
    }
    switch (t->type == RWS_TK_IDENT ? t->kw : RWS_KW_NONE) {
    case RWS_KW_SELECT:
    case RWS_KW_WITH:
    case RWS_KW_VALUES:
    case RWS_KW_TABLE: read_stmt(cx); return;
    case RWS_KW_INSERT:
    case RWS_KW_REPLACE: dml(cx, false); return;
    case RWS_KW_UPDATE:
    case RWS_KW_DELETE: dml(cx, true); return;
    case RWS_KW_CREATE: create_stmt(cx); return;
    case RWS_KW_ALTER: alter_stmt(cx); return;
    case RWS_KW_DROP: drop_stmt(cx); return;
    case RWS_KW_RENAME:
        advance(cx);
        if (at(cx, RWS_KW_TABLE) || at(cx, RWS_KW_TABLES)) {
            primary(cx, RWS_REASON_DDL,
                    RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
            rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
        } else {
            primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); /* USER */
        }
        return;
    case RWS_KW_TRUNCATE:
        primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        advance(cx);
        accept(cx, RWS_KW_TABLE);
        name_list(cx);
        return;
    case RWS_KW_GRANT:
    case RWS_KW_REVOKE: primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_SET: set_stmt(cx); return;
    case RWS_KW_USE:
        advance(cx);
        if (rws__tok_is_name(cx->tok) && rws__tok_end(cx->nxt)) {
            cx->use_db.ptr = cx->tok->p;
            cx->use_db.len = cx->tok->len;
            cx->have_use = true;
            rws__add_table(cx, cx->tok);
            session(cx, RWS_REASON_USE, RWS_CF_USE_DB);
        } else {
            unknown(cx);
        }
        return;
    case RWS_KW_SHOW: show_stmt(cx); return;
    case RWS_KW_DESC:
    case RWS_KW_DESCRIBE:
    case RWS_KW_EXPLAIN: explain_stmt(cx); return;
    case RWS_KW_ANALYZE: analyze_stmt(cx); return;
    case RWS_KW_CALL:
    case RWS_KW_DO:
        primary(cx, RWS_REASON_CALL, t->kw == RWS_KW_CALL ? RWS_CF_WRITE : 0);
        advance(cx);
        rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_DML);
        return;
    case RWS_KW_LOAD:
        if (rws__tok_kw(cx->nxt, RWS_KW_DATA) || rws__tok_kw(cx->nxt, RWS_KW_XML)) {
            primary(cx, RWS_REASON_LOAD, RWS_CF_WRITE);
            advance(cx);
            rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_DML);
        } else {
            primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT); /* LOAD INDEX INTO CACHE */
        }
        return;
    case RWS_KW_HANDLER: {
        primary(cx, RWS_REASON_HANDLER, 0);
        advance(cx);
        name_list(cx);
        return;
    }
    case RWS_KW_LOCK: lock_stmt(cx, false); return;
    case RWS_KW_UNLOCK: lock_stmt(cx, true); return;
    case RWS_KW_FLUSH: flush_stmt(cx); return;
    case RWS_KW_OPTIMIZE:
    case RWS_KW_REPAIR:
    case RWS_KW_CHECK: table_admin(cx, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_CHECKSUM: table_admin(cx, 0); return;
    case RWS_KW_CACHE:
    case RWS_KW_RESET: primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_KILL:
    case RWS_KW_PURGE:
    case RWS_KW_CHANGE:
    case RWS_KW_STOP:
    case RWS_KW_INSTALL:
    case RWS_KW_UNINSTALL:
    case RWS_KW_SHUTDOWN:
    case RWS_KW_RESTART:
    case RWS_KW_BINLOG:
    case RWS_KW_BACKUP:
    case RWS_KW_CLONE: primary(cx, RWS_REASON_ADMIN, 0); return;
    case RWS_KW_IMPORT: primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_XA: xa_stmt(cx); return;
    case RWS_KW_BEGIN: begin_stmt(cx); return;
    case RWS_KW_START: start_stmt(cx); return;
    case RWS_KW_COMMIT: end_stmt(cx, false); return;
    case RWS_KW_ROLLBACK: end_stmt(cx, true); return;
    case RWS_KW_SAVEPOINT: primary(cx, RWS_REASON_SAVEPOINT, 0); return;
    case RWS_KW_RELEASE:
        if (rws__tok_kw(cx->nxt, RWS_KW_SAVEPOINT))
            primary(cx, RWS_REASON_SAVEPOINT, 0);
        else
            unknown(cx);
        return;
    case RWS_KW_PREPARE:
    case RWS_KW_EXECUTE:
    case RWS_KW_DEALLOCATE: primary(cx, RWS_REASON_PREPARE, 0); return;
    case RWS_KW_GET:
        advance(cx);
        if (at(cx, RWS_KW_DIAGNOSTICS) || at(cx, RWS_KW_CURRENT)) {
            diagnostics(cx); /* GET DIAGNOSTICS @n = NUMBER assigns where it runs */
            while (!rws__tok_end(cx->tok)) {
                if (cx->tok->type == RWS_TK_USERVAR)
                    cx->st.flags |= RWS_CF_USER_VAR_WRITE;
                advance(cx);
            }
        } else {
            unknown(cx);
        }
        return;
    case RWS_KW_HELP: replica(cx, RWS_REASON_SHOW, 0); return;
    case RWS_KW_DECLARE:
    case RWS_KW_IF:
    case RWS_KW_WHILE:
    case RWS_KW_LOOP:
    case RWS_KW_REPEAT:
    case RWS_KW_CASE:
    case RWS_KW_FOR: compound(cx, RWS_REASON_COMPOUND, 0); return;
    default: unknown(cx); return;
    }
}
