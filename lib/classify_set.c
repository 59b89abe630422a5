/* The SET statement of the classifier: session variables, autocommit, NAMES, TRANSACTION, ROLE,
 * PASSWORD, GLOBAL parts, SET STATEMENT ... FOR. docs/routing.md lists the rules. */
#include "classify_int.h"

#include <string.h>

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
    rws__cx_advance(cx);
    while (!rws__tok_end(cx->tok)) {
        if (rws__tok_punct(cx->tok, '('))
            depth++;
        else if (rws__tok_punct(cx->tok, ')') && depth > 0)
            depth--;
        else if (depth == 0 && rws__at(cx, RWS_KW_FOR)) {
            rws__cx_advance(cx);
            rws__nested(cx);
            return;
        }
        rws__cx_advance(cx);
    }
    rws__unknown(cx);
}

void rws__set_stmt(rws_cx *cx)
{
    rws__cx_advance(cx);
    switch (cx->tok->type == RWS_TK_IDENT ? cx->tok->kw : RWS_KW_NONE) {
    case RWS_KW_NAMES:
    case RWS_KW_CHARSET:
    case RWS_KW_ROLE:
    case RWS_KW_TRANSACTION: rws__session(cx, RWS_REASON_SESSION_SET, 0); return;
    case RWS_KW_CHARACTER:
        if (rws__tok_kw(cx->nxt, RWS_KW_SET)) {
            rws__session(cx, RWS_REASON_SESSION_SET, 0);
            return;
        }
        break;
    case RWS_KW_PASSWORD: rws__primary(cx, RWS_REASON_SET_GLOBAL, RWS_CF_IMPLICIT_COMMIT); return;
    case RWS_KW_DEFAULT:
        if (rws__tok_kw(cx->nxt, RWS_KW_ROLE)) {
            rws__primary(cx, RWS_REASON_SET_GLOBAL, 0); /* writes mysql.user */
            return;
        }
        break;
    case RWS_KW_STATEMENT: set_statement_for(cx); return;
    default: break;
    }

    bool global = false, user = false, autocommit = false;
    for (;;) {
        bool item_global = false;
        if (rws__at(cx, RWS_KW_GLOBAL) || rws__at(cx, RWS_KW_PERSIST) ||
            rws__at(cx, RWS_KW_PERSIST_ONLY)) {
            item_global = true;
            rws__cx_advance(cx);
        } else if (rws__at(cx, RWS_KW_SESSION) || rws__at(cx, RWS_KW_LOCAL)) {
            rws__cx_advance(cx);
        }
        if (rws__at(cx, RWS_KW_TRANSACTION)) { /* SET SESSION TRANSACTION READ ONLY, ... */
            global |= item_global;
            while (!rws__tok_end(cx->tok))
                rws__cx_advance(cx);
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
                rws__cx_advance(cx);
                rws__cx_advance(cx);
            }
        } else {
            rws__unknown(cx);
            return;
        }
        rws__cx_advance(cx);
        if (!rws__tok_punct(cx->tok, '=') && cx->tok->type != RWS_TK_ASSIGN) {
            rws__unknown(cx);
            return;
        }
        rws__cx_advance(cx);
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
        rws__cx_advance(cx);
    }
    if (global)
        rws__primary(cx, RWS_REASON_SET_GLOBAL, 0);
    if (cx->st.route == RWS_ROUTE_PRIMARY) {
        /* Runs on the primary only: its user variables are not replayed elsewhere. */
        if (user)
            cx->st.flags |= RWS_CF_USER_VAR_WRITE;
        return;
    }
    rws__session(cx, autocommit ? RWS_REASON_AUTOCOMMIT : RWS_REASON_SESSION_SET, 0);
}
