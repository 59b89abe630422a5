/* The statement rules of the classifier: the first few tokens decide the kind of statement; the
 * scanner (classify_scan.c) reads the rest for what matters. docs/routing.md lists every rule. */
#include "classify_int.h"

#include <string.h>

#define MAX_RECURSION 4

/* A compound statement (BEGIN NOT ATOMIC ... END, IF ... END IF, a stored program): its body
 * holds ';'s, so the rest of the text belongs to it. */
static void compound(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    rws__primary(cx, reason, flags | RWS_CF_WRITE);
    cx->to_eof = true;
}

static void skip_if_exists(rws_cx *cx)
{
    if (rws__accept(cx, RWS_KW_IF)) {
        rws__accept(cx, RWS_KW_NOT);
        rws__accept(cx, RWS_KW_EXISTS);
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
        rws__cx_advance(cx);
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
void rws__nested(rws_cx *cx)
{
    if (cx->recursion >= MAX_RECURSION) {
        rws__unknown(cx);
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
    rws__primary(cx, RWS_REASON_DML, RWS_CF_WRITE);
    rws__cx_advance(cx);
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
    for (int i = 0; i < 32 && !rws__tok_end(cx->tok); i++, rws__cx_advance(cx)) {
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
    rws__cx_advance(cx);
    uint16_t kind = object_kind(cx, &temp);
    switch (kind) {
    case RWS_KW_TABLE:
    case RWS_KW_SEQUENCE:
        if (temp) {
            /* CREATE TEMPORARY TABLE does not commit implicitly. */
            rws__primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_TEMP_CREATE);
            rws__cx_advance(cx);
            skip_if_exists(cx);
            rws_name n;
            if (rws__read_name(cx, &n)) {
                cx->out->temp_table = n;
                rws__add_name(cx, n);
            }
            rws__scan(cx, RWS_SCAN_DDL);
            return;
        }
        rws__primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        if (kind == RWS_KW_SEQUENCE) {
            rws__cx_advance(cx);
            skip_if_exists(cx);
            cx->expect = true;
        }
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_INDEX:
        rws__primary(cx, RWS_REASON_DDL,
                     RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_USER:
    case RWS_KW_ROLE:
        rws__primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        return;
    case RWS_KW_PROCEDURE:
    case RWS_KW_FUNCTION:
    case RWS_KW_TRIGGER:
    case RWS_KW_EVENT:
    case RWS_KW_PACKAGE: compound(cx, RWS_REASON_DDL, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_NONE: rws__unknown(cx); return;
    default:
        rws__primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    }
}

static void alter_stmt(rws_cx *cx)
{
    bool temp = false;
    rws__cx_advance(cx);
    uint16_t kind = object_kind(cx, &temp);
    switch (kind) {
    case RWS_KW_TABLE:
        rws__primary(cx, RWS_REASON_DDL,
                     RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_SEQUENCE:
        rws__primary(cx, RWS_REASON_DDL,
                     RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__cx_advance(cx);
        skip_if_exists(cx);
        name_list(cx);
        return;
    case RWS_KW_USER:
    case RWS_KW_ROLE:
        rws__primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        return;
    case RWS_KW_EVENT:
    case RWS_KW_PROCEDURE:
    case RWS_KW_FUNCTION:
    case RWS_KW_PACKAGE: compound(cx, RWS_REASON_DDL, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_NONE: rws__unknown(cx); return;
    default: rws__primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); return;
    }
}

static void drop_stmt(rws_cx *cx)
{
    rws__cx_advance(cx);
    bool temp = rws__accept(cx, RWS_KW_TEMPORARY);
    switch (cx->tok->kw) {
    case RWS_KW_TABLE:
    case RWS_KW_TABLES:
    case RWS_KW_SEQUENCE:
        if (cx->tok->type != RWS_TK_IDENT)
            break;
        /* DROP TEMPORARY TABLE does not commit; DROP TABLE may drop a temporary table. */
        rws__primary(cx, RWS_REASON_DDL,
                     RWS_CF_WRITE | (temp ? RWS_CF_TEMP_DROP
                                          : RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE));
        rws__cx_advance(cx);
        skip_if_exists(cx);
        name_list(cx);
        return;
    case RWS_KW_INDEX:
        rws__primary(cx, RWS_REASON_DDL,
                     RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__scan(cx, RWS_SCAN_DDL);
        return;
    case RWS_KW_USER:
    case RWS_KW_ROLE:
        rws__primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        return;
    case RWS_KW_PREPARE: rws__primary(cx, RWS_REASON_PREPARE, 0); return;
    default: break;
    }
    if (cx->tok->type == RWS_TK_IDENT)
        rws__primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
    else
        rws__unknown(cx);
}

/* ---- SHOW, EXPLAIN, ANALYZE -------------------------------------------------------------- */

static void diagnostics(rws_cx *cx)
{
    rws__replica(cx, RWS_REASON_SHOW_DIAGNOSTICS, RWS_CF_FOLLOW_PREVIOUS);
}

static void show_stmt(rws_cx *cx)
{
    rws__cx_advance(cx);
    while (rws__at(cx, RWS_KW_FULL) || rws__at(cx, RWS_KW_GLOBAL) || rws__at(cx, RWS_KW_SESSION) ||
           rws__at(cx, RWS_KW_EXTENDED) || rws__at(cx, RWS_KW_ALL) || rws__at(cx, RWS_KW_STORAGE))
        rws__cx_advance(cx);
    const rws_tok *t = cx->tok;
    switch (t->type == RWS_TK_IDENT ? t->kw : RWS_KW_NONE) {
    case RWS_KW_MASTER:
        if (rws__tok_kw(cx->nxt, RWS_KW_STATUS) || rws__tok_kw(cx->nxt, RWS_KW_LOGS)) {
            rws__primary(cx, RWS_REASON_SHOW_PRIMARY, 0);
            return;
        }
        break;
    case RWS_KW_BINARY:
    case RWS_KW_BINLOG: rws__primary(cx, RWS_REASON_SHOW_PRIMARY, 0); return;
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
        rws__primary(cx, RWS_REASON_ADMIN, 0);
        return;
    case RWS_KW_TABLE:
        if (rws__tok_kw(cx->nxt, RWS_KW_STATUS)) { /* SHOW TABLE STATUS names no table */
            rws__cx_advance(cx);
            rws__cx_advance(cx);
        }
        break;
    default: break;
    }
    rws__replica(cx, RWS_REASON_SHOW, 0);
    rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_READ);
}

/* EXPLAIN / DESCRIBE / DESC: of a table (a read), of a statement (not executed: a read unless
 * it calls a function EXPLAIN might evaluate), EXPLAIN ANALYZE (executed: as the statement). */
static void explain_stmt(rws_cx *cx)
{
    bool analyze = false, into = false;
    rws__cx_advance(cx);
    for (int i = 0; i < 8; i++) {
        if (rws__at(cx, RWS_KW_EXTENDED) || rws__at(cx, RWS_KW_PARTITIONS)) {
            rws__cx_advance(cx);
        } else if (rws__at(cx, RWS_KW_ANALYZE)) {
            analyze = true;
            rws__cx_advance(cx);
        } else if (rws__at(cx, RWS_KW_FORMAT)) {
            rws__cx_advance(cx);
            if (rws__tok_punct(cx->tok, '='))
                rws__cx_advance(cx);
            if (!rws__tok_end(cx->tok))
                rws__cx_advance(cx);
        } else if (rws__at(cx, RWS_KW_INTO)) { /* MySQL 8.1: EXPLAIN FORMAT=JSON INTO @v SELECT */
            into = true;
            rws__cx_advance(cx);
            if (cx->tok->type == RWS_TK_USERVAR)
                rws__cx_advance(cx);
        } else {
            break;
        }
    }
    if (rws__at(cx, RWS_KW_FOR)) { /* EXPLAIN FOR CONNECTION <id> */
        rws__primary(cx, RWS_REASON_ADMIN, 0);
        return;
    }
    if (explainable(cx->tok)) {
        if (analyze) {
            rws__nested(cx);
            return;
        }
        rws_stmt_state outer = cx->st;
        cx->st.route = RWS_ROUTE_REPLICA;
        cx->st.reason = RWS_REASON_READ;
        cx->st.flags = 0;
        cx->st.soft = false;
        cx->st.fn_primary = false;
        rws__nested(cx);
        rws_stmt_state inner = cx->st;
        cx->st = outer;
        if (inner.reason == RWS_REASON_UNKNOWN && inner.route == RWS_ROUTE_PRIMARY) {
            rws__unknown(cx);
        } else if (inner.fn_primary) {
            if (inner.fn_reason == RWS_REASON_STORED_FUNCTION) {
                cx->st.route = RWS_ROUTE_PRIMARY;
                cx->st.reason = RWS_REASON_STORED_FUNCTION;
                cx->st.soft = true;
            } else {
                rws__primary(cx, inner.fn_reason, 0);
            }
            cx->st.fn_primary = true;
            cx->st.fn_reason = inner.fn_reason;
        } else {
            rws__replica(cx, RWS_REASON_EXPLAIN_READ, 0);
        }
    } else if (rws__tok_is_name(cx->tok) && !analyze) {
        name_list(cx); /* DESCRIBE db.t [column] */
        rws__replica(cx, RWS_REASON_EXPLAIN_READ, 0);
    } else {
        rws__unknown(cx);
    }
    if (into)
        rws__primary(cx, RWS_REASON_SELECT_INTO, RWS_CF_USER_VAR_WRITE);
}

static void analyze_stmt(rws_cx *cx)
{
    rws__cx_advance(cx);
    if (!rws__accept(cx, RWS_KW_NO_WRITE_TO_BINLOG))
        rws__accept(cx, RWS_KW_LOCAL);
    if (rws__at(cx, RWS_KW_TABLE) || rws__at(cx, RWS_KW_TABLES)) {
        rws__primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT);
        rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
        return;
    }
    if (rws__accept(cx, RWS_KW_FORMAT)) { /* MariaDB: ANALYZE FORMAT=JSON <statement> */
        if (rws__tok_punct(cx->tok, '='))
            rws__cx_advance(cx);
        if (!rws__tok_end(cx->tok))
            rws__cx_advance(cx);
    }
    if (explainable(cx->tok)) { /* MariaDB's ANALYZE <statement> runs it */
        rws__nested(cx);
        return;
    }
    rws__unknown(cx);
}

/* ---- transactions ------------------------------------------------------------------------ */

static void start_stmt(rws_cx *cx)
{
    rws__cx_advance(cx);
    if (!rws__accept(cx, RWS_KW_TRANSACTION)) {
        if (rws__at(cx, RWS_KW_SLAVE) || rws__at(cx, RWS_KW_REPLICA) || rws__at(cx, RWS_KW_ALL) ||
            rws__at(cx, RWS_KW_GROUP_REPLICATION))
            rws__primary(cx, RWS_REASON_ADMIN, 0);
        else
            rws__unknown(cx);
        return;
    }
    bool ro = false, rw = false;
    while (!rws__tok_end(cx->tok)) {
        if (rws__accept(cx, RWS_KW_READ)) {
            if (rws__accept(cx, RWS_KW_ONLY))
                ro = true;
            else if (rws__accept(cx, RWS_KW_WRITE))
                rw = true;
            else
                rw = true;
        } else {
            rws__cx_advance(cx); /* WITH CONSISTENT [engine] SNAPSHOT, ',' */
        }
    }
    if (ro && !rw)
        rws__replica(cx, RWS_REASON_TRX_READ_ONLY, RWS_CF_TRX_BEGIN | RWS_CF_TRX_READ_ONLY);
    else
        rws__primary(cx, RWS_REASON_TRX_BEGIN, RWS_CF_TRX_BEGIN);
}

/* COMMIT / ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE]; ROLLBACK [WORK] TO [SAVEPOINT] x */
static void end_stmt(rws_cx *cx, bool rollback)
{
    rws__cx_advance(cx);
    rws__accept(cx, RWS_KW_WORK);
    if (rollback && rws__at(cx, RWS_KW_TO)) {
        rws__primary(cx, RWS_REASON_SAVEPOINT, 0);
        return;
    }
    uint32_t flags = RWS_CF_TRX_END;
    if (rws__accept(cx, RWS_KW_AND) && !rws__accept(cx, RWS_KW_NO) && rws__at(cx, RWS_KW_CHAIN))
        flags |= RWS_CF_TRX_BEGIN; /* AND CHAIN opens the next transaction at once */
    rws__primary(cx, RWS_REASON_TRX_END, flags);
}

static void xa_stmt(rws_cx *cx)
{
    rws__cx_advance(cx);
    uint32_t flags = 0;
    if (rws__at(cx, RWS_KW_START) || rws__at(cx, RWS_KW_BEGIN))
        flags = RWS_CF_TRX_BEGIN;
    else if (rws__at(cx, RWS_KW_COMMIT) || rws__at(cx, RWS_KW_ROLLBACK))
        flags = RWS_CF_TRX_END;
    rws__primary(cx, RWS_REASON_XA, flags);
}

/* ---- the rest ---------------------------------------------------------------------------- */

static void lock_stmt(rws_cx *cx, bool unlock)
{
    rws__cx_advance(cx);
    if (rws__at(cx, RWS_KW_TABLE) || rws__at(cx, RWS_KW_TABLES)) {
        if (unlock) {
            rws__primary(cx, RWS_REASON_LOCK_TABLES, RWS_CF_UNLOCK_TABLES);
        } else {
            rws__primary(cx, RWS_REASON_LOCK_TABLES, RWS_CF_LOCK_TABLES | RWS_CF_IMPLICIT_COMMIT);
            rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
        }
    } else if (rws__at(cx, RWS_KW_INSTANCE)) {
        rws__primary(cx, RWS_REASON_ADMIN, 0);
    } else {
        rws__unknown(cx);
    }
}

/* FLUSH TABLES [t, ...] WITH READ LOCK / FOR EXPORT holds locks like LOCK TABLES. */
static void flush_stmt(rws_cx *cx)
{
    rws__primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT);
    rws__cx_advance(cx);
    if (!rws__accept(cx, RWS_KW_NO_WRITE_TO_BINLOG))
        rws__accept(cx, RWS_KW_LOCAL);
    if (!rws__at(cx, RWS_KW_TABLE) && !rws__at(cx, RWS_KW_TABLES))
        return;
    rws__cx_advance(cx);
    name_list(cx);
    if ((rws__accept(cx, RWS_KW_WITH) && rws__at(cx, RWS_KW_READ)) ||
        (rws__accept(cx, RWS_KW_FOR) && rws__at(cx, RWS_KW_EXPORT)))
        cx->st.flags |= RWS_CF_LOCK_TABLES;
}

/* OPTIMIZE / REPAIR / CHECK / CHECKSUM [NO_WRITE_TO_BINLOG | LOCAL] TABLE t, ... */
static void table_admin(rws_cx *cx, uint32_t flags)
{
    rws__primary(cx, RWS_REASON_ADMIN, flags);
    rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
}

static void begin_stmt(rws_cx *cx)
{
    if (rws__tok_end(cx->nxt) || rws__tok_kw(cx->nxt, RWS_KW_WORK)) {
        rws__primary(cx, RWS_REASON_TRX_BEGIN, RWS_CF_TRX_BEGIN);
        return;
    }
    rws__cx_advance(cx);
    if (rws__at(cx, RWS_KW_NOT) && rws__tok_kw(cx->nxt, RWS_KW_ATOMIC))
        compound(cx, RWS_REASON_COMPOUND, 0);
    else
        rws__unknown(cx);
}

void rws__classify_statement(rws_cx *cx)
{
    const rws_tok *t = cx->tok;
    if (rws__tok_punct(t, '(')) {
        read_stmt(cx);
        return;
    }
    if (t->type != RWS_TK_IDENT && t->type != RWS_TK_QIDENT) {
        rws__unknown(cx);
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
        rws__cx_advance(cx);
        if (rws__at(cx, RWS_KW_TABLE) || rws__at(cx, RWS_KW_TABLES)) {
            rws__primary(cx, RWS_REASON_DDL,
                         RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
            rws__scan(cx, RWS_SCAN_DDL | RWS_SCAN_TLIST);
        } else {
            rws__primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT); /* USER */
        }
        return;
    case RWS_KW_TRUNCATE:
        rws__primary(cx, RWS_REASON_DDL,
                     RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT | RWS_CF_DDL_TEMP_SCOPE);
        rws__cx_advance(cx);
        rws__accept(cx, RWS_KW_TABLE);
        name_list(cx);
        return;
    case RWS_KW_GRANT:
    case RWS_KW_REVOKE:
        rws__primary(cx, RWS_REASON_DCL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        return;
    case RWS_KW_SET: rws__set_stmt(cx); return;
    case RWS_KW_USE:
        rws__cx_advance(cx);
        if (rws__tok_is_name(cx->tok) && rws__tok_end(cx->nxt)) {
            cx->use_db.ptr = cx->tok->p;
            cx->use_db.len = cx->tok->len;
            cx->have_use = true;
            rws__add_table(cx, cx->tok);
            rws__session(cx, RWS_REASON_USE, RWS_CF_USE_DB);
        } else {
            rws__unknown(cx);
        }
        return;
    case RWS_KW_SHOW: show_stmt(cx); return;
    case RWS_KW_DESC:
    case RWS_KW_DESCRIBE:
    case RWS_KW_EXPLAIN: explain_stmt(cx); return;
    case RWS_KW_ANALYZE: analyze_stmt(cx); return;
    case RWS_KW_CALL:
    case RWS_KW_DO:
        /* A procedure may write, and may set user variables (OUT parameters, SET @x inside) */
        rws__primary(cx, RWS_REASON_CALL,
                     t->kw == RWS_KW_CALL ? RWS_CF_WRITE | RWS_CF_USER_VAR_WRITE : 0);
        rws__cx_advance(cx);
        rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_DML);
        return;
    case RWS_KW_LOAD:
        if (rws__tok_kw(cx->nxt, RWS_KW_DATA) || rws__tok_kw(cx->nxt, RWS_KW_XML)) {
            rws__primary(cx, RWS_REASON_LOAD, RWS_CF_WRITE);
            rws__cx_advance(cx);
            rws__scan(cx, RWS_SCAN_FUNCS | RWS_SCAN_DML);
        } else {
            rws__primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT); /* LOAD INDEX INTO CACHE */
        }
        return;
    case RWS_KW_HANDLER: {
        rws__primary(cx, RWS_REASON_HANDLER, 0);
        rws__cx_advance(cx);
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
    case RWS_KW_RESET: rws__primary(cx, RWS_REASON_ADMIN, RWS_CF_IMPLICIT_COMMIT); return;
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
    case RWS_KW_CLONE: rws__primary(cx, RWS_REASON_ADMIN, 0); return;
    case RWS_KW_IMPORT:
        rws__primary(cx, RWS_REASON_DDL, RWS_CF_WRITE | RWS_CF_IMPLICIT_COMMIT);
        return;
    case RWS_KW_XA: xa_stmt(cx); return;
    case RWS_KW_BEGIN: begin_stmt(cx); return;
    case RWS_KW_START: start_stmt(cx); return;
    case RWS_KW_COMMIT: end_stmt(cx, false); return;
    case RWS_KW_ROLLBACK: end_stmt(cx, true); return;
    case RWS_KW_SAVEPOINT: rws__primary(cx, RWS_REASON_SAVEPOINT, 0); return;
    case RWS_KW_RELEASE:
        if (rws__tok_kw(cx->nxt, RWS_KW_SAVEPOINT))
            rws__primary(cx, RWS_REASON_SAVEPOINT, 0);
        else
            rws__unknown(cx);
        return;
    case RWS_KW_PREPARE:
    case RWS_KW_EXECUTE:
    case RWS_KW_DEALLOCATE: rws__primary(cx, RWS_REASON_PREPARE, 0); return;
    case RWS_KW_GET:
        rws__cx_advance(cx);
        if (rws__at(cx, RWS_KW_DIAGNOSTICS) || rws__at(cx, RWS_KW_CURRENT)) {
            diagnostics(cx); /* GET DIAGNOSTICS @n = NUMBER assigns where it runs */
            while (!rws__tok_end(cx->tok)) {
                if (cx->tok->type == RWS_TK_USERVAR)
                    cx->st.flags |= RWS_CF_USER_VAR_WRITE;
                rws__cx_advance(cx);
            }
        } else {
            rws__unknown(cx);
        }
        return;
    case RWS_KW_HELP: rws__replica(cx, RWS_REASON_SHOW, 0); return;
    case RWS_KW_DECLARE:
    case RWS_KW_IF:
    case RWS_KW_WHILE:
    case RWS_KW_LOOP:
    case RWS_KW_REPEAT:
    case RWS_KW_CASE:
    case RWS_KW_FOR: compound(cx, RWS_REASON_COMPOUND, 0); return;
    default: rws__unknown(cx); return;
    }
}
