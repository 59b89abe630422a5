/* Shared state of the SQL classifier: classify.c (the driver: statements, merging, hints),
 * classify_scan.c (the token scanner: tables, side effects, locks) and classify_stmt.c (the
 * statement rules). Private to lib/. */
#ifndef RWS_CLASSIFY_INT_H
#define RWS_CLASSIFY_INT_H

#include "internal.h"
#include "sql_lexer.h"

/* Scanner modes (bits). */
#define RWS_SCAN_FUNCS  0x01u /* check function calls, @@variables, sequences, `:=` */
#define RWS_SCAN_READ   0x02u /* a read: INTO, write verbs and locking clauses make it primary */
#define RWS_SCAN_DML    0x04u /* a write: INTO names a table */
#define RWS_SCAN_DDL    0x08u /* schema statement: also TO / LIKE / ON / RENAME name tables */
#define RWS_SCAN_TLIST  0x10u /* TABLE / TABLES start a comma-separated table list */
#define RWS_SCAN_COMMA  0x20u /* stop at a ',' at the starting depth (SET lists) */
#define RWS_SCAN_SETVAL 0x40u /* a SET value: stored and nondeterministic functions -> primary */

#define RWS_NO_DEPTH 0xFFFFFFFFu
#define RWS_TOKBUF   32 /* tokens lexed per batch */

/* The classification of the statement being classified. */
typedef struct rws_stmt_state {
    rws_route route;
    rws_reason reason;
    uint32_t flags;
    bool soft;            /* primary only for calling a function that is not a known built-in */
    bool fn_primary;      /* primary because of a function that even EXPLAIN may evaluate */
    rws_reason fn_reason; /* its reason */
} rws_stmt_state;

typedef struct rws_cx {
    rws_lexer lx;
    rws_tok *tok;             /* current token; tok[-1] is the previous one */
    rws_tok *nxt;             /* one token of lookahead */
    rws_tok *last;            /* one past the last lexed token in toks */
    rws_tok toks[RWS_TOKBUF]; /* lexed in batches: a tight loop, no call per token */
    rws_classification *out;
    rws_stmt_state st;

    /* scanner state, reset for every statement */
    unsigned depth;      /* parenthesis depth */
    uint64_t listbits;   /* bit d: a ',' at depth d starts another table name */
    uint64_t callbits;   /* bit d: the parenthesis at depth d holds function arguments */
    bool call_next;      /* the next '(' opens function arguments */
    bool expect;         /* the next name is a table */
    bool have_pending;   /* a table name seen, perhaps qualified by what follows ('.') */
    bool qual;           /* pending name followed by '.': the next name replaces it */
    bool seq_pending;    /* NEXT / PREVIOUS followed by VALUE */
    unsigned with_depth; /* depth of a WITH clause's header, or RWS_NO_DEPTH */
    rws_name pending;

    unsigned recursion; /* nested statements: SET STATEMENT ... FOR, EXPLAIN ANALYZE ... */
    bool to_eof;        /* a compound statement: the rest of the text belongs to it */
    bool have_use;
    rws_name use_db;
} rws_cx;

/* Lex the next batch: the previous and the current token move to toks[0] and toks[1]. */
void rws__cx_refill(rws_cx *cx);

/* Move to the next token (at the end, tok and nxt both stay on the EOF token). */
static inline void rws__cx_advance(rws_cx *cx)
{
    cx->tok = cx->nxt;
    if (cx->nxt->type != RWS_TK_EOF && ++cx->nxt == cx->last)
        rws__cx_refill(cx);
}

/* The token before the current one. */
static inline const rws_tok *rws__prev(const rws_cx *cx)
{
    return cx->tok - 1;
}

static inline bool rws__tok_punct(const rws_tok *t, char c)
{
    return t->type == RWS_TK_PUNCT && t->ch == c;
}

/* The statement ends here: ';' or the end of the text. */
static inline bool rws__tok_end(const rws_tok *t)
{
    return t->type <= RWS_TK_SEMI;
}

static inline bool rws__tok_kw(const rws_tok *t, uint16_t kw)
{
    return t->type == RWS_TK_IDENT && t->kw == kw;
}

/* s[0..n) equals the lower-case word w (letters, digits, '_'), in any case. */
static inline bool rws__ci_eq(const char *s, size_t n, const char *w)
{
    size_t i = 0;
    for (; i < n; i++) {
        char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
        if (w[i] == '\0' || c != w[i])
            return false;
    }
    return w[i] == '\0';
}

/* Route the statement to the primary for a definite reason (the first one found is kept). */
static inline void rws__st_primary(rws_cx *cx, rws_reason reason)
{
    if (cx->st.route != RWS_ROUTE_PRIMARY || cx->st.soft) {
        cx->st.route = RWS_ROUTE_PRIMARY;
        cx->st.reason = reason;
        cx->st.soft = false;
    }
}

/* The statement's route (definite reasons: the first one found is kept). */
static inline void rws__primary(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    rws__st_primary(cx, reason);
    cx->st.flags |= flags;
}

static inline void rws__replica(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    cx->st.route = RWS_ROUTE_REPLICA;
    cx->st.reason = reason;
    cx->st.flags |= flags;
}

/* A session command, unless something in it already requires the primary. */
static inline void rws__session(rws_cx *cx, rws_reason reason, uint32_t flags)
{
    cx->st.flags |= flags;
    if (cx->st.route == RWS_ROUTE_PRIMARY)
        return;
    cx->st.route = RWS_ROUTE_ALL;
    cx->st.reason = reason;
    cx->st.flags |= RWS_CF_SESSION;
}

static inline void rws__unknown(rws_cx *cx)
{
    rws__primary(cx, RWS_REASON_UNKNOWN, 0);
}

static inline bool rws__at(const rws_cx *cx, uint16_t kw)
{
    return rws__tok_kw(cx->tok, kw);
}

static inline bool rws__accept(rws_cx *cx, uint16_t kw)
{
    if (!rws__at(cx, kw))
        return false;
    rws__cx_advance(cx);
    return true;
}

/* classify_scan.c */

/* Scan tokens to the end of the statement (or a depth-0 ',' with RWS_SCAN_COMMA), recording
 * table names and what makes the statement primary. */
void rws__scan(rws_cx *cx, unsigned mode);
/* Record a table name (deduplicated; sets tables_truncated when full). */
void rws__add_name(rws_cx *cx, rws_name n);
static inline void rws__add_table(rws_cx *cx, const rws_tok *t)
{
    rws_name n = {t->p, t->len};
    rws__add_name(cx, n);
}
/* A name that may be a table: an identifier that is not reserved, a `name`, or a "name". */
bool rws__tok_is_name(const rws_tok *t);
/* Read a possibly qualified name at the current token; its last part goes to *name. */
bool rws__read_name(rws_cx *cx, rws_name *name);

/* classify_stmt.c */

/* Classify one statement starting at the current token; returns at its end or before. */
void rws__classify_statement(rws_cx *cx);
/* Classify a statement nested in this one (SET STATEMENT ... FOR, EXPLAIN ANALYZE ...). */
void rws__nested(rws_cx *cx);

/* classify_set.c */

/* SET ...: the current token is SET. */
void rws__set_stmt(rws_cx *cx);

#endif
