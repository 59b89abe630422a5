/* The classifier's token scanner: it walks the rest of a statement once and notes only what
 * matters for routing: table names (after FROM / JOIN / INTO / TABLE / UPDATE ... and in the
 * comma-separated lists there), function calls and what they mean, @@variables bound to the
 * session, sequences, `:=`, INTO, locking clauses and write verbs inside a read (WITH ... DELETE).
 * Everything else is skipped. */
#include "classify_int.h"

#include <string.h>

#define LISTBIT(d) ((d) < 64 ? (uint64_t)1 << (d) : 0)

static void set_list(rws_cx *cx)
{
    cx->listbits |= LISTBIT(cx->depth);
}

static void clear_list(rws_cx *cx)
{
    cx->listbits &= ~LISTBIT(cx->depth);
}

static bool in_list(const rws_cx *cx)
{
    return (cx->listbits & LISTBIT(cx->depth)) != 0;
}

bool rws__tok_is_name(const rws_tok *t)
{
    switch (t->type) {
    case RWS_TK_IDENT: return !(rws__kw_flags[t->kw] & RWS_KWF_RESERVED);
    case RWS_TK_QIDENT: return true;
    case RWS_TK_STRING: return t->ch == '"'; /* a name with sql_mode ANSI_QUOTES */
    default: return false;
    }
}

static void add_name(rws_classification *out, rws_name n)
{
    for (unsigned i = 0; i < out->ntables; i++)
        if (out->tables[i].len == n.len && memcmp(out->tables[i].ptr, n.ptr, n.len) == 0)
            return;
    if (out->ntables >= RWS_CLASSIFY_MAX_TABLES) {
        out->tables_truncated = 1;
        return;
    }
    out->tables[out->ntables++] = n;
}

void rws__add_name(rws_cx *cx, rws_name n)
{
    add_name(cx->out, n);
}

bool rws__read_name(rws_cx *cx, rws_name *name)
{
    if (!rws__tok_is_name(cx->tok))
        return false;
    name->ptr = cx->tok->p;
    name->len = cx->tok->len;
    rws__cx_advance(cx);
    while (rws__tok_punct(cx->tok, '.') &&
           (rws__tok_is_name(cx->nxt) || cx->nxt->type == RWS_TK_IDENT)) {
        rws__cx_advance(cx);
        name->ptr = cx->tok->p;
        name->len = cx->tok->len;
        rws__cx_advance(cx);
    }
    return true;
}

static void commit_pending(rws_cx *cx)
{
    if (cx->have_pending) {
        add_name(cx->out, cx->pending);
        cx->have_pending = false;
    }
    cx->qual = false;
}

static void start_pending(rws_cx *cx, const rws_tok *t)
{
    cx->pending.ptr = t->p;
    cx->pending.len = t->len;
    cx->have_pending = true;
    cx->expect = false;
}

/* ---- what a statement does --------------------------------------------------------------- */

static void locking_read(rws_cx *cx, unsigned mode)
{
    cx->st.flags |= RWS_CF_LOCKING_READ;
    if (mode & RWS_SCAN_READ)
        rws__st_primary(cx, RWS_REASON_LOCKING_READ);
}

static void fn_primary(rws_cx *cx, rws_reason reason)
{
    rws__st_primary(cx, reason);
    if (!cx->st.fn_primary || cx->st.fn_reason == RWS_REASON_STORED_FUNCTION) {
        cx->st.fn_primary = true;
        cx->st.fn_reason = reason;
    }
}

static void call_function(rws_cx *cx, uint8_t fn, unsigned mode)
{
    switch (fn) {
    case RWS_FN_NONE:
        /* Not a built-in: a stored function (or a UDF) may write. */
        if (mode & RWS_SCAN_SETVAL) {
            fn_primary(cx, RWS_REASON_STORED_FUNCTION);
        } else {
            if (cx->st.route != RWS_ROUTE_PRIMARY) {
                cx->st.route = RWS_ROUTE_PRIMARY;
                cx->st.reason = RWS_REASON_STORED_FUNCTION;
                cx->st.soft = true;
            }
            if (!cx->st.fn_primary) {
                cx->st.fn_primary = true;
                cx->st.fn_reason = RWS_REASON_STORED_FUNCTION;
            }
        }
        break;
    case RWS_FN_LAST_INSERT_ID:
        cx->st.flags |= RWS_CF_LAST_INSERT_ID;
        rws__st_primary(cx, RWS_REASON_SESSION_FUNCTION);
        break;
    case RWS_FN_SESSION: rws__st_primary(cx, RWS_REASON_SESSION_FUNCTION); break;
    case RWS_FN_GET_LOCK:
        cx->st.flags |= RWS_CF_NAMED_LOCK;
        fn_primary(cx, RWS_REASON_LOCK_FUNCTION);
        break;
    case RWS_FN_RELEASE_LOCK:
        cx->st.flags |= RWS_CF_NAMED_UNLOCK;
        fn_primary(cx, RWS_REASON_LOCK_FUNCTION);
        break;
    case RWS_FN_LOCK_QUERY: fn_primary(cx, RWS_REASON_LOCK_FUNCTION); break;
    case RWS_FN_SEQUENCE:
        cx->st.flags |= RWS_CF_WRITE;
        fn_primary(cx, RWS_REASON_SEQUENCE);
        break;
    case RWS_FN_VOLATILE:
        /* RAND(), UUID() ...: harmless in a read, but a SET would store a different value on
         * every backend. */
        if (mode & RWS_SCAN_SETVAL)
            rws__st_primary(cx, RWS_REASON_SIDE_EFFECT_FUNCTION);
        break;
    default: break;
    }
}

static void sysvar(rws_cx *cx, const rws_tok *t)
{
    const char *s = t->p;
    size_t n = t->len;
    const char *dot = memchr(s, '.', n);
    if (dot) {
        n -= (size_t)(dot + 1 - s);
        s = dot + 1;
    }
    if (rws__ci_eq(s, n, "insert_id") || rws__ci_eq(s, n, "last_insert_id") ||
        rws__ci_eq(s, n, "identity")) {
        cx->st.flags |= RWS_CF_LAST_INSERT_ID;
        rws__st_primary(cx, RWS_REASON_SESSION_FUNCTION);
    } else if (rws__ci_eq(s, n, "last_gtid") || rws__ci_eq(s, n, "pseudo_thread_id")) {
        rws__st_primary(cx, RWS_REASON_SESSION_FUNCTION);
    } else if (rws__ci_eq(s, n, "warning_count") || rws__ci_eq(s, n, "error_count")) {
        cx->st.flags |= RWS_CF_FOLLOW_PREVIOUS;
        if (cx->st.route == RWS_ROUTE_REPLICA && cx->st.reason == RWS_REASON_READ)
            cx->st.reason = RWS_REASON_SHOW_DIAGNOSTICS;
    }
}

/* An identifier (or `name`) followed by '(' outside a table position. */
static void maybe_call(rws_cx *cx, const rws_tok *t, unsigned mode)
{
    if (cx->with_depth == cx->depth)
        return; /* WITH cte (a, b) AS ... */
    if (rws__prev(cx)->kw == RWS_KW_AS || rws__tok_punct(rws__prev(cx), ')'))
        return; /* derived table alias with a column list: (SELECT ...) AS d (a, b) */
    if (t->type == RWS_TK_QIDENT)
        call_function(cx, RWS_FN_NONE, mode);
    else
        call_function(cx, rws__fn_lookup(t->p, t->len), mode);
}

/* The keywords that matter; returns after handling the token. Every case here must be in
 * kw_reacts[] (rws__scan() skips the other keywords without calling it). */
static void keyword(rws_cx *cx, unsigned mode)
{
    const rws_tok *t = cx->tok;
    uint16_t kw = t->kw;
    if (rws__kw_flags[kw] & RWS_KWF_ENDLIST)
        clear_list(cx);
    switch (kw) {
    case RWS_KW_FROM:
        if (!(cx->callbits & LISTBIT(cx->depth))) { /* not EXTRACT(YEAR FROM d) */
            set_list(cx);
            cx->expect = true;
        }
        break;
    case RWS_KW_JOIN:
        if (rws__prev(cx)->kw != RWS_KW_FOR) { /* USE INDEX FOR JOIN (i) */
            set_list(cx);
            cx->expect = true;
        }
        break;
    case RWS_KW_STRAIGHT_JOIN:
        if (in_list(cx))
            cx->expect = true;
        break;
    case RWS_KW_USING:
        if (!rws__tok_punct(cx->nxt, '(')) { /* DELETE FROM t USING t, u; not JOIN ... USING (a) */
            set_list(cx);
            cx->expect = true;
        }
        break;
    case RWS_KW_TABLE:
    case RWS_KW_TABLES:
        cx->expect = true;
        if (mode & RWS_SCAN_TLIST)
            set_list(cx);
        if (cx->with_depth == cx->depth)
            cx->with_depth = RWS_NO_DEPTH;
        break;
    case RWS_KW_INTO:
        if (mode & RWS_SCAN_READ) {
            rws__st_primary(cx, RWS_REASON_SELECT_INTO);
            while (cx->nxt->type == RWS_TK_USERVAR) { /* INTO @a, @b: written, not read */
                cx->st.flags |= RWS_CF_USER_VAR_WRITE;
                rws__cx_advance(cx);
                if (!rws__tok_punct(cx->nxt, ','))
                    break;
                rws__cx_advance(cx);
            }
        } else {
            cx->expect = true;
        }
        break;
    case RWS_KW_UPDATE:
        if (rws__prev(cx)->kw == RWS_KW_FOR) {
            locking_read(cx, mode);
        } else if (rws__prev(cx)->kw != RWS_KW_KEY && rws__prev(cx)->kw != RWS_KW_ON &&
                   (mode & RWS_SCAN_READ)) {
            rws__st_primary(cx, RWS_REASON_DML); /* WITH ... UPDATE */
            cx->st.flags |= RWS_CF_WRITE;
            set_list(cx);
            cx->expect = true;
            cx->with_depth = RWS_NO_DEPTH;
        }
        break;
    case RWS_KW_DELETE:
    case RWS_KW_INSERT:
    case RWS_KW_REPLACE:
        if (rws__prev(cx)->kw != RWS_KW_ON && (mode & RWS_SCAN_READ)) {
            rws__st_primary(cx, RWS_REASON_DML); /* WITH ... DELETE */
            cx->st.flags |= RWS_CF_WRITE;
            if (kw == RWS_KW_DELETE)
                set_list(cx);
            cx->expect = true;
            cx->with_depth = RWS_NO_DEPTH;
        }
        break;
    case RWS_KW_SHARE:
        if (rws__prev(cx)->kw == RWS_KW_FOR)
            locking_read(cx, mode);
        break;
    case RWS_KW_LOCK:
        if (rws__tok_kw(cx->nxt, RWS_KW_IN)) /* LOCK IN SHARE MODE */
            locking_read(cx, mode);
        break;
    case RWS_KW_NEXT:
    case RWS_KW_PREVIOUS:
        if ((mode & RWS_SCAN_FUNCS) && rws__tok_kw(cx->nxt, RWS_KW_VALUE))
            cx->seq_pending = true;
        break;
    case RWS_KW_VALUE:
        if (cx->seq_pending && rws__tok_kw(cx->nxt, RWS_KW_FOR)) {
            cx->st.flags |= RWS_CF_WRITE;
            fn_primary(cx, RWS_REASON_SEQUENCE); /* NEXT VALUE FOR s */
        }
        cx->seq_pending = false;
        break;
    case RWS_KW_SQL_CALC_FOUND_ROWS:
        /* FOUND_ROWS() goes to the primary, so the statement it counts must run there too. */
        if (mode & RWS_SCAN_FUNCS)
            rws__st_primary(cx, RWS_REASON_SESSION_FUNCTION);
        break;
    case RWS_KW_WITH:
        if ((mode & RWS_SCAN_READ) && !rws__tok_kw(cx->nxt, RWS_KW_ROLLUP) &&
            (cx->nxt->type == RWS_TK_IDENT || cx->nxt->type == RWS_TK_QIDENT))
            cx->with_depth = cx->depth;
        break;
    case RWS_KW_SELECT:
    case RWS_KW_VALUES:
        if (cx->with_depth == cx->depth)
            cx->with_depth = RWS_NO_DEPTH;
        break;
    case RWS_KW_TO:
        if ((mode & RWS_SCAN_TLIST) || rws__prev(cx)->kw == RWS_KW_RENAME)
            cx->expect = true; /* RENAME TABLE a TO b; ALTER TABLE a RENAME TO b */
        break;
    case RWS_KW_AS:
        if (rws__prev(cx)->kw == RWS_KW_RENAME && (mode & RWS_SCAN_DDL))
            cx->expect = true;
        break;
    case RWS_KW_RENAME:
        /* ALTER TABLE a RENAME b (RENAME TO b: see TO; RENAME COLUMN a TO b names no table) */
        if ((mode & RWS_SCAN_DDL) &&
            (cx->nxt->type == RWS_TK_QIDENT ||
             (cx->nxt->type == RWS_TK_IDENT && cx->nxt->kw == RWS_KW_NONE)))
            cx->expect = true;
        break;
    case RWS_KW_LIKE:
    case RWS_KW_ON:
        if (mode & RWS_SCAN_DDL)
            cx->expect = true; /* CREATE TABLE t LIKE u; CREATE INDEX i ON t */
        break;
    default: break;
    }
}

static void ident(rws_cx *cx, unsigned mode)
{
    const rws_tok *t = cx->tok;
    bool call = rws__tok_punct(cx->nxt, '(');
    if (rws__tok_punct(rws__prev(cx), '.')) {
        /* x.name: a column, seq.nextval / seq.currval, or db.func() */
        if (mode & RWS_SCAN_FUNCS) {
            /* NEXTVAL and CURRVAL must be in kw_reacts[] */
            if (t->type == RWS_TK_IDENT && (t->kw == RWS_KW_NEXTVAL || t->kw == RWS_KW_CURRVAL)) {
                cx->st.flags |= RWS_CF_WRITE;
                fn_primary(cx, RWS_REASON_SEQUENCE);
            } else if (call) {
                call_function(cx, RWS_FN_NONE, mode);
            }
        }
        return;
    }
    if (cx->expect) {
        if (t->type == RWS_TK_IDENT && (rws__kw_flags[t->kw] & RWS_KWF_TBLPREFIX)) {
            if (t->kw == RWS_KW_TABLE || t->kw == RWS_KW_TABLES)
                keyword(cx, mode);
            return; /* IGNORE INTO, IF NOT EXISTS, TABLE ... */
        }
        if ((t->kw == RWS_KW_TO || t->kw == RWS_KW_AS) && rws__prev(cx)->kw == RWS_KW_RENAME)
            return;
        if (call && t->type == RWS_TK_IDENT &&
            rws__fn_lookup(t->p, t->len) == RWS_FN_TABLE_FUNCTION) {
            cx->expect = false; /* FROM JSON_TABLE(...) */
        } else if (rws__tok_is_name(t)) {
            start_pending(cx, t);
            return;
        } else {
            cx->expect = false;
        }
    }
    if (t->type == RWS_TK_QIDENT) {
        if (call && (mode & RWS_SCAN_FUNCS)) {
            maybe_call(cx, t, mode);
            cx->call_next = true;
        }
        return;
    }
    if (call && (mode & RWS_SCAN_FUNCS) && !(rws__kw_flags[t->kw] & RWS_KWF_NOTFUNC)) {
        maybe_call(cx, t, mode);
        cx->call_next = true;
        return;
    }
    if (t->kw != RWS_KW_NONE)
        keyword(cx, mode);
}

/* A table name was just seen: `db . t` replaces it by its last part; anything else records it.
 * Returns true if the token was consumed. */
static bool pending_step(rws_cx *cx, const rws_tok *t)
{
    if (!cx->qual && rws__tok_punct(t, '.')) {
        cx->qual = true;
        return true;
    }
    if (cx->qual && (t->type == RWS_TK_IDENT || t->type == RWS_TK_QIDENT ||
                     t->type == RWS_TK_NUMBER || rws__tok_is_name(t))) {
        cx->pending.ptr = t->p;
        cx->pending.len = t->len;
        cx->qual = false;
        return true;
    }
    commit_pending(cx);
    return false;
}

/* The keywords that keyword() or ident() has a case for: any other keyword, where no table name
 * is expected and no '(' follows, at most ends a table list (RWS_KWF_ENDLIST). Keep in step with
 * keyword() and ident(). */
static const bool kw_reacts[RWS_KW__COUNT] = {
    [RWS_KW_FROM] = true,   [RWS_KW_JOIN] = true,    [RWS_KW_STRAIGHT_JOIN] = true,
    [RWS_KW_USING] = true,  [RWS_KW_TABLE] = true,   [RWS_KW_TABLES] = true,
    [RWS_KW_INTO] = true,   [RWS_KW_UPDATE] = true,  [RWS_KW_DELETE] = true,
    [RWS_KW_INSERT] = true, [RWS_KW_REPLACE] = true, [RWS_KW_SHARE] = true,
    [RWS_KW_LOCK] = true,   [RWS_KW_NEXT] = true,    [RWS_KW_PREVIOUS] = true,
    [RWS_KW_VALUE] = true,  [RWS_KW_WITH] = true,    [RWS_KW_SQL_CALC_FOUND_ROWS] = true,
    [RWS_KW_SELECT] = true, [RWS_KW_VALUES] = true,  [RWS_KW_TO] = true,
    [RWS_KW_AS] = true,     [RWS_KW_RENAME] = true,  [RWS_KW_LIKE] = true,
    [RWS_KW_ON] = true,     [RWS_KW_NEXTVAL] = true, [RWS_KW_CURRVAL] = true,
};

void rws__scan(rws_cx *cx, unsigned mode)
{
    const unsigned base = cx->depth;
    for (;; rws__cx_advance(cx)) {
        const rws_tok *t = cx->tok;
        if (cx->have_pending && pending_step(cx, t))
            continue;
        switch (t->type) {
        case RWS_TK_EOF:
        case RWS_TK_SEMI: commit_pending(cx); return;
        case RWS_TK_IDENT:
        case RWS_TK_QIDENT:
            /* most names are none of a table, a function, a keyword that keyword() reacts to */
            if (!cx->expect && !kw_reacts[t->kw] && !rws__tok_punct(cx->nxt, '(')) {
                /* what ident() and keyword() would do with it */
                if ((rws__kw_flags[t->kw] & RWS_KWF_ENDLIST) && !rws__tok_punct(rws__prev(cx), '.'))
                    clear_list(cx);
                break;
            }
            ident(cx, mode);
            break;
        case RWS_TK_STRING:
            if (cx->expect && t->ch == '"')
                start_pending(cx, t);
            cx->expect = false;
            break;
        case RWS_TK_USERVAR:
            if (mode & RWS_SCAN_FUNCS)
                cx->st.flags |= RWS_CF_USER_VAR_READ;
            cx->expect = false;
            break;
        case RWS_TK_SYSVAR:
            if (mode & RWS_SCAN_FUNCS)
                sysvar(cx, t);
            cx->expect = false;
            break;
        case RWS_TK_ASSIGN:
            if (mode & RWS_SCAN_FUNCS) { /* := */
                cx->st.flags |= RWS_CF_USER_VAR_WRITE;
                rws__st_primary(cx, RWS_REASON_USER_VAR_ASSIGN);
            }
            cx->expect = false;
            break;
        case RWS_TK_PUNCT:
            switch (t->ch) {
            case '(':
                cx->depth++;
                cx->listbits &= ~LISTBIT(cx->depth);
                cx->callbits &= ~LISTBIT(cx->depth);
                if (cx->call_next) {
                    cx->callbits |= LISTBIT(cx->depth);
                    cx->call_next = false;
                }
                if (cx->expect)
                    set_list(cx); /* FROM (t1, t2): the expectation goes inside */
                break;
            case ')':
                clear_list(cx);
                if (cx->depth > 0)
                    cx->depth--;
                if (cx->with_depth != RWS_NO_DEPTH && cx->with_depth > cx->depth)
                    cx->with_depth = RWS_NO_DEPTH;
                cx->expect = false;
                break;
            case ',':
                if ((mode & RWS_SCAN_COMMA) && cx->depth == base)
                    return;
                cx->expect = in_list(cx);
                break;
            default: cx->expect = false; break;
            }
            break;
        default: cx->expect = false; break;
        }
    }
}
